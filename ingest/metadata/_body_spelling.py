"""A subject's syllables spelled as the document's own body spells them.

The subject is printed small (often bold or italic) under the number, and Tesseract reads its
tone marks and hats worse than the body's: ``gói thâu``, ``giây khen``, ``cập lại``, ``Đê án``,
each a real syllable read with a confidence of 90 or more, so neither the dictionary nor the
lexicon's compounds can tell. The body usually says the same thing again in larger type. A
syllable of the subject whose pairs with its neighbours (``prev syllable``, ``syllable next``)
never occur in the body, while exactly one other spelling of it (same letters, other marks)
makes such a pair there in two places, or in one where it makes a word of the lexicon, takes
that spelling. The body is OCR too and misreads as well (``tuyên tỉnh``, ``bồ sung``): a
syllable that makes a lexicon word as read changes only for another word seen twice, and the
syllables of agency phrases (``tỉnh``, ``sở``) never. A capitalised word inside a line is a name,
changed only where the body's spelling makes a word of the lexicon (``Đê án`` → ``Đề án``);
acronyms never. Where the body prints the subject's reading as well, another spelling must
outnumber it. A run of three syllables or more that the body prints with the same letters and
other marks (``BỒ SÙNG KÍNH PHÍ`` / ``bổ sung kinh phí``: both neighbours misread, so no pair
tells) takes the body's spelling where that makes more words of the lexicon.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from archive_service.records import Page, Word

from . import _dictionary
from ._dictionary import _PUNCT, lexicon, respell_token
from ._text import distance, fold
from ._tones import _covered, _names, _printed_words, is_syllable, longest_first, syllable_choices


@dataclass
class BodyPairs:
    """How often the body prints two syllables side by side, and three (lower case; a comma or
    stop between two words parts them), each alone, and each run of three to six (its lines
    joined) under its folded letters."""

    pairs: Counter = field(default_factory=Counter)
    triples: Counter = field(default_factory=Counter)
    words: Counter = field(default_factory=Counter)  # each syllable, wherever printed
    phrases: dict = field(default_factory=dict)  # folded run of syllables → Counter of spellings

    def seen(self, before: str, form: str, after: str) -> int:
        """Places where the body prints ``form`` after ``before`` or before ``after``."""
        n = self.pairs[(before, form)] if before else 0
        n += self.pairs[(form, after)] if after else 0
        return n - (self.triples[(before, form, after)] if before and after else 0)


def body_pairs(pages: Iterable[Page], leave_out: Iterable[Word] = ()) -> BodyPairs:
    """The pages' pairs and triples of syllables, less those of the ``leave_out`` words (the
    subject as read)."""
    body = BodyPairs()
    for page in pages:
        for line in page.text.splitlines():
            _count(body, line.split(), 1)
        _count_phrases(body, page.text.split(), 1)
    _count(body, [w.text for w in leave_out], -1)
    _count_phrases(body, [w.text for w in leave_out], -1)
    body.pairs, body.triples, body.words = +body.pairs, +body.triples, +body.words
    return body


_PHRASE = (6, 5, 4, 3)  # syllables in a run the subject and the body may print alike, longest first


def _count_phrases(body: BodyPairs, tokens: list[str], step: int) -> None:
    """Count each run of syllables (no comma or stop inside; lines of a paragraph joined) under
    its folded letters."""
    cores = [_core(t) for t in tokens]
    for size in _PHRASE:
        for lo in range(len(tokens) - size + 1):
            span = tuple(cores[lo:lo + size])
            if all(span) and all(_joined(t) for t in tokens[lo:lo + size - 1]):
                body.phrases.setdefault(tuple(map(fold, span)), Counter())[span] += step


def _count(body: BodyPairs, tokens: list[str], step: int) -> None:
    cores = [_core(t) for t in tokens]
    for core in filter(None, cores):
        body.words[core] += step
    runs = [k for k in range(len(tokens) - 1) if _joined(tokens[k]) and cores[k] and cores[k + 1]]
    for k in runs:
        body.pairs[(cores[k], cores[k + 1])] += step
        if k + 1 in runs:
            body.triples[(cores[k], cores[k + 1], cores[k + 2])] += step


def _core(token: str) -> str:
    """The syllable of a token, lower case and new tone placement; '' when it is no word."""
    core = _dictionary._core(token)
    return core if core.isalpha() else ""


def _joined(token: str) -> bool:
    """Nothing but letters end the token: no comma or stop parts it from the next."""
    return token == token.rstrip(_PUNCT)


def _neighbours(tokens: list[str], cores: list[str], i: int) -> tuple[str, str]:
    """The syllables before and after token ``i`` that make a pair with it ('' where a comma or
    stop parts them, or at either end)."""
    before = cores[i - 1] if i > 0 and _joined(tokens[i - 1]) else ""
    after = cores[i + 1] if i + 1 < len(tokens) and _joined(tokens[i]) else ""
    return before, after


def least_doubt(words: list[Word], body: BodyPairs) -> float:
    """The least confidence among ``words`` (the subject as read) that the body does not
    confirm: a syllable the body prints beside both its neighbours as read (the word before
    it and the word after it, where the subject has them) was read there again, so its low
    confidence is no doubt. Tokens without a letter or digit (specks) do not count; 100 when
    every word is confirmed. ``calibration.json``'s subject curve is fitted on this score."""
    tokens = [w.text for w in words]
    cores = [_core(t) for t in tokens]
    doubts = []
    for i, word in enumerate(words):
        if not any(c.isalnum() for c in word.text):
            continue
        before, after = _neighbours(tokens, cores, i)
        seen = cores[i] and (not before or body.pairs[(before, cores[i])]) \
            and (not after or body.pairs[(cores[i], after)]) and (before or after)
        if seen:
            continue
        doubts.append(min(word.conf, CONTRADICTED) if _contradicted(cores[i], before, after, body)
                      else word.conf)
    return min(doubts, default=100.0)


