"""Vietnam's place names, to restore a place's diacritics: ``Phong Điên`` → ``Phong Điền``.

Names of provinces, districts and communes before and after the 2025 reorganisation come
from ``vietnamadminunits`` (its bundled database, read once), with the provinces and
provincial cities of our own tables.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from ._tables import PROVINCES
from ._text import fold, new_tones, squash
from ._wordcache import kept

log = logging.getLogger(__name__)

_TABLES = {
    "admin_units_legacy": ("provinceShort", "districtShort", "wardShort"),  # 63 provinces
    "admin_units": ("provinceShort", "wardShort"),  # 34 provinces, from 1 July 2025
}


@cache
def place_spellings() -> dict[str, frozenset[str]]:
    """Folded place name → its spellings (new tone placement); built once per installation
    (``_wordcache``)."""
    return kept("places", build_place_spellings)


def build_place_spellings() -> dict[str, frozenset[str]]:
    """``place_spellings`` from vietnamadminunits' database and our provinces."""
    names = set(PROVINCES)
    try:
        from vietnamadminunits.database import get_data
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("vietnamadminunits is missing: places are checked against the provinces only")
    else:
        for table, columns in _TABLES.items():
            for row in get_data(fields=list(columns), table=table):
                names.update(v for v in row.values() if v and any(c.isalpha() for c in v))
    out: dict[str, set[str]] = {}
    for name in names:
        spelling = new_tones(squash(name))
        out.setdefault(fold(spelling), set()).add(spelling)
    return {k: frozenset(v) for k, v in out.items()}


# the kind of unit printed before a place's name (folded): an abbreviation is kept as printed
_UNIT = re.compile(r"((?:tp|tx|tt)\.|thanh pho|thi xa|thi tran) *")
_UNIT_NAMES = {"thanh pho": "Thành phố ", "thi xa": "Thị xã ", "thi tran": "Thị trấn "}


def repair_place(text: str) -> tuple[str, bool]:
    """The place as the gazetteer spells it, and whether the gazetteer knows it.

    A reading that differs from a known name only in diacritics takes the name's when only
    one name folds that way; a reading spelled as printed in the old tone placement (``Thanh
    Hoá``) is kept as printed.
    """
    text = squash(text)
    unit = _UNIT.match(fold(text))
    if unit and unit.end() < len(text):  # ``TP. Hô Chí Minh``: the name after the unit's
        name, known = repair_place(text[unit.end():])
        prefix = _UNIT_NAMES.get(unit.group(1), text[:unit.end()])
        return prefix + name, known
    spellings = place_spellings().get(fold(text), frozenset())
    if new_tones(text) in spellings:
        return text, True
    if len(spellings) == 1:
        return next(iter(spellings)), True
    return text, False
