"""PDF/A-2b plumbing shared by the archival copy's builder (``ingest/archival_copy.py``) and
its check (``archival_check.py``): the sRGB output intent, the XMP identification and Dublin
Core metadata, and the glyphless font that carries the invisible OCR text.

Everything here is pikepdf (qpdf): no PDF is written by hand outside a content stream.
"""

from __future__ import annotations

import os
import unicodedata
import zlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pikepdf
from pikepdf import Array, Dictionary, Name

from archive_service.errors import ArchivalCopyError

PDFA_PART = "2"
PDFA_CONFORMANCE = "B"
PDFA_LABEL = "2b"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
FONT_NAME = Name("/GlyphLessFont")
FONT_RESOURCE = Name("/FArchOCR")
CHAR_ASPECT = 2  # the glyphless font's one glyph is half an em wide
# Tesseract's own glyphless font (package tesseract-ocr), the one its PDF renderer embeds
GLYPHLESS_FONT_PATHS = ("/usr/share/tesseract-ocr/5/tessdata/pdf.ttf",
                        "/usr/share/tesseract-ocr/4.00/tessdata/pdf.ttf",
                        "/usr/share/tessdata/pdf.ttf")
PRODUCER = "archive-service (pikepdf/qpdf)"
Matrix = np.ndarray  # 3×3 affine, homogeneous coordinates

# Identity map from 2-byte codes to UTF-16 code units: the text is written as its own UTF-16BE.
_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def srgb_profile() -> bytes:
    """An sRGB ICC profile made by littlecms (Pillow's ImageCms), labelled ICC v4.2.

    littlecms writes v4.4 in the header; PDF/A-2 (ISO 32000-1) refers to ICC.1:2004-10 (v4.2),
    and the profile uses nothing 4.3/4.4 added, so the version field is set to 4.2 and the
    optional profile ID (an MD5 over the header) cleared.
    """
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[8:12] = bytes((4, 0x20, 0, 0))
    data[84:100] = bytes(16)
    return bytes(data)


def add_output_intent(pdf: pikepdf.Pdf) -> None:
    """The sRGB output intent (GTS_PDFA1) that device colours are interpreted against."""
    icc = pdf.make_stream(srgb_profile())
    icc.N = 3
    icc.Alternate = Name.DeviceRGB
    intent = Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1,
                        OutputConditionIdentifier=OUTPUT_CONDITION, Info=OUTPUT_CONDITION,
                        RegistryName="http://www.color.org", DestOutputProfile=icc)
    pdf.Root.OutputIntents = pdf.make_indirect(Array([intent]))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value if v)
    return unicodedata.normalize("NFC", str(value)).strip()


def describe(metadata: dict[str, Any]) -> str:
    """One readable line of the document's fields (Số, ngày, cơ quan ban hành …) for
    dc:description, so a reader of the PDF alone sees them."""
    labels = (("doc_type", "Loại"), ("number", "Số"), ("issued_date", "Ngày"),
              ("issuer", "Cơ quan ban hành"), ("place", "Địa danh"), ("subject", "Trích yếu"),
              ("signing_authority", "Thẩm quyền ký"), ("signer_title", "Chức vụ"),
              ("signer", "Người ký"), ("confidentiality", "Độ mật"), ("urgency", "Độ khẩn"))
    return ". ".join(f"{label}: {_text(metadata.get(name))}" for name, label in labels
                     if _text(metadata.get(name)))


