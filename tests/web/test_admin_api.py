"""Administration (users, tokens, audit log), the JSON API with tokens, and the CLI commands."""

from __future__ import annotations

import io
import json
import re

import pytest
from click.testing import CliRunner
from PIL import Image

from archive_service.users import Users
from tests.web.conftest import PASSWORD, login, post


def png_bytes(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (500 + seed, 200), 255).save(buf, format="PNG")
    return buf.getvalue()


# --- administration --------------------------------------------------------------------------

def test_admin_adds_and_edits_a_user(client, app, as_user):
    as_user("quantri")
    response = post(client, "/admin/users", {"name": "nguoimoi", "role": "staff", "clearance": "1",
                                             "password": "mot-hai-ba-bon"})
    assert response.status_code == 302
    users = Users(app.extensions["archive_catalog"])
    acc = users.by_name("nguoimoi")
    assert acc.role == "staff" and acc.clearance == 1
    post(client, f"/admin/users/{acc.id}", {"role": "archivist", "clearance": "2", "active": "1"})
    assert users.by_name("nguoimoi").role == "archivist"
    other = app.test_client()
    assert login(other, "nguoimoi", "mot-hai-ba-bon").status_code == 302
    html = client.get("/admin").get_data(as_text=True)
    assert "nguoimoi" in html and "user_add" in html and "user_edit" in html


def test_admin_errors_are_explained(client, as_user):
    as_user("quantri")
    post(client, "/admin/users", {"name": "x y/z", "role": "staff", "password": "12345678"})
    assert "Tên đăng nhập chỉ gồm" in client.get("/admin").get_data(as_text=True)
    post(client, "/admin/users", {"name": "ngan", "role": "staff", "password": "123"})
    assert "ít nhất 8 ký tự" in client.get("/admin").get_data(as_text=True)


def test_last_admin_cannot_be_removed(client, app, as_user):
    as_user("quantri")
    admin = Users(app.extensions["archive_catalog"]).by_name("quantri")
    post(client, f"/admin/users/{admin.id}", {"role": "staff", "clearance": "0", "active": "1"})
    assert "ít nhất một quản trị viên" in client.get("/admin").get_data(as_text=True)


def test_audit_log_records_views_and_downloads(client, as_user, doc_ids):
    as_user("canbo")
    client.get(f"/documents/{doc_ids['public']}")
    client.get(f"/documents/{doc_ids['public']}/original")
    as_user("quantri")
    html = client.get(f"/admin?user=canbo&doc={doc_ids['public']}").get_data(as_text=True)
    assert 'data-action="view"' in html and 'data-action="download"' in html
    assert ">Xem<" in html and ">Tải xuống<" in html  # in words, not the raw actions (issue 14)


