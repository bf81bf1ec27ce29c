"""The JSON API of phông, hồ sơ and filing, and the `archive fonds|file-record|file|unfile|
propose|retention` commands, on the session's small archive."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archive_service.users import Users


@pytest.fixture
def tokens(app) -> dict[str, str]:
    users = Users(app.extensions["archive_catalog"])
    return {name: users.create_token(name) for name in ("vanthu", "vanthu0", "canbo")}


def call(client, token: str, method: str, path: str, body=None):
    r = client.open(path, method=method, json=body,
                    headers={"Authorization": f"Bearer {token}"})
    return r.status_code, r.get_json()


def test_api_creates_files_documents_in_order_and_proposals(client, tokens, doc_ids):
    t = tokens["vanthu"]
    status, fonds = call(client, t, "POST", "/api/v1/fonds", {"code": "HG", "name": "UBND Hậu Giang"})
    assert status == 201 and fonds["status"] == "open"
    status, record = call(client, t, "POST", "/api/v1/files", {
        "fonds": "HG", "code": "HG.01", "title": "Cải cách hành chính", "retention_years": 20})
    assert status == 201 and record["retention"] == "20 năm" and record["document_count"] == 0
    fid = record["id"]
    status, got = call(client, t, "POST", f"/api/v1/files/{fid}/documents",
                       {"documents": [doc_ids["secret"], doc_ids["public"]]})
    assert status == 200 and [d["id"] for d in got["documents"]] == [doc_ids["secret"],
                                                                     doc_ids["public"]]
    assert got["file"]["start_date"] == "2022-05-03" and got["file"]["end_date"] == "2023-01-12"
    status, got = call(client, t, "PUT", f"/api/v1/files/{fid}/documents",
                       {"order": [doc_ids["public"], doc_ids["secret"]]})
    assert [d["position"] for d in got["documents"]] == [1, 2]
    assert got["documents"][0]["id"] == doc_ids["public"]

    # staff without clearance: the Mật one is counted, never named
    status, got = call(client, tokens["canbo"], "GET", f"/api/v1/files/{fid}/documents")
    assert status == 200 and got["hidden"] == 1
    assert [d["id"] for d in got["documents"]] == [doc_ids["public"]]
    assert "45/UBND-NC" not in json.dumps(got, ensure_ascii=False)
    status, _ = call(client, tokens["canbo"], "POST", "/api/v1/fonds", {"code": "X", "name": "x"})
    assert status == 403

    status, got = call(client, t, "DELETE", f"/api/v1/documents/{doc_ids['public']}/file")
    assert status == 200 and got["file"] is None
    status, got = call(client, t, "GET", f"/api/v1/documents/{doc_ids['public']}/file")
    assert got["proposals"] and got["proposals"][0]["file_code"] == "HG.01"  # title words
    assert got["file"] is None  # proposed, never filed by itself
    status, got = call(client, t, "PUT", f"/api/v1/documents/{doc_ids['public']}/file",
                       {"file": "HG.01", "position": 1})
    assert status == 200 and got["file"]["code"] == "HG.01" and got["position"] == 1
    status, got = call(client, t, "PATCH", f"/api/v1/documents/{doc_ids['public']}/archival",
                       {"identifier": "H29.01", "access_mode": "Công khai"})
    assert status == 200 and got["archival"]["access_mode"] == "public"
    status, got = call(client, t, "GET", f"/api/v1/documents/{doc_ids['public']}")
    assert got["archival"]["file"] == "HG.01" and got["archival"]["identifier"] == "H29.01"
    assert got["archival"]["position"] == 1 and got["metadata"]["number"] == "2629/QĐ-UBND"
    status, got = call(client, t, "GET", "/api/v1/search?file=HG.01")
    assert status == 200 and {h["id"] for h in got["hits"]} == {doc_ids["public"],
                                                                 doc_ids["secret"]}
    assert dict(map(tuple, got["facets"]["fonds"])) == {"HG": 2}


@pytest.mark.parametrize("method,path,body,status", [
    ("POST", "/api/v1/files", {"fonds": "KHONGCO", "code": "A", "title": "t"}, 404),
    ("POST", "/api/v1/files", {"fonds": "HG", "code": "HG.01", "title": "trùng"}, 422),
    ("POST", "/api/v1/files", {"fonds": "HG", "code": "<b>", "title": "t"}, 422),
    ("POST", "/api/v1/files", ["not", "an", "object"], 422),
    ("POST", "/api/v1/fonds", {"code": "HG2", "name": "x", "status": "maybe"}, 422),
    ("POST", "/api/v1/files/1/documents", {"documents": [999999]}, 404),
    ("POST", "/api/v1/files/1/documents", {"documents": "1,2"}, 422),
    ("PUT", "/api/v1/documents/1/file", {"file": "KHONG-CO"}, 404),
    ("PATCH", "/api/v1/files/1", {"code": "KHAC"}, 422),
    ("GET", "/api/v1/files/999", None, 404),
])
def test_api_bad_input_changes_nothing(client, tokens, method, path, body, status):
    t = tokens["vanthu"]
    call(client, t, "POST", "/api/v1/fonds", {"code": "HG", "name": "UBND Hậu Giang"})
    call(client, t, "POST", "/api/v1/files", {"fonds": "HG", "code": "HG.01", "title": "A"})
    before = call(client, t, "GET", "/api/v1/files")[1], call(client, t, "GET", "/api/v1/fonds")[1]
    got_status, got = call(client, t, method, path, body)
    assert got_status == status and got["error"] and got["status"] == status
    after = call(client, t, "GET", "/api/v1/files")[1], call(client, t, "GET", "/api/v1/fonds")[1]
    assert after == before


def test_hidden_document_cannot_be_filed_by_api(client, tokens, doc_ids):
    t = tokens["vanthu0"]  # archivist without clearance
    call(client, t, "POST", "/api/v1/fonds", {"code": "HG", "name": "UBND"})
    _, record = call(client, t, "POST", "/api/v1/files", {"fonds": "HG", "code": "A1", "title": "A"})
    status, got = call(client, t, "POST", f"/api/v1/files/{record['id']}/documents",
                       {"documents": [doc_ids["secret"]]})
    assert status == 404 and got["error"] == f"Không có văn bản số {doc_ids['secret']}."


def test_cli_commands(app, doc_ids):
    from archive_service.cli import main

    config = app.extensions["archive_config"]
    runner = CliRunner()
    env = {"ARCHIVE_DATA_DIR": str(config.data_dir)}

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    run("fonds", "add", "HG", "--name", "UBND tỉnh Hậu Giang", "--language", "Tiếng Việt")
    assert json.loads(run("fonds", "list", "--json"))["code"] == "HG"
    run("file-record", "add", "HG.01", "--fonds", "HG", "--title", "Hồ sơ A", "--retention-years", "1")
    run("file", str(doc_ids["hostile"]), str(doc_ids["public"]), "--into", "HG.01")
    shown = json.loads(run("file-record", "show", "HG.01", "--json"))
    assert [d["id"] for d in shown["documents"]] == [doc_ids["hostile"], doc_ids["public"]]
    assert shown["end_date"] == "2024-02-01" and shown["document_count"] == 2
    run("file", str(doc_ids["public"]), "--into", "HG.01", "--position", "1")
    assert "1. #" + str(doc_ids["public"]) in run("file-record", "show", "HG.01")
    expired = [json.loads(line) for line in run("retention", "--json",
                                               "--today", "2025-02-02").splitlines()]
    assert [e["code"] for e in expired] == ["HG.01"] and expired[0]["expired_on"] == "2025-02-01"
    assert "Lỗi: Mã hồ sơ «HG.01» đã có." in run("file-record", "add", "HG.01", "--fonds", "HG",
                                                  "--title", "x", code=3)
    assert "Không có văn bản số 424242" in run("file", "424242", "--into", "HG.01", code=4)
    run("fonds", "edit", "HG", "--status", "closed")
    assert "đã đóng" in run("unfile", str(doc_ids["public"]), code=3)
    assert "--retention-years" in run("file-record", "add", "--help")
    assert json.loads(run("propose", str(doc_ids["secret"]), "--json")) is not None


def test_api_gives_the_muc_luc_of_a_phong_and_of_a_hoso(client, tokens, doc_ids, app):
    import io

    from openpyxl import load_workbook

    from archive_service.filing import SYSTEM, Filing

    filing = Filing(app.extensions["archive_catalog"])
    filing.create_fonds({"code": "HG", "name": "UBND Hậu Giang"}, by=SYSTEM)
    record = filing.create_file("HG", {"code": "HG.01", "title": "Cải cách hành chính"}, by=SYSTEM)
    filing.file_documents([doc_ids["secret"], doc_ids["public"]], "HG.01", by=SYSTEM)

    def download(token: str, path: str):
        return client.get(path, headers={"Authorization": f"Bearer {token}"})

    def rows(body: bytes) -> list[list]:
        return [list(r) for r in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]

    r = download(tokens["canbo"], f"/api/v1/fonds/{record.fonds_id}/muc-luc.xlsx")
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    assert [row[1] for row in rows(r.data)[3:]] == ["HG.01"]
    r = download(tokens["canbo"], f"/api/v1/files/{record.id}/muc-luc.xlsx")
    assert [row[1] for row in rows(r.data)[3:]] == ["2629/QĐ-UBND"]  # the Mật one left out
    assert rows(r.data)[3][0] == "2"  # its số thứ tự in the hồ sơ
    r = download(tokens["vanthu"], f"/api/v1/files/{record.id}/muc-luc.xlsx")
    assert [row[1] for row in rows(r.data)[3:]] == ["45/UBND-NC", "2629/QĐ-UBND"]
    r = download(tokens["vanthu"], f"/api/v1/files/{record.id}/muc-luc.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    r = download(tokens["canbo"], f"/api/v1/fonds/{record.fonds_id}/muc-luc.csv")
    assert r.data.decode("utf-8-sig").startswith("Số thứ tự,Mã hồ sơ,Tiêu đề hồ sơ")
    assert client.get(f"/api/v1/files/{record.id}/muc-luc.xlsx").status_code == 401
    status, body = call(client, tokens["canbo"], "GET", "/api/v1/files/99999/muc-luc.pdf")
    assert status == 404 and "Không có hồ sơ" in body["error"]
    spec = call(client, tokens["canbo"], "GET", "/api/v1/openapi.json")[1]
    for path in ("/fonds/{fonds_id}/muc-luc.{fmt}", "/files/{file_id}/muc-luc.{fmt}"):
        assert "get" in spec["paths"][path]
        fmt = next(p for p in spec["paths"][path]["parameters"] if p["name"] == "fmt")
        assert fmt["schema"]["enum"] == ["csv", "pdf", "xlsx"]
