"""Upload batches (issue 14): every file of a batch is listed with where it stands now (queued,
processing page k of n, done, failed with its reason, refused), in a page, in its JSON (the
pages poll it) and in the API; recent batches on the status page; `archive ingest --batch`.
The worker runs for real (``process_pending``, as ``archive ingest --wait``) on real samples."""

from __future__ import annotations

import io
import json
import re

from PIL import Image

from archive_service.batches import Batches
from archive_service.users import Users
from tests.conftest import pick_sample
from tests.web.conftest import login, post


def png_bytes(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (320 + seed, 200), 255).save(buf, format="PNG")
    return buf.getvalue()


def upload(client, files: list[tuple[bytes, str]], **form) -> dict:
    """Files sent as the plain form does; the JSON answer."""
    data = {"file": [(io.BytesIO(b), name) for b, name in files], **form}
    response = post(client, "/upload", data, content_type="multipart/form-data",
                    headers={"Accept": "application/json"})
    assert response.status_code in (200, 202, 422), response.get_data(as_text=True)
    return response.get_json()


def batch_json(client, batch: int, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1/batches/{batch}", headers=headers)


def test_a_batch_lists_each_file_and_its_state(client, as_user, catalog):
    as_user("vanthu")
    answer = upload(client, [(png_bytes(1), "trang-1.png"), (png_bytes(2), "trang-2.png"),
                             (b"not a scan", "hong.pdf")])
    batch = answer["batch"]
    assert answer["batch_url"] == f"/uploads/{batch}"
    assert {r["batch"] for r in answer["results"]} == {batch}
    data = batch_json(client, batch).get_json()  # the signed-in session, as the page polls it
    assert data["counts"] == {"queued": 2, "processing": 0, "done": 0, "failed": 0,
                              "rejected": 1, "review": 0, "duplicates": 0, "total": 3}
    assert data["finished"] is False
    by_name = {i["name"]: i for i in data["items"]}
    assert by_name["trang-1.png"]["label"] == "Chờ xử lý"
    assert by_name["hong.pdf"]["status"] == "rejected"
    assert "không được hỗ trợ" in by_name["hong.pdf"]["label"]
    html = client.get(f"/uploads/{batch}").get_data(as_text=True)
    assert "trang-1.png" in html and "hong.pdf" in html and "không được hỗ trợ" in html
    assert re.search(r'data-count="queued">2<', html) and re.search(r'data-count="rejected">1<', html)
    # a failure is shown with its reason, in the batch page and its JSON
    failed = by_name["trang-2.png"]["document"]
    assert catalog.claim(failed)
    catalog.fail(failed, "Không đọc được trang nào của tệp.")
    item = next(i for i in batch_json(client, batch).get_json()["items"]
                if i["document"] == failed)
    assert item["status"] == "failed" and item["label"] == "Lỗi: Không đọc được trang nào của tệp."
    assert "Không đọc được trang nào của tệp." in client.get(f"/uploads/{batch}").get_data(
        as_text=True)


def test_the_files_of_one_drop_share_a_batch(client, as_user, catalog):
    """The page sends each file alone, with the key it made for the drop."""
    as_user("vanthu")
    first = upload(client, [(png_bytes(3), "a.png")], batch_key="k3y-of-one-drop")
    second = upload(client, [(png_bytes(4), "b.png")], batch_key="k3y-of-one-drop")
    assert first["batch"] == second["batch"]
    assert len(Batches(catalog).get(first["batch"]).items) == 2
    other = upload(client, [(png_bytes(5), "c.png")])
    assert other["batch"] != first["batch"]


def test_a_batch_key_is_never_shared_between_users(client, as_user, catalog):
    as_user("vanthu")
    upload(client, [(png_bytes(6), "a.png")], batch_key="someone-elses-key")
    other = client.application.test_client()
    login(other, "vanthu0")
    answer = upload(other, [(png_bytes(7), "b.png")], batch_key="someone-elses-key")
    assert "đã được dùng" in answer["error"]
    assert catalog.status_counts()["queued"] == 1  # nothing stored for the refused request


def test_recent_batches_on_the_status_page_and_their_list(client, as_user):
    as_user("vanthu")
    batch = upload(client, [(png_bytes(8), "x.png")])["batch"]
    status = client.get("/status").get_data(as_text=True)
    assert f'href="/uploads/{batch}"' in status and "Các lô tải lên gần đây" in status
    listing = client.get("/uploads").get_data(as_text=True)
    assert f'href="/uploads/{batch}"' in listing
    page = client.get("/upload").get_data(as_text=True)
    assert 'href="/uploads"' in page


def test_upload_result_links_to_its_batch(client, as_user):
    as_user("vanthu")
    response = post(client, "/upload", {"file": (io.BytesIO(png_bytes(9)), "y.png")},
                    content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    batch = re.search(r'data-batch="(\d+)"', html).group(1)
    assert f'href="/uploads/{batch}"' in html
    assert re.search(r'<td class="state" data-state="queued">Chờ xử lý</td>', html)


def test_page_progress_is_read_from_the_catalog(client, as_user, catalog):
    from ingest.worker import _reporter

    as_user("vanthu")
    answer = upload(client, [(png_bytes(10), "ba-trang.png")])
    doc_id = answer["results"][0]["id"]
    assert catalog.claim(doc_id)
    _reporter(catalog, doc_id)(1, 3)  # what the worker records after reading page 1 of 3
    item = batch_json(client, answer["batch"]).get_json()["items"][0]
    assert item["status"] == "processing"
    assert item["progress"] == {"stage": "pages", "page": 1, "pages": 3}
    assert item["label"] == "Đang xử lý trang 2/3"
    assert "Đang xử lý trang 2/3" in client.get("/status").get_data(as_text=True)
    english = client.get(f"/uploads/{answer['batch']}?lang=en").get_data(as_text=True)
    assert "Processing page 2/3" in english


def test_batches_api_needs_an_editor(client, as_user, catalog):
    as_user("vanthu")
    batch = upload(client, [(png_bytes(11), "z.png")])["batch"]
    token = Users(catalog).create_token("vanthu")
    fresh = client.application.test_client()
    assert batch_json(fresh, batch).status_code == 401
    assert batch_json(fresh, batch, token).get_json()["id"] == batch
    listed = fresh.get("/api/v1/batches", headers={"Authorization": f"Bearer {token}"})
    assert batch in [b["id"] for b in listed.get_json()["batches"]]
    staff = Users(catalog).create_token("canbo")
    assert batch_json(fresh, batch, staff).status_code == 403
    assert batch_json(fresh, 10**6, token).status_code == 404
    as_staff = client.application.test_client()
    login(as_staff, "canbo")
    assert as_staff.get(f"/uploads/{batch}").status_code == 403


def test_batch_hides_documents_above_clearance(client, as_user, catalog, doc_ids, tmp_path):
    """A batch with a Mật document: a user without clearance never sees it named."""
    batch = Batches(catalog).create(by="quantri", source="cli")
    secret = catalog.get(doc_ids["secret"])
    Batches(catalog).record(batch, secret.original_name,
                            result=type("R", (), {"id": secret.id, "duplicate": False})())
    as_user("vanthu0")
    data = batch_json(client, batch).get_json()
    assert data["items"] == [] and data["counts"]["total"] == 0
    assert "secret.png" not in client.get(f"/uploads/{batch}").get_data(as_text=True)


def test_cli_ingest_batch_and_the_real_worker(catalog, tmp_path, monkeypatch):
    """`archive ingest --batch --wait` on a real sample and an empty file: one batch."""
    from click.testing import CliRunner

    from archive_service.cli import main

    sample = pick_sample(kind="pdf-born-digital")["path"]
    bad = tmp_path / "rong.pdf"
    bad.write_bytes(b"")
    monkeypatch.setenv("ARCHIVE_DATA_DIR", str(catalog.config.data_dir))
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")
    result = CliRunner().invoke(main, ["ingest", "--batch", "--wait", str(sample), str(bad)])
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert {line["batch"] for line in lines} == {lines[0]["batch"]}, result.output
    view = Batches(catalog).get(lines[0]["batch"])
    assert [v.status for v in view.items] == ["done", "rejected"]
    assert view.batch.source == "cli" and view.finished
    assert view.items[1].item.error == "Tệp rỗng (0 byte)."


def test_the_pipeline_reports_each_page_in_order(config):
    """What the worker records as ``trang k/n``: a call before the first page, one per page."""
    from ingest.pipeline import read_document

    sample = pick_sample(kind="pdf-born-digital", min_pages=3)
    calls: list[tuple[int, int]] = []
    result = read_document(sample["path"], config, workers=2,
                           progress=lambda k, n: calls.append((k, n)))
    n = len(result.pages)
    assert n == len(sample["pages"]) and calls == [(k, n) for k in range(n + 1)]