CONTRADICTED = 80.0  # the confidence a word keeps at most when the body prints another there


def _contradicted(core: str, before: str, after: str, body: BodyPairs) -> bool:
    """The body prints a syllable one letter off ``core`` (marks aside) beside ``before`` or
    ``after``, and never ``core`` there (``thực biện`` in a subject, ``thực hiện`` in the
    body): the subject's word was likely misread, however surely."""
    if not core or body.seen(before, core, after):
        return False
    key = fold(core)
    return any(n and other != core and distance(fold(other), key) == 1
               for (left, right), n in body.pairs.items()
               for other in ((right,) if left == before else ()) + ((left,) if right == after else ()))


def respell_from_body(text: str, body: BodyPairs) -> str:
    """``text`` (words separated by spaces) with its runs of syllables the body prints with
    other marks respelled as the body prints them (``_respell_phrases``), then each syllable
    respelled as the one spelling the body prints beside its neighbours instead
    (``_body_spelling``) or, for a word that is no syllable, prints most (``_body_syllable``)."""
    if not body.pairs:
        return text
    tokens = _respell_phrases(text.split(" "), body)
    names = _names(tokens)
    cores = [_core(t) for t in tokens]
    for i, core in enumerate(cores):
        if not core or core in _printed_words() or (i in names and not _capitalised(tokens[i])):
            continue
        before, after = _neighbours(tokens, cores, i)
        form = _body_spelling(cores, i, before, after, body) or _body_syllable(tokens[i], body)
        if form is not None and i in names and not _in_word(cores, i, form):
            continue  # a capitalised word is a name unless the body's spelling makes a word
        if form is not None:
            tokens[i] = respell_token(tokens[i], form)
            cores[i] = form
    return " ".join(tokens)


def _respell_phrases(tokens: list[str], body: BodyPairs) -> list[str]:
    """Runs of three syllables or more that the body prints with the same letters and other
    marks (``BỒ SÙNG KÍNH PHÍ`` / ``bổ sung kinh phí``): the body's spelling, where it makes more
    words of the lexicon with the subject's syllables around it (as many: only printed twice)
    and is printed at least twice as often as the subject's reading, as a run and beside each
    changed syllable's neighbours; for as many words, never an agency phrase's syllable
    (``tỉnh``) or a name."""
    tokens = list(tokens)
    cores = [_core(t) for t in tokens]
    for i, form in longest_first(len(tokens), _PHRASE,
                                 lambda i, size: _body_phrase(tokens, cores, i, size, body)):
        for k, syllable in enumerate(form, start=i):
            tokens[k] = respell_token(tokens[k], syllable)
            cores[k] = syllable
    return tokens


