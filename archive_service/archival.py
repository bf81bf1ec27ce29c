"""Archival copies (bản số hóa PDF/A-2b) in the catalog: stored by content hash like the
originals, one record per document saying whether the copy passed its check or why it is
missing. Writing a copy is the worker's job (``ingest/archival_copy.py``); a failed copy never
fails its document, and ``archive archival-copies --missing`` writes it again later.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive_service.catalog import Catalog, now
from archive_service.errors import DamagedOriginalError, NotFoundError
from archive_service.models import ArchivalCopy, Document
from archive_service.pdfa import PDFA_LABEL
from archive_service.storage import OriginalStore, sha256_file

log = logging.getLogger(__name__)

REASON_LIMIT = 2000
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s/\\:]+){2,}[/\\]?")  # /a/b/c, C:\a\b


def safe_reason(text: str) -> str:
    """A failure's reason as shown to users (API, document page): no path of this server."""
    return _PATH.sub("…", text)[:REASON_LIMIT]


@dataclass
class CopyOutcome:
    """What writing one copy gave: the stored file's hash, or the reason it failed."""

    sha256: str | None = None
    size: int = 0
    checked: bool = False
    reason: str | None = None
    low_dpi_pages: list[int] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def state(self) -> str:
        return "ok" if self.sha256 and self.checked and not self.reason else "failed"


def store_for(catalog: Catalog) -> OriginalStore:
    """The content-addressed store of archival copies (``<data dir>/archival/ab/cd/<sha256>``)."""
    return OriginalStore(catalog.config.archival_dir)


def store_copy(catalog: Catalog, path: Path) -> tuple[str, int]:
    """Put a written copy in the store; returns its SHA-256 and size."""
    sha = sha256_file(path)
    store_for(catalog).put(path, sha)
    return sha, path.stat().st_size


def record_copy(catalog: Catalog, doc_id: int, outcome: CopyOutcome) -> None:
    """Record (or replace) the document's archival copy: stored and checked, or failed with
    the reason."""
    with catalog.db.session() as s:
        row = s.scalar(select(ArchivalCopy).where(ArchivalCopy.document_id == doc_id))
        if row is None:
            row = ArchivalCopy(document_id=doc_id)
            s.add(row)
        row.state, row.sha256, row.size = outcome.state, outcome.sha256, outcome.size
        row.pdfa, row.checked = PDFA_LABEL, outcome.checked
        row.reason = safe_reason(outcome.reason) if outcome.reason else None
        row.low_dpi_pages = outcome.low_dpi_pages or None
        row.detail, row.seconds, row.created_at = outcome.detail, outcome.seconds, now()


def get_copy(catalog: Catalog, doc_id: int) -> ArchivalCopy | None:
    """The document's archival copy record, if one was ever attempted."""
    with catalog.db.session() as s:
        return s.scalar(select(ArchivalCopy).where(ArchivalCopy.document_id == doc_id))


def missing_copies(catalog: Catalog, *, failed_too: bool = True) -> list[int]:
    """Done documents without a checked archival copy (never written, or failed)."""
    with catalog.db.session() as s:
        have = select(ArchivalCopy.document_id).where(ArchivalCopy.state == "ok")
        if not failed_too:
            have = select(ArchivalCopy.document_id)
        return list(s.scalars(select(Document.id).where(
            Document.state == "done", Document.id.not_in(have)).order_by(Document.id)))


def copy_json(row: ArchivalCopy | None) -> dict[str, Any] | None:
    """The ``archival_copy`` block of ``archive show --json`` (None: never attempted)."""
    if row is None:
        return None
    return {"sha256": row.sha256, "pdfa": row.pdfa, "checked": bool(row.checked),
            "state": row.state, "size": row.size, "reason": row.reason,
            "low_dpi_pages": row.low_dpi_pages or [], "created_at": row.created_at}


def verified_copy(catalog: Catalog, doc: Document, *, user: str) -> Path:
    """The stored archival copy of ``doc`` once its bytes match its SHA-256; NotFoundError when
    it has none, DamagedOriginalError (audited) when the file was altered or lost."""
    row = get_copy(catalog, doc.id)
    if row is None or row.state != "ok" or not row.sha256:
        raise NotFoundError("Văn bản này chưa có bản lưu trữ PDF/A"
                            + (f" ({row.reason})" if row is not None and row.reason else "") + ".")
    store = store_for(catalog)
    if store.verify(row.sha256):
        return store.path_for(row.sha256)
    log.error("archival copy of document %d does not match its SHA-256: not served", doc.id)
    catalog.audit(user, "fixity_failed", doc.id, f"archival copy sha256={row.sha256}")
    raise DamagedOriginalError("Bản lưu trữ PDF/A của văn bản này đã bị hỏng hoặc mất (không "
                               "còn khớp mã SHA-256) nên không được gửi; lệnh `archive "
                               "archival-copies --missing` sẽ ghi lại nó.")


def mark_damaged(catalog: Catalog, doc_id: int, reason: str) -> None:
    """A stored copy found altered: recorded failed, so the next ``--missing`` run rewrites it."""
    with catalog.db.session() as s:
        row = s.scalar(select(ArchivalCopy).where(ArchivalCopy.document_id == doc_id))
        if row is not None:
            row.state, row.checked, row.reason = "failed", False, reason[:REASON_LIMIT]
