"""The operations on records (no Flask, no OCR): add, claim, save, fail, correct, list.

State machine of a document: queued → processing → done | failed; failed → queued (retry).
"""

from __future__ import annotations

import logging
import os
import socket
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, case, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from archive_service import queue
from archive_service.config import Config
from archive_service.db import Database
from archive_service.errors import DamagedOriginalError, InputRejectedError, NotFoundError
from archive_service.intake import Limits, check_input
from archive_service.models import (
    CORRECTION_KINDS,
    MAX_ID,
    AuditEntry,
    Correction,
    Document,
    DocumentProgress,
    FieldRow,
    IndexRequest,
    PageRow,
    WithdrawnDocument,
)
from archive_service.records import METADATA_FIELDS, FieldValue, Page
from archive_service.storage import OriginalStore, PageImageStore, sha256_file

log = logging.getLogger(__name__)

KNOWN_SIGNERS_SCAN = 2000  # newest signer corrections (and sure readings) known_signers looks at
KNOWN_READ_TWICE = 2  # documents on which a name read without a flag makes it a known signer
ORPHAN_GRACE = 60  # seconds a queued document may wait for its queue task to be written
#: The audit action of each kind of correction.
AUDIT_ACTIONS = {"correction": "edit", "confirmation": "confirm", "not_applicable": "not_applicable"}


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def worker_id(host: str | None = None) -> str:
    """``<host>:<pid>``: who holds a document's lease (host: ARCHIVE_WORKER_NAME or the host
    name)."""
    return f"{host or socket.gethostname()}:{os.getpid()}"


class LeaseLostError(Exception):
    """This worker's lease on a document expired and another worker took the document over:
    its result is not saved (the other one's will be)."""


@dataclass
class AddResult:
    """What happened to one submitted file."""

    id: int
    status: str  # the document's state
    duplicate: bool


