"""Born-digital PDFs from a second producer: LibreOffice headless from a Flat ODT (kind `pdf-born-lo`).

varied.build draws the content and the typesetting choices; here they become a Flat ODT (.fodt,
plain XML, no extra Python dependency) that `soffice --headless --convert-to pdf` turns into a PDF,
so the text layer is LibreOffice's own (its line breaking and justification, font subsets, word
spacing, table structure), not fpdf2's.  The layout is the one a word processor gives:
- a borderless two-column header table: parent body / issuer (+ short rule) left, Quốc hiệu and
  underlined Tiêu ngữ right; a second row with `Số:` (+ `V/v …`, red-framed marks) and the date;
- the type title and the subject lines centred (subject in capitals or sentence case, 1–4 lines,
  each line its own paragraph), `Kính gửi:`, the body paragraphs (justified, **bold** runs kept);
- a borderless two-column foot table: `Nơi nhận:` and its list left, the signature block right
  (authority lines, title, a gap, the name) with the signature scribble and the seal as one image;
- page numbers at the top from page 2.
Every line height is fixed, so each block's height follows from the fonts' metrics; paragraphs and
the foot are kept together and pages break only where this module puts a break, so the truth knows
each page's words.  `convert` checks every PDF page's words against the truth and fails otherwise.
Truth lines: one per printed paragraph or table line (LibreOffice breaks lines inside a paragraph).
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import numpy as np
from PIL import Image

from . import layout as LY
from . import varied as V
from .layout import MM, text_width, tokens

LO_FAMILY = {  # varied.FAMILIES name: the family name fontconfig gives LibreOffice
    "termes": "TeX Gyre Termes",
    "pagella": "TeX Gyre Pagella",
    "bonum": "TeX Gyre Bonum",
    "schola": "TeX Gyre Schola",
    "heros": "TeX Gyre Heros",
    "dejavu-serif": "DejaVu Serif",
    "dejavu-sans": "DejaVu Sans",
    "freeserif": "FreeSerif",
    "freesans": "FreeSans",
}
MISSING = (
    "kind pdf-born-lo needs LibreOffice (`soffice` not found on PATH); it only regenerates samples: "
    "apt-get install -y --no-install-recommends libreoffice-writer-nogui   (or: make samples-lo)"
)
PN_SIZE, PN_LINE, PN_GAP = 12.0, 16.0, 8.0  # page number at the top of pages 2…
SAFETY = 0.06  # share of a page's height left free when placing blocks (metrics vs LibreOffice)
IMG_DPI = 200
PUNCT = ".,;:!?()\"'“”‘’…"
RED = "#cd1e28"


def soffice() -> str:
    """Path of LibreOffice's `soffice`; RuntimeError with how to install it when missing."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        raise RuntimeError(MISSING)
    return path


def _pt(v: float) -> str:
    return f"{v:.2f}pt"


