"""Files under an index path: which directory is live, the schema version, the locks.

``<path>/CURRENT`` names the live Whoosh directory ``<path>/ix-…``; swapping it is one
``os.replace``. Each Whoosh directory has a ``SCHEMA_VERSION`` file. ``write.lock`` serialises
all writers (processes and threads alike); ``rebuild.lock`` allows one rebuild at a time;
``journal`` exists while a rebuild runs and records the writes it must replay.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

CURRENT = "CURRENT"
VERSION_FILE = "SCHEMA_VERSION"
WRITE_LOCK = "write.lock"
REBUILD_LOCK = "rebuild.lock"
JOURNAL = "journal"
INDEX_NAME = "MAIN"


def current_dir(base: Path) -> Path | None:
    """The live Whoosh directory, or None when there is none yet."""
    try:
        name = (base / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    return base / name if name else None


def new_dir(base: Path) -> Path:
    """A fresh, empty directory for a new index."""
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"ix-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    path.mkdir()
    return path


def read_version(directory: Path) -> int | None:
    """The schema version an index directory was built with."""
    try:
        return int((directory / VERSION_FILE).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def write_version(directory: Path, version: int) -> None:
    """Record the schema version of an index directory."""
    (directory / VERSION_FILE).write_text(f"{version}\n")


def swap(base: Path, directory: Path) -> None:
    """Make ``directory`` live atomically, then delete all but it and the previous one.

    The previous directory is kept so that searchers opened just before the swap (in this or
    another process) finish their work; it goes at the next swap.
    """
    previous = current_dir(base)
    tmp = base / f"{CURRENT}.{secrets.token_hex(3)}.tmp"
    tmp.write_text(directory.name + "\n")
    with open(tmp) as f:
        os.fsync(f.fileno())
    os.replace(tmp, base / CURRENT)
    keep = {directory.name, previous.name if previous else ""}
    for child in base.glob("ix-*"):
        if child.is_dir() and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


@contextlib.contextmanager
def open_file_lock(path: Path, timeout: float | None, poll: float = 0.05) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path``, waiting up to ``timeout`` seconds (None: forever).

    Raises TimeoutError when the wait is over; ``timeout=0`` tries once.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if deadline is not None and time.monotonic() >= deadline:
                    raise TimeoutError(f"lock {path} busy") from exc
                time.sleep(poll)
        yield
    finally:
        os.close(fd)
