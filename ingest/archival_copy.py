"""The archival copy (bản số hóa): a two-layer PDF/A-2b of each document, built from what is
already stored: the original file and the pages' word boxes (a page is never OCR'd twice).

Each page shows the scan as scanned, at 100% scale and its own resolution (pages under 200 dpi
are flagged, never upscaled): a JPEG's bytes go in unchanged (DCTDecode), a PNG's compressed
data too (FlateDecode with PNG predictors), a single-strip CCITT G4 TIFF page as CCITTFaxDecode;
anything else (WebP, LZW TIFF, alpha, 16 bits) is decoded and stored losslessly (Flate). A scanned
PDF keeps its pages, images included, byte for byte. Over each scan lies the OCR text, invisible
(render mode 3), in Tesseract's glyphless font: every word box, stored in the coordinates of the
prepared page (scaled, deskewed, turned upright: ``ingest/ocr.py``), is mapped back onto the scan.
Born-digital pages stay as they are; a page whose own text layer is garbage is drawn as an image
(as OCRmyPDF's ``--force-ocr`` does) under its OCR text. PDF/A parts: ``archive_service.pdfa``;
the check: ``archive_service.archival_check``; the record: ``archive_service.archival``.
"""

from __future__ import annotations

import io
import logging
import math
import struct
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image

from archive_service import archival, pdfa
from archive_service.archival_check import (
    CheckReport,
    EncodedImage,
    Expectation,
    check_archival_copy,
    encoded_image,
    inspect_archival_copy,
)
from archive_service.catalog import Catalog, effective_metadata
from archive_service.errors import ArchivalCopyError, ArchiveError
from archive_service.intake import load_frame, open_image
from archive_service.models import Document
from archive_service.pdfa import Matrix, affine, apply, display_to_user, pixels_to_points
from archive_service.records import Page, Word
from ingest import pdf as pdfs
from ingest.images import image_dpi
from ingest.ocr import NATIVE_DPI, TARGET_DPI

log = logging.getLogger(__name__)

MIN_DPI = 200  # Thông tư 05/2025: administrative documents at 200 dpi at least
TEXT_RENDER_DPI = 300  # a born-digital page whose fonts are not embedded is drawn at this
FLATE_LEVEL = 3  # decoded scans: against 6, +20% size for half the time (bench/RESULTS.md)


@dataclass
class BuiltCopy:
    """What was written: how each page was made, and the pages under 200 dpi."""

    low_dpi_pages: list[int] = field(default_factory=list)
    methods: dict[int, str] = field(default_factory=dict)
    font_pages: set[int] = field(default_factory=set)  # PDF pages using fonts not embedded


# --- geometry: from the prepared page's pixels back to the scan ------------------------------


def prepared_to_scan(page: Page, scan_size: tuple[int, int], dpi: int) -> Matrix:
    """The transform from ``page``'s word-box pixels to the scan's pixels, replaying what
    ``ocr.prepare_page`` did (scale outside 150–400 dpi, deskew on a grown canvas, quarter
    turns); ArchivalCopyError when the replay does not give the stored page size."""
    width, height = scan_size
    factor = TARGET_DPI / dpi if not NATIVE_DPI[0] <= dpi <= NATIVE_DPI[1] else 1.0
    w, h = (round(width * factor), round(height * factor)) if factor != 1.0 else (width, height)
    forward = affine(w / width, 0, 0, 0, h / height, 0)
    if abs(page.skew) >= 0.1:
        rad = math.radians(page.skew)
        alpha, beta = math.cos(rad), math.sin(rad)
        cx, cy = w / 2, h / 2
        new_w, new_h = int(h * abs(beta) + w * abs(alpha)), int(h * abs(alpha) + w * abs(beta))
        forward = affine(alpha, beta, (1 - alpha) * cx - beta * cy + new_w / 2 - cx,
                          -beta, alpha, beta * cx + (1 - alpha) * cy + new_h / 2 - cy) @ forward
        w, h = new_w, new_h
    turns = {90: (affine(0, -1, h, 1, 0, 0), (h, w)), 180: (affine(-1, 0, w, 0, -1, h), (w, h)),
             270: (affine(0, 1, 0, -1, 0, w), (h, w))}
    if page.rotation in turns:
        turn, (w, h) = turns[page.rotation]
        forward = turn @ forward
    if (w, h) != (round(page.width), round(page.height)):
        raise ArchivalCopyError(f"Trang {page.number}: không khớp được hộp chữ với ảnh quét "
                                f"({w}×{h} so với {page.width:.0f}×{page.height:.0f}).")
    return np.linalg.inv(forward)



