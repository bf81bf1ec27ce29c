"""Failure kinds found on a fresh draw of the varied-typesetting generator (seed 101, session 9,
bench/RESULTS.md), each on a document generated here and read as the worker reads it (pipeline,
extractor, handwriting reader, calibration), and each rule on its own:

- ``ngày`` of an italic date line read ``ngàu``, ``nsàu``, ``ngà``: the date and place were lost;
- a phone photo, where the sheet fills only part of the image: the body's first line
  (``Thực hiện …``) went on the subject, as it spans less than 60% of the image;
- handwritten digits and the slash read as letters glued to the symbol (``_2ZKH-SNV``): the
  number line was not found and joined the issuer;
- an issuer wrapped before an organ's word alone (``SỞ TÀI NGUYÊN VÀ MÔI`` / ``TRƯỜNG``): the
  line was taken for a new body;
- the header's columns touching, the motto's ``CỘNG`` read glued to the issuer's last word
  (``HỘI ĐỒNG NHÂN DÂNCỘNG``);
- a seal over the signature block: the title after the authority prefix cut short
  (``TL. CHU TỊ``), specks glued before the title (``_-GIÁM ĐỐC``).
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import pytest

from archive_service.config import Config
from archive_service.records import Page, Word
from ingest.metadata._header import (
    _unglue_motto,
    is_garbled_number_line,
    is_number_line,
    opens_with_number_label,
    parse_date_line,
    split_issuer,
)
from ingest.metadata._layout import build_layout
from ingest.metadata._signature import _caps_run, _repair_authority
from ingest.metadata.layout_reader import body_line_width, read_page_layout
from tests.conftest import normalise_field

ROOT = Path(__file__).resolve().parents[2]
SEED = 101  # the draw these kinds were found on (bench/out/varied101)
# document index of the draw → what it shows
PHOTO_SUBJECT = 0  # phone photo, a one-line subject then "Thực hiện chỉ đạo …"
DATE_AND_AUTHORITY = 8  # "ngàu" on the date line; "TL. CHU TỊ" under a grey seal disc
WRAPPED_ISSUER = 11  # "SỞ TÀI NGUYÊN VÀ MÔI" / "TRƯỜNG"
GLUED_NUMBER = 20  # "Số: _2ZKH-SNV" (handwritten 213); "_-GIÁM ĐỐC"


# --- the rules ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Hà Nội, ngàu 03 tháng 03 năm 2025",
                                  "Hòa Bình, nsàu 28 tháng 07 năm 2021",
                                  "Tuyên Quang, ngà 07 tháng 06 năm 2019"])
def test_date_line_with_ngay_misread(text):
    parts = parse_date_line(text)
    assert parts is not None and parts.day and parts.month and parts.year
    assert parts.place == text.split(",")[0]


@pytest.mark.parametrize(("text", "month", "year"), [
    ("Hà Nội, ngày. TẾ: tháng 11 năm 2010", "11", "2010"),  # a handwritten day read as marks
    ("Thoại Sơn, ngày 2:háng 08 năm 2022", "08", "2022"),  # the day glued to (t)háng
    ("Hồng Dân, ngày V^ háng 04 năm 2022", "04", "2022"),  # (t)háng apart from the ink's marks
    ("Hà Nội, ngày náng 06 năm 2020", "06", "2020"),  # the day lost, its th read as n
    ("Bến Tre, ngày 44... 05 năm 2025", "05", "2025"),  # tháng lost under the ink
])
def test_date_line_with_the_day_read_as_marks(text, month, year):
    parts = parse_date_line(text)
    assert parts is not None and (parts.month, parts.year) == (month, year)
    assert parts.place == text.split(",")[0]


def test_a_line_without_thang_needs_the_days_ink_read_before_the_month():
    # ``ngày 12 năm 2024``: nothing tells whether 12 is a day or a month
    assert parse_date_line("Hà Nội, ngày 12 năm 2024") is None


def test_place_starting_with_n_is_not_taken_for_ngay():
    parts = parse_date_line("Hà Nam, ngày 5 tháng 6 năm 2020")
    assert (parts.place, parts.day, parts.month) == ("Hà Nam", "5", "6")
    parts = parse_date_line("Đà Nẵng, ngày 20 tháng 10 năm 2022")
    assert (parts.place, parts.day, parts.month) == ("Đà Nẵng", "20", "10")
    assert parse_date_line("Nha Trang, ngày 5 tháng 3 năm 2020").place == "Nha Trang"


def test_a_symbol_run_into_the_date_line_is_no_part_of_the_place():
    """A long number's symbol set past the column reads at the date line's start."""
    parts = parse_date_line("/Z72017/QĐ-.UBND Quảng Ngãi, ngày Ztháng 06 năm 2017")
    assert parts is not None and (parts.place, parts.month) == ("Quảng Ngãi", "06")
    assert parse_date_line("TP. Hồ Chí Minh, ngày 5 tháng 3 năm 2020").place == "TP. Hồ Chí Minh"


def test_a_rule_or_speck_read_before_the_place_is_no_part_of_it():
    for read in ("- Kiên Giang, ngày 21 tháng 12 năm 2017", "_Kiên Giang, ngày 21 tháng 12 năm 2017",
                 "- . Kiên Giang, ngày 21 tháng 12 năm 2017", "•Kiên Giang, ngày 21 tháng 12 năm 2017"):
        assert parse_date_line(read).place == "Kiên Giang"


def test_number_line_with_ink_glued_to_the_symbol():
    assert is_number_line("Số: _2ZKH-SNV")
    assert is_number_line("Số: -ZZZZTB-UBND")
    assert not is_number_line("SỞ NỘI VỤ")
    assert not is_number_line("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")


_MOTTO = [("CỘNG", 900), ("HÒA", 1040), ("XÃ", 1140), ("HỘI", 1210), ("CHỦ", 1310),
          ("NGHĨA", 1420), ("VIỆT", 1580), ("NAM", 1700)]
_DATE = [("ngày", 1200), ("20", 1320), ("tháng", 1390), ("10", 1530), ("năm", 1600), ("2022", 1710)]


def _header_rows(*rows: list[tuple[str, int]]) -> Page:
    """A page of OCR words, one text row after another: each word (text, left edge)."""
    words = [Word(text, x, 100 + 60 * row, x + 25 * len(text), 140 + 60 * row, conf=90,
                  line=row + 1) for row, items in enumerate(rows) for text, x in items]
    return Page(1, " ".join(w.text for w in words), words, width=2480, height=3508)


def test_a_number_line_garbled_past_its_slash_beside_the_date_is_the_number_line():
    """Bold ink beside the symbol can make Tesseract read the whole line as marks: ``Số``
    beside the date line stands for the number line (its blank is found from the ink); an
    issuer's line beside it never does."""
    for read in ("Số: Ø#fxH-sNVv", "Số jỞŒ2BG-STC", "số: |Š rp-srC", "Số: (7k+-uBND", "sẽ Íjcr¬ng"):
        assert not is_number_line(read) and is_garbled_number_line(read)
    for issuer in ("SỞ TÀI CHÍNH", "SỞ GD&ĐT", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số"):
        assert not is_garbled_number_line(issuer)
    layout = read_page_layout(_header_rows(
        [("UBND", 100), ("TỈNH", 220), *_MOTTO],
        [("SỞ", 150), ("NỘI", 240), ("VỤ", 330)],
        [("Số:", 100), ("Ø#fxH-sNVv", 180), ("Đà", 1000), ("Nẵng,", 1070), *_DATE]))
    assert layout.number_line is not None and layout.number_line.text == "Số: Ø#fxH-sNVv"
    assert [ln.text for ln in layout.issuer_lines] == ["UBND TỈNH", "SỞ NỘI VỤ"]


def test_a_number_line_read_as_letters_is_known_by_its_label() -> None:
    """Ink beside the symbol read as letters alone (``số TÍÏH-kcB``, ``Số: fỔ sav-rcsc``): no
    digit, slash or sign tells it, but the label ``Số`` as printed (with its colon, or in lower
    case) a row from the date line does; an issuer's ``SỞ`` in capitals never."""
    for read in ("số TÍÏH-kcB", "Số: fỔ sav-rcsc", "Số:", "SỐ: tư Na"):
        assert opens_with_number_label(read)
    for issuer in ("SỞ TÀI CHÍNH", "SỞ Y TẾ", "SỐ", "Sáng kiến"):
        assert not opens_with_number_label(issuer)
    layout = read_page_layout(_header_rows(
        [("CỤC", 100), ("QUẢN", 200), *_MOTTO],
        [("Hà", 1000), ("Nội,", 1070), *_DATE],
        [("số", 100), ("TÍÏH-kcB", 180)]))  # the number line a row under the date line
    assert layout.number_line is not None and layout.number_line.text == "số TÍÏH-kcB"
    assert [ln.text for ln in layout.issuer_lines] == ["CỤC QUẢN"]


def test_issuer_wrapped_before_an_organ_word_alone():
    assert split_issuer(["SỞ TÀI NGUYÊN VÀ MÔI", "TRƯỜNG"]) == (None, "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG")
    assert split_issuer(["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ", "HỘI"])[1] == \
        "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    assert split_issuer(["UBND TỈNH HẬU GIANG", "SỞ NỘI VỤ"]) == ("UBND TỈNH HẬU GIANG", "SỞ NỘI VỤ")
    assert split_issuer(["CHÍNH PHỦ"]) == (None, "CHÍNH PHỦ")
    # a longer organ's name alone is a body under its parent (the office of the committee)
    assert split_issuer(["UBND TỈNH HẬU GIANG", "VĂN PHÒNG"]) == ("UBND TỈNH HẬU GIANG", "VĂN PHÒNG")
    assert split_issuer(["UBND TỈNH HẬU GIANG", "THANH TRA"]) == ("UBND TỈNH HẬU GIANG", "THANH TRA")


def test_a_national_bodys_name_wrapped_before_an_organ_word_is_one_issuer():
    """``THỦ TƯỚNG`` / ``CHÍNH PHỦ`` is the Prime Minister, not the Government under a parent."""
    assert split_issuer(["THỦ TƯỚNG", "CHÍNH PHỦ"]) == (None, "THỦ TƯỚNG CHÍNH PHỦ")
    assert split_issuer(["ỦY BAN THƯỜNG VỤ", "QUỐC HỘI"]) == (None, "ỦY BAN THƯỜNG VỤ QUỐC HỘI")
    assert split_issuer(["BỘ Y TẾ", "CỤC QUẢN LÝ DƯỢC"]) == ("BỘ Y TẾ", "CỤC QUẢN LÝ DƯỢC")


def test_motto_glued_to_the_issuer():
    words = ["HỘI", "ĐỒNG", "NHÂN", "DÂNCỘNG"]
    left = [Word(w, 100 + 200 * i, 10, 280 + 200 * i, 50) for i, w in enumerate(words)]
    right = [Word(w, 1000 + 150 * i, 10, 1130 + 150 * i, 50) for i, w in enumerate(["HÒA", "XÃ"])]
    left, right = _unglue_motto(left, right)
    assert [w.text for w in left] == ["HỘI", "ĐỒNG", "NHÂN", "DÂN"]
    assert [w.text for w in right] == ["CỘNG", "HÒA", "XÃ"]
    assert left[-1].x1 == right[0].x0 < 880
    printed = [Word("SỞ", 100, 10, 200, 50), Word("CÔNG", 220, 10, 400, 50)]  # no motto glued
    assert _unglue_motto(printed, [Word("HÒA", 1000, 10, 1100, 50)])[0] == printed


def test_authority_title_cut_short_by_the_seal():
    assert _repair_authority("TL. CHU TỊ") == ("TL. CHỦ TỊCH", True)
    for printed in ("TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC BỆNH VIỆN", "TL. GIÁM ĐỐC SỞ",
                    "KT. CHỦ TỊCH", "TM. BAN CHẤP HÀNH"):
        assert _repair_authority(printed) == (printed, False)
    assert not _repair_authority("TL. VT-GIÁM ĐỐC")[1]  # never a deputy's title (PHÓ …)


def test_specks_glued_before_a_title():
    assert _caps_run("_-GIÁM ĐỐC") == "GIÁM ĐỐC"
    assert _caps_run("BÀ RỊA - VŨNG TÀU") == "BÀ RỊA - VŨNG TÀU"


def test_body_width_on_a_photo_of_the_sheet():
    """A sheet photographed with a wide border: a body line spans the text block, not 60% of
    the image; on a scan the threshold stays 60% of the page."""
    rows = [(100, 300, 2100)] + [(y, 600, 1900) for y in range(400, 2400, 60)]
    words = [Word("chữ", x0, y, x1, y + 40, 95.0, 1, i) for i, (y, x0, x1) in enumerate(rows)]
    photo = build_layout(Page(1, "", words, width=2500, height=3300))
    assert body_line_width(photo) < 0.78 * 1300 + 1  # the text block is 1300 wide
    scan = build_layout(Page(1, "", [Word("chữ", 250, y, 2250, y + 40, 95.0, 1, i)
                                     for i, y in enumerate(range(400, 2400, 60))],
                             width=2480, height=3508))
    assert body_line_width(scan) == pytest.approx(0.6 * 2480)


# --- generated documents, read end to end ---------------------------------------------------

def _generate_and_read(index: int, out: str) -> dict:
    """Document ``index`` of the seed's draw, written to ``out`` and read as the worker does
    (runs in a pool process): its truth, its tags and the fields (value, review)."""
    sys.path.insert(0, str(ROOT / "sample_docs"))
    from _gen import varied as V

    from ingest.pipeline import read_document
    from ingest.worker import extract_fields

    built = V.build(index, SEED, V.available_families())
    path = Path(V.write(built, out, SEED))
    config = Config(env={})
    fields = extract_fields(read_document(path, config, workers=1), path.name, config)
    return {"truth": built.meta, "degradations": built.degradations,
            "got": {name: (fv.value, fv.review) for name, fv in fields.items()}}


@cache
def _read(out: str) -> dict[int, dict]:
    indices = (PHOTO_SUBJECT, DATE_AND_AUTHORITY, WRAPPED_ISSUER, GLUED_NUMBER)
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(zip(indices, pool.map(_generate_and_read, indices, [out] * len(indices)),
                        strict=True))


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[int, dict]:
    sys.path.insert(0, str(ROOT / "sample_docs"))
    from _gen import varied as V

    try:
        V.available_families()
    except RuntimeError as e:  # a machine without the fonts
        pytest.skip(str(e))
    return _read(str(tmp_path_factory.mktemp("varied101")))


def _right(doc: dict, *fields: str) -> bool:
    return all(normalise_field(f, doc["got"][f][0]) == normalise_field(f, doc["truth"][f])
               for f in fields)


@pytest.mark.slow
def test_photo_subject_stops_at_the_body(drawn):
    doc = drawn[PHOTO_SUBJECT]
    assert "phone-photo" in doc["degradations"]
    assert _right(doc, "subject"), doc["got"]["subject"]


@pytest.mark.slow
def test_date_read_where_ngay_is_misread_and_authority_cut_by_the_seal(drawn):
    doc = drawn[DATE_AND_AUTHORITY]
    assert "grey-seal-disc" in doc["degradations"]
    assert _right(doc, "issued_date", "place"), (doc["got"]["issued_date"], doc["got"]["place"])
    assert _right(doc, "signing_authority"), doc["got"]["signing_authority"]


@pytest.mark.slow
def test_issuer_wrapped_before_an_organ_word(drawn):
    doc = drawn[WRAPPED_ISSUER]
    assert "issuer-wrapped" in doc["degradations"]
    assert _right(doc, "issuer", "parent_issuer"), (doc["got"]["issuer"], doc["got"]["parent_issuer"])


@pytest.mark.slow
def test_handwritten_number_glued_to_its_symbol(drawn):
    doc = drawn[GLUED_NUMBER]
    assert "handwritten" in doc["degradations"]
    assert _right(doc, "issuer", "signer_title"), (doc["got"]["issuer"], doc["got"]["signer_title"])
    number, review = doc["got"]["number"]
    symbol = doc["truth"]["number"].split("/", 1)[1]
    assert number and number.endswith("/" + symbol) and (_right(doc, "number") or review), number
