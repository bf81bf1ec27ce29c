"""Where the phông/hồ sơ records and the archival copies plug into bags (issue 13).

Everything a bag holds besides the catalog's documents is listed here, so that the work done
in parallel (``archive_service/filing.py`` with migration 0004; the PDF/A archival copy with
migration 0005) joins by adding entries, without touching the export or import code:

* :data:`FILE_KINDS` — the files of one document put in a bag: the original, the page
  images and the archival PDF/A copy (``archival.pdf``, in a DIP too; ``bags/_copies.py``).
  Each role but the built-in ones has its restorer in :data:`RESTORERS` (a bag holding a role
  with no restorer is refused on import).
* :data:`DOCUMENT_BLOCKS` — blocks added to each document's metadata JSON, which restorers
  read (:attr:`RestoreContext.data`): ``archival_copy``, the copy's record.
* :data:`RECORD_SETS` — record sets written beside the documents (``records/<name>.json``),
  checked whole on import (:func:`check_records`) and restored in the import's transaction:
  ``fonds`` (phông) and ``files`` (hồ sơ) of the exported documents (``bags/_records.py``).
* :func:`archival_fields` — each document's filing (phông, hồ sơ, số thứ tự) and archival
  fields (mã định danh, mức độ tiếp cận, …) in its metadata JSON; :func:`restore_archival`
  writes them back.
* :func:`select_by_records` — ``archive export --phong CODE`` / ``--hoso CODE``: the ids of
  the documents of a phông or a hồ sơ.
* :func:`finding_aids` — the mục lục written in the bag: the document list of the exported
  documents, the file list of each phông and the document list of each hồ sơ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive_service.bags import _copies, _records
from archive_service.catalog import Catalog
from archive_service.errors import InputRejectedError
from archive_service.finding_aids import FindingAid, build_document_list, document_rows
from archive_service.models import Document, DocumentArchival, FileRecord

EXTENSIONS = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg", "tiff": ".tif", "webp": ".webp"}


@dataclass(frozen=True)
class ExportFile:
    """A file of one document to put in a bag, under ``documents/<id>/<name>``."""

    role: str  # original, page_image, archival_copy
    source: Path
    name: str
    in_dip: bool  # also in a copies-only bag (dissemination package)
    sha256: str | None = None  # checked while copying when known


def original_files(catalog: Catalog, doc: Document) -> Iterator[ExportFile]:
    """The original as uploaded (never in a copies-only bag)."""
    ext = EXTENSIONS.get(doc.kind, ".bin")
    yield ExportFile("original", catalog.store.path_for(doc.sha256), f"original{ext}", False,
                     doc.sha256)


def page_image_files(catalog: Catalog, doc: Document) -> Iterator[ExportFile]:
    """The upright page images of the viewer (a readable copy until the PDF/A copy exists)."""
    root = catalog.config.pages_dir
    for page in doc.pages:
        if page.image and (root / page.image).is_file():
            yield ExportFile("page_image", root / page.image, f"pages/{page.number}.jpg", True)


FileKind = Callable[[Catalog, Document], Iterable[ExportFile]]
FILE_KINDS: list[FileKind] = [original_files, page_image_files, _copies.archival_copy_files]

DocumentBlock = Callable[[Catalog, Document], Any]  # JSON-ready, or None
DOCUMENT_BLOCKS: dict[str, DocumentBlock] = {"archival_copy": _copies.copy_block}


@dataclass(frozen=True)
class RestoreContext:
    """What a restorer of per-document files gets: the catalog, the open transaction, the
    document being restored (its id known) and the file in the unpacked bag."""

    catalog: Catalog
    session: Session
    document: Document
    source: Path
    name: str  # as named in the bag, e.g. "pages/2.jpg"
    data: dict[str, Any] = field(default_factory=dict)  # the document's metadata JSON


Restorer = Callable[[RestoreContext], Path | None]  # returns a file written (removed on failure)
RESTORERS: dict[str, Restorer] = {  # role → restorer; "original" and "page_image" are built in
    _copies.ROLE: _copies.restore_copy,
}


@dataclass(frozen=True)
class RecordSet:
    """Records travelling with the documents (phông, hồ sơ).

    ``build(catalog, documents, whole)`` returns JSON-ready rows for the exported documents
    (``whole``: an export of the whole archive, where every record travels, even empty). On
    import, :func:`check_records` parses every set whole before anything changes;
    ``restore(session, parsed, user)`` then writes the parsed rows in the import's transaction
    (records held here matched by code) and returns how many it added.
    """

    name: str
    build: Callable[[Catalog, list[Document], bool], list[dict[str, Any]]]
    restore: Callable[[Session, dict[str, dict[str, Any]], str], int]


RECORD_SETS: list[RecordSet] = [
    RecordSet("fonds", _records.build_fonds, _records.restore_fonds),  # phông
    RecordSet("files", _records.build_files, _records.restore_files),  # hồ sơ
]


def archival_fields(catalog: Catalog, doc: Document) -> dict[str, Any]:
    """The document's filing (mã phông, mã hồ sơ, số thứ tự) and archival fields (Thông tư
    05/2025), for its metadata JSON; ``doc`` loaded with ``archival``."""
    return _records.document_archival(doc)


def check_records(records: dict[str, Any], documents: list[Any]) -> dict[str, Any]:
    """A bag's record sets and each document's archival block, parsed (``{"fonds": {code:
    values}, "files": {code: values}, "archival": {sha256: values}}``); BagRejectedError when
    any is malformed or inconsistent (a hồ sơ of an absent phông, a document filed in an
    absent hồ sơ)."""
    return _records.check_records(records, documents)


def restore_archival(session: Session, blocks: dict[int, dict[str, Any]], user: str) -> list[int]:
    """Write the parsed archival blocks (by document id here); the ids of documents filed."""
    return _records.restore_archival(session, blocks, user)


def select_by_records(catalog: Catalog, *, fonds: str | None, file: str | None) -> list[int]:
    """The documents of a phông and/or a hồ sơ (by code; an unknown code is refused)."""
    from archive_service.filing import Filing

    with catalog.db.session() as s:
        query = select(DocumentArchival.document_id).join(
            FileRecord, FileRecord.id == DocumentArchival.file_id)
        phong = Filing._fonds(s, fonds) if fonds else None  # noqa: SLF001 - same messages
        if phong is not None:
            query = query.where(FileRecord.fonds_id == phong.id)
        if file:
            record = Filing._file(s, file)  # noqa: SLF001
            if phong is not None and record.fonds_id != phong.id:
                raise InputRejectedError(f"Hồ sơ «{record.code}» không thuộc phông "
                                         f"«{phong.code}».")
            query = query.where(DocumentArchival.file_id == record.id)
        return list(s.scalars(query))


def finding_aids(catalog: Catalog, docs: list[Document],
                 whole: bool = False) -> list[tuple[str, FindingAid]]:
    """The mục lục to write in the bag, as (file stem, finding aid): the document list of
    every exported document, then the file list of each phông and the document list of each
    hồ sơ they are filed in (every phông and hồ sơ when ``whole``; see
    :func:`archive_service.record_aids.bag_aids`)."""
    from archive_service.record_aids import bag_aids

    return [("muc-luc-van-ban",
             build_document_list("Các văn bản trong gói", document_rows(docs))),
            *bag_aids(catalog, docs, whole)]