# ---------------------------------------------------------------- styles
class Styles:
    """Automatic styles, one per distinct set of properties."""

    def __init__(self, font: str):
        self.font = font
        self.defs: dict[tuple, str] = {}
        self.xml: list[str] = []

    def _get(self, family: str, prefix: str, body: str) -> str:
        key = (family, body)
        if key not in self.defs:
            name = f"{prefix}{len(self.defs) + 1}"
            self.defs[key] = name
            self.xml.append(f'<style:style style:name="{name}" style:family="{family}"{body}</style:style>')
        return self.defs[key]

    def text_props(self, size: float | None, style: str = "r", colour: str = "#000000", under=False) -> str:
        a = f' style:font-name="{escape(self.font)}" fo:color="{colour}"'
        if size:
            a += f' fo:font-size="{_pt(size)}"'
        a += ' fo:font-weight="bold"' if "b" in style else ' fo:font-weight="normal"'
        a += ' fo:font-style="italic"' if "i" in style else ' fo:font-style="normal"'
        if under:
            a += ' style:text-underline-style="solid" style:text-underline-width="auto"'
            a += ' style:text-underline-color="font-color"'
        return f"<style:text-properties{a}/>"

    def para(self, size, style="r", align="center", line=None, indent=0.0, ml=0.0, mr=0.0,
             before=0.0, after=0.0, brk=False, border=None, pad=0.0, colour="#000000",
             under=False, master=None) -> str:  # fmt: skip
        p = (
            f' fo:text-align="{align}" fo:text-indent="{_pt(indent)}" fo:margin-left="{_pt(ml)}"'
            f' fo:margin-right="{_pt(mr)}" fo:margin-top="{_pt(before)}" fo:margin-bottom="{_pt(after)}"'
            f' fo:line-height="{_pt(line or size * 1.2)}" fo:keep-together="always" fo:hyphenate="false"'
            ' fo:orphans="0" fo:widows="0"'
        )
        if align == "justify":
            p += ' fo:text-align-last="start"'
        if brk:
            p += ' fo:break-before="page"'
        if border:
            p += f' fo:{border[0]}="{border[1]}" fo:padding="{_pt(pad)}"'
        master_attr = f' style:master-page-name="{master}"' if master else ""
        body = (
            f' style:parent-style-name="Standard"{master_attr}>'
            f"<style:paragraph-properties{p}/>{self.text_props(size, style, colour, under)}"
        )
        return self._get("paragraph", "P", body)

    def span(self, style: str) -> str:
        return self._get("text", "T", f">{self.text_props(None, style)}")

    def table(self, width: float, left: float, brk=False, master=None) -> str:
        a = f' style:width="{_pt(width)}" table:align="left" fo:margin-left="{_pt(left)}"'
        a += ' style:may-break-between-rows="false" fo:keep-with-next="auto"'
        if brk:
            a += ' fo:break-before="page"'
        master_attr = f' style:master-page-name="{master}"' if master else ""
        return self._get("table", "Tab", f"{master_attr}><style:table-properties{a}/>")

    def column(self, width: float) -> str:
        props = f'<style:table-column-properties style:column-width="{_pt(width)}"/>'
        return self._get("table-column", "Col", ">" + props)

    def cell(self) -> str:
        props = '<style:table-cell-properties fo:padding="0pt" fo:border="none" style:vertical-align="top"/>'
        return self._get("table-cell", "Cell", ">" + props)

    def row(self) -> str:
        return self._get("table-row", "Row", '><style:table-row-properties fo:keep-together="always"/>')


# ---------------------------------------------------------------- blocks
@dataclass
class Par:
    """One paragraph: its XML given its style name, its height (points) and its truth lines."""

    runs: list  # (text, style)
    props: dict
    height: float
    lines: list
    frame: str = ""  # a drawing anchored to the paragraph


def par(runs, size, style="r", lines=1, line=None, before=0.0, after=0.0, truth=None, **kw) -> Par:
    """A paragraph of `lines` lines of fixed height `line` (default 1.2 × size); its truth is its
    text on one line unless given; **kw: Styles.para's alignment, indents, border, colour."""
    lh = line or size * 1.2
    props = dict(size=size, style=style, line=lh, before=before, after=after, **kw)
    pad = kw.get("pad", 0.0) * 2 + (1.5 if kw.get("border") else 0.0)
    text = " ".join(t for t, _ in runs)
    return Par(runs, props, lines * lh + before + after + pad, [text] if truth is None else truth)


def runs_of(spec: str, style: str = "r") -> list:
    """(word, style) pairs of a markup string (layout.tokens), merged into runs of one style."""
    out: list = []
    for w, st in tokens(spec, style):
        if out and out[-1][1] == st:
            out[-1] = (out[-1][0] + " " + w, st)
        else:
            out.append((w, st))
    return out


