"""A second, independent reading of the printed lines that file a record: the number, the date
line, the signer's name and title.

Tesseract now and then misreads a printed digit with full confidence (an italic ``03`` read
``08`` at 97, ``2268`` read ``2168`` at 96), and reads a bold name under a signature at a
middling confidence though every letter is right: its scores neither catch the one nor clear
the other. PP-OCRv4's recogniser (``ingest.ppocr``, already loaded for the handwritten blanks)
reads the same line from the page image on its own; it reads Latin letters without Vietnamese
marks, so it vouches for digits and for a name's letters, not for its tone marks.

- Digits (``number``, ``issued_date`` read surely from print): where PP-OCR reads other
  digits, the value is marked for review, and takes PP-OCR's reading when that is of the same
  shape (as many digits in the number; a real date, not after the PDF's signing date): the
  line's print misleads Tesseract, not the recogniser (on the fitting sets PP-OCR agreed on
  all 177 values read surely from print and was right in all 4 disagreements: bench/RESULTS.md,
  session 24). A line read without its digits in place (``…nam 020``) is no evidence.
- A date whose day was read from the ink (or flagged) keeps the month and year Tesseract read
  on the line: where both of PP-OCR's readers read another month or year there, alike (a
  printed ``02`` read ``09`` in a phone photo), the date takes theirs, flagged
  (``_check_printed_month``).
- The signer: a name whose letters PP-OCR reads alike, word for word, and whose words are a
  family name and common given names as people spell them (so the tone marks Tesseract read
  are a name's, not a misreading's: ``Thĩ``, ``Chỉ`` are none), is confirmed: its doubt
  cleared, scored ``CONFIRMED_NAME``. Two names differing only in a mark (``Thành`` and
  ``Thanh``) stay beyond it. A name whose letters PP-OCR reads otherwise, each word a known
  name's letters, is spelled from them with the marks nearest to Tesseract's
  (``_given_names.spell_by_letters``: ``Huỳnh Phanh Bình`` → ``Huỳnh Thanh Bình``, ``Văn Hùng``
  → ``Nguyễn Văn Hùng``), with a reader's doubt. A stroke of the signature or the seal's rim
  misleads a recogniser at one crop and not the next (``Phan``/``Pham``, ``Letan Dung``, a
  family name hidden), so the name is the one most of eight readings spell: both recognisers,
  from just before the line and from further left (``NAME_LEFT``), with a tight and a looser
  margin above and below (``NAME_DOWN``); none when no name wins twice or two tie
  (bench/RESULTS.md, session 34: signer .90 → .93 on the tuned half, none made wrong).
- The signer's title read in part (``TỊCH``; ``GIÁM ĐỐC`` where a seal hid ``PHÓ``): where
  PP-OCR reads, around the letters Tesseract read, the whole of one known title
  (``_tables.SIGNER_TITLES``), the value takes that title with its reader's doubt (whether
  that is shown for review, the calibration decides: titles doubted so were mostly right).
  A deputy's title so read with no authority line read lost its ``KT.`` line as well: the
  authority is inferred as the extractor infers it (``KT.`` and the head's title, flagged).
- The list's last item, ``Lưu: VT, …``: the desks' abbreviations and the drafter's initials are
  Latin letters, which PP-OCR reads better than Tesseract's Vietnamese model (``VI`` for
  ``VT``, ``beluan`` for ``bcluan``): a word of it that PP-OCR reads with other letters (as
  many), the words pairing up, is taken as PP-OCR reads it; so is an abbreviation in capitals
  on the list's other lines (``UBMTTOVN`` for ``UBMTTQVN``).

Only scanned pages are read again (born-digital pages carry the exact text); digits read from
the ink (``ingest.handwriting``) score at most ``AGREED_CONF`` and were already read by PP-OCR.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from functools import cache

from PIL import Image

from archive_service.records import FieldValue, Page
from ingest import ppocr
from ingest.handwriting import AGREED_CONF, READ_CONF
from ingest.metadata._assemble import deputy_signs_for
from ingest.metadata._given_names import (
    GIVEN_NAMES,
    GUESSED_MARKS_CONF,
    spell_by_letters,
)
from ingest.metadata._header import parse_date_line, plausible_year
from ingest.metadata._tables import SIGNER_TITLES, SURNAMES
from ingest.metadata._text import fold, holds_in_order, plain_letters

log = logging.getLogger(__name__)

MARGIN = (0.3, 0.2)  # the line's box widened by these shares of its height (across, down)
CONFIRMED_NAME = 0.95  # a signer's name two recognisers read alike, every word a name's
MIN_NAME_WORDS = 3  # a name of two words may have lost its family name to the seal
NAME_LEFT = 1.5  # a name's line read again from this far left (its heights): a seal's rim or a
# stroke over its first letters (``B6`` for ``Đỗ``) hid its start, or the family name itself
NAME_DOWN = (MARGIN[1], 0.4)  # … and with this much above and below (its heights)


def read_lines_again(fields: dict[str, FieldValue], pages: list[Page],
                     previews: dict[int, Image.Image], *,
                     signed_at: datetime | None = None) -> dict[str, FieldValue]:
    """``fields`` with the number and issued date read surely from print (else the date's
    printed month and year), the signer and the signer's title checked against PP-OCR's reading
    of their line on a scanned page. Returns a new dict."""
    out = dict(fields)
    if not ppocr.available():
        return out
    for name, wanted, check in (("number", _printed_and_sure, _check_number),
                                ("issued_date", _printed_and_sure, _check_date),
                                ("signer_title", _any_value, _check_title)):
        fv = out.get(name)
        if fv is None or (page := _scanned(fv, pages, previews)) is None or not wanted(fv):
            continue
        if text := _read_line(previews[page.number], page, fv.box):
            out[name] = check(fv, text, signed_at)
    if out.get("signer_title") is not fields.get("signer_title"):
        deputy_signs_for(out, out["signer_title"].page)  # ``TỊCH`` read ``PHÓ CHỦ TỊCH``: KT. lost
    if (fv := out.get("issued_date")) is not None and not _printed_and_sure(fv) \
            and (page := _scanned(fv, pages, previews)):
        out["issued_date"] = _check_printed_month(fv, previews[page.number], page, signed_at)
    if (fv := out.get("signer")) is not None and (page := _scanned(fv, pages, previews)):
        out["signer"] = _check_name(fv, previews[page.number], page)
    if (fv := out.get("recipients")) is not None:
        out["recipients"] = _check_recipients(fv, pages, previews)
    return out


def _scanned(fv: FieldValue, pages: list[Page], previews: dict[int, Image.Image]) -> Page | None:
    """The scanned page (with its image) a text value was read on; None for born-digital."""
    if not isinstance(fv.value, str) or fv.box is None:
        return None
    page = next((p for p in pages if p.number == fv.page), None)
    return page if page is not None and page.source == "ocr" and page.number in previews else None


def _printed_and_sure(fv: FieldValue) -> bool:
    """Read from print without a doubt: scored above any reading of the ink."""
    return not fv.review and fv.confidence > AGREED_CONF


def _any_value(_fv: FieldValue) -> bool:
    return True


def _listed_name(fv: FieldValue) -> bool:
    """A family name and common given names, spelled as people spell them, and read so (not
    marks taken from the list by the letters alone: PP-OCR reads no marks)."""
    words = fv.value.split()
    return (len(words) >= MIN_NAME_WORDS and words[0] in SURNAMES
            and fv.confidence > GUESSED_MARKS_CONF
            and all(w in GIVEN_NAMES or w in SURNAMES for w in words[1:]))


def _read_line(image: Image.Image, page: Page, box: tuple[float, float, float, float],
               left: float = MARGIN[0], down: float = MARGIN[1], kind: str = ppocr.LETTERS) -> str:
    """PP-OCR's text (reader ``kind``) of the line in ``box`` (page coordinates) of the page's
    image, from ``left`` of its heights before it and ``down`` of them above and below."""
    scale = image.width / page.width if page.width else 1.0
    x0, y0, x1, y1 = (v * scale for v in box)
    h = y1 - y0
    across, down = MARGIN[0] * h, down * h
    if h <= 0 or y1 + down > image.height:  # the box lies outside the kept part of the page
        return ""
    return ppocr.read_area(image, (max(0, round(x0 - left * h)), max(0, round(y0 - down)),
                                   round(x1 + across), round(y1 + down)), kind)


def _check_number(fv: FieldValue, text: str, _signed: datetime | None) -> FieldValue:
    """Other digits before the slash flag the number; as many of them replace its own."""
    digits, slash, rest = fv.value.partition("/")
    read = _digits_before_slash(text)
    if not (read and slash and digits.isdigit()) or read in (digits, "6" + digits):  # ``S6``: ``Số``
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
    """Another real date flags the issue date, and replaces it unless after the signing."""
    read = _date_read(text)
    try:
        current = date.fromisoformat(fv.value)
    except ValueError:
        return fv
    if read is None or read == current:
        return fv
    log.info("issued date %s read %s by PP-OCR", fv.value, read)
    if signed is not None and read > signed.date():
        return replace(fv, confidence=READ_CONF, review=True)
    return replace(fv, value=read.isoformat(), confidence=READ_CONF, review=True)


def _check_printed_month(fv: FieldValue, image: Image.Image, page: Page,
                         signed: datetime | None) -> FieldValue:
    """A date whose day was read from the ink keeps the month and year Tesseract read on the
    line: where both of PP-OCR's readers read another month or year there, alike (``tháng 02``
    read ``09`` in a phone photo), the date takes theirs, flagged (only flagged when that
    makes no real date, or one after the signing)."""
    try:
        current = date.fromisoformat(fv.value)
    except ValueError:
        return fv
    reads = {_month_year(_read_line(image, page, fv.box, kind=kind)) for kind in ppocr.BOTH}
    if len(reads) != 1 or (read := reads.pop()) is None or read == (current.year, current.month):
        return fv
    log.info("issued date %s read with month and year %s by PP-OCR", fv.value, read)
    doubted = replace(fv, confidence=min(fv.confidence, READ_CONF), review=True)
    try:
        other = current.replace(year=read[0], month=read[1])
    except ValueError:
        return doubted
    return doubted if signed is not None and other > signed.date() else \
        replace(doubted, value=other.isoformat())


def _month_year(text: str) -> tuple[int, int] | None:
    """The year and month of a place-and-date line as PP-OCR reads it, when both are digits
    of a real month and a year a document can bear."""
    parts = parse_date_line(text)
    if parts is None or not (parts.month.isdigit() and plausible_year(parts.year)) \
            or not 1 <= int(parts.month) <= 12:
        return None
    return int(parts.year), int(parts.month)


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


def _check_name(fv: FieldValue, image: Image.Image, page: Page) -> FieldValue:
    """The signer's line read again: the same letters (PP-OCRv4's, tight margins, from either
    left) confirm a listed name; else the name the readings spell most often (``_voted_name``),
    when not Tesseract's, replaces it with a reader's doubt."""
    @cache
    def read(kind: str, left: float, down: float) -> str:
        return _read_line(image, page, fv.box, left, down, kind)

    lefts = (MARGIN[0], NAME_LEFT)
    if _listed_name(fv) and any(plain_letters(read(ppocr.LETTERS, left, MARGIN[1]))
                                == plain_letters(fv.value) for left in lefts):
        return replace(fv, confidence=max(fv.confidence, CONFIRMED_NAME), review=False)
    spelled = _voted_name(fv.value, [read(kind, left, down) for kind in ppocr.BOTH
                                     for left in lefts for down in NAME_DOWN])
    if spelled is None or spelled == fv.value:
        return fv
    log.info("signer %s spelled %s from PP-OCR's letters", fv.value, spelled)
    return replace(fv, value=spelled, confidence=min(fv.confidence, READ_CONF), review=True)


def _voted_name(name: str, readings: list[str]) -> str | None:
    """The name that most of the second readings of the line ``name`` was read on spell with
    its marks (``spell_by_letters``), when two or more do and no other name as often. A name of fewer than
    ``MIN_NAME_WORDS`` words also votes for the same name with a family name before it (one
    the seal's rim hid from some crops: ``Văn Phúc`` for ``Hà Văn Phúc``)."""
    votes: Counter[str] = Counter()
    for text in readings:
        if text and (spelled := spell_by_letters(name, text)):
            votes[spelled] += 1
    for spelled in list(votes):
        family, _, rest = spelled.partition(" ")
        if family in SURNAMES and len(rest.split()) < MIN_NAME_WORDS and rest in votes:
            votes[spelled] += votes[rest]
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


_LUU = re.compile(r"L[uư]r?u")  # ``Lưu`` as either reader reads it (PP-OCR: ``Luu``, ``Luru``)
_TOKEN = re.compile(r"[^\W_]+")


def _check_recipients(fv: FieldValue, pages: list[Page], previews: dict[int, Image.Image]
                      ) -> FieldValue:
    """The list with the Latin letters PP-OCR reads on its lines, where Tesseract's
    Vietnamese model misreads them: the last item, ``Lưu: VT, …`` (the desks that keep a copy
    and the drafter's initials: ``VI`` for ``VT``, ``beluan`` for ``bcluan``;
    ``_archive_copy_spelled``), and abbreviations in capitals in the other items
    (``PCTUHND`` for ``PCTUBND``; ``_abbreviations_read``)."""
    if not isinstance(fv.value, list) or not fv.value or fv.box is None:
        return fv
    page = next((p for p in pages if p.number == fv.page), None)
    if page is None or page.source != "ocr" or page.number not in previews:
        return fv
    x0, y0, x1, y1 = fv.box
    lines: dict[int, list] = {}
    for w in page.words:
        if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.y0 + w.y1) / 2 <= y1:
            lines.setdefault(w.line, []).append(w)
    items = list(fv.value)
    last = len(items) - 1 if items[-1].startswith("Lưu") else len(items)
    for words in lines.values():
        box = (min(w.x0 for w in words), min(w.y0 for w in words), max(w.x1 for w in words),
               max(w.y1 for w in words))
        read = _read_line(previews[page.number], page, box)
        text = " ".join(w.text for w in words)
        if any(_LUU.match(w.text.lstrip("-–•¡ ")) for w in words[:3]):  # specks before the dash
            if last < len(items) and (spelled := _archive_copy_spelled(items[last], read)):
                items[last] = spelled
            continue
        for wrong, right in _abbreviations_read(text, read):
            token = re.compile(rf"(?<![^\W_]){re.escape(wrong)}(?![^\W_])")
            items[:last] = [token.sub(right, item) for item in items[:last]]
    if items == fv.value:
        return fv
    log.info("recipients %s read %s by PP-OCR", fv.value, items)
    return replace(fv, value=items)


