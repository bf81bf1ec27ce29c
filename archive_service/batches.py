"""Upload batches (lô tải lên): the files sent together, what became of each at intake, and
where each document stands now (no Flask). The catalog stays the source of truth: a batch only
lists its files; each document's state and progress are read from the document itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from archive_service.catalog import AddResult, Catalog, now, safe_name
from archive_service.errors import ArchiveError, InputRejectedError, NotFoundError
from archive_service.models import (
    MAX_ID,
    BatchItem,
    Document,
    DocumentProgress,
    DuplicateCandidate,
    UploadBatch,
)

SOURCES = ("web", "api", "cli")
OUTCOMES = ("added", "duplicate", "rejected")
KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")  # a batch key sent by the upload page


@dataclass
class ItemView:
    """One file of a batch as a person sees it now: its intake outcome and, when a document
    exists, that document (fields and corrections loaded) and its open duplicate warnings."""

    item: BatchItem
    document: Document | None
    duplicates: list[DuplicateCandidate] = field(default_factory=list)
    progress: DocumentProgress | None = None  # while processing
    merged_into: int | None = None  # withdrawn from search as a duplicate of this record

    @property
    def status(self) -> str:
        """``rejected`` (nothing stored), else the document's state."""
        if self.document is None:
            return "rejected" if self.item.outcome == "rejected" else "gone"
        return self.document.state

    @property
    def review(self) -> list[str]:
        """Fields flagged for review and not corrected yet (chờ kiểm tra)."""
        doc = self.document
        if doc is None or doc.state != "done":
            return []
        corrected = {c.field for c in doc.corrections}
        return sorted(f.name for f in doc.fields if f.review and f.name not in corrected)


@dataclass
class BatchView:
    batch: UploadBatch
    items: list[ItemView]

    def counts(self) -> dict[str, int]:
        """How many files are in each state, plus those waiting for review or with a
        probable duplicate."""
        out = dict.fromkeys(("queued", "processing", "done", "failed", "rejected"), 0)
        for view in self.items:
            if view.status in out:
                out[view.status] += 1
        out["review"] = sum(1 for v in self.items if v.review)
        out["duplicates"] = sum(1 for v in self.items if v.duplicates)
        out["total"] = len(self.items)
        return out

    @property
    def finished(self) -> bool:
        """Nothing of the batch is waiting or being processed."""
        return not any(v.status in ("queued", "processing") for v in self.items)


