"""Accept or refuse a file before anything is stored: type by content, size, pages, pixels.

Reads headers only (Pillow, pikepdf): no OCR here, so the web app can check uploads too.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pikepdf
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from archive_service.config import Config
from archive_service.errors import InputRejectedError, TooLargeError

ACCEPTED = "PDF, TIFF, PNG, JPEG, WebP"
CHUNK = 1 << 20  # bytes read at a time by the completeness checks
MAX_PAGE_CONTENT = 64 << 20  # bytes of a page's inflated content streams (a Flate bomb beyond)
MAX_PDF_CONTENT = 1 << 30  # bytes of every page's inflated content streams together
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pages: int
    max_pixels: int

    @classmethod
    def from_config(cls, config: Config) -> Limits:
        """The intake limits set in the configuration."""
        return cls(config.max_upload_bytes, config.get("max_pages"), config.get("max_pixels"))


@dataclass
class PdfInfo:
    page_count: int
    signed_at: datetime | None


@dataclass(frozen=True)
class InputInfo:
    """What the checks learnt of an accepted file."""

    kind: str  # pdf, png, jpeg, tiff, webp
    page_count: int
    signed_at: datetime | None = None  # a PDF's digital signature time


def detect_kind(head: bytes) -> str | None:
    """The file type from its first bytes (never from its name), or None if unsupported."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in head[:1024]:  # some producers put junk before the header
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def check_input(path: Path, limits: Limits) -> InputInfo:
    """Refuse what cannot be ingested; return its kind, page count and signing time."""
    size = path.stat().st_size
    if size == 0:
        raise InputRejectedError("Tệp rỗng (0 byte).")
    if size > limits.max_bytes:
        raise TooLargeError(f"Tệp quá lớn ({size / 1048576:.0f} MB, giới hạn "
                            f"{limits.max_bytes // 1048576} MB).")
    with path.open("rb") as fh:
        kind = detect_kind(fh.read(2048))
    if kind is None:
        raise InputRejectedError(f"Định dạng tệp không được hỗ trợ. Chấp nhận: {ACCEPTED}.")
    if kind == "pdf":
        pdf = check_pdf(path, max_pages=limits.max_pages)
        return InputInfo(kind, pdf.page_count, pdf.signed_at)
    return InputInfo(kind, check_image(path, kind, limits))


def check_image(path: Path, kind: str, limits: Limits) -> int:
    """Refuse an image that is too large, has too many frames or was cut short, from its
    headers and without decoding its pixels (the worker decodes, one page at a time; only a
    JPEG is decoded here, at 1/8 scale); return its number of pages."""
    try:
        with open_image(path, max_pixels=limits.max_pixels) as image:
            count = getattr(image, "n_frames", 1)  # from the headers (TIFF: its IFD chain)
            if count > limits.max_pages:
                raise TooLargeError(f"Tệp ảnh có {count} trang, vượt giới hạn "
                                    f"{limits.max_pages} trang.")
            for index in range(1, count if kind == "tiff" else 1):  # frames of other kinds
                image.seek(index)                                   # share the first's canvas
                check_pixels(image.width, image.height, limits.max_pixels)
        _COMPLETE[kind](path)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        raise InputRejectedError(f"Tệp ảnh bị cắt cụt hoặc hỏng ({_first_line(exc)}).") from exc
    return count


def _png_complete(path: Path) -> None:
    """Every chunk present with its checksum, up to IEND, read 1 MB at a time (no pixel is
    inflated, and a chunk as large as the file is never held in memory)."""
    with path.open("rb") as fh:
        fh.seek(8)  # the signature, checked by detect_kind
        while True:
            head = fh.read(8)
            if len(head) < 8:
                raise EOFError("thiếu phần kết thúc IEND")
            length, kind = struct.unpack(">I", head[:4])[0], head[4:]
            crc = zlib.crc32(kind)
            while length:
                piece = fh.read(min(length, CHUNK))
                if not piece:
                    raise EOFError("khối dữ liệu PNG bị cắt cụt")
                crc, length = zlib.crc32(piece, crc), length - len(piece)
            if fh.read(4) != struct.pack(">I", crc):
                raise SyntaxError(f"sai mã kiểm tra của khối {kind.decode('latin-1')!r}")
            if kind == b"IEND":
                return


