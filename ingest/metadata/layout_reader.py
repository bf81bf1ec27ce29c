"""The Nghị định 30 layout of a document, read once from its pages' word boxes.

One model of the layout for every reader of a region: field extraction (``_assemble``), the
second looks at the foot in OCR repair (``ingest/ocr_repair.py``) and the handwritten-digit
reader (``ingest/handwriting.py``) all ask :func:`read_layout`; none locates the header, the
number line, the date line or the foot again with thresholds of its own. The words may come
from OCR or from a PDF's text layer: one coordinate system, the page's.

The model, top to bottom: the two header columns (issuer lines above the number line on the
left, the motto and the place-and-date line on the right), the ``V/v`` subject of a công văn,
the type title and the subject block under it, the marks (``MẬT``, ``KHẨN``), the body, and
the foot (the ``Nơi nhận:`` column and the signature block beside it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from archive_service.records import Page, Word

from ._header import (
    _BODY_STARTS,
    _SURE_BODY_STARTS,
    _VV,
    Header,
    Line,
    find_header,
    is_garbled_number_line,
    is_number_line,
    match_mark,
    match_partial_mark,
    opens_with_number_label,
    parse_date_line,
)
from ._layout import PageLayout, Segment, build_layout, share_covered
from ._lexicon import TITLES_BY_FOLD, match_doc_type
from ._signature import RIGHT_COLUMN, Foot, find_foot
from ._text import fold, fold_alnum, is_upper_text, squash

TITLE_SEARCH_ROWS = 8  # rows under the number line where the type title may stand
SUBJECT_ROWS = 6  # rows under the title the subject may span
CENTRED = 0.04  # share of the page width a centred line's middle may be off
# Lines of one paragraph sit closer than this (in word heights: −0.5 to 0.6 measured on real
# scans); the enacting authority's line under a subject (``BỘ TRƯỞNG BỘ …``) sits 1.2–3.7 below.
PARAGRAPH_GAP = 0.9
BODY_WIDTH = 0.6  # share of the page width a body line spans (a subject line is centred, shorter)
# … or of the text block's width (PageLayout.text_width; the text block is about 0.77 of an
# A4 page): on a photo the sheet fills only part of the image
BODY_BLOCK_WIDTH = 0.78
VV_GAP = 1.6  # line heights between two lines of a V/v subject (more ends it)
MARKS_SHARE = 0.5  # marks (MẬT, KHẨN) stand in the top half of the page
SIGNATURE_ABOVE = 1.5  # line heights above ``Nơi nhận`` where the signature block may begin
SIGNATURE_LINES = 20  # line heights below ``Nơi nhận`` the signature block may span
LIST_CLEARANCE = 0.3  # line heights between the list's right edge and the signature block
_DEBRIS_CONF = 60.0  # words past a wide gap read below this on average: a stamp's text


@dataclass
class TitleLine:
    """The type title (``QUYẾT ĐỊNH``) centred under the header."""

    row: int
    doc_type: str
    score: float
    segments: list[Segment]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.segments[0].box


@dataclass
class Mark:
    field: str  # ``confidentiality`` or ``urgency``
    value: str
    segment: Segment
    partial: bool = False  # one word of the mark read (``TỐC``), the rest lost


@dataclass
class DocumentLayout:
    """Where each part of the Nghị định 30 layout is, for a whole document."""

    pages: list[PageLayout]
    header_page: int | None = None  # index in ``pages`` of the page with the header
    header: Header | None = None
    number_index: int | None = None  # index in ``header.left`` of the ``Số:`` line
    date_line: Line | None = None
    vv_lines: list[Line] = field(default_factory=list)
    title: TitleLine | None = None
    subject: list[Segment] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    foot: Foot | None = None

    @property
    def number_line(self) -> Line | None:
        if self.header is None or self.number_index is None:
            return None
        return self.header.left[self.number_index]

    @property
    def issuer_lines(self) -> list[Line]:
        """Left-column lines above the number line (the first three when it is missing),
        the issuer and its parent among them."""
        if self.header is None:
            return []
        left = self.header.left
        lines = left[:self.number_index] if self.number_index is not None else left[:3]
        return _without_twice_read([_without_speck_letters(ln) for ln in lines])


SPECK_HEIGHT = 0.4  # of the line's letters: a word this much shorter is a speck …
SPECK_CONF = 30.0  # … when read below this (Tesseract's letters for the paper's shading)


def _without_speck_letters(line: Line) -> Line:
    """``line`` without the specks OCR read as letters (``U`` at 0, 7 pixels high, in a
    line of capitals 45 high: the height of the words read surely)."""
    sure = [w.y1 - w.y0 for w in line.words if w.conf >= SPECK_CONF]
    if not sure:
        return line
    words = [w for w in line.words if w.conf >= SPECK_CONF
             or w.y1 - w.y0 >= SPECK_HEIGHT * median(sure)]
    return line if len(words) == len(line.words) else Line(words, line.row)


TWICE_READ = 0.5  # share of a word's box another word of the same text covers: one word read twice


def _without_twice_read(lines: list[Line]) -> list[Line]:
    """The lines without one whose every word Tesseract returned twice, the second reading a
    line of its own over the first (``SỞ NỘI VỤ`` / ``NỘI``, both boxes on one word)."""
    def read_twice(line: Line) -> bool:
        others = [w for ln in lines if ln is not line and len(ln.words) > len(line.words)
                  for w in ln.words]
        return all(any(o.text == w.text and share_covered(w, o) >= TWICE_READ for o in others)
                   for w in line.words)

    return [ln for ln in lines if not read_twice(ln)]


def read_layout(pages: list[Page]) -> DocumentLayout:
    """The layout of a document: the header on the first page that has one, the title and
    subject under it, and the first foot from that page on (from the first page when no page
    has a header, as a foot is read again page by page during OCR)."""
    layouts = [build_layout(p) for p in pages]
    model = DocumentLayout(layouts)
    for i, layout in enumerate(layouts):
        header = find_header(layout)
        if header is not None:
            model.header_page, model.header = i, header
            _read_header_lines(model, header)
            _read_title_and_subject(model, header)
            model.marks = _find_marks(layout)
            break
    model.foot = find_foot(layouts, model.header_page or 0)
    return model


def words_level_with(page: Page, word: Word) -> list[Word]:
    """Every word of the page on the word's text row, both columns (the number line shares its
    row with the date line), left to right: same OCR line, or across the word's middle."""
    mid = (word.y0 + word.y1) / 2
    level = [w for w in page.words if w.line == word.line or w.y0 < mid < w.y1]
    return sorted(level, key=lambda w: w.x0)


