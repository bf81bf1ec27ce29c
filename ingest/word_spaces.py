"""Spaces Tesseract lost after a comma, a semicolon or an abbreviation's stop, found again in
the page's ink.

Tesseract reads ``Lưu: VT, NS.`` as one word ``VT,NS.`` when the space after the comma is
narrow, while some typists print ``VT,TCCB`` with no space at all: only the image tells the two
apart. Inside such a word the columns holding ink are cut into pieces; a gap just after the
mark's place at least ``SPACE_GAP`` of the word's height wide is a printed space, and the word
is cut there.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

import numpy as np

from archive_service.records import Word

# a comma or semicolon between two letters (``VT,NS``; never ``1,5``), or the stop of an
# abbreviation in capitals before a capital (``VP.Tỉnh``, ``TT.Huyện``; never ``P.TCCB``)
JOINED = re.compile(r"(?<=[^\W\d_])[,;](?=[^\W\d_])|(?<=[A-ZĐ]{2})\.(?=[A-ZĐ])")
# measured on the tuning sets: printed spaces .32–.44 of the word's height, marks printed
# without a space .08–.17
SPACE_GAP = 0.25
MARK_LOW = 0.5  # a comma or a stop: ink only below this (of the word's height) at its right end
# a piece of ink shorter than ``SPECK`` of the word's height that starts below ``TOP`` is no
# letter (dust, an ``r``'s ear): the space after a mark runs to the next letter
SPECK, TOP = 0.3, 0.15
REACH = 1.5  # the mark's end is looked for this many characters' widths about its place


def split_at_spaces(word: Word, ink: np.ndarray) -> list[Word]:
    """``word`` cut after each comma, semicolon or stop (``JOINED``) whose printed space the
    page's ink (a boolean array in page coordinates) shows; ``[word]`` when there is none."""
    marks = [m.start() for m in JOINED.finditer(word.text)]
    if not marks:
        return [word]
    x0, y0 = max(0, round(word.x0)), max(0, round(word.y0))
    crop = ink[y0:round(word.y1), x0:round(word.x1)]
    if crop.shape[0] < 4 or crop.shape[1] < 4:
        return [word]
    pieces = _pieces(crop)
    per_char = crop.shape[1] / len(word.text)
    cuts: list[tuple[int, int, int]] = []  # (index after the mark, gap start, gap end)
    for at in marks:
        space = _space_after(pieces, crop.shape[0], (at + 1) * per_char, REACH * per_char)
        if space and space[1] - space[0] >= SPACE_GAP * crop.shape[0]:
            cuts.append((at + 1, *space))
    return _cut(word, cuts, x0) if cuts else [word]


class _Piece(NamedTuple):
    """A run of columns holding ink in a word's box."""

    start: int
    end: int
    top: int  # its highest row of ink
    bottom: int  # its lowest
    ends_low: bool  # its last column holds ink only low, as a comma's or a stop's does


def _pieces(crop: np.ndarray) -> list[_Piece]:
    """The runs of columns holding ink, left to right."""
    height = crop.shape[0]
    columns = np.flatnonzero(crop.any(axis=0))
    if not len(columns):
        return []
    breaks = np.flatnonzero(np.diff(columns) > 1)
    starts = np.concatenate(([columns[0]], columns[breaks + 1]))
    ends = np.concatenate((columns[breaks] + 1, [columns[-1] + 1]))
    out = []
    for a, b in zip(starts, ends, strict=True):
        rows = np.flatnonzero(crop[:, a:b].any(axis=1))
        last = np.flatnonzero(crop[:, b - 1])
        out.append(_Piece(int(a), int(b), int(rows[0]), int(rows[-1]), bool(last[0] >= MARK_LOW * height)))
    return out


def _space_after(pieces: list[_Piece], height: int, place: float, reach: float
                 ) -> tuple[int, int] | None:
    """The blank stretch (start, end columns) from the end of the mark nearest ``place`` to the
    next letter; None when no piece ends as a mark there."""
    ends = [i for i, p in enumerate(pieces[:-1]) if p.ends_low and abs(p.end - place) <= reach]
    if not ends:
        return None
    mark = min(ends, key=lambda i: abs(pieces[i].end - place))
    letter = next((p for p in pieces[mark + 1:]
                   if p.bottom - p.top + 1 >= SPECK * height or p.top <= TOP * height), None)
    return (pieces[mark].end, letter.start) if letter else None


def _cut(word: Word, cuts: list[tuple[int, int, int]], x0: int) -> list[Word]:
    """The parts of ``word`` between the cuts, each with its own box."""
    parts, start, left = [], 0, word.x0
    for index, gap_start, gap_end in cuts:
        parts.append(replace(word, text=word.text[start:index], x0=left, x1=float(x0 + gap_start)))
        start, left = index, float(x0 + gap_end)
    parts.append(replace(word, text=word.text[start:], x0=left))
    return parts
