"""Mục lục of the records (issue 13): the file list (mục lục hồ sơ) of a phông and the
document list (mục lục văn bản) of a hồ sơ, built from the phông / hồ sơ records and their
documents. No Flask.

The derived values (thời gian bắt đầu – kết thúc, số tờ) follow :mod:`archive_service.filing`.
A hồ sơ's document list gives each document its số thứ tự and its tờ số in the whole hồ sơ;
documents the user may not see are left out, never named. :func:`bag_aids` builds the lists a
bag carries from the documents in the bag only. Rendering is :mod:`archive_service.finding_aids`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from archive_service.archival_fields import retention_label
from archive_service.catalog import Catalog, effective_metadata
from archive_service.classification import may_see
from archive_service.errors import InputRejectedError
from archive_service.filing import FileSummary, Filing, sheets_of, summarize
from archive_service.finding_aids import (
    DocumentRow,
    FileRow,
    FindingAid,
    build_document_list,
    build_file_list,
    render,
)
from archive_service.models import Document, DocumentArchival, FileRecord, Fonds
from archive_service.users import Account

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv",
}


def fonds_heading(fonds: Fonds) -> str:
    """The subtitle of a phông's file list: tên phông and mã phông."""
    return f"{fonds.name} (mã phông {fonds.code})"


def file_heading(record: FileRecord) -> str:
    """The subtitle of a hồ sơ's document list: mã hồ sơ and tiêu đề."""
    return f"{record.code} — {record.title}"


def file_row(number: int, record: FileRecord, summary: FileSummary) -> FileRow:
    """One hồ sơ in a phông's file list."""
    return FileRow(number, record.code, record.title, summary.start_date, summary.end_date,
                   summary.sheet_count, retention_label(record.retention_years),
                   record.notes or "")


def document_row(position: int, doc: Document, first_sheet: int) -> DocumentRow:
    """One document of a hồ sơ: số thứ tự, số và ký hiệu, ngày, tác giả, trích yếu, tờ số
    (from ``first_sheet``), ghi chú (its marks and the archivist's note)."""
    meta = effective_metadata(doc)
    sheets = max(1, sheets_of(doc))
    span = str(first_sheet) if sheets == 1 else f"{first_sheet}–{first_sheet + sheets - 1}"
    notes = [meta.get("confidentiality"), meta.get("urgency"),
             doc.archival.notes if doc.archival else None]
    return DocumentRow(position, meta.get("number") or "", meta.get("issued_date"),
                       meta.get("issuer") or "", meta.get("subject") or "", span,
                       "; ".join(str(n) for n in notes if n))


def document_rows_in_file(docs: Iterable[Document],
                          keep: Callable[[Document], bool]) -> list[DocumentRow]:
    """Rows for a hồ sơ's documents (all of them, in order): tờ số counts every document's
    sheets; only the documents ``keep`` accepts get a row."""
    rows, sheet = [], 1
    for n, doc in enumerate(docs, start=1):
        position = doc.archival.position if doc.archival and doc.archival.position else n
        if keep(doc):
            rows.append(document_row(position, doc, sheet))
        sheet += max(1, sheets_of(doc))
    return rows


def file_documents(s: Session, file_id: int) -> list[Document]:
    """Every document of a hồ sơ in order (số thứ tự), with what the rows read."""
    return list(s.scalars(
        select(Document).join(DocumentArchival, DocumentArchival.document_id == Document.id)
        .where(DocumentArchival.file_id == file_id)
        .order_by(DocumentArchival.position, Document.id)
        .options(selectinload(Document.fields), selectinload(Document.corrections),
                 selectinload(Document.archival))))


def build_fonds_aid(catalog: Catalog, fonds_code: str) -> tuple[Fonds, FindingAid]:
    """The mục lục hồ sơ of a phông: every hồ sơ, by code, with its derived fields."""
    filing = Filing(catalog)
    fonds = filing.get_fonds(fonds_code)
    records = filing.list_files(fonds.code)
    summaries = filing.summaries(records)
    rows = [file_row(n, r, summaries[r.id]) for n, r in enumerate(records, start=1)]
    return fonds, build_file_list(fonds_heading(fonds), rows)


