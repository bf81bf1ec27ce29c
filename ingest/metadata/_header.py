"""The page-1 header (Nghị định 30, Phụ lục I): issuer, number, place and date, type, subject.

Columns are told apart by the word boxes: the right column starts where the national motto
(``CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM``) starts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime

from archive_service.records import Word

from ._layout import PageLayout, Segment, join_words
from ._tables import (
    CONFIDENTIALITY,
    DOC_TYPES,
    HEADER_PHRASES,
    NATIONAL_BODY_PHRASES,
    ORGAN_STARTS,
    URGENCY,
)
from ._text import distance, fold, fold_alnum, is_upper_text, ratio, squash

_MOTTO = ["cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam"]
_MOTTO2 = ["doc", "lap", "tu", "do", "hanh", "phuc"]
# on folded text; stray marks before it (``._ Số:``) are skipped
_NUMBER_PREFIX = re.compile(r"^[\s._,'`\"“”\-–—~•]{0,4}(?:s[o60]|5[o6])\s*[:;.,]?\s*", re.IGNORECASE)
# ``V/v`` as OCR reads it: ``V/w``, ``V/y``, ``Vlv``, ``V/`` (its v lost), behind a stray
# quote or speck
_VV = re.compile(r"^[\s“”\"'`.,_~-]*v\s*(?:[/l|1]\s*[vyw]|/(?=\s))\s*[:.,]?\s*", re.IGNORECASE)
_BODY_STARTS = ("can cu", "kinh gui", "thuc hien", "xet de nghi", "theo de nghi")
_SURE_BODY_STARTS = _BODY_STARTS[:2]  # never the start of a subject's line
MOTTO_SHARE = 0.45  # the national motto stands in the top 45% of the page
HEADER_SHARE = 0.4  # without a readable motto, the number and date lines in the top 40%
COLUMN_SPLIT = 0.45  # … and the header's columns split at 45% of the width
HEADER_ROWS = 14  # rows under the motto the header may span
# the columns' boundary is left of the motto, and never right of this share of the page width
# (a motto's first words lost would put it too far right): an issuer's column may take
# more than half the width
MOTTO_LEFT_MOST = 0.55
VV_PAST = 3.0  # line heights a V/v subject's line may run past the left column


@dataclass
class Line(Segment):
    """Text of one column on one row."""

    row: int = 0


@dataclass
class Header:
    """The header of a page: left and right column lines, and where the header ends."""

    layout: PageLayout
    boundary: float
    motto_row: int
    left: list[Line] = field(default_factory=list)
    right: list[Line] = field(default_factory=list)
    end_row: int = 0  # first row below the two columns


def _word_hits(words: list[Word], target: list[str]) -> tuple[int, Word | None]:
    keys = [fold_alnum(w.text) for w in words]
    hits = [i for i, k in enumerate(keys) if k and any(ratio(k, t) >= 0.75 for t in target)]
    return len(hits), (words[hits[0]] if hits else None)


def find_motto(layout: PageLayout) -> tuple[int, float] | None:
    """Row index and left edge of the national motto within the top of the page."""
    limit = layout.height * MOTTO_SHARE
    for i, row in enumerate(layout.rows):
        if row[0].y0 > limit:
            break
        words = [w for s in row for w in s.words]
        n, _ = _word_hits(words, _MOTTO)
        start = _motto_start(words) if n >= 5 else None
        if start is not None:
            word, k = start
            return i, _chain_start(row, word, layout.line_height, "".join(_MOTTO[:k]))
        n2, first2 = _word_hits(words, _MOTTO2)
        if n2 >= 3 and first2 is not None:
            # second line of the motto: the column starts a little left of it
            return max(i - 1, 0), first2.x0 - 0.06 * layout.width
    return None


def _motto_start(words: list[Word]) -> tuple[Word, int] | None:
    """The word where the motto starts and its index in the motto (0, or 1 when the first
    word is split or lost): the best alignment of four words with the motto
    (``HỘI ĐỒNG NHÂN DÂN`` on the left shares words with it but not their order)."""
    keys = [fold_alnum(w.text) for w in words]
    best, best_score = None, 0.0
    for i in range(len(words)):
        for k in (0, 1):  # the first motto word may be split or lost
            score = sum(ratio(keys[i + j], _MOTTO[j + k]) >= 0.75
                        for j in range(4) if i + j < len(keys))
            if score > best_score:
                best, best_score = (words[i], k), score
    return best if best_score >= 3 else None


def _chain_start(row: list[Segment], word: Word, lh: float, before: str) -> float:
    """Left edge of the motto when its first word is split (``CỘ NG HÒA`` in a PDF): the
    pieces just left of ``word`` that spell the end of ``before`` (the motto words not
    matched). The left column's own words (``ĐÀ NẴNG CỘNG HÒA``, touching in a PDF) are not
    pieces of the motto and stop the walk."""
    for seg in row:
        if word in seg.words:
            i = seg.words.index(word)
            spelled = ""
            while i > 0 and word.x0 - seg.words[i - 1].x1 < 0.6 * lh:
                piece = fold_alnum(seg.words[i - 1].text).replace(" ", "")
                if not piece or not before.endswith(piece + spelled):
                    break
                spelled = piece + spelled
                i -= 1
                word = seg.words[i]
            return word.x0
    return word.x0


def _right_date_segment(row: list[Segment], boundary: float) -> Segment | None:
    """The place-and-date segment of a row, alone or beside left-column text, when it starts
    left of the boundary (a typewritten date line is often wider than the motto, a long place
    name too: ``Thừa Thiên Huế, ngày …``)."""
    for prev, seg in zip([None, *row], row, strict=False):
        if ((prev is None or prev.x1 < boundary) and boundary < seg.x1 and seg.center > boundary
                and parse_date_line(seg.text)):
            return seg
    return None


NUMBER_DATE_GAP = 1.0  # line heights between ``Số: …`` and the date line in one segment


def _number_apart_from_date(row: list[Segment], lh: float) -> list[Segment]:
    """``row`` with a segment that holds both the number line and the date line (``Số:
    346/2017/QĐ-UBND`` and ``Quảng Ngãi, ngày …`` less than a segment's gap apart, a long
    number beside a date line starting left of the column boundary) cut in two where a gap of
    ``NUMBER_DATE_GAP`` separates a number line from a date line."""
    out: list[Segment] = []
    for seg in row:
        words = seg.words
        cut = next((k for k in range(1, len(words))
                    if words[k].x0 - words[k - 1].x1 >= NUMBER_DATE_GAP * lh
                    and is_number_line(join_words(words[:k]))
                    and parse_date_line(join_words(words[k:]))), None)
        if cut is None:
            cut = _tight_cut(words)
        out += [seg] if cut is None else [Segment(words[:cut]), Segment(words[cut:])]
    return out


def _tight_cut(words: list[Word]) -> int | None:
    """Where a number line printed a word's space from the date line (a long number in a
    narrow column, set tight in a PDF) ends: after the first word that completes a number with
    its slash, when a date line follows starting with a place's word (one in lower case
    letters: the symbol's parts are capitals) or ``TP.``."""
    for k in range(2, len(words)):
        rest = number_rest(join_words(words[:k]))
        place = words[k].text
        if rest and "/" in rest and (
                any(c.islower() for c in place) or fold(place).rstrip(".") in ("tp", "tx")):
            return k if parse_date_line(join_words(words[k:])) else None
    return None


