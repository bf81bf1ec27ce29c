"""Confidence calibrated in one place: the extractor's evidence score → the chance it is right.

Every field reader scores its value (``FieldValue.confidence``, the *raw* score: word
confidences, agreement between readings, known words) and may flag a doubt it can name
(``review``). ``calibration.json`` beside this module maps, per field and per named doubt,
the raw score to the share of values found right at that score on labelled documents
(isotonic: a higher score is never less likely right). ``bench/calibrate.py`` fits it and
records on what; this module only looks the table up.

A value is marked for review when its calibrated chance of being right is below the table's
``review_below`` (fitted with it; ``REVIEW_BELOW`` without a table); an empty field keeps its
reader's flag (printed but not found → look).
"""

from __future__ import annotations

import json
import logging
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from archive_service.records import FieldValue

log = logging.getLogger(__name__)

TABLE = Path(__file__).with_name("calibration.json")
REVIEW_BELOW = 0.9  # chance of being right under which a value is checked, when the table has none
RAW_REVIEW_BELOW = 0.7  # without a curve: the raw score under which a value is checked


@dataclass(frozen=True)
class Curve:
    """A step function: at raw score ≥ ``scores[i]`` the chance is ``chances[i]``."""

    scores: tuple[float, ...]
    chances: tuple[float, ...]

    def __call__(self, raw: float) -> float:
        i = bisect_right(self.scores, raw) - 1
        return self.chances[max(i, 0)]


@cache
def _table() -> dict:
    try:
        return json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("calibration table unreadable (%s): raw confidences are used", exc)
        return {"fields": {}}


def review_below() -> float:
    """The calibrated chance under which a value is marked for review."""
    return float(_table().get("review_below", REVIEW_BELOW))


@cache
def _curves() -> dict[tuple[str, bool], Curve]:
    """(field, reader's flag) → curve, from calibration.json; {} when the file is missing."""
    data = _table()
    curves = {}
    for field, by_flag in data["fields"].items():
        for flag, points in by_flag.items():
            scores, chances = zip(*points, strict=True)
            curves[(field, flag == "flagged")] = Curve(tuple(scores), tuple(chances))
    return curves


def chance_right(field: str, raw: float, flagged: bool) -> float | None:
    """The calibrated chance that a value of ``field`` with raw score ``raw`` is right, or None
    when the table has no curve for it."""
    curve = _curves().get((field, flagged))
    return None if curve is None else curve(raw)


def calibrate(fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """Replace each value's raw score by its calibrated chance and flag the doubtful ones.

    Without a curve for a field, its reader's flag stands and a low raw score adds one.
    """
    for name, fv in fields.items():
        if fv.value is not None:
            chance = chance_right(name, fv.confidence, fv.review)
            if chance is None:
                fv.review = fv.review or fv.confidence < RAW_REVIEW_BELOW
            else:
                fv.confidence, fv.review = chance, chance < review_below()
        fv.confidence = round(max(0.0, min(1.0, fv.confidence)), 3)
    _doubt_empty_authority(fields)
    return fields


def _doubt_empty_authority(fields: dict[str, FieldValue]) -> None:
    """An empty signing authority under a signer title that calibration doubts asks for a look
    too: the block was read badly (a seal, a signature over it), and its ``KT.``/``TL.``/``TM.``
    line may be lost the same way (the readers flag it so for a title they doubt themselves).
    The same rule for an empty parent body beside a doubted issuer was benched and dropped: it
    flagged a right empty parent on nearly every draw for one error caught."""
    authority, title = fields.get("signing_authority"), fields.get("signer_title")
    if authority is not None and authority.value is None and title is not None \
            and title.value and title.review:
        authority.review = True
