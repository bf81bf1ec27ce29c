"""The review queue: flagged fields beside the page they were read from (the page image and
the crop of each field); the reviewer accepts, corrects or marks them "không áp dụng" from the
keyboard and goes on to the next document of the queue (review.js; keys on the page).

Each field shown is recorded as what the reviewer did to it: a confirmation (the value shown,
unchanged), a correction (a new value) or not applicable (a page without the Nghị định 30
layout: a table, a list). Every kind takes the field out of the queue.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from archive_service import indexing
from archive_service.catalog import effective_metadata
from archive_service.classification import lowers
from archive_service.errors import ArchiveError, InputRejectedError
from archive_service.models import Document
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
from archive_service.web.documents import _unchanged_text, request_declassification

bp = Blueprint("review", __name__, url_prefix="/review")

QUEUE_LIMIT = 1000
NOT_APPLICABLE_ALL = "not_applicable_all"  # the form's ``action`` for the whole document


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
    return render_template("review_list.html", queue=queue, requests=visible_requests(),
                           labels=fields.LABELS)


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


def neighbours(ids: list[int], doc_id: int) -> tuple[int | None, int | None]:
    """The documents before and after ``doc_id`` in the queue (None at either end)."""
    i = ids.index(doc_id)
    return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)


def following(ids: list[int], doc_id: int) -> int | None:
    """The queue's next document after ``doc_id`` (which may have left it), going round to
    the head when none is after it; None when the queue is empty."""
    return next((i for i in ids if i > doc_id), ids[0] if ids else None)


def page_views(doc: Document, names: list[str]) -> list[dict[str, Any]]:
    """The document's page images, each with the boxes of the fields shown on it."""
    boxes: dict[int, list] = {}
    for f in doc.fields:
        if f.name in names and f.page and f.box:
            boxes.setdefault(f.page, []).append((f.name, *_xywh(f.box)))
    return [{"number": p.number, "width": p.data.get("width") or 1,
             "height": p.data.get("height") or 1, "boxes": boxes.get(p.number, [])}
            for p in doc.pages if p.image]


def _xywh(box: list) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return x0, y0, x1 - x0, y1 - y0


@bp.route("/<int:doc_id>")
@role_required("editor")
def document(doc_id: int):
    doc = visible_document(doc_id)
    queue = visible_queue()
    names = next((n for d, n in queue if d.id == doc.id), None)
    if names is None:
        flash(_("Văn bản này không còn trường nào cần kiểm tra."), "info")
        return redirect(url_for("review.index", list=1))
    ids = [d.id for d, _n in queue]
    previous, after = neighbours(ids, doc.id)
    extracted = {f.name: f for f in doc.fields}
    from archive_service.web.records import filing_context

    meta = effective_metadata(doc)
    # the signers known for this issuer (confirmed, or read surely twice), offered as typed
    known = list(dict.fromkeys(name for name, _title, _authority in catalog().known_signers(
        meta.get("issuer")))) if "signer" in names else []
    return render_template("review.html", **filing_context(doc), doc=doc, names=names, extracted=extracted,
                           meta=meta, known_signers=known, labels=fields.LABELS, marks=marks(doc),
                           display=fields.display, choices=fields.CHOICES,
                           read_only=fields.READ_ONLY, position=ids.index(doc.id) + 1,
                           remaining=len(queue), previous=previous, after=after,
                           pages=page_views(doc, names))


def outcomes(names: list[str], form: Any, current: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """What the reviewer did to each field shown: ``{name: (kind, value)}``.

    Marked "không áp dụng": not applicable. Sent back as shown (or a fact of the file, never
    typed): a confirmation of the current value. Otherwise the typed value, parsed: a
    correction, or a confirmation when it parses to the current value.
    """
    out: dict[str, tuple[str, Any]] = {}
    for name in names:
        if form.get(f"na_{name}") == "1":
            if name == "confidentiality" and lowers(current.get(name), None):
                raise InputRejectedError("Độ mật đã đọc được không thể đánh dấu không áp dụng: "
                                         "hạ độ mật cần một yêu cầu và một người khác duyệt.")
            out[name] = ("not_applicable", None)
        elif name in fields.READ_ONLY or _unchanged_text(
                form.get(name, ""), fields.display(name, current.get(name))):
            out[name] = ("confirmation", current.get(name))
        else:
            value = fields.parse_value(name, form.get(name, ""))
            out[name] = ("confirmation" if value == current.get(name) else "correction", value)
    return out


def whole_document_not_applicable(doc: Document, names: list[str], current: dict[str, Any]
                                  ) -> dict[str, tuple[str, Any]]:
    """Every field of the Nghị định 30 layout still waiting for review or without a value is
    not applicable (a mark of confidentiality that was read stays: lowering it takes two
    people)."""
    reviewed = {c.field for c in doc.corrections}
    out = {}
    for name in fields.LAYOUT_FIELDS:
        waiting = name in names
        empty = current.get(name) in (None, "", []) and name not in reviewed
        if (waiting or empty) and not (name == "confidentiality" and current.get(name)):
            out[name] = ("not_applicable", None)
    return out


@bp.route("/<int:doc_id>", methods=["POST"])
@role_required("editor")
def submit(doc_id: int):
    """Record every field shown (confirmed, corrected or not applicable), then go on to the
    next document of the queue: the one after this one, not the head."""
    doc = visible_document(doc_id)
    whole = request.form.get("action") == NOT_APPLICABLE_ALL
    reviewed = {c.field for c in doc.corrections}
    names = [f.name for f in doc.fields if f.review and (
        f.name not in reviewed if whole else f.name in request.form)]
    if not names and not whole:
        abort(400)
    current = effective_metadata(doc)
    try:
        done = (whole_document_not_applicable(doc, names, current) if whole
                else outcomes(names, request.form, current))
        parsed = {n: v for n, (kind, v) in done.items() if kind == "correction"}
        if request_declassification(doc, parsed, current, account().name):
            done.pop("confidentiality")
            flash(_("Đã gửi yêu cầu hạ độ mật; một quản trị viên khác cần duyệt."), "info")
        record(doc, done)
    except ArchiveError as exc:
        flash(exc.message, "error")
        return redirect(url_for("review.document", doc_id=doc.id))
    flash(summary(doc.id, done), "info")
    after = following([d.id for d, _n in visible_queue()], doc.id)
    if after is not None:
        return redirect(url_for("review.document", doc_id=after))
    return redirect(url_for("review.index", list=1))


def record(doc: Document, done: dict[str, tuple[str, Any]]) -> None:
    """Store each field's outcome (audited one by one, and the review as a whole) and
    re-index the document."""
    user = account().name
    for name, (kind, value) in done.items():
        catalog().set_correction(doc.id, name, value, user=user, kind=kind)
    if done:
        audit("review", doc.id, ", ".join(done))
        indexing.index_documents(catalog(), [doc.id])


def summary(doc_id: int, done: dict[str, tuple[str, Any]]) -> str:
    kinds = [kind for kind, _v in done.values()]
    return _("Đã kiểm tra văn bản #%(id)d: %(c)d xác nhận, %(s)d sửa, %(n)d không áp dụng.",
             id=doc_id, c=kinds.count("confirmation"), s=kinds.count("correction"),
             n=kinds.count("not_applicable"))