def par_xml(p: Par, styles: Styles, brk=False, master=None) -> str:
    name = styles.para(brk=brk, master=master, **p.props)
    base = p.props.get("style", "r")
    parts = []
    for k, (text, st) in enumerate(p.runs):
        t = escape(text + (" " if k < len(p.runs) - 1 else ""))
        parts.append(t if st == base else f'<text:span text:style-name="{styles.span(st)}">{t}</text:span>')
    return f'<text:p text:style-name="{name}">{p.frame}{"".join(parts)}</text:p>'


def n_lines(L, spec, style, size, width, indent=0.0) -> int:
    """Lines a paragraph takes at this width by the fonts' metrics (greedy, as LibreOffice wraps)."""
    toks = tokens(spec, style) if isinstance(spec, str) else spec
    return max(1, len(L.wrap(toks, size, width, indent)))


@dataclass
class Cell:
    width: float
    pars: list = field(default_factory=list)

    @property
    def height(self) -> float:
        return sum(p.height for p in self.pars)


@dataclass
class Table:
    rows: list  # [[Cell, Cell], …]
    left: float  # offset from the left margin (negative: into the margin)

    @property
    def height(self) -> float:
        return sum(max(c.height for c in r) for r in self.rows)

    @property
    def lines(self) -> list:
        """Truth: per row, the left cell's lines then the right cell's."""
        return [ln for r in self.rows for c in r for p in c.pars for ln in p.lines]

    def xml(self, styles: Styles, brk=False, master=None) -> str:
        widths = [c.width for c in self.rows[0]]
        cols = "".join(f'<table:table-column table:style-name="{styles.column(w)}"/>' for w in widths)
        rows = []
        for r in self.rows:
            cells = "".join(
                f'<table:table-cell table:style-name="{styles.cell()}" office:value-type="string">'
                + "".join(par_xml(p, styles) for p in c.pars)
                + "</table:table-cell>"
                for c in r
            )
            rows.append(f'<table:table-row table:style-name="{styles.row()}">{cells}</table:table-row>')
        name = styles.table(sum(widths), self.left, brk, master)
        return f'<table:table table:style-name="{name}">{cols}{"".join(rows)}</table:table>'


# ---------------------------------------------------------------- the document
def _fit_size(L, text: str, style: str, size: float, width: float) -> float:
    while text_width(text, L.f(style), size) > width and size > 9:
        size -= 0.5
    return size


def header(L, d: dict, st: dict, rng) -> tuple[Table, list, list]:
    """The two-column header table; returns it with the issuer and parent lines as printed."""
    W, hs = L.width, st["head_size"]
    lh = hs * rng.uniform(1.15, 1.35)
    out_l, out_r = rng.uniform(0, 12), rng.uniform(0, 10)
    lw = st["left_frac"] * W + out_l + st["right_gap"] * W  # the right column starts here
    rw = W + out_l + out_r - lw
    left, issuer, parent = _issuer_cell(L, d, st, rng, lw, lh)
    right = _motto_cell(L, hs, rng, rw, lh)
    row2 = _number_row(L, d, st, rng, (lw, rw), lh)
    return Table([[left, right], row2], -out_l), issuer, parent


def _issuer_cell(L, d: dict, st: dict, rng, lw: float, lh: float) -> tuple[Cell, list, list]:
    """Parent body (regular) and issuer (bold) lines, wrapped as varied does, and the short rule."""
    hs = st["head_size"]
    cw = lw - 12  # lines of the left block stay clear of the right column
    parent = [] if st["parent_drop"] else (d.get("parent") or [])
    parent = V._wrap_block(L, parent, "r", hs, cw, rng, st["issuer_wrap"] and rng.random() < 0.5)
    issuer = V._wrap_block(L, d["issuer"], "b", hs, cw, rng, st["issuer_wrap"])
    cell = Cell(lw, [par([(V.nfc(x), "r")], hs, "r", line=lh) for x in parent])
    cell.pars += [par([(V.nfc(x), "b")], hs, "b", line=lh) for x in issuer]
    iw = max(text_width(x, L.f("b"), hs) for x in issuer)
    m = (lw - min(iw, cw) * st["issuer_rule"]) / 2
    rule = f"{rng.choice([0.5, 0.7, 0.9])}pt solid #000000"
    cell.pars.append(par([], 1.0, line=2.0, truth=[], ml=m, mr=m, border=("border-bottom", rule)))
    return cell, issuer, parent


