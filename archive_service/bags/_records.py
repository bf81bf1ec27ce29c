"""The phông and hồ sơ records in a bag (``records/fonds.json``, ``records/files.json``) and
each document's filing in its ``metadata.json`` (``archival``): built on export, checked whole
before an import changes anything, restored in the import's transaction.

Records already held are matched by code and kept as they are (never duplicated, never
overwritten); a document already filed here stays where it is; archival fields a document
already has are kept, the missing ones are filled from the bag.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive_service.archival_fields import (
    DOCUMENT_FIELDS,
    FILE_FIELDS,
    FONDS_FIELDS,
    FieldSpec,
    RecordError,
)
from archive_service.archival_fields import parse_values as parse_fields
from archive_service.bags._format import iso, parse_time, reject
from archive_service.catalog import Catalog, now
from archive_service.models import AuditEntry, Document, DocumentArchival, FileRecord, Fonds
from archive_service.record_aids import filed_records

MAX_POSITION = 10**6


def _fields(specs: tuple[FieldSpec, ...], row: Any) -> dict[str, Any]:
    return {s.name: getattr(row, s.name) for s in specs}


# --- export -----------------------------------------------------------------------------------

def build_fonds(catalog: Catalog, docs: list[Document], whole: bool) -> list[dict[str, Any]]:
    """The phông of the hồ sơ the exported documents are in (every phông when ``whole``)."""
    if whole:
        with catalog.db.session() as s:
            fonds = {f.code: f for f in s.scalars(select(Fonds))}
    else:
        fonds = {r.fonds.code: r.fonds for r in filed_records(catalog, docs, whole)}
    return [{**_fields(FONDS_FIELDS, f), "created_at": iso(f.created_at),
             "updated_at": iso(f.updated_at)} for _code, f in sorted(fonds.items())]


def build_files(catalog: Catalog, docs: list[Document], whole: bool) -> list[dict[str, Any]]:
    """The hồ sơ the exported documents are in (their documents travel in each document's
    ``archival`` block)."""
    return [{"fonds": r.fonds.code, **_fields(FILE_FIELDS, r), "created_at": iso(r.created_at),
             "updated_at": iso(r.updated_at)} for r in filed_records(catalog, docs, whole)]


def document_archival(doc: Document) -> dict[str, Any]:
    """A document's filing and archival fields (empty when it has none)."""
    entry = doc.archival
    if entry is None:
        return {}
    record = entry.file
    return {"fonds": record.fonds.code if record else None, "file": record.code if record else None,
            "position": entry.position if record else None, **_fields(DOCUMENT_FIELDS, entry),
            "filed_at": iso(entry.filed_at) if record else None,
            "filed_by": entry.filed_by if record else None}


# --- checks (nothing changed yet) -------------------------------------------------------------

def _parse(specs: tuple[FieldSpec, ...], row: Any, what: str, extra: tuple[str, ...]) -> dict:
    """A row of the bag's records as the catalog would store it; BagRejectedError otherwise."""
    if not isinstance(row, dict):
        raise reject(f"{what} trong gói bị hỏng.")
    unknown = set(row) - {s.name for s in specs} - set(extra)
    if unknown:
        raise reject(f"{what} có trường lạ: {', '.join(sorted(map(str, unknown)))[:80]}.")
    try:
        values = parse_fields(specs, {s.name: row.get(s.name) for s in specs})
    except RecordError as exc:
        raise reject(f"{what}: {exc}") from None
    for key in ("created_at", "updated_at", "filed_at"):
        if key in extra:
            values[key] = parse_time(row.get(key), f"{what} ({key})")
    return values


def check_fonds(rows: Any) -> dict[str, dict[str, Any]]:
    """The bag's phông by code."""
    if not isinstance(rows, list):
        raise reject("danh sách phông trong gói bị hỏng.")
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        values = _parse(FONDS_FIELDS, row, "Một phông", ("created_at", "updated_at"))
        if values["code"] in out:
            raise reject(f"phông {values['code']} có mặt hai lần trong gói.")
        values["status"] = values.get("status") or "open"
        out[values["code"]] = values
    return out


