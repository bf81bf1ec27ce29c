"""Tone marks and vowel hats that the OCR read confidently but wrongly, put right by the word
they belong to: ``bồ sung`` → ``bổ sung``, ``tiên độ`` → ``tiến độ``, ``phòng, chồng`` →
``phòng, chống``.

Small print makes Tesseract swap a tone mark for its neighbour (hỏi/huyền/sắc), drop one, add
one from a speck (``công dần``; inside a word only), or take a circumflex for a breve, and it
reports the wrong syllable with a confidence of 90 or more, so the dictionary repair of doubtful
words (``_dictionary.respell``) never sees it. The lexicon's compounds tell: when two or three
syllables as read make no word, but changing exactly one of them by a tone mark or a hat makes
exactly one word of the lexicon, and the line's syllables make more words so than as read, the
line takes that word. Capitalised words inside a line are names and are never changed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from typing import TypeVar

from ._dictionary import (
    _PUNCT,
    _TONE_MARKS,
    _proper_names,
    _without_tone,
    lexicon,
    respell_token,
)
from ._tables import DOCUMENT_PHRASES, HEADER_PHRASES, ORGAN_STARTS
from ._text import fold, new_tones

_ABOVE = {"\u0300", "\u0301", "\u0309"}  # huyền, sắc, hỏi: the marks small print swaps
_HATS = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o"}  # the marks a vowel's shape may lose
_SPAN = (3, 2)  # longer words first
T = TypeVar("T")


def repair_confused_marks(text: str) -> str:
    """``text`` (one line or a subject, words separated by spaces) with each syllable whose
    tone mark or hat was misread respelled from the one lexicon word it belongs to."""
    tokens = text.split(" ")
    names = _names(tokens)
    tokens = [_as_syllable(t) if k not in names else t for k, t in enumerate(tokens)]
    cores = [new_tones(t.strip(_PUNCT).lower()) for t in tokens]
    out = list(tokens)
    for k, form in longest_first(len(tokens), _SPAN,
                                 lambda i, size: _one_change(tokens, cores, names, i, size)):
        out[k] = respell_token(tokens[k], form)
    return " ".join(out)


def longest_first(length: int, sizes: tuple[int, ...], find: Callable[[int, int], T | None]
                  ) -> Iterator[T]:
    """Walk positions 0..``length``-1: at each, ``find(i, size)`` for each size (longest first);
    the first change found is yielded and the walk goes on past its run. The caller may update
    what ``find`` reads before the next position is tried."""
    i = 0
    while i < length:
        step = 1
        for size in sizes:
            change = find(i, size)
            if change is not None:
                yield change
                step = size
                break
        i += step


def _as_syllable(token: str) -> str:
    """A word that is no Vietnamese syllable however surely it was read (``thuôc``), spelled as
    the one syllable that folds like it, or the one making a word with its neighbours is left to
    the compound pass; lower-case words only (capitals are names and abbreviations)."""
    choices = syllable_choices(token)
    return respell_token(token, choices[0]) if len(choices) == 1 else token


def syllable_choices(token: str) -> list[str]:
    """The syllables a lower-case word that is no Vietnamese syllable (``thuôc``) may have been
    printed as, a mark lost or swapped (``thuốc``, ``thuộc``); [] for a syllable, a capitalised
    word or no word."""
    core = token.strip(_PUNCT)
    if not core.isalpha() or not core.islower() or is_syllable(core):
        return []
    return sorted(c for c in lexicon().syllables.get(fold(core), ())
                  if _confusable(new_tones(core), c) and _tone_fits_ending(c))


_CHECKED_TONES = {"\u0301", "\u0323"}  # sắc, nặng: the only tones of a syllable ending p, t, c, ch


def _tone_fits_ending(syllable: str) -> bool:
    """A syllable ending in p, t, c or ch takes sắc or nặng, never another tone (``thuổc`` is a
    slip of the word list, not a syllable)."""
    return not fold(syllable).endswith(("p", "t", "c", "ch")) or \
        _split_tone(syllable)[1] in _CHECKED_TONES


def is_syllable(text: str) -> bool:
    """``text`` (lower case) is a Vietnamese syllable of the lexicon, as spelled, with a tone
    its ending allows (the word list's slips ``biêt``, ``môt`` are what OCR makes of ``biết``,
    ``một``)."""
    spellings = lexicon().syllables.get(fold(text), frozenset())
    return new_tones(text) in spellings and _tone_fits_ending(text)


def _one_change(tokens: list[str], cores: list[str], names: set[int], i: int, size: int
                ) -> tuple[int, str] | None:
    """(index, spelling) when tokens i..i+size-1 make no word as read and exactly one word of
    the lexicon by changing exactly one syllable's marks."""
    j = i + size
    if j > len(tokens) or names & set(range(i, j)) or not _one_word(tokens, cores, i, j):
        return None
    lex = lexicon()
    read = " ".join(cores[i:j])
    if read in lex.words:
        return None
    found = set()
    for spelling in lex.compounds.get(fold(read), ()):
        forms = spelling.split()
        changed = [k for k, form in zip(range(i, j), forms, strict=True) if cores[k] != form]
        if len(changed) == 1 and _misread_in_word(cores[changed[0]], forms[changed[0] - i]) \
                and _tone_fits_ending(forms[changed[0] - i]):
            found.add((changed[0], forms[changed[0] - i]))
    if len(found) != 1:
        return None
    k, form = found.pop()
    if cores[k] in _printed_words():
        return None
    lo, hi = max(0, i - _SPAN[0] + 1), min(len(cores), j + _SPAN[0] - 1)
    changed = [*cores[:k], form, *cores[k + 1:]]
    if _covered(tokens, changed, lo, hi, lex.words) <= _covered(tokens, cores, lo, hi, lex.words):
        return None  # the syllables as read make words as well (``công tác phòng``)
    return k, form


