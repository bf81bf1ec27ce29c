"""Builds the Flask web app and JSON API (never imports ``ingest``).

``create_app(test_config)`` builds the app, as in Flask's tutorial. ``test_config`` may hold
Flask settings and either ``ARCHIVE_CONFIG`` (a :class:`~archive_service.config.Config`) or
``ARCHIVE_*`` overrides of the settings.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from archive_service.catalog import Catalog
from archive_service.config import Config
from archive_service.models import MAX_ID
from archive_service.storage import write_atomic


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    test_config = dict(test_config or {})
    config = test_config.pop("ARCHIVE_CONFIG", None)
    if config is None:
        overrides = {k: v for k, v in test_config.items() if k.startswith("ARCHIVE_")}
        config = Config(**overrides)
    test_config = {k: v for k, v in test_config.items() if not k.startswith("ARCHIVE_")}

    app = Flask(__name__)
    app.url_map.converters["int"] = RowIdConverter
    catalog = Catalog(config)
    limit = config.max_upload_bytes
    app.config.from_mapping(
        SECRET_KEY=config.get("secret_key") or _stored_secret(config),
        MAX_CONTENT_LENGTH=limit + 1024 * 1024,  # one file per request, plus the form around it
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="archive_session",
        SESSION_COOKIE_SECURE=config.get("https"),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=config.get("https"),
        HSTS="max-age=31536000" if config.get("https") else "",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=10),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_DEFAULT_TIMEZONE="Asia/Ho_Chi_Minh",
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_HEADERS_ENABLED=False,
        LOGIN_RATE_LIMIT="10 per minute",
        JSON_AS_ASCII=False,
    )
    app.config.update(test_config)
    if proxies := config.get("trusted_proxies"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.extensions["archive_catalog"] = catalog
    app.extensions["archive_config"] = config

    from archive_service.web import (
        admin,
        api,
        api_batches,
        api_records,
        apidocs,
        auth,
        batches,
        documents,
        i18n,
        records,
        review,
        search,
        security,
        status,
        upload,
    )

    i18n.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    for module in (auth, search, documents, review, upload, status, admin, records, apidocs):
        app.register_blueprint(module.bp)
    batches.init_app(app)
    api.init_app(app)
    api_records.init_app(app)
    api_batches.init_app(app)
    return app


class RowIdConverter(IntegerConverter):
    """``<int:…>`` in every route: 0 to SQLite's largest integer; a larger one is a 404 (also
    for a method another rule of the path takes: more than 19 digits never match the path)."""

    regex = r"\d{1,19}"

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's signature)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _stored_secret(config: Config) -> str:
    """A random secret kept in <data dir>/secret_key, so sessions survive a restart."""
    path = config.data_dir / "secret_key"
    if not path.exists():
        write_atomic(path, secrets.token_hex(32).encode())
        os.chmod(path, 0o600)
    return path.read_text().strip()
