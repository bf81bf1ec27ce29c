"""The ingest pipeline as named stages: check the input → text layer or OCR → pages.

``check_input`` runs before anything is stored; ``read_document`` turns an accepted file
into OCR'd pages (in parallel across cores when asked).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pdfplumber
from PIL import Image

from archive_service.config import Config
from archive_service.errors import InputRejectedError, TooLargeError
from archive_service.records import Page
from ingest import pdf as pdfs
from ingest.images import image_dpi, iter_frames, open_image
from ingest.ocr import ocr_page

log = logging.getLogger(__name__)

ACCEPTED = "PDF, TIFF, PNG, JPEG, WebP"
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)

PageImageSink = Callable[[int, Image.Image], None]


@dataclass
class DocumentText:
    """What the pipeline read from one file."""

    kind: str
    pages: list[Page]
    signed_at: datetime | None = None
    previews: dict[int, Image.Image] = field(default_factory=dict)  # page number → image


def detect_kind(head: bytes) -> str | None:
    """The file type from its first bytes (never from its name), or None if unsupported."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    head = head[:1024].lstrip(b"\x00\t\r\n ") if head[:1024].find(b"%PDF-") >= 0 else head
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def check_input(path: Path, config: Config) -> str:
    """Refuse what cannot be ingested, before it is stored; return the detected kind."""
    size = path.stat().st_size
    if size == 0:
        raise InputRejectedError("Tệp rỗng (0 byte).")
    if size > config.max_upload_bytes:
        raise TooLargeError(f"Tệp quá lớn ({size / 1048576:.0f} MB, giới hạn "
                            f"{config.get('max_upload_mb')} MB).")
    with path.open("rb") as fh:
        kind = detect_kind(fh.read(2048))
    if kind is None:
        raise InputRejectedError(f"Định dạng tệp không được hỗ trợ. Chấp nhận: {ACCEPTED}.")
    if kind == "pdf":
        pdfs.check_pdf(path, max_pages=config.get("max_pages"))
    else:
        _check_image(path, config)
    return kind


def _check_image(path: Path, config: Config) -> None:
    max_pixels, max_pages = config.get("max_pixels"), config.get("max_pages")
    with open_image(path, max_pixels=max_pixels) as image:
        for count, _frame in enumerate(iter_frames(image, max_pixels=max_pixels), start=1):
            if count > max_pages:
                raise TooLargeError(f"Tệp ảnh có hơn {max_pages} trang, vượt giới hạn.")


def read_document(path: Path, config: Config, *, workers: int = 1) -> DocumentText:
    """Read every page of an accepted file: text layers where good, OCR elsewhere."""
    kind = check_input(path, config)
    jobs = _page_jobs(path, kind, config)
    signed_at = pdfs.check_pdf(path, max_pages=config.get("max_pages")).signed_at \
        if kind == "pdf" else None
    results = _run_jobs(jobs, config, workers)
    pages = [page for page, _ in results]
    previews = {page.number: preview for page, preview in results if preview is not None}
    return DocumentText(kind, pages, signed_at, previews)


@dataclass
class _PageJob:
    number: int
    path: Path
    kind: str
    frame: int = 0  # image frame or PDF page index
    dpi: int = 0  # render resolution for PDF pages that need OCR
    text_page: Page | None = None  # already read from a good text layer
    text_layer: str = ""


def _page_jobs(path: Path, kind: str, config: Config) -> list[_PageJob]:
    if kind != "pdf":
        with open_image(path, max_pixels=config.get("max_pixels")) as image:
            count = sum(1 for _ in iter_frames(image, max_pixels=config.get("max_pixels")))
        return [_PageJob(i + 1, path, kind, frame=i) for i in range(count)]
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
        for i, frame in enumerate(iter_frames(image, max_pixels=max_pixels)):
            if i == index:
                return frame, image_dpi(frame)
    raise InputRejectedError(f"Không tìm thấy trang {index + 1} trong tệp ảnh.")
