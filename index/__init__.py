"""Vietnamese full-text search over the archive (Whoosh).

A leaf package: it imports only the standard library and Whoosh, and receives plain
dataclasses. Everything else in the project goes through :class:`SearchIndex`.
"""

from .analysis import VietnameseAnalyzer, fold, normalize_syllable, tokenize
from .backend import SearchIndex
from .query import highlight_terms, parse_query
from .schema import SCHEMA_VERSION
from .types import (
    Hit,
    IndexDocument,
    IndexUnavailableError,
    QueryError,
    RebuildInProgressError,
    SearchIndexError,
    SearchRequest,
    SearchResults,
)

__all__ = [
    "SCHEMA_VERSION",
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
    "normalize_syllable",
    "parse_query",
    "tokenize",
]
