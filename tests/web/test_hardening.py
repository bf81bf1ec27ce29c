"""Gaps found by the outside black-box test (issue 12, points 4 and 6–11): each one is
reproduced here through the real app, on a real SQLite catalog and Whoosh index."""

from __future__ import annotations

import pytest

from archive_service.users import Users

HUGE = "9" * 40  # beyond SQLite's int64


@pytest.fixture
def tokens(app) -> dict[str, str]:
    users = Users(app.extensions["archive_catalog"])
    return {name: users.create_token(name) for name in ("canbo", "vanthu", "quantri")}


def bearer(tokens, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[name]}"}


# --- 7. odd input is a 400 or 404 with a message, never a 500 --------------------------------

BAD_SEARCHES = [
    "/search?q=ngay:99999999999-01-01",
    f"/search?q=ngay:2023-01-{HUGE}",
    f"/search?q=ngay:[2023-01-01 to {HUGE}-01-01]",
    f"/search?q=nam:{HUGE}",
    "/search?date_from=99999999999-01-01",
    f"/search?date_to=01/01/{HUGE}",
    "/search?year=²",
    "/search?year=" + HUGE,
    "/search?page=" + HUGE,
]


@pytest.mark.parametrize("url", BAD_SEARCHES)
def test_odd_search_input_is_a_clear_error(client, as_user, tokens, url):
    as_user("canbo")
    response = client.get(url)
    api = client.get("/api/v1" + url, headers=bearer(tokens, "canbo"))
    if "page=" in url:  # a page past the last one is clamped
        assert response.status_code == api.status_code == 200
        return
    assert response.status_code == 400, response.status_code
    assert "không hợp lệ" in response.get_data(as_text=True)
    assert 'name="q"' in response.get_data(as_text=True)  # the search form, to fix the query
    assert api.status_code == 400, api.status_code
    assert "không hợp lệ" in api.get_json()["error"]


@pytest.mark.parametrize("url", [f"/documents/{HUGE}", f"/documents/{HUGE}/original",
                                 f"/documents/{HUGE}/pages/1.jpg", f"/documents/1/pages/{HUGE}.jpg",
                                 "/documents/-1"])
def test_huge_document_ids_are_404(client, as_user, url):
    as_user("quantri")
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", [f"/api/v1/documents/{HUGE}", f"/api/v1/documents/{HUGE}/original"])
def test_huge_document_ids_are_404_in_the_api(client, tokens, url):
    response = client.get(url, headers=bearer(tokens, "quantri"))
    assert response.status_code == 404
    assert response.get_json()["error"]


@pytest.mark.parametrize("query", [f"doc={HUGE}", f"page={HUGE}", f"doc=1&page={HUGE}",
                                   "doc=-5", "page=²", f"page={2**63 // 100 + 1}"])
def test_admin_audit_filters_with_odd_numbers_are_400(client, as_user, query):
    as_user("quantri")
    response = client.get(f"/admin?{query}")
    assert response.status_code == 400, response.status_code
    assert "không hợp lệ" in response.get_data(as_text=True)


def test_admin_audit_page_past_the_end_is_empty(client, as_user):
    as_user("quantri")
    assert client.get(f"/admin?doc=1&page={2**63 // 100 - 1}").status_code == 200


# --- 8. counts and duplicates reveal nothing hidden ---------------------------------------

def test_status_counts_only_what_the_user_may_see(client, tokens, catalog, tmp_path):
    from tests.core.badfiles import good_png

    queued = catalog.add_file(good_png(tmp_path / "q.png"), user="vanthu", enqueue=False).id
    path = tmp_path / "f.png"
    from PIL import Image

    Image.new("L", (333, 222), 255).save(path, format="PNG")
    failed = catalog.add_file(path, user="vanthu", enqueue=False).id
    assert catalog.claim(failed)
    catalog.fail(failed, "Tesseract hết thời gian.")
    body = client.get("/api/v1/status", headers=bearer(tokens, "canbo")).get_json()
    assert body["counts"] == {"queued": 0, "processing": 0, "done": 2, "failed": 0}
    assert body["queued"] == [] and body["failures"] == []
    admin = client.get("/api/v1/status", headers=bearer(tokens, "quantri")).get_json()
    assert admin["counts"] == {"queued": 1, "processing": 0, "done": 4, "failed": 1}
    assert [d["id"] for d in admin["queued"]] == [queued]


