"""The review queue (issue 14, "Review"): labels people read, the next document after the current
one, confirmations apart from corrections, fields and documents "không áp dụng", the page image
beside the fields, padded crops, the edit form, and the audit log in words."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from archive_service.catalog import effective_metadata
from archive_service.errors import InputRejectedError
from archive_service.models import AuditEntry
from archive_service.records import METADATA_FIELDS
from archive_service.web import documents as documents_view
from archive_service.web.fields import LAYOUT_FIELDS
from tests.web.conftest import IMAGE_W, PAGE_W, add_document, login, post

NO_LAYOUT = {  # a table: nothing of the Nghị định 30 layout was read, every field is flagged
    "fields": {name: None for name in LAYOUT_FIELDS},
    "review": set(LAYOUT_FIELDS),
    "pages": ["BẢNG THỐNG KÊ TÀI LIỆU LƯU TRỮ THEO PHÔNG\nSTT Tên phông Mét giá Số hồ sơ\n"
              "1 Văn phòng Ủy ban nhân dân 128,5 15.420"],
    "name": "bang_thong_ke.png",
}


def kinds(catalog, doc_id: int) -> dict[str, str]:
    return {c.field: c.kind for c in catalog.get(doc_id).corrections}


def audit_rows(catalog, doc_id: int) -> list[tuple[str, str | None]]:
    with catalog.db.session() as s:
        return [(e.action, e.detail) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.document_id == doc_id).order_by(AuditEntry.id))]


def add_table(catalog, tmp_path) -> int:
    """A processed document without the Nghị định 30 layout: fields without value or box."""
    doc_id = add_document(catalog, tmp_path, "table", NO_LAYOUT, seed=9)
    with catalog.db.session() as s:  # the extractor found no box for any of them
        from archive_service.models import FieldRow

        for row in s.scalars(select(FieldRow).where(FieldRow.document_id == doc_id)):
            row.box, row.page = None, None
    return doc_id


# --- 1. every label a person sees is translated ----------------------------------------------

def test_review_list_shows_field_labels_not_code_names(client, as_user, doc_ids):
    as_user("vanthu")
    html = client.get("/review?list=1").get_data(as_text=True)
    item = re.search(rf'<li data-doc="{doc_ids["public"]}">.*?</li>', html, re.S).group(0)
    assert "Số và ký hiệu, Ngày ban hành" in item
    assert "issued_date" not in html and "signer" not in re.sub(r"<[^>]+>", "", html)
    english = client.get("/review?list=1&lang=en").get_data(as_text=True)
    assert "Number and symbol, Date of issue" in english and "Signer" in english


def test_audit_log_shows_actions_and_details_in_words(app, as_user, doc_ids):
    archivist = as_user("vanthu")
    archivist.get(f"/documents/{doc_ids['public']}")  # view
    post(archivist, f"/review/{doc_ids['hostile']}", {"signer": "Nguyễn Văn An"})
    client = app.test_client()
    assert login(client, "quantri").status_code == 302
    post(client, "/admin/users", {"name": "luutru2", "role": "archivist", "clearance": "1",
                                  "password": "mat-khau-moi-123"})
    html = client.get("/admin").get_data(as_text=True)
    audit = html[html.index('<table class="audit">'):]
    cells = re.findall(r'<tr data-action="(\w+)">.*?<td class="action">(.*?)</td>.*?'
                       r'<td class="detail">(.*?)</td>', audit, re.S)
    shown = {action: (label, detail) for action, label, detail in reversed(cells)}
    assert shown["view"][0] == "Xem"
    assert shown["edit"] == ("Sửa thông tin", "Người ký: Nguyễn Văn An")
    assert shown["review"] == ("Kiểm tra thông tin", "Người ký")
    assert shown["user_add"] == ("Thêm người dùng",
                                 "luutru2 · Vai trò: Văn thư, lưu trữ · Được xem độ mật: Mật")
    assert shown["login"][0] == "Đăng nhập"
    assert "signer=" not in audit and ">view<" not in audit and ">user_add<" not in audit
    english = client.get("/admin?lang=en").get_data(as_text=True)
    english = english[english.index('<table class="audit">'):]
    assert "Signer: Nguyễn Văn An" in english and ">View<" in english and ">Add a user<" in english


# --- 2. next after the current document; confirmations apart from corrections ---------------

def test_next_goes_to_the_document_after_the_current_one(client, as_user, doc_ids, catalog):
    as_user("vanthu")  # queue: public, secret, hostile
    response = post(client, f"/review/{doc_ids['secret']}",
                    {"subject": "Về việc bảo vệ quân sự và cải cách hành chính"})
    assert response.headers["Location"] == f"/review/{doc_ids['hostile']}"  # not the head
    response = post(client, f"/review/{doc_ids['hostile']}", {"signer": "Nguyễn Văn An"})
    assert response.headers["Location"] == f"/review/{doc_ids['public']}"  # round to the head
    response = post(client, f"/review/{doc_ids['public']}",
                    {"number": "2629/QĐ-UBND", "issued_date": "12/01/2023"})
    assert response.headers["Location"] == "/review?list=1"
    assert catalog.review_queue() == []


def test_skipping_shows_the_neighbours_in_the_queue(client, as_user, doc_ids):
    as_user("vanthu")
    html = client.get(f"/review/{doc_ids['secret']}").get_data(as_text=True)
    assert f'class="prev-doc" href="/review/{doc_ids["public"]}"' in html
    assert f'class="next-doc" href="/review/{doc_ids["hostile"]}"' in html
    assert "Alt+N" in html and "Ctrl+Enter" in html  # the keys are written on the page


def test_confirming_unchanged_is_recorded_as_a_confirmation(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    doc_id = doc_ids["public"]
    response = post(client, f"/review/{doc_id}", {"number": "2629/QĐ-UBND",
                                                  "issued_date": "13/01/2023"})
    assert "1 xác nhận, 1 sửa, 0 không áp dụng" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert kinds(catalog, doc_id) == {"number": "confirmation", "issued_date": "correction"}
    meta = effective_metadata(catalog.get(doc_id))
    assert meta["number"] == "2629/QĐ-UBND" and meta["issued_date"] == "2023-01-13"
    actions = [a for a, _d in audit_rows(catalog, doc_id)]
    assert "confirm" in actions and "edit" in actions
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    number = re.search(r'data-field="number">.*?</tr>', html, re.S).group(0)
    date = re.search(r'data-field="issued_date">.*?</tr>', html, re.S).group(0)
    assert "<summary>Đã xác nhận (1)</summary>" in number and "Đã sửa" not in number
    assert "<summary>Đã sửa (1)</summary>" in date


def test_a_value_typed_as_it_was_is_a_confirmation(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    post(client, f"/review/{doc_ids['public']}", {"number": " 2629 / QĐ-UBND ",
                                                  "issued_date": "2023-01-12"})
    assert kinds(catalog, doc_ids["public"]) == {"number": "confirmation",
                                                 "issued_date": "confirmation"}


# --- 3. pages without the layout; "không áp dụng" ---------------------------------------------

def test_review_always_shows_the_page_image(client, as_user, doc_ids):
    as_user("vanthu")
    html = client.get(f"/review/{doc_ids['public']}").get_data(as_text=True)
    assert f'src="/documents/{doc_ids["public"]}/pages/1.jpg"' in html
    assert 'rect class="fieldbox" data-field="number"' in html


def test_page_without_the_layout_shows_its_image_and_no_crops(client, as_user, catalog, tmp_path):
    doc_id = add_table(catalog, tmp_path)
    as_user("vanthu")
    html = client.get(f"/review/{doc_id}").get_data(as_text=True)
    assert html.count('class="review-field"') == len(LAYOUT_FIELDS) == 13
    assert f'src="/documents/{doc_id}/pages/1.jpg"' in html
    assert "/crop.jpg" not in html and "xem ảnh trang" in html
    assert client.get(f"/documents/{doc_id}/pages/1.jpg").status_code == 200


def test_one_field_marked_not_applicable_leaves_the_queue(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    doc_id = doc_ids["hostile"]
    post(client, f"/review/{doc_id}", {"signer": "<img src=x onerror=alert(1)>", "na_signer": "1"})
    assert kinds(catalog, doc_id) == {"signer": "not_applicable"}
    assert effective_metadata(catalog.get(doc_id))["signer"] is None
    assert doc_id not in [d.id for d, _n in catalog.review_queue()]
    assert ("not_applicable", "signer") in audit_rows(catalog, doc_id)
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    row = re.search(r'data-field="signer">.*?</tr>', html, re.S).group(0)
    assert "không áp dụng" in row and "<summary>Không áp dụng (1)</summary>" in row


def test_whole_document_not_applicable(client, as_user, catalog, tmp_path):
    doc_id = add_table(catalog, tmp_path)
    as_user("vanthu")
    response = post(client, f"/review/{doc_id}", {"action": "not_applicable_all"})
    assert response.status_code == 302
    assert kinds(catalog, doc_id) == dict.fromkeys(LAYOUT_FIELDS, "not_applicable")
    assert doc_id not in [d.id for d, _n in catalog.review_queue()]
    assert "page_count" not in kinds(catalog, doc_id)  # a fact of the file: never marked
    assert [a for a, _d in audit_rows(catalog, doc_id)].count("not_applicable") == 13
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert html.count('<span class="not-applicable">không áp dụng</span>') == 13


def test_whole_document_keeps_a_confidentiality_that_was_read(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    doc_id = doc_ids["secret"]
    post(client, f"/review/{doc_id}", {"action": "not_applicable_all"})
    done = kinds(catalog, doc_id)
    assert "confidentiality" not in done and done["subject"] == "not_applicable"
    meta = effective_metadata(catalog.get(doc_id))
    assert meta["confidentiality"] == "Mật" and meta["number"] == "45/UBND-NC"  # values kept


def test_a_confidentiality_read_cannot_be_marked_not_applicable(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    doc_id = doc_ids["secret"]
    with catalog.db.session() as s:  # the mark itself waits for review here
        from archive_service.models import FieldRow

        s.scalars(select(FieldRow).where(FieldRow.document_id == doc_id,
                                         FieldRow.name == "confidentiality")).one().review = True
    response = post(client, f"/review/{doc_id}", {"subject": "Về việc bảo vệ", "na_subject": "1",
                                                  "confidentiality": "Mật",
                                                  "na_confidentiality": "1"})
    assert response.headers["Location"] == f"/review/{doc_id}"
    assert "không thể đánh dấu không áp dụng" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert catalog.get(doc_id).corrections == []  # nothing of the form was recorded
    assert effective_metadata(catalog.get(doc_id))["confidentiality"] == "Mật"


def test_unknown_correction_kind_is_refused(catalog, doc_ids):
    with pytest.raises(InputRejectedError):
        catalog.set_correction(doc_ids["public"], "number", "1/QĐ", user="x", kind="guess")


# --- 4. crops, the edit form --------------------------------------------------------------------

def test_field_crop_is_padded_around_its_box(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    field = next(f for f in catalog.get(doc_ids["public"]).fields if f.name == "number")
    x0, y0, x1, y1 = (v * IMAGE_W / PAGE_W for v in field.box)
    data = client.get(f"/documents/{doc_ids['public']}/fields/number/crop.jpg").data
    with Image.open(io.BytesIO(data)) as crop:
        width, height = crop.size
    line = y1 - y0
    assert width >= (x1 - x0) + 2 * documents_view.CROP_PAD_X * line - 2  # a letter each side
    assert height >= line * (1 + 2 * documents_view.CROP_PAD_Y) - 2


def test_crop_box_stays_on_the_image():
    assert documents_view.crop_box((2.0, 3.0, 50.0, 20.0), 100, 100) == (0, 0, 76, 32)
    assert documents_view.crop_box((60.0, 80.0, 98.0, 99.0), 100, 100) == (31, 68, 100, 100)


def test_edit_form_is_wide_and_file_facts_are_read_only(client, as_user, doc_ids, catalog):
    as_user("vanthu")
    doc_id = doc_ids["public"]
    html = client.get(f"/documents/{doc_id}?edit=1").get_data(as_text=True)
    assert re.search(r'<textarea id="f-subject" name="subject"[^>]*>Về việc ban hành', html)
    assert 'name="page_count"' not in html and 'name="language"' not in html
    assert re.search(r'<output id="f-page_count" class="read-only"[^>]*>2</output>', html)
    post(client, f"/documents/{doc_id}", {"page_count": "99", "language": "en",
                                          "subject": "Về việc ban hành Kế hoạch năm 2023"})
    meta = effective_metadata(catalog.get(doc_id))
    assert meta["page_count"] == 2 and meta["subject"] == "Về việc ban hành Kế hoạch năm 2023"
    css = client.get("/static/app.css").get_data(as_text=True)
    assert ".edit-form table.metadata { width: 100%; }" in css


def test_every_layout_field_has_a_label():
    from archive_service.web.fields import LABELS, READ_ONLY

    assert set(LABELS) == set(METADATA_FIELDS)
    assert set(LAYOUT_FIELDS) | set(READ_ONLY) == set(METADATA_FIELDS)


def test_the_signer_field_offers_the_names_confirmed_for_the_same_issuer(client, as_user, catalog,
                                                                         tmp_path):
    spec = {"fields": {"issuer": "SỞ Y TẾ", "signer": "Hoàng Anh"}, "review": {"signer"},
            "pages": ["SỞ Y TẾ\nGIÁM ĐỐC\nHoàng Anh"], "name": "cv_so_y_te.png"}
    earlier = add_document(catalog, tmp_path, "earlier", spec, seed=21)
    catalog.set_correction(earlier, "signer", "Lê Hoàng Anh", user="vanthu")
    other = add_document(catalog, tmp_path, "other", {**spec, "fields": {
        "issuer": "SỞ TÀI CHÍNH", "signer": "Hoàng Anh"}}, seed=22)
    catalog.set_correction(other, "signer", "Phạm Minh Tâm", user="vanthu")
    doc_id = add_document(catalog, tmp_path, "now", spec, seed=23)
    as_user("vanthu")
    html = client.get(f"/review/{doc_id}").get_data(as_text=True)
    assert 'list="known-signers"' in html
    datalist = re.search(r'<datalist id="known-signers">.*?</datalist>', html, re.S).group(0)
    assert '<option value="Lê Hoàng Anh">' in datalist and "Phạm Minh Tâm" not in datalist
