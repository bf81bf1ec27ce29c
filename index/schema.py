"""The Whoosh schema and its version; a version change means a full rebuild."""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Frequency

from .analysis import VietnameseAnalyzer

#: Bump when fields or analysis change: an index with another version must be rebuilt.
SCHEMA_VERSION = 3

_ACCENTED = VietnameseAnalyzer()
_FOLDED = VietnameseAnalyzer(folded=True)
_PAIRS = VietnameseAnalyzer(folded=True, pairs=True)


def _freq_text(analyzer: VietnameseAnalyzer) -> TEXT:
    """A text field with term frequencies but no positions (smaller, faster)."""
    field = TEXT(analyzer=analyzer, phrase=False)
    field.format = Frequency()
    return field


def build_schema() -> Schema:
    """Fields: what is searched, what is filtered and faceted, what result lists show.

    * ``textf`` folded syllables with positions (matching, phrases); ``text`` the same with
      diacritics (exact-match ranking, did-you-mean vocabulary); ``pairs`` folded syllable
      bigrams (phrase ranking and pre-filtering without walking huge posting lists).
    * ``number_t`` / ``number_key`` the số và ký hiệu as tokens / as one key.
    * ``*_k`` exact values (columns for facets, terms for clicked facets); ``*_t`` folded
      text for typed filters; ``dord`` the date as an ordinal column (sorting, ranges).
    * Stored: only what a result line shows, plus ``body`` (zlib-compressed page text for
      snippets).
    """
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        number=STORED(),
        number_t=TEXT(analyzer=_FOLDED, phrase=True),
        number_key=ID(),
        issued=STORED(),
        date=DATETIME(),
        dord=NUMERIC(int, bits=32, sortable=True),
        year=ID(sortable=True),
        issuer=STORED(),
        issuer_k=ID(sortable=True),
        issuer_t=TEXT(analyzer=_FOLDED, phrase=True),
        doc_type=STORED(),
        doc_type_k=ID(sortable=True),
        doc_type_t=TEXT(analyzer=_FOLDED, phrase=True),
        signer_t=TEXT(analyzer=_FOLDED, phrase=True),
        subject=STORED(),
        acl=NUMERIC(int, bits=32, sortable=True),
        ntok=NUMERIC(int, bits=32, sortable=True),
        textf=TEXT(analyzer=_FOLDED, phrase=True),
        text=_freq_text(_ACCENTED),
        pairs=_freq_text(_PAIRS),
        body=STORED(),
    )