def _jpeg_complete(path: Path) -> None:
    """Decoded at 1/8 scale (1/64 of the memory): a cut-off file fails to decode."""
    with Image.open(path) as image:
        image.draft("L", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()


def _tiff_complete(path: Path) -> None:
    """Every strip or tile of every page lies within the file."""
    size = path.stat().st_size
    with Image.open(path) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            tags = image.tag_v2
            offsets, counts = tags.get(273) or tags.get(324), tags.get(279) or tags.get(325)
            if offsets is None or counts is None:  # e.g. old-style JPEG: the worker will tell
                continue
            if any(o + c > size for o, c in zip(_seq(offsets), _seq(counts), strict=False)):
                raise EOFError(f"trang {index + 1} vượt quá cuối tệp")


def _seq(value: object) -> tuple:
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def _webp_complete(path: Path) -> None:
    """The RIFF container's declared length is all there."""
    with path.open("rb") as fh:
        head = fh.read(12)
    if len(head) < 12 or 8 + struct.unpack("<I", head[4:8])[0] > path.stat().st_size:
        raise EOFError("tệp WebP ngắn hơn độ dài khai báo")


_COMPLETE = {"png": _png_complete, "jpeg": _jpeg_complete, "tiff": _tiff_complete,
             "webp": _webp_complete}


def open_image(data: bytes | Path, *, max_pixels: int) -> Image.Image:
    """Open an image lazily; refuse it if larger than ``max_pixels`` before decoding a pixel."""
    Image.MAX_IMAGE_PIXELS = None  # our own check below replaces Pillow's
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputRejectedError("Tệp ảnh hỏng hoặc không đọc được.") from exc
    check_pixels(image.width, image.height, max_pixels)
    return image


def check_pixels(width: int, height: int, max_pixels: int) -> None:
    """Refuse a page larger than ``max_pixels`` (decompression bombs)."""
    if width * height > max_pixels:
        raise TooLargeError(
            f"Ảnh quá lớn ({width}×{height} điểm ảnh, giới hạn {max_pixels:,} điểm ảnh): "
            "hãy quét lại ở độ phân giải 300 dpi."
        )


def load_frame(image: Image.Image, index: int, *, max_pixels: int) -> Image.Image:
    """Page ``index`` (0-based) of an image file, decoded, EXIF orientation applied."""
    try:
        image.seek(index)
        check_pixels(image.width, image.height, max_pixels)
        image.load()
        return ImageOps.exif_transpose(image.copy())
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InputRejectedError(f"Tệp ảnh bị cắt cụt hoặc hỏng ({_first_line(exc)}).") from exc


def iter_frames(image: Image.Image, *, max_pixels: int) -> Iterator[Image.Image]:
    """Each page of a (possibly multi-page) image, decoded, with EXIF orientation applied
    (for the worker and bench/ocr.py; intake never decodes a whole image)."""
    try:
        for frame in ImageSequence.Iterator(image):
            check_pixels(frame.width, frame.height, max_pixels)
            frame.load()
            yield ImageOps.exif_transpose(frame.copy())
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InputRejectedError(f"Tệp ảnh bị cắt cụt hoặc hỏng ({_first_line(exc)}).") from exc


def check_pdf(path: Path, *, max_pages: int) -> PdfInfo:
    """Refuse an encrypted, corrupt or too-long PDF; return its page count and signing time."""
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 2048))
        if b"%%EOF" not in fh.read():
            raise InputRejectedError("Tệp PDF hỏng hoặc bị cắt cụt (thiếu phần kết thúc %%EOF): "
                                     "hãy tải lên lại bản đầy đủ.")
    try:
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
            signed_at = _signing_time(pdf)
            if count:
                _ = pdf.pages[0].mediabox
            if count <= max_pages:
                check_pdf_content(pdf)
    except pikepdf.PasswordError as exc:
        raise InputRejectedError("PDF được bảo vệ bằng mật khẩu (mã hóa): hãy gửi bản không "
                                 "đặt mật khẩu.") from exc
    except (pikepdf.PdfError, OSError, ValueError, KeyError) as exc:
        raise InputRejectedError(f"Tệp PDF hỏng hoặc bị cắt cụt ({_first_line(exc)}).") from exc
    if count == 0:
        raise InputRejectedError("Tệp PDF hỏng hoặc không có trang nào.")
    if count > max_pages:
        raise TooLargeError(f"PDF có {count} trang, vượt giới hạn {max_pages} trang một tệp.")
    check_pdf_pages(path, count)
    return PdfInfo(count, signed_at)