def _number_beside_date(row: list[Segment]) -> bool:
    """The row is the number line and the date line side by side (the number may run a little
    past the column boundary)."""
    return len(row) == 2 and is_number_line(row[0].text) and parse_date_line(row[1].text) is not None


def _split_row(row: list[Segment], boundary: float, lh: float) -> tuple[list[Word], list[Word]]:
    left: list[Word] = []
    right: list[Word] = []
    date_seg = _right_date_segment(row, boundary)
    for seg in row:
        if seg is date_seg:
            right.extend(seg.words)
        elif seg.x0 < boundary - 2 * lh and seg.x1 > boundary + 2 * lh:
            for w in seg.words:
                (left if (w.x0 + w.x1) / 2 < boundary else right).append(w)
        else:
            (left if seg.center < boundary else right).extend(seg.words)
    return left, right


def _crosses(row: list[Segment], boundary: float, lh: float) -> bool:
    """True when text runs across the column boundary (a centred title, a body line): two
    words close together, the second's middle past it (``THƯƠNG BINH VÀ XÃ``, whose last
    word ends a hair past it, is the issuer's wrapped line), or a word wide across it."""
    for seg in row:
        for a, b in zip(seg.words, seg.words[1:], strict=False):
            if a.x0 < boundary < (b.x0 + b.x1) / 2 and b.x0 - a.x1 < 0.8 * lh:
                return True
        if any(w.x0 < boundary - 0.2 * lh and w.x1 > boundary + 0.2 * lh for w in seg.words):
            return True
    return False


