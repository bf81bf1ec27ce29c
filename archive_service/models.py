"""Catalog tables: documents, pages, extracted fields, corrections, users, tokens, audit, and
the archival levels of Thông tư 05/2025 (phông, hồ sơ, the archival fields of a document)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

STATES = ("queued", "processing", "done", "failed")
MAX_ID = 2**63 - 1  # SQLite's largest INTEGER: a larger id names no row (and overflows the driver)


class WallClock(TypeDecorator):
    """A date and time as read on the clock, without a time zone, on every database.

    The service writes local times (``catalog.now()``); a time that carries its zone (a PDF
    signature's ``+07'00'``) is stored as written, its zone dropped, as SQLite always did: on
    PostgreSQL psycopg would otherwise convert it to the session's zone first.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return value.replace(tzinfo=None) if value is not None and value.tzinfo else value


class Base(DeclarativeBase):
    pass


class Document(Base):
    """One ingested file (văn bản) and its processing state."""

    __tablename__ = "documents"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never given twice (audit log)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    original_name: Mapped[str] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(BigInteger)  # bytes (BIGINT on PostgreSQL: migration 0010)
    state: Mapped[str] = mapped_column(String(16), index=True, default="queued")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(128), default=None)  # host:pid
    claimed_at: Mapped[datetime | None] = mapped_column(WallClock, default=None)
    created_at: Mapped[datetime] = mapped_column(WallClock)
    updated_at: Mapped[datetime] = mapped_column(WallClock, index=True)
    processed_at: Mapped[datetime | None] = mapped_column(WallClock, default=None)
    indexed_at: Mapped[datetime | None] = mapped_column(WallClock, default=None)
    uploaded_by: Mapped[str | None] = mapped_column(String(128), default=None)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    signed_at: Mapped[datetime | None] = mapped_column(WallClock, default=None)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    pages: Mapped[list[PageRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="PageRow.number")
    fields: Mapped[list[FieldRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan")
    corrections: Mapped[list[Correction]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Correction.id",
        passive_deletes=True)  # deleted by ON DELETE CASCADE, never loaded to be deleted
    # loaded on demand (catalog.get loads it): a catalog not yet migrated to 0004 still works;
    # deleting a document leaves its row to the database's ON DELETE CASCADE
    archival: Mapped[DocumentArchival | None] = relationship(
        back_populates="document", cascade="all, delete-orphan", uselist=False,
        passive_deletes=True)


class PageRow(Base):
    """One page's text, word boxes and how it was read."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)  # records.Page.to_dict()
    image: Mapped[str | None] = mapped_column(String(256), default=None)  # under pages_dir

    document: Mapped[Document] = relationship(back_populates="pages")


class FieldRow(Base):
    """One extracted metadata field (as the extractor read it)."""

    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("document_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[object] = mapped_column(JSON, nullable=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    page: Mapped[int | None] = mapped_column(Integer, default=None)
    box: Mapped[list | None] = mapped_column(JSON, default=None)
    review: Mapped[bool] = mapped_column(default=False)

    document: Mapped[Document] = relationship(back_populates="fields")


#: What a person did to a field (``Correction.kind``): set a new value (sửa), confirmed the
#: value shown (xác nhận), or found the field has no place in this document (không áp dụng:
#: a table or a list without the Nghị định 30 layout; its value is then None).
CORRECTION_KINDS = ("correction", "confirmation", "not_applicable")


class Correction(Base):
    """A value set by a person; never overwritten by re-extraction. The newest one wins."""

    __tablename__ = "corrections"
    __mapper_args__ = {"eager_defaults": False}  # no RETURNING of ``kind`` (see below)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[object] = mapped_column(JSON, nullable=True)
    user: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(WallClock)
    # CORRECTION_KINDS; the database's default only, so that a plain correction is written
    # without the column (a catalog not yet migrated to 0008_review_outcomes still works)
    kind: Mapped[str] = mapped_column(String(16), server_default="correction")

    document: Mapped[Document] = relationship(back_populates="corrections")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256), default=None)
    role: Mapped[str] = mapped_column(String(16))  # admin, archivist, staff
    clearance: Mapped[int] = mapped_column(Integer, default=0)  # 0 none, 1 Mật, 2 Tối mật, 3 Tuyệt mật
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(WallClock)
    # Raised on logout, password reset, lowered rights: every session signed before ends.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the token
    created_at: Mapped[datetime] = mapped_column(WallClock)
    revoked: Mapped[bool] = mapped_column(default=False)


class DeclassificationRequest(Base):
    """A request to lower a document's confidentiality (giải mật, hạ độ mật): one person asks,
    another approves or rejects; the correction is recorded only on approval."""

    __tablename__ = "declassification_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    from_value: Mapped[str | None] = mapped_column(String(32), default=None)
    to_value: Mapped[str | None] = mapped_column(String(32), default=None)  # None: not classified
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    requested_by: Mapped[str] = mapped_column(String(128))
    requested_at: Mapped[datetime] = mapped_column(WallClock)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # approved, rejected
    decided_by: Mapped[str | None] = mapped_column(String(128), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(WallClock, default=None)


class AuditEntry(Base):
    """Append-only: who did what to which document, and when."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(WallClock, index=True)
    user: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))  # view, download, edit, upload, delete, login…
    document_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    detail: Mapped[str | None] = mapped_column(Text, default=None)


class CheckRun(Base):
    """One integrity (fixity) check of the stored files (lần kiểm tra toàn vẹn): when, how many
    files were checked, and what failed (missing, altered or unexpected files, by document)."""

    __tablename__ = "check_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(WallClock, index=True)
    finished_at: Mapped[datetime] = mapped_column(WallClock)
    checked: Mapped[int] = mapped_column(Integer, default=0)  # files checked
    documents: Mapped[int] = mapped_column(Integer, default=0)  # documents checked
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    # [{"document_id", "role", "problem": "missing"|"altered"|"unexpected", "path", "sha256"}]
    failures: Mapped[list] = mapped_column(JSON, default=list)
    by: Mapped[str] = mapped_column(String(128))  # "nightly", "cli", a user's name


# --- archival levels (Thông tư 05/2025): phông → hồ sơ → tài liệu ------------------------------

class Fonds(Base):
    """A fonds (phông lưu trữ): everything one agency produced."""

    __tablename__ = "fonds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # mã phông
    name: Mapped[str] = mapped_column(Text)  # tên phông
    status: Mapped[str] = mapped_column(String(16), default="open")  # trạng thái: open | closed
    history: Mapped[str | None] = mapped_column(Text, default=None)  # lịch sử đơn vị hình thành phông
    time_span: Mapped[str | None] = mapped_column(Text, default=None)  # thời gian tài liệu
    document_total: Mapped[int | None] = mapped_column(Integer, default=None)  # tổng số tài liệu
    classification_scheme: Mapped[str | None] = mapped_column(Text, default=None)  # phương án phân loại
    language: Mapped[str | None] = mapped_column(Text, default=None)  # ngôn ngữ
    backup_mode: Mapped[str | None] = mapped_column(Text, default=None)  # chế độ dự phòng
    notes: Mapped[str | None] = mapped_column(Text, default=None)  # ghi chú
    created_at: Mapped[datetime] = mapped_column(WallClock)
    updated_at: Mapped[datetime] = mapped_column(WallClock)

    files: Mapped[list[FileRecord]] = relationship(back_populates="fonds", order_by="FileRecord.code")


class FileRecord(Base):
    """A file (hồ sơ): the documents of one matter, in order, inside a fonds.

    Its start and end dates, document, page and sheet counts are derived from its documents
    (see :mod:`archive_service.filing`), never stored.
    """

    __tablename__ = "file_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fonds_id: Mapped[int] = mapped_column(ForeignKey("fonds.id"), index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # mã hồ sơ
    title: Mapped[str] = mapped_column(Text)  # tiêu đề hồ sơ
    retention_years: Mapped[int | None] = mapped_column(Integer, default=None)  # None: vĩnh viễn
    access_mode: Mapped[str | None] = mapped_column(String(16), default=None)  # mức độ tiếp cận
    language: Mapped[str | None] = mapped_column(Text, default=None)  # ngôn ngữ
    keywords: Mapped[str | None] = mapped_column(Text, default=None)  # từ khóa
    physical_condition: Mapped[str | None] = mapped_column(Text, default=None)  # tình trạng vật lý
    info_sign: Mapped[str | None] = mapped_column(Text, default=None)  # ký hiệu thông tin
    reliability: Mapped[str | None] = mapped_column(String(16), default=None)  # mức độ tin cậy
    paper_code: Mapped[str | None] = mapped_column(Text, default=None)  # mã hồ sơ gốc giấy
    backup_mode: Mapped[str | None] = mapped_column(Text, default=None)  # chế độ dự phòng
    backup_status: Mapped[str | None] = mapped_column(Text, default=None)  # tình trạng dự phòng
    notes: Mapped[str | None] = mapped_column(Text, default=None)  # ghi chú
    created_at: Mapped[datetime] = mapped_column(WallClock)
    updated_at: Mapped[datetime] = mapped_column(WallClock)

    fonds: Mapped[Fonds] = relationship(back_populates="files", lazy="joined")
    entries: Mapped[list[DocumentArchival]] = relationship(
        back_populates="file", order_by="DocumentArchival.position")


class DocumentArchival(Base):
    """The archival fields of one document (tài liệu) that an archivist fills in, beside the
    extracted ND30 fields: its file and position in it, identifier, access, reliability…"""

    __tablename__ = "document_archival"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("file_records.id"), index=True,
                                                default=None)
    position: Mapped[int | None] = mapped_column(Integer, default=None)  # số thứ tự trong hồ sơ
    identifier: Mapped[str | None] = mapped_column(Text, default=None)  # mã định danh
    access_mode: Mapped[str | None] = mapped_column(String(16), default=None)  # mức độ tiếp cận
    reliability: Mapped[str | None] = mapped_column(String(16), default=None)  # mức độ tin cậy
    autograph: Mapped[str | None] = mapped_column(Text, default=None)  # bút tích
    physical_condition: Mapped[str | None] = mapped_column(Text, default=None)  # tình trạng vật lý
    notes: Mapped[str | None] = mapped_column(Text, default=None)  # ghi chú
    keywords: Mapped[str | None] = mapped_column(Text, default=None)  # từ khóa
    sheet_count: Mapped[int | None] = mapped_column(Integer, default=None)  # số tờ
    filed_at: Mapped[datetime | None] = mapped_column(WallClock, default=None)
    filed_by: Mapped[str | None] = mapped_column(String(128), default=None)

    document: Mapped[Document] = relationship(back_populates="archival")
    file: Mapped[FileRecord | None] = relationship(back_populates="entries", lazy="joined")


