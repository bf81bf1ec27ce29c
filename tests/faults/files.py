"""Odd and broken files through ``archive extract`` and the upload API (issue 12, fault trials).

The files: ``../shared/hostile_dev`` (80 PDFs of pdf.js's test suite, 150 images of Pillow's)
and files crafted here (empty, truncated, corrupt, encrypted, bombs). Each one goes through
``archive extract --json`` in its own process (forked from one that has the pipeline imported,
so a file costs its own work only) under a timeout, its peak memory read from ``wait4``; and
through ``POST /api/v1/documents`` of a real ``archive serve``, whose worker then processes what
was accepted. Every file must end processed or refused with a clear message: no traceback, no
hang, no memory blow-up. Used by tests/faults/test_files.py (a part) and bench/faults.py (all).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import struct
import sys
import time
import traceback
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from PIL import Image

from tests.core import badfiles
from tests.faults.server import open_server

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT.parent / "shared" / "hostile_dev"
EXTRACT_TIMEOUT = 300.0  # seconds: longer is a hang
RSS_LIMIT_MB = 2048  # peak resident memory of one extract above which it is a blow-up
PROCESS_TIMEOUT = 1800.0  # seconds for the server's worker to settle every accepted upload


@dataclass
class Outcome:
    """How one file ended: ``processed``, ``refused``, ``traceback``, ``hang`` or ``memory``."""

    name: str
    result: str
    message: str = ""
    seconds: float = 0.0
    rss_mb: int = 0


@dataclass
class FilesReport:
    """Outcomes through ``archive extract`` and through the upload API."""

    extract: list[Outcome] = field(default_factory=list)
    upload: list[Outcome] = field(default_factory=list)
    web_rss_mb: tuple[int, int] = (0, 0)  # the web process's peak memory before and after
    log_tracebacks: int = 0

    def counts(self, which: str) -> Counter:
        return Counter(o.result for o in getattr(self, which))

    def problems(self) -> list[str]:
        """Every file that ended badly, and a traceback in the server's log."""
        bad = [f"{which} {o.name}: {o.result} {o.message[:300]}"
               for which in ("extract", "upload") for o in getattr(self, which)
               if o.result not in ("processed", "refused")]
        if self.log_tracebacks:
            bad.append(f"{self.log_tracebacks} traceback(s) in the server's log")
        return bad


# --- crafted files ------------------------------------------------------------------------------

def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1 is the catalog), with a correct xref table."""
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _flate_of_zeros(size: int, byte: bytes = b"\0") -> bytes:
    packer, chunk = zlib.compressobj(9), byte * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def pdf_image_bomb(path: Path, side: int = 40_000) -> Path:
    """One page showing a side×side 1-bit image held in a few hundred KB of Flate."""
    data = _flate_of_zeros(side * side // 8)
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
             b"/BitsPerComponent 1 /Filter /FlateDecode /Length %d >>\nstream\n" % (side, side, len(data))
             + data + b"\nendstream")
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    path.write_bytes(_raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        image]))
    return path


def pdf_content_bomb(path: Path, size: int = 300 << 20) -> Path:
    """One page whose content stream inflates to ``size`` bytes of spaces."""
    data = _flate_of_zeros(size, b" ")
    path.write_bytes(_raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]))
    return path


def pdf_deep_nesting(path: Path, depth: int = 20_000) -> Path:
    """A page whose dictionary holds arrays nested ``depth`` deep (parsers that recurse)."""
    nested = b"[" * depth + b"]" * depth
    path.write_bytes(_raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Odd " + nested + b" >>"]))
    return path


def pdf_page_loop(path: Path) -> Path:
    """A page tree whose kids point back to itself."""
    path.write_bytes(_raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]))
    return path


def pdf_giant_page(path: Path) -> Path:
    """One blank page of 200 × 200 inches (the largest PDF allows)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(14_400, 14_400))
    pdf.save(path)
    return path


def pdf_many_pages(path: Path, pages: int = 3000) -> Path:
    return badfiles.blank_pdf(path, pages=pages)