def number_rest(text: str) -> str | None:
    """What follows ``Số:`` (also read ``S6:``, ``Sô:``, ``Só:``), or None."""
    text = squash(text)
    m = _NUMBER_PREFIX.match(fold_chars(text))
    return text[m.end():] if m else None


# a handwritten number read as a slash, a letter and digits (``/J5`` for 45) before the
# printed slash of the symbol (``/J5/GM-HĐĐT``)
INK_AS_SLASH = re.compile(r"^/[A-Za-z]\d{1,4}(?=/[A-ZĐ]{2})")
# a mark or two where the blank and its slash stand, then the symbol (``@TTr-STC``)
LOST_SLASH = re.compile(r"^[^\w\s/]{1,2}(?P<s>[A-ZĐ][A-Za-zĐđ]{0,4}-[A-ZĐ][\wĐđ.&-]*)$")


_TYPE_ABBREVIATIONS = "|".join(sorted(DOC_TYPES, key=len, reverse=True))
# the symbol behind a slash the OCR read as another mark (``20ƒSYT-NVY``, ``T!GM-SYT``), or
# as a letter glued to the handwritten digits read as letters (``-ZZZZTB-UBND``,
# ``_2ZKH-SNV``) when a type's abbreviation (Phụ lục III) follows it: no printed symbol is a
# letter and another type's abbreviation
MISREAD_SLASH = re.compile(r"(?:[ƒ|⁄!†](?P<s>[A-ZĐ][A-Za-zĐđ]{0,4}-[A-ZĐ][\wĐđ.&-]*)"
                           rf"|[^\s/](?P<typed>(?:{_TYPE_ABBREVIATIONS})-[A-ZĐ][\wĐđ.&-]*))$")


def is_number_line(text: str) -> bool:
    rest = number_rest(text)
    if rest is None:
        return False
    squeezed = re.sub(r"\s+", "", rest)
    return ("/" in rest or bool(re.match(r"\d", rest)) or bool(re.match(r"[A-ZĐ]{1,4}-", rest))
            or bool(LOST_SLASH.match(squeezed)) or bool(MISREAD_SLASH.search(squeezed)))


def opens_with_number_label(text: str) -> bool:
    """The line opens with the label ``Số`` as printed before a number: with its colon, or in
    lower case (``số TÍÏH-kcB``: the ink beside it garbled the rest). An issuer's ``SỞ`` is in
    capitals and has no colon."""
    text = squash(text)
    m = _NUMBER_PREFIX.match(fold_chars(text))
    if m is None:
        return False
    label = text[:m.end()].strip(" ._,'`\"“”-–—~•")
    return any(c in ":;" for c in label) or (len(label) > 1 and label[1].islower())


