"""Who may see and do what: the catalog of this app, role checks, document visibility.

A document above a user's clearance does not exist for that user: every lookup goes
through :func:`visible_document`, which answers 404 (never 403) for it. A document not yet
classified is restricted to its uploader and the highest clearance (classification.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from archive_service.catalog import Catalog, effective_metadata
from archive_service.classification import Declassifications, is_classified, may_see
from archive_service.config import Config
from archive_service.errors import NotFoundError
from archive_service.models import Document
from archive_service.users import Account, Users


def catalog() -> Catalog:
    return current_app.extensions["archive_catalog"]


def config() -> Config:
    return current_app.extensions["archive_config"]


def users() -> Users:
    return Users(catalog())


def declassifications() -> Declassifications:
    return Declassifications(catalog())


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

    Staff see processed documents only; everyone sees a document only up to their clearance;
    one not yet classified (waiting, processing, failed) only its uploader and the highest
    clearance see.
    """
    return may_see(doc, acc)


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


def marks(doc: Document) -> dict[str, Any]:
    """What a classification badge shows: confidentiality, urgency, and whether it is known."""
    meta = effective_metadata(doc)
    return {"confidentiality": meta.get("confidentiality"), "urgency": meta.get("urgency"),
            "classified": is_classified(doc)}


def document_marks(doc_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Badges of several documents (e.g. one page of search hits), by id."""
    if not doc_ids:
        return {}
    with catalog().db.session() as s:
        docs = s.scalars(select(Document).where(Document.id.in_(doc_ids)).options(
            selectinload(Document.fields), selectinload(Document.corrections))).all()
        return {doc.id: marks(doc) for doc in docs}


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
