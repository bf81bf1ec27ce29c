"""Vietnamese by default, English on request (``?lang=en``, remembered in the session).

Source strings are Vietnamese; ``translations/en`` holds the English catalog.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, request, session
from flask_babel import Babel, get_locale

from archive_service.finding_aids import vn_date

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


def select_locale() -> str:
    lang = request.args.get("lang")
    if lang in LANGUAGES:
        session["lang"] = lang
        return lang
    return session.get("lang") if session.get("lang") in LANGUAGES else "vi"


def format_date(value: date | datetime | str | None) -> str:
    """``2023-01-12`` → ``12/01/2023`` (the way dates are written on Vietnamese documents);
    a moment also gets its time."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return vn_date(value)


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.jinja_env.filters["vndate"] = format_date
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["get_locale"] = lambda: str(get_locale() or "vi")
    app.jinja_env.add_extension("jinja2.ext.do")
