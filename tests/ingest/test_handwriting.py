"""The handwritten-digit reader on synthetic headers: blue digits in a printed ``Số:      /QĐ-UBND``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from archive_service.records import FieldValue, Page, Word
from ingest.handwriting import DigitReading, ink_mask, number_blank, read_blank, refine_handwritten, segment

SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
HAND = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
pytestmark = pytest.mark.skipif(not (SERIF.exists() and HAND.exists()), reason="DejaVu fonts needed")


def _header(digits: str, ink: tuple[int, int, int] = (20, 40, 200)) -> tuple[Page, Image.Image]:
    """A printed number line with ``digits`` written in the blank, and its OCR words."""
    image = Image.new("RGB", (1400, 700), "white")
    draw = ImageDraw.Draw(image)
    printed, hand = ImageFont.truetype(str(SERIF), 44), ImageFont.truetype(str(HAND), 58)
    words = []
    for text, x in (("Số:", 100), ("/QĐ-UBND", 330)):
        draw.text((x, 100), text, fill="black", font=printed)
        x0, y0, x1, y1 = draw.textbbox((x, 100), text, font=printed)
        words.append(Word(text, x0, y0 - 8, x1, y1, conf=95, line=1))
    draw.text((190, 88), digits, fill=ink, font=hand)
    page = Page(1, "Số: /QĐ-UBND", words, width=1400, height=3000)
    return page, image


def _fields(value: str = "/QĐ-UBND") -> dict[str, FieldValue]:
    return {"number": FieldValue(value, 0.15, 1, (100, 90, 600, 160), review=True)}


def test_blank_is_between_so_and_the_symbol() -> None:
    page, _ = _header("25")
    blank = number_blank(page)
    assert blank is not None
    x0, _, x1, _ = blank.box
    assert 150 < x0 < 200 and 300 < x1 <= 335


def test_blue_ink_is_isolated_and_cut_into_digits() -> None:
    page, image = _header("25")
    blank = number_blank(page)
    assert blank is not None
    crop = np.asarray(image.crop(blank.box))
    mask = ink_mask(crop)
    assert mask.any()
    assert len(segment(mask, blank.lh)) == 2


def test_clear_digits_are_read() -> None:
    page, image = _header("25")
    blank = number_blank(page)
    assert blank is not None
    assert read_blank(image, blank).text == "25"


def test_a_confident_reading_replaces_the_number_with_review() -> None:
    page, image = _header("25")
    out = refine_handwritten(_fields(), [page], {1: image})
    fv = out["number"]
    assert fv.value in ("25/QĐ-UBND", "/QĐ-UBND")  # replaced only when sure
    assert fv.review
    if fv.value == "25/QĐ-UBND":
        assert 0.5 <= fv.confidence < 0.7


def test_an_empty_blank_is_never_filled() -> None:
    page, image = _header("")
    out = refine_handwritten(_fields(), [page], {1: image})
    assert out["number"].value == "/QĐ-UBND"
    assert out["number"].review and out["number"].confidence <= 0.3


def test_reliable_fields_and_pages_without_preview_are_left_alone() -> None:
    page, image = _header("25")
    sure = {"number": FieldValue("7/QĐ-UBND", 0.95, 1, None, review=False)}
    assert refine_handwritten(sure, [page], {1: image})["number"].value == "7/QĐ-UBND"
    assert refine_handwritten(_fields(), [page], {})["number"] == _fields()["number"]


def test_an_unsure_reading_is_contradicted_only_by_its_sure_digits() -> None:
    reading = DigitReading("23", [0.37, 0.99])  # a looped 2 the classifier doubts, a clear 3
    assert not reading.sure
    assert not reading.contradicts("13")  # differs only where the reading is unsure
    assert reading.contradicts("24")  # the signing day contradicts the clear 3
    assert reading.contradicts("")  # nothing was kept
    assert not reading.contradicts("3")  # another length: the reading may have missed a digit
