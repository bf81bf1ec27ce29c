"""Run a parsed query over a View: match, filter, facet, rank, highlight, suggest.

Matching is accent-insensitive (folded syllables). Ranking is tiered, then BM25 inside a
tier: a document whose number matches the query comes first, then documents with every
syllable exactly as typed (when the query had diacritics), then by how many of the query's
adjacent syllable pairs stand together in the document (phrase boost).
"""

from __future__ import annotations

import bisect
import datetime
import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable

from .analysis import (
    bigrams,
    fold,
    fold_tokens,
    folded_regex,
    has_diacritics,
    normalize_syllable,
)
from .bitmap import build_bits, count_planes, docnums, has, iter_docnums, to_bytes, with_count
from .engine import View
from .highlight import Highlighter, build_highlighter, build_snippet
from .query import _SCAN, FIELDS, Filter, ParsedQuery
from .types import Hit, SearchRequest, SearchResults
from .writer import unpack_pages

K1, B = 1.2, 0.75
FACET_FIELDS = {"doc_type": "doc_type_k", "issuer": "issuer_pk", "year": "year",
                "fonds": "fonds_k", "file": "file_k"}
FACET_SIZE = 50
VERIFY_LIMIT = 800
PRESELECT = 30  # BM25-score at most 30 × the needed hits in a very large group
SCORE_ALL = 2000  # a group this small is BM25-scored whole
NEWEST_BY_HEAP = 5000  # fewer documents: sort them by date; more: walk the date order
MANY_VALUES = 256  # facet values beyond which a sparse match is counted document by document


def _and(sets: Iterable[int]) -> int:
    """Intersection of bitmaps (the first is the starting set)."""
    it = iter(sets)
    out = next(it)
    for bits in it:
        if not out:
            break
        out &= bits
    return out


def _phrase_bits(view: View, field: str, tokens: list[str]) -> int:
    """Documents with the folded ``tokens`` adjacent in a small metadata ``field`` (by
    their pairs; exact for two syllables, near-exact for more in such short values)."""
    if len(tokens) == 1:
        return view.bits(field, tokens[0])
    return _and(view.bits("meta_pairs", f"{field}|{p}") for p in bigrams(tokens))


def _text_phrase_candidates(view: View, tokens: list[str]) -> int:
    """Documents with every adjacent pair of the phrase (exact for two syllables)."""
    if len(tokens) < 2:
        return view.bits("textf", tokens[0])
    return _and(view.bits("pairs", p) for p in bigrams(tokens))


def phrase_regex(tokens: list[str]) -> re.Pattern:
    r"""Matches the folded ``tokens`` as consecutive syllables in lower-cased text.

    The word-start check comes after the first letter (``(?<!\w.)``): a pattern that opens
    with a letter lets ``re`` skip ahead to it, many times faster than opening with
    ``(?<!\w)``, which is tried at every position.
    """
    first, rest = tokens[0][:1], [tokens[0][1:], *tokens[1:]]
    body = r"\W+".join(map(folded_regex, rest))
    return re.compile(folded_regex(first) + r"(?<!\w(?s:.))" + body + r"(?!\w)")


def has_phrases(view: View, docnum: int, patterns: list[re.Pattern]) -> bool:
    """Check phrases of three or more syllables on the stored text of one document."""
    stored = view.stored(docnum)
    meta = [stored.get(k) or "" for k in ("number", "doc_type", "subject", "issuer")]
    text = "\n".join(meta + unpack_pages(stored.get("body"))).lower()
    return all(p.search(text) for p in patterns)


def filter_bits(view: View, flt: Filter) -> int | None:
    """Documents passing a filter; None for date filters (applied last, on the column)."""
    if flt.kind == "term":
        return view.bits(flt.field, flt.value)
    if flt.kind == "phrase":
        return _phrase_bits(view, flt.field, flt.value)
    if flt.kind == "any":
        found = 0
        for part in flt.value:
            found |= filter_bits(view, part) or 0
        return found
    if flt.kind == "years":
        lo, hi = flt.value
        found = 0
        for year, bits in view.value_bits("year").items():
            if str(year).isdigit() and lo <= int(year) <= hi:
                found |= bits
        return found
    return None


