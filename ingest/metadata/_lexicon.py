"""Repairs against the tables: type names, header phrases, titles and family names."""

from __future__ import annotations

import re
from functools import cache

from ._dictionary import lexicon, respell_token
from ._tables import (
    AUTHORITY_PREFIXES,
    DOC_TYPES,
    EXTRA_TITLES,
    HEADER_PHRASES,
    ISSUER_ABBREVIATIONS,
    NATIONAL_BODY_PHRASES,
    PROVINCES,
    RUNNING_PHRASES,
    SIGNER_TITLES,
    SURNAMES,
)
from ._text import fold, fold_alnum, new_tones, ratio, squash
from ._tones import is_syllable


@cache
def _type_names() -> dict[str, str]:
    names = {fold(v): v for v in DOC_TYPES.values()}
    names.update({fold(v): v for v in EXTRA_TITLES})
    return names


def match_doc_type(text: str) -> tuple[str | None, float]:
    """The type named by a title line (``NGHỊ QUYÉT`` → ``Nghị quyết``) and a similarity."""
    key = fold_alnum(text)
    if " cua " in f" {key} ":
        key = f" {key} ".split(" cua ", 1)[0].strip()  # older titles: QUYẾT ĐỊNH CỦA UỶ BAN …
    if not key or len(key) > 40:
        return None, 0.0
    best, score = None, 0.0
    for folded, name in _type_names().items():
        r = ratio(key, fold_alnum(folded))
        if r > score:
            best, score = name, r
    return (best, score) if score >= 0.8 else (None, score)


def type_from_abbreviation(abbr: str) -> str | None:
    if abbr in DOC_TYPES:
        return DOC_TYPES[abbr]
    matches = {k for k in DOC_TYPES if fold(k) == fold(abbr)}
    return DOC_TYPES[matches.pop()] if len(matches) == 1 else None


def canonical_abbreviation(part: str, extra: tuple[str, ...] = ()) -> str | None:
    """``QD`` → ``QĐ``, ``HDND`` → ``HĐND``: a symbol part matched against the tables.

    Only an unambiguous match is returned (``HD`` could be HD or HĐ, so it stays).
    """
    known = set(DOC_TYPES) | set(ISSUER_ABBREVIATIONS) | set(extra)
    if part in known:
        return part
    matches = {k for k in known if fold(k) == fold(part)}
    return matches.pop() if len(matches) == 1 else None


@cache
def _phrases(extra: tuple[str, ...] = ()) -> list[tuple[list[str], list[str]]]:
    items = [*HEADER_PHRASES, *NATIONAL_BODY_PHRASES, *SIGNER_TITLES,
             *(p.upper() for p in PROVINCES), *(e.upper() for e in extra)]
    out = []
    for phrase in items:
        words = phrase.split()
        out.append(([fold(w) for w in words], words))
    out.sort(key=lambda x: -len(x[0]))
    return out


def repair_header(text: str, *, extra_places: tuple[str, ...] = ()) -> str:
    return repair_header_known(text, extra_places=extra_places)[0]


def repair_header_known(text: str, *, extra_places: tuple[str, ...] = ()) -> tuple[str, bool]:
    """repair_header(), and whether every word belonged to a known phrase."""
    """Put back diacritics lost on bold capitals: ``TĨNH QUANG NGAI`` → ``TỈNH QUẢNG NGÃI``.

    Only words whose folded form equals a known phrase word for word are replaced;
    old tone placement becomes the new one (``UỶ`` → ``ỦY``).
    """
    phrases = _phrases(tuple(extra_places))
    single = _phrase_words(tuple(extra_places))
    words = _split_fused(_join_split(squash(text).split(), single), phrases, single)
    folded = [fold(w).strip(",.;:") for w in words]
    out: list[str] = []
    i = 0
    known = 0
    while i < len(words):
        for keys, forms in phrases:
            n = len(keys)
            if folded[i:i + n] == keys and all(w.isupper() or not w.isalpha() for w in words[i:i + n]):
                for w, form in zip(words[i:i + n], forms, strict=True):
                    tail = w[len(w.rstrip(",.;:")):]
                    core = w[: len(w) - len(tail)]
                    # old tone placement as printed (UỶ, HOÀ) is kept, not "corrected"
                    out.append((core if new_tones(core) == form else form) + tail)
                i += n
                known += n
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out), bool(words) and known == len(words)