def _abbreviations_read(line: str, read: str) -> list[tuple[str, str]]:
    """(as read, as PP-OCR reads it) of each abbreviation in capitals of a list's ``line`` that
    PP-OCR's ``read`` of it has with other letters, as many and in capitals too, the words
    pairing up (``CT, các PCTUHND huyện`` and ``CT, cac PCTUBND huyen``); a word differing only
    by marks (``HĐND``: PP-OCR reads no ``Đ``) is none."""
    words, heard = _TOKEN.findall(line), _TOKEN.findall(read)
    if len(words) != len(heard):
        return []
    return [(word, other) for word, other in zip(words, heard, strict=True)
            if len(word) >= 2 and word.isupper() and other.isupper() and other.isascii()
            and other.isalpha() and len(other) == len(word) and fold(word) != fold(other)]


def _archive_copy_spelled(item: str, read: str) -> str | None:
    """``item`` (``Lưu: VI, KHIH.``) with each word whose letters PP-OCR's ``read`` of the line
    (``- Luu: VT, KHTH.``) has otherwise, as many letters (PP-OCR too reads ``m`` as ``in``),
    word for word, spelled as read there; Tesseract's
    spacing and stops are kept, and so is a word that differs only by marks (``ĐP``: PP-OCR
    reads no ``Đ``). None when the words do not pair up, or the item holds a Vietnamese word
    in lower case (``Lưu Tổ DA và VT``: PP-OCR would drop its marks)."""
    found = _LUU.search(read)
    if not found:
        return None
    head, rest = item[:3], item[3:]
    if any(c.islower() and not c.isascii() for c in rest):
        return None
    heard = _TOKEN.findall(read[found.end():])
    words = list(_TOKEN.finditer(rest))
    if not words or len(words) != len(heard):
        return None
    out, at = [head], 0
    for word, other in zip(words, heard, strict=True):
        if other.replace("I", "l").islower():
            other = other.replace("I", "l")  # PP-OCR's capital I in initials is an l
        keep = (fold(word.group()) == fold(other) or not other.isascii()
                or len(other) != len(word.group()))  # ``vmthang`` read ``vinthang``: kept
        out.append(rest[at:word.end()] if keep else rest[at:word.start()] + other)
        at = word.end()
    return "".join([*out, rest[at:]])


def _check_title(fv: FieldValue, text: str, _signed: datetime | None) -> FieldValue:
    """A title read in part (``TỊCH``, ``GIÁM ĐỐC`` under a seal that hid ``PHÓ``, ``PHO C ONG``)
    where PP-OCR reads the whole of a known title around it (every letter read, in order, and
    more) takes that title, with a reader's doubt."""
    read, current = plain_letters(text), plain_letters(fv.value)
    titles = [t for t in SIGNER_TITLES if plain_letters(t) == read]
    if read == current or len(titles) != 1 or not holds_in_order(read, current):
        return fv
    log.info("signer's title %s read %s by PP-OCR", fv.value, titles[0])
    title = titles[0] if fv.value.isupper() else titles[0].capitalize()
    return replace(fv, value=title, confidence=min(fv.confidence, READ_CONF), review=True)
