"""Probable duplicates (bản trùng): a re-scan of a document already archived — other bytes,
but the same number, issuer and issue date — found when the worker has read its metadata, and
what an archivist decides about it (no Flask, no OCR).

A warning never changes a record by itself. The archivist either **merges** the two: one
record is kept, the other is withdrawn from search and marked as a duplicate of the kept one
(``withdrawn_documents``; its original, pages and history stay, and the kept record lists it
as another scan of the same document), or **keeps both** (the warning is dismissed). Both are
audited (``merge``, ``keep_both``); nothing is ever deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, or_, select, update
from sqlalchemy.orm import Session, selectinload

from archive_service.catalog import Catalog, effective_metadata, now
from archive_service.errors import InputRejectedError, NotFoundError
from archive_service.models import (
    MAX_ID,
    AuditEntry,
    Correction,
    Document,
    DuplicateCandidate,
    FieldRow,
    WithdrawnDocument,
)
from archive_service.references import fold, number_key

log = logging.getLogger(__name__)


def same_issuer(a: str | None, b: str | None) -> bool:
    """Issuers compared folded, without punctuation (OCR may drop a tone mark or a comma)."""
    def key(text: str | None) -> str:
        return "".join(c for c in fold(text or "") if c.isalnum())

    return bool(key(a)) and key(a) == key(b)


def basis_of(meta: dict[str, Any]) -> str | None:
    """What two records must share to be probable duplicates, as one line; None when the
    number, issuer or issue date is unknown (no warning is possible then)."""
    if not (number_key(meta.get("number")) and meta.get("issuer") and meta.get("issued_date")):
        return None
    return f"{meta['number']} · {meta['issuer']} · {meta['issued_date']}"


def find_probable(catalog: Catalog, doc_id: int) -> list[int]:
    """Other processed records, not withdrawn, with the same number (compared as
    :func:`references.number_key`), the same issue date and the same issuer as ``doc_id``."""
    with catalog.db.session() as s:
        doc = _load(s, [doc_id])
        if not doc:
            return []
        meta = effective_metadata(doc[0])
        key = number_key(meta.get("number"))
        withdrawn = set(s.scalars(select(WithdrawnDocument.document_id)))
        if basis_of(meta) is None or doc_id in withdrawn:
            return []
        found = []
        for other in _load(s, _number_candidates(s, key) - {doc_id} - withdrawn):
            theirs = effective_metadata(other)
            if (other.state == "done"
                    and number_key(theirs.get("number")) == key
                    and theirs.get("issued_date") == meta["issued_date"]
                    and same_issuer(theirs.get("issuer"), meta["issuer"])):
                found.append(other.id)
        return sorted(found)


def record_probable(catalog: Catalog, doc_id: int) -> list[int]:
    """Find and record the probable duplicates of a document just processed; a pair already
    known (either way round, whatever was decided) is not recorded again. Returns the ids of
    the earlier records it may duplicate."""
    others = find_probable(catalog, doc_id)
    if not others:
        return []
    with catalog.db.session() as s:
        meta = effective_metadata(_load(s, [doc_id])[0])
        known = {(r.document_id, r.other_id) for r in s.scalars(select(DuplicateCandidate).where(
            or_(DuplicateCandidate.document_id == doc_id, DuplicateCandidate.other_id == doc_id)))}
        for other in others:
            if (doc_id, other) in known or (other, doc_id) in known:
                continue
            s.add(DuplicateCandidate(document_id=doc_id, other_id=other, basis=basis_of(meta),
                                     state="pending", created_at=now()))
    log.info("document %d may duplicate %s", doc_id, others)
    return others


@dataclass(frozen=True)
class DuplicateWarning:
    """One open warning seen from one document: the pair, and the other record's id."""

    candidate: DuplicateCandidate
    other_id: int


@dataclass(frozen=True)
class Notices:
    """What a document page says about duplicates: open warnings; the record it was merged
    into (when withdrawn); the records merged into it (other scans of the same document)."""

    warnings: list[DuplicateWarning]
    merged_into: int | None
    merged_here: list[Document]