def _upload_api(client, tokens, name: str, data: bytes):
    import io

    return client.post("/api/v1/documents", headers=bearer(tokens, name),
                       data={"file": (io.BytesIO(data), "copy.png")},
                       content_type="multipart/form-data")


def test_duplicate_of_a_hidden_document_does_not_reveal_it(client, app, as_user, doc_ids, catalog):
    import io

    from tests.web.conftest import post

    users = Users(catalog)
    token = users.create_token("vanthu0")  # archivist without clearance
    secret = catalog.get(doc_ids["secret"])
    data = catalog.store.path_for(secret.sha256).read_bytes()
    before = catalog.status_counts()
    response = _upload_api(client, {"vanthu0": token}, "vanthu0", data)
    assert response.status_code == 409
    body = response.get_json()
    assert "id" not in body and str(secret.id) not in response.get_data(as_text=True)
    assert "đã có trong kho" in body["error"]
    as_user("vanthu0")
    page = post(client, "/upload", {"file": (io.BytesIO(data), "copy.png")},
                content_type="multipart/form-data", headers={"Accept": "application/json"})
    result = page.get_json()["results"][0]
    assert result["id"] is None and "url" not in result and f"/documents/{secret.id}" not in page.text
    assert catalog.status_counts() == before
    # who may see it still learns which document it is
    visible = _upload_api(client, {"quantri": users.create_token("quantri")}, "quantri", data)
    assert visible.status_code == 202 and visible.get_json() == {
        "id": secret.id, "status": "done", "duplicate": True}


# --- 9. a damaged original is never served, and sending it again repairs it -----------------

def _audit_actions(catalog, doc_id: int) -> list[str]:
    from sqlalchemy import select

    from archive_service.models import AuditEntry

    with catalog.db.session() as s:
        return list(s.scalars(select(AuditEntry.action).where(AuditEntry.document_id == doc_id)
                              .order_by(AuditEntry.id)))


@pytest.mark.parametrize("damage", ["altered", "lost"])
def test_damaged_original_is_refused_and_a_new_upload_repairs_it(client, as_user, tokens, doc_ids,
                                                                 catalog, damage):
    doc = catalog.get(doc_ids["public"])
    path = catalog.store.path_for(doc.sha256)
    good = path.read_bytes()
    path.chmod(0o644)
    if damage == "altered":
        path.write_bytes(good[:-10] + b"x" * 10)
    else:
        path.unlink()
    as_user("vanthu")
    response = client.get(f"/documents/{doc.id}/original")
    assert response.status_code == 409
    assert "SHA-256" in response.get_data(as_text=True) and response.data != good
    api = client.get(f"/api/v1/documents/{doc.id}/original", headers=bearer(tokens, "canbo"))
    assert api.status_code == 409 and "hỏng" in api.get_json()["error"]
    assert _audit_actions(catalog, doc.id).count("fixity_failed") == 2
    assert "download" not in _audit_actions(catalog, doc.id)

    upload = _upload_api(client, tokens, "vanthu", good)
    assert upload.status_code == 202 and upload.get_json()["duplicate"] is True
    assert catalog.store.verify(doc.sha256)
    assert "repair" in _audit_actions(catalog, doc.id)
    again = client.get(f"/documents/{doc.id}/original")
    assert again.status_code == 200 and again.data == good


def test_sound_original_is_not_rewritten_by_a_duplicate(client, tokens, doc_ids, catalog):
    doc = catalog.get(doc_ids["public"])
    path = catalog.store.path_for(doc.sha256)
    before = path.stat().st_mtime_ns
    assert _upload_api(client, tokens, "vanthu", path.read_bytes()).status_code == 202
    assert path.stat().st_mtime_ns == before and "repair" not in _audit_actions(catalog, doc.id)


# --- 11. TLS settings, no server paths in messages, bounded corrections, forged PDF ends ------

