"""Upload batches in the JSON API: the recent batches and one batch with each file's state and
progress (``trang k/n``). A bearer token as elsewhere in /api/v1, or the signed-in session of
the pages that poll it (read only; GET needs no CSRF token). Archivists and administrators."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, Flask, g, request

from archive_service.users import Users
from archive_service.web.access import account, catalog
from archive_service.web.api import _error, _json
from archive_service.web.batches import RECENT, batch_json, recent_json, visible_view
from archive_service.web.security import csrf

bp = Blueprint("api_batches", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    csrf.exempt(bp)
    app.register_blueprint(bp)


def editor_or_session(view):
    """A bearer token, or else the session of a signed-in user; archivists and admins only."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _sep, token = header.partition(" ")
            acc = Users(catalog()).by_token(token.strip()) if scheme.lower() == "bearer" else None
        else:
            acc = account()
        if acc is None:
            return _error(401, "Thiếu hoặc sai mã truy cập (Authorization: Bearer …).")
        if not acc.can_edit:
            return _error(403, "Tài khoản này không có quyền xem các lô tải lên.")
        g.api_account = acc
        return view(*args, **kwargs)

    return wrapped


@bp.route("/batches")
@editor_or_session
def list_batches():
    """The newest upload batches, each with its files counted by state.

    A bearer token, or the session cookie of a signed-in user (the upload and batch pages poll
    these); archivists and administrators only.
    ---
    get:
      responses:
        200: {description: Batches, newest first, content: {application/json: {schema: BatchList}}}
        401: Error
        403: Error
    """
    return _json({"batches": recent_json(RECENT)})


@bp.route("/batches/<int:batch_id>")
@editor_or_session
def get_batch(batch_id: int):
    """One upload batch: each file and where it stands now.

    Queued, processing page k of n, done, failed with the reason, or refused at intake; the
    fields waiting for review and the probable duplicates of each document. Documents the
    caller may not see are left out. A bearer token or a signed-in session (archivists and
    administrators).
    ---
    get:
      responses:
        200: {description: The batch, content: {application/json: {schema: Batch}}}
        401: Error
        403: Error
        404: Error
    """
    return _json(batch_json(visible_view(batch_id, g.api_account)))
