"""Where files live: originals and archival copies by content hash (SHA-256), written
atomically and never modified; page images by document and page number.

This is the whole storage interface of the service (``ContentStore`` and ``PageImageStore``);
every host reaches the same folder (one disk, or NFS on several hosts). An S3-compatible store
would implement these same few operations (put with the SHA-256 checked, open/stream,
verify by re-hashing, delete a document's page images) and hand the web app a URL or a
stream instead of a local path.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Protocol

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ContentStore(Protocol):
    """Files named by their SHA-256 (originals, archival copies)."""

    def path_for(self, sha256: str) -> Path: ...

    def put(self, source: Path, sha256: str, *, replace: bool = False) -> Path: ...

    def verify(self, sha256: str) -> bool: ...


class OriginalStore:
    """Content-addressed files under ``root/ab/cd/<sha256>``, read-only once written."""

    def __init__(self, root: Path):
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, source: Path, sha256: str, *, replace: bool = False) -> Path:
        """Copy ``source`` in atomically (temp file, fsync, rename); a no-op if already stored,
        unless ``replace`` (repairing a damaged copy with bytes of the same SHA-256)."""
        target = self.path_for(sha256)
        if target.exists() and not replace:
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                shutil.copyfileobj(src, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
            _fsync_dir(target.parent)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def verify(self, sha256: str) -> bool:
        """Fixity check: the stored bytes still hash to their name."""
        path = self.path_for(sha256)
        return path.is_file() and sha256_file(path) == sha256


class PageImageStore:
    """The JPEG of each upright page, for the web viewer: ``root/<doc id>/<page>.jpg``."""

    def __init__(self, root: Path):
        self.root = root

    def put(self, doc_id: int, number: int, data: bytes) -> str:
        """Store one page's image; returns its name relative to the root (kept in the
        catalog)."""
        rel = f"{doc_id}/{number}.jpg"
        write_atomic(self.root / rel, data)
        return rel

    def path_for(self, rel: str) -> Path | None:
        """The file of a stored image, or None when the name leaves the root or is missing."""
        root = self.root.resolve()
        path = (root / rel).resolve()
        return path if path.is_relative_to(root) and path.is_file() else None

    def delete_document(self, doc_id: int) -> None:
        """Remove every page image of a deleted document."""
        shutil.rmtree(self.root / str(doc_id), ignore_errors=True)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a small derived file (page image, secret) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