class DocumentReference(Base):
    """A document cited in another's body (văn bản được dẫn chiếu: căn cứ, thay thế, …), and the
    archived document it names when one matches it without doubt (``linked_id``)."""

    __tablename__ = "document_references"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in the body
    relation: Mapped[str] = mapped_column(String(16))  # can_cu, thay_the, bai_bo, sua_doi, thuc_hien
    doc_type: Mapped[str | None] = mapped_column(String(64), default=None)
    number: Mapped[str | None] = mapped_column(String(64), default=None)
    number_key: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    issued_date: Mapped[str | None] = mapped_column(String(10), default=None)  # ISO
    issuer: Mapped[str | None] = mapped_column(String(256), default=None)
    name: Mapped[str | None] = mapped_column(String(512), default=None)  # a law cited by name
    text: Mapped[str] = mapped_column(Text, default="")  # the citation as printed
    page: Mapped[int | None] = mapped_column(Integer, default=None)
    linked_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), default=None, index=True)


class ArchivalCopy(Base):
    """The archival copy (bản số hóa, PDF/A-2b) of one document: where it is stored, whether
    it passed its check, or why it is missing (a failed copy never fails the document)."""

    __tablename__ = "archival_copies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), unique=True, index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)  # ok, failed
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)  # under archival_dir
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    pdfa: Mapped[str] = mapped_column(String(8), default="2b")
    checked: Mapped[bool] = mapped_column(default=False)  # passed archival_check after writing
    reason: Mapped[str | None] = mapped_column(Text, default=None)  # why failed, for a person
    low_dpi_pages: Mapped[list | None] = mapped_column(JSON, default=None)  # pages < 200 dpi
    detail: Mapped[dict | None] = mapped_column(JSON, default=None)  # per-page method, check figures
    seconds: Mapped[float] = mapped_column(Float, default=0.0)  # writing + checking
    created_at: Mapped[datetime] = mapped_column(WallClock)



