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


def native_dpi(page: pdfplumber.page.Page) -> int:
    """Resolution of the largest image on the page, or 0 when it has none."""
    best = 0.0
    for im in page.images:
        width_pt = float(im["x1"]) - float(im["x0"])
        src_w = (im.get("srcsize") or (0, 0))[0]
        if width_pt > 0 and src_w:
            best = max(best, src_w / (width_pt / 72))
    return round(best)


def render_page(path: Path, index: int, *, dpi: int, max_pixels: int, forms: bool = False
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
    native = native_dpi(page)
    return native if NATIVE_RANGE[0] <= native <= NATIVE_RANGE[1] else DEFAULT_RENDER_DPI