def read_page_layout(page: Page) -> DocumentLayout:
    """The layout of one page (as OCR repair sees it, page by page)."""
    return read_layout([page])


def _read_header_lines(model: DocumentLayout, header: Header) -> None:
    model.date_line = next((ln for ln in header.right if parse_date_line(ln.text)), None)
    model.number_index = _number_index(header.left, model.date_line)
    model.vv_lines = vv_lines(header.left, model.number_index, header.layout.line_height)


LABEL_ROWS = 1  # rows between the date line and a number line known by its label alone


def _number_index(left: list[Line], date_line: Line | None) -> int | None:
    """The index of the ``Số:`` line in the left column: the first read as one, else the line
    beside the date line that the OCR garbled past reading, ``Số`` with it or not, else a line
    a row from the date line that opens with the label ``Số`` (the handwriting reader reads
    them again from the image)."""
    found = next((i for i, ln in enumerate(left) if is_number_line(ln.text)), None)
    if found is not None or date_line is None:
        return found
    garbled = (i for i, ln in enumerate(left)
               if ln.row == date_line.row and is_garbled_number_line(ln.text))
    labelled = (i for i, ln in enumerate(left)
                if abs(ln.row - date_line.row) <= LABEL_ROWS and opens_with_number_label(ln.text))
    found = next(garbled, None)
    return found if found is not None else next(labelled, None)


def vv_lines(left: list[Line], num_idx: int | None, lh: float) -> list[Line]:
    """The ``V/v`` subject of a công văn and its continuation lines: under the number, or
    anywhere in the left column when the number line was garbled."""
    out: list[Line] = []
    for ln in left[num_idx + 1 if num_idx is not None else 0:]:
        if _VV.match(ln.text):
            out = [ln]  # a later V/v line: the one before was a garbled merge
            continue
        if not out:
            continue
        if (match_mark(ln.text) or fold(ln.text).startswith(_SURE_BODY_STARTS)
                or ln.y0 - out[-1].y1 > VV_GAP * lh):
            break  # (a line of the column starting "thực hiện …" goes on the subject)
        out.append(ln)
    return out


# --- type title and subject -----------------------------------------------------------------

def row_at_center(layout: PageLayout, row_i: int, cx: float | None = None, slack: float = 1.0
                  ) -> tuple[str, list[Segment]]:
    """The segments of a row within ``slack`` line heights of the centre (the page's middle
    unless ``cx`` is given), and their text."""
    cx = layout.width / 2 if cx is None else cx
    reach = slack * layout.line_height
    segs = [s for s in layout.rows[row_i] if s.x0 - reach < cx < s.x1 + reach]
    return squash(" ".join(s.text for s in segs)), segs