def _motto_cell(L, hs: float, rng, rw: float, lh: float) -> Cell:
    """Quốc hiệu (bold) and Tiêu ngữ (bold, underlined), shrunk until they fit the column."""
    qh, tn = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
    qs = _fit_size(L, qh, "b", hs - rng.choice([0.0, 0.5, 1.0]), rw - 6)
    ts = _fit_size(L, tn, "b", hs + rng.choice([0.0, 0.5, 1.0]), rw - 6)
    return Cell(rw, [par([(qh, "b")], qs, "b", line=lh), par([(tn, "b")], ts, "b", line=lh, under=True)])


def _number_row(L, d: dict, st: dict, rng, widths: tuple, lh: float) -> list:
    """`Số:` + `V/v …` lines + red-framed marks left, the italic place and date right."""
    (lw, rw), hs = widths, st["head_size"]
    gap = rng.uniform(4, 12)
    left, right = Cell(lw), Cell(rw)
    left.pars.append(par([("Số: " + d["number"], "r")], hs, "r", line=lh, before=gap))
    vs = hs + st["vv_size_delta"]
    for vv in d.get("vv_lines") or []:
        left.pars.append(par([(vv, "r")], vs, "r", line=vs * L.leading * 0.95))
    for mark in d.get("marks") or []:
        ms = hs + 1
        m = (lw - text_width(mark, L.f("b"), ms) - 12) / 2
        left.pars.append(
            par([(mark, "b")], ms, "b", line=ms * 1.25, before=8, after=4, ml=m, mr=m,
                border=("border", f"1.3pt solid {RED}"), pad=2.0, colour=RED)
        )  # fmt: skip
    yy, mm, dd = d["date"]
    ms_ = f"{mm:02d}" if rng.random() < 0.7 or mm > 2 else str(mm)
    date = f"{d['place']}, ngày {dd:02d} tháng {ms_} năm {yy}"
    dsz = _fit_size(L, date, "i", hs + rng.choice([0.0, 0.5, 1.0]), rw - 6)
    right.pars.append(par([(date, "i")], dsz, "i", line=lh, before=gap))
    return [left, right]


def title_block(L, d: dict, st: dict, rng) -> list:
    """Type title, subject lines (one paragraph each) and the short rule under them."""
    W, out = L.width, []
    if d.get("title"):
        ts = st["title_size"]
        out.append(par([(d["title"], "b")], ts, "b", line=ts * L.leading, before=rng.uniform(6, 16)))
    ss = st["subject_size"]
    for s in d.get("subject_lines") or []:
        out.append(par([(s, "b")], ss, "b", line=ss * L.leading))
    after = rng.uniform(8, 18) if d.get("subject_lines") else 6
    if d.get("subject_lines") and st["subject_rule"]:
        w = rng.uniform(30, 80)
        m = W / 2 - w
        out.append(par([], 1.0, line=4.0, after=after, truth=[], ml=m, mr=m,
                       border=("border-bottom", "0.7pt solid #000000")))  # fmt: skip
    elif out:
        out[-1].props["after"] += after
        out[-1].height += after
    return out


