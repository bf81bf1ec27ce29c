"""One document: metadata (review marks, correction history) beside the page viewer (hit
boxes, opening on the page asked for; page thumbnails), OCR text, the original and its
archival PDF/A copy; archivists correct fields here and the correction reaches search at once."""

from __future__ import annotations

import io
import logging
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
from archive_service.storage import PageImageStore, write_atomic
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
from index import highlighter_for

bp = Blueprint("documents", __name__, url_prefix="/documents")
log = logging.getLogger(__name__)

MIMETYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
             "tiff": "image/tiff", "webp": "image/webp"}
# Padding of a field's crop, in box heights: OCR boxes hug the ink and often start after a
# first letter read badly, so the crop shows about a letter and a half more on each side
# (and half a line above and below); never less than CROP_PAD_MIN pixels of the image.
CROP_PAD_X = 1.5
CROP_PAD_Y = 0.5
CROP_PAD_MIN = 12.0
THUMB_WIDTH = 200  # pixels of a page thumbnail (shown at about half that, for sharp screens)
THUMB_DIR = "thumbs"  # under pages/<id>/, removed with the document's page images

Box = tuple[float, float, float, float]


def hit_boxes(pages: list[PageRow], q: str) -> list[list[Box]]:
    """Boxes (x, y, w, h in page units) of the words matching the query ``q`` on each page:
    phrases as phrases, without diacritics mattering (:func:`index.highlighter_for`)."""
    words = [page.data.get("words", []) for page in pages]
    if not q:
        return [[] for _ in pages]
    marked = highlighter_for(q).words([[str(w[0]) for w in page] for page in words])
    boxes = []
    for page, chosen in zip(words, marked, strict=True):
        boxes.append([(w[1], w[2], w[3] - w[1], w[4] - w[2])
                      for i, w in enumerate(page) if i in chosen])
    return boxes


def opening_page(pages: list[dict], wanted: str | None) -> int:
    """The page the viewer opens on: the one asked for (a search hit's page), else the first
    page with a hit, else page 1."""
    numbers = [p["row"].number for p in pages]
    if wanted and wanted.isascii() and wanted.isdigit() and int(wanted) in numbers:
        return int(wanted)
    return next((p["row"].number for p in pages if p["boxes"]), numbers[0] if numbers else 1)


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
    q = request.args.get("q", "")[:1000]
    pages = [{"row": p, "boxes": boxes,
              "width": p.data.get("width") or 1, "height": p.data.get("height") or 1}
             for p, boxes in zip(doc.pages, hit_boxes(doc.pages, q), strict=True)]
    first_hit = next((p["row"].number for p in pages if p["boxes"]), None)
    from archive_service.web.records import filing_context

    return render_template(
        "document.html", doc=doc, meta=effective_metadata(doc), confidence=metadata_confidence(doc),
        marks=marks(doc), requests=declassifications().pending(doc.id),
        review={f.name for f in doc.fields if f.review}, history=corrections_by_field(doc),
        extracted={f.name: f for f in doc.fields}, pages=pages, q=q, first_hit=first_hit,
        current=opening_page(pages, request.args.get("page")),
        names=METADATA_FIELDS, labels=fields.LABELS, choices=fields.CHOICES, display=fields.display,
        read_only=fields.READ_ONLY, kind_labels=fields.KIND_LABELS,
        editing=request.args.get("edit") == "1" and account().can_edit, **filing_context(doc),
        related=related_sections(doc.id, account()),
        archival_copy=archival.get_copy(catalog(), doc.id),
    )


@bp.route("/<int:doc_id>", methods=["POST"])
@role_required("editor")
def edit(doc_id: int):
    doc = visible_document(doc_id)
    values = {name: request.form.get(name, "") for name in METADATA_FIELDS
              if name in request.form and name not in fields.READ_ONLY}  # facts of the file
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


def crop_box(box: tuple[float, float, float, float], width: int, height: int
             ) -> tuple[int, int, int, int]:
    """A field's box (image pixels) padded by CROP_PAD_X/CROP_PAD_Y and kept on the image."""
    x0, y0, x1, y1 = box
    line = max(1.0, y1 - y0)
    pad_x, pad_y = max(CROP_PAD_MIN, line * CROP_PAD_X), max(CROP_PAD_MIN, line * CROP_PAD_Y)
    return (max(0, int(x0 - pad_x)), max(0, int(y0 - pad_y)),
            min(width, int(x1 + pad_x + 0.5)), min(height, int(y1 + pad_y + 0.5)))


@bp.route("/<int:doc_id>/pages/<int:number>/thumb.jpg")
@login_required
def page_thumbnail(doc_id: int, number: int):
    """A small image of a page (search results, the viewer's page strip), made once from the
    page image and kept beside it; same access rules as the page image."""
    doc = visible_document(doc_id)
    _page, path = _page_image_path(doc, number)
    thumb = path.parent / THUMB_DIR / f"{number}.jpg"
    if not thumb.is_file() or thumb.stat().st_mtime < path.stat().st_mtime:
        data = _thumbnail(path)
        try:
            write_atomic(thumb, data)
        except OSError as exc:  # a read-only data dir: serve it all the same
            log.warning("cannot keep the thumbnail %s: %s", thumb, exc)
            return _cached_image(send_file(io.BytesIO(data), mimetype="image/jpeg", max_age=0))
    return _cached_image(send_file(thumb, mimetype="image/jpeg", max_age=0))


def _thumbnail(path: Path) -> bytes:
    with Image.open(path) as image:
        image.draft("RGB", (THUMB_WIDTH, THUMB_WIDTH * 4))  # JPEG: decode at a reduced size
        small = image.convert("RGB")
        small.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 4))
    buf = io.BytesIO()
    small.save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def _cached_image(response):
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
        box = crop_box((x0, y0, x1, y1), image.width, image.height)
        if box[2] <= box[0] or box[3] <= box[1]:
            abort(404)
        crop = image.crop(box).convert("RGB")
    buf = io.BytesIO()
    crop.save(buf, format="JPEG", quality=85)
    buf.seek(0)
    response = send_file(buf, mimetype="image/jpeg", max_age=0)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
