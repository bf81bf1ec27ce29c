"""The pipeline's reading of every sample document, computed once per test session.

All samples are read together in a process pool (one Tesseract thread per process), then
served from memory to every test that needs them (pipeline accuracy, metadata). Under
pytest-xdist (`make test` runs two workers) the first worker to need them reads them and
leaves the readings in ``SHARED`` (set by tests/conftest.py); the other waits on a lock and
loads them instead of reading every sample a second time.
"""

from __future__ import annotations

import fcntl
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from archive_service.config import Config
from ingest.pipeline import DocumentText, read_document
from tests.conftest import load_samples

_cache: dict[Path, DocumentText] = {}
SHARED: Path | None = None  # a folder every xdist worker of this run sees, or None


def _read(path: Path) -> DocumentText:
    result = read_document(path, Config(env={}), workers=1)
    result.previews = {}  # not needed by tests; keeps the pool's results small
    return result


def read_sample(path: Path) -> DocumentText:
    """The pipeline's result for one sample file (all samples are read on the first call)."""
    path = Path(path).resolve()
    if not _cache:
        _cache.update(_read_all_shared() if SHARED is not None else _read_all())
    if path not in _cache:
        _cache[path] = _read(path)
    return _cache[path]


def _read_all() -> dict[Path, DocumentText]:
    paths = [Path(s["path"]).resolve() for s in load_samples()]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(zip(paths, pool.map(_read, paths), strict=True))


def _read_all_shared() -> dict[Path, DocumentText]:
    """The readings from ``SHARED`` when another worker left them there, else read here and
    left there, under a lock."""
    SHARED.mkdir(parents=True, exist_ok=True)
    stored = SHARED / "readings.pickle"
    with open(SHARED / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stored.exists():
            return pickle.loads(stored.read_bytes())
        readings = _read_all()
        partial = stored.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(readings))
        partial.replace(stored)
        return readings
