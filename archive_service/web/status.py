"""Ingest status: counts, the queue, what is being processed, failures with reasons, retry."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from archive_service.batches import Batches
from archive_service.models import Document
from archive_service.web.access import (
    account,
    can_see,
    catalog,
    config,
    role_required,
    visible_document,
)
from archive_service.web.batches import processing_label

bp = Blueprint("status", __name__, url_prefix="/status")

LIST_LIMIT = 200


def status_data(acc=None) -> dict:
    """Counts and lists by state, of the documents ``acc`` may see (nothing else is counted)."""
    acc = acc or account()
    visible = {state: [d for d in documents_in(state, limit=None) if can_see(d, acc)]
               for state in ("queued", "processing", "failed")}
    counts = {state: len(docs) for state, docs in visible.items()}
    counts["done"] = visible_done(acc.clearance)
    lists = {state: docs[:LIST_LIMIT] for state, docs in visible.items()}
    return {"counts": {s: counts[s] for s in ("queued", "processing", "done", "failed")}, **lists}


def documents_in(state: str, limit: int | None = LIST_LIMIT) -> list[Document]:
    """The newest documents in ``state``, with what visibility needs (fields, corrections)."""
    with catalog().db.session() as s:
        return list(s.scalars(select(Document).where(Document.state == state)
                              .order_by(Document.id.desc()).limit(limit)
                              .options(selectinload(Document.fields),
                                       selectinload(Document.corrections))))


def visible_done(clearance: int) -> int:
    """Processed documents this user may see (counted by the index, which knows their marks)."""
    from archive_service.web.search import run_search
    from index import SearchIndexError, SearchRequest

    try:
        return run_search(SearchRequest(per_page=1, clearance=clearance, facets=False,
                                         snippets=False, suggest=False)).total
    except SearchIndexError:
        return 0


def service_state() -> dict:
    """The search index against the catalog (a mismatch starts its repair), what waits for
    the index writer, and the worker that `archive serve` supervises (None when the worker
    runs apart)."""
    from archive_service import indexing

    cat = catalog()
    health = indexing.quick_check(cat)
    repairing = not health.healthy and indexing.heal_in_background(cat)
    supervisor = current_app.extensions.get("archive_worker")
    return {"index_ok": health.healthy, "index_repairing": repairing,
            "outbox": index_outbox(),
            "worker": supervisor.state() if supervisor is not None else None}


def index_outbox() -> dict:
    """The requests waiting for the one index writer (``archive indexer``, when
    ARCHIVE_INDEXER is set): how many, and since when (None when nothing waits)."""
    pending, oldest = catalog().index_backlog()
    return {"pending": pending, "oldest": oldest, "separate_writer": config().separate_indexer}


@bp.route("")
@role_required("editor")
def index():
    data = status_data()
    found = catalog().progress([d.id for d in data["processing"]])
    return render_template("status.html", **data, service=service_state(),
                           recent=Batches(catalog()).recent(RECENT_BATCHES),
                           progress=lambda doc: processing_label(found.get(doc.id)))


RECENT_BATCHES = 10


@bp.route("/retry/<int:doc_id>", methods=["POST"])
@role_required("editor")
def retry(doc_id: int):
    doc = visible_document(doc_id)
    if doc.state != "failed":
        abort(409)
    catalog().retry(doc.id, user=account().name)
    flash(_("Đã đưa văn bản #%(id)d vào hàng đợi để xử lý lại.", id=doc.id), "info")
    return redirect(url_for("status.index"))