def _in_dates(view: View, docs: int, lo: int, hi: int) -> int:
    """Documents of ``docs`` issued between the ordinals ``lo`` and ``hi``."""
    order, keys = view.date_order()
    start, stop = bisect.bisect_left(keys, lo), bisect.bisect_right(keys, hi)
    if docs.bit_count() < stop - start:
        dord = view.column("dord")
        return build_bits(d for d in iter_docnums(docs) if lo <= dord[d] <= hi)
    return docs & build_bits(order[start:stop])


def match(view: View, parsed: ParsedQuery, filters: list[Filter], clearance: int) -> int:
    """Visible documents with every syllable (folded), every phrase and every filter.

    Phrases of three or more syllables are matched here by their adjacent pairs; see
    :func:`check_phrases` for the exact check.
    """
    base, selected = match_parts(view, parsed, filters, clearance)
    return _and([base, *selected.values()])


def match_parts(
    view: View, parsed: ParsedQuery, filters: list[Filter], clearance: int
) -> tuple[int, dict[str, int]]:
    """The documents passing everything but the facet selections, and the documents of each
    selected facet (``{facet: bitmap}``): a facet is counted without its own selection."""
    sets = [view.visible_bits(clearance)]
    for term in dict.fromkeys(fold_tokens(parsed.terms)):
        sets.append(view.bits("textf", term))
    for phrase in parsed.phrases:
        sets.append(_text_phrase_candidates(view, fold_tokens(phrase)))
    dates, selected = [], {}
    for flt in filters:
        found = filter_bits(view, flt)
        if found is None:
            dates.append(flt.value)
        elif flt.facet:
            selected[flt.facet] = selected.get(flt.facet, found) & found
        else:
            sets.append(found)
    result = _and(sets)
    for lo, hi in dates:
        if result:
            result = _in_dates(view, result, lo, hi)
    return result, selected


def check_phrases(view: View, parsed: ParsedQuery, docs: int) -> tuple[int, bool]:
    """Drop documents where a long phrase's pairs are present but not consecutive.

    Exact up to VERIFY_LIMIT candidates; beyond, returns the pair match and False (the total
    and facets are then an upper bound; hits are still checked one by one).
    """
    patterns = [phrase_regex(fold_tokens(p)) for p in parsed.phrases if len(p) > 2]
    if not patterns:
        return docs, True
    if docs.bit_count() > VERIFY_LIMIT:
        return docs, False
    return build_bits(d for d in iter_docnums(docs) if has_phrases(view, d, patterns)), True


def _ranked_counts(counts: dict, keep: Iterable[str] = ()) -> list[tuple[str, int]]:
    """The FACET_SIZE most frequent values, then those of ``keep`` (selected) not among them."""
    counts = {str(k): v for k, v in counts.items() if v and k not in ("", None)}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
    shown = {k for k, _v in ranked}
    ranked += [(k, counts[k]) for k in dict.fromkeys(keep) if k in counts and k not in shown]
    return ranked


def count_facets(
    view: View,
    docs: int,
    selected: dict[str, int] | None = None,
    base: int = 0,
    keep: dict[str, list[str]] | None = None,
) -> dict[str, list[tuple[str, int]]]:
    """Counts of doc type, issuer (under its parent body), year, phông and hồ sơ over
    ``docs`` (most frequent first): one ``&`` and ``bit_count()`` per value, or a count over
    the documents when there are many values and few documents. A facet with ``selected``
    values is counted over ``base`` and the other selections, so its other values stay
    offered; the ``keep`` values (those selected) are always listed."""
    facets = {}
    selected, keep = selected or {}, keep or {}
    numbers: dict[int, list[int]] = {}  # docnums of each pool, listed once
    for name, field in FACET_FIELDS.items():
        pool = docs
        if name in selected:
            pool = _and([base, *(bits for other, bits in selected.items() if other != name)])
        counts = _value_counts(view, field, pool, numbers)
        facets[name] = _ranked_counts(counts, keep.get(name, ()))
    return facets


