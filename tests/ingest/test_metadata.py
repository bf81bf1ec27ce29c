"""Unit tests of the metadata extractor on word lists shaped like Tesseract's output.

Each page is built from rows of (text, x0) pieces; pieces of one row share a line number,
as Tesseract merges the two header columns into one line. OCR noise is written in.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from archive_service.records import METADATA_FIELDS, Page, Word
from ingest.metadata import _calibration, extract_metadata, parse_issuer_abbreviations
from ingest.metadata._assemble import _known_agency, fits_title
from ingest.metadata._given_names import GUESSED_MARKS_CONF, SPELLED_WORD_CONF, spell_by_letters
from ingest.metadata._header import split_issuer

W, H = 2480.0, 3508.0


@pytest.fixture(autouse=True)
def readers_only(monkeypatch):
    """These tests are about the readers: their raw scores and their own flags, with a value
    below 0.7 flagged, as without a calibration table (tests/ingest/test_calibration.py tests
    the fitted table, which changes with every refit)."""
    monkeypatch.setattr(_calibration, "_curves", dict)
CHAR, HEIGHT, STEP = 22.0, 44.0, 60.0
Rows = list[tuple[float, list[tuple[str, float]]]]


def build_page(rows: Rows, *, number: int = 1, conf: float = 95.0,
               confs: dict[str, float] | None = None, text_layer: str = "") -> Page:
    words, lines = [], []
    for line_no, (y, pieces) in enumerate(rows):
        for text, x0 in pieces:
            x = x0
            for token in text.split():
                width = CHAR * len(token)
                words.append(Word(token, x, y, x + width, y + HEIGHT,
                                  (confs or {}).get(token, conf), 1, line_no))
                x += width + CHAR
        lines.append(" ".join(text for text, _ in pieces))
    return Page(number=number, text="\n".join(lines), words=words, width=W, height=H,
                source="ocr", mean_conf=conf, text_layer=text_layer)


def centre(text: str, cx: float = W / 2) -> float:
    return cx - CHAR * len(text) / 2


def header(*, left=("ỦY BAN NHÂN DÂN", "TỈNH HẬU GIANG"), number="Số: 2629/QĐ-UBND",
           date="Hậu Giang, ngày 27 tháng 12 năm 2023", title="QUYẾT ĐỊNH",
           subject=("Phê duyệt Kế hoạch số hóa tài liệu lưu trữ",
                    "tại Lưu trữ lịch sử tỉnh giai đoạn 2024 - 2026"),
           vv=(), marks=(), motto="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", y=250.0,
           left_x=300.0, right_x=1150.0) -> Rows:
    left_lines = [*left, number, *vv, *marks]
    right_lines = [motto, "Độc lập - Tự do - Hạnh phúc", date]
    rows: Rows = []
    for i in range(max(len(left_lines), len(right_lines))):
        pieces = []
        if i < len(left_lines) and left_lines[i]:
            pieces.append((left_lines[i], left_x))
        if i < len(right_lines) and right_lines[i]:
            pieces.append((right_lines[i], right_x))
        rows.append((y + i * STEP, pieces))
    y = rows[-1][0] + 2 * STEP
    if title:
        rows.append((y, [(title, centre(title))]))
        for line in subject:
            y += STEP
            rows.append((y, [(line, centre(line))]))
    return rows


def body(lines, y: float) -> Rows:
    return [(y + i * STEP, [(line, 280.0)]) for i, line in enumerate(lines)]


def foot(recipients, block, name, y: float = 2400.0, anchor="Nơi nhận:") -> Rows:
    left = [anchor, *(f"- {r}" for r in recipients)]
    right = [*block, "", "", "", name]
    rows: Rows = []
    for i in range(max(len(left), len(right))):
        pieces = []
        if i < len(left) and left[i]:
            pieces.append((left[i], 280.0))
        if i < len(right) and right[i]:
            pieces.append((right[i], centre(right[i], 1750.0)))
        if pieces:
            rows.append((y + i * 55.0, pieces))
    return rows


BODY = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;",
        "Điều 1. Phê duyệt Kế hoạch số hóa tài liệu lưu trữ tại Lưu trữ lịch sử tỉnh."]
RECIPIENTS = ["Như Điều 3;", "Bộ Nội vụ (b/c);", "Lưu: VT, NC."]
BLOCK = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def document(*, hdr: Rows | None = None, block=BLOCK, name="Trần Thành Lập",
             recipients=RECIPIENTS, **kw) -> list[Page]:
    rows = (hdr or header()) + body(BODY, 1000.0) + foot(recipients, block, name)
    return [build_page(rows, **kw)]


def values(pages, **kw) -> dict:
    return {k: v.value for k, v in extract_metadata(pages, **kw).items()}


# --- every field --------------------------------------------------------------------------

def test_every_field_of_a_decision():
    got = values(document())
    assert got == {
        "number": "2629/QĐ-UBND",
        "issued_date": "2023-12-27",
        "place": "Hậu Giang",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
        "parent_issuer": None,
        "doc_type": "Quyết định",
        "subject": "Phê duyệt Kế hoạch số hóa tài liệu lưu trữ tại Lưu trữ lịch sử tỉnh "
                   "giai đoạn 2024 - 2026",
        "confidentiality": None,
        "urgency": None,
        "signing_authority": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer": "Trần Thành Lập",
        "recipients": RECIPIENTS,
        "page_count": 1,
        "language": "vi",
    }


def test_exact_field_names_and_clean_reading_not_flagged():
    got = extract_metadata(document())
    assert tuple(got) == METADATA_FIELDS
    flagged = [k for k, v in got.items() if v.review]
    assert flagged == []
    assert all(0.7 <= v.confidence <= 1 for v in got.values() if v.value is not None)
    assert got["number"].page == 1 and got["number"].box is not None


def test_official_letter_with_vv_and_parent_issuer():
    hdr = header(left=("UBND TỈNH HẬU GIANG", "SỞ NỘI VỤ"), number="Số: 454/SNV-VTLT",
                 title=None, vv=("V/v hướng dẫn chỉnh lý tài liệu", "tồn đọng tại các cơ quan"))
    got = values(document(hdr=hdr, block=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), name="Lê Thị Mỹ Hạnh"),
                 issuer_abbreviations="SNV,VTLT")
    assert got["doc_type"] == "Công văn"
    assert got["subject"] == "hướng dẫn chỉnh lý tài liệu tồn đọng tại các cơ quan"
    assert got["parent_issuer"] == "UBND TỈNH HẬU GIANG"
    assert got["issuer"] == "SỞ NỘI VỤ"
    assert got["signing_authority"] == "KT. GIÁM ĐỐC"
    assert got["signer_title"] == "PHÓ GIÁM ĐỐC"
    assert got["signer"] == "Lê Thị Mỹ Hạnh"


def test_a_vv_subjects_next_line_running_a_little_past_the_left_column_is_the_subjects():
    """A V/v subject's lines are centred under the number: in a narrow left column the second
    runs past the column's edge (under the motto's start) as the first may; the body's lines,
    much wider, never go on it."""
    hdr = header(left=("UBND TỈNH HẬU GIANG", "SỞ NỘI VỤ"), number="Số: 454/SNV-VTLT",
                 title=None, vv=("V/v hướng dẫn chỉnh lý tài liệu", "tồn đọng tại các cơ quan"),
                 right_x=800.0)
    got = values(document(hdr=hdr))
    assert got["subject"] == "hướng dẫn chỉnh lý tài liệu tồn đọng tại các cơ quan"


def test_a_date_line_alone_starting_left_of_the_motto_is_the_right_columns():
    """``Thừa Thiên Huế, ngày …`` under the motto, a long place starting left of the motto's
    first word, read as a line of its own above the number's: the header goes on past it."""
    rows = header(left=("HỘI ĐỒNG NHÂN DÂN", "TỈNH THỪA THIÊN HUẾ"), number="Số: 06/TB-HĐND",
                  date="", right_x=1150.0)
    date = "Thừa Thiên Huế, ngày 01 tháng 10 năm 2016"
    at = next(i for i, (_y, pieces) in enumerate(rows) if pieces[0][0].startswith("Số:"))
    rows.insert(at, (rows[at][0] - 8.0, [(date, 1100.0)]))
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert (got["number"], got["issued_date"], got["place"]) == ("06/TB-HĐND", "2016-10-01",
                                                                 "Thừa Thiên Huế")


@pytest.mark.parametrize("label", ["V/v", "V/"])  # its v lost to a speck or a faint stroke
def test_official_letter_whose_vv_lost_its_v(label):
    hdr = header(left=("BỘ NỘI VỤ",), number="Số: 45/BNV-VP", title=None,
                 vv=(f"{label} rà soát, xác định độ mật", "của tài liệu lưu trữ năm 2021"))
    got = values(document(hdr=hdr))
    assert got["doc_type"] == "Công văn"
    assert got["subject"] == "rà soát, xác định độ mật của tài liệu lưu trữ năm 2021"


def test_letter_of_a_central_body_whose_symbol_starts_with_its_initials():
    # a Cục's công văn numbered ``…/CT-KTT3`` (CT: Cục Thuế, not Chỉ thị); bold capitals
    # read without their marks get them back from the names of central bodies
    hdr = header(left=("TỔNG CỤC THUÊ", "CỤC THUÊ TỈNH HẬU GIANG"), number="Số: 693/CT-KTT3",
                 title=None, vv=("V/v không đóng dấu trên hoá đơn đặt in",))
    got = values(document(hdr=hdr, block=("KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG")))
    assert got["doc_type"] == "Công văn"
    assert got["issuer"] == "CỤC THUẾ TỈNH HẬU GIANG"
    assert got["parent_issuer"] == "TỔNG CỤC THUẾ"


