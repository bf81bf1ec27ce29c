"""Page layout in PDF points (A4), shared by the raster and the PDF back ends.

A document spec (see docs.py) is laid out into Page objects: a list of drawing ops
(text runs at baseline positions, rules, frames, images) plus the truth lines
(every printed word, in reading order).  Both back ends draw exactly these ops,
so the truth text cannot drift from what is printed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from PIL import ImageFont

A4_W, A4_H = 595.28, 841.89
MM = 72 / 25.4

TG = "/usr/share/texmf/fonts/opentype/public/tex-gyre/"
FONT_FILES = {
    # Times-like (Nghị định 30 prescribes Times New Roman)
    "r": TG + "texgyretermes-regular.otf",
    "b": TG + "texgyretermes-bold.otf",
    "i": TG + "texgyretermes-italic.otf",
    "bi": TG + "texgyretermes-bolditalic.otf",
    # typewriter (1990s documents)
    "tr": TG + "texgyrecursor-regular.otf",
    "tb": TG + "texgyrecursor-bold.otf",
    "ti": TG + "texgyrecursor-italic.otf",
    "tbi": TG + "texgyrecursor-bolditalic.otf",
    # hand-written fill-ins
    "hand": TG + "texgyrechorus-mediumitalic.otf",
}
TYPEWRITER = {"r": "tr", "b": "tb", "i": "ti", "bi": "tbi"}

RED = (205, 30, 40)
BLACK = (0, 0, 0)
BLUE_INK = (25, 45, 150)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@cache
def _pil_font(key: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_FILES[key], 200)


def text_width(text: str, font: str, size: float) -> float:
    return _pil_font(font).getlength(text) * size / 200.0


# ---------------------------------------------------------------- ops
@dataclass
class Text:
    x: float
    y: float  # baseline
    text: str
    font: str
    size: float
    color: tuple = BLACK
    hand: bool = False  # hand-written fill-in (jittered, raster only)
    sig_field: bool = False  # stamped at e-signing: a signature-field appearance in PDFs, not page text


@dataclass
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.6
    color: tuple = BLACK


@dataclass
class Frame:
    x: float
    y: float
    w: float
    h: float
    width: float = 1.2
    color: tuple = RED


@dataclass
class Stamp:
    """Seal + signature scribble (an image, not text)."""

    cx: float
    cy: float
    kind: str  # "seal+sig" | "sig"
    seal_text: str
    seed: int
    sig_field: bool = False  # e-signed: the image is a signature-field appearance in PDFs


@dataclass
class Page:
    ops: list = field(default_factory=list)
    truth: list = field(default_factory=list)  # lines of text


# ---------------------------------------------------------------- text helpers
def tokens(spec, default="r"):
    """spec: str (with **bold** / *italic* markup) -> list of (word, style)."""
    out = []
    style = default
    s = nfc(spec)
    # tiny markup: **bold**, __italic__, ##bolditalic##
    marks = {"**": "b", "__": "i", "##": "bi"}
    i = 0
    buf = ""
    cur = default
    while i < len(s):
        m = s[i : i + 2]
        if m in marks:
            for w in buf.split():
                out.append((w, cur))
            # glue: text immediately after a closing mark without space stays a separate word
            buf = ""
            cur = marks[m] if cur == default else default
            i += 2
            continue
        buf += s[i]
        i += 1
    for w in buf.split():
        out.append((w, cur))
    _ = style
    return out


class Layout:
    def __init__(
        self,
        margins=(30 * MM, 20 * MM, 20 * MM, 20 * MM),
        typewriter=False,
        body_size=14.0,
        leading=1.28,
        page_numbers=True,
    ):
        self.ml, self.mr, self.mt, self.mb = margins
        self.tw = typewriter
        self.body_size = body_size
        self.leading = leading
        self.page_numbers = page_numbers
        self.pages: list[Page] = []
        self.new_page()

    # fonts
    def f(self, style):
        return TYPEWRITER[style] if self.tw and style in TYPEWRITER else style

    @property
    def width(self):
        return A4_W - self.ml - self.mr

    @property
    def bottom(self):
        return A4_H - self.mb

    def new_page(self):
        self.page = Page()
        self.pages.append(self.page)
        self.y = self.mt
        if self.page_numbers and len(self.pages) > 1:
            n = str(len(self.pages))
            s = 13
            self.page.ops.append(
                Text(
                    self.ml + self.width / 2 - text_width(n, self.f("r"), s) / 2,
                    self.mt + s * 0.2,
                    n,
                    self.f("r"),
                    s,
                )
            )
            self.page.truth.append(n)
            self.y = self.mt + s * 1.6

    # ---- primitive: lay out one line of (word, style) at x-range
    def _emit_line(self, words, size, x0, x1, align, y, color=BLACK, justify_last=False, page=None):
        page = page or self.page
        fonts = [self.f(st) for _, st in words]
        widths = [text_width(w, fo, size) for (w, _), fo in zip(words, fonts, strict=False)]
        space = text_width(" ", self.f("r"), size)
        total = sum(widths) + space * (len(words) - 1)
        gap = space
        if align == "center":
            x = x0 + (x1 - x0 - total) / 2
        elif align == "right":
            x = x1 - total
        elif align == "justify" and justify_last and len(words) > 1:
            x = x0
            gap = space + (x1 - x0 - total) / (len(words) - 1)
        else:
            x = x0
        start = x
        for (w, _st), fo, wd in zip(words, fonts, widths, strict=False):
            page.ops.append(Text(x, y, w, fo, size, color))
            x += wd + gap
        page.truth.append(" ".join(w for w, _ in words))
        return start, x - gap

    def wrap(self, toks, size, width, indent=0.0):
        lines, cur, cur_w = [], [], 0.0
        space = text_width(" ", self.f("r"), size)
        avail = width - indent
        for w, st in toks:
            ww = text_width(w, self.f(st), size)
            add = ww if not cur else cur_w + space + ww
            if cur and add > avail:
                lines.append(cur)
                cur, cur_w = [(w, st)], ww
                avail = width
            else:
                cur.append((w, st))
                cur_w = add
        if cur:
            lines.append(cur)
        return lines

    def paragraph(
        self,
        spec,
        size=None,
        align="justify",
        indent=1.0 * 28.35,
        style="r",
        space_after=4.0,
        x0=None,
        x1=None,
        color=BLACK,
        keep=False,
        hanging=0.0,
    ):
        size = size or self.body_size
        x0 = self.ml if x0 is None else x0
        x1 = self.ml + self.width if x1 is None else x1
        toks = tokens(spec, style) if isinstance(spec, str) else spec
        lines = self.wrap(toks, size, x1 - x0 - (hanging if hanging else 0), indent if not hanging else 0)
        lh = size * self.leading
        if keep and self.y + lh * len(lines) > self.bottom:
            self.new_page()
        for k, ln in enumerate(lines):
            if self.y + lh > self.bottom:
                self.new_page()
            self.y += lh
            lx0 = x0 + (indent if k == 0 else 0) if not hanging else x0 + (0 if k == 0 else hanging)
            last = k == len(lines) - 1
            self._emit_line(ln, size, lx0, x1, align, self.y - size * 0.22, color, justify_last=not last)
        self.y += space_after

    def vspace(self, pt):
        self.y += pt

    def rule(self, x1, x2, y, width=0.6):
        self.page.ops.append(Rule(x1, y, x2, y, width))
