"""Plain data passed between the packages: pages, word boxes, extracted fields.

Coordinates are in the page's own unit (pixels of the prepared page image for OCR'd
pages, PDF points for text-layer pages); ``Page.dpi`` converts them to inches.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

METADATA_FIELDS: tuple[str, ...] = (
    "number",
    "issued_date",
    "place",
    "issuer",
    "parent_issuer",
    "doc_type",
    "subject",
    "confidentiality",
    "urgency",
    "signing_authority",
    "signer_title",
    "signer",
    "recipients",
    "page_count",
    "language",
)


@dataclass(frozen=True)
class Word:
    """One recognised word and its box (x0, y0) top-left, (x1, y1) bottom-right."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float = 100.0  # 0–100, as Tesseract reports it; 100 for a PDF text layer
    block: int = 0
    line: int = 0  # line number, unique within the page

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass
class Page:
    """The text of one page, as read by OCR or taken from a PDF text layer."""

    number: int  # 1-based
    text: str
    words: list[Word] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    dpi: float = 300.0
    source: str = "ocr"  # "ocr" or "text"
    mean_conf: float = 0.0
    rotation: int = 0  # degrees turned clockwise to make the page upright
    skew: float = 0.0  # degrees of skew corrected
    seconds: float = 0.0
    engine: str = ""  # e.g. "tesseract 5.3.0 vie"
    text_layer: str = ""  # a PDF's own text on a page that was OCR'd anyway (e.g. "Ký bởi: …")
    error: str = ""  # why the page could not be read (its text is then empty), for a person

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = [
            [w.text, w.x0, w.y0, w.x1, w.y1, w.conf, w.block, w.line] for w in self.words
        ]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Page:
        data = dict(data)
        data["words"] = [Word(*row) for row in data.get("words", [])]
        return cls(**data)


@dataclass
class FieldValue:
    """One extracted metadata field, how sure the extractor is, and where it was read."""

    value: Any
    confidence: float = 0.0  # 0–1
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    review: bool = False  # True when a person should check it
