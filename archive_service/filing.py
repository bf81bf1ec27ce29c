"""Phông (fonds), hồ sơ (files) and filing documents into them (Thông tư 05/2025). No Flask.

Archivists create and edit phông and hồ sơ, file documents into a hồ sơ (lập hồ sơ), order
them inside it, move them to another one and take them out. A hồ sơ's start and end dates and
its document, page and sheet counts follow from its documents (:func:`summarize`). Every
change is written to the audit log in the same transaction, and the documents touched are
re-indexed (search filters and facets by phông and hồ sơ). Nothing is ever deleted here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from archive_service import indexing
from archive_service.archival_fields import (
    DOCUMENT_FIELDS,
    FILE_FIELDS,
    FONDS_FIELDS,
    RecordError,
    RecordForbiddenError,
    RecordNotFoundError,
    parse_code,
    parse_values,
    retention_label,
)
from archive_service.catalog import Catalog, effective_metadata, now
from archive_service.classification import may_see
from archive_service.models import MAX_ID, AuditEntry, Document, DocumentArchival, FileRecord, Fonds
from archive_service.users import Account

log = logging.getLogger(__name__)

#: The command line acts with every right (who ran it is named in the audit log).
SYSTEM = Account(id=0, name="cli", role="admin", clearance=3)
MAX_BATCH = 1000  # documents filed at once


@dataclass(frozen=True)
class FileSummary:
    """What a hồ sơ's documents say about it: thời gian bắt đầu / kết thúc, tổng số tài liệu,
    số lượng trang, số lượng tờ (a document's số tờ when set, else its page count)."""

    start_date: date | None
    end_date: date | None
    document_count: int
    page_count: int
    sheet_count: int


@dataclass(frozen=True)
class FiledDocument:
    """One document as a hồ sơ lists it (số thứ tự, số và ký hiệu, ngày, trích yếu)."""

    id: int
    position: int
    number: str | None
    issued_date: str | None
    doc_type: str | None
    subject: str | None
    page_count: int
    pages: tuple[int, ...]  # numbers of the pages that have an image, for the viewer
    state: str


@dataclass(frozen=True)
class FileContents:
    """A hồ sơ for one user: its record, summary, the documents they may see, in order, and
    how many they may not (counted, never named)."""

    record: FileRecord
    summary: FileSummary
    documents: list[FiledDocument]
    hidden: int


@dataclass(frozen=True)
class ExpiredFile:
    """A hồ sơ whose retention (thời hạn lưu trữ) ended on ``expired_on``."""

    record: FileRecord
    summary: FileSummary
    expired_on: date


def check_editor(acc: Account) -> None:
    """Only archivists and administrators change archival records."""
    if acc is None or not acc.active or not acc.can_edit:
        raise RecordForbiddenError("Chỉ cán bộ văn thư, lưu trữ hoặc quản trị viên mới được "
                                   "thay đổi phông, hồ sơ.")


def add_years(day: date, years: int) -> date:
    """``day`` plus ``years`` calendar years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _issued(doc: Document) -> date | None:
    """A document's issue date (corrections on top), None when absent or malformed."""
    value = effective_metadata(doc).get("issued_date")
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def pages_of(doc: Document) -> int:
    """A document's page count (số trang): processed pages, else the extracted count."""
    return doc.page_count or (effective_metadata(doc).get("page_count") or 0)


def sheets_of(doc: Document) -> int:
    """A document's số tờ: as the archivist set it, else its page count."""
    return doc.archival.sheet_count if doc.archival and doc.archival.sheet_count else pages_of(doc)


def summarize(docs: Iterable[Document]) -> FileSummary:
    """The derived fields of a hồ sơ from its documents (loaded with fields, corrections)."""
    docs = list(docs)
    dates = [d for d in map(_issued, docs) if d]
    return FileSummary(min(dates, default=None), max(dates, default=None), len(docs),
                       sum(map(pages_of, docs)), sum(map(sheets_of, docs)))


def _doc_options() -> list:
    """Load options for documents whose metadata and pages are read."""
    return [selectinload(Document.fields), selectinload(Document.corrections),
            selectinload(Document.pages), selectinload(Document.archival)]


class Filing:
    """The archival records of one catalog."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.db = catalog.db

    # --- phông ----------------------------------------------------------------------------

    def create_fonds(self, values: Mapping[str, Any], *, by: Account) -> Fonds:
        """Create a phông from typed values (``code`` and ``name`` required)."""
        check_editor(by)
        data = parse_values(FONDS_FIELDS, values)
        data["status"] = data.get("status") or "open"
        with self.db.session() as s:
            if s.scalar(select(Fonds.id).where(Fonds.code == data["code"])) is not None:
                raise RecordError("Mã phông «%(code)s» đã có.", code=data["code"])
            fonds = Fonds(**data, created_at=now(), updated_at=now())
            s.add(fonds)
            s.add(_audit(by, "fonds_create", None, f"{fonds.code}: {fonds.name}"))
        return self.get_fonds(data["code"])

    def update_fonds(self, code: str, values: Mapping[str, Any], *, by: Account) -> Fonds:
        """Change some fields of a phông (its code stays); closing it freezes its hồ sơ."""
        check_editor(by)
        data = parse_values(FONDS_FIELDS, values, partial=True)
        if "status" in data and data["status"] is None:  # a phông is always open or closed
            del data["status"]
        with self.db.session() as s:
            fonds = self._fonds(s, code)
            _check_same_code(data, fonds.code, "Mã phông")
            changed = _assign(fonds, data)
            if changed:
                fonds.updated_at = now()
                s.add(_audit(by, "fonds_edit", None, f"{fonds.code}: {', '.join(changed)}"))
        return self.get_fonds(code)

    def get_fonds(self, code: str) -> Fonds:
        """The phông with this code (RecordNotFoundError otherwise)."""
        with self.db.session() as s:
            return self._fonds(s, code)

    def get_fonds_by_id(self, fonds_id: int) -> Fonds:
        """The phông with this id (RecordNotFoundError otherwise)."""
        with self.db.session() as s:
            fonds = s.get(Fonds, fonds_id) if 0 < fonds_id <= MAX_ID else None
            if fonds is None:
                raise RecordNotFoundError("Không có phông số %(id)s.", id=fonds_id)
            return fonds

    def list_fonds(self) -> list[Fonds]:
        """Every phông, by code."""
        with self.db.session() as s:
            return list(s.scalars(select(Fonds).order_by(Fonds.code)))

    # --- hồ sơ ----------------------------------------------------------------------------

    def create_file(self, fonds_code: str, values: Mapping[str, Any], *, by: Account) -> FileRecord:
        """Create a hồ sơ in an open phông (``code`` and ``title`` required)."""
        check_editor(by)
        data = parse_values(FILE_FIELDS, values)
        with self.db.session() as s:
            fonds = self._fonds(s, fonds_code)
            _check_open(fonds)
            if s.scalar(select(FileRecord.id).where(FileRecord.code == data["code"])) is not None:
                raise RecordError("Mã hồ sơ «%(code)s» đã có.", code=data["code"])
            record = FileRecord(**data, fonds_id=fonds.id, created_at=now(), updated_at=now())
            s.add(record)
            s.add(_audit(by, "file_create", None, f"{record.code} ({fonds.code}): {record.title} — "
                                                  f"{retention_label(record.retention_years)}"))
        return self.get_file(data["code"])

    def update_file(self, code: str, values: Mapping[str, Any], *, by: Account) -> FileRecord:
        """Change some fields of a hồ sơ (its code stays; its derived fields are not typed)."""
        check_editor(by)
        data = parse_values(FILE_FIELDS, values, partial=True)
        with self.db.session() as s:
            record = self._file(s, code)
            _check_open(record.fonds)
            _check_same_code(data, record.code, "Mã hồ sơ")
            changed = _assign(record, data)
            if changed:
                record.updated_at = now()
                s.add(_audit(by, "file_edit", None, f"{record.code}: {', '.join(changed)}"))
        return self.get_file(code)

    def get_file(self, code: str) -> FileRecord:
        """The hồ sơ with this code, its phông loaded (RecordNotFoundError otherwise)."""
        with self.db.session() as s:
            return self._file(s, code)

    def get_file_by_id(self, file_id: int) -> FileRecord:
        """The hồ sơ with this id (RecordNotFoundError otherwise)."""
        with self.db.session() as s:
            record = s.get(FileRecord, file_id) if 0 < file_id <= MAX_ID else None
            if record is None:
                raise RecordNotFoundError("Không có hồ sơ số %(id)s.", id=file_id)
            return record

    def list_files(self, fonds_code: str | None = None) -> list[FileRecord]:
        """Every hồ sơ (of one phông when ``fonds_code`` is given), by code."""
        with self.db.session() as s:
            q = select(FileRecord).order_by(FileRecord.code)
            if fonds_code:
                q = q.where(FileRecord.fonds_id == self._fonds(s, fonds_code).id)
            return list(s.scalars(q))

    # --- filing documents -----------------------------------------------------------------

    def file_documents(self, doc_ids: Iterable[int], file_code: str, *, by: Account,
                       position: int | None = None) -> list[int]:
        """File documents into a hồ sơ, in the order given, at ``position`` (1-based; default
        the end). A document already in another hồ sơ is moved. Returns their ids."""
        check_editor(by)
        ids = _batch(doc_ids)
        with self.db.session() as s:
            record = self._file(s, file_code)
            _check_open(record.fonds)
            docs = self._documents(s, ids, by)
            for doc in docs:
                if doc.archival and doc.archival.file and doc.archival.file.id != record.id:
                    _check_open(doc.archival.file.fonds)
            order = [e.document_id for e in self._entries(s, record.id) if e.document_id not in ids]
            at = len(order) if position is None else min(max(position, 1) - 1, len(order))
            order[at:at] = ids
            for doc in docs:
                self._file_one(s, doc, record, by)
            self._renumber(s, record.id, order)
        self._reindex(ids)
        return ids

    def _file_one(self, s: Session, doc: Document, record: FileRecord, by: Account) -> None:
        """Point one document at ``record`` (a move renumbers its old hồ sơ), audited."""
        entry = doc.archival or DocumentArchival(document_id=doc.id)
        if doc.archival is None:
            s.add(entry)
        old = entry.file
        if old is not None and old.id == record.id:
            s.add(_audit(by, "reorder", doc.id, record.code))
            return
        if old is not None:
            self._renumber(s, old.id, [e.document_id for e in self._entries(s, old.id)
                                       if e.document_id != doc.id])
        entry.file_id, entry.filed_at, entry.filed_by = record.id, now(), by.name
        entry.file = record
        action, detail = ("move", f"{old.code} → {record.code}") if old else ("file", record.code)
        s.add(_audit(by, action, doc.id, detail))

    def unfile_documents(self, doc_ids: Iterable[int], *, by: Account) -> list[int]:
        """Take documents out of their hồ sơ (they stay in the archive, unfiled)."""
        check_editor(by)
        ids = _batch(doc_ids)
        with self.db.session() as s:
            docs = self._documents(s, ids, by)
            touched: set[int] = set()
            for doc in docs:
                entry = doc.archival
                if entry is None or entry.file is None:
                    continue
                _check_open(entry.file.fonds)
                s.add(_audit(by, "unfile", doc.id, entry.file.code))
                touched.add(entry.file.id)
                entry.file_id, entry.file, entry.position = None, None, None
            s.flush()
            for file_id in touched:
                self._renumber(s, file_id, [e.document_id for e in self._entries(s, file_id)])
        self._reindex(ids)
        return ids

    def reorder(self, file_code: str, order: Iterable[int], *, by: Account) -> list[int]:
        """Put the documents of a hồ sơ that ``by`` may see in the order given (every one of
        them, once); documents hidden from ``by`` keep their places."""
        check_editor(by)
        wanted = _batch(order)
        with self.db.session() as s:
            record = self._file(s, file_code)
            _check_open(record.fonds)
            current = [e.document_id for e in self._entries(s, record.id)]
            docs = {d.id: d for d in s.scalars(select(Document).where(
                Document.id.in_(current)).options(*_doc_options()))}
            visible = {i for i in current if may_see(docs[i], by)}
            if sorted(wanted) != sorted(visible):
                raise RecordError("Thứ tự mới phải liệt kê đúng một lần mỗi tài liệu của hồ sơ "
                                  "«%(code)s».", code=record.code)
            slots = iter(wanted)
            new = [next(slots) if i in visible else i for i in current]
            self._renumber(s, record.id, new)
            s.add(_audit(by, "reorder", None, f"{record.code}: {', '.join(map(str, wanted))}"[:500]))
        return new

    def move_to_position(self, doc_id: int, position: int, *, by: Account) -> list[int]:
        """Move one filed document to ``position`` (1-based) inside its hồ sơ."""
        record = self.file_of(doc_id, by)
        if record is None:
            raise RecordError("Văn bản số %(id)s chưa thuộc hồ sơ nào.", id=doc_id)
        return self.file_documents([doc_id], record.code, by=by, position=position)

    def set_document_fields(self, doc_id: int, values: Mapping[str, Any], *,
                            by: Account) -> DocumentArchival:
        """Record the archival fields of a document (mã định danh, mức độ tiếp cận, …)."""
        check_editor(by)
        data = parse_values(DOCUMENT_FIELDS, values, partial=True)
        with self.db.session() as s:
            doc = self._documents(s, [doc_id], by)[0]
            entry = doc.archival or DocumentArchival(document_id=doc.id)
            if doc.archival is None:
                s.add(entry)
            changed = _assign(entry, data)
            if changed:
                s.add(_audit(by, "archival_edit", doc.id, ", ".join(changed)))
                doc.updated_at = now()
            s.flush()
            s.refresh(entry)
            return entry

    # --- reading --------------------------------------------------------------------------

    def file_of(self, doc_id: int, acc: Account) -> FileRecord | None:
        """The hồ sơ a document is filed in (None when unfiled)."""
        with self.db.session() as s:
            doc = self._documents(s, [doc_id], acc)[0]
            return doc.archival.file if doc.archival else None

    def contents(self, file_code: str, acc: Account) -> FileContents:
        """A hồ sơ as ``acc`` may see it: record, summary, visible documents in order."""
        with self.db.session() as s:
            record = self._file(s, file_code)
            entries = self._entries(s, record.id)
            ids = [e.document_id for e in entries]
            docs = {d.id: d for d in s.scalars(select(Document).where(
                Document.id.in_(ids)).options(*_doc_options()))}
            ordered = [docs[i] for i in ids]
            shown = [_filed(e.position or n, docs[e.document_id])
                     for n, e in enumerate(entries, start=1) if may_see(docs[e.document_id], acc)]
            return FileContents(record, summarize(ordered), shown, len(ordered) - len(shown))

    def summaries(self, records: Iterable[FileRecord]) -> dict[int, FileSummary]:
        """The derived fields of several hồ sơ, by id."""
        ids = [r.id for r in records]
        out = {i: FileSummary(None, None, 0, 0, 0) for i in ids}
        with self.db.session() as s:
            docs = s.scalars(select(Document).join(DocumentArchival).where(
                DocumentArchival.file_id.in_(ids)).options(
                selectinload(Document.fields), selectinload(Document.corrections),
                selectinload(Document.archival))).all()
        by_file: dict[int, list[Document]] = {}
        for doc in docs:
            by_file.setdefault(doc.archival.file_id, []).append(doc)
        out.update({i: summarize(d) for i, d in by_file.items()})
        return out

    def expired_files(self, today: date | None = None) -> list[ExpiredFile]:
        """Hồ sơ whose retention has ended (end date + N years before ``today``), oldest
        first, for the appraisal council (hội đồng xác định giá trị tài liệu). Permanent ones
        and those without a dated document are never listed; nothing is deleted."""
        today = today or date.today()
        with self.db.session() as s:
            records = list(s.scalars(select(FileRecord).where(
                FileRecord.retention_years.is_not(None))))
        summaries = self.summaries(records)
        out = []
        for record in records:
            summary = summaries[record.id]
            if summary.end_date is None:
                continue
            ends = add_years(summary.end_date, record.retention_years)
            if ends < today:
                out.append(ExpiredFile(record, summary, ends))
        return sorted(out, key=lambda e: (e.expired_on, e.record.code))

    # --- helpers --------------------------------------------------------------------------

    @staticmethod
    def _fonds(s: Session, code: str) -> Fonds:
        """The phông with this code in session ``s``."""
        code = parse_code(code, "Mã phông")
        fonds = s.scalar(select(Fonds).where(Fonds.code == code))
        if fonds is None:
            raise RecordNotFoundError("Không có phông «%(code)s».", code=code)
        return fonds

    @staticmethod
    def _file(s: Session, code: str) -> FileRecord:
        """The hồ sơ with this code in session ``s``."""
        code = parse_code(code, "Mã hồ sơ")
        record = s.scalar(select(FileRecord).where(FileRecord.code == code))
        if record is None:
            raise RecordNotFoundError("Không có hồ sơ «%(code)s».", code=code)
        return record

    @staticmethod
    def _entries(s: Session, file_id: int) -> list[DocumentArchival]:
        """The archival rows of a hồ sơ's documents, in order."""
        return list(s.scalars(select(DocumentArchival).where(DocumentArchival.file_id == file_id)
                              .order_by(DocumentArchival.position, DocumentArchival.document_id)))

    @staticmethod
    def _documents(s: Session, ids: list[int], acc: Account) -> list[Document]:
        """The documents, in the order of ``ids``; an absent or hidden one is refused."""
        valid = [i for i in ids if isinstance(i, int) and 0 < i <= MAX_ID]
        found = {d.id: d for d in s.scalars(select(Document).where(Document.id.in_(valid))
                                            .options(*_doc_options()))}
        for doc_id in ids:
            doc = found.get(doc_id)
            if doc is None or not may_see(doc, acc):
                raise RecordNotFoundError("Không có văn bản số %(id)s.", id=doc_id)
        return [found[i] for i in ids]

    @staticmethod
    def _renumber(s: Session, file_id: int, order: list[int]) -> None:
        """Give the documents of ``order`` the positions 1, 2, 3… in that order."""
        s.flush()
        for position, doc_id in enumerate(order, start=1):
            s.execute(update(DocumentArchival).where(DocumentArchival.document_id == doc_id)
                      .values(position=position, file_id=file_id))
        s.execute(update(Document).where(Document.id.in_(order)).values(updated_at=now()))

    def _reindex(self, ids: list[int]) -> None:
        """Search filters by phông and hồ sơ: re-index the processed documents touched."""
        with self.db.session() as s:
            s.execute(update(Document).where(Document.id.in_(ids)).values(updated_at=now()))
            done = list(s.scalars(select(Document.id).where(Document.id.in_(ids),
                                                            Document.state == "done")))
        indexing.index_documents(self.catalog, done)


def _filed(position: int, doc: Document) -> FiledDocument:
    """A document as a hồ sơ lists it."""
    meta = effective_metadata(doc)
    return FiledDocument(doc.id, position, meta.get("number"), meta.get("issued_date"),
                         meta.get("doc_type"), meta.get("subject"), doc.page_count,
                         tuple(p.number for p in doc.pages if p.image), doc.state)


def _batch(doc_ids: Iterable[Any]) -> list[int]:
    """Document ids without repeats, in order; at least one, at most MAX_BATCH."""
    ids: list[int] = []
    for raw in doc_ids:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise RecordNotFoundError("Không có văn bản số %(id)s.", id=str(raw)[:20]) from None
        if value not in ids:
            ids.append(value)
    if not ids:
        raise RecordError("Chưa chọn văn bản nào.")
    if len(ids) > MAX_BATCH:
        raise RecordError("Mỗi lần lập hồ sơ tối đa %(max)d văn bản.", max=MAX_BATCH)
    return ids


def _check_open(fonds: Fonds) -> None:
    """A closed phông refuses every change to its hồ sơ and their documents."""
    if fonds.status == "closed":
        raise RecordError("Phông «%(code)s» đã đóng: không thêm, chuyển hay rút tài liệu, hồ sơ "
                          "của phông này.", code=fonds.code)


def _check_same_code(data: dict[str, Any], code: str, label: str) -> None:
    """Codes are kept once created (the audit log and the index name records by them)."""
    if "code" in data and data.pop("code") != code:
        raise RecordError("%(label)s không đổi được sau khi đã tạo.", label=label)


def _assign(row: Any, data: Mapping[str, Any]) -> list[str]:
    """Set the values that differ; the names of those changed."""
    changed = []
    for name, value in data.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    return changed


def _audit(by: Account, action: str, doc_id: int | None, detail: str) -> AuditEntry:
    """An audit log entry, added in the same transaction as the change."""
    return AuditEntry(at=now(), user=by.name, action=action, document_id=doc_id,
                      detail=detail[:500] or None)
