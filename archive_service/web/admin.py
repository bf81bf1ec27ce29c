"""Administration: users, roles, clearance, API tokens, the last integrity check of the stored
files, and the audit log (read only)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from archive_service import fixity
from archive_service.errors import ArchiveError, QueryError
from archive_service.models import MAX_ID, AuditEntry
from archive_service.users import CLEARANCE_LABELS, ROLE_LABELS, ROLES
from archive_service.web import audit_text
from archive_service.web.access import account, catalog, role_required, users

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_PAGE = 100
CHECK_FAILURES_SHOWN = 50
# Labels defined in archive_service.users (no Flask there), marked here for translation.
_LABELS = (_l("Quản trị"), _l("Văn thư, lưu trữ"), _l("Cán bộ"), _l("Không"), _l("Mật"),
           _l("Tối mật"), _l("Tuyệt mật"))
# Labels of a check run's failures (archive_service.fixity), marked here for translation.
_CHECK_LABELS = (_l("bị mất"), _l("bị thay đổi"), _l("không thuộc văn bản nào"), _l("bản gốc"),
                 _l("bản lưu trữ PDF/A"))


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _query_int(name: str, default: int, maximum: int = MAX_ID) -> int:
    """A whole number from the query string, 0 to ``maximum``; QueryError (400) otherwise."""
    value = request.args.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 19 or int(value) > maximum:
        raise QueryError(_("Giá trị không hợp lệ cho «%(name)s»: %(value)s", name=name,
                           value=value[:40]))
    return int(value)


def audit_entries(page: int, user: str = "", doc_id: int | None = None) -> tuple[list, int]:
    with catalog().db.session() as s:
        q = select(AuditEntry)
        if user:
            q = q.where(AuditEntry.user == user)
        if doc_id:
            q = q.where(AuditEntry.document_id == doc_id)
        total = s.scalar(select(func.count()).select_from(q.subquery()))
        rows = s.scalars(q.order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE)
                         .offset((page - 1) * AUDIT_PAGE)).all()
        return list(rows), total


@bp.route("")
@role_required("admin")
def index():
    page = max(1, _query_int("page", 1, MAX_ID // AUDIT_PAGE))
    who = request.args.get("user", "").strip()
    doc_id = _query_int("doc", 0) or None
    entries, total = audit_entries(page, who, doc_id)
    return _render(entries=entries, total=total, page=page, who=who, doc_id=doc_id,
                   new_token=None)


def _render(**context):
    """The administration page; ``context``: the audit log's page and a new token, if any."""
    return render_template("admin.html", users=users().list(), tokens=users().tokens(),
                           roles=ROLES, role_labels=ROLE_LABELS, clearances=CLEARANCE_LABELS,
                           per_page=AUDIT_PAGE, check_run=fixity.last_run(catalog()),
                           check_shown=CHECK_FAILURES_SHOWN, problem_labels=fixity.PROBLEM_LABELS,
                           file_labels=fixity.ROLE_LABELS, action_label=audit_text.action_label,
                           detail_text=audit_text.detail_text, **context)


@bp.route("/users", methods=["POST"])
@role_required("admin")
def add_user():
    form = request.form
    try:
        acc = users().add(form.get("name", ""), form.get("role", ""), password=form.get("password", ""),
                          clearance=_int(form.get("clearance")), by=account().name)
    except ArchiveError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Đã tạo người dùng %(name)s.", name=acc.name), "info")
    return redirect(url_for("admin.index"))


@bp.route("/users/<int:user_id>", methods=["POST"])
@role_required("admin")
def edit_user(user_id: int):
    form = request.form
    try:
        acc = users().update(user_id, role=form.get("role", ""), clearance=_int(form.get("clearance")),
                             active=form.get("active") == "1", by=account().name)
        if form.get("password"):
            users().set_password(user_id, form["password"], by=account().name)
    except ArchiveError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Đã lưu người dùng %(name)s.", name=acc.name), "info")
    return redirect(url_for("admin.index"))


@bp.route("/tokens", methods=["POST"])
@role_required("admin")
def create_token():
    try:
        token = users().create_token(request.form.get("user", ""), by=account().name)
    except ArchiveError as exc:
        flash(exc.message, "error")
        return redirect(url_for("admin.index"))
    entries, total = audit_entries(1)
    return _render(entries=entries, total=total, page=1, who="", doc_id=None,
                   new_token=(request.form.get("user"), token))


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@role_required("admin")
def revoke_token(token_id: int):
    try:
        users().revoke_token(token_id, by=account().name)
    except ArchiveError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Đã thu hồi mã truy cập."), "info")
    return redirect(url_for("admin.index"))