@cache
def _phrase_words(extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The folded words of the known phrases (``_phrases``)."""
    return frozenset(k for keys, _ in _phrases(extra) for k in keys)


def _join_split(words: list[str], single: frozenset[str]) -> list[str]:
    """A word of a known phrase (``single``: their folded words) read as two, its last letter
    or two apart (``ĐỘN G`` → ``ĐỘNG``): the second piece no word of any phrase, both in
    capitals."""
    out: list[str] = []
    for w in words:
        last = out[-1] if out else ""
        if (len(w) <= 2 and w.isalpha() and w.isupper() and last.isalpha() and last.isupper()
                and fold(w) not in single and fold(last + w) in single):
            out[-1] = last + w
        else:
            out.append(w)
    return out


def _split_fused(words: list[str], phrases: list[tuple[list[str], list[str]]],
                 single: frozenset[str]) -> list[str]:
    """Two words of a known phrase read as one (``VĨNHLONG`` → ``VĨNH LONG``)."""
    pairs = {a + b: len(a) for keys, _ in phrases for a, b in zip(keys, keys[1:], strict=False)}
    out: list[str] = []
    for w in words:
        w = w.rstrip("_") or w  # an underscore glued to the end: a speck (``LONGAN_``)
        key = fold(w)
        if w.isupper() and key not in single and key in pairs and len(key) == len(w):
            cut = pairs[key]
            out += [w[:cut], w[cut:]]
        elif w.isupper() and key not in single and len(key) == len(w) >= 4 \
                and not is_syllable(new_tones(w.lower())):  # ``CHIÊM`` is no ``CHI`` + ``ÊM``
            out += _known_pieces(w, key, single) or [w]
        else:
            out.append(w)
    return out


def _known_pieces(word: str, key: str, single: frozenset[str]) -> list[str] | None:
    """A word in capitals that is two or three known header words read as one (``SỞYTÉ``,
    ``TỈNHHẬU``)."""
    for i in range(1, len(key)):
        if key[:i] in single and key[i:] in single:
            return [word[:i], word[i:]]
    for i in range(1, len(key) - 1):
        for j in range(i + 1, len(key)):
            if key[:i] in single and key[i:j] in single and key[j:] in single:
                return [word[:i], word[i:j], word[j:]]
    return None


TITLE_LIKE = 0.85  # folded similarity to a known signer title from which a reading is that title
TITLES_BY_FOLD = {fold(t): t for t in SIGNER_TITLES}  # THỨ/THỦ TRƯỞNG fold alike: the last kept


def repair_title(text: str) -> tuple[str, bool]:
    """A signer title, repaired when a seal cut its first letters; True when repaired."""
    text = new_tones(squash(text))
    if text in SIGNER_TITLES:
        return text, False
    key = fold(text)
    known = TITLES_BY_FOLD
    if key in known:
        # THỨ TRƯỞNG and THỦ TRƯỞNG fold alike: a reading between them is left as read
        same = [t for t in SIGNER_TITLES if fold(t) == key]
        return (same[0], False) if len(same) == 1 else (text, False)
    if len(key) >= 5:
        tails = [t for k, t in known.items() if k.endswith(key) and len(key) >= 0.6 * len(k)]
        if tails:
            return min(tails, key=len), True
        close = [(ratio(key, k), t) for k, t in known.items()]
        score, best = max(close)
        if score >= TITLE_LIKE:
            return best, True
    deputy = _smudged_deputy(text, known) or _middle_lost(key, known)
    if deputy:
        return deputy, True
    return _known_start(text, known), False


def _middle_lost(key: str, known: dict[str, str]) -> str | None:
    """The one known title whose start and end were read, its middle lost under the seal
    (``CHÁ PHÒNG`` for ``CHÁNH VĂN PHÒNG``), or None (``PHÓ ĐỐC``: PHÓ GIÁM or PHÓ TỔNG GIÁM)."""
    words = key.split()
    fits = {t for k, t in known.items() for cut in range(1, len(words))
            if _start_and_end(k, " ".join(words[:cut]), " ".join(words[cut:]))}
    return fits.pop() if len(fits) == 1 else None


def _start_and_end(title: str, start: str, end: str) -> bool:
    return (len(start) >= 2 and len(end) >= 3 and len(start) + len(end) + 1 < len(title)
            and title.startswith(start) and title.endswith(" " + end))


def _known_start(text: str, known: dict[str, str]) -> str:
    """A title that goes on past a known one (``THỨ TRƯỜNG THƯỜNG TRỰC``): its first words spelled
    as the known title is (``THỨ TRƯỞNG``), the longest that folds alike (THỨ and THỦ TRƯỞNG fold
    alike: the first word as read chooses)."""
    words = text.split()
    for n in range(len(words) - 1, 1, -1):
        head = fold(" ".join(words[:n]))
        same = [t for t in SIGNER_TITLES if fold(t) == head]
        if len(same) > 1:  # THỨ or THỦ TRƯỞNG: the first word as read tells
            same = [t for t in same if t.split()[0] == words[0]]
        if len(same) == 1:
            return " ".join([same[0], *words[n:]])
        if same:
            return text
    return text


# authority prefixes as their marks fold (``KT.`` → ``kt``), and the older ``K/T``, ``T/M``
_PREFIXES = (*(fold(p).rstrip(".") for p in AUTHORITY_PREFIXES), "k/t", "t/m")


def _smudged_deputy(text: str, known: dict[str, str]) -> str | None:
    """``VT-GIÁM ĐÓC``, ``Z1: GIÁM ĐÓC``: a known title after a few unreadable marks. Only
    ``PHÓ`` is printed before a title, so the marks were it (a signature stroke over it)."""
    tokens = [t for t in re.split(r"[\s\-.:,;]+", text) if t]
    for k in (1, 2):
        head, rest = tokens[:k], fold(" ".join(tokens[k:]))
        marks = sum(c.isalnum() for t in head for c in t)
        if rest in known and f"PHÓ {known[rest]}" in SIGNER_TITLES and 0 < marks <= 4 \
                and fold(" ".join(head)) not in (*known, *_PREFIXES) and len(tokens) > k:
            return f"PHÓ {known[rest]}"
    return None


def repair_surname(token: str) -> tuple[str, bool]:
    """A family name cut or smudged by a seal (``guyên`` → ``Nguyễn``); True when repaired."""
    if token in SURNAMES:
        return token, False
    key = fold(token)
    exact = [s for s in SURNAMES if fold(s) == key]
    if exact:
        return exact[0], True
    if len(key) >= 2:
        tails = [s for s in SURNAMES if fold(s).endswith(key) and len(key) >= 0.4 * len(fold(s))]
        if tails:
            return tails[0], True
    if len(key) >= 4:
        close = [(ratio(key, fold(s)), -i, s) for i, s in enumerate(SURNAMES)]
        score, _, best = max(close)
        if score >= 0.6:
            return best, True
    return token, False


def _lower_phrases(phrases: tuple[str, ...]) -> list[tuple[list[str], list[str]]]:
    """(folded words, words) of the phrases of two words or more, in lower case, longest
    first (for running text; ``_phrases`` keeps the capitals of headers)."""
    out = []
    for phrase in phrases:
        words = phrase.lower().replace(",", "").split()
        if len(words) >= 2:
            out.append(([fold(w) for w in words], words))
    return sorted(out, key=lambda x: -len(x[0]))


@cache
def _running_phrases() -> list[tuple[list[str], list[str]]]:
    """Agency and recipient phrases of two words or more, in lower case (``ủy ban nhân dân``)."""
    return _lower_phrases(HEADER_PHRASES + RUNNING_PHRASES)


@cache
def _body_names() -> list[tuple[list[str], list[str]]]:
    """Names of central bodies and units of two words or more (``thống kê``, ``kho bạc nhà
    nước``) whose letters the word list spells no other way: ``công đoàn`` (a trade union) is
    also ``công đoạn`` (a stage), so it is left as read."""
    spellings = lexicon().compounds
    return [(keys, words) for keys, words in _lower_phrases(NATIONAL_BODY_PHRASES)
            if spellings.get(" ".join(keys), {" ".join(words)}) <= {" ".join(words)}]


def repair_body_names(text: str) -> str:
    """Diacritics back on the names of bodies in a recipient list: ``Cục Thông kê`` → ``Cục
    Thống kê`` (``_body_names``), each word keeping its capital."""
    return _respell_phrases(text, _body_names())


def repair_known_phrases(text: str) -> str:
    """Diacritics back on agency phrases in running text: ``của Uy ban nhân dân`` → ``của Ủy
    ban nhân dân``. Only whole phrases of two words or more are replaced (their folded form
    means nothing else), each word keeping its capital; a spelling that differs only by old
    tone placement (``Uỷ ban``) is kept as printed."""
    return " ".join(_number_sign(_respell_phrases(text, _running_phrases()).split(" ")))


def _respell_phrases(text: str, phrases: list[tuple[list[str], list[str]]]) -> str:
    """``text`` with each run of words whose folded form is a phrase's keys spelled as it."""
    words = text.split(" ")
    folded = [fold(w).strip(",.;:()") for w in words]
    i = 0
    while i < len(words):
        for keys, forms in phrases:
            n = len(keys)
            if folded[i:i + n] != keys:
                continue
            for j, form in enumerate(forms, start=i):
                words[j] = respell_token(words[j], form)
            i += n - 1
            break
        i += 1
    return " ".join(words)


def _number_sign(words: list[str]) -> list[str]:
    """``số`` before a number (``bão sô 16``, ``Quyết định so 14/2013/QĐ-TTg``): small print
    loses its tone mark; ``sổ`` (a register) as read is kept."""
    out = list(words)
    for i, (word, after) in enumerate(zip(words, words[1:], strict=False)):
        if fold(word) == "so" and word.lower() not in ("số", "sổ") and after[:1].isdigit():
            out[i] = respell_token(word, "số")
    return out
