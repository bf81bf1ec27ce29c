"""Full rebuild into a new directory and atomic swap; health checks.

The rebuild reads documents from the catalog while the live index keeps serving searches and
taking writes. Writes made meanwhile are journaled; at the end the rebuild takes the write
lock, replays the journal into the new index, swaps ``CURRENT`` and drops the journal.
"""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index

from . import layout, writer
from .schema import SCHEMA_VERSION
from .types import IndexDocument, RebuildInProgressError

Progress = Callable[[int], None]
BATCH = 2000


def _index_all(directory: Path, docs: Iterable[IndexDocument], procs: int, progress: Progress | None) -> int:
    """Index ``docs`` into a new index in ``directory``; returns how many were written."""
    ix = writer.create_index(directory)
    count = 0
    if multiprocessing.current_process().daemon:  # a queue worker's process: no children
        procs = 1
    kwargs = {"procs": procs, "multisegment": True, "limitmb": 256} if procs > 1 else {}
    try:
        with writer.open_writer(ix, merge=False, **kwargs) as w:
            for doc in docs:
                # add_document: the new index is empty, no need to look for old versions
                w.add_document(**writer.build_fields(doc))
                count += 1
                if progress and count % 500 == 0:
                    progress(count)
    finally:
        ix.close()
    if progress:
        progress(count)
    return count


def _replay_journal(base: Path, directory: Path) -> None:
    ix = whoosh_index.open_dir(str(directory), indexname=layout.INDEX_NAME)
    try:
        entries = list(writer.read_journal(base))
        if entries:
            with writer.open_writer(ix, merge=False) as w:
                for docs, delete_ids in entries:
                    writer.apply_batch(w, docs, delete_ids)
    finally:
        ix.close()


def rebuild_index(
    base: Path,
    docs: Iterable[IndexDocument],
    progress: Progress | None = None,
    procs: int = 2,
) -> int:
    """Build a complete index from ``docs`` in a new directory and swap it in atomically.

    Searches in flight keep using the old directory until they reopen. Raises
    RebuildInProgressError when another rebuild holds the lock.
    """
    base.mkdir(parents=True, exist_ok=True)
    try:
        lock = layout.open_file_lock(base / layout.REBUILD_LOCK, timeout=0)
        lock.__enter__()
    except TimeoutError as exc:
        raise RebuildInProgressError("Đang có một lần dựng lại chỉ mục khác") from exc
    directory = None
    try:
        with layout.open_file_lock(base / layout.WRITE_LOCK, writer.LOCK_TIMEOUT):
            (base / layout.JOURNAL).write_bytes(b"")
        directory = layout.new_dir(base)
        count = _index_all(directory, docs, procs, progress)
        with layout.open_file_lock(base / layout.WRITE_LOCK, writer.LOCK_TIMEOUT):
            _replay_journal(base, directory)
            layout.swap(base, directory)
            directory = None
            (base / layout.JOURNAL).unlink(missing_ok=True)
        return count
    finally:
        if directory is not None:  # failed: drop the half-built index and the journal
            shutil.rmtree(directory, ignore_errors=True)
            (base / layout.JOURNAL).unlink(missing_ok=True)
        lock.__exit__(None, None, None)


def check_index(base: Path) -> str:
    """``"ok"``, ``"missing"``, ``"outdated"`` (other schema version) or ``"corrupt"``.

    Opens the live index and reads every segment's terms, a stored document and the
    columns the searcher uses, so that damaged files show up here rather than in a search.
    """
    directory = layout.current_dir(base)
    if directory is None or not directory.exists():
        return "missing"
    if layout.read_version(directory) != SCHEMA_VERSION:
        return "outdated"
    try:
        ix = writer.open_dir(directory)  # a concurrent commit's clean-up is retried there
        with ix.searcher() as searcher:
            reader = searcher.reader()
            for leaf, _offset in reader.leaf_readers():
                if leaf.segment() is None:  # no segment yet: an empty index
                    continue
                leaf.segment().segment_id()
                n = leaf.doc_count_all()
                if n:
                    leaf.stored_fields(n - 1)
                    for name in ("dord", "acl"):
                        leaf.column_reader(name)[n - 1]
                for _ in zip(range(50), leaf.all_terms(), strict=False):
                    pass
            searcher.doc_count()
        ix.close()
    except Exception:  # noqa: BLE001 - whatever breaks, the index is unusable
        return "corrupt"
    _drop_stale_journal(base)
    return "ok"


def _drop_stale_journal(base: Path) -> None:
    """A journal left by a rebuild that died: remove it if no rebuild is running."""
    if not (base / layout.JOURNAL).exists():
        return
    try:
        with layout.open_file_lock(base / layout.REBUILD_LOCK, timeout=0):
            (base / layout.JOURNAL).unlink(missing_ok=True)
    except TimeoutError:
        pass


def rebuild_running(base: Path) -> bool:
    """Whether a rebuild holds the rebuild lock now."""
    if not (base / layout.REBUILD_LOCK).exists():
        return False
    try:
        with layout.open_file_lock(base / layout.REBUILD_LOCK, timeout=0):
            return False
    except TimeoutError:
        return True
