"""Diacritics put back from a Vietnamese lexicon: ``Giám độc`` → ``Giám đốc``, ``trũ`` → ``trữ``.

The lexicon is the Viet74K word list (Hồ Ngọc Đức's, 73,901 words and compounds; `make venv`
copies the file alone out of underthesea's wheel into ``ARCHIVE_RESOURCES_DIR``, see
tools/fetch_data.py), with the phrases of administrative documents from our tables, family
names and Vietnam's place names (so ``Nơi nhận``, ``Nguyễn`` and ``Phong Điền`` stay as they
are). Only words the OCR doubted are ever changed: on the samples, doubting words below 93
repaired 0.985 → 0.989 word accuracy and broke none, while doubting every word below 98 broke
more than it repaired.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from ._gazetteer import place_spellings
from ._tables import (
    DOC_TYPES,
    DOCUMENT_PHRASES,
    HEADER_PHRASES,
    SIGNER_TITLES,
    SUBJECT_PHRASES,
    SURNAMES,
)
from ._text import fold, new_tones
from ._wordcache import kept, word_list_path

log = logging.getLogger(__name__)

DOUBT_BELOW = 93.0  # OCR word confidence (0–100) under which a word's diacritics may be repaired
_MAX_SYLLABLES = 4
_PUNCT = ",.;:()\"'“”"


@dataclass(frozen=True)
class Lexicon:
    words: frozenset[str]  # lower case, new tone placement; compounds with single spaces
    syllables: dict[str, frozenset[str]]  # folded syllable → its spellings
    compounds: dict[str, frozenset[str]]  # folded compound → its spellings


@cache
def lexicon() -> Lexicon:
    """The word list with our phrases and place names, read once (built once per
    installation: ``_wordcache``)."""
    return Lexicon(*kept("lexicon", build_lexicon))


def build_lexicon() -> tuple[frozenset[str], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The lexicon's words, syllables and compounds, from the word list and our tables."""
    entries = _viet74k() + list(HEADER_PHRASES) + list(SIGNER_TITLES) + list(DOC_TYPES.values())
    entries += list(DOCUMENT_PHRASES) + list(SUBJECT_PHRASES) + list(SURNAMES)
    entries += [s for spellings in place_spellings().values() for s in spellings]
    words = {new_tones(" ".join(unicodedata.normalize("NFC", e).lower().replace(",", " ").split()))
             for e in entries}
    words.discard("")
    syllables: dict[str, set[str]] = {}
    compounds: dict[str, set[str]] = {}
    for word in words:
        for syllable in word.split():
            syllables.setdefault(fold(syllable), set()).add(syllable)
        if " " in word:
            compounds.setdefault(fold(word), set()).add(word)
    return (frozenset(words), {k: frozenset(v) for k, v in syllables.items()},
            {k: frozenset(v) for k, v in compounds.items()})


def _viet74k() -> list[str]:
    path = word_list_path()
    if not path.is_file():
        log.warning("the Viet74K word list (%s) is missing: diacritics are not repaired "
                    "(`make venv` fetches it)", path)
        return []
    return path.read_text(encoding="utf-8").splitlines()


def restore_diacritics(text: str, doubtful: set[str]) -> str:
    """``respell`` on running text, where ``doubtful`` holds the texts of the words the OCR
    doubted."""
    tokens = text.split(" ")
    return " ".join(respell(tokens, [t.strip(_PUNCT) in doubtful for t in tokens]))


def respell(tokens: list[str], doubtful: list[bool]) -> list[str]:
    """Tokens of one line with the diacritics of doubtful ones repaired from the lexicon.

    1. A doubtful token that is no Vietnamese syllable (``trũ``, ``Luu``) takes the spelling
       of a syllable that folds the same way: the one making a word with a neighbour, else
       the only one, else the one closest in its marks.
    2. Doubtful syllables inside a compound the lexicon spells otherwise (``Giám độc``), and
       sure ones that only lack their tone mark there (``bô sung``), are respelled, when
       reading the line as it stands makes fewer or shorter lexicon words (``Sở Tài chính``
       stays: ``tài chính`` is a word), except capitalised words within a line, which are
       names (``Nguyễn Văn`` never becomes ``Nguyên văn``).
    """
    lex = lexicon()
    if not lex.words:
        return list(tokens)
    tokens = _repair_syllables(tokens, doubtful, lex)
    return _repair_compounds(tokens, doubtful, lex)


