"""Run a parsed query over a View: match, filter, facet, rank, highlight, suggest.

Matching is accent-insensitive (folded syllables). Ranking is tiered, then BM25 inside a
tier: a document whose number matches the query comes first, then documents with every
syllable exactly as typed (when the query had diacritics), then by how many of the query's
adjacent syllable pairs stand together in the document (phrase boost).
"""

from __future__ import annotations

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
from .engine import View
from .highlight import build_matcher, build_snippet
from .query import _SCAN, FIELDS, Filter, ParsedQuery
from .types import Hit, SearchRequest, SearchResults
from .writer import unpack_pages

K1, B = 1.2, 0.75
FACET_FIELDS = {"doc_type": "doc_type_k", "issuer": "issuer_k", "year": "year"}
FACET_SIZE = 20
VERIFY_LIMIT = 800
PRESELECT = 30  # BM25-score at most 30 × the needed hits in a very large group


def _intersect(sets: list[Iterable[int]]) -> set[int]:
    ordered = sorted(sets, key=len)
    result = set(ordered[0])
    for s in ordered[1:]:
        result.intersection_update(s)
        if not result:
            break
    return result


def _phrase_set(view: View, field: str, tokens: list[str]) -> set[int]:
    """Documents with the folded ``tokens`` adjacent in a small metadata ``field`` (by
    their pairs; exact for two syllables, near-exact for more in such short values)."""
    if len(tokens) == 1:
        return set(view.postings(field, tokens[0]).keys())
    return _intersect([view.postings("meta_pairs", f"{field}|{p}").keys() for p in bigrams(tokens)])


def _text_phrase_candidates(view: View, tokens: list[str]) -> set[int]:
    """Documents with every adjacent pair of the phrase (exact for two syllables)."""
    if len(tokens) < 2:
        return set(view.postings("textf", tokens[0]).keys())
    return _intersect([view.postings("pairs", p).keys() for p in bigrams(tokens)])


def phrase_regex(tokens: list[str]) -> re.Pattern:
    """Matches the folded ``tokens`` as consecutive syllables in lower-cased text."""
    return re.compile(r"(?<!\w)" + r"\W+".join(map(folded_regex, tokens)) + r"(?!\w)")


def has_phrases(view: View, docnum: int, patterns: list[re.Pattern]) -> bool:
    """Check phrases of three or more syllables on the stored text of one document."""
    stored = view.stored(docnum)
    meta = [stored.get(k) or "" for k in ("number", "doc_type", "subject", "issuer")]
    text = "\n".join(meta + unpack_pages(stored.get("body"))).lower()
    return all(p.search(text) for p in patterns)


def filter_set(view: View, flt: Filter) -> set[int] | None:
    """Documents passing a filter; None for date filters (applied last, on the column)."""
    if flt.kind == "term":
        return set(view.postings(flt.field, flt.value).keys())
    if flt.kind == "phrase":
        return _phrase_set(view, flt.field, flt.value)
    if flt.kind == "years":
        lo, hi = flt.value
        found: set[int] = set()
        for year in range(max(lo, 1800), min(hi, 2200) + 1):
            found.update(view.postings("year", str(year)).keys())
        return found
    return None


def match(view: View, parsed: ParsedQuery, filters: list[Filter], clearance: int) -> set[int]:
    """Visible documents with every syllable (folded), every phrase and every filter.

    Phrases of three or more syllables are matched here by their adjacent pairs; see
    :func:`check_phrases` for the exact check.
    """
    sets: list = [view.visible(clearance)]
    for term in dict.fromkeys(fold_tokens(parsed.terms)):
        sets.append(view.postings("textf", term).keys())
    for phrase in parsed.phrases:
        sets.append(_text_phrase_candidates(view, fold_tokens(phrase)))
    dates = []
    for flt in filters:
        found = filter_set(view, flt)
        if found is None:
            dates.append(flt.value)
        else:
            sets.append(found)
    result = _intersect(sets)
    if dates and result:
        dord = view.column("dord")
        for lo, hi in dates:
            result = {d for d in result if lo <= dord[d] <= hi}
    return result


