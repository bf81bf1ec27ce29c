"""CSRF on every form, security headers, and error pages an archivist understands."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from archive_service.errors import ArchiveError, DiskFullError, is_disk_full
from index import IndexUnavailableError, QueryError

csrf = CSRFProtect()

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.after_request(_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(ArchiveError, _archive_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(QueryError, lambda exc: error_response(400, str(exc)))
    app.register_error_handler(IndexUnavailableError, _index_unavailable)
    app.register_error_handler(OSError, _storage_error)
    app.register_error_handler(OperationalError, _storage_error)


def _headers(response):
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("HSTS"):  # only behind TLS (ARCHIVE_HTTPS)
        h.setdefault("Strict-Transport-Security", current_app.config["HSTS"])
    if request.endpoint and not request.endpoint.startswith("static"):
        h.setdefault("Cache-Control", "private, no-store")
    return response


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"]


def error_response(status: int, message: str):
    if wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def _csrf_error(exc: CSRFError):
    return error_response(400, _("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                                 "Hãy tải lại trang rồi thử lại."))


def _too_large(exc: RequestEntityTooLarge):
    from archive_service.web.access import config

    limit = config().get("max_upload_mb")
    return error_response(413, _("Tệp quá lớn: giới hạn %(mb)s MB mỗi tệp. Không có gì được lưu.",
                                 mb=limit))


def _index_unavailable(exc: IndexUnavailableError):
    return error_response(503, _("Chỉ mục tìm kiếm đang được xây dựng lại. Hãy thử lại sau ít phút."))


def _storage_error(exc: Exception):
    """A full disk is a 507 with a message saying so (nothing was stored); any other failure
    to write is logged and answered as a 500."""
    if is_disk_full(exc):
        current_app.logger.error("disk full: %s %s refused (%s)", request.method, request.path, exc)
        return error_response(507, DiskFullError().message)
    current_app.logger.exception("unexpected storage error on %s %s", request.method, request.path)
    return error_response(500, _("Đã có lỗi."))


def archive_message(exc: ArchiveError) -> str:
    """The error's message in the user's language: errors of the archival records carry a
    template (a msgid, see web/archival_messages.py) and parameters, the label among them
    translated too; others are shown as written (Vietnamese)."""
    template = getattr(exc, "template", None)
    if not template:
        return exc.message
    params = dict(exc.params)
    if isinstance(params.get("label"), str):
        params["label"] = _(params["label"])
    return _(template, **params)


def _archive_error(exc: ArchiveError):
    return error_response(exc.http_status, archive_message(exc))


MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    401: _l("Cần đăng nhập."),
    403: _l("Bạn không có quyền làm việc này."),
    404: _l("Không tìm thấy trang hoặc văn bản này."),
    405: _l("Phương thức không được hỗ trợ."),
    409: _l("Văn bản không ở trạng thái cho phép việc này."),
    413: _l("Tệp quá lớn."),
    429: _l("Quá nhiều lần thử. Hãy đợi một phút rồi thử lại."),
}


def _http_error(exc: HTTPException):
    status = exc.code or 500
    message = MESSAGES.get(status)
    message = str(message) if message else (exc.description or _("Đã có lỗi."))
    return error_response(status, message)
