"""The pipeline's reading of every sample document, computed once per test session.

All samples are read together in a process pool (one Tesseract thread per process), then
served from memory to every test that needs them (pipeline accuracy, metadata).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from archive_service.config import Config
from ingest.pipeline import DocumentText, read_document
from tests.conftest import load_samples

_cache: dict[Path, DocumentText] = {}


def _read(path: Path) -> DocumentText:
    result = read_document(path, Config(env={}), workers=1)
    result.previews = {}  # not needed by tests; keeps the pool's results small
    return result


def read_sample(path: Path) -> DocumentText:
    """The pipeline's result for one sample file (all samples are read on the first call)."""
    path = Path(path).resolve()
    if not _cache:
        paths = [Path(s["path"]).resolve() for s in load_samples()]
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            _cache.update(zip(paths, pool.map(_read, paths), strict=True))
    if path not in _cache:
        _cache[path] = _read(path)
    return _cache[path]