def check_files(rows: Any, fonds: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The bag's hồ sơ by code; each in a phông of the bag."""
    if not isinstance(rows, list):
        raise reject("danh sách hồ sơ trong gói bị hỏng.")
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        values = _parse(FILE_FIELDS, row, "Một hồ sơ", ("fonds", "created_at", "updated_at"))
        code = values["code"]
        if not isinstance(row.get("fonds"), str) or row["fonds"] not in fonds:
            raise reject(f"hồ sơ {code} thuộc một phông không có trong gói.")
        if code in out:
            raise reject(f"hồ sơ {code} có mặt hai lần trong gói.")
        out[code] = {**values, "fonds": row["fonds"]}
    return out


def check_archival(block: Any, files: dict[str, dict[str, Any]], sha256: str) -> dict[str, Any]:
    """One document's ``archival`` block: its fields, and a hồ sơ of the bag with a position."""
    what = f"Thông tin lưu trữ của văn bản {sha256[:12]}…"
    if block in (None, {}):
        return {}
    values = _parse(DOCUMENT_FIELDS, block, what,
                    ("fonds", "file", "position", "filed_at", "filed_by"))
    file_code, position = block.get("file"), block.get("position")
    if file_code is not None:
        if not isinstance(file_code, str) or file_code not in files \
                or block.get("fonds") != files[file_code]["fonds"]:
            raise reject(f"{what}: hồ sơ {str(file_code)[:64]} không có trong gói.")
        if position is not None and (not isinstance(position, int) or isinstance(position, bool)
                                     or not 1 <= position <= MAX_POSITION):
            raise reject(f"{what}: số thứ tự trong hồ sơ không hợp lệ.")  # None: at the end
        filed_by = block.get("filed_by")
        if filed_by is not None and (not isinstance(filed_by, str) or len(filed_by) > 128):
            raise reject(f"{what}: người lập hồ sơ không hợp lệ.")
        values.update(file=file_code, position=position, filed_by=filed_by)
    return values


def check_records(records: dict[str, Any], documents: list[Any]) -> dict[str, Any]:
    """Every record set and archival block of a bag, parsed; raises BagRejectedError.
    ``documents``: the planned documents (``data["archival"]``, ``sha256``)."""
    fonds = check_fonds(records.get("fonds", []))
    files = check_files(records.get("files", []), fonds)
    archival = {d.sha256: check_archival(d.data.get("archival"), files, d.sha256)
                for d in documents}
    return {"fonds": fonds, "files": files, "archival": archival}


# --- restore (inside the import's transaction) ------------------------------------------------

def _audit(user: str, action: str, doc_id: int | None, detail: str) -> AuditEntry:
    return AuditEntry(at=now(), user=user, action=action, document_id=doc_id, detail=detail[:500])


def restore_fonds(s: Session, rows: dict[str, dict[str, Any]], user: str) -> int:
    """Add the bag's phông not held here (matched by code); returns how many were added."""
    added = 0
    for code, values in rows.items():
        if s.scalar(select(Fonds.id).where(Fonds.code == code)) is not None:
            continue
        data = {k: v for k, v in values.items() if k not in ("created_at", "updated_at")}
        s.add(Fonds(**data, created_at=values["created_at"] or now(),
                    updated_at=values["updated_at"] or now()))
        s.add(_audit(user, "fonds_create", None, f"{code}: {values['name']} (từ gói)"))
        added += 1
    s.flush()
    return added


def restore_files(s: Session, rows: dict[str, dict[str, Any]], user: str) -> int:
    """Add the bag's hồ sơ not held here (matched by code) to their phông (by code)."""
    added = 0
    for code, values in rows.items():
        if s.scalar(select(FileRecord.id).where(FileRecord.code == code)) is not None:
            continue
        fonds = s.scalar(select(Fonds).where(Fonds.code == values["fonds"]))
        if fonds is None:  # check_files saw it in the bag, restore_fonds added it
            raise reject(f"hồ sơ {code} thuộc một phông không có trong gói.")
        data = {k: v for k, v in values.items() if k not in ("created_at", "updated_at", "fonds")}
        s.add(FileRecord(**data, fonds_id=fonds.id, created_at=values["created_at"] or now(),
                         updated_at=values["updated_at"] or now()))
        s.add(_audit(user, "file_create", None, f"{code} ({fonds.code}): {values['title']} "
                                                 "(từ gói)"))
        added += 1
    s.flush()
    return added


def restore_archival(s: Session, blocks: dict[int, dict[str, Any]], user: str) -> list[int]:
    """Each document's archival fields (the missing ones) and filing (when it is not filed
    here yet); the hồ sơ touched are renumbered 1, 2, 3… keeping the order of the documents
    already there and putting the bag's at their positions. Returns the documents filed."""
    filed: list[int] = []
    touched: set[int] = set()
    for doc_id, values in sorted(blocks.items()):
        if not values:
            continue
        entry = s.get(DocumentArchival, doc_id)
        if entry is None:
            entry = DocumentArchival(document_id=doc_id)
            s.add(entry)
        for spec in DOCUMENT_FIELDS:
            if getattr(entry, spec.name) is None and values.get(spec.name) is not None:
                setattr(entry, spec.name, values[spec.name])
        if values.get("file") and entry.file_id is None:
            record = s.scalar(select(FileRecord).where(FileRecord.code == values["file"]))
            entry.file_id, entry.position = record.id, values["position"]
            entry.filed_at = values.get("filed_at") or now()
            entry.filed_by = values.get("filed_by") or user
            s.add(_audit(user, "file", doc_id, f"{record.code} (từ gói)"))
            filed.append(doc_id)
            touched.add(record.id)
    s.flush()
    for file_id in touched:
        _renumber(s, file_id, set(filed))
    return filed


def _renumber(s: Session, file_id: int, from_bag: set[int]) -> None:
    """Positions 1, 2, 3… in a hồ sơ: by position, the documents held before first on a tie."""
    entries = list(s.scalars(select(DocumentArchival).where(DocumentArchival.file_id == file_id)))
    entries.sort(key=lambda e: (e.position or MAX_POSITION, e.document_id in from_bag,
                                e.document_id))
    for position, entry in enumerate(entries, start=1):
        entry.position = position
    s.flush()