def kinh_gui(L, d: dict) -> list:
    kg, size = d.get("kinh_gui"), L.body_size
    if not kg:
        return []
    lh = size * L.leading
    if len(kg) == 1:
        t = f"Kính gửi: {kg[0]}"
        return [par(runs_of(t), size, line=lh, after=8, lines=n_lines(L, t, "r", size, L.width))]
    x0 = L.width * 0.18
    kw = text_width("Kính gửi: ", L.f("r"), size)
    w = L.width - x0 - kw
    first = f"Kính gửi: - {kg[0]}"
    out = [par(runs_of(first), size, "r", align="start", line=lh, ml=x0 + kw, indent=-kw,
               lines=n_lines(L, "- " + kg[0], "r", size, w), truth=["Kính gửi:", "- " + kg[0]])]  # fmt: skip
    for k in kg[1:]:
        out.append(par(runs_of("- " + k), size, "r", align="start", line=lh, ml=x0 + kw,
                       lines=n_lines(L, "- " + k, "r", size, w)))  # fmt: skip
    out[-1].props["after"] = 10
    out[-1].height += 10
    return out


def body(L, d: dict, rng) -> list:
    size, W = L.body_size, L.width
    lh = size * L.leading
    indent = rng.uniform(0.8, 1.27) * 10 * MM
    gap = rng.uniform(3, 7)
    out = []
    for blk in d["body"]:
        kind, text = blk if isinstance(blk, tuple) else ("p", blk)
        if kind == "gap":
            out.append(par([], 1.0, line=float(text), truth=[]))
            continue
        style = {"c": "b", "ci": "i", "h": "b"}.get(kind, "r")
        align = {"p": "justify", "h": "justify", "l": "start"}.get(kind, "center")
        ind = indent if kind in ("p", "h") else 0.0
        n = n_lines(L, text, style, size, W, ind)
        runs = runs_of(text, style)
        out.append(par(runs, size, style, align=align, indent=ind, line=lh, after=gap, lines=n))
    return out


def foot(L, d: dict, st: dict, rng, seed: int) -> Table:
    """Recipients left, the signature block right (with the seal + signature image)."""
    W, rs, ss = L.width, st["rec_size"], st["sig_size"]
    lw = st["sig_frac"] * W + 4
    rw = W + 4 + rng.uniform(0, 8) - lw
    left = Cell(lw)
    rec = d.get("recipients") or []
    if rec:
        left.pars.append(par([("Nơi nhận:", "bi")], rs + 1, "bi", align="start", line=rs * 1.3))
    for r in rec:
        t = "- " + V.nfc(r)
        n = n_lines(L, t, "r", rs, lw - 6)
        left.pars.append(par([(t, "r")], rs, align="start", line=rs * 1.2, lines=n))
    right = Cell(rw)
    sig = d["sig"]
    for ln in list(sig["prefix"]) + [sig["title"]]:
        right.pars.append(par([(ln, "b")], _fit_size(L, ln, "b", ss, rw - 6), "b", line=ss * 1.25))
    gap = st["sig_gap"] - ss * 0.6
    right.pars.append(par([], 1.0, line=gap, truth=[]))
    ns = ss + rng.choice([0.0, 0.5, 1.0])
    right.pars.append(par([(sig["name"], "b")], ns, "b", line=ns * 1.25))
    top = rng.uniform(8, 20)
    for c in (left, right):
        if not c.pars:
            c.pars.append(par([], 1.0, line=1.0, truth=[]))
        c.pars[0].props["before"] += top
        c.pars[0].height += top
    right.pars[0].frame = stamp_frame(st, sig, rng, seed, rw, len(sig["prefix"]) + 1, gap, top)
    return Table([[left, right]], -4.0)


