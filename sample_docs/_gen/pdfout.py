"""PDF back ends: born-digital (fpdf2, embedded Unicode font), scanned, mixed, garbage text layer,
and e-signing (signature fields whose appearances stamp the number and day into the blanks)."""

from __future__ import annotations

import datetime
import io
import math
import random
import re
import zlib

import pikepdf
from fpdf import FPDF
from PIL import Image

from .layout import A4_H, A4_W, FONT_FILES, Frame, Page, Rule, Stamp, Text, text_width
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
        if getattr(op, "sig_field", False):
            continue  # drawn by esign() as a signature-field appearance
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


# ---------------------------------------------------------------- e-signing
# Vietnamese e-signing tools (VGCA, SmartCA, …) sign a finished born-digital file several times:
# the signer's signature image (+ seal) over the signature block, the document number and day
# stamped into the printed blanks `Số:      /TB-UBND` / `ngày      tháng`, and the issuing
# office's box ("Ký bởi: … Thời gian ký: …") at the top of page 1.  Each is a signature field
# (/FT /Sig widget, /F 132 = print + locked) whose appearance (/AP /N) draws it; none of it is
# in the page's text layer.  Appearances follow the layered layout these tools write:
# /N → /FRM → /n0 ("% DSBlank") + /n2 (the content).  No real cryptography: /Contents is zeros.

SIG_FONTS = {"r": "/Times-Roman", "i": "/Times-Italic", "b": "/Times-Bold"}
BOX_W, BOX_H = 210.0, 54.0  # the "Ký bởi" box, points


def _form(pdf, content: bytes, bbox, resources=None):
    return pdf.make_stream(
        zlib.compress(content),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        FormType=1,
        BBox=bbox,
        Matrix=[1, 0, 0, 1, 0, 0],
        Resources=resources if resources is not None else pikepdf.Dictionary(),
        Filter=pikepdf.Name.FlateDecode,
    )


def _appearance(pdf, w: float, h: float, n2):
    bbox = [0, 0, round(w, 2), round(h, 2)]
    n0 = _form(pdf, b"% DSBlank\n", [0, 0, 100, 100])
    frm = _form(
        pdf,
        b"q 1 0 0 1 0 0 cm /n0 Do Q\nq 1 0 0 1 0 0 cm /n2 Do Q\n",
        bbox,
        pikepdf.Dictionary(XObject=pikepdf.Dictionary(n0=n0, n2=n2)),
    )
    return _form(
        pdf, b"q 1 0 0 1 0 0 cm /FRM Do Q\n", bbox, pikepdf.Dictionary(XObject=pikepdf.Dictionary(FRM=frm))
    )


def _digits_n2(pdf, op: Text, x0: float, y0: float, w: float, h: float):
    """The stamped digits in a standard Type1 font (base 14, not embedded)."""
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name(SIG_FONTS[op.font]),
        Encoding=pikepdf.Name.WinAnsiEncoding,
    )
    tx, ty = op.x - x0, (A4_H - op.y) - y0
    content = f"BT\n1 0 0 1 {tx:.2f} {ty:.2f} Tm\n/F1 {op.size:g} Tf\n0 0 0 rg\n({op.text})Tj\nET\n"
    res = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    return _form(pdf, content.encode("ascii"), [0, 0, round(w, 2), round(h, 2)], res)