def _value_counts(view: View, field: str, docs: int, numbers: dict[int, list[int]]) -> dict:
    values = view.value_bits(field)
    if len(values) > MANY_VALUES and docs.bit_count() < len(values) * 64:
        if docs not in numbers:
            numbers[docs] = docnums(docs)
        return Counter(map(view.column(field).__getitem__, numbers[docs]))
    return {value: (docs & bits).bit_count() for value, bits in values.items()}


class _Scorer:
    """BM25 over folded syllables, syllable pairs and exact (accented) syllables; scores
    are remembered, so ranking deeper costs only the new documents."""

    def __init__(self, view: View, parsed: ParsedQuery) -> None:
        n = max(1, view.searcher.doc_count_all())
        self.view = view
        self.norms = view.cached(("@bm25-norms",), lambda: _norms(view.column("ntok")))
        self.memo: dict[int, float] = {}
        self.terms = []
        folded = list(dict.fromkeys(fold_tokens(parsed.terms)))
        pairs = list(dict.fromkeys(p for run in parsed.runs for p in bigrams(fold_tokens(run))))
        exact = [t for t in dict.fromkeys(parsed.terms) if has_diacritics(t)]
        for field, terms in (("textf", folded), ("pairs", pairs), ("text", exact)):
            for term in terms:
                df = view.bits(field, term).bit_count()
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                self.terms.append((df, field, term, view.local_postings(field, term), idf * (K1 + 1)))

    def preselect(self, group: int, count: int) -> list[int]:
        """``count`` documents of ``group``: those with the rarest query term, highest term
        frequency first, then those with the next rarest…: a C-speed cut before BM25 in
        groups too large to score one by one."""
        picked: list[int] = []
        taken = 0
        for _df, field, term in sorted((df, f, t) for df, f, t, _p, _w in self.terms if df):
            for _weight, bits in self.view.weight_bits(field, term):
                new = group & bits & ~taken
                picked += itertools.islice(iter_docnums(new), count - len(picked))
                if len(picked) >= count:
                    return picked
                taken |= new
        return picked + list(itertools.islice(iter_docnums(group & ~taken), count - len(picked)))

    def __call__(self, docnum: int) -> float:
        score = self.memo.get(docnum)
        if score is None:
            norm = self.norms[docnum]
            leaf, local = self.view.locate(docnum)
            score = 0.0
            for _df, _field, _term, postings, weight in self.terms:
                tf = postings[leaf].get(local)
                if tf:
                    score += weight * tf / (tf + norm)
            self.memo[docnum] = score
        return score


def _norms(ntok: list[int]) -> list[float]:
    """BM25 length normalisation ``k1 × (1 − b + b × length / average)`` of every document."""
    avg = max(1.0, sum(ntok) / max(1, len(ntok)))
    return [K1 * (1 - B + B * n / avg) for n in ntok]


def _tiers(view: View, parsed: ParsedQuery, docs: int) -> list[tuple[float, int]]:
    """Groups of ``docs``, best first, with the bonus added to their BM25 score."""
    numbers = 0
    for key in parsed.number_keys:
        numbers |= view.bits("number_key", key)
    numbers &= docs
    exact_terms = list(dict.fromkeys(parsed.terms))
    exact = 0
    if any(has_diacritics(t) for t in exact_terms):
        exact = _and([docs] + [view.bits("text", t) for t in exact_terms])
    pairs = list(dict.fromkeys(p for run in parsed.runs for p in bigrams(fold_tokens(run))))
    groups = [(200.0, numbers), (100.0, exact & ~numbers)]
    rest = docs & ~numbers & ~exact
    planes = count_planes([rest & view.bits("pairs", pair) for pair in pairs])
    for count in range(len(pairs), -1, -1):
        groups.append((10.0 * count, with_count(planes, count, rest)))
    return [(bonus, group) for bonus, group in groups if group]


