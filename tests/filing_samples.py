"""Documents for the filing tests, built from the sample documents' ground truth (their
metadata and page text, as in sample_docs/*.json) without OCR, with real page images."""

from __future__ import annotations

import io
import json
import zlib
from pathlib import Path

from PIL import Image

from archive_service.catalog import Catalog
from archive_service.records import FieldValue, Page, Word
from tests.conftest import SAMPLES

PAGE_W, PAGE_H = 2480, 3508


def _words(text: str) -> list[Word]:
    words, y = [], 300.0
    for line_no, line in enumerate(text.splitlines(), start=1):
        x = 250.0
        for token in line.split():
            words.append(Word(token, x, y, x + 42.0 * len(token), y + 60, 95.0, 1, line_no))
            x += 42.0 * len(token) + 30
        y += 110
    return words


def _jpeg(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (620, 877), (255, 255 - seed % 200, 255)).save(buf, format="JPEG", quality=60)
    return buf.getvalue()


def add_sample(catalog: Catalog, work: Path, name: str, *, user: str = "vanthu",
               index: bool = True) -> int:
    """A processed document from ``sample_docs/<name>.json`` (its truth as the extracted
    metadata), with a page image per page, indexed for search; returns its id."""
    from archive_service import indexing

    truth = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    source = work / f"{name}.png"
    width = 300 + zlib.crc32(name.encode()) % 2000  # distinct bytes for each sample
    Image.new("L", (width, 200), 255).save(source, format="PNG")
    doc_id = catalog.add_file(source, original_name=truth["file"], user=user, enqueue=False).id
    assert catalog.claim(doc_id)
    pages, images = [], {}
    for number, text in enumerate(truth["pages"], start=1):
        pages.append(Page(number=number, text=text, words=_words(text), width=PAGE_W,
                          height=PAGE_H, mean_conf=93.0, engine="truth"))
        rel = f"{doc_id}/{number}.jpg"
        path = catalog.config.pages_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_jpeg(doc_id * 7 + number))
        images[number] = rel
    fields = {key: FieldValue(value, 0.95, page=1) for key, value in truth["metadata"].items()}
    catalog.save_result(doc_id, pages, fields, images=images)
    if index:
        indexing.index_documents(catalog, [doc_id])
    return doc_id
