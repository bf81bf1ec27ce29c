"""Spaces after a comma that Tesseract lost (``Lưu: VT, NS.`` read ``VT,NS.``) are found again
in the page's ink; a comma printed without a space (``VT,TCCB.``) keeps the word whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from archive_service.records import Page, Word
from ingest.ocr import prepare_page
from ingest.ocr_repair import restore_spaces
from ingest.word_spaces import split_at_spaces
from tests.samples import read_sample

SERIF = Path("/usr/share/fonts/truetype/freefont/FreeSerif.ttf")  # a Times-like face
pytestmark = pytest.mark.skipif(not SERIF.exists(), reason="FreeSerif (fonts-freefont-ttf) needed")
SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"


def _printed(text: str, size: int = 54) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """``text`` printed at 13 pt on a 300 dpi page, and its box (what Tesseract boxes as one
    word when it misses the space)."""
    image = Image.new("L", (1200, 200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(SERIF), size)
    draw.text((100, 60), text, fill=0, font=font)
    return image, draw.textbbox((100, 60), text, font=font)


def _word(text: str, box: tuple[int, int, int, int]) -> Word:
    return Word(text, *map(float, box), conf=91.0, block=1, line=3)


@pytest.mark.parametrize(("printed", "read", "parts"), [
    ("VT, NS.", "VT,NS.", ["VT,", "NS."]),
    ("VT, KT.", "VT,KT.", ["VT,", "KT."]),  # the comma's columns under the T's foot
    ("VT, ntphong.", "VT,ntphong.", ["VT,", "ntphong."]),
    ("HU; HĐND;", "HU;HĐND;", ["HU;", "HĐND;"]),
    ("VT,TCCB.", "VT,TCCB.", ["VT,TCCB."]),  # printed without a space: as read
    ("viện,Trung", "viện,Trung", ["viện,Trung"]),  # the r's ear is no letter after a space
    ("GDĐT,SNV,STC", "GDĐT,SNV,STC", ["GDĐT,SNV,STC"]),
    ("103,6%", "103,6%", ["103,6%"]),  # a decimal comma is never a mark between words
    ("TT. Huyện", "TT.Huyện", ["TT.", "Huyện"]),  # an abbreviation's stop
    ("VP.Tỉnh", "VP.Tỉnh", ["VP.Tỉnh"]),  # printed without a space: as read
    ("P.TCCB", "P.TCCB", ["P.TCCB"]),  # one letter's abbreviation: never cut
])
def test_a_space_after_a_mark_is_seen_in_the_ink(printed: str, read: str, parts: list[str]) -> None:
    image, box = _printed(printed)
    ink = np.asarray(image) < 128
    found = split_at_spaces(_word(read, box), ink)
    assert [w.text for w in found] == parts
    if len(found) == 2:  # each part boxed apart, the space between them
        assert found[0].x0 == box[0] and found[1].x1 == box[2]
        assert found[0].x1 < found[1].x0 and found[0].line == found[1].line == 3


def test_the_page_text_takes_the_space() -> None:
    image, box = _printed("- Lưu: VT, NS.")
    prepared = prepare_page(image, dpi=300, detect_orientation=False)
    lead = _printed("- Lưu: ")[1]
    words = [_word("-", (box[0], box[1], box[0] + 20, box[3])),
             _word("Lưu:", (box[0] + 40, box[1], lead[2] - 10, box[3])),
             _word("VT,NS.", (lead[2], box[1], box[2], box[3]))]
    page = Page(number=1, text="Nơi nhận:\n- Lưu: VT,NS.", words=words, width=1200, height=200)
    restore_spaces(page, prepared)
    assert page.text == "Nơi nhận:\n- Lưu: VT, NS."
    assert [w.text for w in page.words] == ["-", "Lưu:", "VT,", "NS."]


def test_a_sample_scan_keeps_the_space_of_its_archive_copy() -> None:
    """The printed ``Lưu: VT, NS.`` of a sample scan, read by the real pipeline."""
    doc = read_sample(SAMPLES / "bc_so_tai_chinh_an_giang_2023.pdf")
    text = "\n".join(page.text for page in doc.pages)
    assert "Lưu: VT, NS." in text
    assert "VT,NS" not in text
