"""Upload batches (lô tải lên) and probable duplicates: the recent batches, one batch with each
file as it stands now (followed live by the page), and an archivist's decision on a probable
duplicate (merge, or keep both). Documents a user may not see are never listed nor named."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from archive_service import duplicates
from archive_service.batches import Batches, BatchView, ItemView
from archive_service.errors import ArchiveError, NotFoundError
from archive_service.models import DocumentProgress
from archive_service.users import Account
from archive_service.web.access import account, can_see, catalog, role_required, visible_document

bp = Blueprint("batches", __name__)

RECENT = 30  # batches listed
POLL_SECONDS = 2  # how often the pages ask for news while something is unfinished


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["duplicate_notices"] = _notices_for_template


def batches() -> Batches:
    return Batches(catalog())


def visible_view(batch_id: int, acc: Account) -> BatchView:
    """The batch with the files whose document ``acc`` may not see left out (404: none)."""
    try:
        view = batches().get(batch_id)
    except NotFoundError as exc:
        raise NotFoundError(_("Không có lô tải lên số %(id)d.", id=batch_id)) from exc
    items = [v for v in view.items if v.document is None or can_see(v.document, acc)]
    return BatchView(view.batch, items)


def state_label(view: ItemView) -> str:
    """Where a file stands, in words: chờ xử lý, đang xử lý trang k/n, đã xong, lỗi: lý do."""
    doc = view.document
    if doc is None:
        if view.item.outcome == "rejected":
            return _("Bị từ chối: %(reason)s", reason=view.item.error or "")
        return _("Văn bản đã bị xóa khỏi danh mục")
    if doc.state == "queued":
        return _("Chờ xử lý")
    if doc.state == "processing":
        return processing_label(view.progress)
    if doc.state == "failed":
        return _("Lỗi: %(reason)s", reason=doc.error or "")
    if view.merged_into is not None:
        return _("Đã gộp vào #%(id)d (bản trùng)", id=view.merged_into)
    return _("Đã xong")


def processing_label(progress: DocumentProgress | None) -> str:
    """``Đang xử lý trang k/n`` (page k is being read: k - 1 are done)."""
    if progress is not None and progress.stage == "pages" and progress.pages:
        page = min((progress.page or 0) + 1, progress.pages)
        return _("Đang xử lý trang %(k)d/%(n)d", k=page, n=progress.pages)
    if progress is not None and progress.stage == "metadata":
        return _("Đang trích xuất thông tin văn bản")
    return _("Đang xử lý")


def item_json(view: ItemView) -> dict[str, Any]:
    doc = view.document
    progress = None
    if view.progress is not None and doc is not None and doc.state == "processing":
        progress = {"stage": view.progress.stage, "page": view.progress.page,
                    "pages": view.progress.pages}
    others = sorted({c.other_id if c.document_id == doc.id else c.document_id
                     for c in view.duplicates}) if doc is not None else []
    return {
        "name": view.item.name, "outcome": view.item.outcome,
        "document": doc.id if doc is not None else None, "status": view.status,
        "label": state_label(view),
        "error": (doc.error if doc is not None and doc.state == "failed" else
                  view.item.error if doc is None else None),
        "progress": progress, "page_count": doc.page_count if doc is not None else None,
        "review": view.review, "duplicate_of": others,
        "merged_into": view.merged_into,
        "url": url_for("documents.show", doc_id=doc.id) if doc is not None else None,
    }


def batch_json(view: BatchView) -> dict[str, Any]:
    """A batch as the API and the pages' polling give it."""
    batch = view.batch
    return {"id": batch.id, "source": batch.source, "created_by": batch.created_by,
            "created_at": batch.created_at, "finished": view.finished, "counts": view.counts(),
            "url": url_for("batches.show", batch_id=batch.id),
            "items": [item_json(v) for v in view.items]}


def recent_json(limit: int = RECENT) -> list[dict[str, Any]]:
    return [{"id": b.id, "source": b.source, "created_by": b.created_by,
             "created_at": b.created_at, "counts": counts,
             "url": url_for("batches.show", batch_id=b.id)}
            for b, counts in batches().recent(limit)]


@bp.route("/uploads")
@role_required("editor")
def index():
    return render_template("uploads.html", recent=batches().recent(RECENT))


@bp.route("/uploads/<int:batch_id>")
@role_required("editor")
def show(batch_id: int):
    view = visible_view(batch_id, account())
    return render_template("batch.html", view=view, counts=view.counts(), label=state_label,
                           poll=POLL_SECONDS)


# --- probable duplicates -----------------------------------------------------------------

def _notices_for_template(doc_id: int) -> dict[str, Any]:
    """The duplicate notices of a document page, the other records limited to those the
    signed-in user may see."""
    acc = account()
    found = duplicates.notices(catalog(), doc_id)
    visible = set()
    for other in {w.other_id for w in found.warnings} | {d.id for d in found.merged_here}:
        try:
            if can_see(catalog().get(other), acc):
                visible.add(other)
        except NotFoundError:
            continue
    return {"warnings": [w for w in found.warnings if w.other_id in visible],
            "merged_into": found.merged_into,
            "merged_here": [d for d in found.merged_here if d.id in visible],
            "can_edit": bool(acc and acc.can_edit)}


def _back(default: str) -> str:
    target = request.form.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/duplicates/<int:candidate_id>/merge", methods=["POST"])
@role_required("editor")
def merge(candidate_id: int):
    """Keep one record of the pair (``keep``), withdraw the other from search as its
    duplicate; nothing is deleted."""
    pair = _visible_pair(candidate_id)
    try:
        keep = int(request.form.get("keep", ""))
        gone = duplicates.merge(catalog(), candidate_id, keep=keep, user=account().name)
    except ValueError:
        flash(_("Chọn văn bản cần giữ."), "error")
        return redirect(_back(url_for("documents.show", doc_id=pair[0])))
    except ArchiveError as exc:
        flash(exc.message, "error")
        return redirect(_back(url_for("documents.show", doc_id=pair[0])))
    flash(_("Đã gộp: #%(gone)d là bản trùng của #%(keep)d và không còn hiện trong kết quả tìm "
            "kiếm; bản gốc của nó vẫn được giữ.", gone=gone, keep=keep), "info")
    return redirect(_back(url_for("documents.show", doc_id=keep)))


@bp.route("/duplicates/<int:candidate_id>/keep-both", methods=["POST"])
@role_required("editor")
def keep_both(candidate_id: int):
    """The two records are different documents: dismiss the warning."""
    pair = _visible_pair(candidate_id)
    try:
        duplicates.keep_both(catalog(), candidate_id, user=account().name)
    except ArchiveError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Đã giữ cả hai văn bản #%(a)d và #%(b)d; cảnh báo trùng đã được bỏ qua.",
                a=pair[0], b=pair[1]), "info")
    return redirect(_back(url_for("documents.show", doc_id=pair[0])))


def _visible_pair(candidate_id: int) -> tuple[int, int]:
    """The pair's ids, when the user may see both records (404 otherwise)."""
    try:
        row = duplicates.get(catalog(), candidate_id)
    except NotFoundError:
        abort(404)
    visible_document(row.document_id)
    visible_document(row.other_id)
    return row.document_id, row.other_id