def _image_n2(pdf, img: Image.Image, w: float, h: float):
    """An RGBA image (seal + signature) as an image XObject with a soft mask."""
    smask = pdf.make_stream(
        zlib.compress(img.getchannel("A").tobytes()),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=img.width,
        Height=img.height,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    im = pdf.make_stream(
        zlib.compress(img.convert("RGB").tobytes()),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=img.width,
        Height=img.height,
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
        SMask=smask,
    )
    content = f"q {w:.2f} 0 0 {h:.2f} 0 0 cm /img1 Do Q\n".encode("ascii")
    res = pikepdf.Dictionary(XObject=pikepdf.Dictionary(img1=im))
    return _form(pdf, content, [0, 0, round(w, 2), round(h, 2)], res)


def _box_n2(pdf, lines: list[str], keep: list):
    """The "Ký bởi" box: a small emblem and a few lines of Vietnamese text (embedded Termes,
    drawn by fpdf2 on a page the size of the box, then turned into a form XObject)."""
    box = FPDF(unit="pt", format=(BOX_W, BOX_H))
    box.set_auto_page_break(False)
    box.set_margin(0)
    box.set_creation_date(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    box.add_font("r", "", FONT_FILES["r"])
    box.add_page()
    red = (200, 30, 40)
    box.set_draw_color(*red)
    box.set_fill_color(*red)
    box.set_line_width(1.6)
    cx, cy, r = 24.0, BOX_H / 2, 19.0
    box.ellipse(cx - r, cy - r, 2 * r, 2 * r)
    box.set_line_width(0.6)
    box.ellipse(cx - r + 4, cy - r + 4, 2 * r - 8, 2 * r - 8)
    star = []
    for k in range(10):
        rr = 9.0 if k % 2 == 0 else 3.6
        a = math.radians(-90 + 36 * k)
        star.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    box.polygon(star, style="F")
    box.set_text_color(0, 0, 0)
    size = 8.6
    while max(text_width(ln, "r", size) for ln in lines) > BOX_W - 52:
        size -= 0.2
    box.set_font("r", size=size)
    y = BOX_H / 2 - (len(lines) - 1) * 10.2 / 2 + 3
    for ln in lines:
        box.text(50, y, ln)
        y += 10.2
    src = pikepdf.open(io.BytesIO(bytes(box.output())))
    keep.append(src)  # copied streams are read from it when the target is saved
    return pdf.copy_foreign(src.pages[0].as_form_xobject())


def esign(pages, path, spec: dict):
    """Turn a born-digital file into an e-signed one: every op marked ``sig_field`` (skipped by
    the text layer) becomes a signature field, plus the "Ký bởi" box on page 1.

    spec: {"signer_time", "stamp_time", "box_time": "YYYYMMDDHHMMSS" (+07:00),
           "box_lines": [text lines of the box]}
    """

    def sig_value(pdf, when):
        return pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Sig,
                Filter=pikepdf.Name("/Adobe.PPKLite"),
                SubFilter=pikepdf.Name("/ETSI.CAdES.detached"),
                M=pikepdf.String(f"D:{when}+07'00'"),
                Reason=pikepdf.String(""),
                Location=pikepdf.String(""),
                ContactInfo=pikepdf.String(""),
                ByteRange=[0, 0, 0, 0],  # dummy: nothing is really signed
                Contents=pikepdf.String(bytes(2048)),
            )
        )

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        fields = []  # (order, widget): the signer signs first, then the office stamps
        sources = []  # PDFs whose objects were copied in: open until saved

        def widget(page_obj, rect, n2, when, order):
            x0, y0, x1, y1 = rect
            w = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Widget,
                    FT=pikepdf.Name.Sig,
                    F=132,
                    Rect=[round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)],
                    P=page_obj.obj,
                    V=sig_value(pdf, when),
                    AP=pikepdf.Dictionary(N=_appearance(pdf, x1 - x0, y1 - y0, n2)),
                )
            )
            if "/Annots" not in page_obj.obj:
                page_obj.obj.Annots = pdf.make_indirect(pikepdf.Array())
            page_obj.obj.Annots.append(w)
            fields.append((order, w))

        for i, page in enumerate(pages):
            page_obj = pdf.pages[i]
            for op in page.ops:
                if not getattr(op, "sig_field", False):
                    continue
                if isinstance(op, Text):
                    # the field a little larger than the stamped digits (and the blank under them)
                    tw = text_width(op.text, op.font, op.size)
                    base = A4_H - op.y
                    x0, y0, x1, y1 = op.x - 8, base - 7, op.x + tw + 4, base + op.size + 5
                    widget(
                        page_obj,
                        (x0, y0, x1, y1),
                        _digits_n2(pdf, op, x0, y0, x1 - x0, y1 - y0),
                        spec["stamp_time"],
                        1,
                    )
                elif isinstance(op, Stamp):
                    img, (lx, ty) = stamp_rgba(op, 200)
                    w, h = img.width * 72 / 200, img.height * 72 / 200
                    x0, y1 = lx, A4_H - ty
                    n2 = _image_n2(pdf, img, w, h)
                    widget(page_obj, (x0, y1 - h, x0 + w, y1), n2, spec["signer_time"], 0)
            if i == 0:
                x1, y1 = A4_W - 10, A4_H - 4
                widget(
                    page_obj,
                    (x1 - BOX_W, y1 - BOX_H, x1, y1),
                    _box_n2(pdf, spec["box_lines"], sources),
                    spec["box_time"],
                    2,
                )
        fields.sort(key=lambda f: f[0])  # stable: page order within each signing step
        for k, (_, w) in enumerate(fields):
            w.T = pikepdf.String(f"Signature{k + 1}")
        helv = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
        pdf.Root.AcroForm = pdf.make_indirect(
            pikepdf.Dictionary(
                Fields=pikepdf.Array([w for _, w in fields]),
                SigFlags=3,
                DA=pikepdf.String("/Helv 0 Tf 0 g "),
                DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helv)),
            )
        )
        pdf.save(path, deterministic_id=True)
