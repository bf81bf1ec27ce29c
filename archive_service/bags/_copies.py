"""The archival PDF/A copy (bản lưu trữ PDF/A-2b) in a bag: ``archival.pdf`` beside the
original (in a DIP too: a citizen's copy is the archival copy) and its record in the document's
metadata JSON (``archival_copy``); restored content-addressed, with its record, in the
import's transaction, so a round trip gives the same copy (same SHA-256) and the same
``archive show --json`` block.

Only a copy stored and checked (``ok``) travels. The record is restored as exported (its check
result, low-dpi pages, figures): the bag's checksums vouch for the bytes, the record for the
check they passed. A document exported without a copy gets none here (``archive
archival-copies --missing`` writes it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from archive_service import archival
from archive_service.bags._format import SHA256, iso, parse_time, reject
from archive_service.catalog import Catalog, now
from archive_service.models import ArchivalCopy, Document
from archive_service.storage import sha256_file

if TYPE_CHECKING:
    from archive_service.bags.extensions import ExportFile, RestoreContext

ROLE = "archival_copy"
NAME = "archival.pdf"


def _stored(catalog: Catalog, doc: Document) -> ArchivalCopy | None:
    row = archival.get_copy(catalog, doc.id)
    return row if row is not None and row.state == "ok" and row.sha256 else None


def archival_copy_files(catalog: Catalog, doc: Document) -> Iterator[ExportFile]:
    """The archival copy, when it is stored and passed its check (checked while copying)."""
    from archive_service.bags.extensions import ExportFile

    row = _stored(catalog, doc)
    if row is not None:
        yield ExportFile(ROLE, archival.store_for(catalog).path_for(row.sha256), NAME, True,
                         row.sha256)


def copy_block(catalog: Catalog, doc: Document) -> dict[str, Any] | None:
    """The ``archival_copy`` block of the metadata JSON: the copy's record as it travels."""
    row = _stored(catalog, doc)
    if row is None:
        return None
    return {"sha256": row.sha256, "size": row.size, "pdfa": row.pdfa, "state": row.state,
            "checked": bool(row.checked), "low_dpi_pages": row.low_dpi_pages or [],
            "detail": row.detail or {}, "seconds": row.seconds, "created_at": iso(row.created_at)}


def _check_block(block: Any, sha256: str) -> dict[str, Any]:
    """The block describing ``archival.pdf`` (whose SHA-256 is ``sha256``); BagRejectedError
    when it is absent, malformed, or describes another file or a copy that failed."""
    what = f"bản lưu trữ PDF/A {sha256[:12]}…"
    if not isinstance(block, dict) or block.get("sha256") != sha256 or not SHA256.match(sha256):
        raise reject(f"thông tin của {what} không khớp với tệp archival.pdf trong gói.")
    if block.get("state") != "ok" or block.get("checked") is not True:
        raise reject(f"{what} có trong gói nhưng được ghi là chưa đạt kiểm tra.")
    pages, detail = block.get("low_dpi_pages") or [], block.get("detail") or {}
    pdfa = block.get("pdfa")
    if (not isinstance(pages, list) or not all(isinstance(p, int) for p in pages)
            or not isinstance(detail, dict) or not isinstance(pdfa, str) or len(pdfa) > 8
            or not isinstance(block.get("seconds", 0.0), int | float)):
        raise reject(f"thông tin của {what} bị hỏng.")
    parse_time(block.get("created_at"), "bản lưu trữ PDF/A")
    return block


def restore_copy(ctx: RestoreContext) -> Path | None:
    """Write ``archival.pdf`` to the archival store and its record, in the import's
    transaction; the file written (None when a sound one was there already)."""
    sha = sha256_file(ctx.source)
    if ctx.session.scalar(select(ArchivalCopy.id).where(
            ArchivalCopy.document_id == ctx.document.id)) is not None:
        raise reject(f"văn bản {ctx.document.sha256[:12]}… có hai bản lưu trữ PDF/A trong gói.")
    block = _check_block(ctx.data.get("archival_copy"), sha)
    store = archival.store_for(ctx.catalog)
    written = None
    if not store.verify(sha):
        target = store.path_for(sha)
        existed = target.exists()
        store.put(ctx.source, sha, replace=existed)
        if not store.verify(sha):
            raise reject(f"bản lưu trữ PDF/A {sha[:12]}… đổi trong lúc nhập.")
        written = None if existed else target
    ctx.session.add(ArchivalCopy(
        document_id=ctx.document.id, state="ok", sha256=sha, size=ctx.source.stat().st_size,
        pdfa=block["pdfa"], checked=True, reason=None,
        low_dpi_pages=block.get("low_dpi_pages") or None, detail=block.get("detail") or {},
        seconds=float(block.get("seconds") or 0.0),
        created_at=parse_time(block.get("created_at"), "bản lưu trữ PDF/A") or now()))
    return written