def _body_phrase(tokens: list[str], cores: list[str], i: int, size: int, body: BodyPairs
                 ) -> tuple[int, tuple[str, ...]] | None:
    """(i, the body's spelling of the subject's syllables i..i+size-1) when it should replace
    them."""
    span = tuple(cores[i:i + size])
    if len(span) < size or not all(span) or not all(_joined(t) for t in tokens[i:i + size - 1]):
        return None
    spellings = body.phrases.get(tuple(map(fold, span)), Counter())
    others = sorted(((n, s) for s, n in spellings.items() if s != span and n > 0), reverse=True)
    if not others or (len(others) > 1 and others[1][0] == others[0][0]):
        return None
    n, form = others[0]
    changed = [k for k in range(i, i + size) if form[k - i] != cores[k]]
    if n < _OUTNUMBERED * max(spellings[span], *(_seen_as_read(tokens, cores, k, body)
                                                  for k in changed)) \
            or not all(is_syllable(form[k - i]) for k in changed):
        return None
    spelled = [*cores[:i], *form, *cores[i + size:]]
    lo, hi = max(0, i - 2), min(len(cores), i + size + 2)  # words across the run's ends count
    words = lexicon().words
    gain = _covered(tokens, spelled, lo, hi, words) - _covered(tokens, cores, lo, hi, words)
    if gain > 0:
        return i, form
    names = _names(tokens)
    kept = any(cores[k] in _printed_words() or k in names for k in changed)
    return (i, form) if gain == 0 and n >= _SEEN_TWICE and not kept else None


def _seen_as_read(tokens: list[str], cores: list[str], k: int, body: BodyPairs) -> int:
    """Places where the body prints syllable ``k`` as read beside its neighbours as read."""
    before, after = _neighbours(tokens, cores, k)
    return body.seen(before, cores[k], after) if before or after else 0


def _capitalised(token: str) -> bool:
    """``Đề``, not an acronym (``GAVI``)."""
    core = token.strip(_PUNCT)
    return len(core) > 1 and core[0].isupper() and core[1:].islower()


def _body_spelling(cores: list[str], i: int, before: str, after: str, body: BodyPairs
                   ) -> str | None:
    """The one other spelling of ``cores[i]`` the body prints beside ``before`` or ``after``
    when it never prints the syllable as read there: seen twice, or once where it makes a word
    of the lexicon with a neighbour; instead of a syllable that makes such a word, only another
    such word seen twice (``nghệ nghiệp`` → ``nghề nghiệp``, never ``bổ sung`` → ``bồ sung``).
    Where the body prints the reading there too (it misreads as well), only a spelling it
    prints there ``_OUTNUMBERED`` times as often (``về được và`` once, ``về dược và`` twice)."""
    core = cores[i]
    if not (before or after):
        return None
    as_read = body.seen(before, core, after)
    found = [(body.seen(before, s, after), s) for s in lexicon().syllables.get(fold(core), ())
             if s != core]
    if as_read:  # the body misreads too: only a spelling it prints there far more often
        found = [(n, s) for n, s in found if n >= _OUTNUMBERED * as_read]
    elif _in_word(cores, i, core):  # a word as read: only for another word, seen twice
        found = [(n, s) for n, s in found if n >= _SEEN_TWICE and _in_word(cores, i, s)]
    else:
        found = [(n, s) for n, s in found if n >= _SEEN_TWICE or (n and _in_word(cores, i, s))]
    return found[0][1] if len(found) == 1 else None


_SEEN_TWICE = 2
_OUTNUMBERED = 2  # times the body prints another spelling there for each time it prints the one read


def _body_syllable(token: str, body: BodyPairs) -> str | None:
    """A word that is no syllable (``thuôc``: a mark lost) with more than one syllable it may
    have been printed as (``thuốc``, ``thuộc``): the one the body prints, and more often than
    any other (a document about medicines prints ``thuốc``); None when the body cannot tell."""
    choices = syllable_choices(token)
    if len(choices) < 2:
        return None
    seen = sorted(((body.words[c], c) for c in choices), reverse=True)
    return seen[0][1] if seen[0][0] > seen[1][0] else None


def _in_word(cores: list[str], i: int, form: str) -> bool:
    """``form`` in place of ``cores[i]`` makes a word of two or three syllables of the lexicon
    with its neighbours (punctuation between them aside: ``phòng, chống``)."""
    words = lexicon().words
    spelled = [*cores[:i], form, *cores[i + 1:]]
    for size in (2, 3):
        for lo in range(max(0, i - size + 1), min(i, len(cores) - size) + 1):
            span = spelled[lo:lo + size]
            if all(span) and " ".join(span) in words:
                return True
    return False
