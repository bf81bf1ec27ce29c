"""Mục lục (issue 13): the file list of a phông and the document list of a hồ sơ, rendered as
XLSX, PDF and CSV, opened again and read back (openpyxl; `pdftotext` when poppler-utils is
installed, else PDFium's text extraction). Text is NFC even when the rows were not."""

from __future__ import annotations

import csv
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from PIL import Image

from archive_service.cli import main
from archive_service.finding_aids import (
    DOCUMENT_COLUMNS,
    FILE_COLUMNS,
    DocumentRow,
    FileRow,
    build_document_list,
    build_file_list,
    document_rows,
    render,
)
from archive_service.records import FieldValue, Page
from tests.conftest import catalog_env

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731 - rows as a legacy source gives them

FILES = [
    FileRow(1, "HS-2023-01", NFD("Hồ sơ cải cách hành chính năm 2023"), date(2023, 1, 12),
            date(2023, 12, 28), 45, "Vĩnh viễn", ""),
    FileRow(2, "HS-2023-02", "Tập lưu công văn đi của Sở Nội vụ", "2023-02-01", "2023-06-30",
            120, "20 năm", NFD("Thiếu tờ số 17")),
]


def pdf_text(path: Path) -> str:
    """The PDF's text, NFC."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                             text=True, check=True, timeout=60).stdout
    else:
        pdf = pypdfium2.PdfDocument(str(path))
        out = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        pdf.close()
    return unicodedata.normalize("NFC", out)


def words(text: str) -> set[str]:
    return set(text.split())


def xlsx_rows(path: Path) -> list[list[str]]:
    sheet = load_workbook(path).active
    return [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]


def assert_nfc(cells: list[list[str]]) -> None:
    for row in cells:
        for cell in row:
            assert unicodedata.is_normalized("NFC", cell), cell


def test_file_list_of_a_phong_as_xlsx_csv_and_pdf(tmp_path):
    aid = build_file_list(NFD("Sở Nội vụ tỉnh Hậu Giang"), FILES)
    rows = xlsx_rows(render(aid, tmp_path / "muc-luc.xlsx"))
    assert rows[0][0] == "MỤC LỤC HỒ SƠ" and rows[1][0] == "Phông: Sở Nội vụ tỉnh Hậu Giang"
    assert tuple(rows[2]) == FILE_COLUMNS
    assert rows[3] == ["1", "HS-2023-01", "Hồ sơ cải cách hành chính năm 2023",
                       "12/01/2023 – 28/12/2023", "45", "Vĩnh viễn", ""]
    assert rows[4][1:] == ["HS-2023-02", "Tập lưu công văn đi của Sở Nội vụ",
                           "01/02/2023 – 30/06/2023", "120", "20 năm", "Thiếu tờ số 17"]
    assert_nfc(rows)
    with (render(aid, tmp_path / "muc-luc.csv")).open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines == rows[2:]
    text = pdf_text(render(aid, tmp_path / "muc-luc.pdf"))
    assert "MỤC LỤC HỒ SƠ" in text and "Phông: Sở Nội vụ tỉnh Hậu Giang" in text
    for expected in ("HS-2023-01", "HS-2023-02", "Vĩnh", "viễn", "cải", "cách", "hành", "chính",
                     "Thiếu", "tờ", "120", "12/01/2023", "30/06/2023", "Tiêu", "đề"):
        assert expected in words(text), expected


def test_document_list_of_the_current_catalog(catalog, tmp_path):
    """Loose documents: a "hồ sơ" of every document, in catalog order."""
    specs = [("2629/QĐ-UBND", "2023-01-12", "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
              "Về việc ban hành Kế hoạch cải cách hành chính năm 2023", 2, None),
             ("45/UBND-NC", "2022-05-03", "CÔNG AN TỈNH BÌNH ĐỊNH",
              NFD("Về việc bảo vệ quân sự"), 1, "Mật"),
             ("15/TB-SNV", "2024-02-01", "SỞ NỘI VỤ", "Lịch họp giao ban", 3, None)]
    for n, (number, issued, issuer, subject, pages, mark) in enumerate(specs):
        source = tmp_path / f"d{n}.png"
        Image.new("L", (300 + n, 200), 255).save(source)
        doc_id = catalog.add_file(source, enqueue=False).id
        assert catalog.claim(doc_id)
        fields = {"number": FieldValue(number, 0.9), "issued_date": FieldValue(issued, 0.9),
                  "issuer": FieldValue(issuer, 0.9), "subject": FieldValue(subject, 0.9),
                  "confidentiality": FieldValue(mark, 0.9)}
        catalog.save_result(doc_id, [Page(number=p, text="…") for p in range(1, pages + 1)],
                            fields)
    catalog.set_correction(1, "subject", "Về việc ban hành Kế hoạch cải cách hành chính",
                           user="lan")
    docs = [catalog.get(d.id) for d in reversed(catalog.list_documents())]
    aid = build_document_list("Tất cả văn bản", document_rows(docs))
    rows = xlsx_rows(render(aid, tmp_path / "van-ban.xlsx"))
    assert tuple(rows[2]) == DOCUMENT_COLUMNS
    assert rows[3] == ["1", "2629/QĐ-UBND", "12/01/2023", "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
                       "Về việc ban hành Kế hoạch cải cách hành chính", "1–2", ""]
    assert rows[4] == ["2", "45/UBND-NC", "03/05/2022", "CÔNG AN TỈNH BÌNH ĐỊNH",
                       "Về việc bảo vệ quân sự", "3", "Mật"]
    assert rows[5][5] == "4–6"
    assert_nfc(rows)
    text = pdf_text(render(aid, tmp_path / "van-ban.pdf"))
    assert "MỤC LỤC VĂN BẢN" in text and "Hồ sơ: Tất cả văn bản" in text
    for expected in ("2629/QĐ-UBND", "45/UBND-NC", "15/TB-SNV", "Trích", "yếu", "quân", "sự",
                     "12/01/2023", "Mật", "1–2", "4–6"):
        assert expected in words(text), expected
    csv_rows = list(csv.reader((render(aid, tmp_path / "van-ban.csv"))
                               .open(encoding="utf-8-sig", newline="")))
    assert csv_rows == rows[2:]
    # The same list from the command line (`archive muc-luc`), all documents in catalog order.
    runner = CliRunner(env=catalog_env(catalog.config))
    result = runner.invoke(main, ["muc-luc", str(tmp_path / "cli.xlsx")])
    assert result.exit_code == 0, result.output
    assert xlsx_rows(tmp_path / "cli.xlsx")[2:] == rows[2:]
    again = runner.invoke(main, ["muc-luc", str(tmp_path / "cli.xlsx")])
    assert again.exit_code == 3 and "đã có" in again.output


def test_an_unknown_format_is_refused(tmp_path):
    from archive_service.errors import ArchiveError

    with pytest.raises(ArchiveError, match="xlsx, .pdf hoặc .csv"):
        render(build_document_list("x", [DocumentRow(1, "", None, "", "")]), tmp_path / "a.doc")


# --- from the phông and hồ sơ records ---------------------------------------------------------

@pytest.fixture
def stc(catalog, tmp_path):
    """Phông STC: hồ sơ STC.2022.01 (the thông báo, the Mật công văn with số tờ 1, the báo
    cáo, in that order) and an empty hồ sơ STC.2023.02; the user canbo has no clearance."""
    from archive_service.filing import SYSTEM, Filing
    from archive_service.users import Users
    from tests.filing_samples import add_sample

    names = ("tb_so_tai_chinh_can_tho_2022", "cv_bo_noi_vu_mat_2021",
             "bc_so_tai_chinh_an_giang_2023")
    ids = [add_sample(catalog, tmp_path, n, index=False) for n in names]
    filing = Filing(catalog)
    filing.create_fonds({"code": "STC", "name": NFD("Sở Tài chính thành phố Cần Thơ")}, by=SYSTEM)
    filing.create_file("STC", {"code": "STC.2022.01", "title": NFD("Hồ sơ quyết toán ngân sách"),
                               "retention_years": "20", "notes": "Thiếu tờ số 3"}, by=SYSTEM)
    filing.create_file("STC", {"code": "STC.2023.02", "title": "Hồ sơ rỗng"}, by=SYSTEM)
    filing.file_documents(ids, "STC.2022.01", by=SYSTEM)
    filing.set_document_fields(ids[1], {"sheet_count": "1", "notes": NFD("Bản sao")}, by=SYSTEM)
    Users(catalog).add("canbo", "staff", password="mat-khau-thu-123", clearance=0)
    return ids


STC_FILES = [["1", "STC.2022.01", "Hồ sơ quyết toán ngân sách", "07/09/2021 – 28/11/2023", "4",
              "20 năm", "Thiếu tờ số 3"],
             ["2", "STC.2023.02", "Hồ sơ rỗng", "", "0", "Vĩnh viễn", ""]]
STC_DOCUMENTS = [
    ["1", "15/TB-STC", "12/01/2022", "SỞ TÀI CHÍNH",
     "Kết luận của Giám đốc Sở Tài chính tại cuộc họp giao ban tháng 12 năm 2021", "1", ""],
    ["2", "45/BNV-VP", "07/09/2021", "BỘ NỘI VỤ",
     "rà soát, xác định độ mật của tài liệu lưu trữ năm 2021", "2", "Mật; Bản sao"],
    ["3", "302/BC-STC", "28/11/2023", "SỞ TÀI CHÍNH",
     "Tình hình thực hiện dự toán ngân sách nhà nước năm 2023 và dự toán năm 2024", "3–4", ""]]


def test_file_list_of_a_phong_from_its_records(catalog, stc, tmp_path):
    from archive_service.record_aids import build_fonds_aid

    _fonds, aid = build_fonds_aid(catalog, "STC")
    rows = xlsx_rows(render(aid, tmp_path / "stc.xlsx"))
    assert rows[0][0] == "MỤC LỤC HỒ SƠ" and tuple(rows[2]) == FILE_COLUMNS
    assert rows[1][0] == "Phông: Sở Tài chính thành phố Cần Thơ (mã phông STC)"
    assert rows[3:] == STC_FILES
    assert_nfc(rows)
    text = pdf_text(render(aid, tmp_path / "stc.pdf"))
    for expected in ("STC.2022.01", "STC.2023.02", "quyết", "toán", "07/09/2021", "28/11/2023",
                     "Vĩnh", "viễn", "20", "năm", "rỗng", "Thiếu"):
        assert expected in words(text), expected


def test_document_list_of_a_hoso_leaves_out_what_the_user_may_not_see(catalog, stc, tmp_path):
    from archive_service.filing import SYSTEM
    from archive_service.record_aids import build_file_aid
    from archive_service.users import Users

    _record, aid = build_file_aid(catalog, "STC.2022.01", SYSTEM)
    rows = xlsx_rows(render(aid, tmp_path / "all.xlsx"))
    assert rows[0][0] == "MỤC LỤC VĂN BẢN"
    assert rows[1][0] == "Hồ sơ: STC.2022.01 — Hồ sơ quyết toán ngân sách"
    assert tuple(rows[2]) == DOCUMENT_COLUMNS and rows[3:] == STC_DOCUMENTS
    assert_nfc(rows)
    canbo = Users(catalog).by_name("canbo")
    _record, aid = build_file_aid(catalog, "STC.2022.01", canbo)
    paths = [render(aid, tmp_path / f"canbo.{ext}") for ext in ("xlsx", "pdf", "csv")]
    assert xlsx_rows(paths[0])[3:] == [STC_DOCUMENTS[0], STC_DOCUMENTS[2]]  # numbers kept
    text = pdf_text(paths[1])
    assert "15/TB-STC" in words(text) and "302/BC-STC" in words(text) and "3–4" in words(text)
    for path_text in (text, paths[2].read_text(encoding="utf-8-sig")):
        assert "45/BNV-VP" not in path_text and "độ mật" not in path_text


def test_muc_luc_command_for_a_phong_and_a_hoso(catalog, stc, tmp_path):
    runner = CliRunner(env=catalog_env(catalog.config))
    result = runner.invoke(main, ["muc-luc", str(tmp_path / "phong.xlsx"), "--phong", "STC"])
    assert result.exit_code == 0 and "Đã ghi mục lục 2 hồ sơ" in result.output, result.output
    assert xlsx_rows(tmp_path / "phong.xlsx")[3:] == STC_FILES
    result = runner.invoke(main, ["muc-luc", str(tmp_path / "hoso.pdf"), "--hoso", "STC.2022.01"])
    assert result.exit_code == 0 and "Đã ghi mục lục 3 văn bản" in result.output, result.output
    assert "45/BNV-VP" in words(pdf_text(tmp_path / "hoso.pdf"))
    result = runner.invoke(main, ["muc-luc", str(tmp_path / "hoso.csv"), "--hoso", "STC.2022.01",
                                  "--as", "canbo"])
    assert result.exit_code == 0 and "Đã ghi mục lục 2 văn bản" in result.output, result.output
    lines = list(csv.reader((tmp_path / "hoso.csv").open(encoding="utf-8-sig", newline="")))
    assert lines == [list(DOCUMENT_COLUMNS), STC_DOCUMENTS[0], STC_DOCUMENTS[2]]
    for args, code, message in ((["--hoso", "KHONG.CO"], 4, "Không có hồ sơ «KHONG.CO»"),
                                (["--phong", "STC", "--hoso", "STC.2022.01"], 3, "Chọn một"),
                                (["--hoso", "STC.2022.01", "--as", "ai-do"], 4, "ai-do")):
        result = runner.invoke(main, ["muc-luc", str(tmp_path / "x.xlsx"), *args])
        assert result.exit_code == code and message in result.output, result.output
        assert not (tmp_path / "x.xlsx").exists()
