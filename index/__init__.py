"""Vietnamese full-text search over the archive (Whoosh).

A leaf package: it imports only the standard library and Whoosh, and receives plain
dataclasses. Everything else in the project goes through :class:`SearchIndex`.
"""

from .analysis import VietnameseAnalyzer, fold, normalize_syllable, tokenize
from .backend import SearchIndex
from .highlight import Highlighter
from .query import highlight_terms, highlighter_for, parse_query
from .schema import SCHEMA_VERSION
from .types import (
    ISSUER_SEPARATOR,
    Hit,
    IndexDocument,
    IndexUnavailableError,
    QueryError,
    RebuildInProgressError,
    SearchIndexError,
    SearchRequest,
    SearchResults,
    issuer_facet_key,
    split_issuer_key,
)

__all__ = [
    "ISSUER_SEPARATOR",
    "SCHEMA_VERSION",
    "Highlighter",
    "Hit",
    "IndexDocument",
    "IndexUnavailableError",
    "QueryError",
    "RebuildInProgressError",
    "SearchIndex",
    "SearchIndexError",
    "SearchRequest",
    "SearchResults",
    "VietnameseAnalyzer",
    "fold",
    "highlight_terms",
    "highlighter_for",
    "issuer_facet_key",
    "normalize_syllable",
    "parse_query",
    "split_issuer_key",
    "tokenize",
]