def is_garbled_number_line(text: str) -> bool:
    """A left-column line beside the date line that may be the number line the OCR garbled
    past reading (``Số: Ø#fxH-sNVv``, ``Số jỞŒ2BG-STC``, ``sẽ Íjcr¬ng``: bold ink beside the
    print puzzles it): after ``Số`` when it was read, a digit or a sign no issuer's line holds
    (``SỞ TÀI CHÍNH``, ``SỞ GD&ĐT`` are issuers' lines)."""
    rest = number_rest(text)
    rest = text if rest is None else rest
    return any(c.isdigit() or not (c.isalpha() or c.isspace() or c in "&.,-") for c in rest)


def find_header(layout: PageLayout) -> Header | None:
    """The header columns when the page has the Nghị định 30 layout, else None."""
    if not layout.rows:
        return None
    lh = layout.line_height
    motto = find_motto(layout)
    if motto is None:
        return _header_without_motto(layout)
    row_i, motto_x = motto
    boundary = min(motto_x - 0.3 * lh, layout.width * MOTTO_LEFT_MOST)
    top = min(s.y0 for s in layout.rows[row_i]) - 1.5 * lh
    header = Header(layout, boundary, row_i)
    start = row_i
    while start > 0 and min(s.y0 for s in layout.rows[start - 1]) >= top:
        start -= 1
    seen_number = seen_vv = False
    i = start
    for i in range(start, len(layout.rows)):
        row = _number_apart_from_date(layout.rows[i], lh)
        vv = seen_number and row[0].x0 < boundary and (
            _VV.match(row[0].text) or seen_vv and len(row) == 1
            and row[0].x1 < boundary + VV_PAST * lh)  # its next line too, a little past
        if i > row_i + 1 and _crosses(row, boundary, lh) and not vv and not (
                not seen_number and (_right_date_segment(row, boundary) or _number_beside_date(row))):
            break
        # a V/v line may run past the column (it is the left column's all the same)
        left, right = ([w for s in row for w in s.words], []) if vv and len(row) == 1 else \
            _split_row(row, boundary, lh)
        if i == row_i:
            left, right = _unglue_motto(left, right)
        if left and header.left and _level_pieces(header.left[-1], left, lh):
            # ``Số:`` and its number read as two lines of one text row: one line
            left = [*header.left.pop().words, *left]
        if left:
            line = Line(sorted(left, key=lambda w: w.x0), i)
            starts = _SURE_BODY_STARTS if seen_vv else _BODY_STARTS  # a V/v subject may
            if seen_number and fold(line.text).startswith(starts):  # go on "thực hiện …"
                break
            seen_vv = seen_vv or (seen_number and bool(_VV.match(line.text)))
            seen_number = seen_number or is_number_line(line.text)
            header.left.append(line)
        if right:
            header.right.append(Line(sorted(right, key=lambda w: w.x0), i))
        if i - row_i > HEADER_ROWS:
            break
    else:
        i = len(layout.rows)
    header.end_row = i
    return header


def _level_pieces(above: Line, words: list[Word], lh: float) -> bool:
    """``words`` and the line ``above`` are two pieces of one text row that OCR read as two
    lines, one of them the number's label (``⁄4BC-STC`` level with ``Số:``): their middles
    less than half a line apart, side by side."""
    mid = (min(w.y0 for w in words) + max(w.y1 for w in words)) / 2
    level = abs(mid - (above.y0 + above.y1) / 2) < 0.5 * lh
    label = number_rest(above.text) is not None or number_rest(words[0].text) is not None
    apart = above.x1 <= min(w.x0 for w in words) or max(w.x1 for w in words) <= above.x0
    return level and label and apart


