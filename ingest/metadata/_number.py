"""Số và ký hiệu: ``Số: 2629/QĐ-UBND`` with OCR noise and handwritten digits."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ._header import INK_AS_SLASH, LOST_SLASH, MISREAD_SLASH, Line, number_rest
from ._lexicon import canonical_abbreviation, type_from_abbreviation
from ._tables import DOC_TYPES, ISSUER_ABBREVIATIONS
from ._text import fold, repair_digits

_RELIABLE_CONF = 80.0


@dataclass
class NumberReading:
    digits: str  # the number itself ("" when unreadable or left blank)
    year: str | None  # "2017" in 346/2017/QĐ-UBND
    symbol: str  # "QĐ-UBND"
    reliable: bool  # digits read cleanly, with good confidence
    blank: bool  # nothing at all where the number goes (a draft)
    known_symbol: bool  # every part of the symbol is in the tables

    @property
    def value(self) -> str:
        year = f"/{self.year}" if self.year else ""
        if not self.symbol:
            return self.digits
        sep = "-" if self.old_style else "/"
        return f"{self.digits}{year}{sep}{self.symbol}"

    old_style: bool = False

    @property
    def type_abbreviation(self) -> str | None:
        parts = self.symbol.split("-")
        if len(parts) >= 2 and type_from_abbreviation(parts[0]):
            return parts[0]
        return None


_ETH = str.maketrans("Ðð", "Đđ")  # the Latin eth OCR reads for Đ


def _clean_symbol(symbol: str, extra: tuple[str, ...]) -> tuple[str, bool]:
    symbol = re.sub(r"[–—_]", "-", symbol)
    symbol = re.sub(r"[^\w.&-]", "", symbol).strip(".-")
    parts = [p for p in symbol.split("-") if p]
    out, known = [], True
    for i, part in enumerate(parts):
        canon = canonical_abbreviation(part, extra)
        if canon is None:
            known = False  # a repaired part is still a guess: the number is flagged
            # O read for 0 inside a unit code is rare; letters are kept as printed
            out.append(canonical_abbreviation(_unstutter(part), extra)
                       or _dash_lost(part, extra) or _dot_for_dash(part, extra)
                       or (_speck_before(part, extra) if i == 0 else None)
                       or part.translate(_ETH))
        else:
            out.append(canon)
    return "-".join(out), known


def _speck_before(part: str, extra: tuple[str, ...]) -> str | None:
    """``ZUBND`` → ``UBND``: the handwritten number's last stroke read as a letter before the
    symbol's first part, when the rest is a known part of three letters or more."""
    rest = canonical_abbreviation(part[1:], extra) if len(part) > 3 else None
    return rest if rest and len(rest) >= 3 else None


def _dash_lost(part: str, extra: tuple[str, ...]) -> str | None:
    """``SGDĐTVP`` → ``SGDĐT-VP``, ``QĐUBND`` → ``QĐ-UBND``: a known part and an issuer's
    abbreviation read without the dash between them, when only one cut makes them. A unit code
    of two type abbreviations (``KHTC``: Kế hoạch - Tài chính) is no such pair."""
    issuers = (set(ISSUER_ABBREVIATIONS) | set(extra)) - set(DOC_TYPES)
    cuts = [f"{a}-{b}" for k in range(1, len(part))
            if (a := canonical_abbreviation(part[:k], extra))
            and (b := canonical_abbreviation(part[k:], extra)) in issuers]
    return cuts[0] if len(cuts) == 1 else None


def _dot_for_dash(part: str, extra: tuple[str, ...]) -> str | None:
    """``NĐ.CP`` → ``NĐ-CP``: the dash read as a stop, when every piece is a known part."""
    pieces = _unstutter(part).split(".")
    known = [canonical_abbreviation(p, extra) for p in pieces]
    return "-".join(known) if len(pieces) > 1 and all(known) else None


def _unstutter(part: str) -> str:
    """``QĐÐ`` → ``QĐ``: the Latin eth read for Đ, and a letter OCR read twice."""
    return re.sub(r"(.)\1+", r"\1", part.translate(_ETH))


