"""Keeps the search index in step with the catalog (the catalog is the source of truth)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from archive_service import fixity
from archive_service.catalog import Catalog, effective_metadata, now, searchable
from archive_service.fixity import CheckResult
from archive_service.models import Document, WithdrawnDocument
from index import IndexDocument, IndexUnavailableError, RebuildInProgressError, SearchIndex

log = logging.getLogger(__name__)

_indexes: dict[str, SearchIndex] = {}
_writer_here = False  # this process is `archive indexer`, the one writer of the index
REPAIR_LIMIT = 200  # missing documents re-indexed one by one; more (or a tenth) means a rebuild
HEAL_RETRY = 60.0  # seconds before a failed background repair is tried again
STATE_LABELS = {"missing": "bị mất", "corrupt": "bị hỏng", "outdated": "cũ (lược đồ khác)"}


def open_index(catalog: Catalog) -> SearchIndex:
    """The search index of this catalog (one object per process)."""
    key = str(catalog.config.index_dir)
    if key not in _indexes:
        _indexes[key] = SearchIndex(catalog.config.index_dir)
    return _indexes[key]


def become_index_writer() -> None:
    """Make this process the index writer (``archive indexer``)."""
    global _writer_here
    _writer_here = True


def writes_index(catalog: Catalog) -> bool:
    """Whether this process writes the search index itself: always on one host; only the
    indexer when ARCHIVE_INDEXER is set (everyone else writes to the catalog's outbox)."""
    return _writer_here or not catalog.config.separate_indexer


def request_repair(catalog: Catalog) -> bool:
    """Ask the index writer to check and repair the index (once: not while a request waits);
    returns True (a repair is under way, by the writer)."""
    if not catalog.pending_index_requests("repair"):
        catalog.request_index([None], "repair")
    return True


@dataclass
class IndexHealth:
    """The search index measured against the catalog (tình trạng chỉ mục).

    ``state`` is the index's own (``ok``, ``missing``, ``outdated``, ``corrupt``); ``expected``
    counts the processed documents the catalog says are indexed, ``indexed`` those the index
    holds; ``missing`` are catalog ids absent from the index, ``extra`` index ids the catalog
    no longer has as processed documents.
    """

    state: str
    indexed: int = 0
    expected: int = 0
    missing: list[int] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """Nothing to repair (an index not created yet is fine while nothing was indexed)."""
        if self.state == "missing":
            return self.expected == 0
        return self.state == "ok" and not self.missing and not self.extra

    @property
    def needs_rebuild(self) -> bool:
        """Unusable, or so much is missing that a full rebuild is the cheaper repair."""
        many = len(self.missing) > min(REPAIR_LIMIT, max(10, self.expected // 10))
        return not self.healthy and (self.state != "ok" or many)

    def describe(self) -> str:
        """One line for logs and the command line."""
        if self.state != "ok":
            return (f"chỉ mục {STATE_LABELS.get(self.state, self.state)}; danh mục có "
                    f"{self.expected} văn bản đã lập chỉ mục")
        return (f"chỉ mục có {self.indexed} văn bản, danh mục {self.expected}; thiếu "
                f"{len(self.missing)}, thừa {len(self.extra)}")


def _indexed_ids(catalog: Catalog) -> set[int]:
    """Processed documents the catalog says are in the index."""
    with catalog.db.session() as s:
        return set(s.scalars(select(Document.id).where(*searchable(),
                                                      Document.indexed_at.is_not(None))))


def _count_indexed(catalog: Catalog) -> int:
    with catalog.db.session() as s:
        return s.scalar(select(func.count()).select_from(Document).where(
            *searchable(), Document.indexed_at.is_not(None))) or 0


def _done_ids(catalog: Catalog) -> set[str]:
    with catalog.db.session() as s:
        return {str(i) for i in s.scalars(select(Document.id).where(*searchable()))}


def inspect_index(catalog: Catalog) -> IndexHealth:
    """Compare the index with the catalog: its state, document count and ids.

    The catalog is read before the index (a document is marked indexed only after its
    commit), so a write in another process never shows up as a missing document.
    """
    index = open_index(catalog)
    expected = _indexed_ids(catalog)
    state = index.check()
    if state != "ok":
        return IndexHealth(state, 0, len(expected), sorted(expected))
    try:
        have = index.doc_ids()
    except IndexUnavailableError as exc:
        return IndexHealth(exc.reason, 0, len(expected), sorted(expected))
    missing = sorted(i for i in expected if str(i) not in have)
    extra = sorted(have - _done_ids(catalog), key=int)
    return IndexHealth("ok", len(have), len(expected), missing, extra)


def quick_check(catalog: Catalog) -> IndexHealth:
    """Cheap check before a commit or a search: the document count against the catalog's;
    the ids are compared only when the index holds fewer documents than it should."""
    expected = _count_indexed(catalog)
    try:
        count = open_index(catalog).count()
    except IndexUnavailableError as exc:
        return IndexHealth(exc.reason, 0, expected)
    if count >= expected:
        return IndexHealth("ok", count, expected)
    return inspect_index(catalog)


def heal(catalog: Catalog, health: IndexHealth | None = None) -> int:
    """Repair the index from the catalog when it is lost, damaged or incomplete.

    Rebuilds it when unusable or missing many documents, else re-indexes the missing ones
    and removes the extra ones; returns how many documents were written. A rebuild already
    running in another process is left to finish.
    """
    health = health or inspect_index(catalog)
    if health.healthy:
        return 0
    log.warning("search index needs repair (%s): repairing it from the catalog",
                health.describe())
    if health.needs_rebuild:
        try:
            count = rebuild(catalog)
        except RebuildInProgressError:
            log.info("another process is rebuilding the search index")
            return 0
        log.warning("search index rebuilt from the catalog: %d documents", count)
        return count
    if health.extra:
        open_index(catalog).delete(health.extra)
    count = sum(_write(catalog, health.missing[i:i + 200])
                for i in range(0, len(health.missing), 200))
    log.warning("search index repaired: %d document(s) re-indexed, %d removed",
                count, len(health.extra))
    return count


_healer: dict[str, threading.Thread | float] = {}


def heal_in_background(catalog: Catalog, health: IndexHealth | None = None) -> bool:
    """Start :func:`heal` in a thread unless one runs in this process (or failed just now);
    returns whether a repair is under way."""
    if not writes_index(catalog):
        return request_repair(catalog)
    key = str(catalog.config.index_dir)
    running = _healer.get(key)
    if isinstance(running, threading.Thread) and running.is_alive():
        return True
    if isinstance(running, float) and time.monotonic() - running < HEAL_RETRY:
        return open_index(catalog).rebuilding()

    def run() -> None:
        try:
            heal(catalog, health)
            _healer.pop(key, None)
        except Exception:
            log.exception("search index repair failed; run `archive reindex --full`")
            _healer[key] = time.monotonic()

    thread = threading.Thread(target=run, name="index-repair", daemon=True)
    _healer[key] = thread
    thread.start()
    return True


def ensure_index(catalog: Catalog, health: IndexHealth | None = None) -> int:
    """Detect a lost, outdated, corrupt or incomplete index and repair it from the catalog
    (an index never created is created); returns how many documents were written."""
    if not writes_index(catalog):
        request_repair(catalog)
        return 0
    health = health or inspect_index(catalog)
    if health.state != "ok" and health.healthy:
        return rebuild(catalog)  # none yet: build it from what the catalog holds
    return heal(catalog, health)


def to_index_document(doc: Document) -> IndexDocument:
    """What the index needs of a document: effective metadata (corrections on top), text, and
    the codes of the phông and hồ sơ it is filed in."""
    meta = effective_metadata(doc)
    record = doc.archival.file if doc.archival is not None else None
    issued = meta.get("issued_date")
    try:
        issued_date = date.fromisoformat(issued) if issued else None
    except (TypeError, ValueError):
        issued_date = None
    return IndexDocument(
        id=str(doc.id), number=meta.get("number"), issued_date=issued_date,
        issuer=meta.get("issuer"), parent_issuer=meta.get("parent_issuer"),
        doc_type=meta.get("doc_type"), subject=meta.get("subject"), signer=meta.get("signer"),
        confidentiality=meta.get("confidentiality"),
        pages=[p.data.get("text", "") for p in doc.pages],
        fonds=record.fonds.code if record is not None else None,
        file=record.code if record is not None else None,
    )


def index_documents(catalog: Catalog, doc_ids: list[int]) -> int:
    """Index (or re-index) these documents now; failures leave them for `archive reindex`.

    The index is checked against the catalog first: a lost or damaged one is repaired from
    the catalog (never replaced by an index holding only these documents)."""
    if not doc_ids:
        return 0
    if not writes_index(catalog):  # the index writer does it, from the catalog's outbox
        catalog.request_index(list(doc_ids))
        return 0
    try:
        health = quick_check(catalog)
        if not health.healthy:
            heal(catalog, health)
    except Exception:  # e.g. a full disk: writing now could create an index of these alone
        log.exception("repairing the search index failed; `archive reindex` will catch up")
        return 0
    return _write(catalog, doc_ids)


def _split_withdrawn(catalog: Catalog, doc_ids: list[int]) -> tuple[list[int], list[int]]:
    """``doc_ids`` split into those to write and those withdrawn from search (merged into
    another record as its duplicate)."""
    with catalog.db.session() as s:
        gone = set(s.scalars(select(WithdrawnDocument.document_id).where(
            WithdrawnDocument.document_id.in_(doc_ids))))
    return [i for i in doc_ids if i not in gone], [i for i in doc_ids if i in gone]


def withdraw(catalog: Catalog, doc_ids: list[int]) -> None:
    """Take documents out of the search index (a duplicate merged into another record), or
    ask the index writer to; if that fails the next check of the index against the catalog
    removes them."""
    if not writes_index(catalog):
        catalog.request_index(list(doc_ids), "delete")
        return
    try:
        open_index(catalog).delete([str(i) for i in doc_ids])
    except Exception:
        log.exception("removing documents %s from the index failed; the recovery run will",
                      doc_ids)


def _write(catalog: Catalog, doc_ids: list[int], *, raise_errors: bool = False) -> int:
    stamp = now()
    doc_ids, withdrawn = _split_withdrawn(catalog, doc_ids)
    if withdrawn:
        withdraw(catalog, withdrawn)
    if not doc_ids:
        return 0
    docs = [to_index_document(catalog.get(i)) for i in doc_ids]
    try:
        open_index(catalog).update(docs)
    except Exception:
        if raise_errors:
            raise
        log.exception("indexing documents %s failed; `archive reindex` will catch up", doc_ids)
        return 0
    catalog.mark_indexed(doc_ids, stamp)
    return len(docs)


def delete_document(catalog: Catalog, doc_id: int, *, user: str) -> str:
    """Delete a record from the catalog, then from the search index (if that fails, the
    nightly rebuild check finds an index entry the catalog no longer has)."""
    with catalog.db.session() as s:  # its duplicates come back to search (the table cascades)
        returning = list(s.scalars(select(WithdrawnDocument.document_id).where(
            WithdrawnDocument.merged_into == doc_id)))
    sha = catalog.delete_document(doc_id, user=user)
    if not writes_index(catalog):
        catalog.request_index([doc_id], "delete")
    else:
        try:
            open_index(catalog).delete([str(doc_id)])
        except Exception:
            log.exception("removing document %d from the index failed; run `archive reindex "
                          "--full`", doc_id)
    index_documents(catalog, returning)
    return sha


def catch_up(catalog: Catalog, *, batch: int = 200, progress: Callable[[int], None] | None = None,
             health: IndexHealth | None = None) -> int:
    """Repair a lost or damaged index (``health``: as found by :func:`inspect_index`), then
    index every document changed since it was last indexed; returns how many were written."""
    done = ensure_index(catalog, health)
    ids = catalog.stale_for_index()
    for start in range(0, len(ids), batch):
        done += _write(catalog, ids[start:start + batch])
        if progress:
            progress(len(ids[start:start + batch]))
    return done


def rebuild(catalog: Catalog, *, progress: Callable[[int], None] | None = None) -> int:
    """Build a new index from the catalog and swap it in atomically."""
    stamp = now()
    ids: list[int] = []

    def documents() -> Iterator[IndexDocument]:
        # listed once the rebuild has begun, so writes made meanwhile are journaled by it
        with catalog.db.session() as s:
            ids.extend(s.scalars(select(Document.id).where(*searchable())
                                 .order_by(Document.id.desc())))
        for doc_id in ids:
            yield to_index_document(catalog.get(doc_id))

    count = open_index(catalog).rebuild(documents(), progress=progress)
    catalog.mark_indexed(ids, stamp)
    return count


def nightly(catalog: Catalog) -> CheckResult:
    """The nightly job: check the index against the catalog and repair it, catch it up, merge
    its segments, check the stored files' fixity (recorded in ``check_runs``)."""
    if writes_index(catalog):  # else `archive indexer` runs its own nightly catch-up
        log.info("nightly job: re-index")
        catch_up(catalog)
        open_index(catalog).optimize()
    result = fixity.run_check(catalog, by="nightly")
    log.info("nightly job done: %d file(s) failed the fixity check", len(result.failures))
    return result


def check_fixity(catalog: Catalog) -> list[int]:
    """Documents whose stored original no longer matches its SHA-256 (or is missing); not
    recorded (``fixity.run_check`` is the recorded check of every stored file)."""
    bad = []
    for doc in catalog.list_documents(limit=10**9):
        if not catalog.store.verify(doc.sha256):
            log.error("fixity check failed for document %d (%s)", doc.id, doc.sha256)
            bad.append(doc.id)
    return bad