def _core(token: str) -> str:
    return new_tones(token.strip(_PUNCT).lower())


def _repair_syllables(tokens: list[str], doubtful: list[bool], lex: Lexicon) -> list[str]:
    out = list(tokens)
    for i, token in enumerate(tokens):
        core = _core(token)
        if not doubtful[i] or not core.isalpha() or core in lex.words:
            continue
        choices = lex.syllables.get(fold(core), frozenset())
        pick = _pick_syllable(core, choices, tokens, i, lex)
        if pick:
            out[i] = respell_token(token, pick)
    return out


def _pick_syllable(core: str, choices: frozenset[str], tokens: list[str], i: int, lex: Lexicon
                   ) -> str | None:
    if len(choices) <= 1:
        return next(iter(choices), None)
    before = _core(tokens[i - 1]) + " " if i > 0 else None
    after = " " + _core(tokens[i + 1]) if i + 1 < len(tokens) else None
    in_words = {c for c in choices if (before and before + c in lex.words)
                or (after and c + after in lex.words)}
    if len(in_words) == 1:
        return in_words.pop()
    ranked = sorted((_mark_distance(core, c), c) for c in (in_words or choices))
    return ranked[0][1] if ranked[0][0] < ranked[1][0] else None


def _mark_distance(a: str, b: str) -> float:
    return 1.0 - SequenceMatcher(None, unicodedata.normalize("NFD", a),
                                 unicodedata.normalize("NFD", b)).ratio()


def _repair_compounds(tokens: list[str], doubtful: list[bool], lex: Lexicon) -> list[str]:
    cores = [t.strip(_PUNCT) for t in tokens]
    n = len(tokens)
    names = _proper_names(cores)
    best: list[tuple[float, list[tuple[int, int, str | None]]]] = [(0.0, [])] * (n + 1)
    for i in range(n):
        score, path = best[i]
        for j in range(i + 1, min(n, i + _MAX_SYLLABLES) + 1):
            if not _joinable(tokens, cores, i, j):
                break
            gain, spelling = _span_score(cores[i:j], lex)
            if spelling and not all(_may_become(_core(tokens[k]), form, doubtful[k] and k not in names,
                                                k not in names)
                                    for k, form in zip(range(i, j), spelling.split(), strict=True)):
                continue
            if gain and score + gain > best[j][0]:
                best[j] = (score + gain, [*path, (i, j, spelling)])
    out = list(tokens)
    for i, j, spelling in best[n][1]:
        if spelling:
            for k, form in zip(range(i, j), spelling.split(), strict=True):
                out[k] = respell_token(tokens[k], form)
    return out


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def _may_become(core: str, form: str, doubtful: bool, common: bool) -> bool:
    """A syllable may take the compound's spelling: unchanged, doubted by the OCR, or (not in
    a name) only gaining the tone mark that small print loses (``bô sung`` → ``bổ sung``)."""
    return core == form or doubtful or (common and _without_tone(form) == core != form)


def _without_tone(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))


def _proper_names(cores: list[str]) -> set[int]:
    """Capitalised words after a line's first word, in a line not all in capitals: names
    (``Nguyễn Văn``), which no compound of the dictionary may respell."""
    letters = [c for c in cores if c.isalpha()]
    if not letters or all(c.isupper() for c in letters):
        return set()
    first = next(i for i, c in enumerate(cores) if c.isalpha())
    return {i for i, c in enumerate(cores) if i > first and c[:1].isupper() and not c.isupper()}


def _joinable(tokens: list[str], cores: list[str], i: int, j: int) -> bool:
    """Tokens i..j-1 can be one word: letters only, no punctuation inside the span."""
    core = cores[j - 1]
    if not core or not core.isalpha():
        return j == i + 1
    return j == i + 1 or tokens[j - 2] == cores[j - 2]


def _span_score(span: list[str], lex: Lexicon) -> tuple[float, str | None]:
    """A lexicon word as read scores its length squared, a compound found by its folded
    form a little less; a single unknown token scores 1."""
    size = len(span)
    key = new_tones(" ".join(span).lower())
    if key in lex.words:
        return float(size * size), None
    if size > 1:
        spellings = lex.compounds.get(fold(key), frozenset())
        if len(spellings) == 1:
            return 0.8 * size * size, next(iter(spellings))
        return 0.0, None
    return 1.0, None


def respell_token(token: str, form: str) -> str:
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
