"""``archive export``: documents, their metadata, records and mục lục as a BagIt bag.

The bag is built in a temporary sibling of DEST (``.<name>.partial-…``), validated (BagIt
checksums and our own manifest), then renamed to DEST in one step: an export that fails or is
killed never leaves anything at DEST.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bagit
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from archive_service import __version__
from archive_service.bags import extensions
from archive_service.bags._format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    document_json,
)
from archive_service.catalog import Catalog, now
from archive_service.classification import may_see
from archive_service.errors import (
    DamagedOriginalError,
    InputRejectedError,
    NotFoundError,
    SearchUnavailableError,
)
from archive_service.errors import QueryError as SearchQueryError
from archive_service.finding_aids import render_csv, render_xlsx
from archive_service.models import AuditEntry, Document
from archive_service.storage import CHUNK
from archive_service.users import Account

log = logging.getLogger(__name__)
logging.getLogger("bagit").setLevel(logging.ERROR)  # one line per file at INFO otherwise

PUBLIC = Account(0, "công chúng", "staff", 0)  # a request with no user: public documents only
SEARCH_PAGE = 200


@dataclass(frozen=True)
class Selection:
    """Which documents to export: a search query, a phông or a hồ sơ (by code), or all."""

    query: str | None = None
    fonds: str | None = None  # --phong
    file: str | None = None  # --hoso

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "phong": self.fonds, "hoso": self.file}


@dataclass
class ExportResult:
    """What went into the bag: the documents' ids, and how many were left out for clearance."""

    dest: Path
    package: str  # AIP (everything) or DIP (copies only)
    ids: list[int] = field(default_factory=list)
    withheld: int = 0
    leftovers: list[Path] = field(default_factory=list)  # of earlier exports, killed


def check_destination(dest: Path) -> Path:
    """DEST must not exist and its folder must: otherwise a clear message, nothing written."""
    dest = Path(os.path.abspath(dest))
    if dest.exists() or dest.is_symlink():
        raise InputRejectedError(f"Nơi xuất {dest.name} đã có: hãy chọn một tên chưa dùng "
                                 "(không ghi đè lên gói hay thư mục có sẵn).")
    if not dest.parent.is_dir():
        raise NotFoundError(f"Không có thư mục {dest.parent} để ghi gói vào.")
    return dest


def _search_ids(catalog: Catalog, query: str) -> list[int]:
    """Every document the query finds (all pages of results), in the order found."""
    from archive_service import indexing
    from index import QueryError, SearchIndexError, SearchRequest

    ids: list[int] = []
    page = 1
    try:
        index = indexing.open_index(catalog)
        indexing.ensure_index(catalog)
        while True:
            request = SearchRequest(q=query, page=page, per_page=SEARCH_PAGE, clearance=3,
                                    facets=False, snippets=False, suggest=False)
            results = index.search(request)
            ids.extend(int(h.id) for h in results.hits)
            if not results.hits or page * SEARCH_PAGE >= results.total:
                return ids
            page += 1
    except QueryError as exc:
        raise SearchQueryError(f"Lỗi cú pháp tìm kiếm: {exc}") from exc
    except SearchIndexError as exc:
        raise SearchUnavailableError(f"Không dùng được chỉ mục tìm kiếm lúc này ({exc}); hãy "
                                     "thử lại sau hoặc chạy `archive reindex --full`.") from exc


def select_document_ids(catalog: Catalog, selection: Selection) -> list[int]:
    """The ids chosen by ``selection`` (all documents when it is empty; a phông or hồ sơ and a
    query: the documents of both), oldest first."""
    if selection.fonds or selection.file:
        ids = extensions.select_by_records(catalog, fonds=selection.fonds, file=selection.file)
        if selection.query:
            ids = set(ids) & set(_search_ids(catalog, selection.query))
    elif selection.query:
        ids = _search_ids(catalog, selection.query)
    else:
        with catalog.db.session() as s:
            ids = list(s.scalars(select(Document.id)))
    return sorted(set(ids))


def load_documents(catalog: Catalog, ids: list[int]) -> list[Document]:
    """Documents with their pages, fields, corrections and archival row (its hồ sơ and
    phông), oldest first."""
    with catalog.db.session() as s:
        return list(s.scalars(select(Document).where(Document.id.in_(ids))
                              .order_by(Document.id).options(
            selectinload(Document.pages), selectinload(Document.fields),
            selectinload(Document.corrections), selectinload(Document.archival))))


