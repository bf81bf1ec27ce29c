"""Layout from word boxes: lines split into segments at wide gaps, and the page's columns.

OCR merges the two header columns line by line; the boxes show where one ends and the
other begins. Pages read from a PDF text layer have no line numbers worth trusting, so
their lines are rebuilt from the boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from archive_service.records import Page, Word

from ._text import squash

TEXT_LAYER_CONF = 100.0  # a word of a PDF's text layer (OCR words are never this sure)


def join_words(words: list[Word]) -> str:
    """Words of one line as text; pieces touching each other are one word: in a PDF's text
    layer (a subscript, a font change: ``KGVX`` + ``VHTin507.``), and where the OCR read a
    mark apart (``2017.`` + ``tại``: a speck). Letters the OCR read as two words stay two
    words however close (a bold name's narrow space: ``Hoàng Anh``)."""
    out: list[str] = []
    prev: Word | None = None
    for w in words:
        touching = (prev is not None and 0 <= w.x0 - prev.x1 < 0.05 * (prev.y1 - prev.y0)
                    and (min(w.conf, prev.conf) >= TEXT_LAYER_CONF
                         or not (prev.text[-1:].isalnum() and w.text[:1].isalnum())))
        if touching and out:
            out[-1] += w.text
        else:
            out.append(w.text)
        prev = w
    return squash(" ".join(out))


@dataclass
class Segment:
    """Words of one line that sit together (no wide gap between them)."""

    words: list[Word]

    @property
    def text(self) -> str:
        return join_words(self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def height(self) -> float:
        return median(w.y1 - w.y0 for w in self.words)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def conf(self) -> float:
        return min(w.conf for w in self.words) if self.words else 0.0

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass
class PageLayout:
    """A page as rows (top to bottom) of segments (left to right)."""

    page: Page
    rows: list[list[Segment]]
    line_height: float

    @property
    def width(self) -> float:
        return self.page.width or max((s.x1 for r in self.rows for s in r), default=1.0)

    @property
    def height(self) -> float:
        return self.page.height or max((s.y1 for r in self.rows for s in r), default=1.0)

    def segments(self) -> list[Segment]:
        return [s for row in self.rows for s in row]

    @property
    def text_width(self) -> float:
        """The width of the text block, left margin to right margin: what a body line spans.
        Less than the page's on a photo (the table around the sheet) or a wide-margined page.
        Body lines are most rows; the tenth of the rows reaching furthest out on either side
        is left aside (specks, a stamp in the margin)."""
        if not self.rows:
            return self.width
        lefts = sorted(min(s.x0 for s in row) for row in self.rows)
        rights = sorted(max(s.x1 for s in row) for row in self.rows)
        k = len(self.rows) // 10
        return max(rights[-1 - k] - lefts[k], 0.0) or self.width


def _rows_from_line_ids(words: list[Word]) -> list[list[Word]]:
    groups: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        groups.setdefault((w.block, w.line), []).append(w)
    return list(groups.values())


def _rows_from_geometry(words: list[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        mid = (w.y0 + w.y1) / 2
        if rows:
            last = rows[-1]
            top = median(x.y0 for x in last)
            bottom = median(x.y1 for x in last)
            if top <= mid <= bottom:
                last.append(w)
                continue
        rows.append([w])
    return rows


def _is_noise(word: Word) -> bool:
    return not any(c.isalnum() for c in word.text) and word.text not in {"-", "–", "—", "+"}


def build_layout(page: Page, *, gap_factor: float = 1.8) -> PageLayout:
    """Rows of segments; a segment ends where the gap exceeds ``gap_factor`` word heights."""
    words = [w for w in page.words if w.text.strip() and w.x1 > w.x0 and w.y1 > w.y0]
    if not words:
        return PageLayout(page, [], 0.0)
    ids = {(w.block, w.line) for w in words}
    raw = _rows_from_line_ids(words) if page.source == "ocr" and len(ids) > 1 else \
        _rows_from_geometry(words)
    heights = [w.y1 - w.y0 for w in words if any(c.isalpha() for c in w.text)]
    line_height = median(heights) if heights else median(w.y1 - w.y0 for w in words)
    rows: list[list[Segment]] = []
    for row in raw:
        row = sorted(row, key=lambda w: w.x0)
        segs: list[list[Word]] = [[row[0]]]
        for prev, w in zip(row, row[1:], strict=False):
            if w.x0 - prev.x1 > gap_factor * line_height:
                segs.append([w])
            else:
                segs[-1].append(w)
        kept = [Segment(s) for s in segs if not all(_is_noise(w) for w in s)]
        if kept:
            rows.append(kept)
    rows.sort(key=lambda r: median(s.y0 for s in r))
    return PageLayout(page, rows, line_height)


def share_covered(word: Word, other: Word) -> float:
    """The share of ``word``'s box that ``other``'s box covers."""
    dx = min(word.x1, other.x1) - max(word.x0, other.x0)
    dy = min(word.y1, other.y1) - max(word.y0, other.y0)
    area = (word.x1 - word.x0) * (word.y1 - word.y0)
    return max(dx, 0) * max(dy, 0) / area if area > 0 else 0.0
