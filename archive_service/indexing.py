"""Keeps the search index in step with the catalog (the catalog is the source of truth)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date

from archive_service.catalog import Catalog, effective_metadata, now
from archive_service.models import Document
from index import IndexDocument, SearchIndex

log = logging.getLogger(__name__)

_indexes: dict[str, SearchIndex] = {}


def open_index(catalog: Catalog) -> SearchIndex:
    """The search index of this catalog (one object per process)."""
    key = str(catalog.config.index_dir)
    if key not in _indexes:
        _indexes[key] = SearchIndex(catalog.config.index_dir)
    return _indexes[key]


def ensure_index(catalog: Catalog) -> str:
    """Detect a missing, outdated or corrupt index and rebuild it from the catalog.

    Returns what was found (``ok``, ``missing``, ``outdated``, ``corrupt``).
    """
    state = open_index(catalog).check()
    if state != "ok":
        log.warning("search index is %s: rebuilding it from the catalog", state)
        rebuild(catalog)
    return state


def to_index_document(doc: Document) -> IndexDocument:
    """What the index needs of a document: effective metadata (corrections on top) and text."""
    meta = effective_metadata(doc)
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
    )


def index_documents(catalog: Catalog, doc_ids: list[int]) -> int:
    """Index (or re-index) these documents now; failures leave them for `archive reindex`."""
    if not doc_ids:
        return 0
    stamp = now()
    docs = [to_index_document(catalog.get(i)) for i in doc_ids]
    try:
        open_index(catalog).update(docs)
    except Exception:
        log.exception("indexing documents %s failed; `archive reindex` will catch up", doc_ids)
        return 0
    catalog.mark_indexed(doc_ids, stamp)
    return len(docs)


def delete_document(catalog: Catalog, doc_id: int, *, user: str) -> str:
    """Delete a record from the catalog, then from the search index (if that fails, the
    nightly rebuild check finds an index entry the catalog no longer has)."""
    sha = catalog.delete_document(doc_id, user=user)
    try:
        open_index(catalog).delete([str(doc_id)])
    except Exception:
        log.exception("removing document %d from the index failed; run `archive reindex --full`",
                      doc_id)
    return sha


def catch_up(catalog: Catalog, *, batch: int = 200, progress: Callable[[int], None] | None = None
             ) -> int:
    """Index every document changed since it was last indexed."""
    ids = catalog.stale_for_index()
    done = 0
    for start in range(0, len(ids), batch):
        done += index_documents(catalog, ids[start:start + batch])
        if progress:
            progress(len(ids[start:start + batch]))
    return done


def rebuild(catalog: Catalog, *, progress: Callable[[int], None] | None = None) -> int:
    """Build a new index from the catalog and swap it in atomically."""
    stamp = now()
    ids: list[int] = []

    def documents() -> Iterator[IndexDocument]:
        # listed once the rebuild has begun, so writes made meanwhile are journaled by it
        ids.extend(d.id for d in catalog.list_documents(state="done", limit=10**9))
        for doc_id in ids:
            yield to_index_document(catalog.get(doc_id))

    count = open_index(catalog).rebuild(documents(), progress=progress)
    catalog.mark_indexed(ids, stamp)
    return count


def nightly(catalog: Catalog) -> None:
    """The nightly job: catch up the index, merge its segments, check the originals' fixity."""
    log.info("nightly job: re-index")
    ensure_index(catalog)
    catch_up(catalog)
    open_index(catalog).optimize()
    bad = check_fixity(catalog)
    log.info("nightly job done: %d original(s) failed the fixity check", len(bad))


def check_fixity(catalog: Catalog) -> list[int]:
    """Documents whose stored original no longer matches its SHA-256 (or is missing)."""
    bad = []
    for doc in catalog.list_documents(limit=10**9):
        if not catalog.store.verify(doc.sha256):
            log.error("fixity check failed for document %d (%s)", doc.id, doc.sha256)
            bad.append(doc.id)
    return bad