def _unglue_motto(left: list[Word], right: list[Word]) -> tuple[list[Word], list[Word]]:
    """The motto's first word glued to the issuer's last (``DÂNCỘNG`` / ``HÒA XÃ HỘI …``, the
    columns touching): the issuer's word without it, and ``CỘNG`` given back to the motto. The
    glued word may have fallen on either side of the columns' boundary (``TƯCỘNG``)."""
    if len(right) > 1 and fold_alnum(right[1].text) == "hoa" and _glued_cong(right[0]):
        head, tail = _cut_cong(right[0])
        return [*left, head], [tail, *right[1:]]
    if not left or not right or fold_alnum(right[0].text) != "hoa":
        return left, right
    last = max(left, key=lambda w: w.x1)
    if not _glued_cong(last):
        return left, right
    head, tail = _cut_cong(last)
    return [w if w is not last else head for w in left], [tail, *right]


def _glued_cong(word: Word) -> bool:
    return len(word.text) > 4 and fold(word.text[-4:]) == "cong"


def _cut_cong(word: Word) -> tuple[Word, Word]:
    """``TƯCỘNG`` → ``TƯ``, ``CỘNG`` (widths as their letters' share)."""
    text = word.text
    cut = word.x0 + (word.x1 - word.x0) * (len(text) - 4) / len(text)
    return replace(word, text=text[:-4], x1=cut), replace(word, text=text[-4:], x0=cut)


def _header_without_motto(layout: PageLayout) -> Header | None:
    """Motto unreadable: accept the layout only with both a number line and a date line on top."""
    lh = layout.line_height
    limit = layout.height * HEADER_SHARE
    for i, row in enumerate(layout.rows):
        if row[0].y0 > limit:
            break
        row = _number_apart_from_date(row, lh)
        boundary = layout.width * COLUMN_SPLIT
        left, right = _split_row(row, boundary, lh)
        if left and right and is_number_line(Line(left).text) and parse_date_line(Line(right).text):
            # rebuild with the motto row assumed just above
            header = Header(layout, boundary, max(i - 2, 0))
            for j in range(max(i - 4, 0), min(i + 6, len(layout.rows))):
                if j > i and _crosses(layout.rows[j], boundary, lh):
                    header.end_row = j
                    break
                lw, rw = _split_row(layout.rows[j], boundary, lh)
                if lw:
                    header.left.append(Line(sorted(lw, key=lambda w: w.x0), j))
                if rw:
                    header.right.append(Line(sorted(rw, key=lambda w: w.x0), j))
            else:
                header.end_row = min(i + 6, len(layout.rows))
            return header
    return None


# --- date line -------------------------------------------------------------------------------

# ``ngày`` as OCR reads it in italics (``ngàu``, ``nsàu``, ``ngà``), folded: a word of two to
# four letters starting with ``n``
_NGAY_READ, _N_WORD = r"ng[a-z]{0,2}y", r"n[a-z]{1,3}"
DAY_WORD_READ = re.compile(f"{_NGAY_READ}|{_N_WORD}")
# the day within six characters of ``ngày`` (a handwritten day read as marks: ``ngày. TẾ:
# tháng``), within four of a word that may be ``ngày`` misread (keeps it apart from a place
# name: ``Hà Nam, ngày …``); ``tháng`` may lose its t (``2:háng``, ``V^ háng`` beside the
# ink) or read its th as n before the month's digits (``ngày náng 06``)
_DATE_RE = re.compile(
    rf"^(?P<place>.*?)[\s,.;]*(?:{_NGAY_READ}\s*(?P<d>.{{0,6}}?)|(?<![a-z]){_N_WORD}\s*"
    r"(?P<dn>.{0,4}?))\s*(?:th|h|n(?=[a-z]ng\s*\d))[a-z]?ng\s*(?P<m>.{0,4}?)\s*n[a-z]?m\s*"
    r"(?P<y>\d{3} \d\b|\d \d{3}\b|\S{4})",
    re.IGNORECASE)  # a narrow 1 of the year read apart (``201 1``)