def check_phrases(view: View, parsed: ParsedQuery, docs: set[int]) -> tuple[set[int], bool]:
    """Drop documents where a long phrase's pairs are present but not consecutive.

    Exact up to VERIFY_LIMIT candidates; beyond, returns the pair match and False (the total
    and facets are then an upper bound; hits are still checked one by one).
    """
    patterns = [phrase_regex(fold_tokens(p)) for p in parsed.phrases if len(p) > 2]
    if not patterns:
        return docs, True
    if len(docs) > VERIFY_LIMIT:
        return docs, False
    return {d for d in docs if has_phrases(view, d, patterns)}, True


def count_facets(view: View, docs: set[int]) -> dict[str, list[tuple[str, int]]]:
    """Counts of doc type, issuer and year over ``docs`` (most frequent first)."""
    facets = {}
    for name, field in FACET_FIELDS.items():
        column = view.column(field)
        counts = Counter(map(column.__getitem__, docs))
        counts.pop("", None)
        counts.pop(None, None)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        facets[name] = [(str(k), v) for k, v in ranked[:FACET_SIZE]]
    return facets


class _Scorer:
    """BM25 over folded syllables, syllable pairs and exact (accented) syllables."""

    def __init__(self, view: View, parsed: ParsedQuery) -> None:
        n = max(1, view.searcher.doc_count_all())
        self.ntok = view.column("ntok")
        self.avg = max(1.0, sum(self.ntok) / max(1, len(self.ntok)))
        self.terms = []
        folded = list(dict.fromkeys(fold_tokens(parsed.terms)))
        pairs = list(dict.fromkeys(p for run in parsed.runs for p in bigrams(fold_tokens(run))))
        exact = [t for t in dict.fromkeys(parsed.terms) if has_diacritics(t)]
        for field, terms in (("textf", folded), ("pairs", pairs), ("text", exact)):
            for term in terms:
                postings = view.postings(field, term)
                idf = math.log(1 + (n - len(postings) + 0.5) / (len(postings) + 0.5))
                self.terms.append((postings, idf))

    def preselect(self, docs: Iterable[int], count: int) -> list[int]:
        """The ``count`` documents with the highest frequency of the rarest query term:
        a C-speed cut before BM25 in groups too large to score one by one."""
        rarest = min((p for p, _idf in self.terms if p), key=len, default={})
        having = set(docs).intersection(rarest.keys()) if rarest else set()
        if len(having) < count:
            return list(having) + list(itertools.islice(set(docs) - having, count - len(having)))
        return heapq.nlargest(count, having, key=rarest.__getitem__)

    def __call__(self, docnum: int) -> float:
        norm = K1 * (1 - B + B * self.ntok[docnum] / self.avg)
        score = 0.0
        for postings, idf in self.terms:
            tf = postings.get(docnum)
            if tf:
                score += idf * tf * (K1 + 1) / (tf + norm)
        return score


def _tiers(view: View, parsed: ParsedQuery, docs: set[int]) -> list[tuple[float, set[int]]]:
    """Groups of ``docs``, best first, with the bonus added to their BM25 score."""
    numbers = set().union(*(view.postings("number_key", k).keys() for k in parsed.number_keys))
    numbers &= docs
    exact_terms = [t for t in dict.fromkeys(parsed.terms)]
    exact: set[int] = set()
    if any(has_diacritics(t) for t in exact_terms):
        exact = _intersect([docs] + [view.postings("text", t).keys() for t in exact_terms])
    pairs = list(dict.fromkeys(p for run in parsed.runs for p in bigrams(fold_tokens(run))))
    together = Counter()
    for pair in pairs:
        together.update(docs.intersection(view.postings("pairs", pair).keys()))
    groups = []
    for bonus, group in ((200.0, numbers), (100.0, exact - numbers)):
        if group:
            groups.append((bonus, group))
    rest = docs - numbers - exact
    by_count: dict[int, set[int]] = {}
    for docnum, count in together.items():
        if docnum in rest:
            by_count.setdefault(count, set()).add(docnum)
    for count in sorted(by_count, reverse=True):
        groups.append((10.0 * count, by_count[count]))
        rest -= by_count[count]
    if rest:
        groups.append((0.0, rest))
    return groups


