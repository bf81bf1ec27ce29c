"""Where the phông/hồ sơ records and the archival copies plug into bags (issue 13).

Everything a bag holds besides the catalog's documents is listed here, so that the work done
in parallel (``archive_service/filing.py`` with migration 0004; the PDF/A archival copy with
migration 0005) joins by adding entries, without touching the export or import code:

* :data:`FILE_KINDS` — the files of one document put in a bag. Add
  ``archival_copy_files`` yielding ``ExportFile("archival_copy", <path of the copy>,
  "archival.pdf", in_dip=True)``, and register its restorer in :data:`RESTORERS` under the
  same role (a bag holding a role with no restorer is refused on import).
* :data:`RECORD_SETS` — record sets written beside the documents (``records/<name>.json``) and
  restored in the import's transaction: add ``RecordSet("fonds", …)`` and
  ``RecordSet("files", …)`` (phông, hồ sơ; a hồ sơ's documents by SHA-256 and position).
* :func:`archival_fields` — the document-level archival fields (mã định danh, số thứ tự trong
  hồ sơ, mức độ tiếp cận, …) written in each document's metadata JSON.
* :func:`select_by_records` — ``archive export --phong CODE`` / ``--hoso CODE``: the ids of
  the documents of a phông or a hồ sơ.
* :func:`finding_aids` — the mục lục written in the bag: today the document list of the
  exported documents; with the records, the file list of each phông and the document list
  of each hồ sơ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from archive_service.catalog import Catalog
from archive_service.errors import InputRejectedError
from archive_service.finding_aids import FindingAid, build_document_list, document_rows
from archive_service.models import Document

EXTENSIONS = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg", "tiff": ".tif", "webp": ".webp"}


@dataclass(frozen=True)
class ExportFile:
    """A file of one document to put in a bag, under ``documents/<id>/<name>``."""

    role: str  # original, page_image; archival_copy at merge
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
FILE_KINDS: list[FileKind] = [original_files, page_image_files]
# at merge: FILE_KINDS.append(archival_copy_files)


@dataclass(frozen=True)
class RestoreContext:
    """What a restorer of per-document files gets: the catalog, the open transaction, the
    document being restored (its id known) and the file in the unpacked bag."""

    catalog: Catalog
    session: Session
    document: Document
    source: Path
    name: str  # as named in the bag, e.g. "pages/2.jpg"


Restorer = Callable[[RestoreContext], Path | None]  # returns a file written (removed on failure)
RESTORERS: dict[str, Restorer] = {}  # role → restorer; "original" and "page_image" are built in


@dataclass(frozen=True)
class RecordSet:
    """Records travelling with the documents (phông, hồ sơ).

    ``build(catalog, documents)`` returns JSON-ready rows for the exported documents;
    ``restore(session, rows, ids)`` writes them in the import's transaction, ``ids`` mapping
    each document's SHA-256 to its id in this catalog.
    """

    name: str
    build: Callable[[Catalog, list[Document]], list[dict[str, Any]]]
    restore: Callable[[Session, list[dict[str, Any]], dict[str, int]], None]


RECORD_SETS: list[RecordSet] = []  # at merge: RecordSet("fonds", …), RecordSet("files", …)


def archival_fields(catalog: Catalog, doc: Document) -> dict[str, Any]:
    """The document's archival fields (Thông tư 05/2025); none until the records exist."""
    return {}


def select_by_records(catalog: Catalog, *, fonds: str | None, file: str | None) -> list[int]:
    """The documents of a phông or a hồ sơ (by code)."""
    raise InputRejectedError("Chưa có phông và hồ sơ trong kho này nên chưa xuất theo "
                             "--phong hay --hoso được; hãy dùng --query hoặc xuất tất cả.")


def finding_aids(catalog: Catalog, docs: list[Document]) -> list[tuple[str, FindingAid]]:
    """The mục lục to write in the bag, as (file stem, finding aid)."""
    return [("muc-luc-van-ban",
             build_document_list("Các văn bản trong gói", document_rows(docs)))]
