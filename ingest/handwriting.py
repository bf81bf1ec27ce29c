"""Handwritten digits in the header: the number after ``Số:`` and the day after ``ngày``.

Real scans carry a printed ``Số:      /CT-UBND`` and ``ngày   tháng 01 năm 2025`` whose blanks
are filled by hand; Tesseract misreads those digits. ``refine_handwritten`` finds each blank from
the printed words around it, takes the ink there from the page image (blue ink by colour, else
dark strokes) and reads it twice: cut into digits (touching digits where the classifier reads
the pieces best) by an SVM on 5,000 MNIST digits and a few font-rendered ones, fitted once by
tools/train_digits.py and shipped as ``ingest/data/digit_svm.npz`` (run here with numpy alone);
and by PP-OCRv6's recogniser (``ingest.ppocr.HANDWRITING``): the ink alone at five margins, and
the blank with the printed words on either side at twelve crops (the digits between them kept),
since a blank found from the printed words never fits the ink exactly. All the readings vote
(``_vote``). Two readers that agree, or nearly every line read, make a clear reading. A month
written by hand (``tháng I1``) is read the same way when the day's reader needs it.

A reading only replaces a field when every digit is read with confidence and the result is
plausible (1–5 digits for a number; a real date with the printed month and year, not after the
PDF's signing date). It leaves a reading unreviewed when a second, independent source (the
OCR's own digits, the file name, the signing date) agrees, or when the reading is clear and
nothing contradicts it (the calibration may still flag it). A reading with a doubtful digit
is still the best one when the value kept (garbled OCR digits, the signing date's day) is empty
or contradicts a digit it read surely: it replaces that value, marked for
review at a low confidence. Otherwise the field keeps its value, is marked for review and gets
a low confidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from archive_service.records import FieldValue, Page, Word
from ingest import ppocr
from ingest.metadata._header import (
    DAY_WORD_READ,
    INK_AS_SLASH,
    LOST_SLASH,
    MISREAD_SLASH,
    fold_chars,
    parse_date_line,
    plausible_year,
)
from ingest.metadata._lexicon import canonical_abbreviation
from ingest.metadata._number import (
    type_abbreviation,
    type_part_fits_title,
    type_part_told_by_title,
)
from ingest.metadata._text import fold, holds_in_order
from ingest.metadata.layout_reader import DocumentLayout, read_page_layout, words_level_with

__all__ = ["DigitReading", "read_blank", "refine_handwritten"]

MIN_DIGIT_PROB = 0.6  # every digit at least this probable
SVM_SURE = 0.9  # the SVM's reading with every digit this probable may add a digit PP-OCR lost
READ_CONF = 0.6  # a reading from the ink alone: moderate, reviewed
AGREED_CONF = 0.8  # the ink and an independent source agree
BOTH_READERS_CONF = 0.78  # the ink alone, read alike by both readers (the SVM and PP-OCR)
CLEAR_CONF = 0.75  # the ink alone, read clearly otherwise (alike by nearly every line read)
CLEAR_SHARE = 0.9  # … by this share of PP-OCR's line reads
DOUBT_CONF = 0.3  # the ink could not settle it
OCR_SURE = 50.0  # Tesseract's word confidence from which its plain digits are a reading

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels


@dataclass
class Blank:
    box: Box  # where the handwriting goes
    lh: float  # the printed line's height
    ocr: str  # what Tesseract read there ("" when nothing)
    ocr_conf: float = 100.0  # Tesseract's least confidence in the words read there
    symbol: str = ""  # a number's printed "/TYPE-ISSUER" after the blank, as read
    symbol_end: float = 0.0  # the right edge of the symbol's words (a number's)
    kind: str = "number"  # between Số: and the slash; "day": ngày … tháng; "month": tháng … năm
    ink_under_print: bool = False  # ink in the printed word before the blank (a digit over it)

    @property
    def largest(self) -> int:
        """The largest plausible value: a number of five digits, a day 31, a month 12."""
        return 99999 if self.kind == "number" else 31 if self.kind == "day" else 12

    @property
    def slash_after(self) -> bool:
        """The printed slash follows the digits (a number's ``/KH-SYT``)."""
        return self.kind == "number"

    @property
    def ocr_clean(self) -> bool:
        """Tesseract read plain digits there, and surely: it was not puzzled (printed, or a
        clear hand). ``839.`` read at 35 in place of a handwritten 299 is no such reading, nor
        is a day or a month no calendar has (``42`` at 90 for a handwritten 12)."""
        if not (re.fullmatch(r"\d{1,5}", self.ocr) and self.ocr_conf >= OCR_SURE):
            return False
        return self.kind == "number" or 1 <= int(self.ocr) <= self.largest


@dataclass
class DigitReading:
    text: str  # the digits read, left to right
    probs: list[float]  # the classifier's probability for each
    agreed: bool = False  # two independent readers read the same digits
    support: float = 0.0  # the share of PP-OCR's line reads around the blank that read it

    @property
    def sure(self) -> bool:
        return bool(self.text) and (self.agreed or min(self.probs) >= MIN_DIGIT_PROB
                                    or self.support >= CLEAR_SHARE)

    @property
    def clear(self) -> bool:
        """Read alike by both readers, or surely by nearly every line read."""
        return bool(self.text) and (self.agreed or (
            self.support >= CLEAR_SHARE and min(self.probs) >= MIN_DIGIT_PROB))

    def contradicts(self, digits: str) -> bool:
        """``digits`` is empty, or as long as this reading and differs in a digit read surely
        (of another length, it may be this reading that missed a faint digit)."""
        if not digits:
            return True
        return len(digits) == len(self.text) and any(
            p >= MIN_DIGIT_PROB and a != b for a, b, p in zip(self.text, digits, self.probs, strict=True))


# --- locating the blanks ----------------------------------------------------------------------

def _line_height(words: list[Word]) -> float:
    clean = [w.y1 - w.y0 for w in words if w.conf >= 85 and len(w.text) >= 3]
    heights = clean or [w.y1 - w.y0 for w in words]
    return float(np.median(heights))


def _band(words: list[Word], lh: float) -> tuple[int, int]:
    clean = [w for w in words if w.conf >= 85] or words
    top = float(np.median([w.y0 for w in clean]))
    bottom = float(np.median([w.y1 for w in clean]))
    return int(top - 0.6 * lh), int(bottom + 0.45 * lh)


def number_blank(page: Page, layout: DocumentLayout | None = None) -> Blank | None:
    """The blank between ``Số:`` and ``/TYPE-ISSUER`` on the header's number line (as the
    layout reader finds it, or ``layout`` when the caller has it). ``Số`` may carry a speck
    (``.Số:``) or its colon misread (``sóz``), and the blank's ink may be read into the same
    word as ``Số`` or as the slash."""
    found = (layout or read_page_layout(page)).number_line
    if found is None:
        return None
    word = next((w for w in sorted(found.words, key=lambda w: w.x0) if _SO.match(fold(w.text))),
                None)
    if word is None:
        return None
    full = words_level_with(page, word)
    line = [w for w in full if w.x0 >= word.x0]
    lh = _line_height(full)
    slash = _symbol_slash(line, lh)
    if slash is None:
        return None
    slash_word, cut, right = slash
    left = word.x0 + 1.3 * lh
    top, bottom = _band(full, lh)
    if right - left <= 0.5 * lh:
        return None
    so_len = _SO.match(fold(word.text)).end()
    inside = [w for w in line if word.x0 < w.x0 < slash_word.x0]
    ocr = (word.text[so_len:cut] if slash_word is word else
           word.text[so_len:] + "".join(w.text for w in inside) + slash_word.text[:cut])
    # a word joining printed text to the ink carries the printed letters' confidence: the
    # digits in it are no sure reading of the hand
    mixed = len(word.text) > so_len or cut > 0
    conf = 0.0 if mixed else min((w.conf for w in inside), default=100.0)
    after = slash_word.text[cut:]
    after = after[1:] if after[:1] in "/ƒ|⁄!†" else after
    run = _run_after(line, slash_word, lh)
    symbol = "/" + after + "".join(w.text for w in run)
    return Blank((int(left), top, int(right - 0.05 * lh), bottom), lh, ocr.strip(" .,:"), conf,
                 symbol=symbol, symbol_end=max(w.x1 for w in [slash_word, *run]))


def find_number_blank(page: Page, layout: DocumentLayout, image: Image.Image
                      ) -> tuple[Blank | None, bool]:
    """The number's blank from the words read (``number_blank``), else from the line read
    again (``number_blank_read_again``); and whether it was read again (its symbol a guess)."""
    blank = number_blank(page, layout)
    if blank is not None:
        return blank, False
    blank = number_blank_read_again(page, layout, image)
    return blank, blank is not None


def number_blank_read_again(page: Page, layout: DocumentLayout, image: Image.Image) -> Blank | None:
    """The number's blank where Tesseract garbled the slash and symbol beside the ink
    (``Số: Ø#fxH-sNVv``, ``Số: L1/ on``; ``sẽ Íjcr¬ng``, ``Số`` too), so that ``number_blank``
    finds none: PP-OCR reads the number line from ``Số`` (or its first word) to its last
    word, each of its models in turn, letters first; the symbol is what follows the last
    slash it reads, when well formed (and after ``Số:`` when Tesseract did not read that), else
    what follows the abbreviation of the title's type when no slash was read
    (``_symbol_after_lost_slash``), and the slash stands that many capitals' widths left of
    the line's end. The symbol is PP-OCR's (no Đ: each part spelled from the tables), a guess
    for review."""
    found = layout.number_line
    if found is None or not ppocr.available():
        return None
    words = sorted(found.words, key=lambda w: w.x0)
    word = next((w for w in words if _SO.match(fold(w.text))), None)
    so_read = word is not None  # else ``Số`` itself was garbled (``sẽ``): PP-OCR must read it
    word = word or words[0]
    full = words_level_with(page, word)
    lh = _line_height(full)
    end = max(w.x1 for w in words)
    top, bottom = _band(full, lh)
    box = (word.x0 - 0.2 * lh, word.y0 - 0.4 * lh, end + 0.4 * lh, word.y1 + 0.4 * lh)
    symbol, no_slash = None, []
    for kind in ppocr.BOTH:
        text = ppocr.read_area(image, box, kind)
        if not (so_read or _SO_LABEL_READ.match(fold(text))):
            continue
        if "/" in text and (symbol := _symbol_read(text)):
            break
        no_slash.append(text)
    else:
        doc_type = layout.title.doc_type if layout.title else None
        symbol = next((s for text in no_slash if (s := _symbol_after_lost_slash(text, doc_type))),
                      None)
    if symbol is None:
        return None
    left, right = word.x0 + 1.3 * lh, end - (1 + len(symbol)) * SYMBOL_LETTER * lh
    if right - left <= 0.5 * lh:
        return None
    return Blank((int(left), top, int(right - 0.05 * lh), bottom), lh, "", 0.0,
                 symbol="/" + symbol, symbol_end=end)


def _symbol_read(text: str) -> str | None:
    """The well-formed symbol PP-OCR read (after the last slash read, with a year's before
    it: ``2019/QĐ-UBND``), its parts spelled from the tables (``QD`` → ``QĐ``), or None."""
    year, after = re.search(r"((?:19|20)\d\d/)?([^/]*)$", text).groups()
    parts = after.strip(" .,:;").split("-")
    symbol = (year or "") + "-".join(canonical_abbreviation(part) or part for part in parts)
    return symbol if _SYMBOL.fullmatch(symbol) else None


def _symbol_after_lost_slash(text: str, doc_type: str | None) -> str | None:
    """The symbol PP-OCR read with the slash before it lost among the ink's digits
    (``Só:2848TTr-STC``, ``S: 26°8QĐ-BTC``): from the last place the abbreviation of the type
    the title prints stands before a dash, spelled as ``_symbol_read`` spells it; or None."""
    abbr = type_abbreviation(doc_type)
    if abbr is None:
        return None
    text = unicodedata.normalize("NFC", text)
    at = fold_chars(text).rfind(fold(abbr) + "-")
    return _symbol_read(abbr + text[at + len(abbr):]) if at >= 0 else None


def _run_after(line: list[Word], word: Word, lh: float) -> list[Word]:
    """The words that follow ``word`` closely on its line (the rest of the symbol)."""
    run, x = [], word.x1
    for w in sorted((w for w in line if w.x0 > word.x0), key=lambda w: w.x0):
        if w.x0 - x > 0.8 * lh:
            break
        run.append(w)
        x = w.x1
    return run


_SO = re.compile(r"\W{0,2}s[o6][:.;z]?")  # Số as Tesseract reads it, folded
SYMBOL_LETTER = 0.64  # a printed symbol's capital is about this many line heights wide
_SO_LABEL_READ = re.compile(r"\W{0,2}s[o06]\s*[:.;]")  # Số: as PP-OCR reads it, folded
_PRINTED_YEAR = re.compile(r"/(?:19|20)\d\d$")  # the year printed before the symbol's slash


def _symbol_slash(line: list[Word], lh: float) -> tuple[Word, int, float] | None:
    """The slash before the printed symbol: (its word, its index there, its x). The symbol's
    capitals are about 0.64 line heights wide each, counted from the word's right end. A
    slash read before a letter and a digit (``/J5`` for a handwritten ``45``) is the ink when
    a slash before the symbol's capitals follows (``/GM-HĐĐT``)."""
    for k, w in enumerate(line):
        text = w.text
        at = next((m.start() for m in re.finditer(r"/(?=[A-ZĐa-z])", text)), None)
        if at is not None and INK_AS_SLASH.match(text[at:] + "".join(o.text for o in line[k + 1:])):
            continue  # the hand's digits read as a slash and a letter
        if at is None and text.endswith("/") and k + 1 < len(line) \
                and re.match(r"[A-ZĐ]{2}", line[k + 1].text):
            at = len(text) - 1  # the ink and the slash in one word, the symbol in the next
        if at is None and (lost := LOST_SLASH.match(text)) and k > 0:
            at = lost.start("s")
        if at is None and (misread := MISREAD_SLASH.search(text)):
            at = misread.start()  # the slash read as another mark
        if at is not None:
            if year := _PRINTED_YEAR.search(text[:at]):  # ``86/2024/QĐ-BTP``: the year is printed
                at = year.start()
            right = w.x0 if at == 0 else w.x1 - (len(text) - at) * SYMBOL_LETTER * lh
            return w, at, right
    return None


def day_blank(page: Page, layout: DocumentLayout | None = None) -> Blank | None:
    """The blank between ``ngày`` and ``tháng`` on the header's place-and-date line (as the
    layout reader finds it, or ``layout`` when the caller has it)."""
    found = (layout or read_page_layout(page)).date_line
    if found is None:
        return None
    words = sorted(found.words, key=lambda w: w.x0)
    word = next((w for w in words if fold(w.text).startswith("ngay")), None) or _day_word(words)
    if word is None:
        return None
    full = words_level_with(page, word)
    line = [w for w in full if w.x0 > word.x0]
    folded = [fold(w.text) for w in line]
    if not any(re.search(r"n[aă]m$|^20\d\d", f) for f in folded):
        return None
    lh = _line_height(full)
    right = _month_word_start(line, folded, lh)
    if right is None:
        return None
    top, bottom = _band(full, lh)
    left = word.x0 + 2.15 * lh
    right = _past_ink_read_into_month_word(line, folded, right, lh)
    if right - left <= 0.4 * lh:
        return None
    inside = [w for w in line if w.x1 <= right + 0.3 * lh]
    ocr = (word.text[4:] + "".join(w.text for w in inside)).split("th")[0].strip(" .,:")
    read = [*([word] if len(word.text) > 4 else []), *inside]
    conf = min((w.conf for w in read), default=100.0)
    under = len(word.text) == 4 and _ink_in_box(word, 4, lh)  # ``ngày`` read alone, box wider
    return Blank((int(left), top, int(right - 0.05 * lh), bottom), lh, ocr, conf, kind="day",
                 ink_under_print=under)


def _past_ink_read_into_month_word(line: list[Word], folded: list[str], right: float,
                                   lh: float) -> float:
    """``right``, or past the day's ink that OCR took into ``tháng``'s box (``23`` written
    against the word): when the word is wider than its letters by ``_INK_IN_BOX`` letters or
    more and the month is printed right after it (so the ink is not the month's), its print is
    the box's last five letters."""
    at = next((i for i, f in enumerate(folded) if f == "thang"), None)
    if at is None or at + 1 >= len(line):
        return right
    word, month = line[at], line[at + 1]
    if not _ink_in_box(word, 5, lh) or not folded[at + 1].isdigit() \
            or month.x0 - word.x1 > _PRINTED_GAP * lh:
        return right
    return max(right, word.x1 - 5 * _LETTER * lh)


_PRINTED_GAP = 0.6  # line heights between two printed words at most (a space)


def _day_word(words: list[Word]) -> Word | None:
    """``ngày`` as OCR reads it in italics (``ngàu``, ``nsàu``): of the three words before the
    one with ``tháng`` (the day's ink may be read between, as one word or two: ``ngàu £ Ẩ``),
    the nearest that reads so; never a place name ending in a comma (``Hà Nam,``)."""
    at = next((i for i, w in enumerate(words) if "thang" in fold(w.text)), None)
    if at is None:
        return None
    for w in reversed(words[max(0, at - 3):at]):
        if not w.text.endswith(",") and DAY_WORD_READ.fullmatch(fold(w.text).strip(".;:")):
            return w
    return None


_LETTER = 0.52  # a printed letter's width, in line heights
_INK_IN_BOX = 1.5  # letters' width more than a printed word has: its box holds handwritten ink too


def _ink_in_box(word: Word, letters: int, lh: float) -> bool:
    """A printed word of ``letters`` letters (``tháng``: 5, ``ngày``: 4) whose box is wider by
    ``_INK_IN_BOX`` letters or more: OCR took handwritten ink into it (``tháng``: the day's
    before it or the month's after it; ``ngày``: the day's, written over its last letter)."""
    return word.x1 - word.x0 > (letters + _INK_IN_BOX) * _LETTER * lh


def month_blank(page: Page, layout: DocumentLayout | None = None) -> Blank | None:
    """The blank between ``tháng`` and ``năm`` on the place-and-date line (a month written by
    hand, like the day), with what OCR read there (also glued to ``tháng``)."""
    found = (layout or read_page_layout(page)).date_line
    if found is None:
        return None
    words = sorted(found.words, key=lambda w: w.x0)
    folded = [fold(w.text) for w in words]
    at = next((i for i, f in enumerate(folded) if f.startswith("thang")), None)
    end = next((i for i, f in enumerate(folded) if at is not None and i > at and f == "nam"), None)
    if at is None or end is None:
        return None
    full = words_level_with(page, words[at])
    lh = _line_height(full)
    word, glued = words[at], words[at].text[5:]  # the ink read into the word (``tháng/\``)
    end_of_print = word.x1 - len(glued) * _LETTER * lh
    if not glued and _ink_in_box(word, 5, lh):
        end_of_print = word.x0 + 5 * _LETTER * lh  # the ink in the word's box only (a ``7``)
    left = end_of_print + 0.15 * lh
    right = words[end].x0 - 0.15 * lh
    if right - left <= 0.4 * lh:
        return None
    inside = words[at + 1:end]
    top, bottom = _band(full, lh)
    return Blank((int(left), top, int(right), bottom), lh, glued + "".join(w.text for w in inside),
                 0.0 if glued else min((w.conf for w in inside), default=100.0), kind="month")


def _month_word_start(line: list[Word], folded: list[str], lh: float) -> float | None:
    for w, f in zip(line, folded, strict=True):
        at = f.find("thang")
        if at >= 0:
            return w.x0 if at == 0 else w.x1 - (len(f) - at) * _LETTER * lh
    for i, f in enumerate(folded[1:], start=1):  # tháng lost: the printed month before năm
        if f.startswith("nam") and re.fullmatch(r"\d{1,2}", folded[i - 1]):
            return line[i - 1].x0 - 2.7 * lh
    return None


# --- ink and digits ---------------------------------------------------------------------------

def ink_mask(rgb: np.ndarray) -> np.ndarray:
    """Handwriting in a crop: blue ink when there is enough of it, else dark strokes."""
    px = rgb.astype(np.int16)
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    grey = px.mean(axis=2)
    blue = (b - r > 35) & (b - g > 10) & (grey < 200)
    if blue.sum() >= 0.002 * blue.size + 20:
        return blue
    return grey < 140


def segment(mask: np.ndarray, lh: float) -> list[np.ndarray]:
    """Cut the ink of one blank into digit images (left to right).

    Touching digits are cut where the classifier reads the pieces best: each blob is tried
    whole and cut into two or three at its thinnest columns (when wide enough for that).
    """
    closed, blobs = _blobs(mask, lh)
    pieces: list[np.ndarray] = []
    for box in blobs:
        pieces.extend(_best_split(closed, box))
    return pieces


def _blobs(mask: np.ndarray, lh: float) -> tuple[np.ndarray, list[list[int]]]:
    """Connected ink blobs tall enough to be digits, with a digit's loose parts joined."""
    closed = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    boxes = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if area < 0.015 * lh * lh or h < 0.3 * lh or (w > 4 * h and h < 0.2 * lh):
            continue
        boxes.append([x, y, x + w, y + h])
    groups = _merge_overlapping(sorted(boxes))
    if not groups:
        return closed, []
    tallest = max(b[3] - b[1] for b in groups)
    return closed, [b for b in groups if b[3] - b[1] >= 0.5 * tallest]


_MIN_DIGIT_WIDTH = 0.45  # a handwritten digit is at least this share of its height wide
_MAX_DIGIT_WIDTH = 1.25  # … and at most as wide as it is tall


def _best_split(closed: np.ndarray, box: list[int]) -> list[np.ndarray]:
    """The blob whole or cut into 2–3 digits of plausible width, whichever the classifier finds
    most probable."""
    width, height = box[2] - box[0], box[3] - box[1]
    best: tuple[float, list[np.ndarray]] | None = None
    for k in (1, 2, 3):
        if width > _MAX_DIGIT_WIDTH * k * height:
            continue  # too wide for k digits
        if k > 1 and width < _MIN_DIGIT_WIDTH * k * height:
            break
        crops = [closed[y0:y1, x0:x1] for x0, y0, x1, y1 in _cut(closed, box, k)]
        probs = _classifier().predict_proba(np.array([features(c) for c in crops])).max(axis=1)
        score = float(np.log(probs).sum())
        if best is None or score > best[0]:
            best = (score, crops)
    return best[1] if best else []


def _merge_overlapping(boxes: list[list[int]]) -> list[list[int]]:
    """Pieces of one digit (a 5's flag, a 7's bar) overlap horizontally: join them."""
    out: list[list[int]] = []
    for b in boxes:
        if out:
            p = out[-1]
            overlap = min(p[2], b[2]) - max(p[0], b[0])
            if overlap >= 0.5 * min(p[2] - p[0], b[2] - b[0]):
                out[-1] = [min(p[0], b[0]), min(p[1], b[1]), max(p[2], b[2]), max(p[3], b[3])]
                continue
        out.append(list(b))
    return out


def _cut(mask: np.ndarray, box: list[int], k: int) -> list[list[int]]:
    """A blob cut into ``k`` pieces at its thinnest columns near the even cut points."""
    if k == 1:
        return [box]
    x0, y0, x1, y1 = box
    w = x1 - x0
    cols = mask[y0:y1, x0:x1].sum(axis=0)
    cuts, start = [], 0
    for j in range(1, k):
        centre = j * w // k
        lo, hi = max(start + 1, centre - w // (3 * k)), min(w - 1, centre + w // (3 * k))
        cut = lo + int(np.argmin(cols[lo:hi])) if hi > lo else centre
        cuts.append(cut)
        start = cut
    edges = [0, *cuts, w]
    return [[x0 + a, y0, x0 + b, y1] for a, b in zip(edges, edges[1:], strict=False) if b - a > 1]


def features(digit: np.ndarray) -> np.ndarray:
    """A digit image as MNIST draws it (20×20 in a 28×28 box, centred on its mass), described
    by its 14×14 grey levels and a 4×4 grid of gradient-orientation histograms."""
    canvas = _mnist_box(digit)
    small = cv2.resize(canvas, (14, 14), interpolation=cv2.INTER_AREA).ravel()
    return np.concatenate([small, 2 * _orientation_histograms(canvas)])


def _mnist_box(digit: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(digit)
    canvas = np.zeros((28, 28), np.float32)
    if len(ys) == 0:
        return canvas
    crop = (digit[ys.min():ys.max() + 1, xs.min():xs.max() + 1] > 0).astype(np.float32)
    h, w = crop.shape
    scale = 20.0 / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    small = cv2.resize(crop, (nw, nh), interpolation=cv2.INTER_AREA)
    m = cv2.moments(small)
    cy, cx = (m["m01"] / m["m00"], m["m10"] / m["m00"]) if m["m00"] else (nh / 2, nw / 2)
    top = min(max(round(14 - cy), 0), 28 - nh)
    left = min(max(round(14 - cx), 0), 28 - nw)
    canvas[top:top + nh, left:left + nw] = small
    return canvas


def _orientation_histograms(image: np.ndarray, cells: int = 4, bins: int = 9) -> np.ndarray:
    """Gradient orientations counted (weighted by strength) in a cells×cells grid, normalised."""
    gx = cv2.Sobel(image, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(image, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = np.hypot(gx, gy)
    bin_of = np.minimum(((np.arctan2(gy, gx) % np.pi) / np.pi * bins).astype(int), bins - 1)
    step = image.shape[0] // cells
    out = np.zeros((cells, cells, bins), np.float32)
    for i in range(cells):
        for j in range(cells):
            cell = (slice(i * step, (i + 1) * step), slice(j * step, (j + 1) * step))
            out[i, j] = np.bincount(bin_of[cell].ravel(), magnitude[cell].ravel(), minlength=bins)
    flat = out.ravel()
    return flat / (np.linalg.norm(flat) + 1e-6)


MODEL = Path(__file__).with_name("data") / "digit_svm.npz"  # made by tools/train_digits.py


class DigitSVM:
    """scikit-learn's ``SVC(probability=True)`` (libsvm), fitted by tools/train_digits.py, as
    its arrays: an RBF kernel on the support vectors, one-against-one decision values, Platt's
    sigmoid for each pair and libsvm's pairwise coupling into one probability per digit (the
    same numbers as ``SVC.predict_proba``, checked by that script)."""

    def __init__(self, arrays) -> None:
        self.sv = np.asarray(arrays["support_vectors"], np.float64)
        self.dual = np.asarray(arrays["dual_coef"], np.float64)
        self.intercept = np.asarray(arrays["intercept"], np.float64)
        self.prob_a = np.asarray(arrays["prob_a"], np.float64)
        self.prob_b = np.asarray(arrays["prob_b"], np.float64)
        self.gamma = float(arrays["gamma"])
        counts = [int(n) for n in arrays["n_support"]]
        ends = np.cumsum(counts)
        self._spans = [slice(int(e) - n, int(e)) for e, n in zip(ends, counts, strict=True)]
        self._sv_sq = (self.sv * self.sv).sum(axis=1)
        self.classes = len(counts)

    @classmethod
    def load(cls, path: Path = MODEL) -> DigitSVM:
        with np.load(path, allow_pickle=False) as arrays:
            return cls(arrays)

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        """libsvm's decision value for each pair of classes (i < j), as ``decision_function``
        with ``decision_function_shape="ovo"``."""
        x = np.asarray(x, np.float64)
        squared = (x * x).sum(axis=1)[:, None] + self._sv_sq[None, :] - 2 * x @ self.sv.T
        kernel = np.exp(-self.gamma * np.maximum(squared, 0))
        pairs = []
        for i in range(self.classes):
            for j in range(i + 1, self.classes):
                si, sj = self._spans[i], self._spans[j]
                pairs.append(kernel[:, si] @ self.dual[j - 1, si] + kernel[:, sj] @ self.dual[i, sj])
        return np.stack(pairs, axis=1) + self.intercept

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return np.array([self._couple(d) for d in self.decision_function(x)])

    def _couple(self, decision: np.ndarray) -> np.ndarray:
        """Pairwise probabilities (Platt) coupled into one per class: libsvm's
        ``multiclass_probability`` (Wu, Lin and Weng 2004, method 2)."""
        k = self.classes
        r = np.zeros((k, k))
        pair = 0
        for i in range(k):
            for j in range(i + 1, k):
                f = decision[pair] * self.prob_a[pair] + self.prob_b[pair]
                p = np.exp(-f) / (1 + np.exp(-f)) if f >= 0 else 1 / (1 + np.exp(f))
                r[i, j] = min(max(p, 1e-7), 1 - 1e-7)
                r[j, i] = 1 - r[i, j]
                pair += 1
        q = -r.T * r  # q[t, j] = -r[j, t] r[t, j] off the diagonal
        np.fill_diagonal(q, (r * r).sum(axis=0) - np.diag(r) ** 2)
        p = np.full(k, 1.0 / k)
        for _ in range(max(100, k)):
            qp = q @ p
            pqp = p @ qp
            if np.abs(qp - pqp).max() < 0.005 / k:
                break
            for t in range(k):
                diff = (pqp - qp[t]) / q[t, t]
                p[t] += diff
                pqp = (pqp + diff * (diff * q[t, t] + 2 * qp[t])) / (1 + diff) / (1 + diff)
                qp = (qp + diff * q[t]) / (1 + diff)
                p /= 1 + diff
        return p


@lru_cache(maxsize=1)
def _classifier() -> DigitSVM:
    """The fitted SVM, read once per process (a few milliseconds)."""
    return DigitSVM.load()


def classify(digits: list[np.ndarray]) -> DigitReading:
    if not digits:
        return DigitReading("", [])
    probs = _classifier().predict_proba(np.array([features(d) for d in digits]))
    best = probs.argmax(axis=1)
    return DigitReading("".join(str(int(d)) for d in best), [float(p.max()) for p in probs])


def read_blank(image: Image.Image, blank: Blank,
               each: tuple[DigitReading, DigitReading] | None = None) -> DigitReading:
    """The digits written in one blank of the page image, read by two independent readers:
    the SVM on the cut digits, and PP-OCR on the ink alone and on the line around it.

    PP-OCR reads the blank with the printed words on either side (``Số:`` and ``/KH-SYT``,
    ``ngày`` and ``tháng``) at several crops: a blank found from the printed words is never
    exact, and a crop of the ink alone drops a digit that touches the colon or the slash
    (2155 → 155, 2082 → 208). The printed neighbours tell where the digits start and end.
    The readings vote (``_vote``). When the SVM agrees with the winner the reading is sure
    whatever the probabilities. ``each``: the SVM's and PP-OCR's readings of the blank when
    already made (``read_blank_each``).
    """
    svm, pp = each or read_blank_each(image, blank)
    if not ppocr.available(ppocr.HANDWRITING) or not (svm.text or pp.text):
        return svm  # no ink: the print is no reading
    return _vote(svm, pp, read_around(image, blank), blank.largest, blank.slash_after)


def read_blank_each(image: Image.Image, blank: Blank, *, svm_only: bool = False
                    ) -> tuple[DigitReading, DigitReading]:
    """The SVM's and PP-OCR's readings of one blank (PP-OCR's empty when not installed, or
    not asked: ``svm_only``, a few milliseconds against PP-OCR's half second)."""
    none = DigitReading("", [])
    # the blank and a line height around it (room for PP-OCR's margins), in its own pixels
    margin = round(blank.lh)
    x0, y0, x1, y1 = blank.box
    area = (max(0, x0 - margin), max(0, y0 - margin), x1 + margin, y1 + margin)
    rgb = np.asarray(image.crop(area).convert("RGB"))
    ox, oy = max(0, x0) - area[0], max(0, y0) - area[1]
    crop = rgb[oy:max(oy, y1 - area[1]), ox:max(ox, x1 - area[0])]
    if crop.size == 0:
        return none, none
    closed, blobs = _blobs(ink_mask(crop), blank.lh)
    svm = classify([piece for box in blobs for piece in _best_split(closed, box)])
    if not blobs or svm_only or not ppocr.available(ppocr.HANDWRITING):
        return svm, none
    left, top = ox + min(b[0] for b in blobs), oy + min(b[1] for b in blobs)
    right, bottom = ox + max(b[2] for b in blobs), oy + max(b[3] for b in blobs)
    readings = []
    for share in _LINE_PADS:
        pad = round(share * (bottom - top))
        line = rgb[max(0, top - pad):bottom + pad, max(0, left - pad):right + pad]
        readings.append(_blank_digits(ppocr.read_line(line, ppocr.HANDWRITING)))
    return svm, _consensus(readings, blank.largest)


_LINE_PADS = (0.15, 0.2, 0.25, 0.3, 0.35)  # margins around the ink, in digit heights


def _blank_digits(reading: ppocr.LineReading) -> ppocr.LineReading:
    """The digits written in the blank, without what the line crop caught of the printed
    ``Số:`` before and ``/UBND`` after (``6:217/`` → ``217``, ``87/1`` → ``87``)."""
    text = re.sub(r"[／/].*", "", reading.text.replace("：", ":"))
    start = text.rfind(":") + 1
    return ppocr.LineReading(text[start:], reading.probs[start:len(text)]).digits()


def _plausible(text: str, largest: int) -> bool:
    """``text`` is a value the blank can hold: one digit to as many as ``largest`` has, from 1
    to ``largest`` (a day read ``71`` holds a digit too many, from the print or a speck)."""
    return 1 <= len(text) <= len(str(largest)) and 1 <= int(text) <= largest


def _consensus(readings: list[ppocr.LineReading], largest: int) -> DigitReading:
    """PP-OCR's reading of a handwritten line moves with the margin around it, mostly by
    dropping a digit (``99`` and ``299`` for 299). Of the plausible readings (``_plausible``)
    read at two margins or more, the one that contains most of the
    others wins (one margin's stray digit is no reading); ties go to the one read most often,
    then to the surer one. A reading seen at one margin only wins when nothing was seen twice."""
    plausible = [r for r in readings if _plausible(r.text, largest)]
    repeated = [r for r in plausible if sum(o.text == r.text for o in plausible) >= 2]
    candidates = repeated or plausible
    if not candidates:
        return DigitReading("", [])

    def support(r: ppocr.LineReading) -> tuple[int, int, float]:
        return (sum(holds_in_order(r.text, o.text) for o in plausible),
                sum(o.text == r.text for o in plausible), min(r.probs))

    best = max(candidates, key=support)
    return DigitReading(best.text, best.probs)


_AROUND_LEFT = (0.8, 1.6)  # line reads start this far left of the blank (line heights) …
_AROUND_RIGHT = (0.6, 1.5)  # … end this far right of it …
_AROUND_PADS = (0.0, 0.15, 0.3)  # … and reach this far above and below the printed band


def read_around(image: Image.Image, blank: Blank) -> list[AroundReading]:
    """PP-OCR's readings of the blank with the printed words around it, at several crops:
    the digits between them (``S6:2155/K`` → 2155, ``gay 17 tha`` → 17)."""
    x0, y0, x1, y1 = blank.box
    lh = blank.lh
    # one crop holding them all, in its own pixels from (ox, oy)
    ox, oy = max(0, round(x0 - max(_AROUND_LEFT) * lh)), max(0, round(y0 - max(_AROUND_PADS) * lh))
    rgb = np.asarray(image.crop((ox, oy, round(x1 + max(_AROUND_RIGHT) * lh),
                                 round(y1 + max(_AROUND_PADS) * lh))).convert("RGB"))
    readings = []
    for left in _AROUND_LEFT:
        for right in _AROUND_RIGHT:
            for pad in _AROUND_PADS:
                crop = rgb[max(0, round(y0 - pad * lh) - oy):max(0, round(y1 + pad * lh) - oy),
                           max(0, round(x0 - left * lh) - ox):max(0, round(x1 + right * lh) - ox)]
                readings.append(_between_print(ppocr.read_line(crop, ppocr.HANDWRITING), blank.kind))
    return readings


@dataclass
class AroundReading(ppocr.LineReading):
    """The digits of a line read with the print around the blank; ``slash_seen``: the
    number's printed slash was read after them (so a last 1 or 0 is a digit, not the slash)."""

    slash_seen: bool = False


_SO_READ = re.compile(r"\W*[S$5s][o6O0ôóơ]?\s*[:.;]?")  # Số without its colon (S6, So)
_SLASH_READ = re.compile(r"[01Il|][0-9A-Za-z]?")  # the printed slash read apart: "1", "1S", "10", "0"
# handwritten digits PP-OCR reads as letters: a long-flagged 1 as Λ, an open 4 as A, 9 as g …
_FIRST_SHAPE = {"A": "1", "Λ": "1", "N": "1"}
_SHAPE = {"A": "4", "Λ": "4", "g": "9", "q": "9", "b": "6", "O": "0", "o": "0", "I": "1", "l": "1",
          "|": "1"}


def _between_print(reading: ppocr.LineReading, kind: str) -> AroundReading:
    """The digits of a line read between the printed words around the blank: after ``Số:`` and
    before the slash of a number, after ``ngày`` and before ``tháng`` of a day. Letters of the
    shapes handwriting takes are read as the digits they are."""
    text = reading.text.replace("：", ":").replace("／", "/")
    if kind == "number":
        colon = text.rfind(":", 0, text.find("/") if "/" in text else len(text))
        start = colon + 1 if colon >= 0 else (m.end() if (m := _SO_READ.match(text)) else 0)
        end = text.find("/", start)
        slash_seen = end >= 0
        end = len(text) if end < 0 else end
        parts = text[start:end].split()
        if len(parts) > 1 and _SLASH_READ.fullmatch(parts[-1]):
            end = start + text[start:end].rindex(parts[-1])
    else:  # a day after ngày (…y) and before tháng (t…), a month after tháng (…g) before năm (n…)
        y = text.find("y" if kind == "day" else "g", 0, 6)
        start = y + 1 if y >= 0 else 0
        t = text.find("t" if kind == "day" else "n", start)
        end = len(text) if t < 0 else t
        slash_seen = False
    digits, probs = [], []
    for i in range(start, end):
        char = text[i]
        digit = str(unicodedata.decimal(char)) if unicodedata.decimal(char, None) is not None \
            else (_FIRST_SHAPE if not digits else _SHAPE).get(char)
        if digit is not None:
            digits.append(digit)
            probs.append(reading.probs[i])
    return AroundReading("".join(digits), probs, slash_seen)


def _vote(svm: DigitReading, pp: DigitReading, around: list[AroundReading],
          largest: int, slash_after: bool = False) -> DigitReading:
    """One reading from all of them. Of the plausible readings (``_plausible``: a day of 1 to
    31, a month of 1 to 12, a number of up to five digits),
    one with the printed slash after a number read as a last 1 (``21551``, ``506010``) or a
    stray 0 before it (``02004``) gives its vote to the reading without it when that was read
    too (``slash_after``), unless the line reads saw the slash after it (``_read_before_slash``);
    of the readings seen twice or more (else of all), the one that
    contains most of the others (each counted as the reading it votes for: ``20821`` as
    ``2082``, not as a reading ``2088`` does not contain) wins, then the one read most often,
    then the one read surest (its least sure digit).
    A reading of the SVM sure of every digit that holds the winner and more digits wins
    (``2119`` over ``29``, ``17`` over ``1``: PP-OCR lost a digit; right 6 times of 7 on
    real_dev's tune part), unless its extra digit is the slash or its digits more stand two
    or more at an end (``_digits_lost_inside``), or PP-OCR read the winner alike on the ink
    alone and on nearly every line (``_unanimous``: ``14`` thirteen times, the SVM ``114``).
    Where the winner has a 4 and the SVM's reading of as many digits (mostly alike elsewhere)
    a 1 or a 7, the SVM's digit is taken (``_hooked_ones``).
    The SVM agreeing with PP-OCR makes the reading sure."""
    texts = [r.text for r in (*around, pp, svm) if _plausible(r.text, largest)]
    if not texts:
        return svm if svm.text else pp
    votes = Counter(texts)
    as_read = {t: t for t in votes}  # each text → the reading it votes for
    whole = _read_before_slash(around)
    for text in list(votes) if slash_after else ():
        base = next((o for o in votes if o != text and _slash_read(text, o)
                     and not (text == whole and text.startswith(o))), None)
        if base is not None:
            votes[base] += votes.pop(text)
            as_read[text] = base
    def voted_for(text: str) -> str:  # 20811 → 2081 → 208: followed to the reading left
        while as_read[text] != text:
            text = as_read[text]
        return text

    voted = [voted_for(t) for t in texts]
    candidates = [t for t, n in votes.items() if n >= 2] or list(votes)
    readings = (*around, pp, svm)
    best = max(candidates, key=lambda t: (sum(holds_in_order(t, o) for o in voted), votes[t],
                                          max(min(r.probs) for r in readings if r.text == t)))
    if (len(best) < len(svm.text) and _plausible(svm.text, largest) and min(svm.probs) >= SVM_SURE
            and _digits_lost_inside(svm.text, best) and not _unanimous(best, pp, around)
            and holds_in_order(svm.text, best) and not (slash_after and _slash_read(svm.text, best))):
        best = svm.text  # PP-OCR lost a digit the SVM read surely
    else:
        best = _hooked_ones(svm.text, best)  # PP-OCR read a hand's flagged 1 (or barred 7) as a 4
    same = [r.probs for r in readings if r.text == best]
    probs = ([max(p) for p in zip(*same, strict=True)] if same
             else _digit_support(best, list(readings)))  # pieced from two readings
    alike = sum(r.text == best or (slash_after and _slash_read(r.text, best)) for r in around)
    return DigitReading(best, probs, agreed=svm.text == best and any(
        r.text == best for r in (*around, pp)), support=alike / len(around) if around else 0.0)


def _read_before_slash(around: list[AroundReading]) -> str | None:
    """The reading most of the line reads that reached the printed slash saw before it (twice
    or more): its last 1 or 0 is a digit, the slash was read apart (``1891/``; a crop of the
    ink alone cut before the last 1 reads ``189``)."""
    seen = Counter(r.text for r in around if r.slash_seen).most_common(2)
    if not seen or seen[0][1] < 2 or (len(seen) > 1 and seen[1][1] == seen[0][1]):
        return None
    return seen[0][0]


def _digits_lost_inside(svm: str, best: str) -> bool:
    """The SVM's longer reading adds one digit to ``best``, or more only between its first
    and last digits: PP-OCR loses touching digits inside a number (``29`` for ``2119``), while
    several digits more at an end are the SVM's reading of the print and specks around the
    blank (``6215`` for ``62``: the slash and the ``S`` of ``/SGDĐT``)."""
    return len(svm) == len(best) + 1 or (svm[0] == best[0] and svm[-1] == best[-1])


def _unanimous(best: str, pp: DigitReading, around: list[AroundReading]) -> bool:
    """PP-OCR read ``best`` on the ink alone and on ``CLEAR_SHARE`` of its line reads."""
    return pp.text == best and sum(r.text == best for r in around) >= CLEAR_SHARE * len(around)


def _digit_support(text: str, readings: list) -> list[float]:
    """Each digit's probability in the readings of as many digits that read it there."""
    return [max((r.probs[k] for r in readings if len(r.text) == len(text) and r.text[k] == c),
                default=0.0) for k, c in enumerate(text)]


def _hooked_ones(svm: str, best: str) -> str:
    """``best`` with each 4 where the SVM's reading of as many digits has a 1 or a 7 taken as
    the SVM's digit: a 1 written with a long flag, or a 7 with a bar, that PP-OCR's recogniser
    (trained on print) takes for a 4 (on real_dev's tune part and the real samples the truth
    was never the 4 in 8 such places); only when the SVM reads at least half the other digits
    alike (its ``291`` for ``834`` is no reading of that hand, its ``991`` for ``394`` is)."""
    if len(svm) != len(best):
        return best
    others = [s == b for s, b in zip(svm, best, strict=True) if b != "4"]
    if 2 * others.count(False) > len(others):
        return best
    return "".join(s if b == "4" and s in "17" else b for s, b in zip(svm, best, strict=True))


def _slash_read(text: str, base: str) -> bool:
    """``text`` is ``base`` with the printed slash (or the symbol's first letter cut by the
    crop, ``Q`` → 0) read as a last 1, 10 or 0, or with a 0 or the 6 of ``Số`` before it."""
    return text in (base + "1", base + "10", base + "11", base + "0") or (
        text in ("0" + base, "6" + base) and len(base) >= 3)


def _either(svm: DigitReading, pp: DigitReading) -> DigitReading:
    """Agreeing readers make a sure reading; otherwise PP-OCR's reading, when it has one.
    (The SVM often takes the slash after a number for a 1, and cuts touching digits wrong:
    bench/handwriting.py.)"""
    if not pp.text:
        return svm
    if pp.text == svm.text:
        return DigitReading(pp.text, [max(a, b) for a, b in zip(pp.probs, svm.probs, strict=True)],
                            agreed=True)
    return pp


# --- deciding ---------------------------------------------------------------------------------

def refine_handwritten(
    fields: dict[str, FieldValue],
    pages: list[Page],
    previews: dict[int, Image.Image],
    *,
    filename: str | None = None,
    signed_at: datetime | None = None,
) -> dict[str, FieldValue]:
    """Re-read a doubtful ``number`` and ``issued_date`` from the handwriting on the page.

    Returns a new dict; born-digital pages and pages without a preview are left as they are,
    and so is a number read reliably. A day read reliably is checked against its ink
    (``_check_day``) when the number was not (filled in by hand, the day most likely too).
    """
    out = dict(fields)
    layouts: dict[int, DocumentLayout] = {}  # one layout per page, for both fields
    # a number the OCR could not read surely was most likely filled in by hand, and the day
    # with it by the same clerk: only then is a day read surely checked against its ink
    hand_filled = not _sure(fields.get("number"))
    for name, refine in (("number", _refine_number), ("issued_date", _refine_day)):
        fv = fields.get(name)
        page = _page_of(fv, pages)
        if fv is None or page is None or page.source != "ocr" or page.number not in previews:
            continue
        sure = _sure(fv)
        if sure and (name != "issued_date" or not hand_filled):
            continue
        if page.number not in layouts:
            layouts[page.number] = read_page_layout(page)
        if sure:
            refine = _check_day
        out[name] = refine(fv, page, layouts[page.number], previews[page.number], filename,
                           signed_at)
    return out


def _sure(fv: FieldValue | None) -> bool:
    return fv is not None and fv.value is not None and not fv.review and fv.confidence >= 0.7


def _page_of(fv: FieldValue | None, pages: list[Page]) -> Page | None:
    if fv is None or fv.page is None:
        return None
    return next((p for p in pages if p.number == fv.page), None)


def _month_of(page: Page, layout: DocumentLayout, image: Image.Image) -> tuple[date | None, bool]:
    """The first day of the month and year on the date line (``tháng 9 năm 2017``), when the
    day could not be read: the handwriting reader completes it. A month OCR did not read as
    digits (``I1``, a 4 read as two strokes: written by hand too) is read from the ink. Also
    whether the month came from the ink alone (the value then wants a look)."""
    parts = parse_date_line(layout.date_line.text) if layout.date_line else None
    if not parts or not plausible_year(parts.year):  # ``năm 2092``: no month to complete
        return None, False
    month, from_ink = parts.month, False
    if not month.isdigit():
        month, from_ink = str(_ink_month(page, layout, image) or ""), True
    try:
        return date(int(parts.year), int(month), 1), from_ink
    except ValueError:  # no month, month 0 or 13
        return None, False


def _ink_month(page: Page, layout: DocumentLayout, image: Image.Image) -> int | None:
    """The month written by hand on the date line, read surely from the ink, or None."""
    blank = month_blank(page, layout)
    reading = read_blank(image, blank) if blank else DigitReading("", [])
    return int(reading.text) if reading.sure and reading.text else None


def _month_read_from_ink(fv: FieldValue, page: Page, layout: DocumentLayout,
                         image: Image.Image) -> FieldValue | None:
    """The date ``fv`` with the month the ink reads surely, when OCR read the month as no
    digits (``4Ô`` for a written 10) and the date took a guess of it; flagged. None when
    the month was printed digits, or the ink says no other month."""
    parts = parse_date_line(layout.date_line.text) if layout.date_line else None
    if parts is None or parts.month.isdigit():
        return None
    month = _ink_month(page, layout, image)
    current = date.fromisoformat(fv.value)
    if month is None or month == current.month:
        return None
    try:
        return _doubt(replace(fv, value=current.replace(month=month).isoformat()))
    except ValueError:  # the 31st of a month of 30 days: the day is wrong too
        return None


def _doubt(fv: FieldValue) -> FieldValue:
    return replace(fv, confidence=min(fv.confidence, DOUBT_CONF), review=True)


def _refine_number(fv: FieldValue, page: Page, layout: DocumentLayout, image: Image.Image,
                   filename, signed) -> FieldValue:
    blank, read_again = find_number_blank(page, layout, image)
    printed = blank.symbol.lstrip("/") if blank else ""
    if blank is None:
        return _doubt(fv)
    if isinstance(fv.value, str) and "/" in fv.value:
        current, rest = fv.value.split("/", 1)
        if read_again and not _SYMBOL.fullmatch(rest):  # ``1/on``: PP-OCR read the symbol
            rest = printed
    elif _SYMBOL.fullmatch(printed):  # no number read: the ink's digits and the printed symbol
        current, rest = "", printed
    else:
        return _doubt(fv)
    title = layout.title.doc_type if layout.title else None
    told = type_part_told_by_title(rest, title) if title else None
    reread = None if told or _SYMBOL.fullmatch(rest) else reread_symbol(image, blank, rest)
    refined = _refine_digits(fv, blank, image, current, told or reread or rest, filename)
    # ``ZQĐ-ĐHKTQD`` or ``GT-UBND`` printed under the title, ``NC-HĐND`` under ``BÁO CÁO``, or
    # a symbol read again: its letters are a guess, which digits the ink agrees on do not vouch for
    if told or reread or read_again or (title and printed and type_part_told_by_title(printed, title)) \
            or not type_part_fits_title(str(refined.value or ""), title):
        return _doubt(refined)
    return refined


def reread_symbol(image: Image.Image, blank: Blank, read: str) -> str | None:
    """The printed symbol after a handwritten number, read again by PP-OCR when Tesseract's
    reading is no symbol (the ink beside it puzzles Tesseract: ``rn-src`` for ``TB-STC``):
    what follows the last slash read in the symbol's words, when it is a well-formed symbol
    about as long as Tesseract's reading (a crop that caught the ink or lost a letter is
    none). PP-OCR reads no Đ: each part takes its spelling from the tables (``QD`` → ``QĐ``)."""
    if not ppocr.available() or not blank.symbol_end:
        return None
    lh = blank.lh
    box = (blank.box[2] - 0.2 * lh, blank.box[1] - 0.3 * lh, blank.symbol_end + 0.3 * lh,
           blank.box[3] + 0.3 * lh)
    symbol = _symbol_read(ppocr.read_area(image, box).rsplit("/", 1)[-1])
    return symbol if symbol and abs(len(symbol) - len(read)) <= 1 else None


def _refine_digits(fv: FieldValue, blank: Blank, image: Image.Image, current: str, rest: str,
                   filename: str | None) -> FieldValue:
    """The number with its digits read from the ink of ``blank`` before the symbol ``rest``."""
    printed = blank.symbol.lstrip("/")
    reading = read_blank(image, blank)
    if printed and printed != rest and rest.endswith(printed) and _SYMBOL.fullmatch(printed):
        # the blank's ink read into the symbol ("2/47KH-SYT"): the symbol as printed, and the
        # digits before the misread slash are a part of the ink, no reading that could agree
        current, rest = "", printed
    if not 1 <= len(reading.text) <= 5 or reading.text.lstrip("0") == "":
        return _doubt(fv)
    if not reading.sure:  # the best reading, when the OCR's garbled digits contradict it
        if (blank.ocr_clean or (current and _in_filename(current, filename))
                or not reading.contradicts(current)):
            return _doubt(fv)
        return replace(fv, value=f"{reading.text}/{rest}", confidence=DOUBT_CONF, review=True)
    value = f"{reading.text}/{rest}"
    if reading.text == current or _in_filename(reading.text, filename):
        return replace(fv, value=value, confidence=AGREED_CONF, review=False)
    if blank.ocr_clean and not reading.clear:  # Tesseract read other plain digits
        return _doubt(fv)
    # the readers of the ink vouch for its digits, not for a symbol read as no symbol is
    # printed (``2871/op-prC``, ``70/BCVTLTNN``)
    return _ink_value(fv, value, reading, blank.ocr_clean, vouched=bool(_SYMBOL.fullmatch(rest)))


def _ink_value(fv: FieldValue, value: str, reading: DigitReading, doubted: bool = False,
               *, vouched: bool = True) -> FieldValue:
    """The value read from the ink alone: reviewed unless read clearly and nothing else is in
    ``doubted`` (Tesseract's own plain digits said otherwise, though it reads 3 handwritten
    blanks of 163 right on real_dev; the month was read from the ink too).

    A clear reading both readers agree on scores ``BOTH_READERS_CONF``, one PP-OCR read alike
    at nearly every crop ``CLEAR_CONF``, and the calibration tells them apart: on real_dev's
    tuned half and eight generated draws the first were right 23 times of 23, the second 33 of
    38 (a digit lost at every crop alike: ``20`` for 2096, ``228`` for 2287). The readers vouch
    for the digits only: unless the rest of ``value`` is ``vouched`` for (a number's symbol well
    formed), ``CLEAR_CONF``."""
    if reading.clear and not doubted:
        score = BOTH_READERS_CONF if reading.agreed and vouched else CLEAR_CONF
        return replace(fv, value=value, confidence=score, review=False)
    return replace(fv, value=value, confidence=READ_CONF, review=True)


# the printed symbol after the number's slash, with the year a legal document's number
# carries before it (``2024/QĐ-BTP``)
_SYMBOL = re.compile(r"(?:(?:19|20)\d\d/)?[A-ZĐ][A-ZĐa-z0-9&.]*(?:-[A-ZĐ0-9][A-ZĐa-z0-9&.]*)+")


def _in_filename(digits: str, filename: str | None) -> bool:
    return bool(filename) and re.search(rf"(?<!\d){digits}(?!\d)", filename or "") is not None


def _check_day(fv: FieldValue, page: Page, layout: DocumentLayout, image: Image.Image,
               filename, signed) -> FieldValue:
    """A day the OCR read surely, against the ink in its blank: when both ink readers clearly
    read another plausible day there (a handwritten ``30`` that Tesseract took for ``20``), the
    ink's day, marked for review (two readings disagree). When the SVM agrees with the OCR but
    PP-OCR reads another day (a ``3`` with a flat top read ``5`` by both), PP-OCR's day where
    its line reads around the blank read it clearly, else the day as read; marked for review
    either way. (On the fitting sets PP-OCR disagreed so twice, and rightly both times: once in
    60 such days with PP-OCRv4, and a ``3`` read ``5`` by Tesseract and the SVM with PP-OCRv6.)"""
    blank = day_blank(page, layout)
    if blank is None or not isinstance(fv.value, str):
        return fv
    current = date.fromisoformat(fv.value)
    svm, pp = read_blank_each(image, blank)
    if svm.text.isdigit() and int(svm.text) == current.day:
        if _day_read(current, pp, signed) in (None, current):
            return fv
        reading = read_blank(image, blank, (svm, pp))
        value = _day_read(current, reading, signed) if reading.clear else None
        return replace(fv, value=(value or current).isoformat(),
                       confidence=min(fv.confidence, READ_CONF), review=True)
    reading = read_blank(image, blank, (svm, pp))
    if not (reading.sure and reading.clear):
        return fv
    value = _day_read(current, reading, signed)
    if value is None or value == current:
        return fv
    return replace(fv, value=value.isoformat(), confidence=READ_CONF, review=True)


def _day_read(current: date, reading: DigitReading, signed: datetime | None) -> date | None:
    """``current`` on the day ``reading`` holds; None when it holds no day of that month
    (none, three digits, day 0, 31 in a 30-day month) or a day after the signing date."""
    if not 1 <= len(reading.text) <= 2:
        return None
    try:
        value = current.replace(day=int(reading.text))
    except ValueError:
        return None
    return None if signed is not None and value > signed.date() else value


def _refine_day(fv: FieldValue, page: Page, layout: DocumentLayout, image: Image.Image,
                filename, signed) -> FieldValue:
    blank = day_blank(page, layout)
    if isinstance(fv.value, str):
        if (inked := _month_read_from_ink(fv, page, layout, image)) is not None:
            fv = inked
        current, month_from_ink = date.fromisoformat(fv.value), inked is not None
    else:
        current, month_from_ink = _month_of(page, layout, image)
    if blank is None or current is None:
        return _doubt(fv)
    reading = read_blank(image, blank)
    value = _day_read(current, reading, signed)
    if value is None:  # no day, or issued after it was signed: the reading is wrong
        return _doubt(fv)
    # one digit read where the ink ran into ``ngày``: a first digit may lie under its print
    hidden = blank.ink_under_print and len(reading.text) == 1
    if fv.value is None:  # the day alone was not read: the ink's day, with the printed month
        fv = replace(fv, box=fv.box or blank.box)
        if reading.sure and not blank.ocr_clean:
            return _ink_value(fv, value.isoformat(), reading, month_from_ink or hidden)
        return replace(fv, value=value.isoformat(), confidence=DOUBT_CONF, review=True)
    if not reading.sure:  # the best reading, when the day kept contradicts a digit read surely
        if blank.ocr_clean or not reading.contradicts(f"{current.day:0{len(reading.text)}d}"):
            return _doubt(fv)
        return replace(fv, value=value.isoformat(), confidence=DOUBT_CONF, review=True)
    if value == current:  # the OCR's reading or the signing date agrees
        return fv if month_from_ink else replace(fv, confidence=AGREED_CONF, review=False)
    if blank.ocr_clean and not reading.clear:
        return _doubt(fv)
    return _ink_value(fv, value.isoformat(), reading,
                      blank.ocr_clean or month_from_ink or hidden)

