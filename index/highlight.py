"""Snippets on the original text (with diacritics), whatever marks the query had.

Each folded query letter becomes a class of its accented forms, so matches are found in the
lower-cased page (same length as the original) and their offsets hold in the original.
"""

from __future__ import annotations

import html
import re

from .analysis import fold, folded_regex

WINDOW = 220


def build_matcher(terms: list[str]) -> re.Pattern | None:
    """A regex finding any of the folded ``terms`` as whole syllables in lower-case text."""
    if not terms:
        return None
    alts = "|".join(folded_regex(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def _best_window(matches: list[re.Match]) -> tuple[int, int]:
    """Start and end of the window holding the most distinct matched terms."""
    best, best_key = (0, 0), (-1, -1)
    matches = matches[:300]
    j = 0
    for i, first in enumerate(matches):
        j = max(j, i)
        while j + 1 < len(matches) and matches[j + 1].end() - first.start() <= WINDOW:
            j += 1
        inside = matches[i : j + 1]
        key = (len({fold(m[0]) for m in inside}), len(inside))
        if key > best_key:
            best, best_key = (first.start(), inside[-1].end()), key
    return best


def _render(text: str, start: int, end: int, matches: list[re.Match]) -> str:
    pad = max(0, (WINDOW - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    while lo > 0 and not text[lo - 1].isspace() and start - lo < pad + 20:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - end < pad + 20:
        hi += 1
    out, pos = [], lo
    for m in matches:
        if m.start() < lo or m.end() > hi:
            continue
        out += [html.escape(text[pos : m.start()]), "<mark>", html.escape(m[0]), "</mark>"]
        pos = m.end()
    out.append(html.escape(text[pos:hi]))
    snippet = re.sub(r"\s+", " ", "".join(out)).strip()
    return ("… " if lo > 0 else "") + snippet + (" …" if hi < len(text) else "")


class _Original:
    """Matches re-anchored on the original text (same offsets, original characters)."""

    def __init__(self, text: str, match: re.Match) -> None:
        self._text, self._start, self._end = text, match.start(), match.end()
        self._folded = match[0]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def __getitem__(self, i: int) -> str:
        return self._text[self._start : self._end] if i == 0 else self._folded


def _together(text: str, found: list[re.Match], pairs: set[str]) -> int:
    """How many matches follow another as a query pair (syllables standing together)."""
    count = 0
    for a, b in zip(found, found[1:], strict=False):
        if f"{fold(a[0])} {fold(b[0])}" in pairs and not text[a.end() : b.start()].strip():
            count += 1
    return count


def build_snippet(
    pages: list[str], subject: str | None, matcher: re.Pattern | None, pairs: set[str] = frozenset()
) -> tuple[str, int | None]:
    """HTML snippet with ``<mark>`` around matches, and the 1-based page it comes from:
    the page with the most distinct query syllables, then the most query pairs together
    (folded ``pairs``), then the most matches."""
    best: tuple[tuple[int, int, int], int, list] | None = None
    if matcher is not None:
        for number, page in enumerate(pages, 1):
            found = list(matcher.finditer(page.lower()))
            if not found:
                continue
            distinct = len({fold(m[0]) for m in found})
            key = (distinct, _together(page, found, pairs), len(found))
            if best is None or key > best[0]:
                best = (key, number, found)
    if best is None:
        text = subject or (pages[0] if pages else "")
        found = list(matcher.finditer(text.lower())) if matcher else []
        if subject and not found:
            return "", None  # nothing to show beside the subject, which the hit already has
        orig = [_Original(text, m) for m in found]
        start, end = _best_window(found) if found else (0, 0)
        return _render(text, start, end, orig), (1 if pages and not subject else None)
    _key, number, found = best
    text = pages[number - 1]
    start, end = _best_window(found)
    return _render(text, start, end, [_Original(text, m) for m in found]), number