def write_xmp(pdf: pikepdf.Pdf, metadata: dict[str, Any], *, fallback_title: str,
              created: datetime | None = None) -> None:
    """Replace the PDF's XMP and document info with the PDF/A-2b identification and the
    document's metadata, in predefined schemas only (Dublin Core, XMP, PDF): a PDF/A file may
    not use a custom XMP property without an extension schema.

    Mapping: dc:title ← trích yếu (subject), dc:creator ← cơ quan ban hành, dc:identifier ←
    số và ký hiệu, dc:date ← ngày ban hành, dc:type ← loại văn bản, dc:contributor ← người ký
    (with title), dc:coverage ← địa danh, dc:description ← every field in one line.
    """
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    stamp = (created or datetime.now(UTC)).replace(microsecond=0).isoformat()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["pdfaid:part"] = PDFA_PART
        meta["pdfaid:conformance"] = PDFA_CONFORMANCE
        meta["dc:title"] = _text(metadata.get("subject")) or fallback_title
        if _text(metadata.get("issuer")):
            meta["dc:creator"] = [_text(metadata.get("issuer"))]
        if describe(metadata):
            meta["dc:description"] = describe(metadata)
        if _text(metadata.get("number")):
            meta["dc:identifier"] = _text(metadata.get("number"))
        issued = metadata.get("issued_date")
        if isinstance(issued, date | str) and str(issued)[:10].count("-") == 2:
            meta["dc:date"] = [str(issued)[:10]]
        if _text(metadata.get("doc_type")):
            meta["dc:type"] = {_text(metadata.get("doc_type"))}
        signer = " ".join(_text(metadata.get(k)) for k in ("signer_title", "signer")).strip()
        if _text(metadata.get("signer")):
            meta["dc:contributor"] = {signer}
        if _text(metadata.get("place")):
            meta["dc:coverage"] = _text(metadata.get("place"))
        meta["dc:language"] = {_text(metadata.get("language")) or "vi"}
        meta["dc:format"] = "application/pdf"
        meta["xmp:CreatorTool"] = PRODUCER
        meta["pdf:Producer"] = PRODUCER
        meta["xmp:CreateDate"] = stamp
        meta["xmp:ModifyDate"] = stamp
        meta["xmp:MetadataDate"] = stamp
    pdf.Root.Lang = "vi-VN"


def glyphless_font_path() -> Path:
    """Tesseract's glyphless font, or ArchivalCopyError when it is not installed."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = ([str(Path(prefix) / "pdf.ttf")] if prefix else []) + list(GLYPHLESS_FONT_PATHS)
    for candidate in candidates:
        if Path(candidate).is_file():
            return Path(candidate)
    raise ArchivalCopyError("Thiếu phông chữ pdf.ttf của Tesseract (gói tesseract-ocr) để ghi "
                            "lớp chữ ẩn của bản PDF/A.")


def glyphless_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """An embedded Type0 font over Tesseract's pdf.ttf (one invisible glyph for every code),
    with an identity ToUnicode map: text shown with it extracts as the UTF-16 it was written in.
    The same construction as Tesseract's PDF renderer and OCRmyPDF's hocrtransform."""
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=FONT_NAME, Flags=5, ItalicAngle=0, Ascent=1000,
        Descent=-1, CapHeight=1000, StemV=80, FontBBox=[0, 0, 1000 // CHAR_ASPECT, 1000],
        FontFile2=pdf.make_stream(glyphless_font_path().read_bytes())))
    cid_font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=FONT_NAME,
        CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=descriptor, DW=1000 // CHAR_ASPECT,
        CIDToGIDMap=pdf.make_stream(zlib.compress(b"\x00\x01" * 65536), Filter=Name.FlateDecode)))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=FONT_NAME, Encoding=Name("/Identity-H"),
        DescendantFonts=[cid_font], ToUnicode=pdf.make_stream(_TO_UNICODE)))


def encode_text(text: str) -> bytes:
    """A word as the glyphless font's codes: its NFC text in UTF-16BE (characters outside the
    Basic Multilingual Plane, never Vietnamese, become U+FFFD)."""
    nfc = unicodedata.normalize("NFC", text)
    return "".join(c if ord(c) <= 0xFFFF else "\ufffd" for c in nfc).encode("utf-16-be")


def clean_pdf(pdf: pikepdf.Pdf) -> None:
    """Remove what PDF/A forbids and a PDF original may carry: JavaScript and other actions
    that run by themselves, LZW compression, a stale XMP/info (rewritten later)."""
    names = pdf.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        del names["/JavaScript"]
    for key in ("/OpenAction", "/AA", "/Perms"):
        if key in pdf.Root:
            del pdf.Root[key]
    form_fonts = (pdf.Root.get("/AcroForm") or Dictionary()).get("/DR", Dictionary()).get("/Font")
    if isinstance(form_fonts, Dictionary):  # fonts for filling fields in, never drawn here
        for name in [n for n, f in form_fonts.items() if not font_embedded(f)]:
            del form_fonts[name]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            if "/AA" in obj:
                del obj["/AA"]
            action = obj.get("/A")
            if isinstance(action, pikepdf.Dictionary) and action.get("/S") == Name.JavaScript:
                del obj["/A"]
        if isinstance(obj, pikepdf.Stream) and Name.LZWDecode in _filters(obj):
            obj.write(obj.read_bytes())  # decoded: qpdf Flate-compresses it on save


def _filters(stream: pikepdf.Stream) -> list:
    value = stream.get("/Filter")
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def font_embedded(font: pikepdf.Object) -> bool:
    """Whether a font dictionary's program is in the file (Type3 glyphs always are)."""
    subtype = font.get("/Subtype")
    if subtype == Name.Type3:
        return True
    if subtype == Name.Type0:
        descendants = font.get("/DescendantFonts") or []
        return bool(descendants) and all(font_embedded(d) for d in descendants)
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _unembedded_in(resources: Any, depth: int = 0) -> bool:
    """Whether a resource dictionary (its forms and patterns included) uses a font whose
    program is not embedded."""
    if not isinstance(resources, Dictionary) or depth > 6:
        return False
    fonts = resources.get("/Font")
    if isinstance(fonts, Dictionary) and not all(
            font_embedded(f) for f in fonts.values() if isinstance(f, Dictionary)):
        return True
    for kind in ("/XObject", "/Pattern"):
        group = resources.get(kind)
        if isinstance(group, Dictionary) and any(
                _unembedded_in(x.get("/Resources"), depth + 1) for x in group.values()
                if isinstance(x, Dictionary | pikepdf.Stream)):
            return True
    return False


