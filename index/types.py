"""Plain data passed in and out of the index package, and its errors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

#: Confidentiality (độ mật) → clearance level needed to see the document.
CONFIDENTIALITY_LEVELS = {None: 0, "": 0, "mat": 1, "toi mat": 2, "tuyet mat": 3}

#: Between the parent body and the issuer in an issuer facet value ("UBND TỈNH X › SỞ NỘI VỤ").
ISSUER_SEPARATOR = " › "


def issuer_facet_key(issuer: str | None, parent_issuer: str | None) -> str:
    """The issuer facet value: the issuer (cơ quan ban hành) under its parent body (cơ quan
    chủ quản), so that the Sở Nội vụ of two provinces are two values."""
    issuer, parent = (issuer or "").strip(), (parent_issuer or "").strip()
    if not issuer:
        return ""
    return f"{parent}{ISSUER_SEPARATOR}{issuer}" if parent else issuer


def split_issuer_key(key: str) -> tuple[str | None, str]:
    """``(parent body or None, issuer)`` of an issuer facet value."""
    parent, sep, issuer = key.rpartition(ISSUER_SEPARATOR)
    return (parent or None, issuer) if sep else (None, key)


@dataclass
class IndexDocument:
    """One catalog record as the index sees it (all text NFC, with diacritics)."""

    id: str  # catalog id
    number: str | None = None  # số và ký hiệu: "2629/QĐ-UBND"
    issued_date: datetime.date | None = None  # ngày ban hành
    issuer: str | None = None  # cơ quan ban hành
    parent_issuer: str | None = None  # cơ quan chủ quản
    doc_type: str | None = None  # tên loại: "Quyết định"
    subject: str | None = None  # trích yếu
    signer: str | None = None  # người ký
    confidentiality: str | None = None  # độ mật: None, "Mật", "Tối mật", "Tuyệt mật"
    pages: list[str] = field(default_factory=list)  # OCR text per page
    fonds: str | None = None  # mã phông of the hồ sơ it is filed in
    file: str | None = None  # mã hồ sơ it is filed in


@dataclass
class SearchRequest:
    """A user's search.

    ``filters`` holds explicit filters (e.g. a clicked facet), with keys ``number``,
    ``doc_type``, ``issuer``, ``signer``, ``year`` (int), ``date_from``, ``date_to``
    (datetime.date), ``fonds`` (mã phông), ``file`` (mã hồ sơ). A facet's filter (``doc_type``,
    ``issuer``, ``year``, ``fonds``, ``file``) may be a list: any of its values matches, and
    that facet is counted as if it were not selected (its other values stay offered). An
    ``issuer`` value is an issuer facet value (parent › issuer) or an issuer alone.
    ``clearance`` is the highest confidentiality level the user may see: 0 public only, 1 Mật,
    2 Tối mật, 3 Tuyệt mật.
    """

    q: str = ""
    page: int = 1
    per_page: int = 10
    sort: Literal["relevance", "date"] = "relevance"
    filters: dict[str, Any] = field(default_factory=dict)
    clearance: int = 0
    facets: bool = True
    snippets: bool = True
    suggest: bool = True


@dataclass
class Hit:
    """One result line."""

    id: str
    score: float
    number: str | None
    issued_date: datetime.date | None
    issuer: str | None
    doc_type: str | None
    subject: str | None
    snippet: str  # HTML-escaped, <mark> around matches
    page: int | None  # 1-based page of the best passage
    parent_issuer: str | None = None  # cơ quan chủ quản


@dataclass
class SearchResults:
    """Hits of one page of results, with exact total, facets and a suggestion."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None = None
    page: int = 1
    per_page: int = 10
    total_exact: bool = True  # False: a long quoted phrase was too common to check all

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``archive search --json`` contract)."""
        return {
            "total": self.total,
            "total_exact": self.total_exact,
            "hits": [
                {
                    "id": int(h.id) if h.id.isdigit() else h.id,  # a document's id, as everywhere
                    "score": round(h.score, 4),
                    "number": h.number,
                    "issued_date": h.issued_date.isoformat() if h.issued_date else None,
                    "issuer": h.issuer,
                    "parent_issuer": h.parent_issuer,
                    "doc_type": h.doc_type,
                    "subject": h.subject,
                    "snippet": h.snippet,
                    "page": h.page,
                }
                for h in self.hits
            ],
            "facets": {k: [list(p) for p in v] for k, v in self.facets.items()},
            "suggestion": self.suggestion,
        }


class SearchIndexError(Exception):
    """Base error of the index package."""


class QueryError(SearchIndexError):
    """The query cannot be understood; the message is safe to show a user."""


class IndexUnavailableError(SearchIndexError):
    """The index is missing, corrupt or built with another schema: rebuild it.

    ``reason`` is one of ``"missing"``, ``"outdated"``, ``"corrupt"``.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        super().__init__(f"Chỉ mục tìm kiếm không dùng được ({reason}){': ' + detail if detail else ''}")


class RebuildInProgressError(SearchIndexError):
    """Another process is already rebuilding this index."""
