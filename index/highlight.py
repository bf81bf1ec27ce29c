"""Highlighting: query matches in page text (snippets) and in OCR words (boxes on the image).

Matching ignores diacritics (each folded query letter becomes a class of its accented forms),
so matches are found in the lower-cased text (same length as the original) and their offsets
hold in the original, shown with its own diacritics.

Phrases are marked as phrases: a quoted phrase only where all its syllables stand together,
and a run of typed words (``quyet dinh``) where adjacent query words stand together
(``Quyết định``). A word of a run is marked alone only in a document where it never stands
beside its query neighbour, so ``quyet dinh`` does not mark the ``định`` of ``Nghị định``
or ``quy định`` in a document that has ``quyết định``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .analysis import fold, fold_tokens, folded_regex

WINDOW = 220
MAX_RUN = 8  # longest run piece matched as one phrase (longer runs are marked piece by piece)
_GAP = r"\W{1,4}"  # between the syllables of a phrase: spaces, a line break, punctuation
_SYLLABLES = re.compile(r"\w+")


@dataclass(frozen=True)
class Found:
    """One match: offsets in the text and the folded syllables it covers."""

    start: int
    end: int
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Highlighter:
    """What to mark for one query: ``pattern`` finds phrases (longest first) and single
    words; ``singles`` are the folded words that may be marked alone."""

    pattern: re.Pattern | None
    singles: frozenset[str]

    def find(self, texts: list[str]) -> list[list[Found]]:
        """Matches in each of a document's ``texts``: every phrase, and the single words
        that stand beside their query neighbour nowhere in the document."""
        if self.pattern is None:
            return [[] for _ in texts]
        found = [[_found(m) for m in self.pattern.finditer(text.lower())] for text in texts]
        together = {t for matches in found for f in matches if len(f.tokens) > 1 for t in f.tokens}
        return [[f for f in matches if len(f.tokens) > 1
                 or (f.tokens[0] in self.singles and f.tokens[0] not in together)]
                for matches in found]

    def words(self, pages: list[list[str]]) -> list[set[int]]:
        """Indices of the OCR words to mark on each page (``pages``: each page's words in
        reading order); a phrase may run over several words and lines."""
        texts, starts = [], []
        for words in pages:
            offsets, parts, pos = [], [], 0
            for word in words:
                lower = str(word).lower()
                offsets.append(pos)
                parts.append(lower)
                pos += len(lower) + 1
            texts.append(" ".join(parts))
            starts.append(offsets)
        marked = []
        for offsets, matches in zip(starts, self.find(texts), strict=True):
            chosen: set[int] = set()
            for f in matches:
                first = max(0, _index_at(offsets, f.start))
                last = _index_at(offsets, f.end - 1)
                chosen.update(range(first, last + 1))
            marked.append(chosen)
        return marked


def _index_at(offsets: list[int], pos: int) -> int:
    """Index of the word holding character ``pos`` of the joined text."""
    lo, hi = 0, len(offsets)
    while lo < hi:
        mid = (lo + hi) // 2
        if offsets[mid] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _found(m: re.Match) -> Found:
    return Found(m.start(), m.end(), tuple(_SYLLABLES.findall(fold(m[0]))))


def _pieces(run: list[str]) -> list[list[str]]:
    """Contiguous pieces of two to MAX_RUN syllables of a run of typed words."""
    return [run[i:j] for i in range(len(run))
            for j in range(i + 2, min(len(run), i + MAX_RUN) + 1)]


def build_highlighter(runs: list[list[str]], phrases: list[list[str]] = ()) -> Highlighter:
    """The highlighter of a parsed query: ``runs`` of typed words, quoted ``phrases``
    (syllables as tokenized; folded here)."""
    runs = [fold_tokens(r) for r in runs if r]
    phrases = [fold_tokens(p) for p in phrases if p]
    sequences = {tuple(p) for run in runs for p in _pieces(run)}
    sequences |= {tuple(p) for p in phrases if len(p) > 1}
    singles = {t for run in runs for t in run} | {p[0] for p in phrases if len(p) == 1}
    alternatives = sorted(sequences | {(t,) for t in singles},
                          key=lambda seq: (-len(seq), -sum(map(len, seq)), seq))
    if not alternatives:
        return Highlighter(None, frozenset())
    alts = "|".join(_GAP.join(map(folded_regex, seq)) for seq in alternatives)
    return Highlighter(re.compile(rf"(?<!\w)(?:{alts})(?!\w)"), frozenset(singles))


def _best_window(matches: list[Found]) -> tuple[int, int]:
    """Start and end of the window holding the most distinct matched words."""
    best, best_key = (0, 0), (-1, -1)
    matches = matches[:300]
    j = 0
    for i, first in enumerate(matches):
        j = max(j, i)
        while j + 1 < len(matches) and matches[j + 1].end - first.start <= WINDOW:
            j += 1
        inside = matches[i : j + 1]
        key = (len({t for f in inside for t in f.tokens}), len(inside))
        if key > best_key:
            best, best_key = (first.start, inside[-1].end), key
    return best


def _render(text: str, start: int, end: int, matches: list[Found]) -> str:
    pad = max(0, (WINDOW - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    while lo > 0 and not text[lo - 1].isspace() and start - lo < pad + 20:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - end < pad + 20:
        hi += 1
    out, pos = [], lo
    for f in matches:
        if f.start < lo or f.end > hi:
            continue
        out += [html.escape(text[pos : f.start]), "<mark>", html.escape(text[f.start : f.end]),
                "</mark>"]
        pos = f.end
    out.append(html.escape(text[pos:hi]))
    snippet = re.sub(r"\s+", " ", "".join(out)).strip()
    return ("… " if lo > 0 else "") + snippet + (" …" if hi < len(text) else "")


def _page_key(matches: list[Found]) -> tuple[int, int, int]:
    """Distinct query words, query words standing together, matches."""
    distinct = len({t for f in matches for t in f.tokens})
    return distinct, sum(len(f.tokens) - 1 for f in matches), len(matches)


def build_snippet(
    pages: list[str], subject: str | None, highlighter: Highlighter | None
) -> tuple[str, int | None]:
    """HTML snippet with ``<mark>`` around matches, and the 1-based page it comes from:
    the page with the most distinct query words, then the most words standing together
    as in the query, then the most matches."""
    best: tuple[tuple[int, int, int], int, list[Found]] | None = None
    if highlighter is not None and highlighter.pattern is not None:
        texts = pages + ([subject] if subject else [])
        found = highlighter.find(texts)
        for number, matches in enumerate(found[: len(pages)], 1):
            if matches and (best is None or _page_key(matches) > best[0]):
                best = (_page_key(matches), number, matches)
        if best is None and subject:
            matches = found[-1]
            if not matches:
                return "", None  # nothing to show beside the subject, which the hit already has
            start, end = _best_window(matches)
            return _render(subject, start, end, matches), None
    if best is None:
        if subject:
            return "", None  # no query: the subject alone, which the hit already shows
        text = pages[0] if pages else ""
        return _render(text, 0, 0, []), (1 if pages else None)
    _key, number, matches = best
    text = pages[number - 1]
    start, end = _best_window(matches)
    return _render(text, start, end, matches), number
