"""``archive indexer``: the one process that writes the search index (ARCHIVE_INDEXER=1).

Workers, web nodes and commands write what needs indexing into the catalog's outbox
(``index_outbox``: a document to index again or remove, a repair, a rebuild); the indexer takes
it in order, writes the index in batches (one Whoosh commit each) and deletes the requests it
wrote. A request is deleted only after its commit, so an indexer killed mid-commit writes it
again on restart (updates replace a document by id: nothing is duplicated). Every minute, and
at start, it also catches up from the catalog itself (documents changed since indexed), and at
ARCHIVE_NIGHTLY_AT it merges the index's segments. Web nodes only read the index: its folder
may be mounted read-only on them, and their searchers reopen on each commit.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import select

from archive_service import indexing
from archive_service.catalog import Catalog
from archive_service.models import Document

log = logging.getLogger("archive.indexer")

BATCH = 500  # outbox requests taken at once (one commit)
CATCH_UP_EVERY = 60.0  # seconds between two catch-ups from the catalog itself


def drain(catalog: Catalog, limit: int = BATCH) -> int:
    """Write one batch of the outbox into the index; returns how many requests it took.

    A rebuild or repair request is done first; then deletes and updates in one pass. When the
    repair or a delete fails the requests stay (the next call tries again) and the error is
    raised; documents that cannot be written are left to the catch-up from the catalog (their
    ``indexed_at`` is not set), so one bad document never blocks the outbox."""
    requests = catalog.index_requests(limit)
    if not requests:
        return 0
    actions = {r.action for r in requests}
    if "rebuild" in actions:
        indexing.rebuild(catalog)
    elif "repair" in actions:
        indexing.ensure_index(catalog)
    deleted = sorted({r.document_id for r in requests if r.action == "delete" and r.document_id})
    if deleted:
        indexing.open_index(catalog).delete([str(i) for i in deleted])
    updates = _done(catalog, {r.document_id for r in requests
                              if r.action == "update" and r.document_id} - set(deleted))
    if updates:
        health = indexing.quick_check(catalog)
        if not health.healthy:
            indexing.heal(catalog, health)
        try:
            indexing._write(catalog, updates, raise_errors=True)
        except Exception:  # not left to block the outbox: they stay stale in the catalog
            log.exception("indexing documents %s failed; the next catch-up from the catalog "
                          "writes them", updates)
    catalog.forget_index_requests([r.id for r in requests])
    log.info("index: %d written, %d removed (%d request(s))", len(updates), len(deleted),
             len(requests))
    return len(requests)


def _done(catalog: Catalog, ids: set[int]) -> list[int]:
    """Of these documents, those still in the catalog and processed (the others have nothing
    to index: deleted since, or being processed again)."""
    if not ids:
        return []
    with catalog.db.session() as s:
        return sorted(s.scalars(select(Document.id).where(Document.id.in_(ids),
                                                         Document.state == "done")))


def catch_up(catalog: Catalog) -> int:
    """Index what the catalog says changed since it was indexed (a safety net under the
    outbox: e.g. requests written by a command run with another configuration)."""
    return indexing.catch_up(catalog)


def _next_nightly(at: str, after: datetime) -> datetime:
    hour, minute = (int(x) for x in at.split(":"))
    when = after.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return when if when > after else when + timedelta(days=1)


def run(catalog: Catalog, stop: threading.Event) -> None:
    """Write the index from the outbox until ``stop`` is set."""
    indexing.become_index_writer()
    poll = max(0.2, float(catalog.config.get("indexer_poll")))
    nightly_at = catalog.config.get("nightly_at")
    nightly = _next_nightly(nightly_at, datetime.now())
    caught_up = 0.0
    log.info("index writer started on %s", catalog.config.index_dir)
    while not stop.is_set():
        try:
            if time.monotonic() - caught_up >= CATCH_UP_EVERY:
                catch_up(catalog)
                caught_up = time.monotonic()
            taken = drain(catalog)
            if datetime.now() >= nightly:
                indexing.open_index(catalog).optimize()
                nightly = _next_nightly(nightly_at, datetime.now())
        except Exception:  # a full disk, a locked catalog: log it, keep the requests, go on
            log.exception("writing the search index failed; trying again")
            taken = 0
        if not taken:
            stop.wait(poll)

