"""Diacritics put back on running text from a Vietnamese dictionary: ``Giám độc`` → ``Giám đốc``.

The dictionary is underthesea's Viet74K word list (74,000 words and compounds), read from
the installed package's data without importing it. Used only on text already marked for
review: the repaired reading is a better suggestion for the person who checks it.
"""

from __future__ import annotations

import importlib.util
import logging
import unicodedata
from functools import cache
from pathlib import Path

from ._text import fold, new_tones

log = logging.getLogger(__name__)

_MAX_SYLLABLES = 4
_PUNCT = ",.;:()\"'“”"


@cache
def dictionary() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The words (lower case, new tone placement) and, for compounds, folded form → spellings."""
    spec = importlib.util.find_spec("underthesea")
    root = next(iter(spec.submodule_search_locations or []), None) if spec else None
    path = Path(root) / "corpus/data/Viet74K.txt" if root else None
    if path is None or not path.is_file():
        log.warning("underthesea's Viet74K word list is missing: no dictionary repairs")
        return frozenset(), {}
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = new_tones(unicodedata.normalize("NFC", line.strip().lower()))
        if word:
            words.add(word)
    compounds: dict[str, set[str]] = {}
    for word in words:
        if " " in word:
            compounds.setdefault(fold(word), set()).add(word)
    return frozenset(words), {k: frozenset(v) for k, v in compounds.items()}


def restore_diacritics(text: str, doubtful: set[str]) -> str:
    """Respell compounds read with wrong diacritics, where the dictionary has exactly one
    compound that folds the same way, every syllable it changes is one the OCR doubted
    (``doubtful``: word texts read with low confidence), and reading the text as it stands
    makes fewer or shorter dictionary words (``Sở Tài chính`` stays: ``tài chính`` is a word)."""
    words, compounds = dictionary()
    if not words or not doubtful:
        return text
    tokens = text.split(" ")
    cores = [t.strip(_PUNCT) for t in tokens]
    n = len(tokens)
    best: list[tuple[float, list[tuple[int, int, str | None]]]] = [(0.0, [])] * (n + 1)
    for i in range(n):
        score, path = best[i]
        for j in range(i + 1, min(n, i + _MAX_SYLLABLES) + 1):
            if not _joinable(tokens, cores, i, j):
                break
            gain, spelling = _span_score(cores[i:j], words, compounds)
            if spelling and not _only_doubtful_change(cores[i:j], spelling, doubtful):
                continue
            if gain and score + gain > best[j][0]:
                best[j] = (score + gain, [*path, (i, j, spelling)])
    for i, j, spelling in best[n][1]:
        if spelling:
            for k, form in zip(range(i, j), spelling.split(), strict=True):
                tokens[k] = _respell(tokens[k], form)
    return " ".join(tokens)


def _joinable(tokens: list[str], cores: list[str], i: int, j: int) -> bool:
    """Tokens i..j-1 can be one word: letters only, no punctuation inside the span."""
    core = cores[j - 1]
    if not core or not core.isalpha():
        return j == i + 1
    return j == i + 1 or tokens[j - 2] == cores[j - 2]


def _only_doubtful_change(span: list[str], spelling: str, doubtful: set[str]) -> bool:
    return all(core in doubtful or new_tones(core.lower()) == form
               for core, form in zip(span, spelling.split(), strict=True))


def _span_score(span: list[str], words: frozenset[str], compounds: dict[str, frozenset[str]]
                ) -> tuple[float, str | None]:
    """A dictionary word as read scores its length squared, a compound found by its folded
    form a little less; a single unknown token scores 1."""
    size = len(span)
    key = new_tones(" ".join(span).lower())
    if key in words:
        return float(size * size), None
    if size > 1:
        spellings = compounds.get(fold(key), frozenset())
        if len(spellings) == 1:
            return 0.8 * size * size, next(iter(spellings))
        return 0.0, None
    return 1.0, None


def _respell(token: str, form: str) -> str:
    """``token`` spelled as ``form`` (lower case), keeping its capitals and punctuation."""
    core = token.strip(_PUNCT)
    if not core or new_tones(core.lower()) == form:
        return token
    start = token.index(core)
    if core.isupper() and len(core) > 1:
        spelled = form.upper()
    elif core[0].isupper():
        spelled = form[0].upper() + form[1:]
    else:
        spelled = form
    return token[:start] + spelled + token[start + len(core):]
