"""A signer's name (and title) completed from the signers the archive knows for the issuer.

An agency's documents are signed by a handful of people, and the seal often covers part of the
name (``Hoàng Anh`` for ``Lê Hoàng Anh``) or a stroke garbles a letter (``Hà Văn Phúe``,
``Lê Tấn Đũng``). Once the catalogue holds a name for that issuer that a person confirmed or
corrected, or that was read without a flag on two of its documents
(``archive_service.catalog.Catalog.known_signers``), a doubtful reading (its reader
flagged it, or its raw score is one the calibration flags) that is the end of exactly one such
name, or that one letter (or only marks) sets apart from exactly one, takes that name. It stays
marked for review: a person still looks, but finds the right name in place of a fragment. A
name read surely is never changed. A known signer always confirmed with one title and signing
authority (``PHÓ GIÁM ĐỐC``, ``KT. GIÁM ĐỐC``) also lends them to a doubtful title that is
missing, garbled or their end (``GIÁM ĐỐC``: the ``PHÓ`` under the seal), and to an authority
its reader flagged as missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from archive_service.records import FieldValue

from ._calibration import chance_right, review_below
from ._tables import SIGNER_TITLES
from ._text import distance, fold, new_tones, squash

__all__ = ["KnownSigner", "complete_from_known"]

NEAR = 1  # letters (after folding marks away) a reading may differ from a known name by
KNOWN_CONF = 0.85  # a value completed from a known one

# (name, title, signing authority) as reviewers confirmed them or the extractor read them
# surely (Catalog.known_signers); title and authority may be None
KnownSigner = tuple[str, str | None, str | None]


def complete_from_known(fields: dict[str, FieldValue], known: Iterable[KnownSigner | str]
                        ) -> dict[str, FieldValue]:
    """``fields`` with a signer its reader doubted replaced by the one known name it is a
    fragment or a near-reading of (unchanged when no known name, or more than one, fits); then,
    for a known signer always confirmed with one title and authority, a doubtful title that is
    missing, garbled or the end of that title (``GIÁM ĐỐC`` for ``PHÓ GIÁM ĐỐC``) takes it, and
    a missing authority takes that person's."""
    known = [(k, None, None) if isinstance(k, str) else k for k in known]
    fields = _complete_signer(fields, [k[0] for k in known])
    signer = fields.get("signer")
    if signer is None or not isinstance(signer.value, str):
        return fields
    name = _spelled(signer.value)
    held = {(t, a) for n, t, a in known if _spelled(n) == name and t}
    if len(held) != 1:
        return fields
    title, authority = held.pop()
    fields = _complete(fields, "signer_title", title, _title_fits)
    if fields.get("signer_title") and fields["signer_title"].value == title and authority:
        fields = _complete(fields, "signing_authority", authority, lambda read, _k: read is None)
    return fields


def _complete_signer(fields: dict[str, FieldValue], names: list[str]) -> dict[str, FieldValue]:
    fv = fields.get("signer")
    if fv is None or not _doubted("signer", fv) or not isinstance(fv.value, str) \
            or not fv.value.strip():
        return fields  # a name read surely is never changed (Văn Hà is not Văn Hải)
    read = _spelled(fv.value)
    spelled = {_spelled(n) for n in names if n and n.strip()}
    if read in spelled:
        return fields
    fitting = [n for n in spelled if _fits(read, n)]
    if len(fitting) != 1:
        return fields
    return {**fields, "signer": replace(fv, value=fitting[0],
                                        confidence=max(fv.confidence, KNOWN_CONF), review=True)}


def _complete(fields: dict[str, FieldValue], field: str, value: str, fits) -> dict[str, FieldValue]:
    """``field`` set to the known ``value`` (flagged) when its reading is doubtful and ``fits``."""
    fv = fields.get(field)
    if fv is None or fv.value == value or not _doubted(field, fv) or not fits(fv.value, value):
        return fields
    return {**fields, field: replace(fv, value=value, confidence=max(fv.confidence, KNOWN_CONF),
                                     review=True)}


def _title_fits(read, title: str) -> bool:
    """No title read, a reading that holds no title at all (``Á Ô``), or the end of ``title``
    (its ``PHÓ`` lost under the seal)."""
    if not isinstance(read, str) or not read.strip():
        return True
    got = fold(read)
    if not any(fold(t) in got for t in SIGNER_TITLES):
        return True
    return fold(title).endswith(" " + got)


def _spelled(text: str) -> str:
    return new_tones(squash(text))


def _doubted(field: str, fv: FieldValue) -> bool:
    """Its reader flagged it, or the calibration will (a raw score, before ``calibrate``); a
    field left empty only when its reader flagged it (``KT.`` lost under a seal)."""
    if fv.value is None:
        return fv.review
    chance = chance_right(field, fv.confidence, fv.review)
    return fv.review or (fv.confidence if chance is None else chance) < review_below()


def _fits(read: str, name: str) -> bool:
    """``read`` is the end of ``name`` (two words at least, the family name lost), or the same
    number of words one letter or only marks apart."""
    got, full = read.split(), name.split()
    if 2 <= len(got) < len(full) and full[-len(got):] == got:
        return True
    if len(got) != len(full):
        return False
    return distance(fold(read), fold(name)) <= NEAR
