"""The only place Tesseract runs: one thread per process, a timeout, typed errors.

Pages and the small crops of the second reads (a line, a column of the foot, a red mark) are
read by Tesseract's library (``libtesseract.so.5``, its C API) in one child process per worker
process, kept between reads (ingest/_engine.py): the model is loaded once, where the command
loaded it at every read (0.12–0.25 s of CPU, most of a crop's cost and about a fifth of a
page's), and a crash or a runaway read still costs only that read: the child is ended and the
next read starts another. The library gives the command's TSV (checked word for word:
tests/ingest/test_tesseract_engine.py, bench/ocr_snapshot.py), and the orientation the command's
``--psm 0 -l osd`` prints. Without the library the ``tesseract`` command runs, a process a read.

Fakes of this module are allowed in tests only to inject crashes and timeouts.
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import io
import json
import logging
import os
import re
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import unicodedata
from functools import cache
from pathlib import Path

from PIL import Image

from archive_service.errors import OcrError
from archive_service.records import Page, Word
from ingest import _engine

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


def detect_orientation(image: Image.Image, *, timeout: float = 60,
                       by_command: bool = False) -> tuple[int, float]:
    """Tesseract OSD: degrees to rotate clockwise to make the page upright, and its confidence.

    Returns (0, 0.0) when OSD finds too little text to decide.
    """
    engine = _engine_here() if not by_command else None
    try:
        if engine is not None:
            out = engine.read(image, langs="osd", psm=0, dpi=300, timeout=timeout, osd=True)
        else:
            out = _run(["--psm", "0", "-l", "osd"], _image_bytes(image), timeout=timeout)
    except OcrError as exc:  # too little text, or OSD gave up: keep the page as it is
        log.info("orientation not detected: %s", exc)
        return 0, 0.0
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    return (int(rotate.group(1)) if rotate else 0, float(conf.group(1)) if conf else 0.0)


def ocr_image(
    image: Image.Image, *, langs: str = "vie", timeout: float = 180, dpi: int = 300, number: int = 1,
    psm: int = 3, by_command: bool = False,
) -> Page:
    """OCR one prepared page image (``--oem 1 --psm 3``) into a Page with word boxes (NFC).

    Read by this process's reading child (the model loaded once); ``by_command``: by the
    ``tesseract`` command instead, as a comparison."""
    engine = _engine_here() if not (EXTRA or by_command) else None
    if engine is not None:
        tsv = engine.read(image, langs=langs, psm=psm, dpi=dpi, timeout=timeout)
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


# --- the library in a child process ------------------------------------------------------------

# How long past a read's own deadline the child may take to answer before it is killed
ANSWER_GRACE = 15.0


class _Engine:
    """This process's reading child (ingest/_engine.py): one read at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._owner = os.getpid()  # a forked process inherits this object, not the child

    def _child(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            env = dict(os.environ, OMP_THREAD_LIMIT="1")
            self._proc = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("_engine.py"))],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                bufsize=0)
        return self._proc

    def read(self, image: Image.Image, *, langs: str, psm: int, dpi: int, timeout: float,
             osd: bool = False) -> str:
        """The TSV of ``tesseract stdin stdout -l LANGS --psm PSM --dpi DPI tsv`` (``osd``: what
        ``--psm 0 -l osd`` prints)."""
        grey = image.convert("L")
        header = json.dumps({"langs": langs, "psm": psm, "dpi": dpi, "timeout": timeout,
                             "osd": osd, "width": grey.width, "height": grey.height}).encode()
        with self._lock:
            proc = self._child()
            try:
                proc.stdin.write(struct.pack(">I", len(header)) + header + grey.tobytes())
                status, body = self._answer(proc, time.monotonic() + timeout + ANSWER_GRACE)
            except (OSError, EOFError, TimeoutError) as exc:
                raise self._lost(proc, exc) from exc
        if status == _engine.TIMED_OUT:
            raise OcrError(f"Tesseract quá thời gian cho phép ({timeout:.0f} giây) trên một trang.")
        if status != _engine.READ:
            raise OcrError(f"Tesseract báo lỗi: {body}")
        return body

    @staticmethod
    def _answer(proc: subprocess.Popen, deadline: float) -> tuple[int, str]:
        head = _read_exact(proc.stdout, 5, deadline)
        status, size = struct.unpack(">BI", head)
        return status, _read_exact(proc.stdout, size, deadline).decode("utf-8", "replace")

    def _lost(self, proc: subprocess.Popen, exc: Exception) -> OcrError:
        """The child crashed or overran: end it (the next read starts another)."""
        if proc.poll() is None:
            proc.kill()
        code = proc.wait()
        self._proc = None
        if isinstance(exc, TimeoutError):
            return OcrError("Tesseract quá thời gian cho phép trên một trang (đã dừng).")
        name = signal.Signals(-code).name if code < 0 and -code in signal.valid_signals() else code
        log.warning("the Tesseract child stopped (%s) during a read", name)
        return OcrError(f"Tesseract báo lỗi (mã {code}): tiến trình đọc bị dừng ({name}).")

    def close(self) -> None:
        """End the child: it stops at the end of its input."""
        if os.getpid() != self._owner:
            return
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                self._proc.stdin.close()
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
            self._proc = None


def _read_exact(stream, size: int, deadline: float) -> bytes:
    """``size`` bytes of an unbuffered pipe, or EOFError (closed) / TimeoutError (deadline)."""
    chunks, left = [], size
    while left:
        if not select.select([stream], [], [], max(0.0, deadline - time.monotonic()))[0]:
            raise TimeoutError
        chunk = stream.read(left)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


_engines: dict[int, _Engine | None] = {}


def _engine_here() -> _Engine | None:
    """This process's engine (a forked process starts its own), or None without the library."""
    pid = os.getpid()
    if pid not in _engines:
        try:
            _engine.load_library()
        except OSError as exc:
            log.warning("libtesseract is not usable (%s): reads run the tesseract command", exc)
            _engines[pid] = None
        else:
            _engines[pid] = engine = _Engine()
            atexit.register(engine.close)
    return _engines[pid]
