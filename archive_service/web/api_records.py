"""The JSON API of phông, hồ sơ and filing under /api/v1 (tokens as in api.py).

Reading needs a token; changing needs the archivist or administrator role. Documents above the
caller's clearance are never listed (a hồ sơ says how many it holds that the caller may not
see, never which) and answer 404, as everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Flask, request

from archive_service.archival_fields import (
    DOCUMENT_FIELDS,
    FILE_FIELDS,
    FONDS_FIELDS,
    RecordError,
    retention_label,
)
from archive_service.filing import FileContents, FileSummary, Filing
from archive_service.models import DocumentArchival, FileRecord, Fonds
from archive_service.proposal import proposal_json, propose_files
from archive_service.record_aids import build_file_aid, build_fonds_aid
from archive_service.web.access import catalog, visible_document
from archive_service.web.api import _acc, _json, token_required
from archive_service.web.records import FORMATS, finding_aid_response
from archive_service.web.security import csrf

bp = Blueprint("api_records", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    csrf.exempt(bp)
    app.register_blueprint(bp)


def filing() -> Filing:
    return Filing(catalog())


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise RecordError("Nội dung phải là một đối tượng JSON.")
    return body


def fonds_json(fonds: Fonds) -> dict[str, Any]:
    return {"id": fonds.id, **{s.name: getattr(fonds, s.name) for s in FONDS_FIELDS},
            "created_at": fonds.created_at, "updated_at": fonds.updated_at}


def summary_json(summary: FileSummary) -> dict[str, Any]:
    return {"start_date": summary.start_date, "end_date": summary.end_date,
            "document_count": summary.document_count, "page_count": summary.page_count,
            "sheet_count": summary.sheet_count}


def file_json(record: FileRecord, summary: FileSummary) -> dict[str, Any]:
    return {"id": record.id, "fonds": record.fonds.code,
            **{s.name: getattr(record, s.name) for s in FILE_FIELDS},
            "retention": retention_label(record.retention_years), **summary_json(summary),
            "created_at": record.created_at, "updated_at": record.updated_at}


def archival_json(entry: DocumentArchival | None) -> dict[str, Any]:
    return {s.name: getattr(entry, s.name) if entry else None for s in DOCUMENT_FIELDS}


def contents_json(contents: FileContents) -> dict[str, Any]:
    return {"file": file_json(contents.record, contents.summary), "hidden": contents.hidden,
            "documents": [{"id": d.id, "position": d.position, "number": d.number,
                           "issued_date": d.issued_date, "doc_type": d.doc_type,
                           "subject": d.subject, "page_count": d.page_count, "status": d.state}
                          for d in contents.documents]}


# --- phông ---------------------------------------------------------------------------------

@bp.route("/fonds")
@token_required()
def list_fonds():
    """All phông (fonds).
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: FondsList}}}
        401: Error
    """
    return _json({"fonds": [fonds_json(f) for f in filing().list_fonds()]})


@bp.route("/fonds", methods=["POST"])
@token_required(write=True)
def create_fonds():
    """Create a phông (archivists).
    ---
    post:
      requestBody: {required: true, content: {application/json: {schema: FondsInput}}}
      responses:
        201: {description: Created, content: {application/json: {schema: Fonds}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    return _json(fonds_json(filing().create_fonds(_body(), by=_acc())), 201)


@bp.route("/fonds/<int:fonds_id>")
@token_required()
def get_fonds(fonds_id: int):
    """One phông with its hồ sơ.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: FondsWithFiles}}}
        401: Error
        404: Error
    """
    fonds = filing().get_fonds_by_id(fonds_id)
    files = filing().list_files(fonds.code)
    summaries = filing().summaries(files)
    return _json({**fonds_json(fonds), "files": [file_json(r, summaries[r.id]) for r in files]})


@bp.route("/fonds/<int:fonds_id>", methods=["PATCH"])
@token_required(write=True)
def patch_fonds(fonds_id: int):
    """Change fields of a phông (its code stays).
    ---
    patch:
      requestBody: {required: true, content: {application/json: {schema: FondsPatch}}}
      responses:
        200: {description: OK, content: {application/json: {schema: Fonds}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    fonds = filing().get_fonds_by_id(fonds_id)
    return _json(fonds_json(filing().update_fonds(fonds.code, _body(), by=_acc())))


@bp.route(f"/fonds/<int:fonds_id>/muc-luc.{FORMATS}")
@token_required()
def fonds_finding_aid(fonds_id: int, fmt: str):
    """The file list (mục lục hồ sơ) of a phông as .xlsx, .pdf or .csv.
    ---
    get:
      responses:
        200: FindingAid
        401: Error
        404: Error
    """
    fonds, aid = build_fonds_aid(catalog(), filing().get_fonds_by_id(fonds_id).code)
    return finding_aid_response(aid, f"muc-luc-ho-so-{fonds.code}", fmt)


# --- hồ sơ ---------------------------------------------------------------------------------

@bp.route("/files")
@token_required()
def list_files():
    """All hồ sơ (files), with the fields derived from their documents.
    ---
    get:
      parameters:
        - {name: fonds, in: query, required: false, schema: {type: string}, description: Mã phông}
      responses:
        200: {description: OK, content: {application/json: {schema: FileList}}}
        401: Error
        404: Error
        422: Error
    """
    files = filing().list_files(request.args.get("fonds") or None)
    summaries = filing().summaries(files)
    return _json({"files": [file_json(r, summaries[r.id]) for r in files]})


@bp.route("/files", methods=["POST"])
@token_required(write=True)
def create_file():
    """Create a hồ sơ in an open phông (archivists).
    ---
    post:
      requestBody: {required: true, content: {application/json: {schema: FileInput}}}
      responses:
        201: {description: Created, content: {application/json: {schema: File}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    body = _body()
    fonds = body.pop("fonds", None)
    if not isinstance(fonds, str):
        raise RecordError("Thiếu %(label)s.", label="Mã phông")
    record = filing().create_file(fonds, body, by=_acc())
    return _json(file_json(record, filing().summaries([record])[record.id]), 201)


@bp.route("/files/<int:file_id>")
@token_required()
def get_file(file_id: int):
    """One hồ sơ.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: File}}}
        401: Error
        404: Error
    """
    record = filing().get_file_by_id(file_id)
    return _json(file_json(record, filing().contents(record.code, _acc()).summary))


@bp.route("/files/<int:file_id>", methods=["PATCH"])
@token_required(write=True)
def patch_file(file_id: int):
    """Change fields of a hồ sơ (its code stays).
    ---
    patch:
      requestBody: {required: true, content: {application/json: {schema: FilePatch}}}
      responses:
        200: {description: OK, content: {application/json: {schema: File}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    record = filing().get_file_by_id(file_id)
    record = filing().update_file(record.code, _body(), by=_acc())
    return _json(file_json(record, filing().summaries([record])[record.id]))


@bp.route("/files/<int:file_id>/documents")
@token_required()
def file_documents(file_id: int):
    """The documents of a hồ sơ in order (those the caller may see; `hidden` counts the others).
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: FileContents}}}
        401: Error
        404: Error
    """
    record = filing().get_file_by_id(file_id)
    return _json(contents_json(filing().contents(record.code, _acc())))


@bp.route(f"/files/<int:file_id>/muc-luc.{FORMATS}")
@token_required()
def file_finding_aid(file_id: int, fmt: str):
    """The document list (mục lục văn bản) of a hồ sơ as .xlsx, .pdf or .csv: the documents
    the caller may see.
    ---
    get:
      responses:
        200: FindingAid
        401: Error
        404: Error
    """
    record, aid = build_file_aid(catalog(), filing().get_file_by_id(file_id).code, _acc())
    return finding_aid_response(aid, f"muc-luc-van-ban-{record.code}", fmt)


def _ids(body: dict[str, Any], key: str) -> list:
    ids = body.get(key)
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool)
                                            for i in ids):
        raise RecordError("«%(key)s» phải là một danh sách số văn bản.", key=key)
    return ids


def _position(body: dict[str, Any]) -> int | None:
    position = body.get("position")
    if position is None:
        return None
    if not isinstance(position, int) or isinstance(position, bool) or position < 1:
        raise RecordError("Số thứ tự không hợp lệ.")
    return position


@bp.route("/files/<int:file_id>/documents", methods=["POST"])
@token_required(write=True)
def add_documents(file_id: int):
    """File documents into the hồ sơ (moved from another one if filed there).
    ---
    post:
      requestBody: {required: true, content: {application/json: {schema: FilingInput}}}
      responses:
        200: {description: OK, content: {application/json: {schema: FileContents}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    record = filing().get_file_by_id(file_id)
    body = _body()
    filing().file_documents(_ids(body, "documents"), record.code, by=_acc(),
                            position=_position(body))
    return _json(contents_json(filing().contents(record.code, _acc())))


@bp.route("/files/<int:file_id>/documents", methods=["PUT"])
@token_required(write=True)
def order_documents(file_id: int):
    """New order of the documents the caller may see (`{"order": [ids]}`).
    ---
    put:
      requestBody: {required: true, content: {application/json: {schema: OrderInput}}}
      responses:
        200: {description: OK, content: {application/json: {schema: FileContents}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    record = filing().get_file_by_id(file_id)
    filing().reorder(record.code, _ids(_body(), "order"), by=_acc())
    return _json(contents_json(filing().contents(record.code, _acc())))


# --- one document ------------------------------------------------------------------------

def _document_filing(doc_id: int) -> dict[str, Any]:
    doc = visible_document(doc_id, _acc())
    entry = doc.archival
    record = entry.file if entry else None
    return {"document": doc.id,
            "file": None if record is None else {"id": record.id, "code": record.code,
                                                 "title": record.title,
                                                 "fonds": record.fonds.code},
            "position": entry.position if entry else None, "archival": archival_json(entry),
            "proposals": proposal_json(propose_files(catalog(), doc, _acc()))
            if _acc().can_edit else []}


@bp.route("/documents/<int:doc_id>/file")
@token_required()
def get_document_file(doc_id: int):
    """The hồ sơ of a document, its archival fields and (archivists) proposals.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: DocumentFiling}}}
        401: Error
        404: Error
    """
    return _json(_document_filing(doc_id))


@bp.route("/documents/<int:doc_id>/file", methods=["PUT"])
@token_required(write=True)
def put_document_file(doc_id: int):
    """File the document into a hồ sơ (accepting a proposal).

    The body is `{"file": code, "position": n}`; a document filed elsewhere is moved.
    ---
    put:
      requestBody: {required: true, content: {application/json: {schema: DocumentFileInput}}}
      responses:
        200: {description: OK, content: {application/json: {schema: DocumentFiling}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    doc = visible_document(doc_id, _acc())
    body = _body()
    code = body.get("file")
    if not isinstance(code, str):
        raise RecordError("Thiếu %(label)s.", label="Mã hồ sơ")
    filing().file_documents([doc.id], code, by=_acc(), position=_position(body))
    return _json(_document_filing(doc.id))


@bp.route("/documents/<int:doc_id>/file", methods=["DELETE"])
@token_required(write=True)
def delete_document_file(doc_id: int):
    """Take the document out of its hồ sơ (it stays in the archive).
    ---
    delete:
      responses:
        200: {description: OK, content: {application/json: {schema: DocumentFiling}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    doc = visible_document(doc_id, _acc())
    filing().unfile_documents([doc.id], by=_acc())
    return _json(_document_filing(doc.id))


@bp.route("/documents/<int:doc_id>/archival", methods=["PATCH"])
@token_required(write=True)
def patch_archival(doc_id: int):
    """Archival fields of the document (mã định danh, …).
    ---
    patch:
      requestBody: {required: true, content: {application/json: {schema: ArchivalPatch}}}
      responses:
        200: {description: OK, content: {application/json: {schema: DocumentFiling}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    doc = visible_document(doc_id, _acc())
    filing().set_document_fields(doc.id, _body(), by=_acc())
    return _json(_document_filing(doc.id))


# --- retention -----------------------------------------------------------------------------

@bp.route("/retention")
@token_required(write=True)
def retention():
    """Hồ sơ whose retention has ended (for the appraisal council); nothing is ever deleted.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: Retention}}}
        401: Error
        403: Error
    """
    today = date.today()
    return _json({"today": today, "files": [
        {**file_json(e.record, e.summary), "expired_on": e.expired_on}
        for e in filing().expired_files(today)]})
