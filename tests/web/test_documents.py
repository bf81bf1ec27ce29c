"""The document page: metadata, hit boxes on page images, OCR text, original, corrections."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from archive_service.models import AuditEntry
from tests.web.conftest import PAGE_H, PAGE_W, post


def audit_actions(catalog, doc_id: int) -> list[tuple[str, str]]:
    with catalog.db.session() as s:
        return [(e.user, e.action) for e in s.scalars(select(AuditEntry).where(
            AuditEntry.document_id == doc_id).order_by(AuditEntry.id))]


def test_document_page_shows_metadata_pages_and_review_marks(client, as_user, doc_ids, catalog):
    as_user("canbo")
    doc_id = doc_ids["public"]
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "2629/QĐ-UBND" in html and "12/01/2023" in html and "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG" in html
    assert re.search(r'<tr class="review[^"]*" data-field="number">', html)
    assert "cần kiểm tra" in html
    assert f'/documents/{doc_id}/pages/1.jpg' in html and f'/documents/{doc_id}/pages/2.jpg' in html
    assert "Điều 2. Sở Nội vụ theo dõi bộ phận một cửa." in html  # the OCR text of page 2
    assert f'/documents/{doc_id}/original' in html
    assert "Sửa thông tin" not in html  # staff read only
    assert ("canbo", "view") in audit_actions(catalog, doc_id)


def test_search_hits_are_drawn_as_boxes_on_the_page(client, as_user, doc_ids):
    as_user("canbo")
    html = client.get(f"/documents/{doc_ids['public']}?q=cai+cach+hanh+chinh").get_data(as_text=True)
    assert f'viewBox="0 0 {PAGE_W} {PAGE_H}"' in html  # page units, scaled onto the image
    page1 = html.split('id="page-1"')[1].split('id="page-2"')[0]
    page2 = html.split('id="page-2"')[1]
    # "cải cách hành chính" (4 words), not the "hành" of "ban hành": the query's words stand
    # together in this document, so they are marked where they do
    assert page1.count('class="hitbox"') == 4
    assert page2.count('class="hitbox"') == 4
    assert client.get(f"/documents/{doc_ids['public']}").get_data(as_text=True).count(
        'class="hitbox"') == 0


def test_page_image_and_original(client, as_user, doc_ids, catalog):
    as_user("canbo")
    doc_id = doc_ids["public"]
    image = client.get(f"/documents/{doc_id}/pages/1.jpg")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert image.data[:3] == b"\xff\xd8\xff"
    assert client.get(f"/documents/{doc_id}/pages/9.jpg").status_code == 404
    original = client.get(f"/documents/{doc_id}/original")
    assert original.status_code == 200 and original.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in original.headers["Content-Disposition"]
    assert ("canbo", "download") in audit_actions(catalog, doc_id)


@pytest.mark.parametrize("user", ["canbo", "vanthu0"])
@pytest.mark.parametrize("suffix", ["", "?q=vu+khi", "/original", "/pages/1.jpg",
                                    "/fields/subject/crop.jpg"])
def test_hidden_document_is_404_on_every_url(client, as_user, doc_ids, user, suffix):
    as_user(user)
    for key in ("secret", "topsecret"):
        response = client.get(f"/documents/{doc_ids[key]}{suffix}")
        assert response.status_code == 404, (key, suffix)
        absent = client.get(f"/documents/99999{suffix}")
        assert absent.status_code == 404
        def page(r) -> str:  # the CSRF token is signed with the time: leave it out
            return re.sub(r'(content|value)="[\w.-]{40,}"', "", r.get_data(as_text=True))

        assert page(response) == page(absent)  # hidden and absent look the same


def test_hidden_document_cannot_be_edited_or_reviewed(client, as_user, doc_ids):
    as_user("vanthu0")
    doc_id = doc_ids["secret"]
    assert post(client, f"/documents/{doc_id}", {"subject": "x"}).status_code == 404
    assert client.get(f"/review/{doc_id}").status_code == 404
    assert post(client, f"/review/{doc_id}", {"subject": "x"}).status_code == 404


def test_clearance_lets_the_right_users_in(client, as_user, doc_ids):
    as_user("canbo_mat")
    assert client.get(f"/documents/{doc_ids['secret']}").status_code == 200
    assert client.get(f"/documents/{doc_ids['secret']}/pages/1.jpg").status_code == 200
    assert client.get(f"/documents/{doc_ids['topsecret']}").status_code == 404


def test_hostile_text_renders_inert(client, as_user, doc_ids):
    as_user("canbo")
    doc_id = doc_ids["hostile"]
    for url in (f"/documents/{doc_id}", "/search?q=lich+hop+giao+ban", "/search?q=script", "/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>document" not in html, url
        assert "<img src=x" not in html, url
        assert "<i>SỞ" not in html, url
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "&lt;script&gt;document.title=" in html
    assert "b&gt;.png" in html  # the name after the last "/", escaped
    # the only scripts are our own file (CSP forbids inline ones anyway)
    assert sorted(re.findall(r"<script[^>]*>", html)) == [
        '<script src="/static/app.js" defer>', '<script src="/static/viewer.js" defer>']


def test_hostile_filename_is_safe_on_download(client, as_user, doc_ids):
    as_user("canbo")
    response = client.get(f"/documents/{doc_ids['hostile']}/original")
    disposition = response.headers["Content-Disposition"]
    assert "<" not in disposition.split("filename*")[0] or "thong-bao" in disposition


def test_archivist_corrects_a_field_and_search_finds_it_at_once(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    doc_id = doc_ids["public"]
    form = client.get(f"/documents/{doc_id}?edit=1").get_data(as_text=True)
    assert 'name="subject"' in form and 'name="recipients"' in form
    response = post(client, f"/documents/{doc_id}", {
        "subject": "Về việc chuyển đổi số  ngành lưu trữ", "issued_date": "15/02/2023",
        "number": "2629 / QĐ-UBND", "recipients": "- Sở Nội vụ;\n- Lưu: VT."})
    assert response.status_code == 302
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "Đã lưu 3 trường" in html
    assert "Về việc chuyển đổi số ngành lưu trữ" in html and "15/02/2023" in html
    assert "Đã sửa" in html and "Đọc tự động:" in html  # the history of the field
    found = client.get("/search?q=chuyen+doi+so").get_data(as_text=True)
    assert f'data-id="{doc_id}"' in found
    assert ("vanthu", "edit") in audit_actions(catalog, doc_id)
    meta = __import__("archive_service.catalog", fromlist=["x"]).effective_metadata(catalog.get(doc_id))
    assert meta["recipients"] == ["Sở Nội vụ;", "Lưu: VT."] and meta["issued_date"] == "2023-02-15"
    assert meta["number"] == "2629/QĐ-UBND"


def test_correction_with_a_bad_value_changes_nothing(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    doc_id = doc_ids["public"]
    before = len(catalog.get(doc_id).corrections)
    response = post(client, f"/documents/{doc_id}", {"subject": "Mới", "issued_date": "31/02/2023"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ngày không hợp lệ" in html
    assert len(catalog.get(doc_id).corrections) == before
    response = post(client, f"/documents/{doc_id}", {"confidentiality": "Bí mật lắm"})
    assert "chọn một trong" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(catalog.get(doc_id).corrections) == before


def test_marking_a_document_secret_hides_it_from_staff(client, app, as_user, doc_ids):
    as_user("vanthu")
    doc_id = doc_ids["public"]
    post(client, f"/documents/{doc_id}", {"confidentiality": "Mật"})
    staff = app.test_client()
    from tests.web.conftest import login

    login(staff, "canbo")
    assert staff.get(f"/documents/{doc_id}").status_code == 404
    assert f'data-id="{doc_id}"' not in staff.get("/search?q=cai+cach").get_data(as_text=True)


def test_staff_cannot_edit(client, as_user, doc_ids):
    as_user("canbo")
    assert post(client, f"/documents/{doc_ids['public']}", {"subject": "x"}).status_code == 403
    assert "Sửa thông tin" not in client.get(f"/documents/{doc_ids['public']}?edit=1").get_data(
        as_text=True)


def test_field_crop_for_review(client, as_user, doc_ids):
    as_user("vanthu")
    response = client.get(f"/documents/{doc_ids['public']}/fields/number/crop.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(response.data)) as crop:
        assert 20 < crop.width < 400 and 20 < crop.height < 200  # a word, not the whole page
    assert client.get(f"/documents/{doc_ids['public']}/fields/nothing/crop.jpg").status_code == 404


def test_saving_the_form_unchanged_records_nothing(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    doc_id = doc_ids["public"]
    post(client, f"/documents/{doc_id}", {"recipients": "- Như trên;\n- Lưu: VT."})
    before = len(catalog.get(doc_id).corrections)
    form = client.get(f"/documents/{doc_id}?edit=1").get_data(as_text=True)
    import html as html_lib

    inputs = re.findall(r'<input id="f-\w+" name="(\w+)" value="([^"]*)"', form)
    values = {name: html_lib.unescape(value) for name, value in inputs}
    textarea = re.search(r'name="recipients"[^>]*>([^<]*)</textarea>', form)
    values["recipients"] = html_lib.unescape(textarea[1])
    response = post(client, f"/documents/{doc_id}", values)
    assert "Không có gì thay đổi" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(catalog.get(doc_id).corrections) == before


def test_a_page_that_could_not_be_read_says_why(client, as_user, catalog, tmp_path):
    from PIL import Image

    from archive_service.records import Page

    source = tmp_path / "hai_trang.png"
    Image.new("L", (300, 200), 255).save(source)
    doc_id = catalog.add_file(source, original_name="hai_trang.png", user="vanthu", enqueue=False).id
    assert catalog.claim(doc_id)
    reason = "Tesseract quá thời gian cho phép (180 giây) trên một trang."
    pages = [Page(number=1, text="Thông báo lịch tiếp công dân", width=PAGE_W, height=PAGE_H),
             Page(number=2, text="", width=PAGE_W, height=PAGE_H, error=reason)]
    catalog.save_result(doc_id, pages, {})
    as_user("canbo")
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert f"Không đọc được trang này: {reason}" in html
    assert "Thông báo lịch tiếp công dân" in html