# ``tháng`` lost under the day's ink (``ngày 44... 05 năm 2025``): ``ngày`` itself read, the
# ink read as something after it, the month's one or two digits right before ``năm`` and a
# year of four digits
_DATE_WITHOUT_MONTH_WORD_RE = re.compile(
    rf"^(?P<place>.*?)[\s,.;]*{_NGAY_READ}\s*(?P<d>.{{1,6}}?)\s+(?P<m>\d{{1,2}})\s*n[a-z]?m\s*"
    r"(?P<y>\d{4})\b", re.IGNORECASE)


def fold_chars(text: str) -> str:
    """fold() character by character, keeping positions (for slicing the original)."""
    out = []
    for ch in text:
        f = fold(ch) if ch.strip() else " "
        out.append(f if len(f) == 1 else ch)
    return "".join(out)


@dataclass
class DateParts:
    place: str
    day: str
    month: str
    year: str


FIRST_YEAR = 1945  # the first year a document of the state can bear


def last_year() -> int:
    """The last year a document read today can bear (next year: a date line printed ahead)."""
    return datetime.now().year + 1


def plausible_year(text: str) -> bool:
    """``text`` is four digits of a year a document can bear."""
    return text.isdigit() and len(text) == 4 and FIRST_YEAR <= int(text) <= last_year()


# a number's symbol that ran past the column into the date line (``/Z72017/QĐ-.UBND Quảng
# Ngãi, ngày …``): no place's name holds a slash
_SYMBOL_BEFORE_PLACE = re.compile(r"^(?:\S*/\S*\s+)+")


def parse_date_line(text: str) -> DateParts | None:
    text = squash(text)
    folded = fold_chars(text)
    m = _DATE_RE.search(folded) or _DATE_WITHOUT_MONTH_WORD_RE.search(folded)
    if not m:
        return None
    place = re.sub(r"^(?:[^\w(]|_)+", "", text[: m.end("place")]).rstrip(" ,.;:")  # no mark opens it
    place = _SYMBOL_BEFORE_PLACE.sub("", place)
    day = "d" if m.group("d") is not None else "dn"
    return DateParts(place, text[m.start(day):m.end(day)].strip(),
                     text[m.start("m"):m.end("m")].strip(), text[m.start("y"):m.end("y")].replace(" ", ""))


# --- marks -----------------------------------------------------------------------------------

def match_mark(text: str) -> tuple[str, str] | None:
    """(field, value) when a segment is exactly a confidentiality or urgency mark."""
    if not is_upper_text(text, min_share=0.7):
        return None
    key = fold_alnum(text)
    for table, name in ((CONFIDENTIALITY, "confidentiality"), (URGENCY, "urgency")):
        for printed, value in table.items():
            target = fold_alnum(printed)
            if key == target or (len(target) >= 6 and ratio(key, target) >= 0.85):
                return name, value
    return None


def match_partial_mark(text: str) -> tuple[str, str] | None:
    """(field, value) when a segment is one word in capitals, with its marks, that only one
    mark prints (``TỐC`` of ``HỎA TỐC``: the rest of a stamp lost to its frame or its ink)."""
    if not is_upper_text(text, min_share=0.7):
        return None
    return _MARK_WORDS.get(_letters(text))


def match_near_mark(text: str) -> tuple[str, str] | None:
    """(field, value) when a stamp frame's reading is one letter from one mark and from no
    other (``LKHẦN``: a side of the frame read as a letter; ``THÂN``; ``MÂẦT``), or two
    letters from a mark of ``_FAR_MARK_LETTERS`` or more (``HỎA TẾ``: its last letters worn);
    from a mark of three letters only by one letter more (a form's ``MẪU`` is no ``MẬT``)."""
    if not is_upper_text(text, min_share=0.7):
        return None
    key = fold_alnum(text)
    near = {(name, value) for table, name in ((CONFIDENTIALITY, "confidentiality"),
                                              (URGENCY, "urgency"))
            for printed, value in table.items()
            if _near(key, fold_alnum(printed))}
    return near.pop() if len(near) == 1 else None


_NEAR_MARK_LETTERS = 4  # a mark this long may be read with one letter replaced
_FAR_MARK_LETTERS = 6  # a mark this long (``HỎA TỐC``, ``TỐI MẬT``) with two letters