# a legal document's year printed before the symbol, the slash before it read as a mark
# (``4#2022``: the handwritten ``3/`` over it)
_YEAR_AFTER_MARK = re.compile(r"^(?P<n>.*?)[^\w\s](?P<y>(?:19|20)\d\d)$")


def parse_number(line: Line, extra: tuple[str, ...] = ()) -> NumberReading | None:
    """Read the number line of the header (the part after ``Số:``)."""
    rest = number_rest(line.text)
    if rest is None:
        return None
    compact = re.sub(r"\s+", "", rest)
    if not compact:
        return None
    slash = compact.find("/")
    if slash < 0:
        lost = LOST_SLASH.match(compact)
        if lost:  # the blank and its slash read as a mark (``@TTr-STC``): a blank number
            symbol, known = _clean_symbol(lost.group("s"), extra)
            return NumberReading("", None, symbol, False, True, known) if symbol else None
        glued = MISREAD_SLASH.search(compact)
        if glued and glued.group("typed"):  # ink and slash read as letters (``_2ZKH-SNV``):
            symbol, known = _clean_symbol(glued.group("typed"), extra)  # the digits unread
            return NumberReading("", None, symbol, False, False, known) if symbol else None
        old = re.match(r"^(?P<n>[0-9OolI|]+)-(?P<s>[A-ZĐa-zđ].*)$", compact)
        if not old:
            return None
        digits, guessed = repair_digits(old.group("n"))
        symbol, known = _clean_symbol(old.group("s"), extra)
        return NumberReading(digits, None, symbol, guessed == 0 and line.conf >= _RELIABLE_CONF,
                             False, known, old_style=True)
    head, tail = compact[:slash], compact[slash + 1:]
    if ink := INK_AS_SLASH.match(compact):  # ``/J5/GM-HĐĐT`` for a written 45
        tail = compact[ink.end() + 1:]
    year = None
    ym = re.match(r"^(\d{4})/(.*)$", tail)
    if ym and 1945 <= int(ym.group(1)) <= 2100:
        year, tail = ym.group(1), ym.group(2)
    if year is None and (glued := _YEAR_AFTER_MARK.match(head)):
        head, year = glued.group("n"), glued.group("y")  # ``4#2022/NĐ-CP``: the slash misread
    symbol, known = _clean_symbol(tail, extra)
    if not symbol:
        return None
    digits, guessed = repair_digits(head)
    conf = _digit_conf(line, rest[: rest.find("/")] if "/" in rest else rest)
    reliable = bool(digits) and guessed == 0 and conf >= _RELIABLE_CONF and len(digits) <= 5
    return NumberReading(digits, year, symbol, reliable, not head, known)


def _digit_conf(line: Line, head: str) -> float:
    """Lowest confidence of the words that carry the number's digits."""
    confs = []
    for w in line.words:
        if fold(w.text).startswith(("so", "s6", "so:")) and not any(c.isdigit() for c in w.text):
            continue
        if w.text.startswith("/"):
            break
        if "/" in w.text:
            confs.append(w.conf)
            break
        confs.append(w.conf)
    return min(confs) if confs else (line.conf if head.strip() else 0.0)


_FILENAME_SYMBOL = re.compile(
    r"(?<!\d)(\d{1,5})\s*[-_/ ]\s*(?:\d{4}\s*[-_/ ]\s*)?([A-Za-zĐđ]+(?:-[A-Za-zĐđ0-9]+)*)")
_FILENAME_LEAD = re.compile(r"^\s*(\d{1,5})(?![\dA-Za-z])")


def filename_candidates(filename: str | None, symbol: str) -> tuple[str | None, str | None]:
    """(strong, weak) number candidates from a file name.

    Strong: digits followed by the same symbol (``07-CT-UBND``). Weak: a leading number
    (``299 UB.signed.pdf``), which may as well be an arrival number or a drafter code.
    """
    if not filename:
        return None, None
    name = filename.rsplit("/", 1)[-1]
    strong = None
    key = fold(symbol).replace("-", "")
    for m in _FILENAME_SYMBOL.finditer(name):
        if key and fold(m.group(2)).replace("-", "") == key:
            strong = m.group(1)
            break
    lead = _FILENAME_LEAD.match(name)
    return strong, (lead.group(1) if lead else None)