class UploadBatch(Base):
    """One upload of several files at once (lô tải lên): the web form, the API, or ``archive
    ingest --batch``. ``key`` groups the separate requests a page sends for one drop."""

    __tablename__ = "upload_batches"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    source: Mapped[str] = mapped_column(String(16))  # web, api, cli
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(WallClock, index=True)

    items: Mapped[list[BatchItem]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", order_by="BatchItem.id",
        passive_deletes=True)


class BatchItem(Base):
    """One file of a batch and what became of it at intake: ``added`` (a new document),
    ``duplicate`` (the same bytes were already archived: ``document_id`` is that document) or
    ``rejected`` (nothing stored; ``error`` says why). Its processing is the document's state."""

    __tablename__ = "batch_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("upload_batches.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(512))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), default=None, index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(WallClock)

    batch: Mapped[UploadBatch] = relationship(back_populates="items")


class DuplicateCandidate(Base):
    """A probable duplicate (có thể trùng): ``document_id`` was found, when processed, to carry
    the same number, issuer and date as the earlier ``other_id``. ``state``: ``pending``, then
    ``merged`` (``kept_id`` kept, the other withdrawn from search) or ``dismissed`` (both kept)."""

    __tablename__ = "duplicate_candidates"
    __table_args__ = (UniqueConstraint("document_id", "other_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                          index=True)
    basis: Mapped[str | None] = mapped_column(Text, default=None)  # what matched, for a person
    state: Mapped[str] = mapped_column(String(16), default="pending")
    kept_id: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(WallClock)
    decided_by: Mapped[str | None] = mapped_column(String(128), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(WallClock, default=None)


class DocumentProgress(Base):
    """How far the worker is with a document being processed (tiến độ): ``stage`` (``start``,
    ``pages``, ``metadata``) and pages read, ``page`` of ``pages``. Valid for the attempt it
    names only (``Document.attempts``); apart from the document's row, so that recording it
    changes nothing of the record."""

    __tablename__ = "document_progress"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    stage: Mapped[str] = mapped_column(String(16))
    page: Mapped[int | None] = mapped_column(Integer, default=None)
    pages: Mapped[int | None] = mapped_column(Integer, default=None)
    at: Mapped[datetime] = mapped_column(WallClock)


class WithdrawnDocument(Base):
    """A record withdrawn from search as a duplicate of ``merged_into`` (bản trùng đã gộp):
    its original, pages and history stay; the kept record lists it as another scan."""

    __tablename__ = "withdrawn_documents"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    merged_into: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(WallClock)
    by: Mapped[str] = mapped_column(String(128))


class IndexRequest(Base):
    """The search index's outbox: a document to index again (``update``), to remove
    (``delete``), or the whole index to check (``repair``) or rebuild (``rebuild``), for the
    one process that writes the index (``archive indexer``, when ARCHIVE_INDEXER is set).
    Rows are taken in id order and deleted once written."""

    __tablename__ = "index_outbox"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int | None] = mapped_column(Integer, default=None)  # no FK: deletes
    action: Mapped[str] = mapped_column(String(16))  # update, delete, repair, rebuild
    created_at: Mapped[datetime] = mapped_column(DateTime)
