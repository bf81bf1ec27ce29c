"""The Nghị định 30 metadata extractor: pure functions over pages of words with boxes.

``extract_metadata(pages)`` returns every field of ``METADATA_FIELDS`` as a ``FieldValue``
(value, confidence 0–1, page, box, review). A field that is not on the page is null; a
field read with doubt keeps its best reading, a low confidence and ``review=True``.
"""

from __future__ import annotations

from datetime import datetime

from archive_service.records import METADATA_FIELDS, FieldValue, Page

from ._assemble import extract_fields
from ._calibration import REVIEW_BELOW, calibrate
from ._tables import DOC_TYPES, ISSUER_ABBREVIATIONS

__all__ = ["DOC_TYPES", "ISSUER_ABBREVIATIONS", "REVIEW_BELOW", "calibrate", "extract_metadata",
           "parse_issuer_abbreviations"]


def parse_issuer_abbreviations(setting: str | None) -> tuple[str, ...]:
    """The ``ARCHIVE_ISSUER_ABBREVIATIONS`` setting (``SNV,STP``) as a tuple."""
    return tuple(p.strip() for p in (setting or "").split(",") if p.strip())


def extract_metadata(
    pages: list[Page],
    *,
    filename: str | None = None,
    signed_at: datetime | None = None,
    issuer_abbreviations: tuple[str, ...] | str = (),
    calibrated: bool = True,
) -> dict[str, FieldValue]:
    """Read number, date, place, issuer, type, subject, marks, signature and recipients.

    ``filename`` and ``signed_at`` (a PDF signature's signing time) are weak evidence, used
    only where the page itself is unreadable (handwritten digits), and always flagged.
    ``issuer_abbreviations`` extends the table of issuer abbreviations (a list or the
    comma-separated setting). With ``calibrated=False`` the confidences are the readers' raw
    scores and their own flags, for a later reader (``ingest.handwriting``) to weigh before
    ``calibrate`` turns them into chances and review flags.
    """
    if isinstance(issuer_abbreviations, str):
        issuer_abbreviations = parse_issuer_abbreviations(issuer_abbreviations)
    fields = extract_fields(pages, filename=filename, signed_at=signed_at,
                            extra_abbreviations=tuple(issuer_abbreviations))
    out = {name: fields.get(name) or FieldValue(None) for name in METADATA_FIELDS}
    return calibrate(out) if calibrated else out
