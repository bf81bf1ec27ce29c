"""Who may see and do what: the catalog of this app, role checks, document visibility.

A document above a user's clearance does not exist for that user: every lookup goes
through :func:`visible_document`, which answers 404 (never 403) for it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app
from flask_login import current_user

from archive_service.catalog import Catalog, effective_metadata
from archive_service.config import Config
from archive_service.errors import NotFoundError
from archive_service.models import Document
from archive_service.users import Account, Users, required_clearance


def catalog() -> Catalog:
    return current_app.extensions["archive_catalog"]


def config() -> Config:
    return current_app.extensions["archive_config"]


def users() -> Users:
    return Users(catalog())


def account() -> Account | None:
    """The signed-in user's account (None when anonymous)."""
    if not current_user.is_authenticated:
        return None
    return current_user.account


def user_name() -> str:
    acc = account()
    return acc.name if acc else "anonymous"


def audit(action: str, doc_id: int | None = None, detail: str = "", *, user: str | None = None) -> None:
    catalog().audit(user or user_name(), action, doc_id, detail)


def can_see(doc: Document, acc: Account | None) -> bool:
    """True when ``acc`` may know that ``doc`` exists.

    Staff see processed documents only (an unprocessed one has no known confidentiality);
    everyone sees a document only up to their clearance.
    """
    if acc is None:
        return False
    if doc.state != "done" and not acc.can_edit:
        return False
    return acc.clearance >= required_clearance(effective_metadata(doc).get("confidentiality"))


def visible_document(doc_id: int, acc: Account | None = None) -> Document:
    """The document if the user may see it; 404 otherwise (absent and hidden look alike)."""
    acc = acc or account()
    try:
        doc = catalog().get(doc_id)
    except NotFoundError:
        abort(404)
    if not can_see(doc, acc):
        abort(404)
    return doc


def role_required(role: str) -> Callable:
    """``editor``: admin or archivist; ``admin``: admin only. Anonymous users go to /login."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            acc = account()
            if acc is None:
                return current_app.login_manager.unauthorized()
            allowed = acc.is_admin if role == "admin" else acc.can_edit
            if not allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
