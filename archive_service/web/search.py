"""Search: one box, facets (type, issuer under its parent body, year, phông, hồ sơ; several
values of one facet may be chosen), a date range, sort, pages, "did you mean", a thumbnail
of each hit's first page; archivists file checked hits into a hồ sơ."""

from __future__ import annotations

import logging
import math
import re
import time
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, g, render_template, request
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from archive_service import indexing
from archive_service.errors import InputRejectedError
from archive_service.finding_aids import vn_date
from archive_service.indexing import open_index
from archive_service.models import PageRow
from archive_service.web import fields
from archive_service.web.access import account, catalog, document_marks
from index import IndexUnavailableError, QueryError, SearchRequest, SearchResults, split_issuer_key

bp = Blueprint("search", __name__)
log = logging.getLogger(__name__)
INDEX_CHECK_INTERVAL = 30.0  # seconds a matching index is trusted before a search compares again
_index_checked: dict[str, float] = {}  # index dir → when it last matched the catalog

PER_PAGE = 20
FILTERS = ("doc_type", "issuer", "year", "date_from", "date_to", "number", "signer", "fonds",
           "file")
FACETS = ("doc_type", "issuer", "year", "fonds", "file")  # several values may be chosen
MAX_CHOSEN = 20  # values of one facet at once
FACET_SHOWN = 8  # values listed before "thêm…"
MAX_PAGE = 500
YEAR = re.compile(r"[0-9]{1,4}")  # ASCII digits only: "²".isdigit() is true, int("²") fails
DAY_MONTH_YEAR = re.compile(r"[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _values(args: Mapping[str, str], name: str) -> list[str]:
    """The values of one argument (several for a facet), NFC, without blanks or repeats."""
    raw = args.getlist(name) if hasattr(args, "getlist") else [args.get(name)]
    if name not in FACETS:
        raw = raw[:1]
    return list(dict.fromkeys(v[:200] for v in map(nfc, raw) if v))[:MAX_CHOSEN]


def typed_date(text: str) -> date:
    """A date as people type it here, ``12/01/2023`` (or ``12-01-2023``, ``12.01.2023``), or
    ISO ``2023-01-12`` as links and the API give it; anything else is a QueryError that says
    how to write it."""
    typed = text.strip()
    if DAY_MONTH_YEAR.fullmatch(typed) or ISO_DATE.fullmatch(typed):  # ASCII digits only
        try:
            return date.fromisoformat(fields.parse_date(typed))
        except InputRejectedError:
            pass  # no such day: said below in the search's words
    raise QueryError(_("Ngày không hợp lệ: «%(text)s». Hãy viết ngày theo dạng ngày/tháng/năm, "
                       "ví dụ 12/01/2023.", text=text[:40]))


def build_request(args: Mapping[str, str], clearance: int, per_page: int = PER_PAGE) -> SearchRequest:
    """A SearchRequest from query-string arguments (q, page, sort and the filters; a facet's
    argument may be repeated: any of its values)."""
    try:
        page = min(max(1, int(args.get("page", 1))), MAX_PAGE)
    except ValueError:
        page = 1
    sort = "date" if args.get("sort") == "date" else "relevance"
    filters: dict[str, Any] = {}
    for name in FILTERS:
        values: list[Any] = _values(args, name)
        if name == "year":
            for value in values:
                if not YEAR.fullmatch(value):
                    raise QueryError(_("Năm không hợp lệ: %(y)s", y=value))
            values = [int(v) for v in values]
        if values:
            filters[name] = values[0] if len(values) == 1 else values
    for name in ("date_from", "date_to"):
        if name in filters:
            filters[name] = typed_date(filters[name]).isoformat()
    if filters.get("date_from", "") > filters.get("date_to", "9999"):
        raise QueryError(_("Ngày bắt đầu (%(a)s) sau ngày kết thúc (%(b)s).",
                           a=vn_date(filters["date_from"]), b=vn_date(filters["date_to"])))
    return SearchRequest(q=nfc(args.get("q"))[:1000], page=page, per_page=per_page, sort=sort,
                         filters=filters, clearance=clearance)


def run_search(req: SearchRequest) -> SearchResults:
    """Search the index, checked against the catalog (never a silent 0).

    An index not created yet while nothing was indexed reads as empty. A lost or damaged one
    is repaired from the catalog in the background and IndexUnavailableError raised; an
    incomplete one answers from what remains, sets ``g.index_missing`` (how many documents
    it lacks) and is repaired in the background.
    """
    cat = catalog()
    try:
        results = open_index(cat).search(req)
    except IndexUnavailableError:
        if not _check_index(cat, force=True):
            return SearchResults(0, [], {}, None, req.page, req.per_page)
        raise
    _check_index(cat)
    return results


def _check_index(cat, force: bool = False) -> bool:
    """Compare the index with the catalog (at most every ``INDEX_CHECK_INTERVAL`` while it
    matches: counting the catalog takes tens of ms at 100,000 documents); on a mismatch, log
    it, start the repair and return True."""
    key = str(cat.config.index_dir)
    if not force and time.monotonic() - _index_checked.get(key, -INDEX_CHECK_INTERVAL) \
            < INDEX_CHECK_INTERVAL:
        return False
    health = indexing.quick_check(cat)
    if health.healthy:
        _index_checked[key] = time.monotonic()
        return False
    _index_checked.pop(key, None)
    log.warning("search index does not match the catalog (%s): repairing it", health.describe())
    indexing.heal_in_background(cat)
    g.index_missing = max(1, len(health.missing))
    return True


@bp.after_app_request
def _flag_incomplete_index(response):
    """Answers given from an incomplete index say so (``X-Archive-Index-Missing``)."""
    missing = g.get("index_missing")
    if missing:
        response.headers["X-Archive-Index-Missing"] = str(missing)
    return response


def page_url(args: Mapping[str, str], **changes: Any) -> str:
    """The current search URL with some arguments changed (None or [] removes one, a list
    repeats it)."""
    merged = {k: _all(args, k) for k in args if k != "lang"}
    for key, value in changes.items():
        merged[key] = list(value) if isinstance(value, list | tuple) else \
            ([] if value is None else [value])
    if "page" not in changes:
        merged.pop("page", None)
    pairs = [(k, v) for k, values in merged.items() for v in values if v not in ("", None)]
    return "/search?" + urlencode(pairs) if pairs else "/search"


def _all(args: Mapping[str, str], name: str) -> list[str]:
    return args.getlist(name) if hasattr(args, "getlist") else [args[name]]


def toggle_url(args: Mapping[str, str], name: str, value: str) -> str:
    """The search URL with one facet value chosen, or unchosen when it was."""
    chosen = [v for v in _all(args, name) if v] if name in args else []
    chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
    return page_url(args, **{name: chosen})


def facet_label(name: str, value: str) -> tuple[str | None, str]:
    """``(parent body or None, label)`` of a facet value (the issuer under its parent)."""
    return split_issuer_key(value) if name == "issuer" else (None, value)


def page_one_images(doc_ids: list[int]) -> set[int]:
    """The documents among ``doc_ids`` that have an image of page 1 (for thumbnails)."""
    if not doc_ids:
        return set()
    with catalog().db.session() as s:
        return set(s.scalars(select(PageRow.document_id).where(
            PageRow.document_id.in_(doc_ids), PageRow.number == 1, PageRow.image.is_not(None))))


@bp.route("/")
@bp.route("/search")
@login_required
def index():
    acc = account()
    error = None
    results = SearchResults(0, [], {}, None)
    req = None
    status = 200
    try:
        req = build_request(request.args, acc.clearance)
        results = run_search(req)
    except QueryError as exc:  # the page with its form and what to fix, as a 400
        error, status = str(exc), 400
    except IndexUnavailableError:
        error = _("Chỉ mục tìm kiếm bị mất hoặc hỏng và đang được tự động xây dựng lại từ danh "
                  "mục. Hãy thử lại sau ít phút.")
    if not error and g.get("index_missing"):
        error = _("Chỉ mục tìm kiếm đang thiếu %(n)d văn bản và đang được tự động bổ sung từ "
                  "danh mục; kết quả có thể chưa đầy đủ.", n=g.index_missing)
    pages = max(1, math.ceil(results.total / PER_PAGE))
    from archive_service.filing import Filing

    files = Filing(catalog()).list_files() if acc.can_edit else []
    ids = [int(hit.id) for hit in results.hits]
    args = request.args
    return render_template(
        "search.html", results=results, req=req, error=error, args=args,
        pages=min(pages, MAX_PAGE), page_url=lambda **kw: page_url(args, **kw),
        toggle_url=lambda name, value: toggle_url(args, name, value), facet_label=facet_label,
        marks=document_marks(ids), thumbs=page_one_images(ids), facet_shown=FACET_SHOWN,
        filters=[(k, v) for k in FILTERS for v in args.getlist(k) if v],
        chosen={k: [v for v in args.getlist(k) if v] for k in FACETS}, files=files,
    ), status
