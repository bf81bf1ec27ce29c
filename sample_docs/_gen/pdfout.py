"""PDF back ends: born-digital (fpdf2, embedded Unicode font), scanned, mixed, garbage text layer."""

from __future__ import annotations

import io
import random
import re

import pikepdf
from fpdf import FPDF
from PIL import Image

from .layout import A4_H, A4_W, FONT_FILES, Frame, Page, Rule, Stamp, Text
from .raster import stamp_rgba


def _new_pdf(title=None):
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_creator("sample_docs/generate.py")
    pdf.set_producer("fpdf2")
    pdf.set_creation_date(
        __import__("datetime").datetime(2025, 1, 1, tzinfo=__import__("datetime").timezone.utc)
    )
    if title:
        pdf.set_title(title)
    for key, path in FONT_FILES.items():
        pdf.add_font(key, "", path)
    return pdf


def _draw_vector_page(pdf: FPDF, page: Page, dpi_images=200):
    pdf.add_page()
    for op in page.ops:
        if isinstance(op, Text):
            pdf.set_font(op.font, size=op.size)
            pdf.set_text_color(*op.color)
            # trailing space so text extraction sees word boundaries
            pdf.text(op.x, op.y, op.text + " ")
        elif isinstance(op, Rule):
            pdf.set_draw_color(*op.color)
            pdf.set_line_width(op.width)
            pdf.line(op.x1, op.y1, op.x2, op.y2)
        elif isinstance(op, Frame):
            pdf.set_draw_color(*op.color)
            pdf.set_line_width(op.width)
            pdf.rect(op.x, op.y, op.w, op.h)
        elif isinstance(op, Stamp):
            img, (lx, ty) = stamp_rgba(op, dpi_images)
            b = io.BytesIO()
            img.save(b, "PNG")
            pdf.image(b, lx, ty, w=img.width * 72 / dpi_images, h=img.height * 72 / dpi_images)


def _image_page(pdf: FPDF, img: Image.Image, quality=80):
    pdf.add_page()
    b = io.BytesIO()
    img.convert("RGB").save(b, "JPEG", quality=quality)
    b.seek(0)
    pdf.image(b, 0, 0, w=A4_W, h=A4_H)


def born_digital(pages, path, title=None):
    pdf = _new_pdf(title)
    for p in pages:
        _draw_vector_page(pdf, p)
    pdf.output(path)


def mixed(pages, scanned_images: dict, path, title=None):
    """pages[i] drawn as vector text unless i in scanned_images (then the image)."""
    pdf = _new_pdf(title)
    for i, p in enumerate(pages):
        if i in scanned_images:
            _image_page(pdf, scanned_images[i])
        else:
            _draw_vector_page(pdf, p)
    pdf.output(path)


def scanned(images, path, dpi, quality=65):
    ims = [im.convert("RGB") for im in images]
    buf = []
    for im in ims:
        b = io.BytesIO()
        im.save(b, "JPEG", quality=quality)
        b.seek(0)
        buf.append(Image.open(b))
    buf[0].save(
        path,
        "PDF",
        save_all=True,
        append_images=buf[1:],
        resolution=float(dpi),
        creationDate=None,
        producer="sample_docs scanner",
    )


def break_text_layer(path, mode: str, seed: int):
    """Make the text layer useless while the page still looks right.

    mode "scramble": rewrite each font's ToUnicode CMap so every glyph maps to a wrong
    character (mojibake, like a legacy-encoded file read with the wrong code page).
    mode "drop": delete ToUnicode, so extractors see only glyph ids ((cid:N) / nothing).
    """
    rng = random.Random(seed)
    pool = [
        chr(c) for c in list(range(0xC0, 0x100)) + list(range(0x152, 0x17F)) + list(range(0x2020, 0x2030))
    ]
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        seen = set()
        for page in pdf.pages:
            fonts = page.Resources.get("/Font", {})
            for name in list(fonts.keys()):
                f = fonts[name]
                if f.objgen in seen:
                    continue
                seen.add(f.objgen)
                if "/ToUnicode" not in f:
                    continue
                if mode == "drop":
                    del f["/ToUnicode"]
                    # also strip the embedded font's cmap hint: mark as symbolic
                    continue
                cm = f.ToUnicode.read_bytes().decode("latin-1")

                def repl(m):
                    return f"<{m.group(1)}> <{ord(rng.choice(pool)):04X}>"

                cm = re.sub(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,8})>", repl, cm)
                f.ToUnicode = pdf.make_stream(cm.encode("latin-1"))
        pdf.save(path)
