"""The only place Tesseract runs: one thread per process, a timeout, typed errors.

Pages are read by the ``tesseract`` command (a process a page: a crash or a runaway page
costs only that page, and a timeout ends it). The small crops of the second reads (a line, a
column of the foot, a red mark) are read by the same library in this process, through its C
API (``libtesseract.so.5``): loading the model took 0.12–0.25 s of CPU at every run, most of a
crop's cost; the API gives the same TSV (checked word for word against the command on the
sample pages' crops: bench/ocr_snapshot.py). Without the library, crops go to the command too.

Fakes of this module are allowed in tests only to inject crashes and timeouts.
"""

from __future__ import annotations

import atexit
import csv
import ctypes
import hashlib
import io
import logging
import os
import re
import subprocess
import threading
import time
import unicodedata
from functools import cache
from pathlib import Path

from PIL import Image

from archive_service.errors import OcrError
from archive_service.records import Page, Word

# One Tesseract thread per process: measured 1.5 s a page against 7 s with its own threading.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TESSERACT = "tesseract"
EXTRA: list[str] = []  # more options of every read (``-c name=value``): bench/ocr_snapshot.py tries some
log = logging.getLogger(__name__)


@cache
def tesseract_version() -> str:
    """The Tesseract version string, e.g. ``5.3.0``."""
    try:
        out = subprocess.run([TESSERACT, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrError(f"Không chạy được Tesseract (tesseract): {exc}") from exc
    match = re.search(r"tesseract\s+v?(\S+)", out.stdout + out.stderr)
    return match.group(1) if match else "unknown"


@cache
def model_versions(langs: str) -> str:
    """Which trained models ``langs`` uses: ``vie:<sha256[:12]>`` for each, from the tessdata
    folder Tesseract reports (a model file changes when its package is upgraded)."""
    try:
        out = subprocess.run([TESSERACT, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    match = re.search(r'"([^"]+)"', out.stdout + out.stderr)
    folder = Path(match.group(1)) if match else None
    parts = []
    for lang in langs.split("+"):
        model = folder / f"{lang}.traineddata" if folder else None
        digest = hashlib.sha256(model.read_bytes()).hexdigest()[:12] if model and model.is_file() else "?"
        parts.append(f"{lang}:{digest}")
    return " ".join(parts)


def _run(args: list[str], data: bytes, *, timeout: float) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        proc = subprocess.run(
            [TESSERACT, "stdin", "stdout", *args],
            input=data, capture_output=True, timeout=timeout, env=env,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"Tesseract quá thời gian cho phép ({timeout:.0f} giây) trên một trang.") \
            from exc
    except OSError as exc:
        raise OcrError(f"Không chạy được Tesseract: {exc}") from exc
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise OcrError(f"Tesseract báo lỗi (mã {proc.returncode}): {detail[0]}")
    return proc.stdout.decode("utf-8", "replace")


def _image_bytes(image: Image.Image) -> bytes:
    """The image as Tesseract reads it from stdin: an uncompressed BMP (3 ms a page, where a
    PNG took 220 ms to compress; Tesseract reads the same pixels: the same output); PNG for
    the modes a BMP does not hold."""
    buf = io.BytesIO()
    if image.mode in ("1", "L", "RGB"):
        image.save(buf, format="BMP", dpi=(0, 0))  # no resolution, as the PNG had none
    else:
        image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def detect_orientation(image: Image.Image, *, timeout: float = 60) -> tuple[int, float]:
    """Tesseract OSD: degrees to rotate clockwise to make the page upright, and its confidence.

    Returns (0, 0.0) when OSD finds too little text to decide.
    """
    try:
        out = _run(["--psm", "0", "-l", "osd"], _image_bytes(image), timeout=timeout)
    except OcrError as exc:  # too little text, or OSD gave up: keep the page as it is
        log.info("orientation not detected: %s", exc)
        return 0, 0.0
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    return (int(rotate.group(1)) if rotate else 0, float(conf.group(1)) if conf else 0.0)


def ocr_image(
    image: Image.Image, *, langs: str = "vie", timeout: float = 180, dpi: int = 300, number: int = 1,
    psm: int = 3, crop: bool = False,
) -> Page:
    """OCR one prepared page image (``--oem 1 --psm 3``) into a Page with word boxes (NFC).

    ``crop``: a small part of a page already read (a second read): read in this process."""
    api = _api(langs) if crop and not EXTRA else None
    if api is not None:
        tsv = api.tsv(image, psm=psm, dpi=dpi, timeout=timeout)
    else:
        args = ["-l", langs, "--oem", "1", "--psm", str(psm), "--dpi", str(dpi), *EXTRA, "tsv"]
        tsv = _run(args, _image_bytes(image), timeout=timeout)
    words, lines = _parse_tsv(tsv)
    confs = [w.conf for w in words if w.conf >= 0]
    return Page(
        number=number,
        text="\n".join(lines),
        words=words,
        width=float(image.width),
        height=float(image.height),
        dpi=float(dpi),
        source="ocr",
        mean_conf=round(sum(confs) / len(confs), 2) if confs else 0.0,
        engine=f"tesseract {tesseract_version()} {langs} ({model_versions(langs)})",
    )


def _parse_tsv(tsv: str) -> tuple[list[Word], list[str]]:
    """Words with boxes, and the page text with one line per OCR line, blocks split by blank lines."""
    words: list[Word] = []
    lines: list[str] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    current_block = None
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if row.get("level") != "5":
            continue
        text = unicodedata.normalize("NFC", (row.get("text") or "").strip())
        if not text:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        if key not in line_ids:
            line_ids[key] = len(line_ids)
            if current_block is not None and key[0] != current_block:
                lines.append("")
            current_block = key[0]
            lines.append(text)
        else:
            lines[-1] += " " + text
        left, top = int(row["left"]), int(row["top"])
        words.append(Word(
            text=text, x0=left, y0=top, x1=left + int(row["width"]), y1=top + int(row["height"]),
            conf=float(row["conf"]), block=key[0], line=line_ids[key],
        ))
    return words, lines


# --- the library in this process, for crops ------------------------------------------------------

TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
OEM_LSTM_ONLY = 1


class _Api:
    """One TessBaseAPI with ``langs`` loaded (``--oem 1``), used by one thread at a time."""

    def __init__(self, lib: ctypes.CDLL, langs: str) -> None:
        self._lib = lib
        self._lock = threading.Lock()
        self._handle = lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit2(self._handle, None, langs.encode(), OEM_LSTM_ONLY) != 0:
            raise OSError(f"Tesseract could not load {langs}")
        atexit.register(self.close)

    def close(self) -> None:
        """Free the model (at exit: else the library warns of leaks on stderr)."""
        with self._lock:
            if self._handle:
                self._lib.TessBaseAPIEnd(self._handle)
                self._lib.TessBaseAPIDelete(self._handle)
                self._handle = None

    def tsv(self, image: Image.Image, *, psm: int, dpi: int, timeout: float) -> str:
        """The same TSV as ``tesseract stdin stdout --psm PSM --dpi DPI tsv``."""
        grey = image.convert("L")
        lib, handle = self._lib, self._handle
        with self._lock:
            started = time.monotonic()
            lib.TessBaseAPISetPageSegMode(handle, psm)
            lib.TessBaseAPISetVariable(handle, b"user_defined_dpi", str(dpi).encode())
            lib.TessBaseAPISetImage(handle, grey.tobytes(), grey.width, grey.height, 1, grey.width)
            monitor = lib.TessMonitorCreate()
            lib.TessMonitorSetDeadlineMSecs(monitor, int(timeout * 1000))
            try:
                failed = lib.TessBaseAPIRecognize(handle, monitor) != 0
                text = lib.TessBaseAPIGetTsvText(handle, 0) if not failed else None
                out = ctypes.string_at(text).decode("utf-8", "replace") if text else ""
                if text:
                    lib.TessDeleteText(text)
            finally:
                lib.TessMonitorDelete(monitor)
                lib.TessBaseAPIClear(handle)
        if time.monotonic() - started >= timeout:
            raise OcrError(f"Tesseract quá thời gian cho phép ({timeout:.0f} giây) trên một trang.")
        if failed:
            raise OcrError("Tesseract báo lỗi khi đọc lại một vùng của trang.")
        return TSV_HEADER + out


_apis: dict[tuple[int, str], _Api | None] = {}


def _api(langs: str) -> _Api | None:
    """This process's API for ``langs`` (a forked process opens its own), or None without the
    library."""
    key = (os.getpid(), langs)
    if key not in _apis:
        try:
            _apis[key] = _Api(_library(), langs)
        except OSError as exc:
            log.warning("libtesseract is not usable (%s): second reads run the tesseract command", exc)
            _apis[key] = None
    return _apis[key]


@cache
def _library() -> ctypes.CDLL:
    lib = ctypes.CDLL("libtesseract.so.5")
    handle, text, image = ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p
    lib.TessBaseAPICreate.restype = handle
    lib.TessBaseAPIInit2.argtypes = [handle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
    lib.TessBaseAPISetPageSegMode.argtypes = [handle, ctypes.c_int]
    lib.TessBaseAPISetVariable.argtypes = [handle, ctypes.c_char_p, ctypes.c_char_p]
    lib.TessBaseAPISetImage.argtypes = [handle, image, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                        ctypes.c_int]
    lib.TessMonitorCreate.restype = handle
    lib.TessMonitorSetDeadlineMSecs.argtypes = [handle, ctypes.c_int]
    lib.TessMonitorDelete.argtypes = [handle]
    lib.TessBaseAPIRecognize.argtypes = [handle, handle]
    lib.TessBaseAPIGetTsvText.argtypes = [handle, ctypes.c_int]
    lib.TessBaseAPIGetTsvText.restype = text
    lib.TessDeleteText.argtypes = [text]
    lib.TessBaseAPIClear.argtypes = [handle]
    lib.TessBaseAPIEnd.argtypes = [handle]
    lib.TessBaseAPIDelete.argtypes = [handle]
    return lib