def stamp_frame(st: dict, sig: dict, rng, seed: int, rw: float, n_title: int, gap: float, top: float) -> str:
    """Signature scribble + seal as one RGBA image, anchored to the block's first paragraph."""
    ss = st["sig_size"]
    lh = ss * 1.25
    title_y = top + n_title * lh - ss * 0.3  # baseline of the title line, from the cell's top
    space_top = top + n_title * lh
    y_name = space_top + gap + ss * 0.9
    cx = rw / 2
    stamp = V.VStamp(
        cx - 60 + rng.uniform(-10, 20), space_top + rng.uniform(0, max(1.0, st["sig_gap"] - 64)),
        cx + st["seal_dx"], title_y - ss * 0.4 + st["seal_fy"] * (y_name - title_y), st["seal_r"],
        st["seal"], sig.get("seal_text", ""), seed, st["sig_ink"], V.SEAL_FONTS[st["seal_font"]],
    )  # fmt: skip
    png, (x0, y0, w, h) = _stamp_png(V.stamp_layers(stamp, IMG_DPI))
    return (
        f'<draw:frame draw:style-name="fr1" draw:name="seal" text:anchor-type="paragraph"'
        f' svg:x="{_pt(x0)}" svg:y="{_pt(y0)}" svg:width="{_pt(w)}" svg:height="{_pt(h)}"'
        f' draw:z-index="1"><draw:image><office:binary-data>{base64.b64encode(png).decode()}'
        "</office:binary-data></draw:image></draw:frame>"
    )


def _stamp_png(layers: list) -> tuple[bytes, tuple]:
    """The transmittance layers of varied.stamp_layers multiplied into one RGBA PNG; returns it
    with its box (left, top, width, height) in points."""
    s = IMG_DPI / 72
    x0 = min(lx for _, (lx, _) in layers)
    y0 = min(ty for _, (_, ty) in layers)
    x1 = max(lx + T.shape[1] / s for T, (lx, _) in layers)
    y1 = max(ty + T.shape[0] / s for T, (_, ty) in layers)
    canvas = np.ones((int((y1 - y0) * s) + 1, int((x1 - x0) * s) + 1, 3), np.float32)
    for T, (lx, ty) in layers:
        a, b = int((ty - y0) * s), int((lx - x0) * s)
        canvas[a : a + T.shape[0], b : b + T.shape[1]] *= T
    alpha = (1 - canvas).max(axis=2)
    col = 1 - (1 - canvas) / np.maximum(alpha[..., None], 1e-4)
    rgba = np.dstack([col * 255, alpha * 255]).clip(0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, "PNG", optimize=True)
    h, w = rgba.shape[:2]
    return buf.getvalue(), (x0, y0, w / s, h / s)


# ---------------------------------------------------------------- pages
def paginate(blocks: list, st: dict) -> tuple[list, list]:
    """Assign whole blocks to pages by their heights; returns (page of each block, pages' truth lines)."""
    ml, mr, mt, mb = st["margins"]
    first = LY.A4_H - mt - mb
    other = first - PN_LINE - PN_GAP
    y, page, where, truth = 0.0, 0, [], [[]]
    for b in blocks:
        avail = (first if page == 0 else other) * (1 - SAFETY)
        if y > 0 and y + b.height > avail:
            page += 1
            y = 0.0
            truth.append([str(page + 1)])
        where.append(page)
        y += b.height
        truth[page] += b.lines
    return where, truth


def document(L, st: dict, blocks: list, where: list) -> str:
    """The Flat ODT of the blocks, a page break before the first block of each page."""
    family = LO_FAMILY[st["family"]]
    styles = Styles(family)
    xml = []
    for k, b in enumerate(blocks):
        brk = k > 0 and where[k] != where[k - 1]
        master = "First" if k == 0 else None
        xml.append(b.xml(styles, brk, master) if isinstance(b, Table) else par_xml(b, styles, brk, master))
    ml, mr, mt, mb = st["margins"]
    pn = Styles(family)
    pn_style = pn.text_props(PN_SIZE)
    margins = (
        f'fo:page-width="{_pt(LY.A4_W)}" fo:page-height="{_pt(LY.A4_H)}" fo:margin-left="{_pt(ml)}"'
        f' fo:margin-right="{_pt(mr)}" fo:margin-top="{_pt(mt)}" fo:margin-bottom="{_pt(mb)}"'
    )
    return TEMPLATE.format(
        font=escape(family, {'"': "&quot;"}),
        styles="".join(styles.xml),
        margins=margins,
        pn_line=_pt(PN_LINE),
        pn_gap=_pt(PN_GAP),
        pn_text=pn_style,
        body="\n".join(xml),
    )


TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="&apos;{font}&apos;"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenate="false"/>
<style:text-properties style:font-name="{font}" fo:language="vi" fo:country="VN"
 fo:hyphenate="false"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="PN" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:text-align="center" fo:line-height="{pn_line}"/>{pn_text}
</style:style>
<style:style style:name="fr1" style:family="graphic"><style:graphic-properties
 style:wrap="run-through" style:run-through="foreground"
 style:vertical-pos="from-top" style:vertical-rel="paragraph"
 style:horizontal-pos="from-left" style:horizontal-rel="paragraph"
 style:flow-with-text="false" fo:padding="0pt" fo:border="none"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pmFirst"><style:page-layout-properties {margins}/>
</style:page-layout>
<style:page-layout style:name="pmRest"><style:page-layout-properties {margins}/>
<style:header-style><style:header-footer-properties fo:min-height="0pt"
 fo:margin-bottom="{pn_gap}" style:dynamic-spacing="false"/></style:header-style>
</style:page-layout>
{styles}
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pmRest"><style:header>
<text:p text:style-name="PN"><text:page-number text:select-page="current">2</text:page-number></text:p>
</style:header></style:master-page>
<style:master-page style:name="First" style:page-layout-name="pmFirst"
 style:next-style-name="Standard"/>
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body></office:document>
"""


# ---------------------------------------------------------------- one document
def build(index: int, seed: int, d: dict, st: dict, rng) -> V.Built:
    """The Built of a pdf-born-lo document from varied.build's content and style."""
    if st["family"] not in LO_FAMILY:
        raise RuntimeError(f"no LibreOffice family name for {st['family']}")
    d = dict(d)
    L = V.VLayout(st["family"], margins=st["margins"], body_size=st["body_size"], leading=st["leading"])
    subject = V.subject_lines(L, d, st)
    head, issuer, parent = header(L, d, st, rng)
    seal_seed = rng.randrange(1 << 30)
    blocks = [head] + title_block(L, d, st, rng) + kinh_gui(L, d) + body(L, d, rng)
    blocks.append(foot(L, d, st, rng, seal_seed))
    where, truth = paginate(blocks, st)
    pages = [LY.Page(truth=[V.nfc(x) for x in t]) for t in truth]
    meta = V.metadata(d, issuer, parent, subject, len(pages))
    abbr, place, year = V.ABBR[meta["doc_type"]], V._slug(meta["place"]), meta["issued_date"][:4]
    name = f"v{seed}_{index:03d}_{abbr}_{place}_{year}"
    degr, desc = _tags(d, st, issuer), _description(d, st, meta)
    doc = document(L, st, blocks, where)
    sig_page = where[-1] + 1
    return V.Built(name, "pdf-born-lo", "colour", None, degr, desc, pages, [], meta, sig_page, st, [], doc)


def _tags(d: dict, st: dict, issuer: list) -> list:
    """`degradations`: the producer, then the tags varied.build gives a born-digital document."""
    degr = ["varied-typesetting", "libreoffice"]
    if st["seal"] != "none":
        degr.append("seal")
        if st["seal"] != "red":
            degr.append(f"{st['seal']}-seal" if st["seal"] != "disc" else "grey-seal-disc")
    if st["subject_caps"] and d.get("title"):
        degr.append("capitals-subject")
    if issuer != [V.nfc(x) for x in d["issuer"]]:
        degr.append("issuer-wrapped")
    return degr