def pdf_forged_eof(path: Path) -> Path:
    """A PDF cut short with ``%%EOF`` added back."""
    badfiles.blank_pdf(path, pages=3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")
    return path


def jpeg_claiming(path: Path, side: int = 60_000) -> Path:
    """A small JPEG whose frame header claims side×side pixels."""
    Image.new("L", (64, 64), 200).save(path, format="JPEG")
    data = bytearray(path.read_bytes())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", side, side)
    path.write_bytes(bytes(data))
    return path


def tiff_claiming(path: Path, side: int = 100_000) -> Path:
    """A TIFF of one strip whose header claims side×side 1-bit pixels."""
    strip = b"\0" * 64
    tags = [(256, 4, side), (257, 4, side), (258, 3, 1), (259, 3, 1), (262, 3, 0),
            (273, 4, 8), (277, 3, 1), (278, 4, side), (279, 4, len(strip))]
    ifd_at = 8 + len(strip)
    ifd = struct.pack("<H", len(tags)) + b"".join(
        struct.pack("<HHII", tag, kind, 1, value) if kind == 4 else
        struct.pack("<HHIHH", tag, kind, 1, value, 0) for tag, kind, value in tags) + b"\0" * 4
    path.write_bytes(b"II*\0" + struct.pack("<I", ifd_at) + strip + ifd)
    return path


def tiff_many_frames(path: Path, frames: int = 2500) -> Path:
    """More frames than ARCHIVE_MAX_PAGES allows (2,000), each tiny."""
    frame = Image.new("1", (32, 32), 1)
    frame.save(path, format="TIFF", save_all=True, append_images=[frame] * (frames - 1))
    return path


def gif_file(path: Path) -> Path:
    Image.new("P", (100, 100)).save(path, format="GIF")
    return path


def text_as_pdf(path: Path) -> Path:
    path.write_text("Đây không phải là PDF.\n" * 100, encoding="utf-8")
    return path


def random_bytes(path: Path) -> Path:
    path.write_bytes(os.urandom(64 * 1024))
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


CRAFTED = {
    "empty.pdf": empty, "random.bin": random_bytes, "text_named.pdf": text_as_pdf,
    "image.gif": gif_file, "archive.zip": badfiles.zip_file,
    "truncated.pdf": badfiles.truncated_pdf, "forged_eof.pdf": pdf_forged_eof,
    "corrupt.pdf": badfiles.corrupt_pdf, "encrypted.pdf": badfiles.encrypted_pdf,
    "page_loop.pdf": pdf_page_loop, "deep_nesting.pdf": pdf_deep_nesting,
    "giant_page.pdf": pdf_giant_page, "many_pages.pdf": pdf_many_pages,
    "image_bomb.pdf": pdf_image_bomb, "content_bomb.pdf": pdf_content_bomb,
    "png_bomb.png": badfiles.png_bomb, "truncated.png": badfiles.truncated_png,
    "truncated.jpg": badfiles.truncated_jpeg, "jpeg_claiming_60000.jpg": jpeg_claiming,
    "tiff_claiming_100000.tif": tiff_claiming, "tiff_2500_frames.tif": tiff_many_frames,
}


def craft_files(folder: Path) -> list[Path]:
    """Every crafted file, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [make(folder / name) for name, make in CRAFTED.items()]


def hostile_files(every: int = 1) -> list[Path]:
    """The shared hostile files (every ``every``-th of each folder, by name); [] when absent."""
    out: list[Path] = []
    for sub in ("pdfs", "images"):
        folder = HOSTILE / sub
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir() if p.is_file())[::every]
    return out


# --- through archive extract ----------------------------------------------------------------------

def _child_extract(path: Path, out: Path, err: Path) -> None:
    """In a forked child: ``archive extract PATH --json``, stdout and stderr to files, one
    process (the machine is shared)."""
    code = 70
    try:
        os.environ.update(ARCHIVE_WORKERS="1", ARCHIVE_DATA_DIR=str(out.parent / "extract-data"))
        out_fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        err_fd = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        from archive_service.cli import main
        try:
            main(["extract", str(path), "--json"], prog_name="archive")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - what escaped the command: a traceback, counted
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(code)


def run_extract(path: Path, work: Path, timeout: float = EXTRACT_TIMEOUT) -> Outcome:
    """One file through ``archive extract`` in a forked process."""
    out, err = work / "extract.out", work / "extract.err"
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.setsid()
        _child_extract(path, out, err)
    status, usage = 0, None
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - started > timeout:
            os.killpg(pid, signal.SIGKILL)
            os.wait4(pid, 0)
            return Outcome(path.name, "hang", f"no answer in {timeout:.0f} s",
                           round(time.monotonic() - started, 1))
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)  # page workers left behind, if any
    seconds = round(time.monotonic() - started, 1)
    rss = usage.ru_maxrss // 1024 if usage else 0
    code = os.waitstatus_to_exitcode(status)
    stderr = err.read_text(encoding="utf-8", errors="replace")
    if "Traceback (most recent call last)" in stderr:
        return Outcome(path.name, "traceback", stderr[-1500:], seconds, rss)
    if rss > RSS_LIMIT_MB:
        return Outcome(path.name, "memory", f"{rss} MB", seconds, rss)
    if code == 0:
        try:
            data = json.loads(out.read_text(encoding="utf-8"))
        except ValueError:
            return Outcome(path.name, "traceback", "exit 0 without JSON", seconds, rss)
        errors = [p["error"] for p in data["pages"] if p.get("error")]
        note = f"{len(data['pages'])} page(s)" + (f", {len(errors)} unread: {errors[0]}"
                                                   if errors else "")
        return Outcome(path.name, "processed", note, seconds, rss)
    message = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    if not message:
        return Outcome(path.name, "traceback", f"exit {code} without a message", seconds, rss)
    return Outcome(path.name, "refused", message, seconds, rss)


# --- through the upload API ---------------------------------------------------------------------

def run_uploads(paths: list[Path], work: Path, report: FilesReport,
                settle_timeout: float = PROCESS_TIMEOUT) -> None:
    """Upload every file to a real ``archive serve`` and wait for what it accepted."""
    with open_server(work) as server:
        before = server.pid_rss_kb() // 1024
        accepted: dict[int, str] = {}
        for path in paths:
            started = time.monotonic()
            status, answer = server.upload(path.name, path.read_bytes())
            seconds = round(time.monotonic() - started, 1)
            message = str(answer.get("error") or answer.get("raw") or "")
            if status == 202:
                accepted.setdefault(answer["id"], path.name)
                report.upload.append(Outcome(path.name, "processed", "accepted", seconds))
            elif 400 <= status < 500 and message and str(work) not in message:
                report.upload.append(Outcome(path.name, "refused", f"{status} {message}", seconds))
            else:
                report.upload.append(Outcome(path.name, "traceback", f"{status} {message}", seconds))
        deadline = time.monotonic() + settle_timeout
        states: dict[int, dict] = {}
        while time.monotonic() < deadline:
            states = {i: server.document(i) for i in accepted}
            if all(d["status"] in ("done", "failed") for d in states.values()):
                break
            time.sleep(1)
        by_name = {o.name: o for o in report.upload}
        for doc_id, name in accepted.items():
            doc, outcome = states.get(doc_id, {}), by_name[name]
            if doc.get("status") == "done":
                outcome.message = f"accepted, done ({doc.get('page_count')} page(s))"
            elif doc.get("status") == "failed" and doc.get("error"):
                outcome.result, outcome.message = "refused", f"accepted, failed: {doc['error']}"
            else:
                outcome.result, outcome.message = "hang", f"accepted, left {doc.get('status')}"
        report.web_rss_mb = (before, server.pid_rss_kb() // 1024)
    log = server.log.read_text(encoding="utf-8", errors="replace")
    report.log_tracebacks = log.count("Traceback (most recent call last)")


def run_files(work: Path, *, every: int = 1, echo=lambda _: None) -> FilesReport:
    """Every crafted file and every ``every``-th shared hostile file, through both ways."""
    paths = craft_files(work / "crafted") + hostile_files(every)
    report = FilesReport()
    import archive_service.cli  # noqa: F401 - imported once, before the forks
    import ingest.pipeline  # noqa: F401
    import ingest.worker  # noqa: F401
    for path in paths:
        outcome = run_extract(path, work)
        report.extract.append(outcome)
        echo(f"extract {path.name}: {outcome.result} ({outcome.seconds} s, {outcome.rss_mb} MB) "
             f"{outcome.message[:160]}")
    run_uploads(paths, work, report)
    for outcome in report.upload:
        echo(f"upload {outcome.name}: {outcome.result} {outcome.message[:160]}")
    return report
