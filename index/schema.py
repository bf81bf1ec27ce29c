"""The Whoosh schema and its version; a version change means a full rebuild."""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Frequency

from .analysis import VietnameseAnalyzer

#: Bump when fields or analysis change: an index with another version must be rebuilt.
SCHEMA_VERSION = 7

_ACCENTED = VietnameseAnalyzer()
_FOLDED = VietnameseAnalyzer(folded=True)
_PAIRS = VietnameseAnalyzer(folded=True, pairs=True)


def _text(analyzer: VietnameseAnalyzer, positions: bool = True) -> TEXT:
    """A text field without Whoosh's per-field lengths (ranking uses the ``ntok`` column):
    not storing them makes indexing much cheaper."""
    field = TEXT(analyzer=analyzer, phrase=positions)
    if not positions:
        field.format = Frequency()
    field.scorable = False
    return field


def build_schema() -> Schema:
    """Fields: what is searched, what is filtered and faceted, what result lists show.

    * ``text`` syllables with diacritics and positions. Accentless matching unions the
      postings of every spelling of a folded syllable found in the lexicon (``duong`` →
      ``đường``, ``dương``, ``đương``…), so no folded twin field has to be written.
      ``pairs`` folded syllable bigrams (phrase ranking and pre-filtering without walking
      huge posting lists).
    * ``number_t`` / ``number_key`` the số và ký hiệu as tokens / as one key.
    * ``meta_pairs`` ``<field>|<pair>`` bigrams of the ``*_t`` fields (phrase filters).
    * ``*_k`` exact values (columns for facets, terms for clicked facets; ``fonds_k`` and
      ``file_k`` the codes of the phông and hồ sơ a document is filed in; ``issuer_pk`` the
      issuer under its parent body, the issuer facet: ``UBND TỈNH X › SỞ NỘI VỤ``); ``*_t`` folded
      text for typed filters; ``dord`` the date as an ordinal column (sorting, ranges).
    * Stored: only what a result line shows, plus ``body`` (zlib-compressed page text for
      snippets).
    """
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        number=STORED(),
        number_t=_text(_FOLDED, positions=False),
        number_key=ID(),
        issued=STORED(),
        date=DATETIME(),
        dord=NUMERIC(int, bits=32, sortable=True),
        year=ID(sortable=True),
        issuer=STORED(),
        issuer_k=ID(sortable=True),
        issuer_pk=ID(sortable=True),
        parent_issuer=STORED(),
        issuer_t=_text(_FOLDED, positions=False),
        doc_type=STORED(),
        doc_type_k=ID(sortable=True),
        doc_type_t=_text(_FOLDED, positions=False),
        signer_t=_text(_FOLDED, positions=False),
        fonds_k=ID(sortable=True),
        file_k=ID(sortable=True),
        meta_pairs=_text(_PAIRS, positions=False),
        subject=STORED(),
        acl=NUMERIC(int, bits=32, sortable=True),
        ntok=NUMERIC(int, bits=32, sortable=True),
        text=_text(_ACCENTED),
        pairs=_text(_PAIRS, positions=False),
        body=STORED(),
    )
