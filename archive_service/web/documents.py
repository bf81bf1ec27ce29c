"""One document: metadata (review marks, correction history), pages with hit boxes, OCR text,
the original and its archival PDF/A copy; archivists correct fields here and the correction
reaches search at once."""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path
from typing import Any, NamedTuple

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from PIL import Image

from archive_service import archival, indexing
from archive_service.catalog import effective_metadata, metadata_confidence
from archive_service.classification import lowers
from archive_service.errors import ArchiveError
from archive_service.models import Document, PageRow
from archive_service.records import METADATA_FIELDS
from archive_service.storage import PageImageStore
from archive_service.web import fields
from archive_service.web.access import (
    account,
    audit,
    catalog,
    config,
    declassifications,
    marks,
    role_required,
    visible_document,
)
from archive_service.web.related import related_sections
from index import fold, highlight_terms, tokenize

bp = Blueprint("documents", __name__, url_prefix="/documents")

MIMETYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
             "tiff": "image/tiff", "webp": "image/webp"}
CROP_MARGIN = 0.25  # of the box height, around a field's box


def hit_boxes(page: PageRow, terms: set[str]) -> list[tuple[float, float, float, float]]:
    """Boxes (x, y, w, h in page units) of the words matching the folded query ``terms``."""
    if not terms:
        return []
    boxes = []
    for word in page.data.get("words", []):
        text, x0, y0, x1, y1 = word[:5]
        if any(fold(token) in terms for token in tokenize(str(text))):
            boxes.append((x0, y0, x1 - x0, y1 - y0))
    return boxes


def corrections_by_field(doc: Document) -> dict[str, list]:
    history: dict[str, list] = {}
    for c in doc.corrections:
        history.setdefault(c.field, []).append(c)
    return history


class Changes(NamedTuple):
    """What a correction form did: the fields recorded, and whether a declassification was
    requested instead of recorded."""

    changed: list[str]
    declassification_requested: bool


def apply_corrections(doc: Document, values: dict[str, Any], user: str, *,
                      reason: str = "") -> Changes:
    """Record the fields whose value differs from the current one and re-index.

    A lower confidentiality is not recorded but requested (two people declassify).
    """
    current = effective_metadata(doc)
    changed = []
    parsed = {name: fields.parse_value(name, raw) for name, raw in values.items()
              if not _unchanged_text(raw, fields.display(name, current.get(name)))}
    requested = request_declassification(doc, parsed, current, user, reason)
    for name, value in parsed.items():
        if value != current.get(name):
            catalog().set_correction(doc.id, name, value, user=user)
            changed.append(name)
    if changed:
        indexing.index_documents(catalog(), [doc.id])
    return Changes(changed, requested)


def request_declassification(doc: Document, parsed: dict[str, Any], current: dict[str, Any],
                             user: str, reason: str = "") -> bool:
    """Take a lowered confidentiality out of ``parsed`` and file it as a request instead."""
    name = "confidentiality"
    if name not in parsed or not lowers(current.get(name), parsed[name]):
        return False
    declassifications().request(doc.id, parsed.pop(name), by=user, reason=reason)
    return True


def _unchanged_text(raw: Any, shown: str) -> bool:
    """A form field sent back as it was shown (so a value is not rewritten by parsing it)."""
    if not isinstance(raw, str):
        return False
    return " ".join(raw.replace("\r\n", "\n").split()) == " ".join(shown.split())


@bp.route("/<int:doc_id>")
@login_required
def show(doc_id: int):
    doc = visible_document(doc_id)
    audit("view", doc.id)
    q = request.args.get("q", "")
    terms = set(highlight_terms(q)) if q else set()
    pages = [{"row": p, "boxes": hit_boxes(p, terms),
              "width": p.data.get("width") or 1, "height": p.data.get("height") or 1}
             for p in doc.pages]
    first_hit = next((p["row"].number for p in pages if p["boxes"]), None)
    from archive_service.web.records import filing_context

    return render_template(
        "document.html", doc=doc, meta=effective_metadata(doc), confidence=metadata_confidence(doc),
        marks=marks(doc), requests=declassifications().pending(doc.id),
        review={f.name for f in doc.fields if f.review}, history=corrections_by_field(doc),
        extracted={f.name: f for f in doc.fields}, pages=pages, q=q, first_hit=first_hit,
        names=METADATA_FIELDS, labels=fields.LABELS, choices=fields.CHOICES, display=fields.display,
        editing=request.args.get("edit") == "1" and account().can_edit, **filing_context(doc),
        related=related_sections(doc.id, account()),
        archival_copy=archival.get_copy(catalog(), doc.id),
    )