def number_doc_type(reading: NumberReading, issuer: str | None = None) -> str | None:
    """The type the number's symbol names (``QĐ`` in ``12/QĐ-UBND``), or None: also when the
    symbol's first part is the ``issuer``'s own initials (``69/CT-KTT3`` of ``CỤC THUẾ``: a
    công văn of the Cục, not a Chỉ thị)."""
    abbr = reading.type_abbreviation
    if not abbr or (issuer and len(abbr) > 1 and _initials_of(issuer).startswith(_bare(abbr))):
        return None
    return type_from_abbreviation(abbr)


def type_abbreviation(doc_type: str | None) -> str | None:
    """The abbreviation Phụ lục III gives ``doc_type`` (``BC`` for ``Báo cáo``), when it has
    one of two letters or more."""
    abbr = next((k for k, name in DOC_TYPES.items() if name == doc_type), None)
    return abbr if abbr is not None and len(abbr) >= 2 else None


def type_part_fits_title(symbol: str, doc_type: str | None) -> bool:
    """The symbol's first part is the abbreviation of the type its title prints (``BC-HĐND``
    under ``BÁO CÁO``), as Nghị định 30 numbers every document with a type title (all 47
    labelled real ones with both do); True when there is nothing to compare (no title, a type
    with no abbreviation, a symbol of one part). ``NC-HĐNp`` under ``BÁO CÁO`` is misread."""
    abbr = type_abbreviation(doc_type)
    parts = symbol.rsplit("/", 1)[-1].split("-")
    if abbr is None or len(parts) < 2:
        return True
    return _bare(parts[0]) == _bare(abbr)


_DASH_LOST_AFTER_TYPE = re.compile(r"^[A-ZĐ]{2,}[A-ZĐa-z0-9&.]*$")  # the issuer's part after it


def type_part_told_by_title(symbol: str, doc_type: str) -> str | None:
    """The symbol with its first part put right from the title (``GT-UBND`` or ``CI-UBND``
    under ``CHỈ THỊ`` → ``CT-UBND``; ``ZQĐ-UBND`` under ``QUYẾT ĐỊNH`` → ``QĐ-UBND``;
    ``PC-UBND`` under ``BÁO CÁO`` → ``BC-UBND``): a part in no table, or another type's
    abbreviation (a symbol names the type its title prints), that is the type's abbreviation
    with one letter changed or a speck or two before it (``ØØTB``); or a
    symbol of one part, the type's abbreviation and capitals run together (``BCVTLTNN`` under
    ``BÁO CÁO`` → ``BC-VTLTNN``: a symbol always parts the type from the issuer). None when
    nothing is to be put right."""
    parts = symbol.split("-")
    abbr = type_abbreviation(doc_type)
    if abbr is None:
        return None
    if len(parts) == 1 and _DASH_LOST_AFTER_TYPE.match(symbol[len(abbr):]) \
            and symbol.startswith(abbr):
        return f"{abbr}-{symbol[len(abbr):]}"  # ``BCVTLTNN`` under ``BÁO CÁO``: a dash lost
    if len(parts) < 2 or parts[0] == abbr or (
            canonical_abbreviation(parts[0]) is not None and parts[0] not in DOC_TYPES):
        return None
    head, want = parts[0].upper(), abbr.upper()
    speck = len(head) == len(want) + 1 and head[1:] == want \
        or 0 < len(head) - len(want) <= 2 and re.fullmatch(rf"[^A-ZĐ]+{re.escape(want)}", head)
    slip = len(head) == len(want) and sum(a != b for a, b in zip(head, want, strict=True)) == 1
    return "-".join([abbr, *parts[1:]]) if speck or slip else None


def _initials_of(name: str) -> str:
    return "".join(_bare(w[0]) for w in name.split() if w[0].isalpha())


def _bare(text: str) -> str:
    """Capitals without tone marks and hats, Đ kept (``HĐ`` is not ``HD``)."""
    return "".join(c for c in unicodedata.normalize("NFD", text.upper())
                   if not unicodedata.combining(c))
