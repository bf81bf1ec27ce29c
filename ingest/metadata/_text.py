"""Text helpers: NFC, diacritic folding, old/new tone placement, fuzzy matching, OCR digit repair."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Old tone placement (hoà, uỷ, thuỷ) → new (hòa, ủy, thủy): the same syllable either way.
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_TONE_RE = re.compile("|".join(sorted(_OLD_TONES, key=len, reverse=True)), re.IGNORECASE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """NFC and single spaces."""
    return " ".join(nfc(text).split())


def new_tones(text: str) -> str:
    """Move tone marks to the new placement when followed by nothing (``UỶ`` → ``ỦY``)."""

    def repl(m: re.Match[str]) -> str:
        src = m.group(0)
        # only at the end of a syllable: "hoàng" keeps its placement
        end = m.end()
        if end < len(m.string) and m.string[end].isalpha():
            return src
        out = _OLD_TONES[src.lower()]
        return "".join(o.upper() if s.isupper() else o for s, o in zip(src, out, strict=True))

    return _OLD_TONE_RE.sub(repl, nfc(text))


def fold(text: str) -> str:
    """Lower case without diacritics, đ→d, single spaces: ``Quảng Ngãi`` → ``quang ngai``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def fold_alnum(text: str) -> str:
    """fold() keeping only letters, digits and single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def plain_letters(text: str) -> str:
    """Latin letters without marks, lower case, nothing else: ``Lê Tấn`` → ``letan`` (what a
    recogniser blind to Vietnamese marks can vouch for)."""
    return "".join(c for c in fold(text) if "a" <= c <= "z")


def ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def distance(a: str, b: str) -> int:
    """Levenshtein distance: letters inserted, dropped or replaced."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def is_upper_text(text: str, *, min_share: float = 0.8) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= min_share


# Characters OCR puts where a digit was printed or written.
_DIGIT_LOOKALIKES = {
    "O": "0", "o": "0", "Ø": "0", "ø": "0", "Q": "0", "D": "0", "°": "0",
    "l": "1", "I": "1", "|": "1", "i": "1", "!": "1", "]": "1", "[": "1", "{": "1", "}": "1",
    "í": "1", "ì": "1", "Ì": "1", "Í": "1", "j": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "$": "5", "G": "6", "b": "6", "T": "7",
    "B": "8", "g": "9", "q": "9",
}


def real_digits(token: str) -> int:
    """How many real ASCII digits a token has."""
    return sum(1 for c in token if c.isascii() and c.isdigit())


def repair_digits(token: str) -> tuple[str, int]:
    """Digits read from a numeric slot, and how many characters had to be guessed.

    Characters that are neither digits nor known look-alikes are dropped and counted.
    """
    out, guessed = [], 0
    for ch in token:
        if ch.isdigit() and ch.isascii():
            out.append(ch)
        elif ch in _DIGIT_LOOKALIKES:
            out.append(_DIGIT_LOOKALIKES[ch])
            guessed += 1
        elif ch in " _.,'`-–—\"“”":
            continue
        else:
            guessed += 1
    return "".join(out), guessed


def title_case(text: str) -> str:
    """``QUYẾT ĐỊNH`` → ``Quyết định``."""
    text = squash(text).lower()
    return text[:1].upper() + text[1:]


def clean_free_text(text: str) -> str:
    """Running text as printed: single spaces, an OCR em dash between words back to an en dash."""
    text = squash(text).replace(" — ", " – ")
    return text


def holds_in_order(longer: str, shorter: str) -> bool:
    """``shorter`` is ``longer`` with some characters left out (``2155`` holds ``255``)."""
    rest = iter(longer)
    return all(c in rest for c in shorter)
