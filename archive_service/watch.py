"""The intake folder: files dropped by a scanner or a network share are ingested once stable.

Each file is ingested once it has stopped growing, then moved to ``done/`` or to
``rejected/`` with ``<name>.reason.txt``. Nothing is deleted; content already in the archive
is recognised by its hash, so a file is never ingested twice.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from archive_service.catalog import Catalog
from archive_service.errors import ArchiveError

log = logging.getLogger(__name__)

SKIP_PREFIXES = (".", "~")
SKIP_SUFFIXES = (".part", ".tmp", ".crdownload", ".reason.txt")


class IntakeFolder:
    """Polls a folder; a file is taken when its size and mtime held still for ``settle`` s."""

    def __init__(self, catalog: Catalog, folder: Path, *, settle: float = 2.0,
                 user: str = "intake"):
        self.catalog, self.folder, self.settle, self.user = catalog, folder, settle, user
        self.done_dir, self.rejected_dir = folder / "done", folder / "rejected"
        self._seen: dict[Path, tuple[int, int, float]] = {}

    def scan_once(self) -> list[tuple[Path, str]]:
        """Take every stable file; returns (original path, outcome) for each file taken."""
        for d in (self.done_dir, self.rejected_dir):
            d.mkdir(parents=True, exist_ok=True)
        taken = []
        present = set()
        for path in sorted(self.folder.rglob("*")):
            if not self._candidate(path):
                continue
            present.add(path)
            if self._stable(path):
                taken.append((path, self._take(path)))
                self._seen.pop(path, None)
        for gone in set(self._seen) - present:
            self._seen.pop(gone, None)
        return taken

    def _candidate(self, path: Path) -> bool:
        rel = path.relative_to(self.folder)
        if rel.parts[0] in ("done", "rejected") or not path.is_file() or path.is_symlink():
            return False
        return not (path.name.startswith(SKIP_PREFIXES) or path.name.endswith(SKIP_SUFFIXES))

    def _stable(self, path: Path) -> bool:
        st = path.stat()
        key = (st.st_size, st.st_mtime_ns)
        previous = self._seen.get(path)
        clock = time.monotonic()
        if previous is None or previous[:2] != key:
            self._seen[path] = (*key, clock)
            return False
        return clock - previous[2] >= self.settle

    def _take(self, path: Path) -> str:
        try:
            result = self.catalog.add_file(path, original_name=path.name, user=self.user)
        except ArchiveError as exc:
            target = _free_name(self.rejected_dir / path.name)
            path.rename(target)
            target.with_name(target.name + ".reason.txt").write_text(exc.message + "\n",
                                                                      encoding="utf-8")
            log.warning("intake: %s rejected: %s", path.name, exc.message)
            return "rejected"
        path.rename(_free_name(self.done_dir / path.name))
        outcome = "duplicate" if result.duplicate else "queued"
        log.info("intake: %s → document %d (%s)", path.name, result.id, outcome)
        return outcome

    def run(self, stop: threading.Event, *, interval: float = 1.0) -> None:
        """Scan until ``stop`` is set; errors are logged, never fatal."""
        while not stop.is_set():
            try:
                self.scan_once()
            except Exception:
                log.exception("intake folder scan failed")
            stop.wait(interval)


def _free_name(target: Path) -> Path:
    """``target``, or ``name (2).ext`` etc. when it is taken: nothing is overwritten."""
    candidate, n = target, 2
    while candidate.exists():
        candidate = target.with_name(f"{target.stem} ({n}){target.suffix}")
        n += 1
    return candidate