def _read_title_and_subject(model: DocumentLayout, header: Header) -> None:
    layout = header.layout
    line = model.number_line
    start = (line.row + 1) if line is not None else header.motto_row + 2
    for ri in range(start, min(start + TITLE_SEARCH_ROWS, len(layout.rows))):
        # a short title (CHỈ THỊ) centred on the text block may stand right of the middle
        text, segs = row_at_center(layout, ri, slack=3.0)
        if not segs:
            continue
        if fold(text).startswith(_BODY_STARTS):
            break
        if not is_upper_text(text, min_share=0.7):
            continue
        name, score = match_doc_type(text)
        if name:
            model.title = TitleLine(ri, name, score, segs)
            issuer = " ".join(ln.text for ln in model.issuer_lines)
            model.subject = subject_below_title(layout, ri, issuer)
            return


def subject_below_title(layout: PageLayout, title_row: int, issuer: str = "") -> list[Segment]:
    """The centred lines under the title, each without debris at its sides (an arrival
    stamp's text beside it). They are centred on the page's middle, or on the title when the
    title stands clearly off it (centred on a text block with a wide left margin); a line
    centred on the title though not on the middle also counts. The enacting authority (a
    title and the ``issuer``'s name) is never the subject, however close under it."""
    lh = layout.line_height
    _, title_segs = row_at_center(layout, title_row, slack=3.0)
    title_cx = cx = (min(s.x0 for s in title_segs) + max(s.x1 for s in title_segs)) / 2
    if abs(cx - layout.width / 2) <= CENTRED * layout.width:
        cx = layout.width / 2
    body = body_line_width(layout)
    out: list[Segment] = []
    prev_y1 = max(s.y1 for s in layout.rows[title_row])
    for ri in range(title_row + 1, min(title_row + 1 + SUBJECT_ROWS, len(layout.rows))):
        if _marks_row(layout.rows[ri], lh):
            continue  # specks (a dash of the rule under the title), marks read apart
        _, segs = row_at_center(layout, ri, cx)
        words = _centred_words([w for s in segs for w in s.words], cx, lh, layout.width)
        if not words and cx != title_cx:  # centred on the title (the text block's axis) …
            words = _centred_words([w for s in segs for w in s.words], title_cx, lh, layout.width)
            if out and words and min(w.y0 for w in words) - prev_y1 > PARAGRAPH_GAP * lh:
                words = []  # … only within the subject's own paragraph
        if not words:
            break
        seg = Segment(words)
        gap = seg.y0 - prev_y1
        if gap > (2.2 if not out else 1.5) * lh:
            break
        if _starts_body(seg.text, seg.x1 - seg.x0, body) or (
                out and is_upper_text(seg.text, min_share=0.9)
                and (not _continues_capitals(out, seg, gap, lh)
                     or _enacting_authority(seg.text, issuer))) or (
                out and gap > PARAGRAPH_GAP * lh and seg.x1 - seg.x0 > body):
            break  # the body, the enacting authority, or a new paragraph as wide as the body
        out.append(seg)
        prev_y1 = seg.y1
    return out


def _marks_row(row: list[Segment], lh: float) -> bool:
    """A row of specks (no word of two letters nor of three digits: a dash of the rule under
    the title, ``P4 x`` from a photo's grain), or of marks lower than half a line each, one
    character apiece (``^ A ~ 2 x``: the tone marks and hats of the next line's capitals, read
    as a line of their own)."""
    words = [w for s in row for w in s.words]
    return not any(sum(c.isalpha() for c in w.text) >= 2 or sum(c.isdigit() for c in w.text) >= 3
                   for w in words) or all(
        len(w.text) == 1 and w.y1 - w.y0 < 0.5 * lh for w in words)


def _continues_capitals(subject: list[Segment], seg: Segment, gap: float, lh: float) -> bool:
    """A line in capitals goes on a subject printed in capitals (``BAN HÀNH QUY CHẾ …`` /
    ``TRÊN ĐỊA BÀN TỈNH`` / ``THANH HÓA``) when it follows within the paragraph's spacing; after
    a subject in sentence case it is the enacting authority's line."""
    return is_upper_text(subject[0].text, min_share=0.9) and gap <= PARAGRAPH_GAP * lh


