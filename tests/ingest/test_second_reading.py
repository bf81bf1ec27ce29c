"""The second reading of printed lines: PP-OCR's reading of the number, the date line and the
signer's name against the value Tesseract read (real PP-OCR on rendered lines)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from archive_service.records import FieldValue, Page, Word
from ingest import ppocr
from ingest.handwriting import CLEAR_CONF
from ingest.second_reading import (
    CONFIRMED_NAME,
    _abbreviations_read,
    _archive_copy_spelled,
    _date_read,
    _digits_before_slash,
    _voted_name,
    read_lines_again,
)

SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
pytestmark = [
    pytest.mark.skipif(not (SERIF.exists() and BOLD.exists()), reason="DejaVu fonts needed"),
    pytest.mark.skipif(not ppocr.available(), reason="PP-OCR's model is missing: run `make venv`"),
]

NUMBER_LINE = "Số: 2268/GM-STTTT"
DATE_LINE = "Hà Nội, ngày 04 tháng 03 năm 2024"


def _header() -> tuple[Page, Image.Image, dict[str, tuple[int, int, int, int]]]:
    """A printed number line and date line, their words, and each line's box."""
    image = Image.new("RGB", (1700, 400), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(SERIF), 40)
    words, boxes = [], {}
    for line, (name, text, x) in enumerate((("number", NUMBER_LINE, 60),
                                            ("issued_date", DATE_LINE, 700)), start=1):
        left = x
        for word in text.split():
            draw.text((x, 150), word, fill="black", font=font)
            x0, y0, x1, y1 = draw.textbbox((x, 150), word, font=font)
            words.append(Word(word, x0, y0, x1, y1, conf=96, line=line))
            x = x1 + 14
        line_words = [w for w in words if w.line == line]
        boxes[name] = (left, min(w.y0 for w in line_words), x - 14, max(w.y1 for w in line_words))
    page = Page(1, "\n".join(w.text for w in words), words, width=1700, height=2400)
    return page, image, boxes


def _fields(number: str, issued: str, boxes, conf: float = 0.95,
            review: bool = False) -> dict[str, FieldValue]:
    return {"number": FieldValue(number, conf, 1, boxes["number"], review=review),
            "issued_date": FieldValue(issued, conf, 1, boxes["issued_date"], review=review)}


def test_digits_misread_with_confidence_are_read_again_and_flagged() -> None:
    page, image, boxes = _header()
    # as Tesseract read them at 97: an 8 for the month's 3, a 1 for the number's 2
    out = read_lines_again(_fields("2168/GM-STTTT", "2024-08-04", boxes), [page], {1: image})
    assert out["number"].value == "2268/GM-STTTT"
    assert out["issued_date"].value == "2024-03-04"
    assert out["number"].review and out["issued_date"].review  # two readers disagreed


def test_values_both_readers_read_alike_are_left_as_they_are() -> None:
    page, image, boxes = _header()
    fields = _fields("2268/GM-STTTT", "2024-03-04", boxes)
    out = read_lines_again(fields, [page], {1: image})
    assert out["number"] is fields["number"] and out["issued_date"] is fields["issued_date"]


def test_only_values_read_surely_from_print_on_an_ocr_page_are_checked() -> None:
    page, image, boxes = _header()
    for fields in (_fields("2168/GM-STTTT", "2024-03-04", boxes, review=True),  # flagged already
                   _fields("2168/GM-STTTT", "2024-03-04", boxes, conf=CLEAR_CONF)):  # ink's reading
        out = read_lines_again(fields, [page], {1: image})
        assert out == fields
    born_digital = Page(1, page.text, page.words, width=page.width, height=page.height,
                        source="text")
    fields = _fields("2168/GM-STTTT", "2024-08-04", boxes)
    assert read_lines_again(fields, [born_digital], {1: image}) == fields
    assert read_lines_again(fields, [page], {}) == fields  # no image kept


def test_a_day_read_from_the_ink_takes_the_month_both_readers_read_on_the_line() -> None:
    """The day read from the ink (``CLEAR_CONF``), the month and year as Tesseract read them
    (``tháng 03`` read ``08``, a phone photo): both of PP-OCR's readers read the line's month
    alike, otherwise: the date takes it, flagged; the ink's day stays."""
    page, image, boxes = _header()
    for review in (False, True):
        fields = _fields("2268/GM-STTTT", "2024-08-04", boxes, conf=CLEAR_CONF, review=review)
        out = read_lines_again(fields, [page], {1: image})
        assert out["issued_date"].value == "2024-03-04" and out["issued_date"].review
        assert out["number"] is fields["number"]
    fields = _fields("2268/GM-STTTT", "2024-08-04", boxes, conf=CLEAR_CONF)
    out = read_lines_again(fields, [page], {1: image}, signed_at=datetime(2024, 2, 20))
    assert out["issued_date"].value == "2024-08-04" and out["issued_date"].review  # only flagged


