"""Phông and hồ sơ pages, filing from search results and uploads, proposals on the review
screen, the viewer through a hồ sơ, the retention list, in Vietnamese and English."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from archive_service.filing import SYSTEM, Filing
from archive_service.web.archival_messages import MESSAGES
from tests.web.conftest import HOSTILE, post


@pytest.fixture
def records(app, doc_ids):
    """A phông with two hồ sơ; the public and the Mật documents filed in the first."""
    filing = Filing(app.extensions["archive_catalog"])
    filing.create_fonds({"code": "HG", "name": "Ủy ban nhân dân tỉnh Hậu Giang"}, by=SYSTEM)
    a = filing.create_file("HG", {"code": "HG.2023.01", "title": "Hồ sơ cải cách hành chính 2023",
                                  "retention_years": "10"}, by=SYSTEM)
    b = filing.create_file("HG", {"code": "HG.2024.02", "title": "Hồ sơ họp giao ban"}, by=SYSTEM)
    filing.file_documents([doc_ids["public"], doc_ids["secret"]], "HG.2023.01", by=SYSTEM)
    return filing, a, b


def test_archivist_creates_fonds_and_file_and_files_search_hits(client, as_user, doc_ids, app):
    as_user("vanthu")
    r = post(client, "/fonds", {"code": "SNV", "name": "Sở Nội vụ", "status": "open",
                                "history": "Thành lập năm 1976"})
    assert r.status_code == 302
    assert "Sở Nội vụ" in client.get(r.headers["Location"]).get_data(as_text=True)
    r = post(client, "/files", {"fonds": "SNV", "code": "SNV.01", "title": "Hồ sơ giao ban",
                                "retention_years": "Vĩnh viễn", "access_mode": "public"})
    assert r.status_code == 302
    file_url = r.headers["Location"]
    html = client.get("/search?q=giao+ban").get_data(as_text=True)
    assert 'form="search-file-into"' in html and "SNV.01" in html
    r = post(client, "/file-documents", {"file_code": "SNV.01", "next": "/search?q=giao+ban",
                                         "documents": [str(doc_ids["hostile"]),
                                                       str(doc_ids["public"])]})
    assert r.status_code == 302 and r.headers["Location"] == "/search?q=giao+ban"
    html = client.get(file_url).get_data(as_text=True)
    rows = re.findall(r'<tr data-id="(\d+)" data-position="(\d+)"', html)
    assert rows == [(str(doc_ids["hostile"]), "1"), (str(doc_ids["public"]), "2")]
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert 'data-field="document_count"' in html and "01/02/2024" in html  # derived end date
    html = client.get("/search?file=SNV.01").get_data(as_text=True)
    assert 'data-facet="file"' in html and 'data-total="2"' in html


def test_staff_reads_but_cannot_change(client, as_user, records, doc_ids):
    _filing, a, _b = records
    as_user("canbo")
    assert client.get(f"/files/{a.id}").status_code == 200
    assert post(client, "/fonds", {"code": "X", "name": "x"}).status_code == 403
    assert post(client, "/file-documents", {"file_code": "HG.2024.02",
                                            "documents": str(doc_ids["public"])}).status_code == 403
    assert client.get("/retention").status_code == 403


def test_file_page_hides_classified_documents_and_pages_through_the_file(
        client, as_user, records, doc_ids):
    _filing, a, _b = records
    as_user("canbo")  # no clearance: the Mật document is counted, never named
    html = client.get(f"/files/{a.id}").get_data(as_text=True)
    assert "45/UBND-NC" not in html and "bảo vệ quân sự" not in html
    assert "1 tài liệu của hồ sơ không hiển thị" in html
    assert f"/documents/{doc_ids['secret']}/" not in html
    assert html.count('class="viewer"') == 1 and "Trang 1 / 2 của hồ sơ" in html
    html = client.get(f"/files/{a.id}?view=2").get_data(as_text=True)
    assert f'/documents/{doc_ids["public"]}/pages/2.jpg' in html
    client.get("/logout")
    as_user("canbo_mat")  # Mật clearance: three pages, the secret one last
    html = client.get(f"/files/{a.id}?view=3").get_data(as_text=True)
    assert f'/documents/{doc_ids["secret"]}/pages/1.jpg' in html and "45/UBND-NC" in html
    assert client.get(f"/documents/{doc_ids['secret']}/pages/1.jpg").status_code == 200


def sheet_rows(body: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    return [["" if c is None else str(c) for c in row]
            for row in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]


def pdf_words(body: bytes) -> set[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(body)
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    return set(unicodedata.normalize("NFC", text).split())


def test_muc_luc_downloads_from_the_phong_and_hoso_pages(client, as_user, records, doc_ids, app):
    _filing, a, _b = records
    as_user("canbo")  # no clearance: the Mật document is left out of the hồ sơ's list
    html = client.get(f"/fonds/{a.fonds_id}").get_data(as_text=True)
    for fmt in ("xlsx", "pdf", "csv"):
        assert f'href="/fonds/{a.fonds_id}/muc-luc.{fmt}"' in html
    r = client.get(f"/fonds/{a.fonds_id}/muc-luc.xlsx")
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in r.headers["Content-Disposition"] and "muc-luc-ho-so-HG.xlsx" in \
        r.headers["Content-Disposition"]
    rows = sheet_rows(r.data)
    assert rows[0][0] == "MỤC LỤC HỒ SƠ" and [row[1] for row in rows[3:]] == ["HG.2023.01",
                                                                              "HG.2024.02"]
    assert rows[3][2:] == ["Hồ sơ cải cách hành chính 2023", "03/05/2022 – 12/01/2023", "3",
                           "10 năm", ""]
    html = client.get(f"/files/{a.id}").get_data(as_text=True)
    for fmt in ("xlsx", "pdf", "csv"):
        assert f'href="/files/{a.id}/muc-luc.{fmt}"' in html
    r = client.get(f"/files/{a.id}/muc-luc.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    found = pdf_words(r.data)
    assert {"MỤC", "VĂN", "BẢN", "2629/QĐ-UBND", "12/01/2023", "1–2"} <= found
    assert "45/UBND-NC" not in found and "quân" not in found
    r = client.get(f"/files/{a.id}/muc-luc.csv")
    text = r.data.decode("utf-8-sig")
    assert r.mimetype == "text/csv" and "2629/QĐ-UBND" in text and "45/UBND-NC" not in text
    assert len(text.strip().splitlines()) == 2
    client.get("/logout")
    as_user("canbo_mat")  # Mật clearance: both, in order
    rows = sheet_rows(client.get(f"/files/{a.id}/muc-luc.xlsx").data)
    assert [(row[0], row[1], row[5]) for row in rows[3:]] == [("1", "2629/QĐ-UBND", "1–2"),
                                                              ("2", "45/UBND-NC", "3")]
    assert client.get(f"/files/{a.id}/muc-luc.doc").status_code == 404
    assert client.get("/files/99999/muc-luc.xlsx").status_code == 404
    assert "Download the document list:" in client.get(f"/files/{a.id}?lang=en").get_data(
        as_text=True)
    anonymous = app.test_client().get(f"/fonds/{a.fonds_id}/muc-luc.xlsx")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_reorder_move_and_unfile_from_the_file_page(client, as_user, records, doc_ids, app):
    _filing, a, b = records
    as_user("vanthu")  # clearance Mật: sees both
    post(client, f"/files/{a.id}/position", {"document": doc_ids["secret"], "position": "1"})
    html = client.get(f"/files/{a.id}").get_data(as_text=True)
    assert re.findall(r'<tr data-id="(\d+)"', html) == [str(doc_ids["secret"]), str(doc_ids["public"])]
    post(client, "/file-documents", {"file_code": "HG.2024.02", "documents": doc_ids["public"]})
    assert re.findall(r'<tr data-id="(\d+)"', client.get(f"/files/{b.id}").get_data(as_text=True)) \
        == [str(doc_ids["public"])]
    post(client, f"/files/{b.id}/unfile", {"documents": doc_ids["public"]})
    html = client.get(f"/documents/{doc_ids['public']}").get_data(as_text=True)
    assert "Văn bản chưa thuộc hồ sơ nào." in html


def test_bad_input_is_explained_in_vietnamese_and_english_and_changes_nothing(
        client, as_user, records, doc_ids):
    _filing, a, _b = records
    as_user("vanthu")
    r = post(client, "/files", {"fonds": "HG", "code": "HG.2023.01", "title": "trùng"},
             follow_redirects=True)
    assert "Mã hồ sơ «HG.2023.01» đã có." in r.get_data(as_text=True)
    r = post(client, "/file-documents", {"file_code": "HG.2023.01", "documents": "999999"},
             follow_redirects=True)
    assert "Không có văn bản số 999999." in r.get_data(as_text=True)
    r = post(client, "/files?lang=en", {"fonds": "HG", "code": HOSTILE, "title": "x"},
             follow_redirects=True)
    text = r.get_data(as_text=True)
    assert "is not valid" in text and HOSTILE not in text
    for position in ("²", "-1", "1e9", "9" * 30):
        r = post(client, "/file-documents", {"file_code": "HG.2024.02", "position": position,
                                             "documents": doc_ids["hostile"]})
        assert r.status_code == 302
        r = post(client, f"/files/{a.id}/position", {"document": doc_ids["public"],
                                                     "position": position})
        assert r.status_code == 302
    post(client, "/file-documents", {"file_code": "HG.2023.01", "documents": doc_ids["hostile"]})
    post(client, f"/fonds/{a.fonds_id}", {"status": ""})  # a phông stays open or closed
    assert "<td>Open</td>" in client.get("/fonds?lang=en").get_data(as_text=True)
    post(client, f"/fonds/{a.fonds_id}", {"status": "closed"})
    r = post(client, "/file-documents?lang=en", {"file_code": "HG.2024.02",
                                                 "documents": doc_ids["hostile"]},
             follow_redirects=True)
    assert "is closed" in r.get_data(as_text=True)
    r = post(client, "/file-documents?lang=vi", {"file_code": "HG.2024.02",
                                                 "documents": doc_ids["hostile"]},
             follow_redirects=True)
    assert "đã đóng" in r.get_data(as_text=True)
    html = client.get("/files").get_data(as_text=True)
    assert html.count("<tr data-code=") == 2


def test_nfd_input_is_stored_nfc(client, as_user, app):
    as_user("vanthu")
    post(client, "/fonds", {"code": "HN", "name": unicodedata.normalize("NFD", "Sở Nội vụ Hà Nội")})
    fonds = Filing(app.extensions["archive_catalog"]).get_fonds("HN")
    assert fonds.name == "Sở Nội vụ Hà Nội" and unicodedata.is_normalized("NFC", fonds.name)


def test_review_screen_proposes_a_file_and_one_click_files_it(client, as_user, records, doc_ids,
                                                             app):
    filing, _a, b = records
    filing.file_documents([doc_ids["hostile"]], "HG.2024.02", by=SYSTEM)
    filing.unfile_documents([doc_ids["public"]], by=SYSTEM)  # same issuer/year as nothing filed…
    as_user("vanthu")
    html = client.get(f"/review/{doc_ids['public']}").get_data(as_text=True)
    # the public Quyết định (cải cách hành chính, 2023) ↔ hồ sơ HG.2023.01 by its title words
    assert 'class="proposal" data-file="HG.2023.01"' in html
    assert filing.file_of(doc_ids["public"], SYSTEM) is None  # proposed, not filed
    r = post(client, "/file-documents", {"file_code": "HG.2023.01",
                                         "documents": doc_ids["public"],
                                         "next": f"/review/{doc_ids['public']}"})
    assert r.headers["Location"] == f"/review/{doc_ids['public']}"
    assert filing.file_of(doc_ids["public"], SYSTEM).code == "HG.2023.01"


def test_upload_batch_filed_into_a_file(client, as_user, records, app):
    _filing, _a, b = records
    as_user("vanthu")
    files = []
    for seed in (1, 2):
        buf = io.BytesIO()
        Image.new("L", (700 + seed, 300), 255).save(buf, format="PNG")
        buf.seek(0)
        files.append((buf, f"scan-{seed}.png"))
    r = post(client, "/upload", {"file": files, "file_code": "HG.2024.02"},
             content_type="multipart/form-data")
    assert r.status_code == 200 and "đã lập vào hồ sơ HG.2024.02" in r.get_data(as_text=True)
    html = client.get(f"/files/{b.id}").get_data(as_text=True)
    assert len(re.findall(r'<tr data-id="(\d+)"', html)) == 2  # uploader sees her queued scans


def test_archival_fields_of_a_document_and_retention_page(client, as_user, records, doc_ids):
    as_user("vanthu")
    r = post(client, f"/documents/{doc_ids['public']}/archival",
             {"identifier": "000.00.12.H29", "reliability": "digitized", "sheet_count": "1",
              "autograph": "Có bút tích của Chủ tịch"})
    assert r.status_code == 302
    html = client.get(f"/documents/{doc_ids['public']}?lang=en").get_data(as_text=True)
    assert "000.00.12.H29" in html and "Digitised" in html and "Có bút tích" in html
    _filing, a, b = records
    html = client.get("/retention?lang=vi").get_data(as_text=True)
    assert "Hệ thống không tự hủy" in html and 'data-code="HG.2023.01"' not in html  # 10 năm
    post(client, f"/files/{a.id}", {"retention_years": "1 năm"})  # ends 2023-01-12 + 1 year
    post(client, f"/files/{b.id}", {"retention_years": "vĩnh viễn"})
    html = client.get("/retention").get_data(as_text=True)
    assert 'data-code="HG.2023.01"' in html and "12/01/2024" in html
    assert 'data-code="HG.2024.02"' not in html
    assert client.get(f"/files/{a.id}").status_code == 200  # listed, never deleted


def test_every_text_of_the_records_core_is_marked_for_translation():
    """Labels, choices and error templates of archival_fields.py / filing.py / api_records.py
    are msgids of the web catalog (archival_messages.py), so pages show them in English."""
    from archive_service import archival_fields as af

    root = Path(__file__).resolve().parents[2] / "archive_service"
    marked = {m._args[0] if hasattr(m, "_args") else str(m) for m in MESSAGES}
    texts = {s.label for specs in (af.FONDS_FIELDS, af.FILE_FIELDS, af.DOCUMENT_FIELDS)
             for s in specs}
    texts |= {*af.FONDS_STATUS.values(), *af.ACCESS_MODES.values(), *af.RELIABILITY.values(),
              *af.FILE_DERIVED.values(), af.PERMANENT}
    raised = re.compile(r'Record(?:Error|NotFoundError|ForbiddenError)\(((?:\s*"[^"]*"\s*)+)')
    for name in ("archival_fields.py", "filing.py", "web/api_records.py"):
        for m in raised.finditer((root / name).read_text(encoding="utf-8")):
            texts.add("".join(re.findall(r'"([^"]*)"', m.group(1))))
    assert texts - marked == set()