def _enacting_authority(text: str, issuer: str) -> bool:
    """``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH``: a known signer's title, then two words or more
    of the issuer's name as the header prints it (the authority that enacts a decision)."""
    key, name = fold_alnum(text), f" {fold_alnum(issuer)} "
    for title in TITLES_BY_FOLD:
        rest = key[len(title) + 1:] if key.startswith(title + " ") else ""
        if len(rest.split()) >= 2 and f" {rest} " in name:
            return True
    return False


def _centred_words(words: list, cx: float, lh: float, width: float) -> list:
    """The words of a row centred on ``cx``, once debris at its ends is cut off (words read
    at a mean confidence below 60 past a wide gap: an arrival stamp's text); [] when not."""
    words = sorted(words, key=lambda w: w.x0)
    gaps = [i for i in range(1, len(words)) if words[i].x0 - words[i - 1].x1 >= 0.5 * lh]
    starts = [0] + [i for i in gaps if _debris(words[:i])]
    ends = [len(words)] + [i for i in gaps if _debris(words[i:])]
    runs = sorted((words[a:b] for a in starts for b in ends if b > a), key=len, reverse=True)
    for run in runs:
        if abs((run[0].x0 + max(w.x1 for w in run)) / 2 - cx) <= CENTRED * width:
            return _strip_marks(run) if len(run) < len(words) else run
    return []


def _strip_marks(words: list) -> list:
    """Without lone marks (a stamp's ``|``) at the ends."""
    alnum = [i for i, w in enumerate(words) if any(c.isalnum() for c in w.text)]
    return words[alnum[0]:alnum[-1] + 1] if alnum else []


def _debris(words: list) -> bool:
    return sum(w.conf for w in words) / len(words) < _DEBRIS_CONF


def body_line_width(layout: PageLayout) -> float:
    """Wider than this, a line is the body's: ``BODY_WIDTH`` of the page, or less when the
    text block is narrower than the page suggests (a photo of the sheet)."""
    return min(BODY_WIDTH * layout.width, BODY_BLOCK_WIDTH * layout.text_width)


def _starts_body(text: str, width: float, body_width: float) -> bool:
    """A body paragraph, not the subject: ``Căn cứ``/``Kính gửi`` always; ``Thực hiện …``
    only in sentence case on a line as wide as the body (a subject may begin ``Thực hiện
    công tác …``)."""
    key = re.sub(r"^[\W_]+", "", fold(text))  # a speck before it (`` ` Thực hiện``)
    if key.startswith(_SURE_BODY_STARTS):
        return True
    if is_upper_text(text, min_share=0.9):
        return False  # a subject in capitals (``THỰC HIỆN QUY TRÌNH …``): the body never is
    return key.startswith(_BODY_STARTS) and width > body_width


def _find_marks(layout: PageLayout) -> list[Mark]:
    """``MẬT``, ``KHẨN`` and their grades in the top half of the page, the first of each."""
    marks: dict[str, Mark] = {}
    for row in layout.rows:
        for seg in row:
            if seg.y0 > layout.height * MARKS_SHARE:
                return list(marks.values())
            mark = match_mark(seg.text)
            if mark and (mark[0] not in marks or marks[mark[0]].partial):
                marks[mark[0]] = Mark(mark[0], mark[1], seg)
            elif (part := match_partial_mark(seg.text)) and part[0] not in marks:
                marks[part[0]] = Mark(part[0], part[1], seg, partial=True)
    return list(marks.values())


# --- the foot --------------------------------------------------------------------------------

def foot_anchor(foot: Foot | None) -> Word | None:
    """The first word of the foot's first row (``Nơi`` of ``Nơi nhận:``): its height is the
    foot's line height."""
    if foot is None or not foot.recipients:
        return None
    return min(foot.recipients[0].words, key=lambda w: w.x0)


def foot_words(foot: Foot) -> list[Word]:
    """The words of the recipients list, ``Nơi nhận:`` included."""
    return [w for ln in foot.recipients for w in ln.words]


def signature_area(foot: Foot, anchor: Word, width: float) -> tuple[float, float, float, float]:
    """Where the signature block may stand, read or not: right of the list and of
    ``RIGHT_COLUMN``, from just above ``Nơi nhận`` down ``SIGNATURE_LINES`` line heights."""
    lh = anchor.y1 - anchor.y0
    list_right = max((w.x1 for w in foot_words(foot)), default=0) + LIST_CLEARANCE * lh
    left = max(RIGHT_COLUMN * width, list_right)
    return (left, anchor.y0 - SIGNATURE_ABOVE * lh, width, anchor.y0 + SIGNATURE_LINES * lh)
