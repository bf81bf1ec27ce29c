"""PDFs: open safely, judge each page's text layer, rasterise the pages that need OCR."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pdfplumber
import pypdfium2
from PIL import Image

from archive_service.intake import check_pixels
from archive_service.records import Page, Word

MIN_TEXT_CHARS = 60
MIN_SYLLABLE_SHARE = 0.7
DEFAULT_RENDER_DPI = 300
NATIVE_RANGE = (150, 400)

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_NUCLEUS = "[aăâeêioôơuưy]{1,3}"
_CODA = "(?:ng|nh|ch|[cmnpt])?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def text_layer_quality(text: str) -> float:
    """Share of word tokens that are plausible Vietnamese syllables or numbers (0–1).

    Catches (cid:N) markers, control characters and legacy-encoding mojibake.
    """
    if "(cid:" in text or any(unicodedata.category(c) == "Cc" and c not in "\n\t\r" for c in text):
        return 0.0
    tokens = re.findall(r"[^\s.,;:!?()\"'“”/\-–]+", unicodedata.normalize("NFC", text))
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if _is_syllable_or_number(t)) / len(tokens)


def _is_syllable_or_number(token: str) -> bool:
    if re.fullmatch(r"[\dA-ZĐ]+[\dA-ZĐa-z]*", token):  # numbers, abbreviations (UBND, QĐ)
        return True
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return tones <= 1 and bool(_SYLLABLE.match(base))


def text_layer_is_good(text: str) -> bool:
    """A text layer long enough and made of real Vietnamese words."""
    stripped = "".join(text.split())
    return len(stripped) >= MIN_TEXT_CHARS and text_layer_quality(text) >= MIN_SYLLABLE_SHARE


def read_text_page(page: pdfplumber.page.Page, number: int) -> Page:
    """A born-digital page: its exact text and word boxes (PDF points, top-left origin)."""
    words = []
    lines: dict[float, int] = {}
    for w in page.extract_words(keep_blank_chars=False, use_text_flow=False):
        key = round(float(w["top"]) / 3)
        line = lines.setdefault(key, len(lines))
        words.append(Word(unicodedata.normalize("NFC", w["text"]), float(w["x0"]),
                          float(w["top"]), float(w["x1"]), float(w["bottom"]), 100.0, 0, line))
    text = unicodedata.normalize("NFC", page.extract_text() or "")
    return Page(number=number, text=text, words=words, width=float(page.width),
                height=float(page.height), dpi=72.0, source="text", mean_conf=100.0,
                engine=f"pdfplumber {pdfplumber.__version__}")


def _largest_image(page: pdfplumber.page.Page) -> tuple[float, tuple[int, int]]:
    """(dots per inch as placed on the page, (width, height) in pixels) of the image drawn at
    the highest resolution on the page; (0, (0, 0)) when it has none."""
    placed = []
    for im in page.images:
        src_w, src_h = im.get("srcsize") or (0, 0)
        placed.append((float(im["x1"]) - float(im["x0"]), int(src_w), int(src_h)))
    return _sharpest(placed)


def _sharpest(images: list[tuple[float, int, int]]) -> tuple[float, tuple[int, int]]:
    """Of images given as (width on the page in points, width px, height px): the one placed at
    the most dots per inch, as (dpi, (width px, height px))."""
    best: tuple[float, tuple[int, int]] = (0.0, (0, 0))
    for width_pt, src_w, src_h in images:
        if width_pt > 0 and src_w:
            best = max(best, (src_w / (width_pt / 72), (src_w, src_h)))
    return best


def render_page(path: Path, index: int, *, dpi: float, max_pixels: int, forms: bool = False
                ) -> Image.Image:
    """Rasterise one page (0-based index) at ``dpi`` with PDFium; ``forms`` also draws the form
    and signature fields (their appearance streams)."""
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        if forms:
            pdf.init_forms()
        page = pdf[index]
        width, height = page.get_size()
        check_pixels(round(width * dpi / 72), round(height * dpi / 72), max_pixels)
        bitmap = page.render(scale=dpi / 72, may_draw_forms=forms)
        return bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()


MAX_STAMP_HEIGHT = 36.0  # points: a field filling a blank in a line, not a signature block


def signature_stamps(page: pdfplumber.page.Page) -> list[tuple[float, float, float, float]]:
    """Boxes (points, top-left origin) of small digital-signature fields drawn over the text.

    Vietnamese e-signing tools stamp the document number and day into the printed blanks
    (``Số:      /TB-UBND``, ``ngày    tháng``) as signature-field appearances, which are not
    part of the page's text layer.
    """
    boxes = []
    for annot in page.annots:
        data = annot.get("data") or {}
        if _name(data.get("Subtype")) != "Widget" or _name(data.get("FT")) != "Sig" or not data.get("AP"):
            continue
        x0, top, x1, bottom = (float(annot[k]) for k in ("x0", "top", "x1", "bottom"))
        if 0 < bottom - top <= MAX_STAMP_HEIGHT and x1 > x0 and 0 <= top < float(page.height):
            boxes.append((x0, top, x1, bottom))
    return boxes


def _name(value: object) -> str:
    """A PDF name as plain text (pdfminer gives ``PSLiteral`` objects)."""
    return str(getattr(value, "name", value) or "")


def render_dpi(page: pdfplumber.page.Page) -> int:
    """The native resolution of a scanned page when it is 150–400 dpi, else 300 dpi (pages
    without an image, e.g. a garbage text layer, are drawn at 300 dpi)."""
    return round(scan_resolution(page)[0])


# No paper document in an archive is larger than A3 (11.7 × 16.5 in): a page that claims to be
# (a scan stored without its resolution, which image-to-PDF tools and phone apps place at 96 or
# 72 dpi, so a 300 dpi A4 scan becomes a 26 × 36 in page) is read at its image's own pixels.
MAX_PAPER_INCHES = 17.0
A4_LONG_INCHES = 11.69


def scan_resolution(page: pdfplumber.page.Page) -> tuple[float, int]:
    """(dpi to draw the page at, dpi the drawn image really has) for a page that needs OCR.

    A scan placed at 150–400 dpi is drawn at its own resolution. A scan stored without its
    resolution (the page larger than any paper size) is drawn at its image's pixels, and its
    real resolution is taken from its pixels on an A4 sheet. Anything else is drawn at 300 dpi.
    """
    return _resolution(*_largest_image(page), (float(page.width), float(page.height)))


def _resolution(placed: float, pixels: tuple[int, int], page_size: tuple[float, float]
                ) -> tuple[float, int]:
    if NATIVE_RANGE[0] <= placed <= NATIVE_RANGE[1]:
        return placed, round(placed)
    if 0 < placed < NATIVE_RANGE[0] and max(page_size) / 72 > MAX_PAPER_INCHES:
        return placed, round(max(pixels) / A4_LONG_INCHES)
    return DEFAULT_RENDER_DPI, DEFAULT_RENDER_DPI


def read_with_pdfium(path: Path, index: int) -> tuple[Page, tuple[float, int]]:
    """One page read with PDFium alone, for PDFs that pdfplumber (pdfminer) cannot parse (deep or
    cyclic structures in real signed PDFs): its text layer with word boxes (PDF points, top-left
    origin, as ``read_text_page``) and ``scan_resolution``'s answer for rendering it."""
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        page = pdf[index]
        width, height = page.get_size()
        images = []
        for obj in page.get_objects(filter=(pypdfium2.raw.FPDF_PAGEOBJ_IMAGE,)):
            left, _bottom, right, _top = obj.get_bounds()
            images.append((right - left, *obj.get_px_size()))
        textpage = page.get_textpage()
        words = _pdfium_words(textpage, height)
    finally:
        pdf.close()
    read = Page(number=index + 1, text=_text_of(words), words=words, width=width, height=height, dpi=72.0,
                source="text", mean_conf=100.0, engine=f"pdfium {pypdfium2.PDFIUM_INFO.version}")
    return read, _resolution(*_sharpest(images), (width, height))