def test_a_date_read_after_the_signing_date_only_flags() -> None:
    page, image, boxes = _header()
    fields = _fields("2268/GM-STTTT", "2024-02-04", boxes)
    out = read_lines_again(fields, [page], {1: image}, signed_at=datetime(2024, 2, 20))
    assert out["issued_date"].value == "2024-02-04" and out["issued_date"].review


def test_a_number_read_with_other_digits_count_only_flags() -> None:
    page, image, boxes = _header()
    out = read_lines_again(_fields("268/GM-STTTT", "2024-03-04", boxes), [page], {1: image})
    assert out["number"].value == "268/GM-STTTT" and out["number"].review


def test_lines_read_without_their_digits_in_place_are_no_evidence() -> None:
    assert _date_read("BinhLiungay06thang03nam020") is None  # the year's first digit lost
    assert _date_read("Kien Giang, ngay A0 thang 10 nam 2017") is None
    assert _date_read("Ha Noi, ngay 31 thang 02 nam 2024") is None  # no such day
    assert _date_read("Ha Noi, ngay22 thang 9 nam 2025").isoformat() == "2025-09-22"
    assert _digits_before_slash("S6: 2268/GM-STTTT") == "2268"
    assert _digits_before_slash("So: 29 68/QD-UBND") == "2968"
    assert _digits_before_slash("QD-UBND") == ""


def _signed_foot(name: str) -> tuple[Page, Image.Image, tuple[int, int, int, int]]:
    """A signer's name printed bold, its words, and the line's box."""
    image = Image.new("RGB", (1400, 300), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(BOLD), 44)
    draw.text((500, 120), name, fill="black", font=font)
    box = draw.textbbox((500, 120), name, font=font)
    words = [Word(name, *box, conf=70, line=1)]
    return Page(1, name, words, width=1400, height=300), image, box


def _signer(value: str, box, review: bool = True) -> dict[str, FieldValue]:
    return {"signer": FieldValue(value, 0.6, 1, box, review=review)}


def test_a_name_both_recognisers_read_alike_is_confirmed() -> None:
    page, image, box = _signed_foot("Nguyễn Văn Hải")
    out = read_lines_again(_signer("Nguyễn Văn Hải", box), [page], {1: image})
    assert out["signer"].value == "Nguyễn Văn Hải"
    assert not out["signer"].review and out["signer"].confidence == CONFIRMED_NAME


@pytest.mark.parametrize(("read_as", "spelled"), [
    ("Nguyễn Văn Hà", "Nguyễn Văn Hải"),  # other letters than the page's: PP-OCR's, with a doubt
    ("Nguyễn Vẫn Hải", "Nguyễn Văn Hải"),  # a mark no name has: the common middle name
    ("Nguyễn Văn Hải Anh", None),  # a word more than the page's: not spelled, not confirmed
])
def test_other_names_are_not_confirmed(read_as: str, spelled: str | None) -> None:
    page, image, box = _signed_foot("Nguyễn Văn Hải")
    fields = _signer(read_as, box)
    out = read_lines_again(fields, [page], {1: image})
    assert out["signer"].review
    assert out["signer"].value == (spelled or read_as)
    assert out["signer"].value != "Nguyễn Văn Hải" or out["signer"].confidence < CONFIRMED_NAME


def test_a_name_read_without_its_family_name_is_read_again_from_further_left() -> None:
    page, image, box = _signed_foot("Lê Văn Hải")
    # Tesseract read the last two words only (the seal's rim over the first): their box
    font = ImageFont.truetype(str(BOLD), 44)
    start = box[0] + ImageDraw.Draw(image).textlength("Lê ", font=font)
    out = read_lines_again(_signer("Văn Hải", (start, *box[1:])), [page], {1: image})
    assert out["signer"].value == "Lê Văn Hải" and out["signer"].review


@pytest.mark.parametrize(("read", "readings", "voted"), [
    # a stroke over one letter misleads some crops: the name most of them spell
    ("Phan Ngọc Thưởng", ["Pham Ngoc Thuong", "Phaim Ngoc Thuong", "Pham Ngoc Thurong", ""],
     "Phạm Ngọc Thưởng"),
    ("Phan Ngọc Thưởng", ["Pham Ngoc Thuong", "Phan Ngoc Thuong"], None),  # a tie
    ("Phan Ngọc Thưởng", ["Pham Ngoc Thuong", "Xyz", "Van Phuc"], None),  # once only
    # a family name the seal's rim hid from some crops counts their votes for the rest
    ("Văn Phúc", ["Van Phue", "Van Phuc", "Ha Van Phue", "Ha Van Phuc"], "Hà Văn Phúc"),
    # … but a whole name read with debris before it is that name
    ("Lê Quang Minh", ["Le Quang Minh"] * 2 + ["Vo Le Quang Minh"] * 2, None),
])
def test_the_signer_is_the_name_most_readings_spell(read, readings, voted) -> None:
    assert _voted_name(read, readings) == voted


def _title(value: str, box) -> dict[str, FieldValue]:
    return {"signer_title": FieldValue(value, 0.9, 1, box, review=False)}