def test_behind_tls_cookies_are_secure_and_hsts_is_sent(archive_template, tmp_path):
    import shutil

    from archive_service.web import create_app
    from tests.conftest import make_config
    from tests.web.conftest import login

    data = tmp_path / "data"
    shutil.copytree(archive_template[0], data)
    for tls, secure in ((None, False), ("0", False), ("1", True)):
        env = {"ARCHIVE_DATA_DIR": str(data)} | ({"ARCHIVE_HTTPS": tls} if tls else {})
        from archive_service.config import Config

        app = create_app({"TESTING": True, "ARCHIVE_CONFIG": Config(env=env)})
        client = app.test_client()
        response = login(client, "canbo")
        cookie = response.headers["Set-Cookie"]
        assert ("Secure" in cookie) is secure, cookie
        assert ("Strict-Transport-Security" in response.headers) is secure
        if secure:
            assert "max-age=" in response.headers["Strict-Transport-Security"]
        app.extensions["archive_catalog"].db.dispose()
    assert make_config(data).get("https") is False


def _pdf_bytes() -> bytes:
    from tests.conftest import SAMPLES

    return (SAMPLES / "cv_bo_noi_vu_mat_2021.pdf").read_bytes()


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_truncated_pdf_with_a_forged_end_is_refused_at_intake(client, tokens, catalog, cut):
    data = _pdf_bytes()
    forged = data[: int(len(data) * cut)] + b"\n%%EOF\n"
    before = catalog.status_counts()
    response = _upload_api(client, tokens, "vanthu", forged)
    assert response.status_code == 422, response.get_json()
    message = response.get_json()["error"]
    assert "PDF hỏng hoặc bị cắt cụt" in message
    assert str(catalog.config.data_dir) not in message and "upload-" not in message
    assert "/" not in message.split("(", 1)[-1]  # no path of the server in the reason
    assert catalog.status_counts() == before


def test_whole_pdf_still_passes_intake(client, tokens):
    response = _upload_api(client, tokens, "vanthu", _pdf_bytes())
    assert response.status_code == 202


@pytest.mark.parametrize("body", [
    {"page_count": -5}, {"page_count": 10**30}, {"page_count": "²"}, {"page_count": "-5"},
    {"page_count": 0}, {"recipients": [f"Sở {i}" for i in range(10_000)]},
    {"recipients": "\n".join(f"Sở {i}" for i in range(10_000))},
    {"recipients": ["x" * 5000]}, {"subject": "x" * 5000},
])
def test_corrections_out_of_bounds_are_refused(client, tokens, doc_ids, catalog, body):
    doc_id = doc_ids["public"]
    before = len(catalog.get(doc_id).corrections)
    response = client.patch(f"/api/v1/documents/{doc_id}", json=body,
                            headers=bearer(tokens, "vanthu"))
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert response.get_json()["error"]
    assert len(catalog.get(doc_id).corrections) == before


def test_corrections_within_bounds_are_kept(client, tokens, doc_ids, catalog):
    body = {"page_count": 12, "recipients": [f"Sở {i}" for i in range(50)]}
    response = client.patch(f"/api/v1/documents/{doc_ids['public']}", json=body,
                            headers=bearer(tokens, "vanthu"))
    assert response.status_code == 200
    assert response.get_json()["metadata"]["page_count"] == 12


# --- 4. behind the reverse proxy, clients are told apart ------------------------------------

def test_behind_the_proxy_login_limits_are_per_client(archive_template, tmp_path):
    import shutil

    from archive_service.config import Config
    from archive_service.web import create_app
    from tests.web.conftest import csrf_token

    data = tmp_path / "data"
    shutil.copytree(archive_template[0], data)
    app = create_app({"TESTING": True, "ARCHIVE_CONFIG": Config(
        env={"ARCHIVE_DATA_DIR": str(data), "ARCHIVE_TRUSTED_PROXIES": "1"})})
    client = app.test_client()
    token = csrf_token(client)

    def attempt(ip: str) -> int:
        return client.post("/login", data={"username": "canbo", "password": "sai", "csrf_token": token},
                           headers={"X-Forwarded-For": ip}).status_code

    codes = [attempt("10.0.0.1") for _ in range(12)]
    assert codes[-1] == 429 and 429 not in codes[:10]
    assert attempt("10.0.0.2") != 429  # another client behind the same proxy
    app.extensions["archive_catalog"].db.dispose()


def test_a_huge_id_is_404_for_every_method_of_the_api(client, tokens):
    """PATCH of an id past SQLite's integers answered 405 (the GET rule of the path matched it)."""
    response = client.patch(f"/api/v1/documents/{HUGE}", json={"subject": "x"},
                            headers=bearer(tokens, "quantri"))
    assert response.status_code == 404
    assert response.get_json()["error"]