def build_file_aid(catalog: Catalog, file_code: str, acc: Account) -> tuple[FileRecord, FindingAid]:
    """The mục lục văn bản of a hồ sơ as ``acc`` may see it (hidden documents left out)."""
    record = Filing(catalog).get_file(file_code)
    with catalog.db.session() as s:
        docs = file_documents(s, record.id)
    rows = document_rows_in_file(docs, lambda d: may_see(d, acc))
    return record, build_document_list(file_heading(record), rows)


def filed_records(catalog: Catalog, docs: list[Document], whole: bool) -> list[FileRecord]:
    """The hồ sơ the documents are filed in (every hồ sơ when ``whole``), by code."""
    if whole:
        with catalog.db.session() as s:
            return list(s.scalars(select(FileRecord).order_by(FileRecord.code)))
    records = {d.archival.file.id: d.archival.file for d in docs
               if d.archival is not None and d.archival.file is not None}
    return sorted(records.values(), key=lambda r: r.code)


def bag_aids(catalog: Catalog, docs: list[Document], whole: bool = False
             ) -> list[tuple[str, FindingAid]]:
    """The lists of the records a bag holds (documents loaded with ``archival``): per phông,
    its hồ sơ in the bag (derived fields from the bag's documents); per hồ sơ, its documents in
    the bag, numbered as in the whole hồ sơ. ``whole``: every hồ sơ, even empty. Stems
    ``muc-luc-ho-so-<mã phông>`` and ``muc-luc-van-ban-<mã hồ sơ>``."""
    in_bag = {d.id for d in docs}
    by_file: dict[int, list[Document]] = {}
    for doc in docs:
        if doc.archival is not None and doc.archival.file is not None:
            by_file.setdefault(doc.archival.file.id, []).append(doc)
    records = filed_records(catalog, docs, whole)
    by_fonds: dict[str, list[FileRecord]] = {}
    for record in records:
        by_fonds.setdefault(record.fonds.code, []).append(record)
    out = []
    for code in sorted(by_fonds):
        files = by_fonds[code]
        rows = [file_row(n, r, summarize(by_file.get(r.id, [])))
                for n, r in enumerate(files, start=1)]
        out.append((f"muc-luc-ho-so-{code}", build_file_list(fonds_heading(files[0].fonds), rows)))
    with catalog.db.session() as s:
        for record in records:
            rows = document_rows_in_file(file_documents(s, record.id), lambda d: d.id in in_bag)
            out.append((f"muc-luc-van-ban-{record.code}",
                        build_document_list(file_heading(record), rows)))
    return out


def build_selected_aid(catalog: Catalog, *, query: str | None, fonds: str | None,
                       file: str | None, acc: Account) -> FindingAid:
    """What ``archive muc-luc`` writes: the file list of a phông, the document list of a hồ
    sơ, or the document list of every document (or of a search) that ``acc`` may see."""
    from archive_service.bags import Selection, load_documents, select_document_ids
    from archive_service.finding_aids import document_rows

    if sum(bool(x) for x in (query, fonds, file)) > 1:
        raise InputRejectedError("Chọn một trong --phong, --hoso hoặc --query.")
    if fonds:
        return build_fonds_aid(catalog, fonds)[1]
    if file:
        return build_file_aid(catalog, file, acc)[1]
    docs = load_documents(catalog, select_document_ids(catalog, Selection(query)))
    title = f"Kết quả tìm «{query}»" if query else "Tất cả văn bản"
    return build_document_list(title, document_rows(d for d in docs if may_see(d, acc)))


def render_bytes(aid: FindingAid, fmt: str) -> bytes:
    """The finding aid as an .xlsx, .pdf or .csv file's bytes (for a download)."""
    if fmt not in MEDIA_TYPES:
        raise InputRejectedError("Mục lục chỉ xuất ra được .xlsx, .pdf hoặc .csv.")
    with tempfile.TemporaryDirectory(prefix="muc-luc-") as tmp:
        path = render(aid, Path(tmp) / f"muc-luc.{fmt}")
        return path.read_bytes()