def notices(catalog: Catalog, doc_id: int) -> Notices:
    with catalog.db.session() as s:
        rows = s.scalars(select(DuplicateCandidate).where(
            DuplicateCandidate.state == "pending",
            or_(DuplicateCandidate.document_id == doc_id, DuplicateCandidate.other_id == doc_id))
            .order_by(DuplicateCandidate.id)).all()
        withdrawn = dict(s.execute(select(WithdrawnDocument.document_id,
                                          WithdrawnDocument.merged_into).where(
            WithdrawnDocument.document_id.in_(
                [doc_id] + [r.document_id for r in rows] + [r.other_id for r in rows]))).all())
        merged_here = list(s.scalars(select(Document).join(
            WithdrawnDocument, WithdrawnDocument.document_id == Document.id).where(
            WithdrawnDocument.merged_into == doc_id).order_by(Document.id)))
    warnings = [DuplicateWarning(r, r.other_id if r.document_id == doc_id else r.document_id)
                for r in rows if r.document_id not in withdrawn and r.other_id not in withdrawn]
    return Notices(warnings, withdrawn.get(doc_id), merged_here)


def get(catalog: Catalog, candidate_id: int) -> DuplicateCandidate:
    if not 0 < candidate_id <= MAX_ID:
        raise NotFoundError(f"Không có cảnh báo trùng số {candidate_id}.")
    with catalog.db.session() as s:
        row = s.get(DuplicateCandidate, candidate_id)
    if row is None:
        raise NotFoundError(f"Không có cảnh báo trùng số {candidate_id}.")
    return row


def merge(catalog: Catalog, candidate_id: int, *, keep: int, user: str) -> int:
    """Keep record ``keep`` (one of the pair) and withdraw the other from search as its
    duplicate; audited on both records. Returns the withdrawn record's id. Its original and
    pages stay (the kept record lists it as another scan)."""
    with catalog.db.session() as s:
        row = _pending(s, candidate_id)
        pair = (row.document_id, row.other_id)
        if keep not in pair:
            raise InputRejectedError("Chỉ giữ được một trong hai văn bản của cảnh báo này.")
        gone = pair[1] if keep == pair[0] else pair[0]
        if s.get(WithdrawnDocument, keep) is not None or s.get(WithdrawnDocument, gone):
            raise InputRejectedError("Một trong hai văn bản đã được gộp vào văn bản khác; "
                                     "cảnh báo này không còn áp dụng.")
        row.state, row.kept_id, row.decided_by, row.decided_at = "merged", keep, user, now()
        s.add(WithdrawnDocument(document_id=gone, merged_into=keep, at=now(), by=user))
        # records already merged into the withdrawn one follow it to the kept record
        s.execute(update(WithdrawnDocument).where(WithdrawnDocument.merged_into == gone)
                  .values(merged_into=keep))
        s.execute(update(Document).where(Document.id.in_([gone, keep]))
                  .values(updated_at=now()))
        detail = f"#{gone} là bản trùng của #{keep}: rút khỏi tìm kiếm, bản gốc giữ nguyên"
        s.add(AuditEntry(at=now(), user=user, action="merge", document_id=gone, detail=detail))
        s.add(AuditEntry(at=now(), user=user, action="merge", document_id=keep, detail=detail))
    from archive_service import indexing

    indexing.withdraw(catalog, [gone])
    return gone


def keep_both(catalog: Catalog, candidate_id: int, *, user: str) -> None:
    """Dismiss a warning: the two records are different documents (giữ cả hai); audited."""
    with catalog.db.session() as s:
        row = _pending(s, candidate_id)
        row.state, row.decided_by, row.decided_at = "dismissed", user, now()
        detail = f"#{row.document_id} và #{row.other_id} không trùng: giữ cả hai"
        for doc_id in (row.document_id, row.other_id):
            s.add(AuditEntry(at=now(), user=user, action="keep_both", document_id=doc_id,
                             detail=detail))


def _pending(s: Session, candidate_id: int) -> DuplicateCandidate:
    row = s.get(DuplicateCandidate, candidate_id) if 0 < candidate_id <= MAX_ID else None
    if row is None:
        raise NotFoundError(f"Không có cảnh báo trùng số {candidate_id}.")
    if row.state != "pending":
        raise InputRejectedError("Cảnh báo này đã được xử lý rồi.")
    return row


def _load(s: Session, ids) -> list[Document]:
    return list(s.scalars(select(Document).where(Document.id.in_(list(ids))).options(
        selectinload(Document.fields), selectinload(Document.corrections))))


def _number_candidates(s: Session, key: str) -> set[int]:
    """Documents whose extracted or corrected number may have ``key`` (its digits match)."""
    digits = "".join(c for c in key.split("/")[0] if c.isdigit()) or key
    like = f"%{digits}%"
    ids = set(s.scalars(select(FieldRow.document_id).where(
        FieldRow.name == "number", cast(FieldRow.value, String).like(like))))
    ids |= set(s.scalars(select(Correction.document_id).where(
        Correction.field == "number", cast(Correction.value, String).like(like))))
    return ids