def test_issuers_last_word_glued_to_the_motto_on_the_mottos_side():
    # ``TƯCỘNG`` fell right of the columns' boundary: ``TƯ`` is the issuer's
    hdr = header(left=("SỞ KẾ HOẠCH VÀ ĐẦU",), number="Số: 665/HD-SKHĐT", title="HƯỚNG DẪN")
    y, pieces = hdr[0]
    hdr[0] = (y, [pieces[0], ("TƯCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1100.0)])
    got = values(document(hdr=hdr, block=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")))
    assert got["issuer"] == "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"


def test_number_label_read_as_a_line_of_its_own_level_with_the_number():
    # OCR read ``Số:`` alone and ``2394/BC-STC`` with the date line: one row, one number
    hdr = header(left=("SỞ TÀI CHÍNH",), number="2394/BC-STC",
                 date="An Giang, ngày 28 tháng 11 năm 2023", title="BÁO CÁO",
                 subject=("Tình hình thực hiện dự toán ngân sách",))
    y, pieces = hdr[1]
    hdr[1] = (y, [("2394/BC-STC", 390.0), *pieces[1:]])
    hdr.append((y + 6.0, [("Số:", 300.0)]))
    got = values(document(hdr=hdr, block=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")))
    assert got["number"] == "2394/BC-STC"
    assert got["issuer"] == "SỞ TÀI CHÍNH"


def test_a_symbol_naming_a_type_is_still_that_type_beside_a_vv_line():
    hdr = header(number="Số: 07/CT-UBND", title=None, vv=("V/v tăng cường kỷ luật",))
    assert values(document(hdr=hdr))["doc_type"] == "Chỉ thị"


@pytest.mark.parametrize(("title", "number", "expected"), [
    ("QUYẾT ĐỊNH", "Số: 12/QĐ-UBND", "Quyết định"),
    ("THÔNG BÁO", "Số: 15/TB-UBND", "Thông báo"),
    ("TỜ TRÌNH", "Số: 22/TTr-UBND", "Tờ trình"),
    ("BÁO CÁO", "Số: 23/BC-UBND", "Báo cáo"),
    ("KẾ HOẠCH", "Số: 112/KH-UBND", "Kế hoạch"),
    ("CHỈ THỊ", "Số: 07/CT-UBND", "Chỉ thị"),
    ("NGHỊ QUYẾT", "Số: 346/2017/NQ-HĐND", "Nghị quyết"),
    ("GIẤY MỜI", "Số: 05/GM-UBND", "Giấy mời"),
    ("NGHỊ QUYÉT", "Số: 3/NQ-HĐND", "Nghị quyết"),  # OCR-damaged title
])
def test_each_document_type(title, number, expected):
    got = extract_metadata(document(hdr=header(title=title, number=number)))
    assert got["doc_type"].value == expected
    assert not got["doc_type"].review


def test_type_from_number_when_the_title_is_unreadable():
    hdr = header(title="Q#Ị ~~", number="Số: 12/QĐ-UBND")
    got = extract_metadata(document(hdr=hdr))
    assert got["doc_type"].value == "Quyết định"
    assert got["doc_type"].review


def test_title_disagreeing_with_number_is_flagged():
    got = extract_metadata(document(hdr=header(title="THÔNG BÁO", number="Số: 12/QĐ-UBND")))
    assert got["doc_type"].value == "Thông báo"
    assert got["doc_type"].review


# --- OCR noise ------------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "expected"), [
    ("Số: 2629/QĐ-UBND", "2629/QĐ-UBND"),
    ("S6: 2629/QĐ-UBND", "2629/QĐ-UBND"),
    ("Sô: 2629/QĐ-UBND", "2629/QĐ-UBND"),
    ("Só:2629/QĐ-UBND", "2629/QĐ-UBND"),
    ("Số: 21 / BC-UBND", "21/BC-UBND"),
    ("Số: 346/2017/QĐ-UBND", "346/2017/QĐ-UBND"),
    ("Số: 2629/QD-UBND", "2629/QĐ-UBND"),
    ("Số: 15/TB-HDND", "15/TB-HĐND"),
    ("Số: 273-CP", "273-CP"),
    ("Số: 43/2022/NÐ.CP", "43/2022/NĐ-CP"),  # the eth read for Đ, the dash read as a stop
    ("Số: 4#2022/NĐ-CP", "4/2022/NĐ-CP"),  # the slash before the year read as a mark
    ("Số: 42022/NĐ-CP", "42022/NĐ-CP"),  # no mark: no year is guessed out of the digits
])
def test_number_variants(printed, expected):
    got = extract_metadata(document(hdr=header(number=printed, title=None, subject=())))
    assert got["number"].value == expected


@pytest.mark.parametrize(("printed", "expected"), [
    ("Số: 62/SGDĐTVP", "62/SGDĐT-VP"),  # the dash between two known parts lost
    ("Số: 12/QĐUBND", "12/QĐ-UBND"),
    ("Số: 1113/UBND-LĐTBXH", "1113/UBND-LĐTBXH"),  # a unit code no cut makes two known parts
    ("Số: 29/SYT-KHTC", "29/SYT-KHTC"),  # two type abbreviations: a unit (Kế hoạch - Tài chính)
])
def test_a_dash_lost_between_two_known_parts_of_the_symbol(printed, expected):
    got = extract_metadata(document(hdr=header(number=printed, title=None, subject=())))
    assert got["number"].value == expected
    assert got["number"].review  # a part repaired, or not in the tables: a person looks


@pytest.mark.parametrize(("printed", "expected"), [
    ("Số: 2O/QĐ-UBND", "20/QĐ-UBND"),
    ("Số: l5/QĐ-UBND", "15/QĐ-UBND"),
    ("Số: 1O7/QĐ-UBND", "107/QĐ-UBND"),
])
def test_letters_read_for_digits_are_repaired_and_flagged(printed, expected):
    got = extract_metadata(document(hdr=header(number=printed)))
    assert got["number"].value == expected
    assert got["number"].review


def test_diacritics_lost_on_bold_header_and_old_tone_placement():
    hdr = header(left=("UỶ BAN NHÂN DÂN", "TĨNH QUANG NGAI"),
                 date="Quảng Ngãi, ngày 04 tháng 02 năm 2025", number="Số: 574/UBND-KTTH",
                 title=None, vv=("V/v đăng ký bổ sung nội dung",))
    got = values(document(hdr=hdr))
    # diacritics put back; the old tone placement is kept as printed
    assert got["issuer"] == "UỶ BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert got["place"] == "Quảng Ngãi"


def test_a_header_word_read_as_two_pieces_is_one_word():
    hdr = header(left=("UBND TỈNH HÒA BÌNH", "SỞ LAO ĐỘN G - THƯƠNG BINH VÀ XÃ HỘI"))
    got = values(document(hdr=hdr))
    assert got["issuer"] == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"


def test_merged_motto_spelling_and_noise():
    hdr = header(motto="CỌNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert values(document(hdr=hdr))["number"] == "2629/QĐ-UBND"


@pytest.mark.parametrize(("block", "authority"), [
    (("T/M UỶ BAN NHÂN DÂN", "K/T CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "T/M UỶ BAN NHÂN DÂN K/T CHỦ TỊCH"),
    (("TM ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "TM. ỦY BAN NHÂN DÂN"),
    (("KT, CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "KT. CHỦ TỊCH"),
    (("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"), "TL. CHỦ TỊCH"),
    (("TUQ. BỘ TRƯỞNG", "VỤ TRƯỞNG"), "TUQ. BỘ TRƯỞNG"),
    (("CHỦ TỊCH",), None),
])
def test_signing_authority_old_and_new_marks(block, authority):
    got = values(document(block=block))
    assert got["signing_authority"] == authority
    assert got["signer_title"] == block[-1]
    assert got["signer"] == "Trần Thành Lập"


def test_an_authority_line_level_with_a_long_recipient_is_the_blocks():
    """A recipient printed up to the block (one segment with ``KT. CHỦ TỊCH`` level with it)
    leaves the authority line to the block, and the item to the list."""
    long_item = "UBND các tỉnh, thành phố trực thuộc trung ương (để b/c);"  # 1.4 lines short
    got = values(document(recipients=[long_item, "Lưu: VT, NC."]))
    assert got["signing_authority"] == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"
    assert got["signer_title"] == "PHÓ CHỦ TỊCH"
    assert got["recipients"] == [long_item, "Lưu: VT, NC."]


def test_kt_lost_before_the_head_title_over_a_deputy():
    """``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``: the seal hid ``KT.``; the
    middle line is the head a deputy signs for, not the signer's title, and a guess."""
    got = extract_metadata(document(block=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH")))
    assert got["signing_authority"].value == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"
    assert got["signing_authority"].review
    assert got["signer_title"].value == "PHÓ CHỦ TỊCH"
    got = values(document(block=("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")))
    assert (got["signing_authority"], got["signer_title"]) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    got = values(document(block=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ GIÁM ĐỐC")))
    assert got["signer_title"] == "CHỦ TỊCH"  # no head over its own deputy: as before


@pytest.mark.parametrize(("block", "authority", "title"), [
    (("IÁM ĐỐC", "ĂN PHÒNG"), "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),  # both lines' starts under it
    (("CHỦ TỊCH", "CHÁNH VĂN PHÒNG"), "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
    (("GIÁM ĐỐC", "ƯỞNG PHÒNG"), "TL. GIÁM ĐỐC", "TRƯỞNG PHÒNG"),
])
def test_tl_lost_before_the_head_title_over_another_officers_title(block, authority, title):
    """``TL. GIÁM ĐỐC`` / ``CHÁNH VĂN PHÒNG`` with a black seal over the lines' starts: a block
    prints one title, so the head's line over another officer's title is the authority line
    whose ``TL.`` was lost; both are guesses, flagged."""
    got = extract_metadata(document(block=block))
    assert (got["signing_authority"].value, got["signer_title"].value) == (authority, title)
    assert got["signing_authority"].review and got["signer_title"].review


@pytest.mark.parametrize(("block", "authority", "title"), [
    (("GIÁM ĐỐC",), None, "GIÁM ĐỐC"),
    (("GIÁM ĐỐC", "HỘI ĐỒNG"), None, "GIÁM ĐỐC"),  # no title of the tables under it
    (("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"), "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),  # as printed
])
def test_a_head_title_over_no_other_officers_title_gains_no_tl(block, authority, title):
    got = extract_metadata(document(block=block))
    assert (got["signing_authority"].value, got["signer_title"].value) == (authority, title)


@pytest.mark.parametrize(("left", "block", "doubted"), [
    (("UBND TỈNH HẬU GIANG", "SỞ Y TẾ"), ("CHÁNH VĂN PHÒNG",), True),  # TL. GIÁM ĐỐC lost
    (("BỘ NỘI VỤ",), ("VỤ TRƯỞNG VỤ PHÁP CHẾ",), True),
    (("UBND TỈNH HẬU GIANG", "SỞ NỘI VỤ"), ("TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ",), True),
    (("UBND TỈNH HẬU GIANG", "VĂN PHÒNG"), ("CHÁNH VĂN PHÒNG",), False),  # its own office's
    (("ỦY BAN NHÂN DÂN", "HUYỆN LONG MỸ", "PHÒNG NỘI VỤ"), ("TRƯỞNG PHÒNG",), False),
    (("UBND TỈNH HẬU GIANG", "SỞ Y TẾ"), ("GIÁM ĐỐC",), False),  # a head signs alone
    (("ỦY BAN NHÂN DÂN", "TỈNH HẬU GIANG"), ("TRƯỞNG BAN",), True),  # ỦY BAN is no ban
    # a deputy's title printed in sentence case gets no KT. inferred: its office's still tells
    (("UBND TỈNH HẬU GIANG", "SỞ Y TẾ"), ("Phó chánh văn phòng",), True),
])
def test_an_officer_signing_alone_outside_his_office_doubts_the_lost_authority(left, block,
                                                                                doubted):
    """An officer (``CHÁNH VĂN PHÒNG``) signs ``TL.`` for the head of a body his office is
    part of (Nghị định 30): with no authority line read, the line was lost and the empty
    authority is flagged; in his own office's document (``VĂN PHÒNG``) he signs alone."""
    got = extract_metadata(document(hdr=header(left=left), block=block))
    assert got["signing_authority"].value is None
    assert got["signer_title"].value == block[0]
    assert got["signing_authority"].review is doubted


@pytest.mark.parametrize(("block", "authority", "title"), [
    (("ZZ5WI›GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"), "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
    (("Xq7›CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    # a syllable before a title is the title's own (``TỔNG``), no prefix
    (("TỔNG GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"), "TL. TỔNG GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
    # ``TI`` reads like a misread ``TL`` but leaves ``ZCHỦ TỊCH``: marks glued to the title
    (("TIZCHỦ TỊCH", "CHÁNH VĂN PHÒNG"), "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
])
def test_a_prefix_read_as_marks_glued_to_the_heads_title_is_told_by_the_title_below(
        block, authority, title):
    """``TL.`` under a grey seal read as marks that spell no syllable, glued to the head's
    title (``ZZ5WI›GIÁM ĐỐC``): the line is the authority line, its prefix the one the title
    under it signs with (a deputy's ``KT.``, another officer's ``TL.``), a guess flagged."""
    got = extract_metadata(document(block=block), calibrated=False)
    assert (got["signing_authority"].value, got["signer_title"].value) == (authority, title)
    assert got["signing_authority"].review


def test_specks_glued_before_kt_leave_the_authority_line():
    """``,<KT. BỘ TRƯỞNG`` (a stroke's specks before the prefix) is the authority line; the
    deputy's line lost under the seal, the title is the one ``KT.`` names."""
    got = values(document(block=(",<KT. BỘ TRƯỞNG", "li `")))
    assert (got["signing_authority"], got["signer_title"]) == ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG")


@pytest.mark.parametrize("read", ["TMỦY BAN NHÂN DÂN", "TMưỦY BAN NHÂN DÂN", "TM-ỦY BAN NHÂN DÂN"])
def test_a_prefix_glued_to_an_authority_in_capitals_with_marks_is_set_apart(read):
    """``TM.`` read without its stop and space before a name opening with a marked capital
    (``TMỦY``), or with its stop read as a small letter or a dash: the authority line still."""
    got = values(document(block=(read, "CHỦ TỊCH")))
    assert (got["signing_authority"], got["signer_title"]) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_a_long_item_runs_on_under_the_block_where_no_line_of_it_stands():
    """A list line printed on under the signature block's column, level with nothing of the
    block (the space between the title and the name), is the item's whole line."""
    long_item = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương và các cơ quan khác;"
    items = ["Như Điều 3;", "Bộ Nội vụ (b/c);", "Sở Tài chính;", long_item, "Lưu: VT, NC."]
    assert values(document(recipients=items))["recipients"] == items


def test_deputy_title_hidden_by_seal_is_the_one_kt_names():
    got = extract_metadata(document(block=("KT. CHỦ TỊCH", "CHỦ TỊCH")))
    assert got["signer_title"].value == "PHÓ CHỦ TỊCH"
    # ``KT. CHỦ TỊCH`` read surely: under it only the chair's deputy signs
    assert not got["signer_title"].review


@pytest.mark.parametrize(("block", "title"), [
    (("KT. CHỦ TỊCH", "PHÓ CE"), "PHÓ CHỦ TỊCH"),  # the rest of the title under the seal
    (("KT. GIÁM ĐỐC", "PHÓ Á"), "PHÓ GIÁM ĐỐC"),
    (("KT. CHỦ TỊCH", "PHÓ TRƯỞNG BAN"), "PHÓ TRƯỞNG BAN"),  # a title of the tables is kept
])
def test_a_deputys_title_read_as_pho_and_specks_is_the_one_kt_names(block, title):
    got = extract_metadata(document(block=block))
    assert got["signer_title"].value == title


@pytest.mark.parametrize(("block", "title"), [
    (("Z— GAM ĐỌC",), "GIÁM ĐỐC"),  # a seal's rim before a title read with letters lost
    (("TL. CHỦ TỊCH", "I CHÁNH VĂN PHÒNG"), "CHÁNH VĂN PHÒNG"),
])
def test_specks_before_a_title_are_no_part_of_it(block, title):
    got = extract_metadata(document(block=block))
    assert got["signer_title"].value == title


@pytest.mark.parametrize(("block", "authority"), [
    (("KT. GIẢN", "PHÓ GIÁM ĐỐC"), "KT. GIÁM ĐỐC"),  # the head's title under the seal
    (("TM. ỦY BAN NHÂN DÂN", "KT. Á", "PHÓ CHỦ TỊCH"), "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"),
    (("KT. GIÁM ĐỐC SỞ", "PHÓ GIÁM ĐỐC"), "KT. GIÁM ĐỐC SỞ"),  # the head's title and more: kept
    (("KT. TRƯỞNG BAN", "PHÓ GIÁM ĐỐC"), "KT. TRƯỞNG BAN"),  # a title of the tables: kept
])
def test_a_head_read_as_specks_after_kt_is_the_one_the_deputy_signs_for(block, authority):
    got = extract_metadata(document(block=block))
    assert got["signing_authority"].value == authority


@pytest.mark.parametrize(("authority", "title", "fits"), [
    ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", True),
    ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", True),
    ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", True),
    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", True),
    ("TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "PHÓ CHỦ TỊCH", True),
    ("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", True),
    (None, "GIÁM ĐỐC", True),
    ("KT. GIÁM ĐỐC", "GIÁM ĐỐC", False),  # the head does not sign for himself
    ("KT. CHỦ TỊCH", "TỊCH", False),  # no title of the tables
    ("TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", False),  # a deputy signs for the committee under KT.
    ("TL. GIÁM ĐỐC", "GIÁM ĐỐC", False),
    (None, "PHÓ GIÁM ĐỐC", False),  # a deputy's KT. line lost
])
def test_authority_and_title_fit_as_decree_30_pairs_them(authority, title, fits):
    assert fits_title(authority, title) is fits


def test_a_doubtful_title_read_is_sure_when_the_authority_names_it():
    got = extract_metadata(document(block=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), confs={"PHÓ": 30.0}))
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC"
    assert not got["signer_title"].review and not got["signing_authority"].review
    other = extract_metadata(document(block=("KT. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
                                      confs={"CHÁNH": 30.0}))
    assert other["signer_title"].value == "CHÁNH VĂN PHÒNG"
    assert other["signer_title"].review


def test_a_doubted_head_title_without_an_authority_line_is_less_sure():
    """Alone or under a collective body's line (``TM. ỦY BAN NHÂN DÂN``, under which a
    deputy's block prints ``KT. CHỦ TỊCH`` and ``PHÓ CHỦ TỊCH``), a head's title in a block
    read badly (no name) may have lost ``PHÓ`` and the ``KT.`` line: a guess either way."""
    lone = extract_metadata(document(block=("CHỦ TỊCH",), name=""), calibrated=False)
    under = extract_metadata(document(block=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name=""),
                             calibrated=False)
    assert lone["signer_title"].review and under["signer_title"].review
    assert lone["signer_title"].confidence <= 0.35 and under["signer_title"].confidence <= 0.35


def test_a_stroke_joining_two_words_of_the_name_is_no_part_of_it():
    assert values(document(name="Nguyễn Thị-Xuân Mai"))["signer"] == "Nguyễn Thị Xuân Mai"


def test_surname_cut_by_seal_is_repaired_and_flagged():
    got = extract_metadata(document(name="guyễn Quốc Việt"))
    assert got["signer"].value == "Nguyễn Quốc Việt"
    assert got["signer"].review


def test_em_dash_from_ocr_becomes_en_dash_in_recipients():
    got = values(document(recipients=["Các Sở: Lao động — Thương binh và Xã hội;", "Lưu: VT."]))
    assert got["recipients"] == ["Các Sở: Lao động – Thương binh và Xã hội;", "Lưu: VT."]


def test_a_stop_next_to_a_word_in_lower_case_inside_a_recipient_is_a_comma():
    got = values(document(recipients=["TT. Huyện ủy. TT. HĐND huyện;", "UBND các xã. thị trấn;",
                                      "Lưu: VT, ntphong. Ab"]))
    # so is one after a word in lower case (not the drafter's, which ends the list); an
    # abbreviation's stop is left as read
    assert got["recipients"] == ["TT. Huyện ủy, TT. HĐND huyện;", "UBND các xã, thị trấn;",
                                 "Lưu: VT, ntphong."]


def test_a_stop_after_a_bodys_abbreviation_inside_a_recipient_is_a_comma():
    """``HĐND``, ``UBND`` take no stop of their own: one read after them, before the next
    abbreviation, is the comma (``TT.`` keeps its stop)."""
    got = values(document(recipients=["Như trên;", "HĐND. UBND các tỉnh, thành phố;",
                                      "TT. HĐND huyện;", "Lưu: VT, KHTC. Ab"]))
    assert got["recipients"] == ["Như trên;", "HĐND, UBND các tỉnh, thành phố;",
                                 "TT. HĐND huyện;", "Lưu: VT, KHTC."]


def test_recipient_continued_on_next_line():
    rows = header() + body(BODY, 1000.0) + foot(["Phó Thủ tướng Trương Hòa Bình", "Lưu: VT."],
                                                  BLOCK, "Trần Thành Lập")
    # a continuation line without a dash, just below the first recipient
    rows.append((2400.0 + 1.5 * 55.0, [("(báo cáo);", 300.0)]))
    rows.sort(key=lambda r: r[0])
    got = values([build_page(rows)])
    assert got["recipients"] == ["Phó Thủ tướng Trương Hòa Bình (báo cáo);", "Lưu: VT."]


@pytest.mark.parametrize(("marks", "field", "value"), [
    (("KHẨN",), "urgency", "Khẩn"),
    (("HỎA TỐC",), "urgency", "Hỏa tốc"),
    (("THƯỢNG KHẨN",), "urgency", "Thượng khẩn"),
    (("MẬT",), "confidentiality", "Mật"),
    (("TỐI MẬT",), "confidentiality", "Tối mật"),
])
def test_confidentiality_and_urgency_marks(marks, field, value):
    hdr = header(title=None, number="Số: 45/UBND-VP", vv=("V/v triển khai gấp",), marks=marks)
    got = values(document(hdr=hdr))
    assert got[field] == value
    other = "urgency" if field == "confidentiality" else "confidentiality"
    assert got[other] is None


@pytest.mark.parametrize(("mark", "field", "value"), [
    ("TỐC!", "urgency", "Hỏa tốc"),  # HỎA lost to the stamp's frame
    ("THƯỢNG", "urgency", "Thượng khẩn"),
    ("TUYỆT", "confidentiality", "Tuyệt mật"),
])
def test_a_mark_read_in_part_is_that_mark_flagged(mark, field, value):
    hdr = header(title=None, number="Số: 45/UBND-VP", vv=("V/v triển khai gấp",), marks=(mark,))
    got = extract_metadata(document(hdr=hdr))
    assert got[field].value == value and got[field].review


@pytest.mark.parametrize("word", ["TỘC", "HÒA", "MẬT NHƯ"])
def test_a_word_two_marks_or_a_header_share_is_no_mark(word):
    hdr = header(title=None, number="Số: 45/UBND-VP", vv=("V/v triển khai gấp",), marks=(word,))
    got = values(document(hdr=hdr))
    assert got["urgency"] is None and got["confidentiality"] is None


# --- dates ------------------------------------------------------------------------------------

def test_body_dates_are_never_the_issue_date():
    hdr = header(date="Hậu Giang, ngày   tháng   năm")
    got = extract_metadata(document(hdr=hdr))
    assert got["issued_date"].value is None


def test_a_year_that_cannot_be_takes_the_year_the_page_prints_one_digit_away():
    hdr = header(date="Nghệ An, ngày 13 tháng 03 năm 2092",
                 subject=("Hướng dẫn tuyển sinh năm 2022",))
    got = extract_metadata(document(hdr=hdr))
    assert got["issued_date"].value == "2022-03-13" and got["issued_date"].review
    # no year of the page is one digit away: nothing is guessed
    hdr = header(date="Nghệ An, ngày 13 tháng 03 năm 2092", subject=("Hướng dẫn tuyển sinh",))
    got = extract_metadata(document(hdr=hdr))
    assert got["issued_date"].value is None and got["issued_date"].review


def test_impossible_header_date_is_not_returned_as_valid():
    got = extract_metadata(document(hdr=header(date="Hậu Giang, ngày 31 tháng 02 năm 2023")))
    assert got["issued_date"].value is None
    assert got["issued_date"].review


def test_handwritten_day_uses_signing_time_as_weak_evidence():
    hdr = header(date="Quảng Ngãi, ngày{5 tháng 01 năm 2025")
    pages = document(hdr=hdr, confs={"ngày{5": 18.0})
    got = extract_metadata(pages, signed_at=datetime(2025, 1, 15, 17, 10, 17))
    assert got["issued_date"].value == "2025-01-15"
    assert got["issued_date"].review and got["issued_date"].confidence < 0.7


def test_signing_time_from_the_pdf_text_layer():
    hdr = header(date="Quảng Ngãi, ngày # tháng 02 năm 2025")
    pages = document(hdr=hdr, text_layer="Ký bởi: Ủy ban nhân dân tỉnh\nThời gian ký: "
                                          "04/02/2025 16:42:36")
    got = extract_metadata(pages)
    assert got["issued_date"].value == "2025-02-04"
    assert got["issued_date"].review


def test_signing_time_of_another_month_is_not_used():
    hdr = header(date="Quảng Ngãi, ngày # tháng 02 năm 2025")
    got = extract_metadata(document(hdr=hdr), signed_at=datetime(2025, 3, 1))
    assert got["issued_date"].value is None
    assert got["issued_date"].review


# --- handwritten numbers ------------------------------------------------------------------------

def test_handwritten_number_misread_is_flagged():
    pages = document(hdr=header(number="Số: 899 /UBND-TTHC", title=None, vv=("V/v công bố",)),
                     confs={"899": 31.0})
    got = extract_metadata(pages)
    assert got["number"].value == "899/UBND-TTHC"
    assert got["number"].review and got["number"].confidence < 0.5


def test_unreadable_number_keeps_the_printed_symbol_and_is_flagged():
    got = extract_metadata(document(hdr=header(number="Số: # /CT-UBND", title="CHỈ THỊ")))
    assert got["number"].value == "/CT-UBND"
    assert got["number"].review


def test_file_name_with_the_symbol_gives_the_number():
    pages = document(hdr=header(number="Số: # /CT-UBND", title="CHỈ THỊ"))
    got = extract_metadata(pages, filename="2352 ( 07-CT-UBND).signed.pdf")
    assert got["number"].value == "07/CT-UBND"
    assert got["number"].review


def test_file_name_never_overrides_a_clean_reading():
    got = extract_metadata(document(), filename="2352 ( 07-QĐ-UBND).pdf")
    assert got["number"].value == "2629/QĐ-UBND"
    assert got["number"].review


def test_file_name_hash_is_not_a_number():
    pages = document(hdr=header(number="Số: # /CT-UBND", title="CHỈ THỊ"))
    got = extract_metadata(pages, filename="01bb955b885d.pdf")
    assert got["number"].value == "/CT-UBND"


def test_issuer_abbreviations_from_the_setting():
    pages = document(hdr=header(number="Số: 12/QĐ-XYZT"))
    assert extract_metadata(pages)["number"].review
    assert not extract_metadata(pages, issuer_abbreviations="XYZT")["number"].review
    assert parse_issuer_abbreviations(" SNV, STP ,") == ("SNV", "STP")


# --- attachments, pages without the layout --------------------------------------------------

def test_signature_before_an_attachment_wins_over_the_attachments_own():
    page1 = build_page(header() + body(BODY, 1000.0))
    page2 = build_page(body(BODY, 300.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập", 800.0),
                       number=2)
    draft = header(left=("HỘI ĐỒNG NHÂN DÂN", "TỈNH HẬU GIANG"), number="Số: /NQ-HĐND",
                   title="NGHỊ QUYẾT", date="Hậu Giang, ngày tháng năm 2024")
    page3 = build_page(draft + body(BODY, 1000.0) +
                       foot(["UBTV Quốc hội;", "Lưu: VT."], ("CHỦ TỊCH",), "Bùi Thị Vân"),
                       number=3)
    got = extract_metadata([page1, page2, page3])
    assert got["signer"].value == "Trần Thành Lập"
    assert got["signer"].page == 2
    assert got["recipients"].value == RECIPIENTS
    assert got["page_count"].value == 3
    assert got["number"].value == "2629/QĐ-UBND"


def test_page_without_the_layout_gives_nulls():
    letter = body(["Kính gửi Ban Giám đốc,", "Ngày 05 tháng 3 năm 2020 chúng tôi đã nhận được",
                   "Công văn số 287/STC-HCSN ngày 04/02/2025 của Sở.", "Số: 12/QĐ-UBND đã ban hành.",
                   "Trân trọng cảm ơn."], 300.0)
    got = extract_metadata([build_page(letter)])
    assert {k: v.value for k, v in got.items() if v.value is not None} == {
        "page_count": 1, "language": "vi"}


def test_empty_and_blank_pages_do_not_crash():
    got = extract_metadata([])
    assert tuple(got) == METADATA_FIELDS and got["page_count"].value == 0
    blank = Page(number=1, text="", words=[], width=W, height=H)
    assert extract_metadata([blank])["number"].value is None
    junk = build_page([(100.0, [("~~ ## ||", 100.0)]), (3000.0, [("@", 2000.0)])])
    assert extract_metadata([junk])["issuer"].value is None


def test_born_digital_page_without_line_numbers():
    page = document()[0]
    words = [Word(w.text, w.x0 / 300 * 72, w.y0 / 300 * 72, w.x1 / 300 * 72, w.y1 / 300 * 72,
                  100.0, 0, 0) for w in page.words]
    pdf_page = Page(number=1, text=page.text, words=words, width=595.0, height=842.0, dpi=72.0,
                    source="text", mean_conf=100.0)
    got = extract_metadata([pdf_page])
    assert got["number"].value == "2629/QĐ-UBND"
    assert got["signer"].value == "Trần Thành Lập"
    assert got["issued_date"].value == "2023-12-27"


# --- header columns touching, stray marks, known words in the signature ----------------------

def test_motto_touching_the_left_column_keeps_the_columns_apart():
    """A PDF's words can touch across the columns (``ĐÀ NẴNG CỘNG HÒA``): the motto starts
    at CỘNG, not at the start of the run."""
    parent = "UBND THÀNH PHỐ ĐÀ NẴNG"
    motto_x = 300.0 + CHAR * (len(parent) + 1)
    hdr = header(left=(parent, "SỞ NỘI VỤ"), number="Số: 213/KH-SNV",
                 date="Đà Nẵng, ngày 20 tháng 10 năm 2022", title="KẾ HOẠCH",
                 subject=("Kiểm tra công tác văn thư, lưu trữ năm 2022",))
    y, pieces = hdr[0]
    hdr[0] = (y, [pieces[0], (pieces[1][0], motto_x)])
    got = values(document(hdr=hdr))
    assert got["parent_issuer"] == parent and got["issuer"] == "SỞ NỘI VỤ"
    assert got["number"] == "213/KH-SNV" and got["place"] == "Đà Nẵng"


def test_an_issuers_column_wider_than_half_the_page():
    """The motto starts right of the middle and an issuer's line runs past the middle, left
    of the motto: the line is the issuer's, and the header goes on below it."""
    left = ("ỦY BAN NHÂN DÂN TỈNH", "TUYÊN QUANG", "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN TỈNH TUYÊN")
    hdr = header(left=left, number="Số: 51/SNNPTNT-KGVX", date="Tuyên Quang, ngày 21 tháng 01 năm 2021",
                 left_x=200.0, right_x=1330.0)
    got = values(document(hdr=hdr))
    assert got["issuer"] == left[2]
    assert got["parent_issuer"] == "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"
    assert got["number"] == "51/SNNPTNT-KGVX"
    assert got["issued_date"] == "2021-01-21"


def test_specks_read_as_letters_beside_an_issuers_line_are_no_part_of_it():
    """A phone photo's shading read as ``U`` at confidence 0, a seventh of the letters' height,
    far left and right of an issuer's wrapped line."""
    pages = document()
    second = next(w for w in pages[0].words if w.text == "TỈNH")
    for x in (150.0, 1000.0):
        pages[0].words.append(Word("U", x, second.y0 + 30, x + 6, second.y0 + 37, 0.0, 1, second.line))
    got = extract_metadata(pages)
    assert got["issuer"].value == "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"
    assert got["issuer"].confidence > 0.9


def test_an_issuer_word_read_twice_as_a_line_of_its_own_is_read_once():
    pages = document(hdr=header(left=("UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ NỘI VỤ")))
    first = next(w for w in pages[0].words if w.text == "NỘI")
    lines = max(w.line for w in pages[0].words)
    pages[0].words.append(Word("NỘI", first.x0 + 1, first.y0 - 4, first.x1 + 6, first.y1 + 17,
                               96.0, 2, lines + 1))
    got = values(pages)
    assert (got["parent_issuer"], got["issuer"]) == ("UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ NỘI VỤ")


def test_stray_marks_before_the_number_label():
    got = values(document(hdr=header(number="._ Số: 1452/QĐ-UBND")))
    assert got["number"] == "1452/QĐ-UBND"
    assert got["issuer"] == "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"


def test_known_words_of_the_signing_authority_get_their_diacritics_back():
    got = values(document(block=("TL. CHỦ TỊCH", "KT. CHÁNH VẤN PHÒNG", "PHÓ CHÁNH VẤN PHÒNG")))
    assert got["signing_authority"] == "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG"
    assert got["signer_title"] == "PHÓ CHÁNH VĂN PHÒNG"
    old = values(document(block=("T/M UỶ BAN NHÂN DÂN", "K/T CHỦ TICH", "PHÓ CHỦ TỊCH")))
    assert old["signing_authority"] == "T/M UỶ BAN NHÂN DÂN K/T CHỦ TỊCH"  # UỶ kept as printed


def test_typewritten_date_line_wider_than_the_motto_stays_in_the_right_column():
    hdr = header(left=("UỶ BAN NHÂN DÂN", "TỈNH KHÁNH HOÀ"), number="Số: 217/VHTT",
                 date="Nha Trang, ngày 06 tháng 11 năm 1998", title="",
                 vv=("V/v giao nộp tài liệu lưu trữ",))
    y, pieces = hdr[2]
    hdr[2] = (y, [pieces[0], (pieces[1][0], 1000.0)])  # starts left of the motto
    got = values(document(hdr=hdr))
    assert got["number"] == "217/VHTT" and got["issued_date"] == "1998-11-06"
    assert got["place"] == "Nha Trang" and got["doc_type"] == "Công văn"
    assert got["subject"] == "giao nộp tài liệu lưu trữ"


def test_older_title_naming_the_issuer():
    got = values(document(hdr=header(title="QUYẾT ĐỊNH CỦA UỶ BAN NHÂN DÂN TỈNH CẦN THƠ",
                                     subject=("V/v thành lập Trung tâm Lưu trữ tỉnh",))))
    assert got["doc_type"] == "Quyết định"
    assert got["subject"] == "V/v thành lập Trung tâm Lưu trữ tỉnh"


def test_seal_debris_between_authority_and_title_is_skipped():
    got = values(document(block=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "ó 2 -", "PHÓ CHỦ TỊCH")))
    assert got["signer_title"] == "PHÓ CHỦ TỊCH"
    assert got["signer"] == "Trần Thành Lập"


# --- cross-checks between header fields --------------------------------------------------------

def test_doubtful_place_does_not_rewrite_the_issuer_and_the_surer_reading_wins():
    # a place the gazetteer does not know: the two readings are weighed and the place flagged
    hdr = header(left=("HỘI ĐỒNG NHÂN DÂN", "HUYỆN PHÙ VÂN ĐÀO"), number="Số: 38/BC-HĐND",
                 date="Phù Vân Đảo, ngày 04 tháng 12 năm 2018", title="BÁO CÁO")
    got = extract_metadata(document(hdr=hdr, confs={"Đảo,": 70.0}))
    assert got["issuer"].value == "HỘI ĐỒNG NHÂN DÂN HUYỆN PHÙ VÂN ĐÀO"
    assert got["place"].value == "Phù Vân Đào" and got["place"].review


@pytest.mark.parametrize(("printed", "place", "issuer"), [
    ("Củ Chỉ", "Củ Chi", "HUYỆN CỦ CHI"),  # a district (before 2025)
    ("Phong Điên", "Phong Điền", "HUYỆN PHONG ĐIỀN"),  # read wrong in the issuer too
    ("Thanh Hoá", "Thanh Hoá", "TỈNH THANH HOÁ"),  # old tone placement kept as printed
])
def test_place_takes_the_gazetteers_spelling_and_lends_it_to_the_issuer(printed, place, issuer):
    unit, name = issuer.split(" ", 1)
    read_issuer = f"{unit} {name.replace('ĐIỀN', 'ĐIÊN')}"
    hdr = header(left=("ỦY BAN NHÂN DÂN", read_issuer), number="Số: 38/BC-UBND",
                 date=f"{printed}, ngày 04 tháng 12 năm 2018", title="BÁO CÁO")
    got = extract_metadata(document(hdr=hdr))
    assert got["place"].value == place and not got["place"].review
    assert got["issuer"].value == f"ỦY BAN NHÂN DÂN {issuer}"


def test_a_place_of_two_known_spellings_lends_none_to_an_issuer_spelling_the_other():
    """``Phước Vinh`` and ``Phước Vĩnh`` are both communes: the date line's italic read with a
    tilde never rewrites the issuer's capitals read without one; one spelling known, it does."""
    hdr = header(left=("ỦY BAN NHÂN DÂN", "XÃ PHƯỚC VINH"), number="Số: 69/GM-UBND",
                 date="Phước Vĩnh, ngày 27 tháng 02 năm 2020", title="GIẤY MỜI")
    assert values(document(hdr=hdr))["issuer"] == "ỦY BAN NHÂN DÂN XÃ PHƯỚC VINH"
    hdr = header(left=("ỦY BAN NHÂN DÂN", "XÃ PHƯỚC VINH ĐÔNG"), number="Số: 69/GM-UBND",
                 date="Phước Vĩnh Đông, ngày 27 tháng 02 năm 2020", title="GIẤY MỜI")
    assert values(document(hdr=hdr))["issuer"] == "ỦY BAN NHÂN DÂN XÃ PHƯỚC VĨNH ĐÔNG"


@pytest.mark.parametrize(("printed", "place"), [
    ("TP. Hô Chí Minh", "TP. Hồ Chí Minh"),  # the unit's abbreviation kept as printed
    ("Thanh phô Huê", "Thành phố Huế"),
])
def test_a_place_after_its_units_name_takes_the_gazetteers_spelling(printed, place):
    hdr = header(left=("TỔNG CỤC THUẾ", "CỤC THUẾ TP.HCM"), number="Số: 6078/CT-KTT3",
                 date=f"{printed}, ngày 26 tháng 7 năm 201 1", title="")
    got = extract_metadata(document(hdr=hdr))
    assert got["place"].value == place and not got["place"].review
    assert got["issued_date"].value == "2011-07-26"  # the year's narrow 1 read apart


def test_known_province_in_the_date_line_is_kept():
    hdr = header(left=("UỶ BAN NHÂN DÂN", "TĨNH CAN THƠ"), number="Số: 159/QĐ-UB",
                 date="Cần Thơ, ngày 02 tháng 04 năm 1996")
    got = extract_metadata(document(hdr=hdr, confs={"Cần": 65.0}))
    assert got["place"].value == "Cần Thơ"
    assert got["issuer"].value == "UỶ BAN NHÂN DÂN TỈNH CẦN THƠ"


def test_two_known_words_read_as_one_are_split():
    hdr = header(left=("UBND TỈNH VĨNHLONG", "SỞ TÀI CHÍNH"), number="Số: 12/TTr-STC",
                 date="Vĩnh Long, ngày 10 tháng 3 năm 2020", title="TỜ TRÌNH")
    assert values(document(hdr=hdr))["parent_issuer"] == "UBND TỈNH VĨNH LONG"


def test_signature_block_unread_flags_the_missing_authority():
    got = extract_metadata(document(block=("",), name=""))
    assert got["signer_title"].value is None and got["signer_title"].review
    assert got["signing_authority"].value is None and got["signing_authority"].review


# --- subject and recipients ----------------------------------------------------------------

def test_subject_may_begin_like_a_body_paragraph():
    got = values(document(hdr=header(title="KẾ HOẠCH",
                                     subject=("Thực hiện công tác văn thư, lưu trữ năm 2025",))))
    assert got["subject"] == "Thực hiện công tác văn thư, lưu trữ năm 2025"


def test_subject_without_specks_and_unclosed_quote():
    got = extract_metadata(document(hdr=header(subject=('"Về việc thành lập Hội đồng -',
                                                        "của Ủy ban nhân dân huyện"))),
                           )
    assert got["subject"].value == "Về việc thành lập Hội đồng - của Ủy ban nhân dân huyện"
    speck = extract_metadata(document(hdr=header(subject=('"Về việc thành lập Hội đồng -',
                                                          "của Ủy ban nhân dân huyện")),
                                      confs={"-": 37.0}))
    assert speck["subject"].value == "Về việc thành lập Hội đồng của Ủy ban nhân dân huyện"


def test_subject_in_capitals_without_stops_modifier_marks_and_quotes_ocr_adds():
    lines = ("TÌNH HÌNH MUA. SẮM, SỬ DỤNG ˆ", '.. “TÀI SẢN CÔNG. "NĂM 2019')
    got = values(document(hdr=header(title="BÁO CÁO", subject=lines)))
    assert got["subject"] == "TÌNH HÌNH MUA SẮM, SỬ DỤNG TÀI SẢN CÔNG NĂM 2019"
    # a quoted name keeps its quotes, TP. its stop
    kept = ('PHONG TRÀO “THI ĐUA” CỦA UBND TP. HỒ CHÍ MINH',)
    assert values(document(hdr=header(title="BÁO CÁO", subject=kept)))["subject"] == kept[0]


def test_subject_tinh_read_with_a_tilde_where_only_the_province_is_ever_printed():
    lines = ("KẾT LUẬN CỦA CHỦ TỊCH UBND TĨNH VỀ CÔNG TÁC", "CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN TĨNH")
    got = values(document(hdr=header(title="THÔNG BÁO", subject=lines)))
    assert got["subject"] == "KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH VỀ CÔNG TÁC CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN TỈNH"


def test_recipient_lines_lose_unreadable_pieces_and_keep_their_punctuation():
    got = extract_metadata(document(recipients=["Như trên;", "Giám đốc Sở;", "Luu: VT, VP,"],
                                    confs={"h": 0.0}))
    assert got["recipients"].value == ["Như trên;", "Giám đốc Sở;", "Lưu: VT, VP."]
    rows = header() + body(BODY, 1000.0) + foot([], BLOCK, "Trần Thành Lập")
    rows += [(2455.0, [("h Như trên;", 280.0)]), (2510.0, [("= Lưu: VT.", 280.0)])]
    got = extract_metadata([build_page(rows, confs={"h": 0.0})])
    assert got["recipients"].value == ["Như trên;", "Lưu: VT."]


@pytest.mark.parametrize(("printed", "expected"), [
    ("Số: 322/ZUBND-TCKH", "322/UBND-TCKH"),  # the written number's last stroke read as a Z
    ("Số: 322/ZTB-UBND", "322/ZTB-UBND"),  # too short to tell a speck from a letter
    ("Số: 322/UBND-ZTCKH", "322/UBND-ZTCKH"),  # not the part next to the number
])
def test_a_speck_before_the_symbols_first_part_is_dropped_and_the_number_flagged(printed,
                                                                                 expected):
    got = extract_metadata(document(hdr=header(number=printed, title=None, subject=(),
                                               vv=("V/v đôn đốc thu ngân sách",))))
    assert got["number"].value == expected
    assert got["number"].review


def test_symbol_letter_read_twice_is_repaired_and_flagged():
    got = extract_metadata(document(hdr=header(number="Số: 2871/QĐÐ-BTC")))
    assert got["number"].value == "2871/QĐ-BTC"
    assert got["number"].review


# --- diacritics from the tables and the dictionary ------------------------------------------------

def test_agency_phrase_in_the_subject_gets_its_diacritics_back():
    subject = ("Về việc thành lập Hội đồng xác định giá trị tài liệu",
               "của Uy ban nhân dân huyện Cái Bè")
    got = extract_metadata(document(hdr=header(subject=subject)))
    assert got["subject"].value.endswith("của Ủy ban nhân dân huyện Cái Bè")
    assert not got["subject"].review


def test_doubtful_compounds_are_respelled_from_the_dictionary_and_stay_flagged():
    recipients = ["Như trên;", "Ban Giám độc Sở;", "Sở Tài chính;", "Lưu: VT, NC."]
    got = extract_metadata(document(recipients=recipients, confs={"độc": 80.0}))
    assert got["recipients"].value == ["Như trên;", "Ban Giám đốc Sở;", "Sở Tài chính;",
                                       "Lưu: VT, NC."]
    assert got["recipients"].review


def test_words_read_surely_are_never_respelled_from_the_dictionary():
    # "tỉnh tại" folds like the compound "tĩnh tại", but nothing was doubted here …
    subject = ("Đăng ký nội dung trình HĐND tỉnh tại kỳ họp thứ 31",)
    got = extract_metadata(document(hdr=header(subject=subject)))
    assert got["subject"].value == subject[0]
    # … nor when another word of the subject is the doubtful one
    got = extract_metadata(document(hdr=header(subject=subject), confs={"Đăng": 80.0}))
    assert got["subject"].value == subject[0] and got["subject"].review


@pytest.mark.parametrize(("read", "printed"), [
    ("đẩy nhanh tiên độ giám sát", "đẩy nhanh tiến độ giám sát"),  # a tone mark lost
    ("công bố thú tục hành chính", "công bố thủ tục hành chính"),  # sắc for hỏi
    ("phòng, chồng dịch bệnh", "phòng, chống dịch bệnh"),  # huyền for sắc, across the comma
    ("KẾ HOẠCH PHÒNG, CHÔNG DỊCH", "KẾ HOẠCH PHÒNG, CHỐNG DỊCH"),
    # "sung công" is a word as read, but "bổ sung" and "công chức" make more of the line
    ("Về việc bồ sung công chức, viên chức", "Về việc bổ sung công chức, viên chức"),
    # "têt" is in the word list (a slip), but a syllable ending in t takes sắc or nặng only
    ("thông báo lịch trực têt năm 2024", "thông báo lịch trực tết năm 2024"),
    # compounds of administration the general word list lacks (``_tables.SUBJECT_PHRASES``)
    ("Về việc điều chỉnh bảng gia đất năm 2024", "Về việc điều chỉnh bảng giá đất năm 2024"),
    ("triển khai tiêm phong vắc xin sởi", "triển khai tiêm phòng vắc xin sởi"),
    # a mark above read where none is printed (a speck), in capitals too
    ("LỊCH TIẾP CÔNG DẦN ĐỊNH KỲ THÁNG 3", "LỊCH TIẾP CÔNG DÂN ĐỊNH KỲ THÁNG 3"),
    ("bảo đảm quyền công dần", "bảo đảm quyền công dân"),
])
def test_a_tone_mark_misread_on_a_sure_word_is_put_right_by_its_compound(read, printed):
    subject = (read,)
    got = extract_metadata(document(hdr=header(subject=subject)))
    assert got["subject"].value == printed


@pytest.mark.parametrize(("read", "printed"), [
    ("đề tài nghiên.cứu khoa học", "đề tài nghiên cứu khoa học"),  # a speck for a space
    ("cấp cơ sở năm 2017.tại Hội đồng", "cấp cơ sở năm 2017 tại Hội đồng"),
    ("tổ chức nghiệm thu' đề tài", "tổ chức nghiệm thu đề tài"),
    ("phòng, chống dịch COVID-I9", "phòng, chống dịch COVID-19"),
    ("tại các ‹ Trung tâm tuyến tỉnh", "tại các Trung tâm tuyến tỉnh"),
    ("_Về việc thành lập Hội đồng", "Về việc thành lập Hội đồng"),  # glued before a word
    ("thành lập ~Hội đồng xác định", "thành lập Hội đồng xác định"),
    ("thông báo kết quả tại dichvucong.gov.vn", "thông báo kết quả tại dichvucong.gov.vn"),
    (": Triển khai thực hiện công tác", "Triển khai thực hiện công tác"),  # a stop alone first
])
def test_specks_glued_to_the_words_of_a_subject_are_dropped(read, printed):
    got = extract_metadata(document(hdr=header(subject=(read,))))
    assert got["subject"].value == printed


@pytest.mark.parametrize("printed", [
    "trên địa bàn tỉnh Kiên Giang",  # "bàn tính", "tính Kiên": tỉnh is an agency word
    "đăng ký cấp tỉnh năm 2018",  # "cấp tính"
    "xóa nhà tạm, nhà dột nát",  # "nhà tắm": the dot below is never taken for a misreading
    "công tác phòng, chống dịch",  # "tác phong": "công tác" is already a word as read
    "bổ sung công chức, viên chức",  # "sung công" is a word, but "bổ sung" was read
    "Đoàn kiểm tra của Nguyễn Văn Hải",  # names are never respelled
    "Dự án GA VI tại các trạm y tế xã",  # nor acronyms
])
def test_sure_words_that_make_no_compound_keep_their_marks(printed):
    got = extract_metadata(document(hdr=header(subject=(printed,))))
    assert got["subject"].value == printed


def test_signer_with_a_doubtful_word_is_flagged():
    got = extract_metadata(document(name="Phạm Thị Kim Chi", confs={"Chi": 87.0}))
    assert got["signer"].value == "Phạm Thị Kim Chi" and got["signer"].review


@pytest.mark.parametrize(("printed", "signer"), [
    ("Hà Văn Phúe", "Hà Văn Phúc"),  # no syllable as read: the one a look-alike letter away
    ("Nguyễn Trúc Giai", "Nguyễn Trúc Giai"),  # a syllable: kept as read
    ("Siu Thị Blin", "Siu Thị Blin"),  # a minority name: no look-alike makes a syllable of it
    ("Lê Tấn Đũng", "Lê Tấn Dũng"),  # no given name as read: the one a misread mark away
    ("Lê Thị Hoai An", "Lê Thị Hoài An"),  # a tone mark lost
    ("Võ Thánh Tùng", "Võ Thánh Tùng"),  # Thành (a mark misread) or Thanh (a speck): kept
    ("Trần Văn Mãn", "Trần Văn Mãn"),  # a given name as read is kept (Mẫn is one too)
    ("Nguyễn Thị Hoà", "Nguyễn Thị Hoà"),  # the old placement of the mark: the same name
    ("Phạm Thị Kim Chỉ", "Phạm Thị Kim Chi"),  # a mark a stroke made: the one name of its letters
    ("Lê Hoằng Anh", "Lê Hoàng Anh"),  # a hat a speck made
    ("Nguyễn Vẫn Hùng", "Nguyễn Vẫn Hùng"),  # two names have its letters (Văn, Vân): kept as read
    ("Nguyễn Văñ Dũng", "Nguyễn Văn Dũng"),  # a mark no Vietnamese letter bears (a stroke's)
])
def test_a_name_word_read_one_letter_off_a_syllable(printed, signer):
    got = extract_metadata(document(name=printed))
    assert got["signer"].value == signer
    assert got["signer"].review == (printed != signer)


@pytest.mark.parametrize(("conf", "guessed"), [(SPELLED_WORD_CONF, True), (45.3, False)])
def test_a_name_spelled_from_a_second_readers_letters_is_a_guess_of_marks(conf, guessed):
    """Words put in by ``ocr_repair`` from PP-OCR's letters score so that PP-OCR's reading of
    the same line (``second_reading``) never confirms them: ``Đặng Ngô Sơn`` for ``Ngọc``."""
    name = "Đặng Ngô Sơn"
    got = extract_metadata(document(name=name, confs=dict.fromkeys(name.split(), conf)),
                           calibrated=False)
    assert got["signer"].value == name
    assert (got["signer"].confidence <= GUESSED_MARKS_CONF) is guessed


@pytest.mark.parametrize(("read", "letters", "spelled"), [
    ("Huỳnh Phanh Bình", "Huynh Thanh Binh", "Huỳnh Thanh Bình"),  # a letter misread
    ("Phạm Minh Trí", "Phan Minh Tri", "Phan Minh Trí"),  # a family name of other letters
    ("Võ Thánh Tùng", "Vo Thanh Tung", "Võ Thanh Tùng"),  # a speck's mark (Thành: one more)
    ("Bùi Thĩ Kim Oanh", "Bui Thi Kim Oanh", "Bùi Thị Kim Oanh"),  # the common middle name
    ("Nguyễn Vẫn Hùng", "Nguyen Van Hung", "Nguyễn Văn Hùng"),  # not Vân, rare in the middle
    ("Bùi ThÌKimOấnh", "Bui Thi Kim Oanh", "Bùi Thị Kim Oanh"),  # words run together
    ("Văn Hùng", "Nguyen Van Hung", "Nguyễn Văn Hùng"),  # the family name read by one alone
    ("Quan Thưởng", "Mai Xuan Thuong", "Mai Xuân Thưởng"),
    ("NGUYỄN VĂN HẢI", "NGUYEN VAN HAI", "NGUYỄN VĂN HẢI"),  # capitals stay capitals
    ("Trần Văn Hoà", "Tran Van Hoa", "Trần Văn Hoà"),  # the old placement: the same name
    # a long family name one letter off, Tesseract's reading of it in two words
    ("Nơm yến Văn Phúc", "Ngryen Van Phuc", "Nguyễn Văn Phúc"),
    ("Huỳnh Thanh Bình", "Huynb Thanh Binh", "Huỳnh Thanh Bình"),
    ("Lê ấn Dũng", "Letan Dung", "Lê Tấn Dũng"),  # the second reader ran two names together
    ("Mỹ Hạnh", "Le Thi My Hanh", "Lê Thị Mỹ Hạnh"),  # a family and a middle name read by it alone
    # a word of no name's letters heard one letter off Tesseract's, which are a name's
    ("Nguyễn Trúc Giai", "Nguyen Tric Giang", "Nguyễn Trúc Giang"),
    ("Phan Ngọc Thưởng", "Phann Ngoc Thurong", "Phan Ngọc Thưởng"),
    # a seal's rim read as words before the name, by one reader or by both
    ("Bà KT Ngoc Sơn", "o Dang Ngoc Son.", "Đặng Ngọc Sơn"),
    ("Bà KT Ngoc Sơn", "Re Dang Ngoc Son", "Đặng Ngọc Sơn"),
])
def test_a_name_is_spelled_from_a_second_readers_letters(read, letters, spelled):
    assert spell_by_letters(read, letters) == spelled


@pytest.mark.parametrize(("read", "letters"), [
    ("Nguyễn Trúc Giai", "Nguyen Tric Gian"),  # letters of no name
    ("Lê ấn Dũng", "Lotan Dung"),  # words that do not line up, nor part into names
    ("Mỹ Hạnh", "Le Kim My Hanh"),  # two words more, the second no common middle name
    ("Nguyễn Hùng Van", "Nguyen Hung Van"),  # not the middle name: Văn and Vân as near
    ("Văn Hùng", "Ka Ti Van Hung"),  # two words more: debris, not a lost family name
    ("Nơm yến Văn Phúc", "Xyzwen Van Phuc"),  # letters of no family name
    ("Bà KT Ngoc Sơn", "Dang Ngoc Hai"),  # the words after the family name read otherwise
])
def test_a_name_the_letters_do_not_tell_is_not_spelled(read, letters):
    assert spell_by_letters(read, letters) is None


def test_subject_under_an_off_centre_title_beside_an_arrival_stamp():
    # the text block has a wide left margin: title and subject are centred right of the middle,
    # and an arrival stamp's text (read badly) sits left of the first subject line
    cx = 1380.0
    rows = header(title="", number="Số: 07/CT-UBND", date="Quảng Ngãi, ngày 20 tháng 3 năm 2018",
                  left=("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"))
    y = rows[-1][0] + 2 * STEP
    first = "Về việc tăng cường công tác thi hành án hành chính"
    rows += [(y, [("CHỈ THỊ", centre("CHỈ THỊ", cx))]),
             (y + STEP, [("TRUNGTÂM-CÔNGBÁO |", centre(first, cx) - CHAR * 20 - 30),
                         (first, centre(first, cx))]),
             (y + 2 * STEP, [("trên địa bàn tỉnh Quảng Ngãi", centre("trên địa bàn tỉnh Quảng Ngãi", cx))])]
    rows += body(BODY, y + 4 * STEP) + foot(RECIPIENTS, BLOCK, "Phạm Trường Thọ")
    got = extract_metadata([build_page(rows, confs={"TRUNGTÂM-CÔNGBÁO": 20.0, "|": 62.0})])
    assert got["doc_type"].value == "Chỉ thị"
    assert got["subject"].value == f"{first} trên địa bàn tỉnh Quảng Ngãi"


def test_recipient_conventions_where_ocr_slips():
    recipients = ["Nhu trên;", "Bộ Nội vụ (b/©);", "UBND tỉnh (b/e);", "BGĐ Sở (đê b/o);", "TT.Huyện ủy;",
                  "Công TTĐT tỉnh;", "Ban Giám độc SỞ;", "Sở Y tế (b/C);", "Bộ trưởng (để b/c};",
                  "Lưu: VI,NS."]
    got = extract_metadata(document(recipients=recipients))
    assert got["recipients"].value == ["Như trên;", "Bộ Nội vụ (b/c);", "UBND tỉnh (b/c);",
                                       "BGĐ Sở (để b/c);", "TT.Huyện ủy;", "Cổng TTĐT tỉnh;",
                                       "Ban Giám đốc Sở;", "Sở Y tế (b/c);", "Bộ trưởng (để b/c);",
                                       "Lưu: VT,NS."]
    # a comma as printed, with or without a space after it (``Lưu: VT,TCCB.`` is common)
    kept = ["Như trên;", "VPUB: CVP, PCVP;", "UBND HUYỆN;", "Lưu: VT, P.KTTHTien32."]
    assert extract_metadata(document(recipients=kept))["recipients"].value == kept


@pytest.mark.parametrize(("read", "printed"), [
    (["ư trên;", "Lưu: VT KHCN."], ["Như trên;", "Lưu: VT, KHCN."]),  # letters and a comma lost
    (["Như trên;", "Lưu: VTNC.."], ["Như trên;", "Lưu: VT, NC."]),  # the comma and space lost
    (["hư trên;", "Lưu: VT và P.TCCB."], ["Như trên;", "Lưu: VT và P.TCCB."]),  # as printed
    (["Ban Chỉ đạo QG về PCTT)", "Lưu: VT, NC."], ["Ban Chỉ đạo QG về PCTT;", "Lưu: VT, NC."]),
    (["Như trên;", "Lưu: VT, NC. a"], ["Như trên;", "Lưu: VT, NC."]),  # a speck after the list's end
    (["Như trên,.", "Chính phủ.,", "Lưu: VT, KGVX."],  # a semicolon read as its two marks
     ["Như trên;", "Chính phủ;", "Lưu: VT, KGVX."]),
    (["VP. Ủy ban tỉnh;", "UBND tỉnh (b/c);", "Lưu: VT (2b)."],  # kept as printed
     ["VP. Ủy ban tỉnh;", "UBND tỉnh (b/c);", "Lưu: VT (2b)."]),
])
def test_recipient_marks_a_scan_loses_or_misreads(read, printed):
    assert extract_metadata(document(recipients=read))["recipients"].value == printed


@pytest.mark.parametrize(("read", "printed"), [
    (["Giám đốc Số (b/c);", "Lưu: Vũ HCSN."], ["Giám đốc Sở (b/c);", "Lưu: VT, HCSN."]),
    (["Số Y tế (b/c);", "Lưu: Về, VP."], ["Sở Y tế (b/c);", "Lưu: VT, VP."]),
    (["Sở Nội vụ;", "Lưu: VE NC."], ["Sở Nội vụ;", "Lưu: VT, NC."]),  # its T read as a capital E
    (["So Nội vụ;", "Lưu: VT, VP."], ["Sở Nội vụ;", "Lưu: VT, VP."]),  # its marks lost
    (["Sổ Nội vụ;", "Lưu: VT, VP."], ["Sở Nội vụ;", "Lưu: VT, VP."]),  # a book's word
    (["Sơ Tư pháp;", "Lưu: VT, VP."], ["Sở Tư pháp;", "Lưu: VT, VP."]),  # its hook lost
    (["Sỏ Tư pháp các tỉnh;", "Lưu: VT, VP."], ["Sở Tư pháp các tỉnh;", "Lưu: VT, VP."]),  # ỏ
    (["Trang thông tin điện tử Sỏ;", "Lựu: VT, VP."],  # ``Lưu`` with a tone added
     ["Trang thông tin điện tử Sở;", "Lưu: VT, VP."]),
    (["UBND huyện (h/c);", "Lưu: VT, VP."], ["UBND huyện (b/c);", "Lưu: VT, VP."]),  # b read h
    (["Phòng Số hóa;", "Lưu: VT, VP."], ["Phòng Số hóa;", "Lưu: VT, VP."]),  # as printed
])
def test_sở_read_số_and_the_archive_copys_vt_read_as_a_word(read, printed):
    got = extract_metadata(document(recipients=["Như trên;", *read]))
    assert got["recipients"].value == ["Như trên;", *printed]


@pytest.mark.parametrize(("read", "printed"), [
    ("Cục Thông kê tỉnh;", "Cục Thống kê tỉnh;"),  # a body's name: one spelling of its letters
    ("Kho bac Nhà nuoc tỉnh;", "Kho bạc Nhà nước tỉnh;"),
    ("Công đoạn ngành Y tế;", "Công đoạn ngành Y tế;"),  # công đoàn or công đoạn: as read
])
def test_a_bodys_name_in_a_recipient_list_gets_its_marks_back(read, printed):
    got = extract_metadata(document(recipients=["Như trên;", read, "Lưu: VT, VP."]))
    assert got["recipients"].value == ["Như trên;", printed, "Lưu: VT, VP."]


def test_a_symbol_part_one_letter_off_the_titles_type_or_a_speck_before_it_takes_it():
    got = extract_metadata(document(hdr=header(title="CHỈ THỊ", number="Số: 1137/GT-UBND")))
    assert got["number"].value == "1137/CT-UBND" and got["number"].review
    assert got["doc_type"].value == "Chỉ thị"
    # a speck read before the type's abbreviation
    got = extract_metadata(document(hdr=header(title="QUYẾT ĐỊNH", number="Số: 17/ZQĐ-UBND")))
    assert got["number"].value == "17/QĐ-UBND" and got["number"].review
    # a symbol part the tables know is never changed, unless it names another type
    got = extract_metadata(document(hdr=header(title="CHỈ THỊ", number="Số: 1137/UBND-VX")))
    assert got["number"].value == "1137/UBND-VX"
    got = extract_metadata(document(hdr=header(title="BÁO CÁO", number="Số: 1937/PC-UBND")))
    assert got["number"].value == "1937/BC-UBND" and got["number"].review
    got = extract_metadata(document(hdr=header(title="BÁO CÁO", number="Số: 1937/NC-UBND")))
    assert got["number"].value == "1937/NC-UBND" and got["number"].review  # a desk's: doubted
    # specks before it
    got = extract_metadata(document(hdr=header(title="THÔNG BÁO", number="Số: 2004/ØØTB-STC")))
    assert got["number"].value == "2004/TB-STC" and got["number"].review


def test_a_symbol_read_without_the_dash_after_the_titles_type_takes_it_back():
    got = extract_metadata(document(hdr=header(title="BÁO CÁO", number="Số: 70/BCVTLTNN")))
    assert got["number"].value == "70/BC-VTLTNN" and got["number"].review
    got = extract_metadata(document(hdr=header(title="BÁO CÁO", number="Số: 70/BCV")))
    assert got["number"].value == "70/BCV"  # one letter after it: no issuer's part


@pytest.mark.parametrize(("read", "printed"), [
    ("GT, PCT UBND tỉnh;", "CT, PCT UBND tỉnh;"),  # the head's C read G: the deputies tell
    ("GĐ và các PGĐ Sở;", "GĐ và các PGĐ Sở;"),
    ("VT, PCT UBND tỉnh;", "VT, PCT UBND tỉnh;"),  # no look-alike of CT
    ("CT; các PCT UBND tỉnh;", "CT, các PCT UBND tỉnh;"),  # one recipient: its comma read ;
])
def test_a_heads_abbreviation_is_spelled_as_the_deputies_title(read, printed):
    got = values(document(recipients=["Như trên;", read, "Lưu: VT, KTN."]))
    assert got["recipients"] == ["Như trên;", printed, "Lưu: VT, KTN."]


def test_recipient_abbreviations_read_one_letter_off_take_the_known_spelling():
    recipients = ["Cục VILTNN;", "VPUB: CVP, PCVE;", "TT. Huyện ủy, TT: HĐND huyện;", "TT, Tỉnh ủy;",
                  "Lưu: VT, KTN."]
    got = extract_metadata(document(recipients=recipients,
                                    confs={"VILTNN;": 70.0, "PCVE;": 76.0, "KTN.": 70.0}))
    assert got["recipients"].value == ["Cục VTLTNN;", "VPUB: CVP, PCVP;",
                                       "TT. Huyện ủy, TT. HĐND huyện;", "TT. Tỉnh ủy;", "Lưu: VT, KTN."]
    assert got["recipients"].review  # the doubtful words still ask for a person
    # read surely, an unknown abbreviation is kept as printed
    sure = extract_metadata(document(recipients=["Cục VILTNN;", "Lưu: VT."]))
    assert sure["recipients"].value == ["Cục VILTNN;", "Lưu: VT."]


def test_recipient_abbreviations_read_doubtfully_with_a_letter_in_excess_take_the_known_one():
    """A ``Đ`` read twice (``PGĐĐ``, its first ``Đ`` the Latin eth) or a stroke read as an
    ``I`` (``VTLITNN``), in a word read doubtfully; other letters doubled are printed so
    (``PCTT``: phòng chống thiên tai); read surely, every word is left as read."""
    recipients = ["Giám đốc, các PGÐĐ Sở;", "Cục VTLITNN;", "Ban chỉ huy PCTT tỉnh;", "Lưu: VT, VP."]
    got = extract_metadata(document(recipients=recipients,
                                    confs={"PGÐĐ": 38.0, "VTLITNN;": 35.0, "PCTT": 40.0}))
    assert got["recipients"].value == ["Giám đốc, các PGĐ Sở;", "Cục VTLTNN;",
                                       "Ban chỉ huy PCTT tỉnh;", "Lưu: VT, VP."]
    sure = extract_metadata(document(recipients=recipients))
    assert sure["recipients"].value == ["Giám đốc, các PGĐĐ Sở;", "Cục VTLITNN;",
                                        "Ban chỉ huy PCTT tỉnh;", "Lưu: VT, VP."]


def test_ban_giam_doc_glued_or_read_doubtfully_or_without_the_bar_of_its_d():
    """``BGĐ`` is known: read doubtfully it is never taken for ``BCĐ`` (one look-alike letter
    off), its ``Đ`` read without the bar is put back, two known abbreviations OCR glued are
    parted; an unknown word that splits into a known one and a two-letter rest is kept."""
    recipients = ["Như trên;", "BGĐ SYT;", "BGD Sở;", "BGĐSYT;", "BCĐ 389 tỉnh;", "VPUBND tỉnh;",
                  "Lưu: VT."]
    got = extract_metadata(document(recipients=recipients, confs={"BGĐ": 67.0, "BGĐSYT;": 75.0}))
    assert got["recipients"].value == ["Như trên;", "BGĐ SYT;", "BGĐ Sở;", "BGĐ SYT;",
                                       "BCĐ 389 tỉnh;", "VPUBND tỉnh;", "Lưu: VT."]


def test_marks_glued_to_the_words_of_a_name_are_dropped():
    got = extract_metadata(document(name="Phan: ¡Ngọc Thưởng"))
    assert got["signer"].value == "Phan Ngọc Thưởng"


def test_title_level_with_noi_nhan_is_the_signers_title():
    rows = header() + body(BODY, 1000.0)
    rows += [(2390.0, [("GIÁM ĐỐC", centre("GIÁM ĐỐC", 1750.0))]),
             (2410.0, [("Nơi nhận:", 280.0)]), (2465.0, [("- Như trên;", 280.0)]),
             (2520.0, [("- Lưu: VT.", 280.0)]),
             (2700.0, [("Lê Thị Hoài An", centre("Lê Thị Hoài An", 1750.0))])]
    got = values([build_page(rows)])
    assert (got["signer_title"], got["signer"], got["signing_authority"]) == \
        ("GIÁM ĐỐC", "Lê Thị Hoài An", None)
    assert got["recipients"] == ["Như trên;", "Lưu: VT."]


def test_abbreviations_that_are_not_look_alikes_and_comma_lists_are_kept():
    recipients = ["CAH, TTYT, BDV;", "VP, TT, HĐND huyện;", "Lưu: VT, TT, NC."]
    got = extract_metadata(document(recipients=recipients,
                                    confs={"CAH,": 60.0, "TTYT,": 60.0, "BDV;": 60.0}))
    assert got["recipients"].value == recipients


def test_title_under_a_seal_follows_from_kt():
    got = extract_metadata(document(block=("KT. CHỦ TỊCH",)))
    assert got["signing_authority"].value == "KT. CHỦ TỊCH"
    assert got["signer_title"].value == "PHÓ CHỦ TỊCH"
    assert not got["signer_title"].review  # KT. read surely names the deputy
    # without KT. nothing is inferred
    assert extract_metadata(document(block=("TM. ỦY BAN NHÂN DÂN",)))["signer_title"].value is None


# --- layouts of other agencies and typesetters (issue 11) ---------------------------------

def test_subject_in_capitals_on_several_lines_is_kept_whole():
    subject = ("BAN HÀNH QUY CHẾ PHỐI HỢP QUẢN LÝ NHÀ NƯỚC", "VỀ CÔNG TÁC LƯU TRỮ TRÊN ĐỊA BÀN TỈNH",
               "THANH HÓA")
    rows = header(subject=subject)
    y = rows[-1][0] + 2.5 * STEP  # the enacting authority, a blank line below
    rows.append((y, [("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", centre("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"))]))
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"] == " ".join(subject)


@pytest.mark.parametrize("authority", ["CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
                                       "CHỦ TỊCH ỦY BAN NHÂN DÂN"])  # wrapped: its first line
def test_enacting_authority_right_under_a_subject_in_capitals_is_not_subject(authority):
    # no blank line between them: the title and the issuer's name tell the authority
    subject = ("VỀ VIỆC THÀNH LẬP HỘI ĐỒNG THẨM ĐỊNH", "BẢNG GIÁ ĐẤT TỈNH HẬU GIANG")
    rows = header(subject=(*subject, authority))
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"] == " ".join(subject)


def test_a_subject_line_naming_the_issuer_without_a_title_stays_in_the_subject():
    subject = ("BAN HÀNH QUY CHẾ LÀM VIỆC CỦA", "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG")
    rows = header(subject=subject)
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"] == " ".join(subject)


def test_enacting_authority_under_a_sentence_case_subject_is_not_subject():
    rows = header()
    rows.append((rows[-1][0] + 2.5 * STEP, [("ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
                                             centre("ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"))]))
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"].endswith("giai đoạn 2024 - 2026")


def test_a_body_wide_paragraph_after_a_blank_line_ends_the_subject():
    rows = header(title="CHỈ THỊ", number="Số: 12/CT-UBND",
                  subject=("Về việc tăng cường công tác phòng, chống thiên tai",))
    para = "Theo dự báo của Trung tâm Khí tượng thủy văn quốc gia, từ nay đến cuối năm có khả năng"
    rows.append((rows[-1][0] + 1.8 * STEP, [(para, centre(para))]))
    got = values([build_page(rows + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"] == "Về việc tăng cường công tác phòng, chống thiên tai"


@pytest.mark.parametrize(("left", "parent", "issuer"), [
    (("ỦY BAN NHÂN DÂN „ TỈNH THỪA THIÊN HUẾ",), None, "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ"),
    (("ỦY BAN NHÂN DÂN TỈNH THANH", "HÓA"), None, "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"),
    (("UBND TỈNH VĨNH „. LONG -", "SỞ TÀI CHÍNH"), "UBND TỈNH VĨNH LONG", "SỞ TÀI CHÍNH"),
    (("UBND TỈNH KIÊN GIANG - SỞ Y TẾ",), "UBND TỈNH KIÊN GIANG", "SỞ Y TẾ"),
    (("_ UBND TỈNH KIÊN GIANG ˆ", "SỞ Y TẾ _"), "UBND TỈNH KIÊN GIANG", "SỞ Y TẾ"),
    (("ỦY BAN NHÂN DÂN HUYỆN BAN MÊ",), None, "ỦY BAN NHÂN DÂN HUYỆN BAN MÊ"),
    (("BỘ GIÁO DỤC VÀ ĐÀO TẠO.",), None, "BỘ GIÁO DỤC VÀ ĐÀO TẠO"),
    (("UBND TỈNH KIÊN GIANG SỞYTÉ",), "UBND TỈNH KIÊN GIANG", "SỞ Y TẾ"),
    (("44” UBND TỈNH KIÊN GIANG", "SỞ Y TẾ"), "UBND TỈNH KIÊN GIANG", "SỞ Y TẾ"),
    (("ỦY BAN NHÂN DÂN TỈNHHẬU GIANG",), None, "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"),
    (("UBND TỈNH HẬU GIANG", "SỞ TÀI NGUYÊN VÀ", "MÔI TRƯỜNG"), "UBND TỈNH HẬU GIANG",
     "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"),
    # a province's name wrapped between two lines, its marks misread: respelled whole
    (("ỦY BAN NHÂN DÂN TÌNH PHỤ", "YÊN", "SỞ GIÁO DỤC VÀ", "ĐÀO TẠO"),
     "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
    (("ỦY BAN NHÂN DÂN TỈNH CA", "MAU"), None, "ỦY BAN NHÂN DÂN TỈNH CÀ MAU"),
    (("SỞ Y TẾ TỈNH", "LONGAN_", "BỆNH VIỆN SẢN - NHI"), "SỞ Y TẾ TỈNH LONG AN",
     "BỆNH VIỆN SẢN - NHI"),  # a speck glued to two words read as one
    # a syllable of a name the tables do not hold is one word, not two known ones (CHI, ÊM)
    (("UBND HUYỆN CHIÊM HÓA", "ỦY BAN NHÂN DÂN", "XÃ TRUNG HÀ"), "UBND HUYỆN CHIÊM HÓA",
     "ỦY BAN NHÂN DÂN XÃ TRUNG HÀ"),
])
def test_issuer_wrapped_merged_or_specked(left, parent, issuer):
    got = values(document(hdr=header(left=left, number="Số: 15/TB-STC", title="THÔNG BÁO")))
    assert (got["parent_issuer"], got["issuer"]) == (parent, issuer)


def test_prefix_glued_to_the_title_and_quote_before_the_deputy():
    got = values(document(block=("KTGIÁM ĐỐC", "“PHÓ GAM ĐỐC")))
    assert got["signing_authority"] == "KT. GIÁM ĐỐC"
    assert got["signer_title"] == "PHÓ GIÁM ĐỐC"


@pytest.mark.parametrize("read", ["==GIAM ĐỌC", "—GIÁM ĐỐC", "¬GIÁM ĐỐC"])
def test_a_seal_rims_specks_before_the_title_are_dropped(read):
    assert values(document(block=(read,)))["signer_title"] == "GIÁM ĐỐC"


@pytest.mark.parametrize("printed", ["VT-GIÁM ĐÓC", "Z1: GIÁM ĐÓC", "AT GIÁM ĐỐC"])
def test_marks_before_a_known_title_were_its_deputy_prefix(printed):
    got = extract_metadata(document(block=("KT. GIÁM ĐỐC", printed)))
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC"
    assert got["signer_title"].review


def test_specks_beside_a_heads_title_centred_under_the_name_are_no_deputy_prefix():
    # a grey seal's specks read before GIÁM ĐỐC (``ZD``), the title itself centred under the
    # name as the block prints it: the head signs; a smudged PHÓ would centre the whole line
    rows = header() + body(BODY, 1000.0) + foot(RECIPIENTS, ("",), "Trần Thành Lập")
    rows.append((2400.0, [("ZD", centre("GIÁM ĐỐC", 1750.0) - 3 * CHAR),
                          ("GIÁM ĐỐC", centre("GIÁM ĐỐC", 1750.0))]))
    rows.sort(key=lambda r: r[0])
    got = extract_metadata([build_page(rows)])
    assert got["signer_title"].value == "GIÁM ĐỐC"
    assert got["signing_authority"].value is None


def test_a_block_line_read_in_two_overlapping_pieces_is_one_line():
    # a phone photo's curved row: the OCR returns ``KT. THỦ`` and ``THỦ TƯỚNG`` as two lines,
    # the shared word read twice at one place (``Ó THỦ TƯỚNG``: the first word cut)
    rows = header() + body(BODY, 1000.0) + foot(RECIPIENTS, ("", "", ""), "Mai Xuân Thưởng")
    for y, (first, second), shift in ((2400.0, ("KT. THỦ", "THỦ TƯỚNG"), 4),
                                      (2455.0, ("PHÓ THỦ", "Ó THỦ TƯỚNG"), 2)):
        x = centre(f"{first} TƯỚNG", 1750.0)
        rows += [(y, [(first, x)]), (y + 2.0, [(second, x + shift * CHAR)])]
    rows.sort(key=lambda r: r[0])
    got = values([build_page(rows)])
    assert (got["signing_authority"], got["signer_title"]) == ("KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG")


def test_recipient_whose_dash_was_lost_starts_its_own_item():
    rows = header() + body(BODY, 1000.0) + foot(["TT Tỉnh ủy, TT HĐND tỉnh;", "Lưu: VT, KTN."],
                                                  BLOCK, "Trần Thành Lập")
    rows.append((2400.0 + 1.5 * 55.0, [("CT, PCT UBND tỉnh;", 300.0)]))
    rows.sort(key=lambda r: r[0])
    got = values([build_page(rows)])
    assert got["recipients"] == ["TT Tỉnh ủy, TT HĐND tỉnh;", "CT, PCT UBND tỉnh;", "Lưu: VT, KTN."]


def test_recipient_conventions_purpose_eth_and_trailing_debris():
    got = values(document(recipients=["Như Điều 3; _", "Bộ trưởng (đê b/c);",
                                      "Các phòng chức năng (đề phối hợp);", "BGÐ Sở;",
                                      "Website SYT, - ` ` -", "Lưu: VT, NC."]))
    assert got["recipients"] == ["Như Điều 3;", "Bộ trưởng (để b/c);",
                                 "Các phòng chức năng (để phối hợp);", "BGĐ Sở;", "Website SYT;",
                                 "Lưu: VT, NC."]


@pytest.mark.parametrize(("block", "authority"), [
    (("PHÓ GIÁM ĐỐC",), "KT. GIÁM ĐỐC"),
    (("THỨ TRƯỞNG",), "KT. BỘ TRƯỞNG"),
])
def test_a_deputy_signs_for_the_head_when_kt_was_not_read(block, authority):
    got = extract_metadata(document(block=block))
    assert got["signing_authority"].value == authority
    assert got["signing_authority"].review


def test_a_capital_read_in_lower_case_still_makes_a_title_line():
    # the OCR's case slips on an accented capital: "PHó" is PHÓ, and the deputy signs for the head
    got = extract_metadata(document(block=("PHó GIÁM ĐỐC",)))
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC"
    assert got["signing_authority"].value == "KT. GIÁM ĐỐC" and got["signing_authority"].review


def test_a_head_signing_needs_no_kt_nor_a_deputy_under_tm():
    assert extract_metadata(document(block=("GIÁM ĐỐC",)))["signing_authority"].value is None
    got = extract_metadata(document(block=("TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "PHÓ CHỦ TỊCH")))
    assert got["signing_authority"].value == "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN"


@pytest.mark.parametrize("title", ["THỨ TRƯỞNG", "THỦ TRƯỞNG"])
def test_titles_that_fold_alike_are_kept_as_read(title):
    got = extract_metadata(document(block=("TL. BỘ TRƯỞNG", title)))
    assert got["signer_title"].value == title


@pytest.mark.parametrize(("number", "vv", "subject"), [
    ("Số: 40/SYT-NVY", ("V/w triển khai thực hiện Quyết định", "số 3916/QĐ-BYT của Bộ Y tế"),
     "triển khai thực hiện Quyết định số 3916/QĐ-BYT của Bộ Y tế"),
    ("Số: 412/SYT-TCCB", ("“V/v báo cáo số lượng _", "Hộ sinh tại các cơ sở y tế"),
     "báo cáo số lượng Hộ sinh tại các cơ sở y tế"),
    ("V/v Số:Hiể[svr`. trí", ("V/v tập huấn công tác điều trị", "bệnh tay chân miệng"),
     "tập huấn công tác điều trị bệnh tay chân miệng"),
])
def test_vv_subject_misread_quoted_or_after_a_garbled_number(number, vv, subject):
    hdr = header(left=("UBND TỈNH KIÊN GIANG", "SỞ Y TẾ"), number=number, vv=vv, title=None,
                 date="Kiên Giang, ngày 12 tháng 01 năm 2018")
    assert values(document(hdr=hdr))["subject"] == subject


def test_subject_centred_on_the_title_of_a_text_block_off_the_middle():
    rows = header(title=None)
    axis = W / 2 + 0.03 * W  # a wide left margin: the text block's axis is right of the middle
    lines = ("Về việc cho phép Trung tâm Kiểm định chất lượng giáo dục Đông A",
             "hoạt động kiểm định chất lượng giáo dục")
    y = rows[-1][0] + 2 * STEP
    rows.append((y, [("QUYẾT ĐỊNH", centre("QUYẾT ĐỊNH", axis))]))
    for i, line in enumerate(lines, start=1):
        rows.append((y + i * STEP, [(line, centre(line, axis + (0.03 * W if i == 1 else 0)))]))
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"] == " ".join(lines)


def test_vv_line_running_past_the_left_column_is_the_subject():
    vv = ("V/v đính chính Công văn số 455/SYT-NVD ngày 17/4/2018", "của Sở Y tế.")
    hdr = header(left=("UBND TỈNH KIÊN GIANG", "SỞ Y TẾ"), number="Số: 46/SYT-NVD", vv=vv,
                 title=None, date="Kiên Giang, ngày 19 tháng 4 năm 2018")
    assert 300 + CHAR * len(vv[0]) > 1150  # the line crosses into the right column
    got = values(document(hdr=hdr))
    assert got["subject"] == "đính chính Công văn số 455/SYT-NVD ngày 17/4/2018 của Sở Y tế."
    assert got["doc_type"] == "Công văn"


def test_recipient_items_merged_on_one_line_and_specks_after_the_end():
    got = values(document(recipients=["Như trên.; - Ban QLDATW;", "Lưu: VT, NVD. 1"]))
    assert got["recipients"] == ["Như trên.;", "Ban QLDATW;", "Lưu: VT, NVD."]


def test_prefix_read_without_the_space_after_its_period():
    got = values(document(block=("KT.GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")))
    assert (got["signing_authority"], got["signer_title"]) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_authority_whose_title_letters_were_spaced_apart():
    got = values(document(block=("KT. BỘ T RƯỚN G -", "THỨ TRƯỞNG")))
    assert got["signing_authority"] == "KT. BỘ TRƯỞNG"


@pytest.mark.parametrize(("block", "title"), [
    (("KT. BỘ TRƯỞNG", "TRÍ TRƯỜNG"), "THỨ TRƯỞNG"),
    (("KT. HIỆU TRƯỞNG", "PHÓ J1 TRƯỞNG"), "PHÓ HIỆU TRƯỞNG"),
    (("KT. GIÁM ĐỐC", "Ó:GHÁM ĐỐC"), "PHÓ GIÁM ĐỐC"),
    (("KT. BỘ TRƯỞNG", "CỤC TRƯỞNG"), "CỤC TRƯỞNG"),  # a title of its own: as read
])
def test_a_title_under_kt_read_close_to_the_deputys_and_spelling_no_title_is_the_deputys(
        block, title):
    """A seal's rim over the deputy's title garbles letters of it: ``KT. X`` names it."""
    assert values(document(block=block))["signer_title"] == title


def test_a_tm_read_alone_over_the_title_signs_for_the_issuers_body():
    """``TM.`` alone over ``CHỦ TỊCH``: the seal hid the body's name, the issuer's own."""
    got = extract_metadata(document(block=("TM.", "CHỦ TỊCH")))
    assert got["signing_authority"].value == "TM. ỦY BAN NHÂN DÂN"
    assert got["signing_authority"].review and got["signer_title"].value == "CHỦ TỊCH"


def test_a_tm_read_alone_under_an_issuer_that_names_no_signing_body_names_none():
    """A people's council's chair signs ``TM. HỘI ĐỒNG NHÂN DÂN`` or ``TM. THƯỜNG TRỰC …``:
    the issuer does not tell which."""
    hdr = header(left=("HỘI ĐỒNG NHÂN DÂN", "TỈNH KIÊN GIANG"))
    got = extract_metadata(document(hdr=hdr, block=("TM.", "CHỦ TỊCH")))
    assert got["signing_authority"].value is None


def test_a_tm_read_alone_over_another_title_than_the_heads_names_no_body():
    """Over ``PHÓ CHỦ TỊCH`` the ``TM.`` read may be a smudged ``KT.``: the deputy's ``KT.``
    is inferred as without it."""
    got = values(document(block=("TM.", "PHÓ CHỦ TỊCH")))
    assert got["signing_authority"] == "KT. CHỦ TỊCH"


def test_vv_subject_line_starting_like_a_body_paragraph_goes_on():
    """A V/v subject wrapped in the column may go on with ``thực hiện …``: only ``Căn cứ`` or
    ``Kính gửi`` ends it there."""
    hdr = header(left=("UBND TỈNH KIÊN GIANG", "SỞ Y TẾ"), number="Số: 2107/SYT-NVY", title=None,
                 vv=("V/v báo cáo nhanh kết quả 5 năm", "thực hiện Quyết định số 14/2013/QĐ-TTg",
                     "và 10 năm thực hiện Đề án 1816"))
    got = values(document(hdr=hdr))
    assert got["subject"] == ("báo cáo nhanh kết quả 5 năm thực hiện Quyết định số "
                              "14/2013/QĐ-TTg và 10 năm thực hiện Đề án 1816")


def test_a_row_of_the_next_lines_marks_read_apart_is_passed_over():
    """A subject in capitals on two lines, the second's tone marks and hats read as a row of
    their own between them (``^ A ~ 2 x``: one low character each, off the page's middle):
    the subject goes on under it."""
    subject = ("KẾT QUẢ THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN", "KINH TẾ - XÃ HỘI SÁU THÁNG ĐẦU NĂM 2019")
    rows = header(subject=(subject[0],))
    y = rows[-1][0] + 1.3 * STEP
    rows.append((y, [(subject[1], centre(subject[1]))]))
    page = build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))
    top = y - 0.4 * HEIGHT
    page.words.extend(Word(mark, x, top, x + 16.0, top + 12.0, 85.0, 1, 99)
                      for mark, x in (("^", 820.0), ("A", 900.0), ("~", 1010.0), ("2", 1530.0),
                                      ("x", 1640.0)))
    assert values([page])["subject"] == " ".join(subject)


@pytest.mark.parametrize("start", ["Thực hiện", "` Thực hiện", "- Thực hiện"])
def test_a_body_line_right_under_the_subject_is_no_part_of_it_whatever_speck_before_it(start):
    rows = header(title="KẾ HOẠCH", subject=("Kiểm tra công tác văn thư, lưu trữ",))
    line = f"{start} chỉ đạo của Chính phủ, Thủ tướng Chính phủ và chương trình công tác năm"
    rows.append((rows[-1][0] + STEP, [(line, 250.0)]))
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"] == "Kiểm tra công tác văn thư, lưu trữ"


def test_a_row_of_a_photos_specks_under_the_title_is_passed_over():
    """``P4 x`` (a photo's grain between the title and a subject in capitals, ``x`` on the
    page's middle): no word of two letters, no subject line; the subject is the line under it."""
    rows = header(title="KẾ HOẠCH", subject=())
    y = rows[-1][0]
    rows.append((y + 0.6 * STEP, [("P4", W / 2 - 390), ("x", W / 2 - 20)]))
    subject = "KIỂM TRA, HƯỚNG DẪN NGHIỆP VỤ NĂM 2024"
    rows.append((y + 1.2 * STEP, [(subject, centre(subject))]))
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"] == subject


def test_a_speck_row_between_title_and_subject_is_passed_over():
    rows = header(subject=())
    y = rows[-1][0]
    rows.append((y + 0.5 * STEP, [("-", W / 2 + 700)]))  # a dash of the rule, off the axis
    subject = "Về việc công bố thủ tục hành chính nội bộ được chuẩn hóa"
    rows.append((y + 1.2 * STEP, [(subject, centre(subject))]))
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"] == subject


@pytest.mark.parametrize(("block", "authority", "title"), [
    (("KÍGIÁM ĐÓC", "PHÓ GIÁM ĐỐC"), "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),  # T. smudged, glued
    (("“co. Kf, BỘ TRƯỞNG", "THỨ TRƯỞNG"), "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),  # debris before it
    (("K/T CHỦ TỊCH", "PHÓ CHỦ TỊCH"), "K/T CHỦ TỊCH", "PHÓ CHỦ TỊCH"),  # printed so: kept
    (("k1, GIAM ĐỌC j", "PHÓ GIÁM ĐỐC"), "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),  # a stroke's end after
])
def test_a_smudged_kt_before_a_heads_title_is_kt(block, authority, title):
    got = values(document(block=block))
    assert got["signing_authority"] == authority
    assert got["signer_title"] == title


@pytest.mark.parametrize(("block", "authority", "title"), [
    (("ỦY-BAN NHÂN DÂN", "CHỦ TỊCH"), "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    (("THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "PHÓ CHỦ TỊCH"), "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN",
     "PHÓ CHỦ TỊCH"),
])
def test_a_collective_bodys_name_over_a_title_is_its_tm_line_with_the_prefix_lost(
        block, authority, title):
    """``ỦY BAN NHÂN DÂN`` over ``CHỦ TỊCH`` (``TM.`` lost in a photo's blur): only a collective
    body signs ``TM.``, so the line is the authority line; its prefix a guess, flagged."""
    got = extract_metadata(document(block=block), calibrated=False)
    assert (got["signing_authority"].value, got["signer_title"].value) == (authority, title)
    assert got["signing_authority"].review


def test_a_non_collective_bodys_name_over_a_title_gains_no_tm():
    got = values(document(block=("BỆNH VIỆN ĐA KHOA", "GIÁM ĐỐC")))
    assert not (got["signing_authority"] or "").startswith("TM.")


def test_an_empty_authority_over_a_title_below_the_blocks_first_line_is_flagged():
    """The block's first line stands level with ``Nơi nhận:``: a title a line below it, with
    no authority line read, had one above it that was lost (``TM. ỦY BAN NHÂN DÂN`` under a
    grey seal), so the empty authority asks for a look; a title level with it does not."""
    rows = header() + body(BODY, 1000.0) + foot(RECIPIENTS, ("", "CHỦ TỊCH"), "Trần Thành Lập")
    lower = extract_metadata([build_page(rows)])
    assert lower["signing_authority"].value is None and lower["signing_authority"].review
    assert lower["signer_title"].value == "CHỦ TỊCH"
    level = extract_metadata(document(block=("CHỦ TỊCH",)))
    assert level["signing_authority"].value is None and not level["signing_authority"].review


@pytest.mark.parametrize(("number", "doubted"), [
    ("Số: 1848/NC-HĐND", True),  # ``NC`` (a known part) under ``BÁO CÁO``: misread
    ("Số: 1848/BC-HĐND", False),
    ("Số: 1848/2018/BC-HĐND", False),
    ("Số: 1848/HĐND", False),  # one part: nothing to compare
])
def test_a_number_whose_type_part_is_not_the_titles_is_flagged(number, doubted):
    got = extract_metadata(document(hdr=header(left=("HỘI ĐỒNG NHÂN DÂN", "HUYỆN CỦ CHI"),
                                               number=number, title="BÁO CÁO")), calibrated=False)
    assert got["number"].value == number.removeprefix("Số: ")
    assert got["number"].review is doubted


def test_a_heads_title_misread_under_a_collective_bodys_line_is_flagged():
    """``TM. ỦY BAN NHÂN DÂN`` over ``SHỦ TICH`` (a seal over ``KT. CHỦ TỊCH`` and ``PHÓ CHỦ
    TỊCH``, one lost, one misread): the head's title read under a seal may be the deputy's
    with ``PHÓ`` and its ``KT.`` line lost: scored as a guess (a title repaired is most often
    right, and the calibration lifts a repaired one's flag); read cleanly, it fits."""
    misread = extract_metadata(document(block=("TM. ỦY BAN NHÂN DÂN", "SHỦ TICH")))["signer_title"]
    assert misread.value == "CHỦ TỊCH" and misread.review and misread.confidence <= 0.35
    clean = extract_metadata(document(block=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")))["signer_title"]
    assert clean.value == "CHỦ TỊCH" and not clean.review and clean.confidence >= 0.95


@pytest.mark.parametrize(("printed", "again", "title"), [
    ("KT. CHỦ TỊCH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ("TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN :", "PHÓ CHỦ TỊCH"),
])
def test_an_authority_line_read_twice_is_one_line(printed, again, title):
    """An authority line returned twice by the OCR, the second reading a line of its own a few
    pixels under the first, maybe cut short: one authority line, the fuller reading."""
    rows = header() + body(BODY, 1000.0) + foot(RECIPIENTS, (printed, title), "Trần Thành Lập")
    y = next(y for y, pieces in rows if any(text == printed for text, _ in pieces))
    rows.append((y + 3.0, [(again, centre(printed, 1750.0) + 2.0)]))
    rows.sort(key=lambda r: r[0])
    got = values([build_page(rows)])
    assert (got["signing_authority"], got["signer_title"]) == (printed, title)


def test_a_deputys_title_read_as_its_first_word_alone_under_kt_is_completed():
    got = extract_metadata(document(block=("KT. GIÁM ĐỐC", "PHÓ")))
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC"
    # a title of the tables under a head named with his body is his deputy's as printed
    got = extract_metadata(document(block=("K/T GIÁM ĐỐC SỞ VĂN HOÁ - THÔNG TIN", "PHÓ GIÁM ĐỐC")))
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC"


def test_no_authority_read_in_a_doubtful_block_is_flagged_and_a_clean_heads_block_is_not():
    # the name's family name under the seal: the KT. line may be lost as well
    doubtful = extract_metadata(document(block=("GIÁM ĐỐC",), name="Văn Hải"))
    assert doubtful["signing_authority"].value is None and doubtful["signing_authority"].review
    clean = extract_metadata(document(block=("GIÁM ĐỐC",), name="Nguyễn Văn Hải"))
    assert clean["signing_authority"].value is None and not clean["signing_authority"].review


def test_a_deputys_title_cut_short_under_kt_is_completed():
    got = extract_metadata(document(block=("KT. GIÁM ĐỐC", "PHÓ GIÁM")))
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC" and not got["signer_title"].review


def test_an_issuer_line_ending_a_hair_past_the_column_boundary_is_the_issuers():
    """``THƯƠNG BINH VÀ XÃ`` (the issuer wrapped onto three lines), its last word ending a few
    pixels past the columns' boundary: no text running across it, so the header goes on to
    the number and the date (they were lost when the header ended there)."""
    wrapped = "THƯƠNG BINH VÀ XÃ"
    boundary = 1150.0 - 0.3 * HEIGHT  # left of the motto, as ``find_header`` draws it
    left_x = boundary + 4.0 - CHAR * (len(wrapped) + 1)  # ends 4 px past it
    hdr = header(left=("SỞ LAO ĐỘNG -", wrapped, "HỘI"), left_x=left_x,
                 number="Số: 315/KH-SLĐTBXH", date="Bạc Liêu, ngày 27 tháng 11 năm 2021",
                 title="KẾ HOẠCH")
    got = values(document(hdr=hdr))
    assert got["issuer"] == "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert (got["number"], got["issued_date"], got["place"]) == ("315/KH-SLĐTBXH", "2021-11-27",
                                                                "Bạc Liêu")


def test_an_issuer_wrapped_after_its_administrative_level_is_one_name():
    """``PHONG ĐIỀN`` folds like ``PHÒNG …`` (an organ), but after ``HUYỆN`` it is the name
    (as a PDF's text layer gives it; OCR's capitals are respelled from the tables first)."""
    assert split_issuer(["ỦY BAN NHÂN DÂN HUYỆN", "PHONG ĐIỀN"]) == (
        None, "ỦY BAN NHÂN DÂN HUYỆN PHONG ĐIỀN")
    assert split_issuer(["UBND HUYỆN PHONG ĐIỀN", "PHÒNG NỘI VỤ"]) == (
        "UBND HUYỆN PHONG ĐIỀN", "PHÒNG NỘI VỤ")
    got = values(document(hdr=header(left=("ỦY BAN NHÂN DÂN TỈNH", "THỪA THIÊN HUẾ"))))
    assert (got["parent_issuer"], got["issuer"]) == (None, "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ")


def test_marks_glued_to_issuer_words_are_specks_but_rules_and_abbreviations_are_kept():
    """Specks glued before a word or a colon after it part nothing: the parent and its body
    read as one line are split again; a stop inside a name goes, an abbreviation's stays."""
    assert split_issuer(["UBND TỈNH KIÊN GIANG: -.SỞ Y TẾ"]) == ("UBND TỈNH KIÊN GIANG", "SỞ Y TẾ")
    assert split_issuer(["-.:UBND TỈNH KIÊN GIANG", "SỞ Y TẾ"]) == ("UBND TỈNH KIÊN GIANG", "SỞ Y TẾ")
    assert split_issuer(["HỘI ĐỒNG ĐẤU THẦU MUA. THUỐC"]) == (None, "HỘI ĐỒNG ĐẤU THẦU MUA THUỐC")
    assert split_issuer(["UBND TỈNH KIÊN GIANG", "-SỞ Y TẾ"]) == ("UBND TỈNH KIÊN GIANG", "SỞ Y TẾ")
    for kept in ("SỞ Y TẾ -CÔNG ĐOÀN NGÀNH", "CỤC THUẾ TP. HỒ CHÍ MINH", "CỤC THUẾ TP.HCM", "SỞ GD &ĐT"):
        assert split_issuer([kept]) == (None, kept)


def test_a_rule_or_a_stop_where_an_issuers_name_wraps_is_no_part_of_it():
    """A name wrapped onto two lines, a rule's piece or a speck read at the break: no name
    has a rule before its administrative level (``TỈNH``) nor a stop after a word."""
    assert split_issuer(["ỦY BAN NHÂN DÂN -", "-TỈNH TUYÊN QUANG _"]) == (
        None, "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG")
    assert split_issuer(["SỞ Y TẾ-TỈNH KIÊN GIANG", "HỘI ĐỒNG ĐẤU THẦU MUA.", "THUỐC GNHT&TC"]) == (
        "SỞ Y TẾ TỈNH KIÊN GIANG", "HỘI ĐỒNG ĐẤU THẦU MUA THUỐC GNHT&TC")
    # a province's name printed with its rule, on one line or two
    assert split_issuer(["ỦY BAN NHÂN DÂN", "TỈNH BÀ RỊA - VŨNG TÀU"]) == (
        None, "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU")
    assert split_issuer(["UBND TỈNH BÀ RỊA -", "VŨNG TÀU", "SỞ NỘI VỤ"]) == (
        "UBND TỈNH BÀ RỊA - VŨNG TÀU", "SỞ NỘI VỤ")


def test_a_subject_in_capitals_beginning_like_the_body_is_the_subject():
    subject = "THỰC HIỆN QUY TRÌNH LẬP HỒ SƠ VÀ NỘP LƯU HỒ SƠ, TÀI LIỆU VÀO LƯU TRỮ CƠ QUAN"
    rows = header(title="HƯỚNG DẪN", number="Số: 05/HD-UBND", subject=(subject,))
    got = values([build_page(rows + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))])
    assert got["subject"] == subject


def test_so_before_a_number_in_the_subject_gets_its_tone_mark():
    got = values(document(hdr=header(subject=("Về việc ứng phó với bão sô 16",))))
    assert got["subject"] == "Về việc ứng phó với bão số 16"


def test_a_name_of_two_words_is_flagged():
    """A family name lost under the seal leaves two words (``Hoàng Anh`` for ``Lê Hoàng Anh``)."""
    got = extract_metadata(document(name="Hoàng Anh"))
    assert got["signer"].value == "Hoàng Anh" and got["signer"].review


def test_recipients_a_persons_family_name_and_a_misread_dash_between_items():
    recipients = ["Như Điều 3;", "Thứ trưởng Nguyên Văn Phúc;",
                  "Các thành viên Hội đồng; ¬ Các đơn vị trực thuộc;", "Lưu: VT, TCCB."]
    got = values(document(recipients=recipients))
    assert got["recipients"] == ["Như Điều 3;", "Thứ trưởng Nguyễn Văn Phúc;", "Các thành viên Hội đồng;",
                                 "Các đơn vị trực thuộc;", "Lưu: VT, TCCB."]


def test_a_rule_after_the_subjects_last_word_is_no_part_of_it():
    """A stamp's frame or the rule under the subject read as ``—`` after its last word."""
    hdr = header(subject=("Phê duyệt Kế hoạch số hóa tài liệu lưu trữ",
                          "tại Lưu trữ lịch sử tỉnh giai đoạn 2024 - 2026 —"))
    assert values(document(hdr=hdr))["subject"] == (
        "Phê duyệt Kế hoạch số hóa tài liệu lưu trữ tại Lưu trữ lịch sử tỉnh giai đoạn 2024 - 2026")


def test_a_recipient_line_read_twice_is_named_once():
    """The same line read twice (``Số Nội vụ;`` once, ``Sở Nội vụ;`` again): one recipient."""
    got = values(document(recipients=["Như trên;", "Số Nội vụ;", "Sở Nội vụ;", "Lưu: VT, HCSN."]))
    assert got["recipients"] == ["Như trên;", "Sở Nội vụ;", "Lưu: VT, HCSN."]


@pytest.mark.parametrize("number_x, date_x", [
    (610.0, 1120.0),  # 1.6 line heights apart, the date starting left of the motto's column
    (720.0, 1182.0),  # a word's space apart, the number running past the motto's left edge
])
def test_a_long_number_close_to_a_date_line_starting_left_of_the_column(number_x, date_x):
    """``Số: 346/2017/QĐ-UBND`` close before ``Quảng Ngãi, ngày …``: one segment of the row,
    across the column boundary. It is cut in two at the gap or, set tight, after the number's
    word with its slash, before the place's; the header does not end above the number."""
    rows = header(left=("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"), number="", date="")
    y = rows[2][0]
    rows[2] = (y, [("Số: 346/2017/QĐ-UBND", number_x),
                   ("Quảng Ngãi, ngày 21 tháng 06 năm 2017", date_x)])
    got = values(document(hdr=rows))
    assert (got["number"], got["issued_date"], got["place"]) == ("346/2017/QĐ-UBND", "2017-06-21",
                                                                 "Quảng Ngãi")
    assert got["issuer"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" and got["doc_type"] == "Quyết định"


@pytest.mark.parametrize("number", ["Số: @TTr-STC", "Số: /TTr-STC",
                                    "Số: /J5 /TTr-STC"])  # a written 45 read as a slash and J5
def test_a_blank_number_keeps_its_symbol_for_the_handwriting_reader(number):
    """Nothing read in the blank (the handwritten digits and the slash read as a mark): the
    number line is still the number line, and the field keeps the symbol, flagged, for the
    handwritten-digit reader to complete."""
    got = extract_metadata(document(hdr=header(number=number, title="TỜ TRÌNH")))
    assert got["number"].value == "/TTr-STC" and got["number"].review
    assert got["doc_type"].value == "Tờ trình"


def test_a_heads_title_over_its_deputys_is_kt_lost():
    """``GIÁM ĐỐC`` over ``Ó GIÁM ĐỐC``: KT. was lost (handwritten, under the seal)."""
    got = extract_metadata(document(block=("GIÁM ĐỐC", "Ó GIÁM ĐỐC")))
    assert got["signing_authority"].value == "KT. GIÁM ĐỐC" and got["signing_authority"].review
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC" and got["signer_title"].review


@pytest.mark.parametrize("block", [
    ("T-GIÁM ĐÓC", "GIÁM. ĐỘC"),  # the seal hid PHÓ: the head's title twice
    ("2. GIÁM ĐỐC", "PHÓ GIÁM ĐC"),  # the deputy's title smudged at its end
    ("l1, GIÁM nóc“", "PHÓ ĐỌC"),  # both lines smudged
])
def test_a_heads_title_over_a_smudged_deputys_is_kt_lost(block):
    got = extract_metadata(document(block=block))
    assert got["signing_authority"].value == "KT. GIÁM ĐỐC" and got["signing_authority"].review
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC" and got["signer_title"].review


def test_seal_specks_between_a_heads_title_and_its_deputys_do_not_hide_the_deputy():
    """``CỤC TRƯỞNG`` / specks read as a line (``1 :``) / ``pO CỤC | RƯỜNG``: the deputy's
    line is the next line with letters, not the specks."""
    got = extract_metadata(document(block=(". CỤC TRƯỞNG", "1 :", "pO CỤC | RƯỜNG")))
    assert got["signing_authority"].value == "KT. CỤC TRƯỞNG" and got["signing_authority"].review
    assert got["signer_title"].value == "PHÓ CỤC TRƯỞNG" and got["signer_title"].review


def test_a_name_ending_like_the_deputys_title_is_no_deputys_title_line():
    """``BỘ TRƯỞNG`` over ``Trịnh Xuân Trường``: the name ends like ``THỨ TRƯỞNG`` but is the
    signer's line, not a deputy's title under a head's whose ``KT.`` was lost."""
    got = extract_metadata(document(block=("BỘ TRƯỞNG",), name="Trịnh Xuân Trường"))
    assert got["signing_authority"].value is None
    assert got["signer_title"].value == "BỘ TRƯỞNG" and got["signer"].value == "Trịnh Xuân Trường"


def test_a_title_over_another_title_is_not_kt():
    got = values(document(block=("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")))
    assert got["signing_authority"] == "TL. GIÁM ĐỐC" and got["signer_title"] == "CHÁNH VĂN PHÒNG"


def test_a_title_without_a_name_under_it_is_flagged():
    got = extract_metadata(document(block=("GIÁM ĐỐC",), name=""))
    assert got["signer_title"].value == "GIÁM ĐỐC" and got["signer_title"].review
    # the block read in part: an authority line above the title may have been lost too
    assert got["signing_authority"].value is None and got["signing_authority"].review


def test_a_title_going_on_past_a_known_one_takes_its_spelling():
    got = values(document(block=("KT. BỘ TRƯỞNG", "THỨ TRƯỜNG THƯỜNG TRỰC")))
    assert got["signer_title"] == "THỨ TRƯỞNG THƯỜNG TRỰC"


@pytest.mark.parametrize(("line", "is_number"), [
    ('"Số: 506/4 /QĐ-SYT', True),  # a stray quote before Số
    ("Số20ƒSYT-NVY", True),  # the slash read as ƒ
    ("Só:† T!GM-SYT", True),  # … as !
    ("SỞ Y TẾ", False),
    ("SỞ NỘI VỤ", False),
])
def test_number_line_with_a_speck_or_a_misread_slash(line, is_number):
    from ingest.metadata._header import is_number_line
    assert is_number_line(line) is is_number


def test_kt_smudged_to_a_lower_case_mark_is_still_kt():
    # "kĩ, GIÁM ĐỐC": the K's case lost with its T.
    got = extract_metadata(document(block=("kĩ, GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), name="Hà Văn Phúc"))
    assert got["signing_authority"].value == "KT. GIÁM ĐỐC"
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC"


def test_seal_text_read_as_the_title_under_kt_gives_the_deputy_title():
    got = extract_metadata(document(block=("KT. GIÁM ĐỐC", "NINH"), name="Hà Văn Phúc"))
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC" and not got["signer_title"].review


def test_the_whole_name_wins_over_a_part_of_it_read_under_the_seal():
    # the name printed, then the seal's rim and a second, partial reading of it
    rows = header() + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Nguyễn Văn Hải")
    y = rows[-1][0] + 60
    rows += [(y, [("Văn Hi", 1500.0)])]
    got = extract_metadata([build_page(rows)])
    assert got["signer"].value == "Nguyễn Văn Hải"


def test_of_two_whole_readings_of_the_name_the_surer_wins():
    # a second look read the name cleanly; the page's own reading under the seal, lower, is worse
    rows = header() + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Phạm Ngọc Thưởng")
    y = rows[-1][0] + 60
    rows += [(y, [("Phan: ¡Ngọc Thưởng", 1500.0)])]
    got = extract_metadata([build_page(rows, confs={"Phan:": 71.0, "¡Ngọc": 73.0})])
    assert got["signer"].value == "Phạm Ngọc Thưởng"


def test_recipient_lines_with_a_speck_before_their_dash_and_after_their_end():
    recipients = ["Như trên;", "BGĐ SYT;..„", "Website SYT;"]
    rows = header() + body(BODY, 1000.0) + foot(recipients, BLOCK, "Trần Thành Lập")
    y = max(r[0] for r in rows if r[0] >= 2400.0 and any(t.startswith("- Website") for t, _ in r[1]))
    rows += [(y + 60, [("¡ - Lưu: VT,:ntphong.", 200.0)])]
    got = extract_metadata([build_page(rows)])
    assert got["recipients"].value == ["Như trên;", "BGĐ SYT;", "Website SYT;", "Lưu: VT, ntphong."]


def test_touching_pieces_are_one_word_only_in_a_text_layer_or_around_a_mark():
    from ingest.metadata._layout import join_words

    def words(*pieces: tuple[str, float, float, float]) -> list[Word]:
        return [Word(text, x0, 100, x1, 150, conf, 1, 0) for text, x0, x1, conf in pieces]

    # a PDF's text layer: a font change inside one word
    assert join_words(words(("KGVX", 0, 80, 100.0), ("VHTin507.", 81, 200, 100.0))) == "KGVXVHTin507."
    # the OCR read two words, a bold name's narrow space between them
    assert join_words(words(("Hoàng", 0, 108, 96.3), ("Anh", 110, 189, 95.7))) == "Hoàng Anh"
    # a speck the OCR read onto a word, touching the next one, stays with them
    assert join_words(words(("2017.", 0, 75, 83.2), ("tại", 75, 121, 87.5))) == "2017.tại"


# --- the subject spelled as the body spells it --------------------------------------------------

def _with_body(subject: str, lines: list[str]) -> list[Page]:
    rows = header(subject=(subject,)) + body([*BODY, *lines], 1000.0)
    return [build_page(rows + foot(RECIPIENTS, BLOCK, "Trần Thành Lập"))]


@pytest.mark.parametrize(("read", "body_lines", "printed"), [
    # the body prints "cấp cơ sở" twice, never "cắp cơ"
    ("thành lập Hội đồng Sáng kiến cắp cơ sở", ["Hội đồng cấp cơ sở xét sáng kiến;",
                                                "sáng kiến cấp cơ sở năm 2017."],
     "thành lập Hội đồng Sáng kiến cấp cơ sở"),
    # once, where it makes a word of the lexicon ("giấy khen")
    ("tặng giây khen cho tập thể", ["Điều 2. Tặng giấy khen cho 5 tập thể."],
     "tặng giấy khen cho tập thể"),
    # a capitalised word inside the line, where the body's spelling makes a word ("đề án")
    ("10 năm thực hiện Đê án 1816", ["kết quả thực hiện Đề án 1816 của tỉnh."],
     "10 năm thực hiện Đề án 1816"),
    # no syllable (a stop ending takes sắc or nặng): ``thuốc`` or ``thuộc``, the body prints
    # the first and never the second, though never beside the subject's neighbours
    ("tình hình cung ứng thuôc năm 2017", ["Hợp đồng cung cấp thuốc giữa các cơ sở;",
                                           "báo cáo tình hình sử dụng thuốc."],
     "tình hình cung ứng thuốc năm 2017"),
    # the body misreads it too, but prints the other spelling there at least twice as often
    ("quản lý nhà nước về được và mỹ phẩm", ["quản lý về dược và mỹ phẩm;",
                                             "công tác về dược và trang thiết bị;",
                                             "Hội nghị về được và mỹ phẩm;",
                                             "các quy định về dược và an toàn."],
     "quản lý nhà nước về dược và mỹ phẩm"),
    # a run of syllables the body prints with the same letters and other marks, across one
    # of its line breaks, making more words of the lexicon ("sùng kính" is one as read)
    ("VỀ VIỆC BỒ SÙNG KÍNH PHÍ THỰC HIỆN", ["Sở Tài chính kính trình xem xét, bổ sung kinh",
                                            "phí năm 2020 cho đơn vị."],
     "VỀ VIỆC BỔ SUNG KINH PHÍ THỰC HIỆN"),
    # as many words either way ("kiên nghị", "kiến nghị"), but the body prints it twice
    ("GIẢI QUYẾT KIÊN NGHỊ CỦA CỬ TRI", ["việc giải quyết kiến nghị của cử tri tại kỳ họp;",
                                         "kết quả giải quyết kiến nghị của cử tri."],
     "GIẢI QUYẾT KIẾN NGHỊ CỦA CỬ TRI"),
])
def test_a_subject_syllable_is_spelled_as_the_body_prints_it(read, body_lines, printed):
    assert values(_with_body(read, body_lines))["subject"] == printed


@pytest.mark.parametrize(("subject", "body_lines"), [
    # the body misreads it once, and "tuyên tỉnh" makes no word: the subject as read stays
    ("đánh giá các Trung tâm tuyến tỉnh", ["Đoàn làm việc tại Trung tâm tuyên tỉnh."]),
    # "bổ sung" is a word as read: a body that misreads it never changes it
    ("Về việc bổ sung công chức", ["đề nghị bồ sung công chức cho đơn vị."]),
    # a name: the body's other spelling makes no word, so the name stays as read
    ("khen thưởng ông Lê Văn Tám", ["Ông Lê Văn Tâm, Trưởng phòng;", "ông Lê Văn Tâm."]),
    # the body prints both spellings beside the neighbour: nothing to learn from it
    ("thông báo dừng nghiên cứu", ["đã dừng nghiên cứu;", "không đừng nghiên cứu."]),
    # no syllable, and the body prints its two spellings as often: nothing to learn from it
    ("tình hình cung ứng thuôc", ["cung cấp thuốc cho các đơn vị trực thuộc Sở."]),
    # the body's misreading of a run makes fewer words than the subject's reading
    ("công tác chuyển đổi số", ["Đẩy mạnh công tác chuyến đổi số năm 2025."]),
    # as many words either way, printed once: nothing to learn from it
    ("GIẢI QUYẾT KIÊN NGHỊ CỦA CỬ TRI", ["việc giải quyết kiến nghị của cử tri tại kỳ họp."]),
    # an agency phrase's syllable the body misreads twice: "tính" makes no more words
    ("trên địa bàn tỉnh Kiên Giang", ["trên địa bàn tính Kiên Giang;", "địa bàn tính Kiên Giang."]),
    # the body prints the reading as often as the other spelling
    ("quản lý về được và mỹ phẩm", ["về dược và mỹ phẩm;", "về được và thiết bị."]),
])
def test_a_subject_read_right_keeps_its_spelling_against_the_body(subject, body_lines):
    assert values(_with_body(subject, body_lines))["subject"] == subject


def _subject_word_doubted(pages: list[Page], text: str, conf: float) -> list[Page]:
    """The pages with the subject's ``text`` (above the body) read at ``conf``."""
    page = pages[0]
    words = [dataclasses.replace(w, conf=conf) if w.text == text and w.y0 < 1000 else w
             for w in page.words]
    return [dataclasses.replace(page, words=words)]


def test_a_subject_word_read_doubtfully_is_no_doubt_where_the_body_prints_it_alike():
    """The subject's small print reads a word at 85; the body prints the same words around it
    again: the subject is not sent to review. A doubtful word the body never prints so is."""
    subject = "tổ chức hội nghị tổng kết công tác văn thư"
    repeated = ["Điều 2. Tổ chức hội nghị tổng kết công tác văn thư năm 2024."]
    got = extract_metadata(_subject_word_doubted(_with_body(subject, repeated), "tổng", 85.0))
    assert got["subject"].value == subject and not got["subject"].review
    other = ["Điều 2. Giao Sở Nội vụ chủ trì thực hiện."]
    got = extract_metadata(_subject_word_doubted(_with_body(subject, other), "tổng", 85.0))
    assert got["subject"].review



def test_a_subject_word_read_surely_is_doubted_where_the_body_prints_another_one_letter_off():
    """``thực biện`` read at 95 in the subject, ``thực hiện`` in the body: flagged."""
    subject = "triển khai thực biện công tác chuyển đổi số"
    body_lines = ["Điều 2. Các sở, ngành tổ chức thực hiện công tác chuyển đổi số."]
    assert extract_metadata(_with_body(subject, body_lines))["subject"].review
    printed = "triển khai thực hiện công tác chuyển đổi số"
    assert not extract_metadata(_with_body(printed, body_lines))["subject"].review


def test_recipients_reduced_to_the_archive_copy_are_flagged():
    """``Nơi nhận`` always names a recipient before ``Lưu``: a list of ``Lưu`` alone lost its
    first lines (small print the OCR skipped) and goes to review."""
    got = extract_metadata(document(recipients=["Lưu: VT, HCSN."]))
    assert got["recipients"].value == ["Lưu: VT, HCSN."] and got["recipients"].review
    got = extract_metadata(document())
    assert got["recipients"].value == RECIPIENTS and not got["recipients"].review
    kept = ["Lưu trữ lịch sử tỉnh;", "Lưu: VT, HCSN."]  # a recipient whose name starts so
    assert not extract_metadata(document(recipients=kept))["recipients"].review


def test_recipients_without_the_archive_copy_are_flagged():
    """Every list ends with the archive copy (``Lưu: VT, …``; 122 of the 123 labelled real
    lists): a list without it lost its last line (a line the OCR skipped) and goes to review."""
    got = extract_metadata(document(recipients=["Như Điều 3;", "Các cơ quan, đơn vị huyện;"]))
    assert got["recipients"].value == ["Như Điều 3;", "Các cơ quan, đơn vị huyện;"]
    assert got["recipients"].review


def test_a_recipient_with_no_stop_before_the_next_is_flagged():
    """Each recipient but the last ends with ``;`` (or ``,``, ``.``): one that ends on a word
    lost its end (under the seal, or a line the OCR skipped) and goes to review."""
    cut = ["Thủ tướng, các Phó Thủ tướng", "Lưu: VT, PL."]
    got = extract_metadata(document(recipients=cut))
    assert got["recipients"].value == cut and got["recipients"].review
    whole = ["Thủ tướng, các Phó Thủ tướng Chính phủ;", "Lưu: VT, PL."]
    assert not extract_metadata(document(recipients=whole))["recipients"].review
    # the archive copy that ends the list lost its stop: put back, still flagged; a drafter's
    # code ends in digits, and ``Lưu VT`` printed without its colon may end bare
    got = extract_metadata(document(recipients=["Như trên;", "UBND tỉnh (b/c);", "Lưu: VT, KT"]))
    assert got["recipients"].value[-1] == "Lưu: VT, KT." and got["recipients"].review
    got = extract_metadata(document(recipients=["Như trên;", "Lưu: VT"]))
    assert got["recipients"].value[-1] == "Lưu: VT." and got["recipients"].review
    coded = ["Như trên;", "Lưu: VT, KGVXn1014"]
    assert not extract_metadata(document(recipients=coded))["recipients"].review
    bare = ["Như trên;", "Lưu VT, TCKT"]
    assert extract_metadata(document(recipients=bare))["recipients"].value == bare


@pytest.mark.parametrize(("left", "date", "place", "review"), [
    # one letter misread in the date line: the header names the province the gazetteer knows
    (("UBND TỈNH TÂY NINH", "SỞ TÀI CHÍNH"), "Tâu Ninh, ngày 05 tháng 3 năm 2016", "Tây Ninh", True),
    (("ỦY BAN NHÂN DÂN", "TỈNH HẬU GIANG"), "Hậu Giang, ngày 27 tháng 12 năm 2023", "Hậu Giang",
     False),
    # no such name in the header: the reading stays as it was
    (("ỦY BAN NHÂN DÂN", "TỈNH HẬU GIANG"), "Tâu Ninh, ngày 05 tháng 3 năm 2016", "Tâu Ninh", None),
])
def test_a_place_one_letter_from_a_place_the_header_names_takes_its_spelling(left, date, place,
                                                                              review):
    got = extract_metadata(document(hdr=header(left=left, date=date)))
    assert got["place"].value == place
    assert review is None or got["place"].review == review


def _foot_as_read(lines: list[str], anchor: str = "Nơi nhận:") -> list[Page]:
    """A document whose list under ``anchor`` is read line by line as ``lines`` (no dash added)."""
    rows = header() + body(BODY, 1000.0) + foot([], BLOCK, "Trần Thành Lập", anchor=anchor)
    rows += [(2400.0 + (i + 1) * 55.0, [(line, 280.0)]) for i, line in enumerate(lines)]
    rows.sort(key=lambda r: r[0])
    return [build_page(rows)]


def test_recipients_under_a_misread_noi_nhan_and_dashes_read_as_other_marks():
    got = values(_foot_as_read([": Như trên;", "- TTr: HU, HĐND;", ": CT, các PCT UBND huyện;",
                                "› Lưu: VT."], anchor="Mới nhận:"))
    assert got["recipients"] == ["Như trên;", "TTr: HU, HĐND;", "CT, các PCT UBND huyện;",
                                 "Lưu: VT."]


def test_recipient_after_a_colon_read_for_its_semicolon_and_a_misread_archive_copy():
    got = values(_foot_as_read(["- Các phòng, ban, đơn vị trực thuộc:",
                                "- Các đơn vị và CĐCS trong ngành:", "„sưu: VT, CĐN."]))
    assert got["recipients"] == ["Các phòng, ban, đơn vị trực thuộc;",
                                 "Các đơn vị và CĐCS trong ngành;", "Lưu: VT, CĐN."]


def test_recipients_end_at_the_archive_copy_and_name_a_line_read_twice_once():
    got = values(_foot_as_read(["- Như thành phần GM số 745/GM-UBND;", "~ CT, các PCT. UBND tỉnh;",
                                "- CT, các PCT. UBND tỉnh;", "- Lưu VT.pxphong.", "h Ị |", "Re |"]))
    assert got["recipients"] == ["Như thành phần GM số 745/GM-UBND;", "CT, các PCT. UBND tỉnh;",
                                 "Lưu VT,pxphong."]


def test_a_recipient_read_twice_once_without_its_semicolon_is_named_once():
    got = values(_foot_as_read(["- Như Điều 3", "- Như Điều 3;", "- Bộ Nội vụ (b/c);",
                                "- Lưu: VT, TH."]))
    assert got["recipients"] == ["Như Điều 3;", "Bộ Nội vụ (b/c);", "Lưu: VT, TH."]


def test_recipient_dagger_inside_capitals_is_a_t():
    got = values(_foot_as_read(["- Như trên;", "- Lưu ĐPV và K†DA."]))
    assert got["recipients"] == ["Như trên;", "Lưu ĐPV và KTDA."]


@pytest.mark.parametrize(("read", "subject"), [
    ("Về lịch học năm thứ ii lớp chuyên khoa cấp i", "Về lịch học năm thứ II lớp chuyên khoa cấp I"),
    ("Báo cáo kết quả quý iv năm 2024", "Báo cáo kết quả quý IV năm 2024"),
    ("Triển khai mô hình cấp vi mô", "Triển khai mô hình cấp vi mô"),  # vi is a syllable
])
def test_roman_numerals_read_in_lower_case_after_the_words_that_number(read, subject):
    got = values(document(hdr=header(title="THÔNG BÁO", subject=(read,))))
    assert got["subject"] == subject


@pytest.mark.parametrize(("block", "authority", "title"), [
    (("T1 _.GIÁM ĐÓC", "Chánh văn phòng “"), "TL. GIÁM ĐỐC", "Chánh văn phòng"),  # in sentence case
    (("T1 GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),  # a deputy signs: KT.
    (("“TT GIÁM ĐỐC", "ÁNH VĂN PHÒNG"), "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),  # CH under the seal
    (("TL. GIÁM ĐỐC", "PHÓ CHÁNH VĂN PHÒNG"), "TL. GIÁM ĐỐC", "PHÓ CHÁNH VĂN PHÒNG"),  # as read
])
def test_a_prefix_read_t1_is_told_by_the_title_below(block, authority, title):
    got = extract_metadata(document(block=block, name="Phạm Minh Tâm"))
    assert got["signing_authority"].value == authority
    # the prefix was not read: a guess
    assert got["signing_authority"].review == (block[0] != authority)
    assert got["signer_title"].value == title
    assert got["signer"].value == "Phạm Minh Tâm"


def test_a_lower_case_fragment_before_the_name_is_seal_debris():
    got = extract_metadata(document(name="se Nguyễn Văn Hải"))
    assert got["signer"].value == "Nguyễn Văn Hải"


def test_tuq_whose_q_was_lost():
    got = extract_metadata(document(block=("TU. BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG")))
    assert got["signing_authority"].value == "TUQ. BỘ TRƯỞNG"
    assert got["signer_title"].value == "CHÁNH VĂN PHÒNG"


@pytest.mark.parametrize(("read", "title", "guessed"), [
    ("CHÁ PHÒNG", "CHÁNH VĂN PHÒNG", True),  # the seal over its middle
    ("PHÓ ĐỐC", "PHÓ ĐỐC", False),  # PHÓ GIÁM ĐỐC or PHÓ TỔNG GIÁM ĐỐC: left as read
])
def test_a_title_whose_middle_the_seal_covered(read, title, guessed):
    from ingest.metadata._lexicon import repair_title
    assert repair_title(read) == (title, guessed)


def test_a_euro_sign_after_a_capital_is_a_c():
    got = values(_foot_as_read(["- Như trên;", "- Lưu: VT, N€."]))
    assert got["recipients"] == ["Như trên;", "Lưu: VT, NC."]


def test_an_issuer_of_known_agency_words_is_sure_however_dimly_read():
    # bold capitals read at low confidence: a name made only of agency words, places and
    # issuers' abbreviations was read whole; one with another word was not
    known = extract_metadata(document(hdr=header(left=("UBND TỈNH KIÊN GIANG", "SỞ Y TẾ")),
                                      confs={"SỞ": 40.0, "UBND": 40.0}))
    assert known["issuer"].value == "SỞ Y TẾ" and not known["issuer"].review
    assert known["parent_issuer"].value == "UBND TỈNH KIÊN GIANG"
    assert not known["parent_issuer"].review
    other = extract_metadata(document(hdr=header(left=("UBND TỈNH KIÊN GIANG", "SỞ Y TẾ NGÀNH")),
                                      confs={"SỞ": 40.0, "UBND": 40.0}))
    assert other["issuer"].value == "SỞ Y TẾ NGÀNH" and other["issuer"].review
    assert not other["parent_issuer"].review  # each part judged on its own words


def test_recipients_stock_words_read_dimly_are_no_doubt_but_other_words_are():
    recipients = ["Như trên;", "Sở Nội vụ (b/c);", "Lưu: VT, NC."]
    stock = extract_metadata(document(recipients=recipients,
                                      confs={"VT,": 60.0, "(b/c);": 70.0, "Như": 75.0}))
    assert stock["recipients"].value == recipients and not stock["recipients"].review
    other = extract_metadata(document(recipients=recipients, confs={"Nội": 60.0}))
    assert other["recipients"].value == recipients and other["recipients"].review


@pytest.mark.parametrize(("name", "known"), [
    ("ỦY BAN NHÂN DÂN XÃ PHÚ HỮU", True),  # a commune's committee, the place of the date line
    ("UBND TỈNH KIÊN GIANG", True),
    ("SỞ Y TẾ - CÔNG ĐOÀN NGÀNH", False),
    ("HUYỆN TA ĐÀN", False),
])
def test_a_known_agency_name_is_agency_words_places_and_abbreviations(name, known):
    assert _known_agency(name, ("Phú Hữu",)) is known


def test_a_speck_in_the_block_column_does_not_cut_a_long_recipient():
    """A speck or a stroke of the signature read as a short word (``P2``) on a row of its own
    right of the middle is no line of the block: the list's long item beside it stays whole."""
    recipients = ["Như trên;", "Các ban, ngành, đoàn thể và các cơ quan trực thuộc;",
                  "Lưu: VT, NC."]
    rows = header() + body(BODY, 1000.0) + foot(recipients, BLOCK, "Trần Thành Lập")
    anchor = next(y for y, pieces in rows if pieces[0][0] == "Nơi nhận:")
    rows = sorted([*rows, (anchor + 82.0, [("P2", 1100.0)])], key=lambda r: r[0])
    got = values([build_page(rows, confs={"P2": 80.0})])
    assert got["recipients"] == recipients
    assert got["signer"] == "Trần Thành Lập"


def test_seal_debris_far_right_of_noi_nhan_is_no_recipient():
    """The seal's rim read as capitals on the row of ``Nơi nhận:``, far right of it and short
    of the signature block: no first recipient (a list's line is printed close)."""
    rows = header() + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập")
    rows = [(y, [pieces[0], ("ĐĐ", 800.0), *pieces[1:]]) if pieces[0][0] == "Nơi nhận:"
            else (y, pieces) for y, pieces in rows]
    got = extract_metadata([build_page(rows, confs={"ĐĐ": 36.0})])
    assert got["recipients"].value == RECIPIENTS
    rows = header() + body(BODY, 1000.0) + foot(RECIPIENTS, BLOCK, "Trần Thành Lập")
    anchor = next(y for y, pieces in rows if pieces[0][0] == "Nơi nhận:")
    rows = sorted([*rows, (anchor + 4.0, [("°tẺ Ôn ĐĐ", 560.0)])], key=lambda r: r[0])  # a row of its own
    got = extract_metadata([build_page(rows, confs={"ĐĐ": 36.0, "°tẺ": 0.0, "Ôn": 0.0})])
    assert got["recipients"].value == RECIPIENTS
    inline = foot(["Bộ Nội vụ (b/c);", "Lưu: VT, NC."], BLOCK, "Trần Thành Lập")
    inline = [(y, [("Nơi nhận: - Như Điều 3;", 280.0), *pieces[1:]]) if pieces[0][0] == "Nơi nhận:"
              else (y, pieces) for y, pieces in inline]
    got = values([build_page(header() + body(BODY, 1000.0) + inline)])
    assert got["recipients"] == RECIPIENTS  # a first recipient beside the label stays


def test_an_unread_noi_nhan_with_the_block_s_rows_between_the_list_s():
    """``Nơi nhận:`` unread (italic, faint): the authority line stands in for it even when the
    block's own rows (its title, a stray mark, the seal's letters) fall between the list's
    first dashes, and the list's first line is a recipient, not the label."""
    recipients = ["TT. Huyện ủy, TT. HĐND huyện;", "UBMTTQVN huyện;", "UBND các xã, thị trấn;",
                  "Lưu: VT."]
    block_x = centre("TL. CHỦ TỊCH", 1750.0)
    rows = header() + body(BODY, 1000.0) + [
        (2400.0, [("TL. CHỦ TỊCH", block_x)]),
        (2450.0, [(f"- {recipients[0]}", 280.0)]),
        (2480.0, [("-", 2000.0)]),
        (2510.0, [("CHÁNH VĂN PHÒNG", centre("CHÁNH VĂN PHÒNG", 1750.0))]),
        (2540.0, [("ẤN", 1042.0)]),
        *((2570.0 + 60.0 * k, [(f"- {item}", 280.0)]) for k, item in enumerate(recipients[1:])),
        (2900.0, [("Lâm Thị Bích Ngọc", centre("Lâm Thị Bích Ngọc", 1750.0))]),
    ]
    got = values([build_page(rows, confs={"ẤN": 60.0, "-": 50.0})])
    assert got["recipients"] == recipients
    assert got["signing_authority"] == "TL. CHỦ TỊCH"
    assert got["signer_title"] == "CHÁNH VĂN PHÒNG"
    assert got["signer"] == "Lâm Thị Bích Ngọc"


def test_a_foot_whose_label_and_authority_are_garbled_is_found_by_its_archive_copy_line():
    """Page 1's ``Nơi nhận:`` and authority line both garbled (a handwritten ``KT.`` and the
    seal over them): the list is read up from its ``Lưu: VT`` line, and the annex's clean foot
    on page 2 (a report form with a foot of its own) is not taken for the document's."""
    rows = header() + body(BODY, 1000.0) + foot(
        ["BGĐ SYT;", "Lưu: VT, csthuan."], ("ñiogÁW Bốc", "KIÊN"), "Nguyễn Văn Hải",
        anchor="` “Như trên;")
    annex = body(["BIỂU MẪU BÁO CÁO CÔNG TÁC BẢO VỆ MÔI TRƯỜNG"], 300.0) + foot(
        ["Sở Y tế;", "Lưu: VT."], ("GIÁM ĐỐC",), "Lê Văn An")
    got = values([build_page(rows), build_page(annex, number=2)])
    assert got["signer"] == "Nguyễn Văn Hải"
    assert got["recipients"][1:] == ["BGĐ SYT;", "Lưu: VT, csthuan."]
    assert "Như trên" in got["recipients"][0]


def test_specks_before_a_recipients_dash_and_after_its_semicolon_are_no_part_of_it():
    got = values(_foot_as_read(["n - Như trên;", "- UBND tỉnh (b/c); 2", "- Lưu: VT, TH."]))
    assert got["recipients"] == ["Như trên;", "UBND tỉnh (b/c);", "Lưu: VT, TH."]
    got = values(_foot_as_read(["ˆ Như trên;", "- Sở Nội vụ;", "- Lưu: VT, TH."]))
    assert got["recipients"] == ["Như trên;", "Sở Nội vụ;", "Lưu: VT, TH."]


@pytest.mark.parametrize(("read", "printed"), [
    ("TM. U ẨN DÂN", "TM. ỦY BAN NHÂN DÂN"),
    ("TM. THƯỜNG T HỘI ĐỒNG NHÂN DÂN", "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN"),
])
def test_an_elected_body_a_seal_garbled_after_tm_is_the_one_its_letters_are_closest_to(read, printed):
    got = extract_metadata(document(block=(read, "CHỦ TỊCH")))
    assert got["signing_authority"].value == printed and got["signing_authority"].review


@pytest.mark.parametrize("printed", ["TM. HỘI NÔNG DÂN", "TM. NHÂN DÂN"])
def test_a_body_after_tm_read_as_printed_or_too_short_to_tell_is_left_as_read(printed):
    got = extract_metadata(document(block=(printed, "CHỦ TỊCH")))
    assert got["signing_authority"].value == printed
