"""Related documents on the document page and in the API: both directions, links for archived
documents, text for the others, and never a document above the reader's clearance."""

from __future__ import annotations

import re

import pytest

from archive_service.references import store_references
from archive_service.users import Users


def cite(relation: str, doc_type: str, number: str, issued: str, issuer: str | None = None):
    return {"relation": relation, "doc_type": doc_type, "number": number, "issued_date": issued,
            "issuer": issuer, "name": None, "page": 1,
            "text": f"{doc_type} số {number} ngày {issued}" + (f" của {issuer}" if issuer else "")}


@pytest.fixture
def related(catalog, doc_ids) -> dict[str, int]:
    """public cites topsecret (Tối mật) and a decision not in the archive; hostile and secret
    (Mật, dated after public) cite public. Stored in the order of arrival: links are refreshed
    each time."""
    catalog.set_correction(doc_ids["secret"], "issued_date", "2023-06-01", user="quantri")
    store_references(catalog, doc_ids["public"], [
        cite("thay_the", "Quyết định", "12/QĐ-UBND", "2020-01-06", "Ủy ban nhân dân tỉnh"),
        cite("thuc_hien", "Kế hoạch", "07/KH-BCH", "2021-09-09")])
    store_references(catalog, doc_ids["hostile"], [
        cite("can_cu", "Quyết định", "2629/QĐ-UBND", "2023-01-12", "Ủy ban nhân dân tỉnh")])
    store_references(catalog, doc_ids["secret"], [
        cite("sua_doi", "Quyết định", "2629/QĐ-UBND", "2023-01-12")])
    return doc_ids


def related_block(html: str) -> str:
    m = re.search(r'<section class="related".*?</section>', html, re.S)
    assert m, "no related documents on the page"
    return m.group(0)


def test_the_page_shows_both_directions_with_links_and_unarchived_ones_as_text(client, as_user,
                                                                              related):
    as_user("quantri")
    block = related_block(client.get(f"/documents/{related['public']}").get_data(as_text=True))
    assert "Văn bản liên quan" in block
    for label in ("Thay thế", "Trích dẫn", "Được căn cứ bởi", "Được sửa đổi, bổ sung bởi"):
        assert f">{label}</dt>" in block
    assert "Quyết định 12/QĐ-UBND (06/01/2020)" in block and "chưa có trong kho" in block
    assert f'href="/documents/{related["topsecret"]}"' in block  # cited, highest clearance
    assert f'href="/documents/{related["secret"]}"' in block  # citing
    assert f'href="/documents/{related["hostile"]}"' in block
    assert "<script>" not in block  # the hostile subject is escaped
    back = related_block(client.get(f"/documents/{related['hostile']}").get_data(as_text=True))
    assert ">Căn cứ</dt>" in back and f'href="/documents/{related["public"]}"' in back


def test_a_document_above_the_readers_clearance_is_never_named(client, as_user, related):
    as_user("canbo")
    block = related_block(client.get(f"/documents/{related['public']}").get_data(as_text=True))
    assert f'/documents/{related["secret"]}"' not in block
    assert f'/documents/{related["topsecret"]}"' not in block
    assert "Được sửa đổi, bổ sung bởi" not in block  # only the secret document amends it
    assert "Được căn cứ bởi" in block and f'href="/documents/{related["hostile"]}"' in block
    # its own citation of the secret one is its printed text, shown like one not archived
    assert re.search(r"Kế hoạch 07/KH-BCH \(09/09/2021\)</span> <small[^>]*>\(chưa có trong kho",
                     block)
    assert "bảo vệ quân sự" not in block and "diễn tập" not in block  # the secret subjects


def test_labels_in_english(client, as_user, related):
    as_user("quantri")
    block = related_block(client.get(f"/documents/{related['public']}?lang=en")
                          .get_data(as_text=True))
    for label in ("Related documents", "Replaces", "Cites", "Basis for", "Amended by",
                  "not in the archive"):
        assert label in block


def test_api_gives_both_directions_as_the_reader_may_see_them(client, app, related):
    users = Users(app.extensions["archive_catalog"])
    url = f"/api/v1/documents/{related['public']}/references"
    staff = client.get(url, headers={"Authorization": f"Bearer {users.create_token('canbo')}"})
    assert staff.status_code == 200
    data = staff.get_json()
    assert data["id"] == related["public"]
    cites = {r["number"]: r for r in data["cites"]}
    assert cites["12/QĐ-UBND"]["relation"] == "thay_the" and cites["12/QĐ-UBND"]["linked"] is False
    assert cites["07/KH-BCH"]["document"] is None  # Tối mật: not named
    assert [(r["relation"], r["document"]["id"]) for r in data["cited_by"]] == [
        ("can_cu", related["hostile"])]
    admin = client.get(url, headers={"Authorization": f"Bearer {users.create_token('quantri')}"})
    data = admin.get_json()
    assert {r["number"]: r["document"] and r["document"]["id"] for r in data["cites"]} == {
        "12/QĐ-UBND": None, "07/KH-BCH": related["topsecret"]}
    assert sorted(r["document"]["id"] for r in data["cited_by"]) == sorted(
        [related["hostile"], related["secret"]])
    hidden = client.get(f"/api/v1/documents/{related['secret']}/references",
                        headers={"Authorization": f"Bearer {users.create_token('canbo')}"})
    assert hidden.status_code == 404
