"""Sign in and out (Flask-Login); login attempts are rate-limited per client address.

The session cookie names the user and the user's session epoch (``"7.2"``). The epoch is kept
in the catalog and raised on logout, on a password reset and when an administrator lowers the
user's rights or disables them, so every cookie signed before is refused on its next request.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, login_user, logout_user

from archive_service.users import Account
from archive_service.web.access import account, audit, users

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


class SessionUser(UserMixin):
    """The signed-in user, as Flask-Login wants it."""

    def __init__(self, acc: Account):
        self.account = acc
        self.id = acc.id

    @property
    def is_active(self) -> bool:
        return self.account.active

    def get_id(self) -> str:
        return f"{self.account.id}.{self.account.session_epoch}"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Hãy đăng nhập để tiếp tục.")
    login_manager.session_protection = "strong"
    limiter.init_app(app)


@login_manager.user_loader
def load_user(session_id: str) -> SessionUser | None:
    """The user of a session cookie, unless that session has been ended server-side."""
    user_id, _sep, epoch = session_id.partition(".")
    try:
        acc = users().get(int(user_id))
        epoch_number = int(epoch)
    except ValueError:
        return None
    if acc is None or not acc.active or acc.session_epoch != epoch_number:
        return None
    return SessionUser(acc)


def _safe_next(target: str | None) -> str:
    """Only local paths: ``//evil.example`` or ``https://…`` go home instead."""
    if not target:
        return url_for("search.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return url_for("search.index")
    return target


def _login_limit() -> str:
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if request.method == "POST":
        name = request.form.get("username", "")
        acc = users().authenticate(name, request.form.get("password", ""))
        if acc is None:
            audit("login_failed", detail=name[:128], user=name[:128] or "anonymous")
            flash(_("Sai tên đăng nhập hoặc mật khẩu."), "error")
            return render_template("login.html", username=name), 401
        login_user(SessionUser(acc))
        audit("login", user=acc.name)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", username="")


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method == "GET":  # a bookmarked link: ask, since leaving must be a POST (CSRF)
        return render_template("logout.html")
    acc = account()
    if acc is not None:
        users().end_sessions(acc.id)
        audit("logout", user=acc.name)
    logout_user()
    flash(_("Đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))
