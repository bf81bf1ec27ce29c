"""Restoring a checked bag (see ``_import``): originals first, one transaction, index after."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from archive_service import queue
from archive_service.bags import extensions
from archive_service.bags._format import parse_time, reject
from archive_service.bags._import import BagPlan, PlannedDocument, check_bag, open_bag
from archive_service.catalog import Catalog, effective_metadata, now, safe_name
from archive_service.classification import lowers
from archive_service.db import ids_given, keep_ids_past
from archive_service.models import (
    CORRECTION_KINDS,
    AuditEntry,
    Correction,
    Document,
    FieldRow,
    PageRow,
)

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    """What an import did: documents added (old id → new id), documents already held whose
    corrections were merged, corrections added, corrections not applied (they would have
    lowered a confidentiality, which takes a two-person request)."""

    added: dict[int, int] = field(default_factory=dict)
    existing: list[int] = field(default_factory=list)
    corrections: int = 0
    skipped: int = 0
    repaired: int = 0  # originals put back (the stored copy was missing or damaged)
    records: dict[str, int] = field(default_factory=dict)  # record set → records added
    filed: int = 0  # documents filed into a hồ sơ from the bag


def import_bag(catalog: Catalog, path: Path, *, user: str = "cli") -> ImportResult:
    """Check the bag whole, then restore it whole; raises BagRejectedError (nothing changed)."""
    with open_bag(path) as root:
        plan = check_bag(root)
        if plan.package != "AIP" or any(not d.file("original") for d in plan.documents):
            raise reject("gói chỉ có bản sao (không có bản gốc) nên không nhập vào kho được.")
        unknown = set(plan.records) - {r.name for r in extensions.RECORD_SETS}
        if unknown:
            raise reject(f"gói có hồ sơ, phông ({', '.join(sorted(unknown))}) mà phiên bản "
                         "này chưa hỗ trợ.")
        result = ImportResult()
        written = _put_originals(catalog, plan, result)
        try:
            changed, queued = _restore(catalog, plan, result, user)
        except BaseException:
            _remove_unreferenced(catalog, written)
            raise
    _after_commit(catalog, changed, queued)
    return result


def _put_originals(catalog: Catalog, plan: BagPlan, result: ImportResult) -> list[Path]:
    """Write each original to the store unless a sound copy is there; returns the new ones."""
    written = []
    for doc in plan.documents:
        source = plan.root / "data" / doc.file("original")[0]["path"]
        target = catalog.store.path_for(doc.sha256)
        if catalog.store.verify(doc.sha256):
            continue
        existed = target.exists()
        catalog.store.put(source, doc.sha256, replace=existed)
        if not catalog.store.verify(doc.sha256):
            raise reject(f"bản gốc {doc.sha256[:12]}… đổi trong lúc nhập.")
        if existed:
            result.repaired += 1
        else:
            written.append(target)
    return written


def _remove_unreferenced(catalog: Catalog, written: list[Path]) -> None:
    """Remove the originals this import wrote, unless a document (added meanwhile by another
    process, with the same bytes) now refers to one."""
    with catalog.db.session() as s:
        held = set(s.scalars(select(Document.sha256).where(
            Document.sha256.in_([p.name for p in written]))))
    for target in written:
        if target.name not in held:
            target.unlink(missing_ok=True)


def _id_floor(s: Session) -> int:
    """Ids at or below this were given once (perhaps to a deleted document): never reused."""
    return max(s.scalar(select(func.max(Document.id))) or 0,
               s.scalar(select(func.max(AuditEntry.document_id))) or 0,
               ids_given(s, "documents"))


def _restore(catalog: Catalog, plan: BagPlan, result: ImportResult, user: str
             ) -> tuple[list[int], list[int]]:
    """The one transaction; returns the ids to index and the ids to queue."""
    changed, queued, images = [], [], []
    try:
        with catalog.db.session() as s:
            floor = _id_floor(s)
            ids: dict[str, int] = {}
            for doc in sorted(plan.documents, key=lambda d: d.data["document"].get("id") or 0):
                existing = s.scalar(select(Document).where(Document.sha256 == doc.sha256)
                                    .options(selectinload(Document.fields),
                                             selectinload(Document.corrections)))
                if existing is not None:
                    if _merge(s, existing, doc, result, user):
                        changed.append(existing.id)
                    result.existing.append(existing.id)
                    ids[doc.sha256] = existing.id
                    continue
                new = _insert(s, doc, floor, user, plan.root.name)
                floor = max(floor, new.id)
                images.extend(_restore_files(catalog, s, new, doc, plan.root))
                result.added[int(doc.data["document"].get("id") or 0)] = new.id
                ids[doc.sha256] = new.id
                (changed if new.state == "done" else queued if new.state == "queued"
                 else []).append(new.id)
            for record_set in extensions.RECORD_SETS:
                rows = plan.parsed.get(record_set.name) or {}
                result.records[record_set.name] = record_set.restore(s, rows, user)
            archival = plan.parsed.get("archival", {})
            filed = extensions.restore_archival(
                s, {ids[sha]: values for sha, values in archival.items()}, user)
            result.filed = len(filed)
            changed.extend(s.scalars(select(Document.id).where(  # search facets by hồ sơ
                Document.id.in_(set(filed) - set(changed)), Document.state == "done")))
    except BaseException:
        for path in images:
            path.unlink(missing_ok=True)
        raise
    return changed, queued


def _insert(s: Session, doc: PlannedDocument, floor: int, user: str, bag_name: str) -> Document:
    """A new document with its pages, extracted fields and corrections, keeping its id from
    the bag when that id was never given here."""
    d = doc.data["document"]  # checked whole by _format.check_document_json
    kind, state = d["kind"], d["state"]
    old_id = d.get("id")
    row = Document(sha256=doc.sha256, original_name=safe_name(str(d.get("original_name") or "")),
                   kind=kind, size=int(d.get("size") or 0),
                   state="queued" if state == "processing" else state, error=d.get("error"),
                   created_at=parse_time(d.get("created_at"), "created_at") or now(),
                   updated_at=now(), processed_at=parse_time(d.get("processed_at"), "processed_at"),
                   uploaded_by=d.get("uploaded_by"), page_count=int(d.get("page_count") or 0),
                   signed_at=parse_time(d.get("signed_at"), "signed_at"),
                   seconds=float(d.get("seconds") or 0.0))
    if isinstance(old_id, int) and old_id > floor:
        row.id = old_id
    for p in doc.data["pages"]:
        row.pages.append(PageRow(number=int(p["number"]), data=p["data"]))
    for f in doc.data["extracted"]:
        row.fields.append(FieldRow(name=f["name"], value=f.get("value"),
                                   confidence=float(f.get("confidence") or 0.0),
                                   page=f.get("page"), box=f.get("box"),
                                   review=bool(f.get("review"))))
    for c in doc.data["corrections"]:
        row.corrections.append(Correction(field=c["field"], value=c.get("value"), user=c["user"],
                                          created_at=parse_time(c.get("at"), "chỉnh sửa"),
                                          kind=_kind(c)))
    s.add(row)
    s.flush()
    keep_ids_past(s, "documents", row.id)
    s.add(AuditEntry(at=now(), user=user, action="import", document_id=row.id,
                     detail=f"{row.original_name} sha256={row.sha256} từ gói {bag_name}"[:500]))
    return row


def _restore_files(catalog: Catalog, s: Session, row: Document, doc: PlannedDocument,
                   root: Path) -> list[Path]:
    """Page images (and, through ``extensions.RESTORERS``, other per-document files); the
    files written, or none left when one fails (a restorer refusing its file)."""
    written: list[Path] = []
    try:
        _restore_each(catalog, s, row, doc, root, written)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _restore_each(catalog: Catalog, s: Session, row: Document, doc: PlannedDocument,
                  root: Path, written: list[Path]) -> None:
    pages = {p.number: p for p in row.pages}
    for f in doc.entry["files"]:
        source = root / "data" / f["path"]
        if f["role"] == "page_image":
            number = _page_number(f["path"])
            if number not in pages:
                continue
            rel = f"{row.id}/{number}.jpg"
            target = catalog.config.pages_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.append(target)
            pages[number].image = rel
        elif f["role"] in extensions.RESTORERS:
            name = f["path"].split("/", 2)[-1]
            out = extensions.RESTORERS[f["role"]](
                extensions.RestoreContext(catalog, s, row, source, name, doc.data))
            if out is not None:
                written.append(out)


def _page_number(path: str) -> int | None:
    stem = path.rsplit("/", 1)[-1].removesuffix(".jpg")
    return int(stem) if stem.isdigit() and len(stem) < 6 else None


def _key(field_name: str, value: Any, user: str, at: Any) -> tuple:
    return field_name, json.dumps(value, sort_keys=True, ensure_ascii=False), user, str(at)


def _merge(s: Session, row: Document, doc: PlannedDocument, result: ImportResult,
           user: str) -> bool:
    """Add the bag's corrections the document does not have yet; True when any was added.
    A correction that would lower the confidentiality is left out (counted in ``skipped``)."""
    have = {_key(c.field, c.value, c.user, c.created_at.isoformat()) for c in row.corrections}
    added = 0
    for c in sorted(doc.data["corrections"], key=lambda c: str(c.get("at"))):
        at = parse_time(c.get("at"), "chỉnh sửa")
        key = _key(c["field"], c.get("value"), c["user"], at.isoformat() if at else None)
        if key in have:
            continue
        if c["field"] == "confidentiality" and lowers(
                effective_metadata(row).get("confidentiality"), c.get("value")):
            result.skipped += 1
            continue
        row.corrections.append(Correction(field=c["field"], value=c.get("value"), user=c["user"],
                                          created_at=at or now(), kind=_kind(c)))
        have.add(key)
        added += 1
    if added:
        row.updated_at = now()
        s.add(AuditEntry(at=now(), user=user, action="import_merge", document_id=row.id,
                         detail=f"{added} chỉnh sửa từ gói"))
        result.corrections += added
    return bool(added)


def _after_commit(catalog: Catalog, changed: list[int], queued: list[int]) -> None:
    """Index what changed and queue what is still to be processed."""
    from archive_service import indexing

    if changed:
        indexing.index_documents(catalog, changed)
    for doc_id in queued:
        queue.enqueue_document(catalog.config, doc_id)


def _kind(correction: dict) -> str:
    """A correction's kind from a bag (bags made before kinds existed hold corrections)."""
    kind = correction.get("kind")
    return kind if kind in CORRECTION_KINDS else "correction"
