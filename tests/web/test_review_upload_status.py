"""Review queue, upload (bad input never hurts), ingest status and retry."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from archive_service.catalog import effective_metadata
from tests.web.conftest import post


def snapshot(catalog) -> tuple:
    data = catalog.config.data_dir
    originals = sorted(p.relative_to(data).as_posix() for p in catalog.config.originals_dir.rglob("*")
                       if p.is_file())
    leftovers = sorted(p.name for p in (data / "tmp").glob("*")) if (data / "tmp").exists() else []
    return catalog.status_counts(), originals, leftovers


def png_bytes(seed: int = 7) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (300 + seed, 200), 255).save(buf, format="PNG")
    return buf.getvalue()


# --- review ------------------------------------------------------------------------------

def test_review_queue_walks_flagged_fields(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    response = client.get("/review")
    assert response.status_code == 302
    first = response.headers["Location"]
    assert first == f"/review/{doc_ids['public']}"
    html = client.get(first).get_data(as_text=True)
    assert 'name="number"' in html and 'name="issued_date"' in html and 'name="subject"' not in html
    assert f"/documents/{doc_ids['public']}/fields/number/crop.jpg" in html
    assert "autofocus" in html
    # Enter: accept the number as shown, correct the date
    response = post(client, first, {"number": "2629/QĐ-UBND", "issued_date": "13/01/2023"})
    assert response.headers["Location"] == f"/review/{doc_ids['secret']}"  # next in the queue
    meta = effective_metadata(catalog.get(doc_ids["public"]))
    assert meta["issued_date"] == "2023-01-13" and meta["number"] == "2629/QĐ-UBND"
    assert doc_ids["public"] not in [d.id for d, _ in catalog.review_queue()]


def test_review_queue_hides_documents_above_clearance(client, as_user, doc_ids):
    as_user("vanthu0")
    html = client.get("/review?list=1").get_data(as_text=True)
    assert f"#{doc_ids['public']}" in html and f"#{doc_ids['hostile']}" in html
    assert f"#{doc_ids['secret']}" not in html and "secret.png" not in html


def test_staff_cannot_review(client, as_user, doc_ids):
    as_user("canbo")
    assert client.get("/review").status_code == 403
    assert post(client, f"/review/{doc_ids['public']}", {"number": "x"}).status_code == 403


# --- upload ------------------------------------------------------------------------------

def test_upload_several_files_with_the_plain_form(client, as_user, catalog):
    as_user("vanthu")
    response = post(client, "/upload", {"file": [(io.BytesIO(png_bytes(1)), "a.png"),
                                                  (io.BytesIO(png_bytes(2)), "b.png"),
                                                  (io.BytesIO(b"not a scan"), "c.pdf")]},
                    content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("Đã đưa vào hàng đợi") >= 2
    assert "Bị từ chối:" in html and "không được hỗ trợ" in html
    assert catalog.status_counts()["queued"] == 2
    # the same bytes again: a duplicate of the document already there
    again = post(client, "/upload", {"file": (io.BytesIO(png_bytes(1)), "a-copy.png")},
                 content_type="multipart/form-data").get_data(as_text=True)
    assert "Trùng với văn bản đã có" in again
    assert catalog.status_counts()["queued"] == 2


def test_upload_as_json_for_the_drag_and_drop_page(client, as_user, catalog):
    as_user("vanthu")
    response = post(client, "/upload", {"file": (io.BytesIO(png_bytes(3)), "d.png")},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert response.status_code == 202
    result = response.get_json()["results"][0]
    assert result["status"] == "queued" and result["duplicate"] is False
    assert catalog.get(result["id"]).uploaded_by == "vanthu"


def test_decomposed_filename_is_stored_in_nfc(client, as_user, catalog):
    import unicodedata

    as_user("vanthu")
    name = unicodedata.normalize("NFD", "Quyết định số 15.png")
    response = post(client, "/upload", {"file": (io.BytesIO(png_bytes(9)), name)},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    doc = catalog.get(response.get_json()["results"][0]["id"])
    assert doc.original_name == unicodedata.normalize("NFC", name)


def test_filename_with_dots_and_slashes_stays_a_name(client, as_user, catalog):
    as_user("vanthu")
    data_dir = catalog.config.data_dir
    before = {p for p in data_dir.parent.rglob("*")}
    response = post(client, "/upload", {"file": (io.BytesIO(png_bytes(4)), "../../../etc/passwd.png")},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    result = response.get_json()["results"][0]
    assert result["name"] == "passwd.png"
    assert catalog.get(result["id"]).original_name == "passwd.png"
    created = {p for p in data_dir.parent.rglob("*")} - before
    assert all(p.is_relative_to(data_dir) for p in created)
    assert not any(p.name == "passwd.png" for p in created)


@pytest.mark.parametrize(("size_mb", "status"), [(1.5, 413), (3, 413)])
def test_oversized_upload_is_refused_before_anything_is_stored(client, as_user, catalog, size_mb,
                                                               status):
    as_user("vanthu")  # the app under test allows 1 MB
    before = snapshot(catalog)
    payload = b"\x89PNG\r\n\x1a\n" + b"\0" * int(size_mb * 1024 * 1024)
    response = post(client, "/upload", {"file": (io.BytesIO(payload), "big.png")},
                    content_type="multipart/form-data")
    assert response.status_code == status
    assert "quá lớn" in response.get_data(as_text=True)
    assert snapshot(catalog) == before


def test_file_just_over_the_limit_is_refused_by_the_intake_check(client, as_user, catalog):
    as_user("vanthu")
    before = snapshot(catalog)
    payload = b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024 + 100)  # fits the request, not the file limit
    response = post(client, "/upload", {"file": (io.BytesIO(payload), "big.png")},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert "quá lớn" in response.get_json()["results"][0]["error"]
    assert snapshot(catalog) == before


@pytest.mark.parametrize("payload", [b"", b"%PDF-1.4 broken", b"PK\x03\x04zip", png_bytes()[:60]])
def test_bad_files_are_refused_and_nothing_changes(client, as_user, catalog, payload):
    as_user("vanthu")
    before = snapshot(catalog)
    response = post(client, "/upload", {"file": (io.BytesIO(payload), "x.pdf")},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert response.status_code in (413, 422)
    assert response.get_json()["results"][0]["error"]
    assert snapshot(catalog) == before


def test_upload_without_a_file(client, as_user):
    as_user("vanthu")
    response = post(client, "/upload", {})
    assert response.status_code == 400 and "Chưa chọn tệp nào" in response.get_data(as_text=True)


def test_staff_cannot_upload(client, as_user, catalog):
    as_user("canbo")
    before = snapshot(catalog)
    assert client.get("/upload").status_code == 403
    response = post(client, "/upload", {"file": (io.BytesIO(png_bytes(5)), "e.png")},
                    content_type="multipart/form-data")
    assert response.status_code == 403
    assert snapshot(catalog) == before


# --- status ------------------------------------------------------------------------------

def test_status_shows_queue_failures_and_retries(client, as_user, catalog):
    as_user("vanthu")
    post(client, "/upload", {"file": (io.BytesIO(png_bytes(6)), "f.png")},
         content_type="multipart/form-data")
    queued = catalog.queued_ids()[-1]
    other = catalog.add_file(__import__("tests.core.badfiles", fromlist=["x"]).good_png(
        catalog.config.data_dir / "g.png"), user="vanthu", enqueue=False).id  # a failed
    # document stays restricted to its uploader (and the highest clearance)
    assert catalog.claim(other)
    catalog.fail(other, "Tesseract hết thời gian trên trang 3.")
    html = client.get("/status").get_data(as_text=True)
    assert re.search(r'data-count="queued">1<', html) and re.search(r'data-count="failed">1<', html)
    assert re.search(r'data-count="done">3<', html)  # visible to clearance 1: not the Tối mật one
    assert "f.png" in html and "Tesseract hết thời gian trên trang 3." in html
    assert 'http-equiv="refresh"' in html
    response = post(client, f"/status/retry/{other}")
    assert response.status_code == 302
    assert catalog.get(other).state == "queued"
    assert post(client, f"/status/retry/{queued}").status_code == 409


def test_status_counts_respect_clearance(client, as_user):
    as_user("vanthu0")
    assert re.search(r'data-count="done">2<', client.get("/status").get_data(as_text=True))