def _copy_checked(source: Path, target: Path, sha256: str | None, doc: Document,
                  what: str = "Bản gốc") -> str:
    """Copy a file, hashing it on the way; a stored file that no longer matches its SHA-256 is
    not exported (exit code 6)."""
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with source.open("rb") as src, target.open("wb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except FileNotFoundError:
        raise DamagedOriginalError(f"Tệp của văn bản #{doc.id} bị mất khỏi kho: chưa xuất được "
                                   "(chạy `archive check`).") from None
    if sha256 and digest.hexdigest() != sha256:
        raise DamagedOriginalError(f"{what} của văn bản #{doc.id} không còn khớp mã SHA-256: "
                                   "chưa xuất được (chạy `archive check`).")
    return digest.hexdigest()


def _write_document(catalog: Catalog, root: Path, doc: Document, copies_only: bool) -> dict:
    """One document's files and metadata under ``documents/<id>/``; its manifest entry."""
    folder = f"documents/{doc.id:06d}"
    files: list[dict[str, str]] = []
    for kind in extensions.FILE_KINDS:
        for item in kind(catalog, doc):
            if copies_only and not item.in_dip:
                continue
            rel = f"{folder}/{item.name}"
            what = "Bản gốc" if item.role == "original" else f"Tệp {item.name}"
            sha = _copy_checked(item.source, root / rel, item.sha256, doc, what)
            files.append({"role": item.role, "path": rel, "sha256": sha})
    data = document_json(doc, files, extensions.archival_fields(catalog, doc))
    for name, build in extensions.DOCUMENT_BLOCKS.items():
        data[name] = build(catalog, doc)
    meta_rel = f"{folder}/metadata.json"
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / meta_rel).write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str),
                                 encoding="utf-8")
    return {"id": doc.id, "sha256": doc.sha256, "metadata": meta_rel, "files": files}


def _write_payload(catalog: Catalog, root: Path, docs: list[Document], *, copies_only: bool,
                   selection: Selection, user: str, withheld: int,
                   whole: bool = False) -> dict[str, Any]:
    """Documents, record sets, mục lục and our manifest, in ``root`` (before bagging).
    ``whole``: the whole archive, so every phông and hồ sơ (even empty) travels."""
    entries = [_write_document(catalog, root, doc, copies_only) for doc in docs]
    record_sets = []
    for record_set in extensions.RECORD_SETS:
        rel = f"records/{record_set.name}.json"
        (root / "records").mkdir(exist_ok=True)
        rows = record_set.build(catalog, docs, whole)
        (root / rel).write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=str),
                                encoding="utf-8")
        record_sets.append({"name": record_set.name, "path": rel})
    aids = []
    (root / "muc-luc").mkdir()
    for stem, aid in extensions.finding_aids(catalog, docs, whole):
        for ext, render in ((".xlsx", render_xlsx), (".csv", render_csv)):
            render(aid, root / "muc-luc" / f"{stem}{ext}")
            aids.append(f"muc-luc/{stem}{ext}")
    manifest = {"format": FORMAT, "version": FORMAT_VERSION,
                "package": "DIP" if copies_only else "AIP", "created_at": now().isoformat(),
                "created_by": user, "selection": selection.to_dict(), "withheld": withheld,
                "documents": entries, "record_sets": record_sets, "finding_aids": aids}
    (root / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                 encoding="utf-8")
    return manifest


def export_bag(catalog: Catalog, dest: Path, *, selection: Selection = Selection(),
               copies_only: bool = False, requester: Account | None = None,
               user: str = "cli") -> ExportResult:
    """Write the selected documents as a bag at ``dest`` (which must not exist).

    ``copies_only`` makes a dissemination package (no originals) for ``requester`` (the public
    when None): documents they may not see are left out and only counted. A full export with a
    ``requester`` is limited the same way.
    """
    from archive_service.bags._import import check_bag

    dest = check_destination(dest)
    docs = load_documents(catalog, select_document_ids(catalog, selection))
    viewer = requester or (PUBLIC if copies_only else None)
    visible = [d for d in docs if viewer is None or may_see(d, viewer)]
    result = ExportResult(dest, "DIP" if copies_only else "AIP", [d.id for d in visible],
                          len(docs) - len(visible))
    try:
        tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.partial-"))
    except PermissionError:
        raise InputRejectedError(f"Không được ghi vào thư mục {dest.parent}.") from None
    try:
        os.chmod(tmp, 0o755)  # make_bag gives data/ the same mode
        _write_payload(catalog, tmp, visible, copies_only=copies_only, selection=selection,
                       user=user, withheld=result.withheld,
                       whole=viewer is None and selection == Selection())
        bagit.make_bag(str(tmp), _bag_info(result, dest), checksums=["sha256"])
        check_bag(tmp)  # BagIt checksums and completeness, then our manifest
        if dest.exists():
            raise InputRejectedError(f"Nơi xuất {dest.name} vừa được tạo bởi tiến trình khác.")
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _audit(catalog, result, user)
    result.leftovers = sorted(dest.parent.glob(f".{dest.name}.partial-*"))
    return result


def _bag_info(result: ExportResult, dest: Path) -> dict[str, str]:
    kind = ("gói thông tin khai thác (DIP, chỉ bản sao)" if result.package == "DIP"
            else "gói thông tin lưu trữ (AIP, có bản gốc)")
    return {"Source-Organization": "Kho lưu trữ văn bản",
            "External-Description": f"{len(result.ids)} văn bản; {kind}",
            "External-Identifier": dest.name,
            "Bag-Software-Agent": f"archive-service {__version__}",
            "Package-Type": result.package}


def _audit(catalog: Catalog, result: ExportResult, user: str) -> None:
    with catalog.db.session() as s:
        at = now()
        for doc_id in result.ids:
            s.add(AuditEntry(at=at, user=user, action="export", document_id=doc_id,
                             detail=f"{result.package} {result.dest.name}"[:500]))
        s.add(AuditEntry(at=at, user=user, action="export", document_id=None,
                         detail=f"{result.package} {result.dest.name}: {len(result.ids)} văn "
                                f"bản, {result.withheld} không được xem"[:500]))
