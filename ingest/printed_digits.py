"""A second reading of the digits printed in the number and the date line.

Tesseract now and then misreads a printed digit with full confidence (an italic ``03`` read
``08`` at 97, ``2268`` read ``2168`` at 96): nothing in its scores shows it, and a wrong
month or number files the record where nobody looks for it. PP-OCRv4's recogniser
(``ingest.ppocr``, already loaded for the handwritten blanks) reads the same line from the
page image independently. Where it reads the line's digits otherwise, the two readers
disagree: the value is marked for review, and when PP-OCR's reading is a plausible value
of the same shape (as many digits in the number; a real date, not after the PDF's signing
date) it is taken, since the line's print misleads Tesseract, not the recogniser (on the
fitting sets PP-OCR agreed on all 177 values read surely from print and was right in all 4
disagreements: bench/RESULTS.md, session 24). A line PP-OCR reads without the digits in
their places (``…nam 020``) is no evidence either way.

Only values read surely from print are checked: a reading of the ink (``ingest.handwriting``)
scores at most ``AGREED_CONF`` and was already read by PP-OCR; born-digital pages carry the
exact text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, datetime

import numpy as np
from PIL import Image

from archive_service.records import FieldValue, Page
from ingest import ppocr
from ingest.handwriting import AGREED_CONF, READ_CONF
from ingest.metadata._header import parse_date_line

log = logging.getLogger(__name__)

MARGIN = (0.3, 0.2)  # the line's box widened by these shares of its height (across, down)


def check_printed_digits(fields: dict[str, FieldValue], pages: list[Page],
                         previews: dict[int, Image.Image], *,
                         signed_at: datetime | None = None) -> dict[str, FieldValue]:
    """``fields`` with the number and issued date read surely from an OCR'd page checked
    against PP-OCR's reading of their line. Returns a new dict."""
    out = dict(fields)
    if not ppocr.available():
        return out
    for name, check in (("number", _check_number), ("issued_date", _check_date)):
        fv = out.get(name)
        if fv is None or not _printed_and_sure(fv):
            continue
        page = next((p for p in pages if p.number == fv.page), None)
        if page is None or page.source != "ocr" or page.number not in previews:
            continue
        text = _read_line(previews[page.number], page, fv.box)
        if text:
            out[name] = check(fv, text, signed_at)
    return out


def _printed_and_sure(fv: FieldValue) -> bool:
    """Read from print without a doubt: scored above any reading of the ink."""
    return (isinstance(fv.value, str) and fv.box is not None and not fv.review
            and fv.confidence > AGREED_CONF)


def _read_line(image: Image.Image, page: Page, box: tuple[float, float, float, float]) -> str:
    """PP-OCR's text of the line in ``box`` (page coordinates) of the page's image."""
    scale = image.width / page.width if page.width else 1.0
    x0, y0, x1, y1 = (v * scale for v in box)
    h = y1 - y0
    across, down = MARGIN[0] * h, MARGIN[1] * h
    if h <= 0 or y1 + down > image.height:  # the box lies outside the kept part of the page
        return ""
    crop = image.crop((max(0, round(x0 - across)), max(0, round(y0 - down)),
                       round(x1 + across), round(y1 + down)))
    return ppocr.read_line(np.asarray(crop.convert("RGB"))).text


def _check_number(fv: FieldValue, text: str, _signed: datetime | None) -> FieldValue:
    digits, _, rest = fv.value.partition("/")
    read = _digits_before_slash(text)
    if not read or not digits.isdigit() or read in (digits, "6" + digits):  # ``Số`` read ``S6``
        return fv
    log.info("number %s read %s by PP-OCR", fv.value, read)
    if len(read) == len(digits):
        return replace(fv, value=f"{read}/{rest}", confidence=READ_CONF, review=True)
    return replace(fv, confidence=READ_CONF, review=True)


def _digits_before_slash(text: str) -> str:
    """The digits just before the line's first slash (``Số: 2268/GM-STTTT`` → ``2268``)."""
    before, slash, _ = text.partition("/")
    run = re.search(r"[\d ]*$", before).group() if slash else ""
    return run.replace(" ", "")


def _check_date(fv: FieldValue, text: str, signed: datetime | None) -> FieldValue:
    read = _date_read(text)
    current = date.fromisoformat(fv.value)
    if read is None or read == current:
        return fv
    log.info("issued date %s read %s by PP-OCR", fv.value, read)
    if signed is not None and read > signed.date():
        return replace(fv, confidence=READ_CONF, review=True)
    return replace(fv, value=read.isoformat(), confidence=READ_CONF, review=True)


def _date_read(text: str) -> date | None:
    """The date of a place-and-date line as PP-OCR reads it (``Ha Noi, ngay 04 thang 03 nam
    2024``); None when its day, month and year are not all digits of a real date."""
    parts = parse_date_line(text)
    if parts is None or not (parts.day.isdigit() and parts.month.isdigit() and parts.year.isdigit()):
        return None
    try:
        return date(int(parts.year), int(parts.month), int(parts.day))
    except ValueError:
        return None