def _newest_years(view: View, docs: int, k: int) -> tuple[int, int]:
    """The documents of ``docs`` in the newest years holding ``k`` of them, and the last
    ordinal of those years (all of ``docs`` and no bound when fewer are dated)."""
    years = view.value_bits("year")
    chosen = count = 0
    for year in sorted((y for y in years if str(y).isdigit()), key=int, reverse=True):
        part = docs & years[year]
        chosen |= part
        count += part.bit_count()
        if count >= k:
            return chosen, datetime.date(int(year), 12, 31).toordinal()
    return docs, datetime.date.max.toordinal()


def _newest(view: View, docs: int, k: int) -> list[int]:
    """The ``k`` newest documents of ``docs`` (then highest docnum first): a sort of the
    newest years' documents when they are few, else a walk down the cached date order."""
    last = datetime.date.max.toordinal()
    if docs.bit_count() >= NEWEST_BY_HEAP:
        docs, last = _newest_years(view, docs, k)
    if docs.bit_count() < NEWEST_BY_HEAP:
        dord = view.column("dord")
        return heapq.nlargest(k, iter_docnums(docs), key=lambda d: (dord[d], d))
    order, keys = view.date_order()
    data, found = to_bytes(docs), []
    for i in range(bisect.bisect_right(keys, last) - 1, -1, -1):
        if has(data, order[i]):
            found.append(order[i])
            if len(found) == k:
                break
    return found


def rank(
    view: View,
    parsed: ParsedQuery,
    docs: int,
    sort: str,
    k: int,
    scorer: _Scorer | None = None,
    pool: int = 0,
) -> list:
    """The best ``k`` documents as ``(score, docnum)``, by relevance or newest first.

    A group larger than ``pool`` (default PRESELECT × the hits still needed) and SCORE_ALL
    is cut to ``pool`` documents by :meth:`_Scorer.preselect` before BM25.
    """
    if sort == "date" or parsed.is_empty:
        return [(0.0, d) for d in _newest(view, docs, k)]
    scorer = scorer or _Scorer(view, parsed)
    ranked: list = []
    for bonus, group in _tiers(view, parsed, docs):
        need = k - len(ranked)
        if need <= 0:
            break
        size, cut = group.bit_count(), pool or PRESELECT * need
        big = size > cut and size > SCORE_ALL
        candidates = scorer.preselect(group, cut) if big else docnums(group)
        top = heapq.nlargest(need, candidates, key=scorer)
        ranked += [(bonus + scorer(d), d) for d in top]
    return ranked


def _hit(view: View, score: float, docnum: int, highlighter: Highlighter | None) -> Hit:
    stored = view.stored(docnum)
    issued = stored.get("issued")
    snippet, page = "", None
    if highlighter is not None:
        body = unpack_pages(stored.get("body"))
        snippet, page = build_snippet(body, stored.get("subject"), highlighter)
    return Hit(
        id=stored["id"],
        score=score,
        number=stored.get("number"),
        issued_date=datetime.date.fromisoformat(issued) if issued else None,
        issuer=stored.get("issuer"),
        doc_type=stored.get("doc_type"),
        subject=stored.get("subject"),
        snippet=snippet,
        page=page,
        parent_issuer=stored.get("parent_issuer"),
    )