def test_admin_creates_and_revokes_a_token(client, as_user):
    as_user("quantri")
    html = post(client, "/admin/tokens", {"user": "canbo"}).get_data(as_text=True)
    token = html.split('<code class="new-token">')[1].split("<")[0]
    api = client.application.test_client()
    assert api.get("/api/v1/status", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    token_id = html.split('/admin/tokens/')[1].split("/")[0]
    post(client, f"/admin/tokens/{token_id}/revoke")
    assert api.get("/api/v1/status", headers={"Authorization": f"Bearer {token}"}).status_code == 401


# --- API ---------------------------------------------------------------------------------------

@pytest.fixture
def tokens(app) -> dict[str, str]:
    users = Users(app.extensions["archive_catalog"])
    return {name: users.create_token(name) for name in ("canbo", "vanthu", "vanthu0", "quantri")}


def bearer(tokens, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[name]}"}


def test_api_needs_a_valid_token(client, tokens):
    for headers in ({}, {"Authorization": "Bearer arc_wrong"}, {"Authorization": f"Basic {tokens['canbo']}"}):
        response = client.get("/api/v1/status", headers=headers)
        assert response.status_code == 401
        assert "mã truy cập" in response.get_json()["error"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_api_upload_get_patch_and_search(client, tokens, catalog):
    response = client.post("/api/v1/documents", headers=bearer(tokens, "vanthu"),
                           data={"file": (io.BytesIO(png_bytes(1)), "api.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 202
    body = response.get_json()
    assert set(body) == {"id", "status", "duplicate"} and body["status"] == "queued"
    again = client.post("/api/v1/documents", headers=bearer(tokens, "vanthu"),
                        data={"file": (io.BytesIO(png_bytes(1)), "again.png")},
                        content_type="multipart/form-data").get_json()
    assert again == {"id": body["id"], "status": "queued", "duplicate": True}
    assert catalog.get(body["id"]).uploaded_by == "vanthu"


def test_api_document_matches_the_cli_json(client, tokens, doc_ids, catalog):
    from archive_service.catalog import document_json

    response = client.get(f"/api/v1/documents/{doc_ids['public']}", headers=bearer(tokens, "canbo"))
    assert response.status_code == 200
    data = response.get_json()
    expected = json.loads(json.dumps(document_json(catalog.get(doc_ids["public"])), default=str))
    assert set(data) == set(expected)
    assert data["metadata"] == expected["metadata"]
    assert data["metadata_review"] == ["issued_date", "number"]
    assert data["pages"][0]["text"].startswith("ỦY BAN")


def test_api_patch_corrects_and_reindexes(client, tokens, doc_ids):
    doc_id = doc_ids["public"]
    response = client.patch(f"/api/v1/documents/{doc_id}", headers=bearer(tokens, "vanthu"),
                            json={"subject": "Về việc số hóa tài liệu lưu trữ", "issued_date": "2023-01-20"})
    assert response.status_code == 200
    data = response.get_json()
    assert data["metadata"]["subject"] == "Về việc số hóa tài liệu lưu trữ"
    assert {c["field"] for c in data["corrections"]} == {"subject", "issued_date"}
    found = client.get("/api/v1/search?q=so+hoa+tai+lieu", headers=bearer(tokens, "canbo")).get_json()
    assert [h["id"] for h in found["hits"]] == [doc_id]


@pytest.mark.parametrize(("body", "message"), [
    ({"nothing": 1}, "Trường không hợp lệ"), ({"issued_date": "2023-13-45"}, "Ngày không hợp lệ"),
    ([1, 2], "đối tượng JSON"), ({"page_count": "ba"}, "số nguyên")])
def test_api_patch_refuses_bad_input_and_changes_nothing(client, tokens, doc_ids, catalog, body, message):
    doc_id = doc_ids["public"]
    before = len(catalog.get(doc_id).corrections)
    response = client.patch(f"/api/v1/documents/{doc_id}", headers=bearer(tokens, "vanthu"), json=body)
    assert response.status_code == 422
    assert message in response.get_json()["error"]
    assert len(catalog.get(doc_id).corrections) == before


def test_api_roles(client, tokens, doc_ids):
    response = client.post("/api/v1/documents", headers=bearer(tokens, "canbo"),
                           data={"file": (io.BytesIO(png_bytes(2)), "x.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    response = client.patch(f"/api/v1/documents/{doc_ids['public']}", headers=bearer(tokens, "canbo"),
                            json={"subject": "x"})
    assert response.status_code == 403


def test_api_clearance(client, tokens, doc_ids):
    for url in (f"/api/v1/documents/{doc_ids['secret']}", f"/api/v1/documents/{doc_ids['secret']}/original"):
        assert client.get(url, headers=bearer(tokens, "canbo")).status_code == 404
        assert client.get(url, headers=bearer(tokens, "vanthu")).status_code == 200
    assert client.patch(f"/api/v1/documents/{doc_ids['secret']}", headers=bearer(tokens, "vanthu0"),
                        json={"subject": "x"}).status_code == 404
    results = client.get("/api/v1/search?q=cai+cach", headers=bearer(tokens, "canbo")).get_json()
    assert results["total"] == 1 and "CÔNG AN" not in json.dumps(results, ensure_ascii=False)
    results = client.get("/api/v1/search?q=cai+cach", headers=bearer(tokens, "vanthu")).get_json()
    assert results["total"] == 2


def test_api_search_shape_and_errors(client, tokens):
    data = client.get("/api/v1/search?q=cai+cach&sort=date&doc_type=Quyết+định",
                      headers=bearer(tokens, "canbo")).get_json()
    from index import SearchResults

    assert set(data) == set(SearchResults(0, [], {}).to_dict())  # as `archive search --json`
    assert {"total", "hits", "facets", "suggestion"} <= set(data)
    assert set(data["hits"][0]) == {"id", "score", "number", "issued_date", "issuer",
                                    "parent_issuer", "doc_type", "subject", "snippet", "page"}
    response = client.get('/api/v1/search?q="abc', headers=bearer(tokens, "canbo"))
    assert response.status_code == 400 and "ngoặc kép" in response.get_json()["error"]


def test_api_original_and_status(client, tokens, doc_ids):
    response = client.get(f"/api/v1/documents/{doc_ids['public']}/original", headers=bearer(tokens, "canbo"))
    assert response.status_code == 200 and response.data[:4] == b"\x89PNG"
    status = client.get("/api/v1/status", headers=bearer(tokens, "canbo")).get_json()
    assert status["counts"]["done"] == 2 and status["failures"] == []


def test_api_errors_are_json(client, tokens):
    response = client.get("/api/v1/documents/99999", headers=bearer(tokens, "canbo"))
    assert response.status_code == 404 and "error" in response.get_json()
    response = client.get("/api/v1/nothing", headers=bearer(tokens, "canbo"))
    assert response.status_code == 404 and "error" in response.get_json()
    response = client.post("/api/v1/documents", headers=bearer(tokens, "vanthu"), data={})
    assert response.status_code == 400 and "file" in response.get_json()["error"]


def test_api_oversized_upload(client, tokens, catalog):
    payload = b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024)
    response = client.post("/api/v1/documents", headers=bearer(tokens, "vanthu"),
                           data={"file": (io.BytesIO(payload), "big.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and "quá lớn" in response.get_json()["error"]
    assert not any(catalog.config.originals_dir.rglob("big*"))


def test_openapi_document_describes_every_route(client, app):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    described = {(path, method.upper()) for path, item in doc["paths"].items() for method in item
                 if method != "parameters"}
    routes = set()
    for rule in app.url_map.iter_rules():  # all but the document itself and its page
        if rule.rule.startswith("/api/v1/") and rule.endpoint not in {"api.openapi_document",
                                                                      "apidocs.page"}:
            # <int:doc_id> → {doc_id}, muc-luc.<any(xlsx, pdf, csv):fmt> → muc-luc.{fmt}
            path = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == described
    for path, item in doc["paths"].items():  # every path parameter is described, ids as integers
        names = {p["name"]: p["schema"]["type"] for p in item.get("parameters", [])}
        assert set(names) == set(re.findall(r"{(\w+)}", path)), path
        assert all(t == "integer" for n, t in names.items() if n.endswith("_id")), path
        assert all(op["summary"] and op["responses"] for m, op in item.items() if m != "parameters")


# --- CLI ---------------------------------------------------------------------------------------

def test_cli_user_add_and_token_create(tmp_path, monkeypatch):
    from archive_service.cli import main

    monkeypatch.setenv("ARCHIVE_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    result = runner.invoke(main, ["user", "add", "nhanvien", "--role", "staff", "--clearance", "1",
                                  "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "Đã tạo người dùng nhanvien" in result.output
    result = runner.invoke(main, ["user", "add", "nhanvien", "--role", "staff", "--password", PASSWORD])
    assert result.exit_code != 0 and "Đã có người dùng" in result.output
    result = runner.invoke(main, ["token", "create", "nhanvien"])
    assert result.exit_code == 0 and result.output.startswith("arc_")
    result = runner.invoke(main, ["token", "create", "ai-do"])
    assert result.exit_code == 4 and "Không có người dùng" in result.output
    assert "nhanvien" in runner.invoke(main, ["user", "list"]).output


def test_status_shows_what_waits_for_the_index_writer(client, as_user, tokens, catalog, doc_ids):
    """With a separate `archive indexer`, the status page and the API say how many requests
    wait in the index outbox and since when (issue 15)."""
    status = client.get("/api/v1/status", headers=bearer(tokens, "vanthu")).get_json()
    assert status["index_outbox"] == {"pending": 0, "oldest": None}
    catalog.request_index([doc_ids["public"]])
    catalog.request_index([None], "repair")
    status = client.get("/api/v1/status", headers=bearer(tokens, "vanthu")).get_json()
    assert status["index_outbox"]["pending"] == 2 and status["index_outbox"]["oldest"]
    as_user("vanthu")
    html = client.get("/status").get_data(as_text=True)
    assert 'data-outbox="2"' in html and "Chờ ghi vào chỉ mục (archive indexer)" in html
