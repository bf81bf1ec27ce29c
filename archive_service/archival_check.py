"""The check every archival copy passes after it is written (and that ``archive check`` can run
again later): what can be verified here of PDF/A-2b without a full validator (veraPDF).

Checked: the XMP declares PDF/A-2b (pdfaid:part 2, conformance B) in an unfiltered metadata
stream; an sRGB (3-component, RGB ICC) GTS_PDFA1 output intent; every font embedded; no
encryption, no JavaScript, no additional actions, no LZW; the page count; each scanned page's
image keeps the scan's pixels (same size, every pixel equal once decoded; a page kept from a PDF
original: the same compressed bytes and decoding as its image there); ``pdftotext`` gives
back the stored text (folded words, order-free, recall and precision above ``MIN_RECALL`` and
``MIN_PRECISION``). Not checked: see the README, "Archival copy".
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from PIL import Image, ImageChops

from archive_service import _poppler, pdfa
from archive_service.errors import ArchivalCopyError
from archive_service.pdfa import PDFA_CONFORMANCE, PDFA_PART, font_embedded

MIN_RECALL = 0.98  # share of the stored words found in pdftotext's output
MIN_PRECISION = 0.90  # share of pdftotext's words that are stored words (it also reads form-field
# appearances such as an e-signature stamp, which the stored text of a born-digital page lacks)
PDFTOTEXT_TIMEOUT = 120.0
_PUNCT = ".,;:!?()[]{}\"'“”‘’«»-–—…*/\\|_"


@dataclass(frozen=True)
class EncodedImage:
    """An image as a PDF stores it: its compressed bytes and everything that says how they
    decode (filters, parameters, colour space, depth; streams they refer to by their hash).
    Two equal ones decode to the same pixels, whatever the filter (JBIG2 and JPEG 2000
    included, which cannot be decoded here)."""

    data: bytes
    decoding: str
    size: tuple[int, int]


def encoded_image(image: pikepdf.Stream) -> EncodedImage:
    """The image XObject ``image`` as an ``EncodedImage``."""
    keys = ("/Filter", "/DecodeParms", "/ColorSpace", "/BitsPerComponent", "/Decode",
            "/ImageMask", "/SMask", "/Mask")
    decoding = "|".join(f"{k}={_canonical(image.get(k))}" for k in keys if k in image)
    return EncodedImage(image.read_raw_bytes(), decoding,
                        (int(image.get("/Width", 0)), int(image.get("/Height", 0))))


def _canonical(obj: object, depth: int = 0) -> str:
    """A PDF object as text that does not depend on object numbers (streams by their hash)."""
    if depth > 8:
        return "…"
    if isinstance(obj, pikepdf.Stream):
        digest = hashlib.sha256(obj.read_raw_bytes()).hexdigest()[:16]
        rest = {k: v for k, v in obj.items() if k != "/Length"}
        return f"stream:{digest}{_canonical(pikepdf.Dictionary(rest), depth + 1)}"
    if isinstance(obj, pikepdf.Dictionary):
        return "<<" + " ".join(f"{k} {_canonical(obj[k], depth + 1)}" for k in sorted(obj.keys())) + ">>"
    if isinstance(obj, pikepdf.Array):
        return "[" + " ".join(_canonical(v, depth + 1) for v in obj) + "]"
    return str(obj)


@dataclass
class Expectation:
    """What a copy must hold: its pages, their stored text, and for each page that is a scan,
    a loader of the scan as decoded from the original, or as the original PDF stores it (None:
    no scan to compare)."""

    page_count: int
    texts: list[str]
    scans: list[Callable[[], Image.Image | EncodedImage] | None] = field(default_factory=list)


@dataclass
class CheckReport:
    """What the check found; ``problems`` is empty when the copy passed."""

    problems: list[str] = field(default_factory=list)
    recall: float = 1.0
    precision: float = 1.0
    images_compared: int = 0

    def as_dict(self) -> dict:
        return {"problems": self.problems, "text_recall": round(self.recall, 4),
                "text_precision": round(self.precision, 4), "images_compared": self.images_compared}


def check_archival_copy(path: Path, expect: Expectation) -> CheckReport:
    """Check the copy at ``path``; raise ArchivalCopyError naming every rule it breaks."""
    report = inspect_archival_copy(path, expect)
    if report.problems:
        raise ArchivalCopyError("Bản PDF/A không đạt kiểm tra: " + "; ".join(report.problems))
    return report


def inspect_archival_copy(path: Path, expect: Expectation) -> CheckReport:
    """Every problem of the copy at ``path`` against ``expect`` (none: it passed)."""
    report = CheckReport()
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        report.problems.append("tệp bị mã hóa")
        return report
    except (pikepdf.PdfError, OSError) as exc:
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        report.problems.append(f"không mở được tệp PDF ({first[:200]})")
        return report
    with pdf:
        report.problems += _structure_problems(pdf)
        if len(pdf.pages) != expect.page_count:
            report.problems.append(f"có {len(pdf.pages)} trang, cần {expect.page_count}")
        else:
            report.problems += _image_problems(pdf, expect, report)
    report.problems += _text_problems(path, expect, report)
    return report


def _structure_problems(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        problems.append("tệp bị mã hóa")
    problems += _xmp_problems(pdf)
    problems += _output_intent_problems(pdf)
    problems += _object_problems(pdf)
    return problems


def _xmp_problems(pdf: pikepdf.Pdf) -> list[str]:
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return ["không có siêu dữ liệu XMP"]
    problems = []
    if "/Filter" in stream:
        problems.append("luồng XMP bị nén (PDF/A cần để đọc được trực tiếp)")
    try:
        meta = pdf.open_metadata()
        part, conformance = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
    except Exception as exc:  # noqa: BLE001 — XML that does not parse, in many ways
        return [*problems, f"siêu dữ liệu XMP hỏng ({type(exc).__name__})"]
    if str(part) != PDFA_PART or str(conformance).upper() != PDFA_CONFORMANCE:
        problems.append(f"XMP không khai báo PDF/A-2b (pdfaid:part={part}, "
                        f"conformance={conformance})")
    return problems


def _output_intent_problems(pdf: pikepdf.Pdf) -> list[str]:
    for intent in pdf.Root.get("/OutputIntents", []):
        profile = intent.get("/DestOutputProfile")
        if intent.get("/S") != pikepdf.Name.GTS_PDFA1 or not isinstance(profile, pikepdf.Stream):
            continue
        head = profile.read_bytes()[:20]
        if int(profile.get("/N", 0)) == 3 and head[16:20] == b"RGB ":
            return []
        return ["output intent không phải hồ sơ màu RGB (sRGB)"]
    return ["thiếu output intent sRGB (GTS_PDFA1 với hồ sơ ICC)"]


def _object_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Fonts not embedded, JavaScript, additional actions and LZW, anywhere in the file."""
    found: dict[str, set[str]] = {"font": set(), "js": set(), "aa": set(), "lzw": set()}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            names = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
            if pikepdf.Name.LZWDecode in names:
                found["lzw"].add(str(obj.objgen))
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        if "/JS" in obj or obj.get("/S") == pikepdf.Name.JavaScript:
            found["js"].add(str(obj.objgen))
        if "/AA" in obj:
            found["aa"].add(str(obj.objgen))
        if obj.get("/Type") == pikepdf.Name.Font and not font_embedded(obj):
            found["font"].add(str(obj.get("/BaseFont", "?")))
    for index in pdfa.pages_with_unembedded_fonts(pdf):  # direct font objects too
        found["font"].add(f"(trang {index + 1})")
    names = pdf.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        found["js"].add("/Names")
    messages = {"font": "phông chữ không được nhúng: ", "js": "có JavaScript: ",
                "aa": "có hành động tự động (/AA): ", "lzw": "có luồng nén LZW (PDF/A-2 cấm): "}
    return [messages[k] + ", ".join(sorted(v)[:5]) for k, v in found.items() if v]