def _ranked_page(
    view: View, parsed: ParsedQuery, docs: int, request: SearchRequest, exact: bool
) -> list:
    """Ranked ``(score, docnum)`` down to the requested page; when the phrase match was
    not verified, each ranked document is checked and failures replaced (ranking deeper
    within a pool of twice the depth, at least PRESELECT × the needed hits)."""
    page, per_page = max(1, request.page), max(1, min(request.per_page, 200))
    need = page * per_page
    if exact:
        return rank(view, parsed, docs, request.sort, need)
    patterns = [phrase_regex(fold_tokens(p)) for p in parsed.phrases if len(p) > 2]
    checked: dict[int, bool] = {}
    depth = need * 2
    scorer = _Scorer(view, parsed)
    while True:  # rank deeper and deeper until enough ranked documents pass the check
        pool = max(PRESELECT * need, 2 * depth)
        ranked = rank(view, parsed, docs, request.sort, depth, scorer, pool)
        good = []
        for score, docnum in ranked:
            if docnum not in checked:
                checked[docnum] = has_phrases(view, docnum, patterns)
            if checked[docnum]:
                good.append((score, docnum))
                if len(good) == need:
                    return good
        if len(ranked) < depth:
            return good
        depth *= 4


def run_search(
    view: View, request: SearchRequest, parsed: ParsedQuery, filters: list[Filter], vocab: dict
) -> SearchResults:
    """Execute one search request against one opened View."""
    base, selected = match_parts(view, parsed, filters, request.clearance)
    docs, exact = check_phrases(view, parsed, _and([base, *selected.values()]))
    page, per_page = max(1, request.page), max(1, min(request.per_page, 200))
    ranked = _ranked_page(view, parsed, docs, request, exact)
    highlighter = build_highlighter(parsed.runs, parsed.phrases) if request.snippets else None
    hits = [_hit(view, s, d, highlighter) for s, d in ranked[(page - 1) * per_page :]]
    facets = {}
    if request.facets:
        if selected:  # long phrases checked on the larger sets too (exact up to VERIFY_LIMIT)
            base = check_phrases(view, parsed, base)[0]
        facets = count_facets(view, docs, selected, base, _selected_values(request.filters))
    suggestion = None
    if request.suggest:
        suggestion = suggest(view, request.q, parsed, vocab, view.visible_bits(request.clearance))
    return SearchResults(docs.bit_count(), hits, facets, suggestion, page, per_page, exact)


def _selected_values(filters: dict) -> dict[str, list[str]]:
    """The values selected in each facet, as strings."""
    out = {}
    for name in FACET_FIELDS:
        value = filters.get(name)
        values = value if isinstance(value, list | tuple) else [value]
        out[name] = [str(v) for v in values if v not in (None, "")]
    return out


def build_vocabulary(view: View) -> dict[str, str]:
    """Folded syllable → its most frequent spelling with diacritics in the index (document
    frequencies read once per segment and cached)."""
    df: Counter = Counter()
    for reader, _offset, segid, _deleted in view.leaves:
        df.update(view.cache.doc_frequencies(segid, reader, "text"))
    best: dict[str, tuple[int, str]] = {}
    for term, count in df.items():
        folded = fold(term)
        if folded not in best or count > best[folded][0]:
            best[folded] = (count, term)
    return {f: t for f, (_df, t) in best.items() if f != t}


_WORD = re.compile(r"\w+")


def suggest(view: View, q: str, parsed: ParsedQuery, vocab: dict, visible: int) -> str | None:
    """``quyet dinh ngan sach`` → ``quyết định ngân sách`` when the query had no diacritics
    and the restored words are found together in documents the user may see."""
    terms = parsed.terms
    if not terms or parsed.number_keys or any(has_diacritics(t) for t in terms):
        return None
    restored = [vocab.get(t, t) for t in terms]
    if restored == terms:
        return None
    if not _and([visible] + [view.bits("text", t) for t in restored]):
        return None

    def fix(m: re.Match) -> str:
        if m["field"] and fold(m["field"]).lower() in FIELDS:
            return m[0]
        return _WORD.sub(lambda w: vocab.get(normalize_syllable(w[0].lower()), w[0]), m[0])

    return _SCAN.sub(fix, q).strip()