def rank(view: View, parsed: ParsedQuery, docs: set[int], sort: str, k: int) -> list:
    """The best ``k`` documents as ``(score, docnum)``, by relevance or newest first."""
    if sort == "date" or parsed.is_empty:
        dord = view.column("dord")
        top = heapq.nlargest(k, docs, key=lambda d: (dord[d], d))
        return [(0.0, d) for d in top]
    scorer = _Scorer(view, parsed)
    ranked: list = []
    for bonus, group in _tiers(view, parsed, docs):
        need = k - len(ranked)
        if need <= 0:
            break
        if len(group) > PRESELECT * need and len(group) > 2000:
            group = scorer.preselect(group, PRESELECT * need)
        top = heapq.nlargest(need, group, key=scorer)
        ranked += [(bonus + scorer(d), d) for d in top]
    return ranked


def _hit(view: View, score: float, docnum: int, matcher: re.Pattern | None, pairs: set | None) -> Hit:
    stored = view.stored(docnum)
    issued = stored.get("issued")
    snippet, page = "", None
    if pairs is not None:
        body = unpack_pages(stored.get("body"))
        snippet, page = build_snippet(body, stored.get("subject"), matcher, pairs)
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
    )


def _ranked_page(
    view: View, parsed: ParsedQuery, docs: set[int], request: SearchRequest, exact: bool
) -> list:
    """Ranked ``(score, docnum)`` down to the requested page; when the phrase match was
    not verified, each ranked document is checked and failures replaced."""
    page, per_page = max(1, request.page), max(1, min(request.per_page, 200))
    need = page * per_page
    if exact:
        return rank(view, parsed, docs, request.sort, need)
    patterns = [phrase_regex(fold_tokens(p)) for p in parsed.phrases if len(p) > 2]
    checked: dict[int, bool] = {}
    depth = need * 2
    while True:  # rank deeper and deeper until enough ranked documents pass the check
        ranked = rank(view, parsed, docs, request.sort, depth)
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
    docs, exact = check_phrases(view, parsed, match(view, parsed, filters, request.clearance))
    page, per_page = max(1, request.page), max(1, min(request.per_page, 200))
    ranked = _ranked_page(view, parsed, docs, request, exact)
    matcher = build_matcher(fold_tokens(parsed.terms))
    pairs = {p for run in parsed.runs + parsed.phrases for p in bigrams(fold_tokens(run))}
    pairs = pairs if request.snippets else None
    hits = [_hit(view, s, d, matcher, pairs) for s, d in ranked[(page - 1) * per_page :]]
    facets = count_facets(view, docs) if request.facets else {}
    suggestion = None
    if request.suggest:
        suggestion = suggest(view, request.q, parsed, vocab, view.visible(request.clearance))
    return SearchResults(len(docs), hits, facets, suggestion, page, per_page, exact)


def build_vocabulary(view: View) -> dict[str, str]:
    """Folded syllable → its most frequent spelling with diacritics in the index."""
    best: dict[str, tuple[int, str]] = {}
    for raw, info in view.searcher.reader().iter_field("text"):
        term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        folded = fold(term)
        df = info.doc_frequency()
        if folded not in best or df > best[folded][0]:
            best[folded] = (df, term)
    return {f: t for f, (_df, t) in best.items() if f != t}


_WORD = re.compile(r"\w+")


def suggest(view: View, q: str, parsed: ParsedQuery, vocab: dict, visible: set[int]) -> str | None:
    """``quyet dinh ngan sach`` → ``quyết định ngân sách`` when the query had no diacritics
    and the restored words are found together in documents the user may see."""
    terms = parsed.terms
    if not terms or parsed.number_keys or any(has_diacritics(t) for t in terms):
        return None
    restored = [vocab.get(t, t) for t in terms]
    if restored == terms:
        return None
    if not _intersect([visible] + [view.postings("text", t).keys() for t in restored]):
        return None

    def fix(m: re.Match) -> str:
        if m["field"] and fold(m["field"]).lower() in FIELDS:
            return m[0]
        return _WORD.sub(lambda w: vocab.get(normalize_syllable(w[0].lower()), w[0]), m[0])

    return _SCAN.sub(fix, q).strip()