@bp.route("/<int:doc_id>", methods=["POST"])
@role_required("editor")
def edit(doc_id: int):
    doc = visible_document(doc_id)
    values = {name: request.form.get(name, "") for name in METADATA_FIELDS if name in request.form}
    try:
        changed, requested = apply_corrections(doc, values, account().name,
                                               reason=request.form.get("declassify_reason", ""))
    except ArchiveError as exc:
        flash(exc.message, "error")
        return redirect(url_for("documents.show", doc_id=doc.id, edit=1))
    if requested:
        flash(_("Đã gửi yêu cầu hạ độ mật; một quản trị viên khác cần duyệt."), "info")
    if changed:
        flash(_("Đã lưu %(n)d trường đã sửa; tìm kiếm đã được cập nhật.", n=len(changed)), "info")
    elif not requested:
        flash(_("Không có gì thay đổi."), "info")
    return redirect(url_for("documents.show", doc_id=doc.id))


@bp.route("/<int:doc_id>/declassify/<int:request_id>", methods=["POST"])
@role_required("editor")
def decide_declassification(doc_id: int, request_id: int):
    """Approve (another administrator) or reject/withdraw a pending declassification."""
    doc = visible_document(doc_id)
    req = declassifications().get(request_id)
    if req.document_id != doc.id:
        abort(404)
    try:
        if request.form.get("decision") == "approve":
            declassifications().approve(request_id, account())
            indexing.index_documents(catalog(), [doc.id])
            flash(_("Đã duyệt: độ mật của văn bản đã được hạ."), "info")
        else:
            declassifications().reject(request_id, account())
            flash(_("Đã hủy yêu cầu hạ độ mật."), "info")
    except ArchiveError as exc:
        flash(exc.message, "error")
    return redirect(url_for("documents.show", doc_id=doc.id))


@bp.route("/<int:doc_id>/original")
@login_required
def original(doc_id: int):
    return send_original(visible_document(doc_id), account().name)


def send_original(doc: Document, user: str):
    """The original, once its bytes are checked against its SHA-256 (never a damaged copy)."""
    path = catalog().verified_original(doc, user=user)
    audit("download", doc.id, doc.original_name, user=user)
    mimetype = MIMETYPES.get(doc.kind) or mimetypes.guess_type(doc.original_name)[0]
    return send_file(path, mimetype=mimetype or "application/octet-stream", as_attachment=True,
                     download_name=doc.original_name, max_age=0)


@bp.route("/<int:doc_id>/archival.pdf")
@login_required
def archival_copy(doc_id: int):
    return send_archival_copy(visible_document(doc_id), account().name)


def send_archival_copy(doc: Document, user: str):
    """The archival PDF/A-2b copy, once its bytes are checked against its SHA-256 (404 when
    the document has none, 409 when the stored copy was altered); audited as a download."""
    path = archival.verified_copy(catalog(), doc, user=user)
    audit("download", doc.id, f"{doc.original_name} (PDF/A)", user=user)
    name = f"{Path(doc.original_name).stem or doc.id}.pdfa.pdf"
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name=name,
                     max_age=0)


def _page_image_path(doc: Document, number: int) -> tuple[PageRow, Path]:
    page = next((p for p in doc.pages if p.number == number), None)
    if page is None or not page.image:
        abort(404)
    path = PageImageStore(config().pages_dir).path_for(page.image)
    if path is None:
        abort(404)
    return page, path


@bp.route("/<int:doc_id>/pages/<int:number>.jpg")
@login_required
def page_image(doc_id: int, number: int):
    doc = visible_document(doc_id)
    _page, path = _page_image_path(doc, number)
    response = send_file(path, mimetype="image/jpeg", max_age=0)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/<int:doc_id>/fields/<name>/crop.jpg")
@login_required
def field_crop(doc_id: int, name: str):
    """The part of the page image a field was read from (for the review queue)."""
    doc = visible_document(doc_id)
    field = next((f for f in doc.fields if f.name == name), None)
    if field is None or not field.page or not field.box:
        abort(404)
    page, path = _page_image_path(doc, field.page)
    with Image.open(path) as image:
        scale = image.width / (page.data.get("width") or image.width)
        x0, y0, x1, y1 = (v * scale for v in field.box)
        margin = max(8.0, (y1 - y0) * CROP_MARGIN)
        box = (max(0, int(x0 - margin)), max(0, int(y0 - margin)),
               min(image.width, int(x1 + margin)), min(image.height, int(y1 + margin)))
        if box[2] <= box[0] or box[3] <= box[1]:
            abort(404)
        crop = image.crop(box).convert("RGB")
    buf = io.BytesIO()
    crop.save(buf, format="JPEG", quality=85)
    buf.seek(0)
    response = send_file(buf, mimetype="image/jpeg", max_age=0)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