def safe_name(name: str) -> str:
    """A display name from an untrusted file name: no folders, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c if c.isprintable() else " " for c in base).strip(" .")
    return base[:255] or "unnamed"


class Catalog:
    """The catalog of documents: one object per process, over the database and the store."""

    def __init__(self, config: Config, *, migrate: bool = True):
        self.config = config
        self.db = Database(config.database_url)
        if migrate:
            self.db.migrate()
        self.store = OriginalStore(config.originals_dir)
        self.host = config.get("worker_name") or socket.gethostname()

    def worker_id(self) -> str:
        """Who this process is in a lease: ``<ARCHIVE_WORKER_NAME or host name>:<pid>``."""
        return worker_id(self.host)

    # --- intake -------------------------------------------------------------------------

    def add_file(self, path: Path, *, original_name: str | None = None, user: str = "system",
                 enqueue: bool = True) -> AddResult:
        """Store a new original and queue it; the same bytes again give the same document.

        Raises InputRejectedError (nothing stored) when the file cannot be accepted.
        """
        sha = sha256_file(path)
        existing = self._by_sha(sha)
        if existing is not None:
            self._repair_original(existing, path, user)
            return AddResult(existing.id, existing.state, True)
        kind = check_input(path, Limits.from_config(self.config)).kind
        self.store.put(path, sha)
        name = safe_name(original_name or path.name)
        try:
            with self.db.session() as s:
                doc = Document(sha256=sha, original_name=name, kind=kind,
                               size=path.stat().st_size, state="queued", created_at=now(),
                               updated_at=now(), uploaded_by=user)
                s.add(doc)
                s.flush()
                s.add(AuditEntry(at=now(), user=user, action="upload", document_id=doc.id,
                                 detail=name))
                doc_id = doc.id
        except IntegrityError:  # the same bytes added concurrently
            existing = self._by_sha(sha)
            if existing is None:
                raise
            return AddResult(existing.id, existing.state, True)
        if enqueue:
            queue.enqueue_document(self.config, doc_id)
        return AddResult(doc_id, "queued", False)

    def verified_original(self, doc: Document, *, user: str) -> Path:
        """The path of ``doc``'s original after checking its bytes against its SHA-256;
        a damaged or lost copy is audited and raises DamagedOriginalError."""
        if self.store.verify(doc.sha256):
            return self.store.path_for(doc.sha256)
        log.error("original of document %d does not match its SHA-256: not served", doc.id)
        self.audit(user, "fixity_failed", doc.id, f"{doc.original_name} sha256={doc.sha256}")
        raise DamagedOriginalError(
            "Bản gốc của văn bản này trong kho đã bị hỏng hoặc mất (không còn khớp mã SHA-256) "
            "nên không được gửi. Việc này đã được ghi vào nhật ký; tải lên lại đúng tệp gốc sẽ "
            "khôi phục nó.")

    def _repair_original(self, doc: Document, path: Path, user: str) -> bool:
        """Put back a stored original that no longer matches its SHA-256, from ``path`` (the
        same bytes, sent again); audited. False when the stored copy was sound."""
        if self.store.verify(doc.sha256):
            return False
        self.store.put(path, doc.sha256, replace=True)
        if not self.store.verify(doc.sha256):  # ``path`` changed under us: leave it to a person
            log.error("repairing the original of document %d failed", doc.id)
            return False
        log.warning("original of document %d was damaged: repaired from a new upload", doc.id)
        self.audit(user, "repair", doc.id, f"{doc.original_name} sha256={doc.sha256}")
        return True

    def _by_sha(self, sha: str) -> Document | None:
        with self.db.session() as s:
            return s.scalar(select(Document).where(Document.sha256 == sha))

    # --- processing state ---------------------------------------------------------------

    def claim(self, doc_id: int, worker: str | None = None) -> bool:
        """Atomically move a queued document to processing; False if someone else has it.

        The claim is a lease: ``claimed_at`` starts it, and :meth:`requeue_stale` takes the
        document back once it is older than ``ARCHIVE_JOB_LEASE`` (a worker on another host
        that vanished) or its worker process on this host is gone.
        """
        with self.db.session() as s:
            return self._claim_in(s, doc_id, worker)

    def _claim_in(self, s, doc_id: int, worker: str | None) -> bool:
        result = s.execute(
            update(Document)
            .where(Document.id == doc_id, Document.state == "queued")
            .values(state="processing", worker=worker or self.worker_id(), claimed_at=now(),
                    attempts=Document.attempts + 1, updated_at=now()))
        return result.rowcount == 1

    def renew(self, doc_id: int, worker: str) -> bool:
        """Extend ``worker``'s lease on a document it is processing; False when it no longer
        holds it (the lease expired and the document was queued again)."""
        with self.db.session() as s:
            result = s.execute(
                update(Document).where(Document.id == doc_id, Document.state == "processing",
                                       Document.worker == worker)
                .values(claimed_at=now()))
            return result.rowcount == 1

    def release(self, doc_id: int, worker: str | None = None) -> bool:
        """Put a document being processed back in the queue without counting the attempt (the
        machine stopped it, e.g. a full disk, not the document); False if it was not processing
        (or, with ``worker``, no longer held by that worker)."""
        with self.db.session() as s:
            result = s.execute(
                update(Document).where(Document.id == doc_id, Document.state == "processing",
                                       *_held_by(worker))
                .values(state="queued", worker=None, updated_at=now(),
                        attempts=case((Document.attempts > 0, Document.attempts - 1), else_=0)))
            return result.rowcount == 1

    def claim_next(self, worker: str | None = None) -> int | None:
        """Claim the oldest queued document, or None when the queue is empty.

        On PostgreSQL the row is locked with ``SELECT … FOR UPDATE SKIP LOCKED``, so workers
        on several hosts each take a different document without waiting for one another; on
        SQLite (one writer at a time) the conditional update of :meth:`claim` decides.
        """
        while True:
            with self.db.session() as s:
                doc_id = s.scalar(select(Document.id).where(Document.state == "queued")
                                  .order_by(Document.id).limit(1)
                                  .with_for_update(skip_locked=True))
                if doc_id is None:
                    return None
                if self._claim_in(s, doc_id, worker):
                    return doc_id

    def save_result(self, doc_id: int, pages: list[Page], fields: dict[str, FieldValue], *,
                    images: dict[int, str] | None = None, signed_at: datetime | None = None,
                    seconds: float = 0.0, worker: str | None = None) -> None:
        """Replace a document's pages and extracted fields and mark it done.

        Corrections made by people are kept apart and never touched here. With ``worker``,
        only while that worker still holds the document's lease (else LeaseLostError: another
        worker took it over and saves its own result).
        """
        images = images or {}
        with self.db.session() as s:
            if worker is not None:  # take the row's write lock first, then look at the owner
                held = s.execute(update(Document).where(
                    Document.id == doc_id, Document.state == "processing",
                    Document.worker == worker).values(claimed_at=now())).rowcount
                if not held:
                    raise LeaseLostError(f"document {doc_id} is no longer held by {worker}")
            doc = s.get(Document, doc_id)
            if doc is None:
                raise NotFoundError(f"Không có văn bản số {doc_id}.")
            doc.pages.clear()
            doc.fields.clear()
            s.flush()
            for page in pages:
                doc.pages.append(PageRow(number=page.number, data=page.to_dict(),
                                         image=images.get(page.number)))
            for name, fv in fields.items():
                doc.fields.append(FieldRow(name=name, value=fv.value, confidence=fv.confidence,
                                           page=fv.page, box=list(fv.box) if fv.box else None,
                                           review=fv.review))
            doc.state, doc.error, doc.worker = "done", None, None
            doc.page_count, doc.signed_at, doc.seconds = len(pages), signed_at, seconds
            doc.processed_at = doc.updated_at = now()
            if self.config.get("indexer"):  # in the same transaction: never lost
                s.add(IndexRequest(document_id=doc_id, action="update", created_at=now()))

    def fail(self, doc_id: int, reason: str, worker: str | None = None) -> None:
        """Mark a document failed with a reason a person understands (with ``worker``: only
        while that worker holds it; a worker whose lease was taken over fails nothing)."""
        with self.db.session() as s:
            s.execute(update(Document).where(Document.id == doc_id, *_held_by(worker)).values(
                state="failed", error=reason[:2000], worker=None, updated_at=now()))

    def set_progress(self, doc_id: int, stage: str, page: int | None = None,
                     pages: int | None = None) -> None:
        """Record how far the worker is with a document it is processing (tiến độ): ``stage``
        is ``start``, ``pages`` (``page`` of ``pages`` read) or ``metadata``. Kept apart from
        the document's row (it changes nothing of the record); a row of an earlier attempt is
        ignored by readers (``attempt``)."""
        with self.db.session() as s:
            attempts = s.scalar(select(Document.attempts).where(
                Document.id == doc_id, Document.state == "processing"))
            if attempts is None:
                return
            s.merge(DocumentProgress(document_id=doc_id, attempt=attempts, stage=stage,
                                     page=page, pages=pages, at=now()))

    def progress(self, doc_ids: list[int]) -> dict[int, DocumentProgress]:
        """The current progress of these documents, of those being processed."""
        if not doc_ids:
            return {}
        with self.db.session() as s:
            rows = s.execute(select(DocumentProgress).join(
                Document, Document.id == DocumentProgress.document_id).where(
                Document.id.in_(doc_ids), Document.state == "processing",
                Document.attempts == DocumentProgress.attempt)).scalars().all()
        return {row.document_id: row for row in rows}

    def withdrawn(self, doc_ids: list[int]) -> dict[int, int]:
        """Of these documents, those withdrawn from search as duplicates: id → kept record."""
        if not doc_ids:
            return {}
        with self.db.session() as s:
            return dict(s.execute(select(WithdrawnDocument.document_id,
                                         WithdrawnDocument.merged_into).where(
                WithdrawnDocument.document_id.in_(doc_ids))).all())

    def retry(self, doc_id: int, *, user: str = "system") -> bool:
        """Queue a failed document again."""
        if not 0 < doc_id <= MAX_ID:
            return False
        with self.db.session() as s:
            result = s.execute(update(Document).where(
                Document.id == doc_id, Document.state == "failed").values(
                state="queued", error=None, updated_at=now()))
            if result.rowcount:
                s.add(AuditEntry(at=now(), user=user, action="retry", document_id=doc_id))
        if result.rowcount:
            queue.enqueue_document(self.config, doc_id)
        return bool(result.rowcount)

    def requeue_stale(self) -> list[int]:
        """Queue again documents left 'processing' by a dead worker or an expired lease, and
        documents left 'queued' without a task in the queue (run every minute)."""
        lease = now() - timedelta(seconds=self.config.get("job_lease"))
        with self.db.session() as s:
            rows = s.execute(select(Document.id, Document.worker, Document.claimed_at)
                             .where(Document.state == "processing")).all()
        stale = [row for row in rows
                 if _worker_gone(row.worker, self.host) or (row.claimed_at and row.claimed_at < lease)]
        return [doc_id for doc_id, worker, claimed in stale
                if self._take_back(doc_id, worker, claimed)] + self._requeue_orphans()

    def _take_back(self, doc_id: int, worker: str | None, claimed: datetime | None) -> bool:
        """Queue a stale document again, only if nobody renewed or took it since it was seen
        stale (recovery runs on every worker host at once); True when this call did."""
        with self.db.session() as s:
            result = s.execute(update(Document).where(
                Document.id == doc_id, Document.state == "processing",
                _same(Document.worker, worker), _same(Document.claimed_at, claimed),
            ).values(state="queued", worker=None, updated_at=now()))
        if not result.rowcount:
            return False
        log.warning("document %d was left processing by a vanished worker (%s): queued again",
                    doc_id, worker)
        queue.enqueue_document(self.config, doc_id)
        return True

    def _requeue_orphans(self) -> list[int]:
        """Queued documents with no task in the queue (accepted while the queue could not be
        written, e.g. on a full disk), waiting longer than ``ORPHAN_GRACE``: enqueued again."""
        before = now() - timedelta(seconds=ORPHAN_GRACE)
        with self.db.session() as s:
            waiting = list(s.scalars(select(Document.id).where(
                Document.state == "queued", Document.updated_at < before)))
        if not waiting:
            return []
        orphans = sorted(set(waiting) - queue.pending_document_ids(self.config))
        for doc_id in orphans:
            log.warning("document %d was queued without a task in the queue: queued again",
                        doc_id)
            queue.enqueue_document(self.config, doc_id)
        return orphans

    def queued_ids(self) -> list[int]:
        with self.db.session() as s:
            return list(s.scalars(select(Document.id).where(Document.state == "queued")
                                  .order_by(Document.id)))

    # --- reading ------------------------------------------------------------------------

    def get(self, doc_id: int) -> Document:
        """A document with its pages, fields and corrections loaded."""
        if not 0 < doc_id <= MAX_ID:
            raise NotFoundError(f"Không có văn bản số {doc_id}.")
        with self.db.session() as s:
            doc = s.scalar(select(Document).where(Document.id == doc_id).options(
                selectinload(Document.pages), selectinload(Document.fields),
                selectinload(Document.corrections), selectinload(Document.archival)))
            if doc is None:
                raise NotFoundError(f"Không có văn bản số {doc_id}.")
            return doc

    def list_documents(self, *, state: str | None = None, limit: int = 100, offset: int = 0
                       ) -> list[Document]:
        with self.db.session() as s:
            q = select(Document).order_by(Document.id.desc()).limit(limit).offset(offset)
            if state:
                q = q.where(Document.state == state)
            return list(s.scalars(q))

    def status_counts(self) -> dict[str, int]:
        with self.db.session() as s:
            rows = s.execute(select(Document.state, func.count()).group_by(Document.state)).all()
        counts = dict.fromkeys(("queued", "processing", "done", "failed"), 0)
        counts.update({state: n for state, n in rows})
        return counts

    def failures(self, limit: int = 100) -> list[Document]:
        return self.list_documents(state="failed", limit=limit)

    def review_queue(self, limit: int = 100) -> list[tuple[Document, list[str]]]:
        """Documents with extracted fields marked for review and not yet corrected."""
        with self.db.session() as s:
            docs = s.scalars(select(Document).join(FieldRow).where(FieldRow.review.is_(True))
                             .distinct().order_by(Document.id).limit(limit)
                             .options(selectinload(Document.fields),
                                      selectinload(Document.corrections))).all()
        out = []
        for doc in docs:
            corrected = {c.field for c in doc.corrections}
            names = [f.name for f in doc.fields if f.review and f.name not in corrected]
            if names:
                out.append((doc, names))
        return out

    # --- metadata and corrections -------------------------------------------------------

    def set_correction(self, doc_id: int, field: str, value: Any, *, user: str,
                       kind: str = "correction") -> None:
        """Record a person's value for a field (kept apart from the extracted value).

        ``kind`` (see :data:`CORRECTION_KINDS`): ``correction`` a new value (audited ``edit``),
        ``confirmation`` the value shown confirmed unchanged (``confirm``), ``not_applicable``
        the field has no place in this document (``not_applicable``; the value is None).
        """
        if field not in METADATA_FIELDS:
            raise InputRejectedError(f"Trường không hợp lệ: {field!r}. Các trường: "
                                     f"{', '.join(METADATA_FIELDS)}.")
        if kind not in CORRECTION_KINDS:
            raise InputRejectedError(f"Loại chỉnh sửa không hợp lệ: {kind!r}.")
        if kind == "not_applicable":
            value = None
        if not 0 < doc_id <= MAX_ID:
            raise NotFoundError(f"Không có văn bản số {doc_id}.")
        with self.db.session() as s:
            doc = s.get(Document, doc_id)
            if doc is None:
                raise NotFoundError(f"Không có văn bản số {doc_id}.")
            if field == "confidentiality":
                _check_not_lowered(doc, value)
            row = Correction(document_id=doc_id, field=field, value=value, user=user,
                             created_at=now())
            if kind != "correction":  # else the column's default (see models.Correction.kind)
                row.kind = kind
            s.add(row)
            detail = field if kind == "not_applicable" else f"{field}={value!r}"
            s.add(AuditEntry(at=now(), user=user, action=AUDIT_ACTIONS[kind], document_id=doc_id,
                             detail=detail[:500]))
            s.execute(update(Document).where(Document.id == doc_id).values(updated_at=now()))
        from archive_service import references

        if field in references.LINK_FIELDS:  # a corrected number may be cited, or cite wrongly
            references.refresh_links(self, doc_id)

    def known_signers(self, issuer: str | None, *, exclude: int | None = None
                      ) -> list[tuple[str, str | None, str | None]]:
        """The signers of documents of ``issuer`` (the same letters and marks; case and
        spacing aside): the names people confirmed or corrected, then the names the extractor
        read without a flag on ``KNOWN_READ_TWICE`` documents or more (a name read surely
        twice is the issuer's signer; one sure reading may be a misreading), each with the
        title and signing authority of that document (a person's value, or one read without a
        flag; else None), oldest first; never from document ``exclude`` (the one being read
        again). The extractor completes a name the seal half covers, and its title, from them
        (``ingest.metadata.known_names``). Asked once a document, it looks at the newest
        ``KNOWN_SIGNERS_SCAN`` signer corrections and sure readings only, so its cost stays
        bounded as the archive grows."""
        if not issuer or not issuer.strip():
            return []
        with self.db.session() as s:
            people = _newest(s, select(Correction.document_id, Correction.value, Correction.kind)
                             .where(Correction.field == "signer")
                             .order_by(Correction.id.desc()))
            sure = _newest(s, select(FieldRow.document_id, FieldRow.value)
                           .where(FieldRow.name == "signer", FieldRow.review.is_(False))
                           .order_by(FieldRow.document_id.desc()))
            # a reading a person corrected, confirmed or set aside is no reading to learn from
            reviewed = set(s.scalars(select(Correction.document_id).where(
                Correction.field == "signer", Correction.document_id.in_(list(sure)))))
            read = {d: name for d, (name,) in sure.items() if d not in reviewed}
            named = {d: name for d, (name, kind) in people.items() if kind != "not_applicable"}
            values = _signer_context(s, [*named, *read])
        same = _same_text(issuer)

        def of_issuer(docs: dict[int, Any]) -> list[tuple[int, str]]:
            return [(d, name) for d, name in docs.items()
                    if d != exclude and isinstance(name, str) and name.strip()
                    and isinstance(values.get((d, "issuer")), str)
                    and _same_text(values[(d, "issuer")]) == same]

        mine = of_issuer(read)
        times = Counter(_same_text(name) for _, name in mine)
        signers = of_issuer(named) + [(d, n) for d, n in mine
                                      if times[_same_text(n)] >= KNOWN_READ_TWICE]
        return list(dict.fromkeys(
            (name, values.get((d, "signer_title")), values.get((d, "signing_authority")))
            for d, name in signers))

    def delete_document(self, doc_id: int, *, user: str) -> str:
        """Remove a record from the catalog (pages, fields, corrections, page images) and
        audit it; the original stays in the content-addressed store, so the audit entry's
        SHA-256 can bring it back. Returns that SHA-256."""
        with self.db.session() as s:
            doc = s.get(Document, doc_id)
            if doc is None:
                raise NotFoundError(f"Không có văn bản số {doc_id}.")
            sha, name = doc.sha256, doc.original_name
            s.delete(doc)
            s.add(AuditEntry(at=now(), user=user, action="delete", document_id=doc_id,
                             detail=f"{name} sha256={sha}"))
        PageImageStore(self.config.pages_dir).delete_document(doc_id)
        return sha

    def document_with_sha256(self, sha: str) -> Document | None:
        """The document whose original has this SHA-256, if any."""
        return self._by_sha(sha)

    def mark_indexed(self, doc_ids: list[int], at: datetime) -> None:
        with self.db.session() as s:
            s.execute(update(Document).where(Document.id.in_(doc_ids)).values(indexed_at=at))

    def request_index(self, doc_ids: list[int | None], action: str = "update") -> None:
        """Ask the index writer (``archive indexer``) to index these documents again
        (``update``), remove them (``delete``), or check or rebuild the whole index
        (``repair``/``rebuild``, with ``[None]``)."""
        with self.db.session() as s:
            s.add_all(IndexRequest(document_id=i, action=action, created_at=now())
                      for i in doc_ids)

    def index_requests(self, limit: int = 500) -> list[IndexRequest]:
        """The oldest pending requests of the index outbox."""
        with self.db.session() as s:
            return list(s.scalars(select(IndexRequest).order_by(IndexRequest.id).limit(limit)))

    def pending_index_requests(self, action: str | None = None) -> int:
        """How many requests wait in the index outbox (of one ``action``, or all)."""
        with self.db.session() as s:
            q = select(func.count()).select_from(IndexRequest)
            if action:
                q = q.where(IndexRequest.action == action)
            return s.scalar(q) or 0

    def index_backlog(self) -> tuple[int, datetime | None]:
        """How many requests wait in the index outbox, and when the oldest was written."""
        with self.db.session() as s:
            count, oldest = s.execute(select(func.count(), func.min(IndexRequest.created_at))
                                      .select_from(IndexRequest)).one()
            return count or 0, oldest

    def forget_index_requests(self, request_ids: list[int]) -> None:
        """Remove requests the index writer has written."""
        with self.db.session() as s:
            s.execute(delete(IndexRequest).where(IndexRequest.id.in_(request_ids)))

    def stale_for_index(self) -> list[int]:
        """Done documents changed since they were last indexed (corrections included)."""
        with self.db.session() as s:
            return list(s.scalars(select(Document.id).where(
                *searchable(),
                (Document.indexed_at.is_(None)) | (Document.indexed_at < Document.updated_at))))

    def audit(self, user: str, action: str, doc_id: int | None = None, detail: str = "") -> None:
        with self.db.session() as s:
            s.add(AuditEntry(at=now(), user=user, action=action, document_id=doc_id,
                             detail=detail or None))



def searchable() -> tuple:
    """The SQL conditions of a document that belongs in the search index: processed, and not
    withdrawn as the duplicate of another (``withdrawn_documents``)."""
    return (Document.state == "done",
            Document.id.not_in(select(WithdrawnDocument.document_id)))


def effective_metadata(doc: Document) -> dict[str, Any]:
    """The extracted values with the newest correction of each field on top (but see
    :func:`_confidentiality`)."""
    values: dict[str, Any] = {f.name: f.value for f in doc.fields}
    for c in doc.corrections:  # ordered oldest first
        values[c.field] = c.value
    values["confidentiality"] = _confidentiality(doc, values.get("confidentiality"))
    return {name: values.get(name) for name in METADATA_FIELDS}


def _confidentiality(doc: Document, corrected: Any) -> Any:
    """A confidentiality a person set before the document was processed is a floor: a higher
    mark read by processing wins (lowering it takes a request and an approval)."""
    from archive_service.classification import lowers

    set_by_people = [c for c in doc.corrections if c.field == "confidentiality"]
    if not set_by_people or doc.processed_at is None \
            or set_by_people[-1].created_at > doc.processed_at:
        return corrected
    extracted = next((f.value for f in doc.fields if f.name == "confidentiality"), None)
    return extracted if lowers(extracted, corrected) else corrected


def _check_not_lowered(doc: Document, value: Any) -> None:
    """Lowering a confidentiality goes through a two-person request (classification.py)."""
    from archive_service.classification import lowers

    if lowers(effective_metadata(doc).get("confidentiality"), value):
        raise InputRejectedError("Hạ độ mật (giải mật) cần hai người: gửi yêu cầu giải mật, "
                                 "một quản trị viên khác duyệt.")


def metadata_confidence(doc: Document) -> dict[str, float]:
    corrected = {c.field for c in doc.corrections}
    return {f.name: 1.0 if f.name in corrected else round(f.confidence, 3) for f in doc.fields}


def _newest(s: Session, query: Select) -> dict[int, tuple]:
    """document id → the other columns of the newest ``KNOWN_SIGNERS_SCAN`` rows of ``query``
    (ordered newest first, document id first), the newest row of each document winning."""
    rows = s.execute(query.limit(KNOWN_SIGNERS_SCAN)).all()
    return {row[0]: tuple(row[1:]) for row in reversed(rows)}


def _signer_context(s: Session, doc_ids: list[int]) -> dict[tuple[int, str], object]:
    """(document, field) → the issuer, title and authority of these documents: a person's
    value, else the extractor's (the title and authority only when read without a flag)."""
    wanted = ("issuer", "signer_title", "signing_authority")
    values: dict[tuple[int, str], object] = {
        (d, name): value for d, name, value, review in s.execute(
            select(FieldRow.document_id, FieldRow.name, FieldRow.value, FieldRow.review)
            .where(FieldRow.name.in_(wanted), FieldRow.document_id.in_(doc_ids)))
        if name == "issuer" or not review}
    values |= {(d, name): value for d, name, value in s.execute(
        select(Correction.document_id, Correction.field, Correction.value)
        .where(Correction.field.in_(wanted), Correction.document_id.in_(doc_ids))
        .order_by(Correction.id))}
    return values


def _same_text(text: str) -> str:
    """NFC, one case, single spaces: two spellings of one issuer compare equal."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _same(column, value):
    """``column = value``, NULL included."""
    return column.is_(None) if value is None else column == value


def _held_by(worker: str | None) -> list[Any]:
    """The condition "held by ``worker``" (none when ``worker`` is None)."""
    if worker is None:
        return []
    return [Document.state == "processing", Document.worker == worker]


def _worker_gone(worker: str | None, host: str) -> bool:
    if not worker or ":" not in worker:
        return True
    worker_host, _, pid = worker.rpartition(":")
    if worker_host != host:
        return False  # another machine: only its lease can expire
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, ValueError):
        return True
    except PermissionError:
        return False
    return False


def archival_json(doc: Document) -> dict[str, Any]:
    """The archival fields of a document (Thông tư 05/2025), its hồ sơ and số thứ tự."""
    from archive_service.archival_fields import DOCUMENT_FIELDS

    entry = doc.archival
    record = entry.file if entry is not None else None
    return {"fonds": record.fonds.code if record else None, "file": record.code if record else None,
            "position": entry.position if record else None,
            **{s.name: getattr(entry, s.name) if entry else None for s in DOCUMENT_FIELDS}}


def document_json(doc) -> dict[str, Any]:
    """The full JSON view of a document (shared with the API's shape)."""
    return {
        "id": doc.id, "sha256": doc.sha256, "original_name": doc.original_name, "kind": doc.kind,
        "size": doc.size, "status": doc.state, "error": doc.error, "page_count": doc.page_count,
        "created_at": doc.created_at, "processed_at": doc.processed_at,
        "metadata": effective_metadata(doc),
        "archival": archival_json(doc),
        "metadata_confidence": metadata_confidence(doc),
        "metadata_review": sorted(f.name for f in doc.fields if f.review),
        "extracted": {f.name: f.value for f in doc.fields},
        "corrections": [{"field": c.field, "value": c.value, "user": c.user, "at": c.created_at,
                         "kind": c.kind} for c in doc.corrections],
        "pages": [{"number": p.number, "source": p.data["source"], "text": p.data["text"],
                   "confidence": p.data["mean_conf"], "rotation": p.data["rotation"],
                   "skew": p.data["skew"], "seconds": p.data["seconds"],
                   "engine": p.data["engine"]} for p in doc.pages],
    }
