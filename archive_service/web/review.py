"""The review queue: flagged fields beside the crop of the page they were read from; the
reviewer accepts or corrects them from the keyboard (Tab, Enter) and goes on to the next."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from archive_service import indexing
from archive_service.catalog import effective_metadata
from archive_service.errors import ArchiveError
from archive_service.web import fields
from archive_service.web.access import (
    account,
    audit,
    can_see,
    catalog,
    declassifications,
    marks,
    role_required,
    visible_document,
)
from archive_service.web.documents import request_declassification

bp = Blueprint("review", __name__, url_prefix="/review")

QUEUE_LIMIT = 1000


def visible_queue() -> list[tuple]:
    acc = account()
    return [(doc, names) for doc, names in catalog().review_queue(limit=QUEUE_LIMIT)
            if can_see(doc, acc)]


@bp.route("")
@role_required("editor")
def index():
    queue = visible_queue()
    if queue and request.args.get("list") != "1":
        return redirect(url_for("review.document", doc_id=queue[0][0].id))
    return render_template("review_list.html", queue=queue, requests=visible_requests())


def visible_requests() -> list:
    """Pending declassification requests of documents this user may see."""
    acc, out = account(), []
    for req in declassifications().pending():
        try:
            doc = catalog().get(req.document_id)
        except ArchiveError:
            continue
        if can_see(doc, acc):
            out.append(req)
    return out


@bp.route("/<int:doc_id>")
@role_required("editor")
def document(doc_id: int):
    doc = visible_document(doc_id)
    queue = visible_queue()
    names = next((n for d, n in queue if d.id == doc.id), None)
    if names is None:
        flash(_("Văn bản này không còn trường nào cần kiểm tra."), "info")
        return redirect(url_for("review.index", list=1))
    position = [d.id for d, _n in queue].index(doc.id) + 1
    extracted = {f.name: f for f in doc.fields}
    from archive_service.web.records import filing_context

    return render_template("review.html", **filing_context(doc), doc=doc, names=names, extracted=extracted,
                           meta=effective_metadata(doc), labels=fields.LABELS, marks=marks(doc),
                           display=fields.display, choices=fields.CHOICES, position=position,
                           remaining=len(queue))


@bp.route("/<int:doc_id>", methods=["POST"])
@role_required("editor")
def submit(doc_id: int):
    """Record every shown field: an unchanged value is an acceptance, a new one a correction."""
    doc = visible_document(doc_id)
    names = [f.name for f in doc.fields if f.review and f.name in request.form]
    if not names:
        abort(400)
    try:
        parsed = {name: fields.parse_value(name, request.form.get(name, "")) for name in names}
    except ArchiveError as exc:
        flash(exc.message, "error")
        return redirect(url_for("review.document", doc_id=doc.id))
    user = account().name
    try:
        if request_declassification(doc, parsed, effective_metadata(doc), user):
            flash(_("Đã gửi yêu cầu hạ độ mật; một quản trị viên khác cần duyệt."), "info")
    except ArchiveError as exc:
        flash(exc.message, "error")
        return redirect(url_for("review.document", doc_id=doc.id))
    for name, value in parsed.items():
        catalog().set_correction(doc.id, name, value, user=user)
    audit("review", doc.id, ", ".join(names))
    indexing.index_documents(catalog(), [doc.id])
    flash(_("Đã kiểm tra văn bản #%(id)d.", id=doc.id), "info")
    queue = visible_queue()
    if queue:
        return redirect(url_for("review.document", doc_id=queue[0][0].id))
    return redirect(url_for("review.index", list=1))