def annotations_with_unembedded_fonts(page: pikepdf.Page) -> list[pikepdf.Object]:
    """The page's annotations whose appearances draw a font that is not embedded (the
    Times-Roman of e-signature stamps, for one)."""
    found = []
    for annot in page.obj.get("/Annots", []):
        streams = []
        for state in (annot.get("/AP") or {}).values():
            streams += [state] if isinstance(state, pikepdf.Stream) else list(state.values())
        if any(_unembedded_in(s.get("/Resources")) for s in streams
               if isinstance(s, pikepdf.Stream)):
            found.append(annot)
    return found


def content_has_unembedded_fonts(page: pikepdf.Page) -> bool:
    """Whether the page's own content (forms and patterns included) draws such a font."""
    return _unembedded_in(page.resources)


def pages_with_unembedded_fonts(pdf: pikepdf.Pdf) -> set[int]:
    """Indexes of the pages whose content or annotations' appearances use a font not embedded
    (the standard 14 fonts of many office PDFs): PDF/A forbids them."""
    return {index for index, page in enumerate(pdf.pages)
            if content_has_unembedded_fonts(page) or annotations_with_unembedded_fonts(page)}


# --- page geometry (3×3 affine matrices, homogeneous coordinates) ---------------------------

def affine(a: float, b: float, c: float, d: float, e: float, f: float) -> Matrix:
    """x' = a·x + b·y + c, y' = d·x + e·y + f."""
    return np.array([[a, b, c], [d, e, f], [0.0, 0.0, 1.0]])


def display_to_user(page: pikepdf.Page) -> tuple[Matrix, tuple[float, float]]:
    """The transform from the page as displayed (points, y up, origin at the lower left of the
    crop box as turned by /Rotate) to its user space, and the displayed size."""
    x0, y0, x1, y1 = (float(v) for v in page.cropbox)
    w, h = x1 - x0, y1 - y0
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    inner = {0: affine(1, 0, 0, 0, 1, 0), 90: affine(0, -1, w, 1, 0, 0),
             180: affine(-1, 0, w, 0, -1, h), 270: affine(0, 1, 0, -1, 0, h)}[rotate]
    size = (h, w) if rotate in (90, 270) else (w, h)
    return affine(1, 0, x0, 0, 1, y0) @ inner, size


def pixels_to_points(dpi: float, height_pt: float) -> Matrix:
    """Scan pixels (y down) to displayed points (y up) at ``dpi``."""
    scale = 72.0 / dpi
    return affine(scale, 0, 0, 0, -scale, height_pt)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return float(m[0, 0] * x + m[0, 1] * y + m[0, 2]), float(m[1, 0] * x + m[1, 1] * y + m[1, 2])