# --- the invisible text layer ----------------------------------------------------------------


def text_layer(words: list[Word], to_user: Matrix) -> bytes:
    """A content stream showing each word invisibly (3 Tr) over its box, stretched (Tz) to the
    box's length. The text runs along the nearest quarter turn to the word's direction on the
    scan, centred on the box: poppler (pdftotext) breaks slanted text into single letters, so a
    skewed scan's words are laid level over their place."""
    ops = ["BT", "3 Tr"]
    for word in words:
        code = pdfa.encode_text(word.text.strip())
        placed = _placement(word, to_user)
        if not code or placed is None:
            continue
        (ux, uy), (ox, oy), length, size = placed
        stretch = 100.0 * length / (len(code) // 2 * size / pdfa.CHAR_ASPECT)
        ops.append(f"{pdfa.FONT_RESOURCE} {size:.2f} Tf {stretch:.2f} Tz "
                   f"{ux:.0f} {uy:.0f} {-uy:.0f} {ux:.0f} {ox:.2f} {oy:.2f} Tm <{code.hex()}> Tj")
    ops.append("ET")
    return ("\n".join(ops) + "\n").encode("ascii")


def _placement(word: Word, to_user: Matrix
               ) -> tuple[tuple[float, float], tuple[float, float], float, float] | None:
    """(direction, baseline origin, length, font size) of a word on the page, or None when its
    box is empty. The size is the box's height, or less for a box taller than its letters are
    wide: glyphs squeezed under their width overlap, and poppler drops overlapping letters."""
    corners = [apply(to_user, x, y) for x, y in
               ((word.x0, word.y1), (word.x1, word.y1), (word.x1, word.y0), (word.x0, word.y0))]
    (bx, by), (ex, ey), _, (tx, ty) = corners
    length, size = math.hypot(ex - bx, ey - by), math.hypot(tx - bx, ty - by)
    if length < 0.01 or size < 0.01:
        return None
    angle = math.atan2(ey - by, ex - bx)
    level = round(angle / (math.pi / 2)) * (math.pi / 2)
    ux, uy = round(math.cos(level)), round(math.sin(level))
    cx, cy = sum(c[0] for c in corners) / 4, sum(c[1] for c in corners) / 4
    length *= abs(math.cos(angle - level))
    size = min(size, length * pdfa.CHAR_ASPECT / max(len(word.text.strip()), 1))
    origin = (cx - ux * length / 2 + uy * size / 2, cy - uy * length / 2 - ux * size / 2)
    return (ux, uy), origin, length, size


def _add_text(pdf: pikepdf.Pdf, page: pikepdf.Page, words: list[Word], to_user: Matrix,
              font: pikepdf.Object) -> None:
    if not words:
        return
    page.add_resource(font, Name.Font, pdfa.FONT_RESOURCE)
    page.contents_add(pdf.make_stream(text_layer(words, to_user)))


# --- page images, passed through where the format allows ------------------------------------

def _image_stream(pdf: pikepdf.Pdf, data: bytes, width: int, height: int, colour: Any,
                  bits: int, **extra: Any) -> pikepdf.Stream:
    stream = pdf.make_stream(data)
    stream.Type, stream.Subtype = Name.XObject, Name.Image
    stream.Width, stream.Height = width, height
    stream.ColorSpace, stream.BitsPerComponent = colour, bits
    for key, value in extra.items():
        stream[Name("/" + key)] = value
    return stream


def pdf_pixels(frame: Image.Image) -> Image.Image:
    """A decoded scan in a mode a PDF image holds losslessly: 1-bit, grey or RGB as they are;
    palette to RGB; alpha flattened on white; 16-bit and float grey to 8 bits; CMYK to RGB."""
    if frame.mode in ("1", "L", "RGB"):
        return frame
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        flat = Image.new("RGB", frame.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if frame.mode.startswith(("I", "F")):
        array = np.asarray(frame, dtype=np.float64)
        top = 65535.0 if frame.mode.startswith("I;16") or array.max() > 255 else 255.0
        return Image.fromarray(np.clip(array * 255.0 / top, 0, 255).astype(np.uint8), "L")
    return frame.convert("RGB")


def _flate_image(pdf: pikepdf.Pdf, frame: Image.Image) -> pikepdf.Stream:
    """A decoded scan stored losslessly (Flate)."""
    image = pdf_pixels(frame)
    colour = Name.DeviceRGB if image.mode == "RGB" else Name.DeviceGray
    bits = 1 if image.mode == "1" else 8
    data = zlib.compress(image.tobytes(), FLATE_LEVEL)
    return _image_stream(pdf, data, image.width, image.height, colour, bits,
                         Filter=Name.FlateDecode)


def _jpeg_stream(pdf: pikepdf.Pdf, path: Path, image: Image.Image) -> pikepdf.Stream | None:
    """The JPEG file itself (DCTDecode) when it is grey or RGB and not turned by EXIF."""
    if image.mode not in ("L", "RGB") or image.getexif().get(0x0112, 1) != 1:
        return None
    colour = Name.DeviceRGB if image.mode == "RGB" else Name.DeviceGray
    return _image_stream(pdf, path.read_bytes(), image.width, image.height, colour, 8,
                         Filter=Name.DCTDecode)


def _png_stream(pdf: pikepdf.Pdf, path: Path) -> pikepdf.Stream | None:
    """The PNG's zlib data itself (FlateDecode, PNG predictors) for a non-interlaced grey, RGB
    or palette image of 1–8 bits without transparency."""
    data = path.read_bytes()
    pos, idat, palette, header = 8, [], b"", None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"tRNS":
            return None
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        return None
    width, height, bits, colour_type, _, _, interlace = header
    colours = {0: (Name.DeviceGray, 1), 2: (Name.DeviceRGB, 3)}
    if interlace or bits > 8 or colour_type not in (0, 2, 3):
        return None
    if colour_type == 3:
        colour = Array([Name.Indexed, Name.DeviceRGB, len(palette) // 3 - 1, pikepdf.String(palette)])
        components = 1
    else:
        colour, components = colours[colour_type]
    parms = Dictionary(Predictor=15, Colors=components, BitsPerComponent=bits, Columns=width)
    return _image_stream(pdf, b"".join(idat), width, height, colour, bits,
                         Filter=Name.FlateDecode, DecodeParms=parms)


def _ccitt_stream(pdf: pikepdf.Pdf, path: Path, image: Image.Image, max_pixels: int
                  ) -> tuple[pikepdf.Stream | None, str]:
    """A 1-bit CCITT G4 TIFF page as CCITTFaxDecode: its bytes unchanged when in one strip;
    else losslessly coded again as one G4 strip (strips cannot be joined: each starts anew)."""
    tags = image.tag_v2
    if image.info.get("compression") != "group4" or image.getexif().get(0x0112, 1) != 1:
        return None, ""
    offsets, counts = tags.get(273), tags.get(279)
    if tags.get(266, 1) == 1 and offsets and len(offsets) == 1:
        with path.open("rb") as fh:
            fh.seek(offsets[0])
            data, method, photometric = fh.read(counts[0]), "tiff-ccitt-g4", tags.get(262, 0)
    else:
        frame = load_frame(image, image.tell(), max_pixels=max_pixels)
        buf = io.BytesIO()
        frame.save(buf, format="TIFF", compression="group4", tiffinfo={278: frame.height})
        with Image.open(buf) as single:
            start, length = single.tag_v2[273][0], single.tag_v2[279][0]
            photometric = single.tag_v2.get(262, 0)
        data, method = buf.getvalue()[start:start + length], "tiff-ccitt-g4-one-strip"
    # BlackIsZero (262 = 1) TIFFs code black as the fax's white runs
    parms = Dictionary(K=-1, Columns=image.width, Rows=image.height, BlackIs1=photometric == 1)
    return _image_stream(pdf, data, image.width, image.height, Name.DeviceGray, 1,
                         Filter=Name.CCITTFaxDecode, DecodeParms=parms), method


def _passthrough(pdf: pikepdf.Pdf, path: Path, kind: str, image: Image.Image, max_pixels: int
                 ) -> tuple[pikepdf.Stream | None, str]:
    if kind == "jpeg":
        return _jpeg_stream(pdf, path, image), "jpeg-dct"
    if kind == "png" and image.getexif().get(0x0112, 1) == 1:
        return _png_stream(pdf, path), "png-flate"
    if kind == "tiff":
        return _ccitt_stream(pdf, path, image, max_pixels)
    return None, ""


# --- building the pages ----------------------------------------------------------------------

def _scan_page(pdf: pikepdf.Pdf, xobject: pikepdf.Stream, size_pt: tuple[float, float]
               ) -> pikepdf.Page:
    """A new page (not yet in the page tree) showing one image over its whole area (100%)."""
    content = f"q {size_pt[0]:.4f} 0 0 {size_pt[1]:.4f} 0 0 cm /Im0 Do Q\n".encode("ascii")
    return pikepdf.Page(pdf.make_indirect(Dictionary(
        Type=Name.Page, MediaBox=[0, 0, round(size_pt[0], 4), round(size_pt[1], 4)],
        Resources=Dictionary(XObject=Dictionary(Im0=xobject)),
        Contents=pdf.make_stream(content))))


def _image_pages(pdf: pikepdf.Pdf, original: Path, kind: str, pages: list[Page],
                 max_pixels: int, built: BuiltCopy) -> None:
    font = pdfa.glyphless_font(pdf)
    with open_image(original, max_pixels=max_pixels) as image:
        for page in pages:
            image.seek(page.number - 1)
            dpi = image_dpi(image)
            xobject, method = _passthrough(pdf, original, kind, image, max_pixels)
            size = image.size
            if xobject is None:
                frame = load_frame(image, page.number - 1, max_pixels=max_pixels)
                xobject, method, size = _flate_image(pdf, frame), "flate-lossless", frame.size
            height_pt = size[1] * 72.0 / dpi
            new = _scan_page(pdf, xobject, (size[0] * 72.0 / dpi, height_pt))
            pdf.pages.append(new)
            new = pdf.pages[-1]
            if page.words:
                to_user = pixels_to_points(dpi, height_pt) @ prepared_to_scan(page, size, dpi)
                _add_text(pdf, new, page.words, to_user, font)
            built.methods[page.number] = method
            if dpi < MIN_DPI:
                built.low_dpi_pages.append(page.number)


def _frame_loader(path: Path, index: int, max_pixels: int) -> Callable[[], Image.Image]:
    def load() -> Image.Image:
        with open_image(path, max_pixels=max_pixels) as image:
            return pdf_pixels(load_frame(image, index, max_pixels=max_pixels))
    return load


def _garbage_text(page: Page) -> bool:
    """An OCR'd PDF page whose own text layer is mojibake or (cid:N) runs (not a short, real
    overlay such as an e-signature's 'Ký bởi: …')."""
    text = page.text_layer.strip()
    return bool(text) and pdfs.text_layer_quality(text) < pdfs.MIN_SYLLABLE_SHARE


def _render_resolution(original: Path, index: int) -> tuple[float, int]:
    """(dpi the pipeline drew the page at, dpi of its scan), as ``pipeline._page_jobs`` found
    them: PDFium's answer first (pdfminer lays out every character of a page to list its images,
    seconds on a page full of text); pdfplumber's when the geometry does not match it."""
    return pdfs.read_with_pdfium(original, index)[1]


def _render_resolution_pdfplumber(original: Path, index: int) -> tuple[float, int]:
    import pdfplumber

    with pdfplumber.open(original) as pdf:
        return pdfs.scan_resolution(pdf.pages[index])


def _pdf_page(pdf: pikepdf.Pdf, original: Path, page: Page, font: pikepdf.Object,
              max_pixels: int, built: BuiltCopy) -> None:
    """One page of a PDF original: kept (born-digital, or a scan under its OCR text) or drawn
    as an image under its text (its own text is garbage, or its fonts are not embedded)."""
    index = page.number - 1
    target = pdf.pages[index]
    to_user, (width_pt, height_pt) = display_to_user(target)
    if page.source == "text" and index in built.font_pages and _stamps_only(target):
        _draw_stamps(pdf, original, index, max_pixels)
        stamped = [w for w in page.words if w.block == -1]
        _add_text(pdf, target, stamped, to_user @ affine(1, 0, 0, 0, -1, height_pt), font)
        method = "pdf-text-stamps-drawn"
    elif page.source == "text" and index in built.font_pages:
        image = pdfs.render_page(original, index, dpi=TEXT_RENDER_DPI, max_pixels=max_pixels,
                                 forms=True)
        pdf.pages[index] = _scan_page(pdf, _flate_image(pdf, image), (width_pt, height_pt))
        _add_text(pdf, pdf.pages[index], page.words, affine(1, 0, 0, 0, -1, height_pt), font)
        method = "pdf-text-rendered"
    elif page.source == "text" or page.error:
        stamped = [w for w in page.words if w.block == -1]  # read off e-signing stamps
        _add_text(pdf, target, stamped, to_user @ affine(1, 0, 0, 0, -1, height_pt), font)
        method = "pdf-text" if page.source == "text" else "pdf-unread"
    else:
        render, scan_dpi, to_scan = scan_geometry(original, page, (width_pt, height_pt))
        if _garbage_text(page) or index in built.font_pages:
            image = pdfs.render_page(original, index, dpi=render, max_pixels=max_pixels)
            pdf.pages[index] = _scan_page(pdf, _flate_image(pdf, image), (width_pt, height_pt))
            _add_text(pdf, pdf.pages[index], page.words,
                      pixels_to_points(render, height_pt) @ to_scan, font)
            method = "pdf-rendered"
        else:
            target.contents_add(b"q\n", prepend=True)
            target.contents_add(b"Q\n")
            _add_text(pdf, target, page.words,
                      to_user @ pixels_to_points(render, height_pt) @ to_scan, font)
            method = "pdf-scan"
        if scan_dpi < MIN_DPI:
            built.low_dpi_pages.append(page.number)
    built.methods[page.number] = method


def _stamps_only(page: pikepdf.Page) -> bool:
    """Only annotations (e-signature stamps) draw unembedded fonts, on an unturned page."""
    return not pdfa.content_has_unembedded_fonts(page) and not int(page.obj.get("/Rotate", 0))


def _draw_stamps(pdf: pikepdf.Pdf, original: Path, index: int, max_pixels: int) -> None:
    """Replace the appearance of each annotation drawing an unembedded font by an image of it
    as PDFium draws the page with its fields (300 dpi, whatever lies beneath included): the page
    itself stays as it is."""
    page = pdf.pages[index]
    image = pdfs.render_page(original, index, dpi=TEXT_RENDER_DPI, max_pixels=max_pixels,
                             forms=True)
    to_pixels = np.linalg.inv(pixels_to_points(TEXT_RENDER_DPI, display_to_user(page)[1][1])) \
        @ np.linalg.inv(display_to_user(page)[0])
    for annot in pdfa.annotations_with_unembedded_fonts(page):
        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
        (px0, py0), (px1, py1) = apply(to_pixels, x0, y0), apply(to_pixels, x1, y1)
        box = (round(min(px0, px1)), round(min(py0, py1)), round(max(px0, px1)),
               round(max(py0, py1)))
        width, height = abs(x1 - x0), abs(y1 - y0)
        if box[2] <= box[0] or box[3] <= box[1]:
            continue
        form = pdf.make_stream(f"q {width:.4f} 0 0 {height:.4f} 0 0 cm /Im0 Do Q\n".encode(),
                               Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, width, height],
                               Resources=Dictionary(XObject=Dictionary(
                                   Im0=_flate_image(pdf, image.crop(box)))))
        annot.AP = Dictionary(N=form)
        if "/AS" in annot:
            del annot["/AS"]


def scan_geometry(original: Path, page: Page, size_pt: tuple[float, float]
                  ) -> tuple[float, int, Matrix]:
    """(dpi the pipeline drew the PDF page at, its scan's dpi, the transform from the word
    boxes to that drawing's pixels): PDFium's resolution first, pdfplumber's (the pipeline's
    own reader) when the geometry does not match it (e.g. a page under /Rotate)."""
    render, scan_dpi = _render_resolution(original, page.number - 1)
    try:
        return render, scan_dpi, _rendered_to_scan(page, size_pt, render, scan_dpi)
    except ArchivalCopyError:
        render, scan_dpi = _render_resolution_pdfplumber(original, page.number - 1)
        return render, scan_dpi, _rendered_to_scan(page, size_pt, render, scan_dpi)


def _rendered_to_scan(page: Page, size_pt: tuple[float, float], render: float, scan_dpi: int
                      ) -> Matrix:
    """``prepared_to_scan`` for a page PDFium drew at ``render`` dpi: its pixel size is known
    to a pixel (PDFium rounds up its own float page size), so the neighbours are tried too."""
    width, height = (math.ceil(v * render / 72) for v in size_pt)
    error: ArchivalCopyError | None = None
    for dw, dh in ((0, 0), (1, 0), (0, 1), (1, 1), (-1, 0), (0, -1), (-1, -1), (1, -1), (-1, 1)):
        try:
            return prepared_to_scan(page, (width + dw, height + dh), scan_dpi)
        except ArchivalCopyError as exc:
            error = error or exc
    raise error  # type: ignore[misc]


def _render_loader(path: Path, page: Page, max_pixels: int) -> Callable[[], Image.Image]:
    """The page as PDFium draws it at the resolution it was OCR'd at (a garbage-text page)."""
    def load() -> Image.Image:
        with pikepdf.open(path) as pdf:
            size = display_to_user(pdf.pages[page.number - 1])[1]
        render = scan_geometry(path, page, size)[0]
        return pdfs.render_page(path, page.number - 1, dpi=render, max_pixels=max_pixels)
    return load


def _pdf_image_loader(path: Path, index: int) -> Callable[[], EncodedImage]:
    """The largest image of the original PDF's page as stored (a kept page keeps its bytes)."""
    def load() -> EncodedImage:
        with pikepdf.open(path) as pdf:
            images = pdf.pages[index].get_images().values()
            best = max(images, key=lambda im: int(im.get("/Width", 0)) * int(im.get("/Height", 0)))
            return encoded_image(best)
    return load


def build_archival_copy(original: Path, kind: str, pages: list[Page], metadata: dict[str, Any],
                        out: Path, *, max_pixels: int, title: str) -> BuiltCopy:
    """Write the PDF/A-2b copy of a document to ``out`` from its original and stored pages."""
    built = BuiltCopy()
    with pikepdf.open(original) if kind == "pdf" else pikepdf.new() as pdf:
        if kind == "pdf":
            if len(pdf.pages) != len(pages):
                raise ArchivalCopyError(f"Bản gốc có {len(pdf.pages)} trang, danh mục có "
                                        f"{len(pages)}.")
            pdfa.clean_pdf(pdf)
            font = pdfa.glyphless_font(pdf)
            built.font_pages = pdfa.pages_with_unembedded_fonts(pdf)
            for page in pages:
                _pdf_page(pdf, original, page, font, max_pixels, built)
            if "pdf-text-rendered" in built.methods.values() and "/AcroForm" in pdf.Root:
                del pdf.Root["/AcroForm"]  # its fields are drawn into those pages' images
        else:
            _image_pages(pdf, original, kind, pages, max_pixels, built)
        pdfa.write_xmp(pdf, metadata, fallback_title=title)
        pdfa.add_output_intent(pdf)
        pdf.remove_unreferenced_resources()
        # streams are never decoded and coded again: a kept image keeps its bytes
        pdf.save(out, min_version="1.7", fix_metadata_version=True,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return built


def expected_copy(original: Path, kind: str, pages: list[Page], *, max_pixels: int
                  ) -> Expectation:
    """What the copy of a document must hold (for ``archival_check``): its pages, their text,
    and loaders of each scan's pixels decoded from the original (None for born-digital pages)."""
    scans: list[Callable[[], Image.Image | EncodedImage] | None] = []
    with_images, font_pages, stamps_only = _pdf_facts(original) if kind == "pdf" \
        else (set(), set(), set())
    for page in pages:
        index = page.number - 1
        if kind != "pdf":
            scans.append(_frame_loader(original, index, max_pixels))
        elif page.source == "text" and index in font_pages - stamps_only:
            scans.append(lambda i=index: pdfs.render_page(
                original, i, dpi=TEXT_RENDER_DPI, max_pixels=max_pixels, forms=True))
        elif page.source == "text" or page.error:
            scans.append(None)
        elif _garbage_text(page) or index in font_pages:
            scans.append(_render_loader(original, page, max_pixels))
        elif index in with_images:
            scans.append(_pdf_image_loader(original, index))
        else:  # drawn without an image (vector), OCR'd from a rendering: no pixels to keep
            scans.append(None)
    texts = [_expected_text(p, kind, p.number - 1 in font_pages - stamps_only) for p in pages]
    return Expectation(page_count=len(pages), texts=texts, scans=scans)


def _pdf_facts(original: Path) -> tuple[set[int], set[int], set[int]]:
    """(pages with an image, pages using fonts not embedded, those where only annotations
    do) of a PDF original."""
    with pikepdf.open(original) as pdf:
        with_images = {i for i, page in enumerate(pdf.pages) if page.get_images()}
        fonts = pdfa.pages_with_unembedded_fonts(pdf)
        return with_images, fonts, {i for i in fonts if _stamps_only(pdf.pages[i])}


def _expected_text(page: Page, kind: str, drawn: bool) -> str:
    """What pdftotext must give back for a page: its stored text, plus the PDF's own short
    text where it is kept under the OCR (an e-signature overlay)."""
    if kind == "pdf" and page.source != "text" and not _garbage_text(page) and not drawn:
        return page.text + "\n" + page.text_layer
    return page.text


# --- the worker's step and the later re-run ---------------------------------------------------

def write_archival_copy(catalog: Catalog, doc_id: int, *, user: str = "worker"
                        ) -> archival.CopyOutcome:
    """Build, check, store and record the archival copy of a processed document, from the
    catalog alone. Never raises for the document's sake: a failure is recorded with its reason
    (the document stays done) for ``archive archival-copies --missing`` to try again."""
    started = time.perf_counter()
    outcome = archival.CopyOutcome()
    doc = catalog.get(doc_id)
    if doc.state != "done":  # nothing recorded: the worker writes it once the document is done
        return archival.CopyOutcome(reason=f"Văn bản chưa xử lý xong (trạng thái {doc.state}).")
    try:
        outcome = _write(catalog, doc, user)
    except ArchiveError as exc:
        outcome.reason = exc.message
    except Exception as exc:  # noqa: BLE001 — a bug or an odd file: recorded, never fatal
        log.exception("archival copy of document %d failed", doc_id)
        outcome.reason = f"Lỗi không mong đợi khi ghi bản PDF/A ({type(exc).__name__}: {exc})"
    outcome.seconds = round(time.perf_counter() - started, 3)
    if outcome.reason:
        log.warning("document %d: no archival copy: %s", doc_id, outcome.reason)
    try:
        archival.record_copy(catalog, doc_id, outcome)
    except Exception:  # noqa: BLE001 — the document is done whatever happens here
        log.exception("recording the archival copy of document %d failed", doc_id)
    return outcome


def _write(catalog: Catalog, doc: Document, user: str) -> archival.CopyOutcome:
    pages = [Page.from_dict(row.data) for row in doc.pages]
    original = catalog.verified_original(doc, user=user)
    root = catalog.config.archival_dir
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix=".build-") as tmp:
        out = Path(tmp) / "copy.pdf"
        started = time.perf_counter()
        built = build_archival_copy(original, doc.kind, pages, effective_metadata(doc), out,
                                    max_pixels=catalog.config.get("max_pixels"),
                                    title=doc.original_name)
        build_seconds = time.perf_counter() - started
        expect = expected_copy(original, doc.kind, pages,
                               max_pixels=catalog.config.get("max_pixels"))
        report = check_archival_copy(out, expect)
        sha, size = archival.store_copy(catalog, out)
    detail = {"methods": {str(k): v for k, v in built.methods.items()},
              "build_seconds": round(build_seconds, 3),
              "check_seconds": round(time.perf_counter() - started - build_seconds, 3),
              "check": report.as_dict()}
    return archival.CopyOutcome(sha256=sha, size=size, checked=True,
                                low_dpi_pages=built.low_dpi_pages, detail=detail)


def write_missing_copies(catalog: Catalog) -> dict[int, str]:
    """Write the copy of every done document without a checked one; returns id → state."""
    return {doc_id: write_archival_copy(catalog, doc_id).state
            for doc_id in archival.missing_copies(catalog)}


def check_stored_copy(catalog: Catalog, doc_id: int) -> CheckReport:
    """Check a document's stored archival copy again (for ``archive check``): its bytes against
    their SHA-256, then every rule of ``archival_check``; the report lists what failed."""
    doc = catalog.get(doc_id)
    row = archival.get_copy(catalog, doc_id)
    if row is None or row.state != "ok" or not row.sha256:
        return CheckReport(problems=["chưa có bản lưu trữ PDF/A"])
    store = archival.store_for(catalog)
    if not store.verify(row.sha256):
        return CheckReport(problems=["tệp không còn khớp mã SHA-256 (bị thay đổi hoặc mất)"])
    pages = [Page.from_dict(p.data) for p in doc.pages]
    expect = expected_copy(catalog.store.path_for(doc.sha256), doc.kind, pages,
                           max_pixels=catalog.config.get("max_pixels"))
    return inspect_archival_copy(store.path_for(row.sha256), expect)