def _image_problems(pdf: pikepdf.Pdf, expect: Expectation, report: CheckReport) -> list[str]:
    problems = []
    for index, page in enumerate(pdf.pages):
        loader = expect.scans[index] if index < len(expect.scans) else None
        if loader is None:
            continue
        image = _largest_image(page)
        if image is None:
            problems.append(f"trang {index + 1}: không có ảnh quét")
            continue
        scan = loader()
        report.images_compared += 1
        if isinstance(scan, EncodedImage):
            if encoded_image(image) != scan:
                problems.append(f"trang {index + 1}: ảnh khác ảnh của bản gốc (dữ liệu hoặc "
                                "cách giải mã đã đổi)")
            continue
        try:
            copy = pikepdf.PdfImage(image).as_pil_image()
        except Exception as exc:  # noqa: BLE001 — a damaged stream fails in many ways
            problems.append(f"trang {index + 1}: không giải mã được ảnh ({type(exc).__name__})")
            continue
        difference = compare_pixels(scan, copy)
        if difference:
            problems.append(f"trang {index + 1}: {difference}")
    return problems


def _largest_image(page: pikepdf.Page) -> pikepdf.Stream | None:
    best, area = None, 0
    for image in page.get_images().values():
        size = int(image.get("/Width", 0)) * int(image.get("/Height", 0))
        if size > area:
            best, area = image, size
    return best


def compare_pixels(scan: Image.Image, copy: Image.Image) -> str:
    """'' when ``copy`` has the scan's size and pixels, else what differs."""
    if scan.size != copy.size:
        return f"ảnh {copy.width}×{copy.height} khác ảnh quét {scan.width}×{scan.height}"
    mode = "1" if scan.mode == copy.mode == "1" else "L" if {scan.mode, copy.mode} <= {"1", "L"} \
        else "RGB"
    box = ImageChops.difference(scan.convert(mode), copy.convert(mode)).getbbox()
    return "" if box is None else f"điểm ảnh khác ảnh quét trong vùng {box}"


def fold_words(text: str) -> list[str]:
    """Words as compared: NFC, lower case, punctuation stripped at both ends, diacritics kept."""
    out = []
    for token in unicodedata.normalize("NFC", text).casefold().split():
        token = token.strip(_PUNCT)
        if token:
            out.append(token)
    return out


def _text_problems(path: Path, expect: Expectation, report: CheckReport) -> list[str]:
    try:
        pages = _poppler.pdftotext(path, timeout=PDFTOTEXT_TIMEOUT)
    except ArchivalCopyError as exc:
        return [exc.message]
    stored = Counter(w for text in expect.texts for w in fold_words(text))
    found = Counter(w for text in pages for w in fold_words(text))
    common = sum((stored & found).values())
    report.recall = common / sum(stored.values()) if stored else 1.0
    report.precision = common / sum(found.values()) if found else 1.0
    problems = []
    if report.recall < MIN_RECALL:
        missing = list((stored - found).elements())[:8]
        problems.append(f"pdftotext chỉ trả lại {report.recall:.1%} số chữ đã lưu "
                        f"(thiếu: {' '.join(missing)})")
    if report.precision < MIN_PRECISION:
        extra = list((found - stored).elements())[:8]
        problems.append(f"pdftotext trả về {1 - report.precision:.1%} chữ không có trong văn bản "
                        f"đã lưu (ví dụ: {' '.join(extra)})")
    return problems
