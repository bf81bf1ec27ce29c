"""Confidentiality (độ mật) as access needs it: who may see a document, and declassification
(giải mật, hạ độ mật) as a two-person action. No Flask.

A document is *restricted* until classified: until processing has read its marks (state
``done``) or a person has set its confidentiality, only its uploader and holders of the highest
clearance may see it; a failed document stays restricted. Lowering a classified document's
confidentiality takes two people: one requests it, an administrator other than the requester
approves it (or either of them drops it); each step is audited, and the correction is recorded
only on approval.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from archive_service.catalog import Catalog, effective_metadata, now
from archive_service.errors import InputRejectedError, NotFoundError
from archive_service.models import AuditEntry, Correction, DeclassificationRequest, Document
from archive_service.users import Account, required_clearance

log = logging.getLogger(__name__)

HIGHEST_CLEARANCE = 3
FIELD = "confidentiality"


def is_classified(doc: Document) -> bool:
    """True once processing has read the marks or a person has set the confidentiality."""
    return doc.state == "done" or any(c.field == FIELD for c in doc.corrections)


def level_of(doc: Document) -> int:
    """Clearance needed to see ``doc``; an unclassified document needs the highest."""
    if not is_classified(doc):
        return HIGHEST_CLEARANCE
    return required_clearance(effective_metadata(doc).get(FIELD))


def may_see(doc: Document, acc: Account | None) -> bool:
    """True when ``acc`` may know that ``doc`` exists (staff: processed documents only)."""
    if acc is None or not acc.active:
        return False
    if doc.state != "done" and not acc.can_edit:
        return False
    if not is_classified(doc) and doc.uploaded_by and doc.uploaded_by == acc.name:
        return True
    return acc.clearance >= level_of(doc)


def visible_documents(catalog: Catalog, acc: Account | None, *, state: str | None = None,
                      offset: int = 0, limit: int = 20) -> tuple[list[Document], bool]:
    """A page of the documents ``acc`` may see, newest first, and whether more follow. Hidden
    documents are skipped, never counted (their number would tell that they exist)."""
    page: list[Document] = []
    skipped = 0
    batch_start = 0
    while True:
        with catalog.db.session() as s:
            q = (select(Document).order_by(Document.id.desc()).limit(_BATCH).offset(batch_start)
                 .options(selectinload(Document.fields), selectinload(Document.corrections)))
            if state:
                q = q.where(Document.state == state)
            batch = list(s.scalars(q))
        for doc in batch:
            if not may_see(doc, acc):
                continue
            if skipped < offset:
                skipped += 1
            elif len(page) < limit:
                page.append(doc)
            else:
                return page, True
        if len(batch) < _BATCH:
            return page, False
        batch_start += _BATCH


_BATCH = 500  # documents read at a time while paging through what a user may see


def lowers(current: Any, new: Any) -> bool:
    """True when setting confidentiality ``new`` over ``current`` declassifies."""
    return required_clearance(new) < required_clearance(current)


@dataclass(frozen=True)
class Request:
    """A declassification request as pages show it."""

    id: int
    document_id: int
    from_value: str | None
    to_value: str | None
    reason: str
    requested_by: str
    requested_at: datetime
    state: str
    decided_by: str | None = None
    decided_at: datetime | None = None


def _request(row: DeclassificationRequest) -> Request:
    return Request(row.id, row.document_id, row.from_value, row.to_value, row.reason or "",
                   row.requested_by, row.requested_at, row.state, row.decided_by, row.decided_at)


def _label(value: str | None) -> str:
    return value or "không"


class Declassifications:
    """Requests to lower a document's confidentiality, stored in the catalog."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.db = catalog.db

    def request(self, doc_id: int, to_value: str | None, *, by: str, reason: str = "") -> Request:
        """Ask for ``doc_id``'s confidentiality to become ``to_value`` (lower than it is)."""
        with self.db.session() as s:
            current = self._current(s, doc_id)
            if not lowers(current, to_value):
                raise InputRejectedError("Chỉ cần yêu cầu khi hạ độ mật của văn bản.")
            if self._pending_row(s, doc_id) is not None:
                raise InputRejectedError("Văn bản này đã có một yêu cầu giải mật đang chờ duyệt.")
            row = DeclassificationRequest(document_id=doc_id, from_value=current,
                                          to_value=to_value, reason=reason.strip()[:1000] or None,
                                          requested_by=by, requested_at=now(), state="pending")
            s.add(row)
            s.flush()
            s.add(AuditEntry(at=now(), user=by, action="declassify_request", document_id=doc_id,
                             detail=f"#{row.id} {_label(current)} → {_label(to_value)}"
                                    + (f": {row.reason}" if row.reason else "")))
            log.info("declassification #%d of document %d requested by %s", row.id, doc_id, by)
            return _request(row)

    def approve(self, request_id: int, approver: Account) -> Request:
        """Record the lowered confidentiality; the approver must be another administrator."""
        with self.db.session() as s:
            row = self._decidable(s, request_id)
            if not approver.is_admin:
                raise InputRejectedError("Chỉ quản trị viên mới được duyệt yêu cầu giải mật.")
            if approver.name == row.requested_by:
                raise InputRejectedError("Người yêu cầu giải mật không được tự duyệt yêu cầu đó.")
            if approver.clearance < required_clearance(row.from_value):
                raise InputRejectedError("Người duyệt phải được xem độ mật hiện tại của văn bản.")
            if self._current(s, row.document_id) != row.from_value:
                raise InputRejectedError("Độ mật của văn bản đã thay đổi từ khi có yêu cầu; "
                                         "hãy từ chối yêu cầu này và yêu cầu lại.")
            self._decide(s, row, "approved", approver.name)
            s.add(Correction(document_id=row.document_id, field=FIELD, value=row.to_value,
                             user=approver.name, created_at=now()))
            s.execute(update(Document).where(Document.id == row.document_id)
                      .values(updated_at=now()))
            s.add(AuditEntry(at=now(), user=approver.name, action="declassify_approve",
                             document_id=row.document_id,
                             detail=f"#{row.id} {_label(row.from_value)} → {_label(row.to_value)}, "
                                    f"yêu cầu của {row.requested_by}"))
            log.info("declassification #%d approved by %s", row.id, approver.name)
            return _request(row)

    def reject(self, request_id: int, by: Account) -> Request:
        """Drop a pending request: an administrator refuses it or its requester withdraws it."""
        with self.db.session() as s:
            row = self._decidable(s, request_id)
            if not by.is_admin and by.name != row.requested_by:
                raise InputRejectedError("Chỉ quản trị viên hoặc người yêu cầu mới được hủy "
                                         "yêu cầu giải mật.")
            self._decide(s, row, "rejected", by.name)
            s.add(AuditEntry(at=now(), user=by.name, action="declassify_reject",
                             document_id=row.document_id,
                             detail=f"#{row.id}, yêu cầu của {row.requested_by}"))
            log.info("declassification #%d rejected by %s", row.id, by.name)
            return _request(row)

    def pending(self, doc_id: int | None = None) -> list[Request]:
        """Pending requests, oldest first (of one document when ``doc_id`` is given)."""
        with self.db.session() as s:
            q = select(DeclassificationRequest).where(DeclassificationRequest.state == "pending")
            if doc_id is not None:
                q = q.where(DeclassificationRequest.document_id == doc_id)
            return [_request(r) for r in s.scalars(q.order_by(DeclassificationRequest.id))]

    def get(self, request_id: int) -> Request:
        with self.db.session() as s:
            row = s.get(DeclassificationRequest, request_id)
            if row is None:
                raise NotFoundError("Không có yêu cầu giải mật này.")
            return _request(row)

    # --- helpers --------------------------------------------------------------------------

    @staticmethod
    def _current(s: Session, doc_id: int) -> str | None:
        doc = s.scalar(select(Document).where(Document.id == doc_id).options(
            selectinload(Document.fields), selectinload(Document.corrections)))
        if doc is None:
            raise NotFoundError(f"Không có văn bản số {doc_id}.")
        return effective_metadata(doc).get(FIELD)

    @staticmethod
    def _pending_row(s: Session, doc_id: int) -> DeclassificationRequest | None:
        return s.scalar(select(DeclassificationRequest).where(
            DeclassificationRequest.document_id == doc_id,
            DeclassificationRequest.state == "pending").limit(1))

    @staticmethod
    def _decidable(s: Session, request_id: int) -> DeclassificationRequest:
        row = s.get(DeclassificationRequest, request_id)
        if row is None:
            raise NotFoundError("Không có yêu cầu giải mật này.")
        if row.state != "pending":
            raise InputRejectedError("Yêu cầu giải mật này đã được xử lý.")
        return row

    @staticmethod
    def _decide(s: Session, row: DeclassificationRequest, state: str, by: str) -> None:
        """Move the request out of ``pending`` once (a concurrent decision loses)."""
        result = s.execute(update(DeclassificationRequest).where(
            DeclassificationRequest.id == row.id, DeclassificationRequest.state == "pending")
            .values(state=state, decided_by=by, decided_at=now()))
        if result.rowcount != 1:
            raise InputRejectedError("Yêu cầu giải mật này đã được xử lý.")
        s.refresh(row)