def check_pdf_content(pdf: pikepdf.Pdf) -> None:
    """Refuse a page whose content streams inflate beyond ``MAX_PAGE_CONTENT`` (a few KB of
    Flate may hold gigabytes, which the text-layer reader would hold in memory at once);
    inflated chunk by chunk, never more than ``CHUNK`` at a time, and stopped at the limit."""
    sizes: dict[tuple[int, int], int] = {}
    total = 0
    for number, page in enumerate(pdf.pages, start=1):
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        size = 0
        for stream in streams:
            if not isinstance(stream, pikepdf.Stream):
                continue
            key = stream.objgen
            if key not in sizes or key == (0, 0):
                sizes[key] = _inflated_size(stream, MAX_PAGE_CONTENT + 1)
            size += sizes[key]
        total += size
        if size > MAX_PAGE_CONTENT or total > MAX_PDF_CONTENT:
            limit = MAX_PAGE_CONTENT if size > MAX_PAGE_CONTENT else MAX_PDF_CONTENT
            raise TooLargeError(f"Nội dung trang {number} của PDF quá lớn khi giải nén (hơn "
                                f"{limit >> 20} MB): tệp không thể là một văn bản thật.")


def _inflated_size(stream: pikepdf.Stream, limit: int) -> int:
    """The length of a content stream once inflated, counted up to ``limit`` (only Flate, the
    filter of nearly every content stream, is inflated; other filters count as stored)."""
    filters = stream.get("/Filter")
    names = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
    raw = stream.read_raw_bytes()
    if names in ([None], []):
        return len(raw)
    if [str(n) for n in names] != ["/FlateDecode"]:
        return len(raw)
    inflater, size, view = zlib.decompressobj(), 0, memoryview(raw)
    try:
        for start in range(0, len(raw), CHUNK):
            data = view[start:start + CHUNK]
            while data and size < limit:
                size += len(inflater.decompress(data, CHUNK))
                data = inflater.unconsumed_tail
            if size >= limit or inflater.eof:
                break
    except zlib.error:  # a broken stream: PDFium and the reader deal with it (page by page)
        pass
    return size


def check_pdf_pages(path: Path, count: int) -> None:
    """Open the PDF with PDFium, which renders it later, and load each page: a file cut short
    whose end was forged (``%%EOF`` appended), which qpdf recovers, is refused here."""
    import pypdfium2

    with _PDFIUM_LOCK:  # PDFium is not thread-safe; the web app checks uploads in threads
        try:
            pdf = pypdfium2.PdfDocument(path)
        except pypdfium2.PdfiumError as exc:
            raise InputRejectedError(f"Tệp PDF hỏng hoặc bị cắt cụt ({_first_line(exc)}): hãy tải "
                                     "lên lại bản đầy đủ.") from exc
        try:
            if len(pdf) != count:
                raise InputRejectedError(f"Tệp PDF hỏng hoặc bị cắt cụt (đọc được {len(pdf)} "
                                         f"trên {count} trang): hãy tải lên lại bản đầy đủ.")
            for index in range(count):
                pdf[index].close()
        except pypdfium2.PdfiumError as exc:
            raise InputRejectedError(f"Tệp PDF hỏng ({_first_line(exc)}).") from exc
        finally:
            pdf.close()


_PDFIUM_LOCK = threading.Lock()
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s/\\:]+){2,}[/\\]?")  # /a/b/c, C:\a\b


def _first_line(exc: BaseException) -> str:
    """The first line of an error's message, without any path of this server in it."""
    text = _PATH.sub("", str(exc)).strip(" :\n")
    return (text.splitlines() or [type(exc).__name__])[0].strip(" :")[:200] or type(exc).__name__


def _signing_time(pdf: pikepdf.Pdf) -> datetime | None:
    """The signing time of the first digital signature (/Sig /M), if any."""
    acroform = pdf.Root.get("/AcroForm")
    fields = acroform.get("/Fields", []) if acroform is not None else []
    for field in fields:
        value = field.get("/V")
        if field.get("/FT") == "/Sig" and value is not None and "/M" in value:
            return parse_pdf_date(str(value.M))
    return None


def parse_pdf_date(text: str) -> datetime | None:
    """Parse a PDF date ``D:YYYYMMDDHHmmSS+07'00'``."""
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?([+\-Z])?(\d{2})?'?(\d{2})?",
                 text)
    if not m:
        return None
    y, mo, d, hh, mm, ss, sign, oh, om = m.groups()
    tz = None
    if sign in ("+", "-"):
        delta = timedelta(hours=int(oh or 0), minutes=int(om or 0))
        tz = timezone(delta if sign == "+" else -delta)
    elif sign == "Z":
        tz = UTC
    try:
        return datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                        tzinfo=tz)
    except ValueError:
        return None
