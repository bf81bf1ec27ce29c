"""Downloading the archival PDF/A copy: from the document page and the API, with the same
clearance rules and audit as the original; a copy altered on disk is never served."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select

from archive_service import archival
from archive_service.archival import CopyOutcome
from archive_service.models import AuditEntry
from archive_service.users import Users


def _store_copy(catalog, doc_id: int, tmp_path: Path) -> str:
    """A stored, recorded copy for ``doc_id`` (the route serves what the worker stored; how it
    is built is tested in tests/ingest/test_archival_copy.py)."""
    path = tmp_path / f"copy-{doc_id}.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(path)
    sha, size = archival.store_copy(catalog, path)
    archival.record_copy(catalog, doc_id, CopyOutcome(sha256=sha, size=size, checked=True))
    return sha


def _downloads(catalog, doc_id: int) -> list[tuple[str, str]]:
    with catalog.db.session() as s:
        return [(e.user, e.detail) for e in s.scalars(select(AuditEntry).where(
            AuditEntry.document_id == doc_id, AuditEntry.action == "download"))]


@pytest.fixture
def tokens(app) -> dict[str, str]:
    users = Users(app.extensions["archive_catalog"])
    return {name: users.create_token(name) for name in ("canbo", "vanthu")}


def test_the_document_page_offers_the_copy_and_serves_it(client, as_user, doc_ids, catalog,
                                                          tmp_path):
    doc_id = doc_ids["public"]
    as_user("canbo")
    assert "archival.pdf" not in client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert client.get(f"/documents/{doc_id}/archival.pdf").status_code == 404  # none yet
    _store_copy(catalog, doc_id, tmp_path)
    assert f"/documents/{doc_id}/archival.pdf" in client.get(f"/documents/{doc_id}").get_data(
        as_text=True)
    response = client.get(f"/documents/{doc_id}/archival.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-") and "attachment" in response.headers[
        "Content-Disposition"]
    assert ("canbo", "public.png (PDF/A)") in _downloads(catalog, doc_id)


def test_the_api_serves_the_copy_and_refuses_without_clearance(client, tokens, doc_ids,
                                                               catalog, tmp_path):
    for key in ("public", "secret"):
        _store_copy(catalog, doc_ids[key], tmp_path)
    url = "/api/v1/documents/{}/archival.pdf"
    assert client.get(url.format(doc_ids["public"])).status_code == 401  # no token
    ok = client.get(url.format(doc_ids["public"]), headers={
        "Authorization": f"Bearer {tokens['canbo']}"})
    assert ok.status_code == 200 and ok.data.startswith(b"%PDF-")
    assert ("canbo", "public.png (PDF/A)") in _downloads(catalog, doc_ids["public"])
    # a Mật document for a user without clearance: 404 as if it did not exist, nothing served
    hidden = client.get(url.format(doc_ids["secret"]), headers={
        "Authorization": f"Bearer {tokens['canbo']}"})
    assert hidden.status_code == 404 and not hidden.data.startswith(b"%PDF-")
    assert _downloads(catalog, doc_ids["secret"]) == []
    cleared = client.get(url.format(doc_ids["secret"]), headers={
        "Authorization": f"Bearer {tokens['vanthu']}"})
    assert cleared.status_code == 200


def test_a_missing_or_altered_copy_is_not_served(client, tokens, doc_ids, catalog, tmp_path):
    headers = {"Authorization": f"Bearer {tokens['canbo']}"}
    doc_id = doc_ids["public"]
    archival.record_copy(catalog, doc_id, CopyOutcome(reason="pdftotext báo lỗi (mã 1)"))
    missing = client.get(f"/api/v1/documents/{doc_id}/archival.pdf", headers=headers)
    assert missing.status_code == 404 and "pdftotext" in missing.get_json()["error"]
    sha = _store_copy(catalog, doc_id, tmp_path)
    path = archival.store_for(catalog).path_for(sha)
    path.chmod(0o644)
    path.write_bytes(path.read_bytes().replace(b"%PDF-", b"%PDX-", 1))
    altered = client.get(f"/api/v1/documents/{doc_id}/archival.pdf", headers=headers)
    assert altered.status_code == 409 and "SHA-256" in altered.get_json()["error"]
