"""The lexicon and the gazetteer, built once per installation and kept in a file.

Building them takes 2–4 s (folding 250,000 spellings, and importing vietnamadminunits for
its database): paid by every ``archive extract`` and every worker start. They are kept in
the resources folder (``ARCHIVE_RESOURCES_DIR``) as ``marshal`` files (plain data, no code)
named by a digest of everything they are made from: the word list, the tables and the code
that builds them, the gazetteer's version and Python's. A folder that cannot be written, or
a file that cannot be read, only means building them again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import marshal
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from archive_service.config import Config

log = logging.getLogger(__name__)
T = TypeVar("T")
_SOURCES = ("_dictionary.py", "_gazetteer.py", "_tables.py", "_text.py", "_wordcache.py")


def cache_dir() -> Path:
    """Where the built data is kept: beside the word list it is made from."""
    return Config().resources_dir


def word_list_path() -> Path:
    """The Viet74K word list that `make venv` fetches into the resources folder."""
    return Config().resources_dir / "Viet74K.txt"


@cache
def _digest() -> str:
    here = Path(__file__).parent
    h = hashlib.sha256(sys.version.encode())
    for name in _SOURCES:
        h.update((here / name).read_bytes())
    word_list = word_list_path()
    h.update(word_list.read_bytes() if word_list.is_file() else b"-")
    try:
        h.update(importlib.metadata.version("vietnamadminunits").encode())
    except importlib.metadata.PackageNotFoundError:
        h.update(b"-")
    return h.hexdigest()[:16]


def kept(name: str, build: Callable[[], T]) -> T:
    """``build()``, read from its file when one was kept for the same inputs, else built and
    kept."""
    folder = cache_dir()
    path = folder / f"{name}-{_digest()}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except FileNotFoundError:
        pass
    except (OSError, ValueError, EOFError, TypeError) as exc:
        log.warning("%s could not be read (%s): built again", path, exc)
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(value))
        os.replace(partial, path)
        for old in folder.glob(f"{name}-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.info("%s not kept (%s): it is built at every start", name, exc)
    return value
