"""A signer's name completed from the names the archive already knows for the same issuer.

An agency's documents are signed by a handful of people, and the seal often covers part of the
name (``Hoàng Anh`` for ``Lê Hoàng Anh``) or a stroke garbles a letter (``Hà Văn Phúe``,
``Lê Tấn Đũng``). Once the catalogue holds a name for that issuer that a person confirmed or
corrected (``archive_service.catalog.Catalog.known_signers``), a doubtful reading (its reader
flagged it, or its raw score is one the calibration flags) that is the end of exactly one such
name, or that one letter (or only marks) sets apart from exactly one, takes that name. It stays
marked for review: a person still looks, but finds the right name in place of a fragment. A
name read surely is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from archive_service.records import FieldValue

from ._calibration import chance_right, review_below
from ._text import fold, new_tones, nfc

__all__ = ["complete_from_known"]

NEAR = 1  # letters (after folding marks away) a reading may differ from a known name by
KNOWN_CONF = 0.85  # a name completed from a known one


def complete_from_known(fields: dict[str, FieldValue], known: Iterable[str]
                        ) -> dict[str, FieldValue]:
    """``fields`` with a signer its reader doubted replaced by the one known name it is a
    fragment or a near-reading of; unchanged when no known name, or more than one, fits."""
    fv = fields.get("signer")
    if fv is None or not _doubted(fv) or not isinstance(fv.value, str) or not fv.value.strip():
        return fields  # a name read surely is never changed (Văn Hà is not Văn Hải)
    read = new_tones(" ".join(nfc(fv.value).split()))
    names = {new_tones(" ".join(nfc(n).split())) for n in known if n and n.strip()}
    if read in names:
        return fields
    fitting = [n for n in names if _fits(read, n)]
    if len(fitting) != 1:
        return fields
    return {**fields, "signer": replace(fv, value=fitting[0],
                                        confidence=max(fv.confidence, KNOWN_CONF), review=True)}


def _doubted(fv: FieldValue) -> bool:
    """Its reader flagged it, or the calibration will (a raw score, before ``calibrate``)."""
    chance = chance_right("signer", fv.confidence, fv.review)
    return fv.review or (fv.confidence if chance is None else chance) < review_below()


def _fits(read: str, name: str) -> bool:
    """``read`` is the end of ``name`` (two words at least, the family name lost), or the same
    number of words one letter or only marks apart."""
    got, full = read.split(), name.split()
    if 2 <= len(got) < len(full) and full[-len(got):] == got:
        return True
    if len(got) != len(full):
        return False
    return _distance(fold(read), fold(name)) <= NEAR


def _distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