def _near(key: str, target: str) -> bool:
    letters = len(target.replace(" ", ""))
    apart = distance(key, target)
    return (apart == 1 and (letters >= _NEAR_MARK_LETTERS or len(key) > len(target))
            or apart == 2 and letters >= _FAR_MARK_LETTERS)


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", text).upper() if c.isalpha())


def _mark_words() -> dict[str, tuple[str, str]]:
    """The words of the marks that belong to one mark alone and to no header phrase."""
    words: dict[str, list[tuple[str, str]]] = {}
    for table, name in ((CONFIDENTIALITY, "confidentiality"), (URGENCY, "urgency")):
        for printed, value in table.items():
            for word in printed.split():
                words.setdefault(_letters(word), []).append((name, value))
    common = {_letters(w) for phrase in HEADER_PHRASES for w in phrase.split()}
    return {w: marks[0] for w, marks in words.items()
            if len(marks) == 1 and len(w) >= 3 and w not in common}


_MARK_WORDS = _mark_words()


def _without_specks(line: str) -> str:
    """A header line without the marks OCR reads in the margins and between words (``„``,
    ``ˆ``, ``_``, a lone ``.``): tokens with no letter or digit, but for ``-`` and ``&``, and
    whatever has no letter at its start; marks glued before a word (``-.:UBND``; inside the
    line a rule alone is kept: ``-CÔNG ĐOÀN``; ``&`` and brackets always; a quote goes: no
    agency's name in a header is quoted), a colon after one (``GIANG:``: no agency's name has
    one) and a stop after a word of three letters or more inside the line (``MUA. THUỐC``, also
    ``THCS.``; ``TP.``, ``Q.`` keep theirs)."""
    tokens = [(_GLUED_BEFORE if k else _MARKS_BEFORE).sub("", t).rstrip(":")
              for k, t in enumerate(line.split())]
    tokens = [t[:-1] if k + 1 < len(tokens) and re.fullmatch(r"\w{3,}\.", t) else t
              for k, t in enumerate(tokens)]
    kept = [t for t in tokens if any(_is_letter_or_digit(c) for c in t) or t in ("-", "–", "&")]
    while kept and (kept[0] in ("-", "–", "&") or not any(c.isalpha() for c in kept[0])):
        kept.pop(0)  # no agency's name begins with a rule or a number (``44” UBND …``)
    while kept and kept[-1] in ("&",):
        kept.pop()
    return " ".join(kept)


_MARKS_BEFORE = re.compile(r"^[^\w(&]+(?=\w)")  # marks glued before a word …
_GLUED_BEFORE = re.compile(r"^(?![-–]\w)[^\w(&]+(?=\w)")  # … inside a line: not a rule alone

# A parent body that names its territory: ``UBND TỈNH KIÊN GIANG``, ``ỦY BAN NHÂN DÂN HUYỆN …``
_TERRITORIAL = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+(?:tinh|thanh pho|tp\.?|huyen|quan"
                          r"|thi xa|xa|phuong)\s+(?=\S)")
# a line ending in an administrative level (``ỦY BAN NHÂN DÂN HUYỆN`` / ``PHONG ĐIỀN``) goes on
# with the territory's name, whatever that name folds like
_LEVELS = (" tinh", " huyen", " thanh pho", " quan", " thi xa", " xa", " phuong", " thi tran")
_SUBORDINATE = ("so", "phong", "ban", "trung tam", "benh vien", "chi cuc", "van phong", "thanh tra")