def _description(d: dict, st: dict, meta: dict) -> str:
    """The truth's `description`, in Vietnamese as for the other varied documents."""
    caps = "CHỮ HOA" if st["subject_caps"] and d.get("title") else "chữ thường"
    n_subj = len(d.get("subject_lines") or []) or "V/v"
    return (
        f"{meta['doc_type']} {meta['number']} ({meta['issuer']}), dàn trang ngẫu nhiên: font {st['family']}, "
        f"thân {st['body_size']:g} pt, tiêu đề {st['head_size']:g} pt, trích yếu {caps} {n_subj} dòng, "
        f"dấu {st['seal']}; PDF gốc điện tử (LibreOffice từ Flat ODT, bảng hai cột ở đầu và cuối văn bản)"
    )


# ---------------------------------------------------------------- conversion
_PROFILE: list[str] = []


def _profile() -> str:
    """One LibreOffice user profile per run (a private one: no clash with a running LibreOffice)."""
    if not _PROFILE:
        p = tempfile.mkdtemp(prefix="lo-profile-")
        atexit.register(shutil.rmtree, p, True)
        _PROFILE.append(p)
    return _PROFILE[0]


def convert(b: V.Built, path: str) -> None:
    """Flat ODT -> PDF with soffice; fixed dates and ID; then the text layer is checked."""
    exe = soffice()
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, b.name + ".fodt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(b.doc)
        cmd = [exe, f"-env:UserInstallation=file://{_profile()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", tmp, src]  # fmt: skip
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        out = os.path.join(tmp, b.name + ".pdf")
        if r.returncode or not os.path.exists(out):
            raise RuntimeError(f"soffice failed on {src}: {r.stdout} {r.stderr}")
        _fix_info(out, path, b.doc)
    check_fonts(path, LO_FAMILY[b.style["family"]])
    check_text_layer(path, [p.truth for p in b.pages])


def check_fonts(path: str, family: str) -> None:
    """LibreOffice used the family asked for (it substitutes a missing one silently, and the page
    breaks were computed with the family's metrics)."""
    import pdfplumber

    key = family.replace(" ", "")
    with pdfplumber.open(path) as pdf:
        names = {c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars}
    if not names or any(not n.startswith(key) for n in names):
        raise RuntimeError(f"{path}: LibreOffice used {sorted(names)} for {family} (is it in fc-list?)")


def _fix_info(src: str, dst: str, key: str) -> None:
    """Fixed creation date and ID (LibreOffice writes the time and a random checksum and ID), so a
    document regenerates byte for byte."""
    import pikepdf

    with pikepdf.open(src) as pdf:
        pdf.docinfo["/CreationDate"] = "D:20250101000000Z"
        pdf.docinfo["/Creator"] = "sample_docs/generate_varied.py (Writer)"
        if "/DocChecksum" in pdf.trailer:
            del pdf.trailer["/DocChecksum"]
        h = pikepdf.String(hashlib.md5(key.encode()).digest())
        pdf.trailer.ID = pikepdf.Array([h, h])
        pdf.save(dst, static_id=True)


def words(text: str) -> Counter:
    """Word multiset as check_truth.words counts it (NFC, punctuation stripped at the ends)."""
    return Counter(w.strip(PUNCT) for w in unicodedata.normalize("NFC", text).split() if w.strip(PUNCT))


def page_texts(path: str) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def check_text_layer(path: str, truth: list) -> None:
    """Each page of the PDF's text layer has exactly the truth's words (else RuntimeError)."""
    got = page_texts(path)
    if len(got) != len(truth):
        raise RuntimeError(f"{path}: {len(got)} pages, truth has {len(truth)} (page breaks moved)")
    for k, (g, t) in enumerate(zip(got, truth, strict=True)):
        gw, tw = words(g), words("\n".join(t))
        if gw != tw:
            raise RuntimeError(
                f"{path} page {k + 1}: text layer and truth differ: only in the PDF "
                f"{sorted((gw - tw).elements())[:20]}, only in the truth {sorted((tw - gw).elements())[:20]}"
            )
