"""SearchIndex: the engine-neutral interface the rest of the project uses."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from . import layout, rebuild, writer
from .engine import SegmentCache, View
from .query import explicit_filters, parse_query
from .search import build_vocabulary, run_search
from .types import (
    IndexDocument,
    IndexUnavailableError,
    QueryError,
    SearchRequest,
    SearchResults,
)

VOCABULARY_MAX_AGE = 60.0  # seconds a did-you-mean vocabulary is reused across reopens


class SearchIndex:
    """A Vietnamese full-text index stored under ``path`` (a directory).

    Thread-safe; several processes may write at once (writes wait for each other).
    Each thread keeps one open searcher and reopens it when the index changed or was
    swapped by a rebuild (never ``Searcher.refresh()``, which duplicates hits after a
    merge in whoosh-reloaded 2.7.5).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._cache = SegmentCache()
        self._local = threading.local()
        self._vocab: tuple[float, dict[str, str]] = (0.0, {})

    # -- writing -----------------------------------------------------------------------

    def update(self, docs: Iterable[IndexDocument]) -> None:
        """Add or replace documents (by id) in one commit; creates the index if missing."""
        docs = list(docs)
        if docs:
            writer.write(self.path, docs, [])

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by catalog id (unknown ids are ignored)."""
        ids = [str(i) for i in ids]
        if ids:
            writer.write(self.path, [], ids)

    def rebuild(
        self,
        docs: Iterable[IndexDocument],
        progress: Callable[[int], None] | None = None,
        procs: int = 2,
    ) -> int:
        """Index ``docs`` into a new directory and swap it in atomically; returns the count.

        ``progress(n)`` is called every few hundred documents. Writes made meanwhile through
        :meth:`update`/:meth:`delete` (any process) are replayed before the swap.
        """
        return rebuild.rebuild_index(self.path, docs, progress, procs=procs)

    def optimize(self) -> None:
        """Merge segments (nightly; the hot path commits without merging)."""
        writer.optimize(self.path)

    # -- reading -----------------------------------------------------------------------

    def check(self) -> str:
        """``"ok"``, ``"missing"``, ``"outdated"`` or ``"corrupt"``; anything but ``"ok"``
        means: call :meth:`rebuild` with every document of the catalog."""
        return rebuild.check_index(self.path)

    def rebuilding(self) -> bool:
        """Whether a rebuild (in any process) is running now."""
        return rebuild.rebuild_running(self.path)

    def _view(self) -> View:
        """This thread's View, reopened if stale or if the live directory changed (also when
        a rebuild swaps it in while this opens the old one)."""
        local = self._local
        for _ in range(writer.OPEN_ATTEMPTS):
            directory = layout.current_dir(self.path)
            view = getattr(local, "view", None)
            if view is not None and local.directory == directory:
                try:
                    if view.searcher.up_to_date():
                        return view
                except Exception:  # noqa: BLE001 - files gone under us: reopen below
                    pass
            if directory is None or not directory.exists():
                raise IndexUnavailableError("missing")
            if layout.read_version(directory) != writer.SCHEMA_VERSION:
                raise IndexUnavailableError("outdated")
            try:
                view = writer.open_dir(directory, then=lambda ix: View(ix.searcher(), self._cache))
            except IndexUnavailableError:
                if layout.current_dir(self.path) == directory:
                    raise
                continue  # swapped while opening: open the new live directory
            local.view, local.directory = view, directory
            return view
        raise IndexUnavailableError("corrupt", "the live index kept changing while opening")

    def _vocabulary(self, view: View) -> dict[str, str]:
        built, vocab = self._vocab
        if time.monotonic() - built > VOCABULARY_MAX_AGE:
            vocab = build_vocabulary(view)
            self._vocab = (time.monotonic(), vocab)
        return vocab

    def search(self, request: SearchRequest | str) -> SearchResults:
        """Run a search; raises QueryError (message safe for users) on bad syntax and
        IndexUnavailableError when the index must be rebuilt."""
        if isinstance(request, str):
            request = SearchRequest(q=request)
        if request.sort not in ("relevance", "date"):
            raise QueryError("Cách sắp xếp không hợp lệ (relevance hoặc date)")
        parsed = parse_query(request.q)
        filters = parsed.filters + explicit_filters(request.filters)
        view = self._view()
        vocab = self._vocabulary(view) if request.suggest and parsed.terms else {}
        return run_search(view, request, parsed, filters, vocab)

    def doc_ids(self) -> set[str]:
        """Catalog ids of every indexed document."""
        view = self._view()
        ids = view.column("id")
        return {ids[d] for d in view.visible(3)}

    def count(self) -> int:
        """Number of indexed documents."""
        return self._view().searcher.doc_count()
