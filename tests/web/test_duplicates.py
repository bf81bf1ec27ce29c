"""A re-scan of an archived document (other bytes, same number, issuer and date) is flagged by
the real worker as a probable duplicate ("có thể trùng với #A"), shown in the batch and on the
document, and the archivist keeps both or merges: the withdrawn record leaves search, its
original stays, and both decisions are audited (issue 14)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from archive_service.models import AuditEntry
from tests.conftest import SAMPLES
from tests.web.conftest import login, post

SAMPLE = SAMPLES / "gm_so_noi_vu_ha_noi_2025.webp"  # 08/GM-SNV, Sở Nội vụ, 2025-03-03; one page
QUERY = "tap huan nghiep vu van thu"  # words of its body

if not SAMPLE.exists():
    pytest.skip("sample_docs are missing", allow_module_level=True)


def rescan(angle: float, quality: int) -> bytes:
    """The same page scanned again: turned a little, encoded as JPEG (other bytes)."""
    with Image.open(SAMPLE) as image:
        turned = image.convert("RGB").rotate(angle, expand=True, fillcolor="white",
                                             resample=Image.Resampling.BICUBIC)
    buf = io.BytesIO()
    turned.save(buf, format="JPEG", quality=quality, dpi=(200, 200))
    return buf.getvalue()


def upload(client, data: bytes, name: str) -> dict:
    response = post(client, "/upload", {"file": (io.BytesIO(data), name)},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert response.status_code == 202, response.get_data(as_text=True)
    return response.get_json()


def process(catalog) -> None:
    """The real worker (as ``archive ingest --wait``): OCR, metadata, duplicates, index."""
    from ingest.worker import process_pending

    states = process_pending(catalog.config, workers=1)
    assert set(states.values()) == {"done"}, states


def hits(client, query: str = QUERY) -> set[int]:
    html = client.get("/search", query_string={"q": query, "per_page": 50}).get_data(as_text=True)
    return {int(i) for i in re.findall(r'href="/documents/(\d+)\?q=', html)}


def candidates(html: str) -> dict[int, int]:
    """Open warnings on a page: the other record's id → the warning's id."""
    return {int(other): int(cid) for cid, other in
            re.findall(r'data-candidate="(\d+)" data-other="(\d+)"', html)}


def audit_actions(catalog, doc_id: int) -> list[str]:
    with catalog.db.session() as s:
        return list(s.scalars(select(AuditEntry.action).where(AuditEntry.document_id == doc_id)))


def test_a_rescan_is_flagged_then_kept_or_merged(client, as_user, catalog):
    as_user("vanthu")
    first = upload(client, SAMPLE.read_bytes(), SAMPLE.name)["results"][0]["id"]
    again = upload(client, rescan(-1.5, 88), "giay-moi-quet-lai.jpg")
    second = again["results"][0]["id"]
    assert not again["results"][0]["duplicate"]  # other bytes: a new record at intake
    process(catalog)

    # the warning, recorded at processing time, in the batch (JSON and page) …
    item = client.get(f"/api/v1/batches/{again['batch']}").get_json()["items"][0]
    assert item["status"] == "done" and item["duplicate_of"] == [first]
    batch_page = client.get(f"/uploads/{again['batch']}").get_data(as_text=True)
    assert "có thể trùng với" in batch_page and f'href="/documents/{first}"' in batch_page
    # … and on the document page, with the choices
    page = client.get(f"/documents/{second}").get_data(as_text=True)
    assert "Có thể trùng với" in page and "08/GM-SNV" in page
    assert "Giữ cả hai (không trùng)" in page and f"Gộp: giữ #{first}, rút #{second}" in page
    review = client.get(f"/review/{second}")  # the review page of a flagged field says it too
    if review.status_code == 200:
        assert "Có thể trùng với" in review.get_data(as_text=True)
    warning = candidates(page)[first]
    assert candidates(client.get(f"/documents/{first}").get_data(as_text=True)) == {
        second: warning}  # seen from both records
    assert hits(client) >= {first, second}  # twice in search until someone decides

    # keep both: the warning goes, both stay searchable, audited on both
    response = post(client, f"/duplicates/{warning}/keep-both", {"next": f"/documents/{second}"})
    assert response.status_code == 302 and response.headers["Location"] == f"/documents/{second}"
    assert candidates(client.get(f"/documents/{second}").get_data(as_text=True)) == {}
    assert "keep_both" in audit_actions(catalog, first)
    assert "keep_both" in audit_actions(catalog, second)
    assert hits(client) >= {first, second}
    assert post(client, f"/duplicates/{warning}/keep-both").status_code == 302  # said once
    assert "đã được xử lý rồi" in client.get(f"/documents/{second}").get_data(as_text=True)

    # a third scan: flagged against both earlier records; merged into the first
    third = upload(client, rescan(1.0, 80), "giay-moi-lan-3.jpg")["results"][0]["id"]
    process(catalog)
    page = client.get(f"/documents/{third}").get_data(as_text=True)
    assert set(candidates(page)) == {first, second}
    response = post(client, f"/duplicates/{candidates(page)[first]}/merge", {"keep": str(first)})
    assert response.status_code == 302 and response.headers["Location"] == f"/documents/{first}"
    assert "merge" in audit_actions(catalog, first) and "merge" in audit_actions(catalog, third)

    found = hits(client)
    assert third not in found and {first, second} <= found  # withdrawn from search only
    withdrawn = client.get(f"/documents/{third}").get_data(as_text=True)
    assert f'data-merged-into="{first}"' in withdrawn and candidates(withdrawn) == {}
    kept = client.get(f"/documents/{first}").get_data(as_text=True)
    assert "Bản quét khác của văn bản này" in kept
    assert f'href="/documents/{third}/original"' in kept
    original = client.get(f"/documents/{third}/original")  # never deleted
    assert original.status_code == 200 and original.data == rescan(1.0, 80)
    assert candidates(client.get(f"/documents/{second}").get_data(as_text=True)) == {}
    # the index agrees with the catalog (the withdrawn record is not "missing" from it)
    from archive_service import indexing

    assert indexing.inspect_index(catalog).healthy
    assert indexing.rebuild(catalog) >= 2 and third not in hits(client)


def test_only_an_editor_may_decide(client, as_user, catalog, doc_ids):
    """Staff cannot merge; a warning over a record above one's clearance answers 404."""
    from archive_service.catalog import now
    from archive_service.models import DuplicateCandidate

    with catalog.db.session() as s:
        row = DuplicateCandidate(document_id=doc_ids["public"], other_id=doc_ids["secret"],
                                 basis="x", state="pending", created_at=now())
        s.add(row)
        s.flush()
        cid = row.id
    as_user("canbo")
    assert post(client, f"/duplicates/{cid}/keep-both").status_code == 403
    other = client.application.test_client()
    login(other, "vanthu0")  # no clearance for the Mật record
    assert post(other, f"/duplicates/{cid}/merge", {"keep": doc_ids["public"]}).status_code == 404
    page = other.get(f"/documents/{doc_ids['public']}").get_data(as_text=True)
    assert "Có thể trùng" not in page and f"#{doc_ids['secret']}" not in page
    assert catalog.withdrawn([doc_ids["secret"], doc_ids["public"]]) == {}


def test_rescan_fixture_differs_in_bytes():
    assert rescan(-1.5, 88) != SAMPLE.read_bytes() and Path(SAMPLE).stat().st_size < 1 << 20