@cache
def _printed_words() -> frozenset[str]:
    """Syllables of the agency and layout phrases (``tỉnh``, ``phòng``, ``sở``): so common in
    these documents that they are taken as printed (``cấp tỉnh`` never becomes ``cấp tính``)."""
    phrases = (*HEADER_PHRASES, *ORGAN_STARTS, *DOCUMENT_PHRASES)
    return frozenset(new_tones(s) for p in phrases for s in p.lower().replace(",", " ").split())


def _names(tokens: list[str]) -> set[int]:
    """Capitalised words inside a line, a capitalised first word before another one
    (``Nguyễn Văn Hải``) and acronyms (``GA VI``): names, which no word of the lexicon may
    respell or take part in."""
    cores = [t.strip(_PUNCT) for t in tokens]
    names = _proper_names(cores)
    if names and min(names) == 1 and cores[0][:1].isupper():
        names.add(0)
    if any(c.islower() for c in cores):
        names |= {k for k, c in enumerate(cores) if len(c) > 1 and c.isupper()}
    return names


def _one_word(tokens: list[str], cores: list[str], i: int, j: int) -> bool:
    """Letters only, with nothing but a comma between the tokens (``phòng, chống``)."""
    return (all(c.isalpha() for c in cores[i:j])
            and all(tokens[k].rstrip(",") == tokens[k].rstrip(_PUNCT) for k in range(i, j - 1)))


def _covered(tokens: list[str], cores: list[str], lo: int, hi: int, words: frozenset[str]) -> int:
    """How many syllables of ``cores[lo:hi]`` the lexicon's words of two syllables or more
    cover at best: a change of marks must cover more than the line as read (``bồ sung công
    chức``: ``sung công`` is a word, ``bổ sung`` and ``công chức`` are two)."""
    best = [0] * (hi - lo + 1)
    for a in range(hi - 1, lo - 1, -1):
        best[a - lo] = best[a - lo + 1]
        for b in range(a + 2, min(hi, a + _SPAN[0]) + 1):
            if _one_word(tokens, cores, a, b) and " ".join(cores[a:b]) in words:
                best[a - lo] = max(best[a - lo], b - a + best[b - lo])
    return best[0]


def _confusable(read: str, form: str) -> bool:
    """The printed ``form`` could be read as ``read``: a tone mark lost, or swapped among the
    marks above the vowel (hỏi, huyền, sắc), or one vowel's hat taken for another (``ắ``/``ấ``).
    A mark the OCR would have to invent, or the dot below (nặng), is never assumed misread."""
    base_read, tone_read = _split_tone(read)
    base_form, tone_form = _split_tone(form)
    if base_read == base_form:
        return tone_read != tone_form and (not tone_read or {tone_read, tone_form} <= _ABOVE)
    if tone_read != tone_form or len(base_read) != len(base_form):
        return False
    diffs = [(a, b) for a, b in zip(base_read, base_form, strict=True) if a != b]
    return len(diffs) == 1 and _HATS.get(diffs[0][0]) == _HATS.get(diffs[0][1]) is not None


def _misread_in_word(read: str, form: str) -> bool:
    """The printed ``form`` read as ``read`` inside a word: ``_confusable``, or a mark above
    the vowel read where none is printed (a speck over small print: ``công dần``), which
    only a compound of the lexicon tells."""
    if _confusable(read, form):
        return True
    base_read, tone_read = _split_tone(read)
    base_form, tone_form = _split_tone(form)
    return base_read == base_form and tone_read in _ABOVE and not tone_form


def _split_tone(syllable: str) -> tuple[str, str]:
    """The syllable without its tone mark (hats kept), and the mark."""
    tone = "".join(c for c in unicodedata.normalize("NFD", syllable) if c in _TONE_MARKS)
    return _without_tone(syllable), tone