def _split_merged(line: str) -> list[str]:
    """A parent body and its issuing body read as one line (``UBND TỈNH KIÊN GIANG SỞ Y TẾ``,
    the two lines close together or a rule between them): split before the issuing body, once
    the territory has a name of at least one word."""
    tokens = line.split()
    unit = _TERRITORIAL.match(fold(line))
    if not unit:
        return [line]
    for k in range(len(unit.group().split()) + 1, len(tokens) - 1):
        if tokens[k] in ("-", "–", ","):
            continue
        rest = fold(" ".join(tokens[k:]))
        if any(rest.startswith(o + " ") for o in _SUBORDINATE):
            return [" ".join(tokens[:k]).rstrip(" -–,"), " ".join(tokens[k:])]
    return [line]


def _is_letter_or_digit(char: str) -> bool:
    """Letters and digits, not modifier marks OCR reads alone (``ˆ`` is a "letter" to Python)."""
    return unicodedata.category(char) in ("Lu", "Ll", "Lt", "Lo", "Nd")


_LINE_END = " -–.,;:"  # a name ends in a letter: these at its end are the rule or specks
# a national body's name wrapped onto two lines is one issuer (``THỦ TƯỚNG`` / ``CHÍNH PHỦ``,
# ``ỦY BAN THƯỜNG VỤ`` / ``QUỐC HỘI``), though its second line starts like an organ
_NATIONAL_NAMES = frozenset(fold(p) for p in NATIONAL_BODY_PHRASES if " " in p)


def split_issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(parent_issuer, issuer) from the upper-case lines above the number."""
    blocks: list[list[str]] = []
    for line in [part for ln in lines for part in _split_merged(_without_specks(ln))]:
        if not line:
            continue
        key = fold(line)
        # a one-word organ alone on a line is the end of a wrapped name (``SỞ TÀI NGUYÊN VÀ
        # MÔI`` / ``TRƯỜNG``, ``… VÀ XÃ`` / ``HỘI``); a longer one may be the whole name of a
        # body under its parent (``VĂN PHÒNG``, ``THANH TRA``, ``CHÍNH PHỦ``)
        starts_organ = any(key.startswith(fold(o) + " ") or (key == fold(o) and " " in key)
                           for o in ORGAN_STARTS)
        # a name wrapped after "VÀ" or "," goes on; after "-" only when no organ follows
        # (``BÀ RỊA -`` / ``VŨNG TÀU``, but not ``UBND TỈNH VĨNH LONG -`` / ``SỞ TÀI CHÍNH``)
        spelled_organ = any(line.upper().startswith(o.upper() + " ") for o in ORGAN_STARTS)
        joined = blocks and (blocks[-1][-1].rstrip().endswith(("VÀ", ",")) or (
            fold(blocks[-1][-1]).rstrip(_LINE_END).endswith(_LEVELS) and not spelled_organ)
            or fold(" ".join([*blocks[-1], line])).rstrip(_LINE_END) in _NATIONAL_NAMES)
        if blocks and (not starts_organ or joined):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    if not blocks:
        return None, None
    issuer = _one_name(blocks[-1])
    parent = " ".join(_one_name(b) for b in blocks[:-1]) or None
    return parent, issuer


def _one_name(lines: list[str]) -> str:
    """A name's lines joined: a stop after a word at a line's end goes (``MUA.`` / ``THUỐC``),
    as does a rule before an administrative level (``ỦY BAN NHÂN DÂN -`` / ``TỈNH …``,
    ``SỞ Y TẾ-TỈNH``: a rule's piece read at the break; ``BÀ RỊA - VŨNG TÀU`` keeps its own)."""
    parts = [_STOP_AFTER_WORD.sub("", line) if k + 1 < len(lines) else line
             for k, line in enumerate(lines)]
    return _RULE_BEFORE_LEVEL.sub(" ", " ".join(parts).rstrip(_LINE_END))


_STOP_AFTER_WORD = re.compile(r"(?<=\w{3})\.$")  # ``MUA.``, not ``TP.``
_RULE_BEFORE_LEVEL = re.compile(r"\s*[-–]\s*(?=(?:TỈNH|HUYỆN|THÀNH PHỐ|QUẬN|THỊ XÃ|XÃ|PHƯỜNG"
                                r"|THỊ TRẤN)\b)")
