"""The JSON API under /api/v1 (a stable contract), with ``Authorization: Bearer <token>``.

Tokens come from ``archive token create USER`` or the administration page. The same
rules as the pages apply: roles for writes, clearance for everything (hidden is 404).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request

from archive_service.catalog import document_json, effective_metadata
from archive_service.classification import visible_documents
from archive_service.errors import InputRejectedError
from archive_service.models import STATES
from archive_service.users import Users
from archive_service.web import documents, openapi
from archive_service.web.access import audit, catalog, visible_document
from archive_service.web.related import related_json
from archive_service.web.search import build_request, run_search
from archive_service.web.security import csrf
from archive_service.web.status import index_outbox, status_data
from archive_service.web.upload import add_upload, open_batch

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    csrf.exempt(bp)
    app.register_blueprint(bp)


def _json(data: Any, status: int = 200) -> Response:
    def default(value: Any) -> str:
        if isinstance(value, datetime | date):
            return value.isoformat()
        return str(value)

    body = json.dumps(data, ensure_ascii=False, default=default)
    return Response(body, status=status, mimetype="application/json")


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="archive"'
    return response


def token_required(write: bool = False):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _sep, token = header.partition(" ")
            acc = Users(catalog()).by_token(token.strip()) if scheme.lower() == "bearer" else None
            if acc is None:
                return _error(401, "Thiếu hoặc sai mã truy cập (Authorization: Bearer …).")
            if write and not acc.can_edit:
                return _error(403, "Tài khoản này không có quyền thay đổi dữ liệu.")
            g.api_account = acc
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _acc():
    return g.api_account


@bp.route("/openapi.json")
def openapi_document():
    """This API's OpenAPI document, generated once from the views' docstrings."""
    document = current_app.extensions.get("archive_openapi")
    if document is None:
        document = current_app.extensions["archive_openapi"] = openapi.build_document(current_app)
    return _json(document)


@bp.route("/documents", methods=["POST"])
@token_required(write=True)
def create_document():
    """Upload a file (PDF, TIFF, PNG, JPEG, WebP) and queue it.
    ---
    post:
      requestBody:
        required: true
        content: {multipart/form-data: {schema: Upload}}
      responses:
        202:
          description: Accepted (queued, or already in the archive)
          content: {application/json: {schema: Accepted}}
        400: Error
        401: Error
        403: Error
        409:
          description: Already in the archive as a document this user may not see (its id is
            not given)
          content: {application/json: {schema: Error}}
        413: Error
        422: Error
        507: DiskFull
    """
    storage = request.files.get("file")
    if storage is None or not storage.filename:
        return _error(400, "Thiếu tệp: gửi multipart/form-data với trường «file».")
    # files sent with the same ``batch_key`` form one upload batch (GET /batches/{id})
    batch = open_batch(_acc(), "api") if request.form.get("batch_key", "").strip() else None
    result = add_upload(storage, _acc(), batch)
    if result["id"] is None:
        return _error(result["http_status"], result["error"])
    answer = {"id": result["id"], "status": result["status"], "duplicate": result["duplicate"]}
    if batch is not None:
        answer["batch"] = batch
    return _json(answer, 202)


@bp.route("/documents")
@token_required()
def list_documents():
    """The documents this user may see, newest first, a page at a time.
    ---
    get:
      parameters:
        - {name: state, in: query, schema: {type: string, enum: [queued, processing, done, failed]}}
        - {name: page, in: query, schema: {type: integer, minimum: 1, maximum: 100000, default: 1}}
        - {name: per_page, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 20}}
      responses:
        200:
          description: One page of documents
          content: {application/json: {schema: DocumentList}}
        401: Error
        422: Error
    """
    state = request.args.get("state") or None
    if state is not None and state not in STATES:
        raise InputRejectedError(f"Trạng thái không hợp lệ: dùng một trong {', '.join(STATES)}.")
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        page = 0
    if not 1 <= page <= 100_000:
        raise InputRejectedError("Số trang (page) phải là số nguyên từ 1.")
    per_page = _per_page()
    docs, more = visible_documents(catalog(), _acc(), state=state, offset=(page - 1) * per_page,
                                   limit=per_page)
    return _json({"documents": [_listed(d) for d in docs], "page": page, "per_page": per_page,
                  "has_more": more})


def _listed(doc) -> dict[str, Any]:
    meta = effective_metadata(doc)
    return {"id": doc.id, "status": doc.state, "name": doc.original_name,
            "page_count": doc.page_count, "created_at": doc.created_at,
            "processed_at": doc.processed_at,
            "metadata": {f: meta.get(f) for f in ("number", "issued_date", "issuer", "doc_type",
                                                   "subject", "confidentiality", "urgency")}}


@bp.route("/documents/<int:doc_id>")
@token_required()
def get_document(doc_id: int):
    """Metadata, confidence, corrections, status, pages.
    ---
    get:
      responses:
        200: {description: The document, content: {application/json: {schema: Document}}}
        401: Error
        404: Error
    """
    doc = visible_document(doc_id, _acc())
    audit("view", doc.id, "api", user=_acc().name)
    return _json(document_json(doc))


@bp.route("/documents/<int:doc_id>/references")
@token_required()
def get_references(doc_id: int):
    """Related documents, both directions: what its body cites (căn cứ, thay thế, bãi bỏ, sửa
    đổi, other citations) and what cites it.

    A cited document is linked (`document` not null) only on a strong match (same number and
    date or year, no contradicting type or issuer). A document above the caller's clearance is
    never named: in `cites` it appears as not linked, in `cited_by` not at all.
    ---
    get:
      responses:
        200: {description: The related documents, content: {application/json: {schema: References}}}
        401: Error
        404: Error
    """
    doc = visible_document(doc_id, _acc())
    audit("view", doc.id, "api references", user=_acc().name)
    return _json(related_json(doc.id, _acc()))


@bp.route("/documents/<int:doc_id>", methods=["PATCH"])
@token_required(write=True)
def patch_document(doc_id: int):
    """Correct metadata fields (kept apart from extracted values).
    ---
    patch:
      requestBody:
        required: true
        content: {application/json: {schema: MetadataPatch}}
      responses:
        200: {description: The updated document, content: {application/json: {schema: Document}}}
        401: Error
        403: Error
        404: Error
        422: Error
        507: DiskFull
    """
    doc = visible_document(doc_id, _acc())
    body = request.get_json(silent=True)
    if isinstance(body, dict) and isinstance(body.get("metadata"), dict):
        body = body["metadata"]
    if not isinstance(body, dict) or not body:
        raise InputRejectedError('Nội dung phải là một đối tượng JSON {"trường": giá trị, …}, '
                                 'ví dụ {"subject": "Về việc …"}.')
    documents.apply_corrections(doc, body, _acc().name)
    return _json(document_json(catalog().get(doc.id)))


@bp.route("/documents/<int:doc_id>/original")
@token_required()
def get_original(doc_id: int):
    """Download the original file (served as what it is, its kind found from its content).
    ---
    get:
      responses:
        200:
          description: The original bytes
          content:
            application/pdf: {schema: {type: string, format: binary}}
            image/tiff: {schema: {type: string, format: binary}}
            image/png: {schema: {type: string, format: binary}}
            image/jpeg: {schema: {type: string, format: binary}}
            image/webp: {schema: {type: string, format: binary}}
            application/octet-stream: {schema: {type: string, format: binary}}
        401: Error
        404: Error
        409: Tampered
    """
    doc = visible_document(doc_id, _acc())
    return documents.send_original(doc, _acc().name)


@bp.route("/documents/<int:doc_id>/archival.pdf")
@token_required()
def get_archival_copy(doc_id: int):
    """Download the archival copy: a two-layer PDF/A-2b (the scan as scanned, the OCR text
    invisible over it, the metadata in XMP).
    ---
    get:
      responses:
        200:
          description: The PDF/A-2b bytes, checked against their SHA-256
          content: {application/pdf: {schema: {type: string, format: binary}}}
        401: Error
        404:
          description: No such document for this user, or it has no archival copy (yet, or it
            failed)
          content: {application/json: {schema: Error}}
        409: Tampered
    """
    doc = visible_document(doc_id, _acc())
    return documents.send_archival_copy(doc, _acc().name)


@bp.route("/search")
@token_required()
def search():
    """Full-text search (same shape as `archive search --json`).
    ---
    get:
      parameters: [search.q, search.page, search.per_page, search.sort, search.doc_type,
                   search.issuer, search.year, search.date_from, search.date_to, search.number,
                   search.signer, search.fonds, search.file]
      responses:
        200: {description: Results, content: {application/json: {schema: SearchResults}}}
        400: Error
        401: Error
        503: Error
    """
    req = build_request(request.args, _acc().clearance, per_page=_per_page())
    return _json(run_search(req).to_dict())


def _per_page() -> int:
    try:
        return max(1, min(100, int(request.args.get("per_page", 20))))
    except ValueError:
        return 20


@bp.route("/status")
@token_required()
def status():
    """Ingest status: counts by state, queue, failures with reasons.
    ---
    get:
      responses:
        200: {description: Status, content: {application/json: {schema: Status}}}
        401: Error
    """
    data = status_data(_acc())
    outbox = index_outbox()
    return _json({
        "counts": data["counts"],
        "failures": [{"id": d.id, "name": d.original_name, "error": d.error} for d in data["failed"]],
        "queued": [{"id": d.id, "name": d.original_name} for d in data["queued"]],
        "processing": [{"id": d.id, "name": d.original_name} for d in data["processing"]],
        "index_outbox": {"pending": outbox["pending"],
                         "oldest": outbox["oldest"].isoformat() if outbox["oldest"] else None},
    })