@pytest.mark.parametrize("read_as", ["TỊCH", "CHỦ TỊCH", "PHÓ C ỊCH"])  # the rest under a seal's ink
def test_a_title_read_in_part_takes_the_whole_known_title_with_a_doubt(read_as: str) -> None:
    page, image, box = _signed_foot("PHÓ CHỦ TỊCH")
    out = read_lines_again(_title(read_as, box), [page], {1: image})
    assert out["signer_title"].value == "PHÓ CHỦ TỊCH" and out["signer_title"].review
    # no authority line was read: the deputy's KT. line was lost with the title's start
    assert out["signing_authority"].value == "KT. CHỦ TỊCH" and out["signing_authority"].review


def test_a_deputys_title_read_again_keeps_the_authority_read() -> None:
    page, image, box = _signed_foot("PHÓ CHỦ TỊCH")
    fields = {**_title("TỊCH", box),
              "signing_authority": FieldValue("TM. ỦY BAN NHÂN DÂN", 0.9, 1, box, review=False)}
    out = read_lines_again(fields, [page], {1: image})
    assert out["signer_title"].value == "PHÓ CHỦ TỊCH"
    assert out["signing_authority"] == fields["signing_authority"]  # as the extractor leaves it


def test_a_title_read_whole_or_otherwise_is_left_as_it_is() -> None:
    page, image, box = _signed_foot("PHÓ CHỦ TỊCH")
    for value in ("PHÓ CHỦ TỊCH", "GIÁM ĐỐC"):  # read alike; other letters: no evidence
        fields = _title(value, box)
        assert read_lines_again(fields, [page], {1: image}) == fields


def test_values_of_an_odd_shape_are_left_as_they_are() -> None:
    page, image, boxes = _header()
    fields = _fields("2168", "04/03/2024", boxes)  # no symbol; not an ISO date
    assert read_lines_again(fields, [page], {1: image}) == fields


@pytest.mark.parametrize(("item", "read", "spelled"), [
    ("Lưu: VT, beluan.", "-Luu: VT, bcluan.", "Lưu: VT, bcluan."),  # the drafter's initials
    ("Lưu VT, ldlue.", "-Luu VT, Idluc.", "Lưu VT, ldluc."),  # PP-OCR's I in initials is an l
    ("Lưu: VI, VILT.", "- Luu: VT, VTLT.", "Lưu: VT, VTLT."),
    ("Lưu: VT, NƠ.", "- Luu: VT, NC.", "Lưu: VT, NC."),
    ("Lưu: VT,NVY.", "- Luu: VT, NVY.", "Lưu: VT,NVY."),  # the same letters: left as read
    ("Lưu: VT, NVĐP.", "- Luu: VT, NVDP.", "Lưu: VT, NVĐP."),  # PP-OCR reads no Đ
    ("Lưu Tổ DA và VT.", "Luu To DA va VT", None),  # Vietnamese words: PP-OCR drops marks
    ("Lưu: VTNC..", "-Luu: VT, NC.", None),  # the words do not pair up
    ("Lưu: VT, vmthang (2b).", "- Luru: VT, vinthang (2b).", "Lưu: VT, vmthang (2b)."),  # m as in
])
def test_the_archive_copy_item_takes_the_letters_pp_ocr_reads(item, read, spelled):
    assert _archive_copy_spelled(item, read) == spelled


def test_the_archive_copy_line_is_read_again_on_the_page() -> None:
    image = Image.new("RGB", (1400, 300), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(SERIF), 36)
    words, x = [], 100
    for word in ("-", "Lưu:", "VT,", "bcluan."):
        draw.text((x, 120), word, fill="black", font=font)
        box = draw.textbbox((x, 120), word, font=font)
        words.append(Word(word.replace("bcluan", "beluan"), *box, conf=90, line=4))
        x = box[2] + 14
    page = Page(1, " ".join(w.text for w in words), words, width=1400, height=300)
    box = (90, 100, x, 180)
    fields = {"recipients": FieldValue(["Như trên;", "Lưu: VT, beluan."], 0.9, 1, box)}
    out = read_lines_again(fields, [page], {1: image})
    assert out["recipients"].value == ["Như trên;", "Lưu: VT, bcluan."]


@pytest.mark.parametrize(("line", "read", "found"), [
    ("- CT, các PCTUHND huyện;", "- CT, cac PCTUBND huyen;", [("PCTUHND", "PCTUBND")]),
    ("- UBMTTOVN xã;", "- UBMTTQVN xa;", [("UBMTTOVN", "UBMTTQVN")]),
    ("- TT. HĐND tỉnh;", "- TT. HDND tinh;", []),  # only a mark apart: PP-OCR reads no Đ
    ("- Ban QLDATVW;", "- Ban QLDATW;", []),  # other lengths: no pairing letter for letter
    ("- Các đơn vị thuộc Hộ;", "- Cac don vi thuoc Bo;", []),  # words, not abbreviations
    ("- Cục VILTNN, VP;", "- Cuc VTLTNN;", []),  # the words do not pair up
])
def test_abbreviations_in_a_list_are_read_by_their_latin_letters(line, read, found):
    assert _abbreviations_read(line, read) == found
