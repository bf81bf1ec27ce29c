"""The Vietnamese analyzer, shared by indexing and querying.

Vietnamese words are syllables separated by spaces, so a token is one syllable. Text is
normalised to NFC, old and new tone placement are given one spelling (``hoà`` → ``hòa``,
``uỷ`` → ``ủy``), then lower-cased. There is no stop list and no minimum length: ``ở``,
``an`` and ``in`` are words. A folded twin (diacritics dropped, ``đ`` → ``d``) serves queries
typed without diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from whoosh.analysis import Analyzer, Token

_TOKEN_RE = re.compile(r"\w+")
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def _build_tone_map() -> dict[str, str]:
    """Endings ``oa oe uy`` with the tone on the second vowel → tone on the first."""
    mapping = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            new = first + unicodedata.normalize("NFC", second + tone)
            old = unicodedata.normalize("NFC", first + tone) + second
            mapping[new] = old
    return mapping


_TONE_MAP = _build_tone_map()


def _build_fold_table() -> dict[int, str]:
    """One-character-to-one-character folding, so offsets in folded text match the original."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x2000):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and len(base) == 1:
            table[code] = base
    return table


_FOLD_TABLE = _build_fold_table()


def _build_letter_classes() -> dict[str, str]:
    """Folded lower-case letter → regex class of every lower-case letter folding to it."""
    groups: dict[str, set[str]] = {}
    for code, base in _FOLD_TABLE.items():
        char = chr(code)
        if char == char.lower():
            groups.setdefault(base.lower(), {base.lower()}).add(char)
    return {k: "[" + "".join(sorted(v)) + "]" for k, v in groups.items()}


_LETTER_CLASSES = _build_letter_classes()


def folded_regex(token: str) -> str:
    """Regex source matching ``token`` (folded) in lower-case text with any diacritics."""
    return "".join(_LETTER_CLASSES.get(c, re.escape(c)) for c in token)


def fold(text: str) -> str:
    """Drop diacritics and map ``đ`` to ``d``; keeps the length of NFC text."""
    return text.translate(_FOLD_TABLE)


def normalize_syllable(token: str) -> str:
    """One spelling for old and new tone placement: ``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``."""
    ending = token[-2:]
    old = _TONE_MAP.get(ending)
    if old is None or (ending[0] == "u" and token[-3:-2] == "q"):
        return token
    return token[:-2] + old


def normalize_text(text: str) -> str:
    """NFC, as every text is stored and indexed."""
    return unicodedata.normalize("NFC", text)


def tokenize(text: str) -> list[str]:
    """Syllable tokens of ``text``: NFC, lower case, one tone placement, diacritics kept."""
    text = normalize_text(text).lower()
    return [normalize_syllable(t) for t in _TOKEN_RE.findall(text)]


def fold_tokens(tokens: Iterable[str]) -> list[str]:
    """Folded twins of already tokenized syllables."""
    return [t.translate(_FOLD_TABLE) for t in tokens]


def bigrams(tokens: list[str]) -> list[str]:
    """Adjacent syllable pairs, joined by one space (``cải cách`` → ``cai cach`` when folded)."""
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def has_diacritics(text: str) -> bool:
    """True when folding changes ``text`` (the user typed Vietnamese marks)."""
    return fold(text) != text


def number_key(number: str) -> str:
    """``2629/QĐ-UBND``, ``2629 qd ubnd`` → ``2629qdubnd``: one key whatever the spelling."""
    return "".join(fold_tokens(tokenize(number)))


class VietnameseAnalyzer(Analyzer):
    """Whoosh analyzer: syllables, optionally folded or as bigrams.

    The writer tokenizes a document once and hands Whoosh the term lists of each field
    (Whoosh indexes lists as given); this analyzer does the same work on strings (queries,
    small fields), and accepts a list of :func:`tokenize` output too.
    """

    def __init__(self, folded: bool = False, pairs: bool = False) -> None:
        self.folded = folded
        self.pairs = pairs

    def terms(self, value: str | list[str]) -> list[str]:
        """The terms this analyzer indexes for ``value``."""
        tokens = tokenize(value) if isinstance(value, str) else list(value)
        if self.folded:
            tokens = fold_tokens(tokens)
        if self.pairs:
            tokens = bigrams(tokens)
        return tokens

    def __call__(
        self,
        value: str | list[str],
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, text in enumerate(self.terms(value), start_pos):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = pos
            yield token