class Batches:
    """The batches of one catalog."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def create(self, *, by: str, source: str, key: str | None = None) -> int:
        """A new batch; with ``key`` (sent by the upload page for one drop of files), the
        batch already opened under that key by the same user, if any."""
        if source not in SOURCES:
            raise ValueError(source)
        if key is not None and not KEY.match(key):
            raise InputRejectedError("Mã lô tải lên không hợp lệ.")
        if key is not None and (found := self._by_key(key, by)) is not None:
            return found
        try:
            with self.catalog.db.session() as s:
                batch = UploadBatch(key=key, source=source, created_by=by, created_at=now())
                s.add(batch)
                s.flush()
                return batch.id
        except IntegrityError:  # the page's other requests opened it at the same moment
            found = self._by_key(key, by) if key is not None else None
            if found is None:
                raise
            return found

    def _by_key(self, key: str, by: str) -> int | None:
        """The batch opened under ``key``; someone else's key is refused (never joined)."""
        with self.catalog.db.session() as s:
            found = s.scalar(select(UploadBatch).where(UploadBatch.key == key))
        if found is not None and found.created_by != by:
            raise InputRejectedError("Mã lô tải lên đã được dùng.")
        return found.id if found is not None else None

    def record(self, batch_id: int, name: str, *, result: AddResult | None = None,
               error: str | None = None) -> None:
        """Note one file of the batch: what ``Catalog.add_file`` gave, or why it was refused."""
        if result is None:
            outcome, doc_id = "rejected", None
        else:
            outcome, doc_id = ("duplicate" if result.duplicate else "added"), result.id
        with self.catalog.db.session() as s:
            s.add(BatchItem(batch_id=batch_id, name=safe_name(name)[:512], document_id=doc_id,
                            outcome=outcome, error=error, created_at=now()))

    def add_file(self, batch_id: int, path: Path, *, original_name: str | None = None,
                 user: str) -> AddResult:
        """``Catalog.add_file`` recorded in the batch (a refusal too, then re-raised)."""
        name = original_name or path.name
        try:
            result = self.catalog.add_file(path, original_name=name, user=user)
        except ArchiveError as exc:
            self.record(batch_id, name, error=exc.message)
            raise
        self.record(batch_id, name, result=result)
        return result

    def get(self, batch_id: int) -> BatchView:
        """A batch with each file and its document as they are now."""
        if not 0 < batch_id <= MAX_ID:
            raise NotFoundError(f"Không có lô tải lên số {batch_id}.")
        with self.catalog.db.session() as s:
            batch = s.scalar(select(UploadBatch).where(UploadBatch.id == batch_id)
                             .options(selectinload(UploadBatch.items)))
            if batch is None:
                raise NotFoundError(f"Không có lô tải lên số {batch_id}.")
            ids = {i.document_id for i in batch.items if i.document_id is not None}
            docs = {d.id: d for d in s.scalars(select(Document).where(Document.id.in_(ids))
                                               .options(selectinload(Document.fields),
                                                        selectinload(Document.corrections)))}
            warnings = _open_warnings(s, ids)
        progress = self.catalog.progress(list(ids))
        withdrawn = self.catalog.withdrawn(list(ids))
        return BatchView(batch, [ItemView(i, docs.get(i.document_id),
                                          warnings.get(i.document_id, []),
                                          progress.get(i.document_id),
                                          withdrawn.get(i.document_id))
                                 for i in batch.items])

    def recent(self, limit: int = 20) -> list[tuple[UploadBatch, dict[str, int]]]:
        """The newest batches, each with its files counted by state (documents' current
        states; ``rejected`` for files refused at intake)."""
        with self.catalog.db.session() as s:
            batches = list(s.scalars(select(UploadBatch).order_by(UploadBatch.id.desc())
                                     .limit(limit)))
            rows = s.execute(
                select(BatchItem.batch_id, BatchItem.outcome, Document.state, func.count())
                .outerjoin(Document, Document.id == BatchItem.document_id)
                .where(BatchItem.batch_id.in_([b.id for b in batches]))
                .group_by(BatchItem.batch_id, BatchItem.outcome, Document.state)).all()
        counts: dict[int, dict[str, int]] = {
            b.id: dict.fromkeys(("total", "queued", "processing", "done", "failed", "rejected"), 0)
            for b in batches}
        for batch_id, outcome, state, n in rows:
            key = "rejected" if outcome == "rejected" else state
            counts[batch_id]["total"] += n
            if key in counts[batch_id]:
                counts[batch_id][key] += n
        return [(b, counts[b.id]) for b in batches]

    def of_document(self, doc_id: int) -> list[int]:
        """The batches a document was sent in (first upload, and later copies of its bytes)."""
        with self.catalog.db.session() as s:
            return sorted(set(s.scalars(select(BatchItem.batch_id).where(
                BatchItem.document_id == doc_id))))


def _open_warnings(s, ids: set[int]) -> dict[int, list[DuplicateCandidate]]:
    """Pending duplicate warnings of these documents, by document (either side of a pair)."""
    if not ids:
        return {}
    rows = s.scalars(select(DuplicateCandidate).where(
        DuplicateCandidate.state == "pending",
        DuplicateCandidate.document_id.in_(ids) | DuplicateCandidate.other_id.in_(ids)))
    out: dict[int, list[DuplicateCandidate]] = {}
    for row in rows:
        for doc_id in (row.document_id, row.other_id):
            if doc_id in ids:
                out.setdefault(doc_id, []).append(row)
    return out

