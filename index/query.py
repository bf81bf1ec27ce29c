"""Parse a user's query: free words, quoted phrases and field filters.

Syntax (field names may be typed with or without diacritics)::

    cai cach hanh chinh "bộ phận một cửa" so:2629/QĐ-UBND loai:"quyết định"
    coquan:"ubnd hau giang" nguoiky:lap nam:2023 nam:2020-2023
    ngay:[2023-01-01 to 2023-03-31] ngay:[01/01/2023 đến 31/03/2023] ngay:15/01/2023

Unknown ``word:`` prefixes are plain text. Malformed filters, dates and unbalanced quotes
raise QueryError with a message safe to show a user.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from .analysis import fold, fold_tokens, number_key, tokenize
from .highlight import Highlighter, build_highlighter
from .types import QueryError

FIELDS = {
    "so": "number",
    "loai": "doc_type",
    "coquan": "issuer",
    "nguoiky": "signer",
    "nam": "year",
    "ngay": "date",
    "phong": "fonds",
    "hoso": "file",
}
_TEXT_FILTER_FIELD = {
    "number": "number_t",
    "doc_type": "doc_type_t",
    "issuer": "issuer_t",
    "signer": "signer_t",
}
_EXACT_FILTER_FIELD = {"doc_type": "doc_type_k", "issuer": "issuer_k"}
FACETS = ("doc_type", "issuer", "year", "fonds", "file")  # filters that select facet values
_CODE_FILTER_FIELD = {"fonds": "fonds_k", "file": "file_k"}  # codes: always exact

_SCAN = re.compile(
    r"""(?P<field>[^\W\d_]+):(?:\[(?P<range>[^\]]*)(?P<rclose>\]?)|"(?P<fphrase>[^"]*)(?P<fclose>"?)|(?P<fvalue>[^\s"]*))
      |"(?P<phrase>[^"]*)(?P<pclose>"?)
      |(?P<word>[^\s"]+)""",
    re.VERBOSE,
)
_RANGE_SPLIT = re.compile(r"\s+(?:to|den|-)\s+", re.IGNORECASE)
_HELP = ('Cú pháp: từ khóa, "cụm từ", so:, loai:, coquan:, nguoiky:, nam:2023, '
         'ngay:[2023-01-01 to 2023-03-31], phong:MÃ, hoso:MÃ')


@dataclass
class Filter:
    """One filter: ``kind`` is ``phrase`` (tokens in a text field), ``term`` (exact key),
    ``years`` (inclusive int range), ``dates`` (inclusive ordinal range) or ``any`` (a list
    of filters, one of which must pass). ``facet`` names the facet a clicked value selects
    (its counts then leave this filter out)."""

    kind: str
    field: str = ""
    value: Any = None
    facet: str = ""


@dataclass
class ParsedQuery:
    """Free text as runs of adjacent syllables, quoted phrases, filters and number keys."""

    runs: list[list[str]] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    number_keys: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        """Every free and phrase syllable (diacritics as typed, normalised)."""
        return [t for run in self.runs + self.phrases for t in run]

    @property
    def is_empty(self) -> bool:
        return not self.terms


def _error(message: str) -> QueryError:
    return QueryError(f"{message}. {_HELP}")


_ASCII_NUMBER = re.compile(r"[0-9]{1,4}")


def _small_int(text: str) -> int:
    """An ASCII number of at most four digits (days, months, years); ValueError otherwise,
    so that ``²``, ``٣`` or a hundred nines never reach ``int()`` or ``datetime.date``."""
    text = text.strip()
    if not _ASCII_NUMBER.fullmatch(text):
        raise ValueError(text)
    return int(text)


def parse_date_bound(text: str, end: bool) -> datetime.date:
    """``2023-03-31``, ``31/03/2023``, ``03/2023`` or ``2023``; a month or year is widened
    to its first (``end`` false) or last day."""
    text = text.strip()
    try:
        pieces = re.split(r"[-/.]", text)
        parts = [_small_int(p) for p in pieces]
        if len(parts) == 3 and len(pieces[0].strip()) == 4:
            return datetime.date(parts[0], parts[1], parts[2])
        if len(parts) == 3:
            return datetime.date(parts[2], parts[1], parts[0])
        if len(parts) == 2:
            month, year = parts
            if not end:
                return datetime.date(year, month, 1)
            if month == 12:
                return datetime.date(year, 12, 31)
            return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
        if len(parts) == 1 and len(text) == 4:
            return datetime.date(parts[0], 12, 31) if end else datetime.date(parts[0], 1, 1)
    except (ValueError, OverflowError):
        pass
    raise _error(f"Ngày không hợp lệ: «{text[:40]}» (dùng 2023-01-31 hoặc 31/01/2023)")


def _date_filter(value: str, is_range: bool) -> Filter:
    if not is_range:
        lo, hi = parse_date_bound(value, False), parse_date_bound(value, True)
    else:
        sides = _RANGE_SPLIT.split(f" {fold(value)} ", maxsplit=1)
        if len(sides) != 2:
            raise _error("Khoảng ngày phải có dạng [từ to đến]")
        lo = parse_date_bound(sides[0], False) if sides[0].strip() else datetime.date.min
        hi = parse_date_bound(sides[1], True) if sides[1].strip() else datetime.date.max
    if lo > hi:
        raise _error("Ngày bắt đầu sau ngày kết thúc")
    return Filter("dates", value=(lo.toordinal(), hi.toordinal()))


def _year_filter(value: str, is_range: bool) -> Filter:
    sides = _RANGE_SPLIT.split(value.strip(), maxsplit=1) if is_range else value.split("-", 1)
    try:
        texts = [s for s in sides if s.strip()] if len(sides) == 2 else [value, value]
        years = [_small_int(s) for s in texts]
    except ValueError:
        raise _error(f"Năm không hợp lệ: «{value[:40]}»") from None
    if len(years) != 2 or years[0] > years[1]:
        raise _error(f"Năm không hợp lệ: «{value[:40]}»")
    return Filter("years", value=(years[0], years[1]))


def build_filter(name: str, value: Any, is_range: bool = False, exact: bool = False) -> Filter:
    """A filter from a field name (``number``, ``doc_type``, ``issuer``, ``signer``,
    ``year``, ``date``, ``fonds``, ``file``) and its value; ``exact`` matches a facet value
    as is (codes of phông and hồ sơ always do)."""
    if name == "date":
        return _date_filter(str(value), is_range)
    if name == "year":
        return _year_filter(str(value), is_range)
    if name in _CODE_FILTER_FIELD:
        from .analysis import normalize_text

        code = normalize_text(str(value)).strip()
        if not code:
            raise _error(f"Thiếu giá trị cho bộ lọc «{name}»")
        return Filter("term", _CODE_FILTER_FIELD[name], code)
    if exact and name in _EXACT_FILTER_FIELD:
        from .analysis import normalize_text

        key = normalize_text(str(value)).strip()
        if name == "issuer":  # an issuer facet value (parent › issuer), or an issuer alone
            return Filter("any", value=[Filter("term", "issuer_pk", key),
                                        Filter("term", "issuer_k", key)])
        return Filter("term", _EXACT_FILTER_FIELD[name], key)
    tokens = fold_tokens(tokenize(str(value)))
    if not tokens:
        raise _error(f"Thiếu giá trị cho bộ lọc «{name}»")
    return Filter("phrase", _TEXT_FILTER_FIELD[name], tokens)


def _number_keys(words: list[str], run: list[str]) -> list[str]:
    keys = [number_key(w) for w in words if re.search(r"\d", w) and re.search(r"[/-]", w)]
    folded = fold_tokens(run)
    for i, tok in enumerate(folded):
        if tok[:1].isdigit():
            keys += ["".join(folded[i : j + 1]) for j in range(i + 1, min(i + 4, len(folded)))]
    return list(dict.fromkeys(k for k in keys if k))


def parse_query(q: str) -> ParsedQuery:
    """Parse ``q``; raises QueryError on malformed syntax."""
    parsed = ParsedQuery()
    run: list[str] = []
    words: list[str] = []

    def close_run() -> None:
        nonlocal run, words
        if run:
            parsed.runs.append(run)
            parsed.number_keys += _number_keys(words, run)
        run, words = [], []

    for m in _SCAN.finditer(q or ""):
        name = fold(m["field"] or "").lower()
        if m["field"] and name in FIELDS:
            close_run()
            parsed.filters.append(_field_filter(m, FIELDS[name]))
        elif m["phrase"] is not None:
            if not m["pclose"]:
                raise _error("Thiếu dấu ngoặc kép đóng")
            close_run()
            if tokens := tokenize(m["phrase"]):
                parsed.phrases.append(tokens)
        else:
            text = m[0]
            if m["fclose"] == "" and m["fphrase"] is not None:
                raise _error("Thiếu dấu ngoặc kép đóng")
            words.append(text)
            run += tokenize(text)
    close_run()
    parsed.number_keys = list(dict.fromkeys(parsed.number_keys))
    return parsed


def _field_filter(m: re.Match, name: str) -> Filter:
    if m["range"] is not None:
        if not m["rclose"]:
            raise _error("Thiếu dấu ngoặc vuông đóng «]»")
        if name not in ("date", "year"):
            raise _error("Chỉ lọc khoảng cho ngay: và nam:")
        return build_filter(name, m["range"], is_range=True)
    if m["fphrase"] is not None:
        if not m["fclose"]:
            raise _error("Thiếu dấu ngoặc kép đóng")
        value = m["fphrase"]
    else:
        value = m["fvalue"]
    if not value.strip():
        raise _error(f"Thiếu giá trị sau «{m['field']}:»")
    return build_filter(name, value)


def explicit_filters(filters: dict[str, Any]) -> list[Filter]:
    """Filters given as data (clicked facets): ``number``, ``doc_type``, ``issuer``,
    ``signer``, ``year``, ``date_from``, ``date_to``, ``fonds``, ``file``; a facet's value
    may be a list (any of them)."""
    out = []
    for name, value in filters.items():
        if value in (None, "") or name in ("date_from", "date_to"):
            continue
        if name not in _TEXT_FILTER_FIELD and name not in _CODE_FILTER_FIELD and name != "year":
            raise QueryError(f"Bộ lọc không hỗ trợ: {name}")
        values = [v for v in value if v not in (None, "")] if isinstance(value, list | tuple) \
            else [value]
        if not values:
            continue
        if len(values) > 1 and name not in FACETS:
            raise QueryError(f"Bộ lọc «{name}» chỉ nhận một giá trị")
        parts = [build_filter(name, v, exact=True) for v in dict.fromkeys(values)]
        flt = parts[0] if len(parts) == 1 else Filter("any", value=parts)
        flt.facet = name if name in FACETS else ""
        out.append(flt)
    lo, hi = filters.get("date_from"), filters.get("date_to")
    if lo or hi:
        lo = parse_date_bound(lo, False) if isinstance(lo, str) else lo or datetime.date.min
        hi = parse_date_bound(hi, True) if isinstance(hi, str) else hi or datetime.date.max
        out.append(Filter("dates", value=(lo.toordinal(), hi.toordinal())))
    return out


def highlight_terms(q: str) -> list[str]:
    """Folded syllables of the free text and phrases of ``q``, to mark OCR word boxes.

    Compare with ``fold(word).lower()`` of each OCR word (after the same tone normalisation,
    which :func:`index.analysis.tokenize` applies). Malformed queries give an empty list.
    """
    try:
        parsed = parse_query(q)
    except QueryError:
        return []
    return list(dict.fromkeys(fold_tokens(parsed.terms)))


def highlighter_for(q: str) -> Highlighter:
    """What to mark for the query ``q`` (phrases as phrases, see :mod:`index.highlight`):
    ``.find(texts)`` in a document's texts, ``.words(pages)`` in its OCR words. A malformed
    query marks nothing."""
    try:
        parsed = parse_query(q)
    except QueryError:
        return build_highlighter([])
    return build_highlighter(parsed.runs, parsed.phrases)
