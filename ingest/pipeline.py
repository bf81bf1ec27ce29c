"""The ingest pipeline as named stages: check the input → text layer or OCR → pages.

``archive_service.intake.check_input`` accepts a file before anything is stored;
``read_document`` checks it again and turns it into OCR'd pages (in parallel when asked).
"""

from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pdfplumber
from PIL import Image

from archive_service.config import Config
from archive_service.intake import InputInfo, Limits, check_input, load_frame, open_image
from archive_service.records import Page
from ingest import pdf as pdfs
from ingest.images import image_dpi
from ingest.ocr import ocr_page

log = logging.getLogger(__name__)

@dataclass
class DocumentText:
    """What the pipeline read from one file."""

    kind: str
    pages: list[Page]
    signed_at: datetime | None = None
    previews: dict[int, Image.Image] = field(default_factory=dict)  # page number → image


def read_document(path: Path, config: Config, *, workers: int = 1) -> DocumentText:
    """Read every page of an accepted file: text layers where good, OCR elsewhere."""
    info = check_input(path, Limits.from_config(config))
    results = _run_jobs(_page_jobs(path, info), config, workers)
    pages = [page for page, _ in results]
    previews = {page.number: preview for page, preview in results if preview is not None}
    return DocumentText(info.kind, pages, info.signed_at, previews)


@dataclass
class _PageJob:
    number: int
    path: Path
    kind: str
    frame: int = 0  # image frame or PDF page index
    dpi: int = 0  # render resolution for PDF pages that need OCR
    text_page: Page | None = None  # already read from a good text layer
    text_layer: str = ""


def _page_jobs(path: Path, info: InputInfo) -> list[_PageJob]:
    kind = info.kind
    if kind != "pdf":
        return [_PageJob(i + 1, path, kind, frame=i) for i in range(info.page_count)]
    jobs = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            text = page.extract_text() or ""
            if pdfs.text_layer_is_good(text) and not _mostly_image(page, text):
                jobs.append(_PageJob(i + 1, path, kind, i, text_page=pdfs.read_text_page(page, i + 1)))
            else:
                jobs.append(_PageJob(i + 1, path, kind, i, dpi=pdfs.render_dpi(page),
                                     text_layer=text.strip()))
            page.close()
    return jobs


def _mostly_image(page: pdfplumber.page.Page, text: str) -> bool:
    """A scan with a short overlay (e.g. a digital signature stamp), not a full text layer."""
    area = float(page.width * page.height) or 1.0
    covered = sum((float(im["x1"]) - float(im["x0"])) * (float(im["bottom"]) - float(im["top"]))
                  for im in page.images)
    return covered / area > 0.5 and len(text.split()) < 60


def _run_jobs(jobs: list[_PageJob], config: Config, workers: int) -> list[tuple[Page, Image.Image | None]]:
    args = [(job, config.ocr_langs, config.get("ocr_timeout"), config.get("max_pixels"))
            for job in jobs]
    needs_ocr = sum(1 for job in jobs if job.text_page is None)
    if workers <= 1 or needs_ocr <= 1:
        return [_read_page(*a) for a in args]
    with ProcessPoolExecutor(max_workers=min(workers, needs_ocr)) as pool:
        return list(pool.map(_read_page, *zip(*args, strict=True)))


def _read_page(job: _PageJob, langs: str, timeout: float, max_pixels: int
               ) -> tuple[Page, Image.Image | None]:
    if job.text_page is not None:
        return job.text_page, None
    if job.kind == "pdf":
        image = pdfs.render_page(job.path, job.frame, dpi=job.dpi, max_pixels=max_pixels)
        dpi = job.dpi
    else:
        image, dpi = _load_frame(job.path, job.frame, max_pixels)
    page, preview = ocr_page(image, number=job.number, langs=langs, timeout=timeout, dpi=dpi)
    page.text_layer = job.text_layer
    log.info("page %d: %.1f s, confidence %.1f, rotated %d°, skew %.2f°", page.number,
             page.seconds, page.mean_conf, page.rotation, page.skew)
    return page, preview


def _load_frame(path: Path, index: int, max_pixels: int) -> tuple[Image.Image, int]:
    with open_image(path, max_pixels=max_pixels) as image:
        frame = load_frame(image, index, max_pixels=max_pixels)
    return frame, image_dpi(frame)