def _text_of(words: list[Word]) -> str:
    """The page's text as pdfplumber writes it: lines top to bottom, words left to right."""
    lines: dict[int, list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    ordered = sorted(lines.values(), key=lambda ws: min(w.y0 for w in ws))
    return "\n".join(" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for ws in ordered)


def _pdfium_words(textpage: pypdfium2.PdfTextPage, height: float) -> list[Word]:
    """Words (runs of characters between spaces, line breaks and wide gaps) with their boxes."""
    words: list[Word] = []
    lines: dict[int, int] = {}
    chars: list[tuple[str, tuple[float, float, float, float]]] = []

    def close() -> None:
        if chars:
            text = unicodedata.normalize("NFC", "".join(c for c, _ in chars))
            x0 = min(b[0] for _, b in chars)
            top = min(b[1] for _, b in chars)
            x1 = max(b[2] for _, b in chars)
            bottom = max(b[3] for _, b in chars)
            line = lines.setdefault(round(top / 3), len(lines))
            words.append(Word(text, x0, top, x1, bottom, 100.0, 0, line))
            chars.clear()

    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if not char or char.isspace() or unicodedata.category(char[0]) == "Cc":
            close()
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        box = (left, height - top, right, height - bottom)
        if chars:
            last = chars[-1][1]
            size = max(last[3] - last[1], 1.0)
            if abs(box[1] - last[1]) > size / 2 or box[0] - last[2] > size:
                close()
        chars.append((char, box))
    close()
    return words
