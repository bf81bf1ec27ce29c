"""The ingest pipeline as named stages: check the input → text layer or OCR → pages.

``archive_service.intake.check_input`` accepts a file before anything is stored;
``read_document`` checks it again and turns it into OCR'd pages (in parallel when asked).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pdfplumber
from PIL import Image, ImageChops, ImageOps

from archive_service.config import Config
from archive_service.errors import OcrError
from archive_service.intake import InputInfo, Limits, check_input, load_frame, open_image
from archive_service.records import FieldValue, Page, Word
from ingest import pdf as pdfs
from ingest._tesseract import model_versions, ocr_image, tesseract_version
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


Progress = Callable[[int, int], None]  # (pages read so far, pages in all)


def read_document(path: Path, config: Config, *, workers: int = 1,
                  progress: Progress | None = None) -> DocumentText:
    """Read every page of an accepted file: text layers where good, OCR elsewhere;
    ``progress(k, n)`` is called before the first page and after each page, in page order.

    A page that cannot be read is kept empty with the reason (``Page.error``); only when no
    page could be read does the document fail (``OcrError``).
    """
    info = check_input(path, Limits.from_config(config))
    jobs = _page_jobs(path, info)
    if progress:
        progress(0, len(jobs))
    results = _run_jobs(jobs, config, workers, progress)
    pages = [page for page, _ in results]
    if not pages:  # never 'done' without a page
        raise OcrError("Không đọc được trang nào của tệp.")
    if all(page.error for page in pages):
        raise OcrError(pages[0].error)  # nothing was read: the document fails, to be retried
    previews = {page.number: preview for page, preview in results if preview is not None}
    return DocumentText(info.kind, pages, info.signed_at, previews)


@dataclass
class _PageJob:
    number: int
    path: Path
    kind: str
    frame: int = 0  # image frame or PDF page index
    dpi: float = 0  # render resolution for PDF pages that need OCR
    scan_dpi: int = 0  # the resolution the rendered image really has (see pdf.scan_resolution)
    text_page: Page | None = None  # already read from a good text layer
    text_layer: str = ""
    stamps: list[tuple[float, float, float, float]] = field(default_factory=list)  # see pdf.signature_stamps


def _page_jobs(path: Path, info: InputInfo) -> list[_PageJob]:
    kind = info.kind
    if kind != "pdf":
        return [_PageJob(i + 1, path, kind, frame=i) for i in range(info.page_count)]
    try:
        jobs = _pdfplumber_jobs(path)
    except Exception as exc:  # noqa: BLE001 — pdfminer fails in many ways on real PDFs
        log.warning("%s: pdfplumber could not read it (%s: %s); reading it with PDFium",
                    path.name, type(exc).__name__, str(exc)[:200])
        return [_pdfium_job(path, i) for i in range(info.page_count)]
    if len(jobs) != info.page_count:  # a page tree pdfminer walks otherwise (pdf.js's f1040: 0 of 2)
        log.warning("%s: pdfplumber found %d of its %d pages; reading it with PDFium",
                    path.name, len(jobs), info.page_count)
        return [_pdfium_job(path, i) for i in range(info.page_count)]
    return jobs


def _pdfplumber_jobs(path: Path) -> list[_PageJob]:
    jobs = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            text = page.extract_text() or ""
            if pdfs.text_layer_is_good(text) and not _mostly_image(page, text):
                jobs.append(_PageJob(i + 1, path, "pdf", i, text_page=pdfs.read_text_page(page, i + 1),
                                     stamps=pdfs.signature_stamps(page)))
            else:
                render, scan = pdfs.scan_resolution(page)
                jobs.append(_PageJob(i + 1, path, "pdf", i, dpi=render, scan_dpi=scan,
                                     text_layer=text.strip()))
            page.close()
    return jobs


def _pdfium_job(path: Path, index: int) -> _PageJob:
    """A page's job from PDFium alone: its text layer when good, else OCR (no e-signing stamps)."""
    page, (render, scan) = pdfs.read_with_pdfium(path, index)
    if pdfs.text_layer_is_good(page.text):
        return _PageJob(index + 1, path, "pdf", index, text_page=page)
    return _PageJob(index + 1, path, "pdf", index, dpi=render, scan_dpi=scan,
                    text_layer=page.text.strip())


def _mostly_image(page: pdfplumber.page.Page, text: str) -> bool:
    """A scan with a short overlay (e.g. a digital signature stamp), not a full text layer."""
    area = float(page.width * page.height) or 1.0
    covered = sum((float(im["x1"]) - float(im["x0"])) * (float(im["bottom"]) - float(im["top"]))
                  for im in page.images)
    return covered / area > 0.5 and len(text.split()) < 60


def _run_jobs(jobs: list[_PageJob], config: Config, workers: int,
              progress: Progress | None = None) -> list[tuple[Page, Image.Image | None]]:
    args = [(job, config.ocr_langs, config.get("ocr_timeout"), config.get("max_pixels"))
            for job in jobs]
    needs_ocr = sum(1 for job in jobs if job.text_page is None or job.stamps)
    if workers <= 1 or needs_ocr <= 1:
        return _counted((_read_page(*a) for a in args), len(jobs), progress)
    with ProcessPoolExecutor(max_workers=min(workers, needs_ocr)) as pool:
        return _counted(pool.map(_read_page, *zip(*args, strict=True)), len(jobs), progress)


def _counted(results, total: int, progress: Progress | None) -> list:
    """The pages' results as they come (in page order), reporting each to ``progress``."""
    out = []
    for result in results:
        out.append(result)
        if progress:
            progress(len(out), total)
    return out


def _read_page(job: _PageJob, langs: str, timeout: float, max_pixels: int
               ) -> tuple[Page, Image.Image | None]:
    if job.text_page is not None:
        if job.stamps:
            add_stamped_words(job.text_page, job.path, job.frame, job.stamps, langs=langs,
                              timeout=timeout, max_pixels=max_pixels)
        return job.text_page, None
    if job.kind == "pdf":
        image = pdfs.render_page(job.path, job.frame, dpi=job.dpi, max_pixels=max_pixels)
        dpi = job.scan_dpi
    else:
        image, dpi = _load_frame(job.path, job.frame, max_pixels)
    try:
        page, preview = ocr_page(image, number=job.number, langs=langs, timeout=timeout, dpi=dpi)
    except Exception as exc:  # noqa: BLE001 — one unreadable page never fails the whole document
        page, preview = _unread_page(job.number, image, dpi, exc), image
    page.text_layer = job.text_layer
    log.info("page %d: %.1f s, confidence %.1f, rotated %d°, skew %.2f°", page.number,
             page.seconds, page.mean_conf, page.rotation, page.skew)
    return page, preview


def _unread_page(number: int, image: Image.Image, dpi: int, exc: Exception) -> Page:
    """An empty page that says why it could not be read (the document's other pages stay)."""
    if isinstance(exc, OcrError):
        reason = exc.message
        log.warning("page %d: %s", number, reason)
    else:
        reason = f"Không xử lý được ảnh trang này ({type(exc).__name__})."
        log.exception("page %d could not be read", number)
    return Page(number=number, text="", width=float(image.width), height=float(image.height),
                dpi=float(dpi), error=reason)


STAMP_DPI = 300
STAMP_BORDER = 20  # white pixels around a stamp for Tesseract


def add_stamped_words(page: Page, path: Path, index: int, stamps: list[tuple[float, float, float, float]],
                      *, langs: str, timeout: float, max_pixels: int) -> None:
    """OCR the signature-field stamps of a born-digital page (the number and day that e-signing
    wrote into the blanks) and add their words to the page, on the text line they sit on.

    Only the stamps' own ink is read: the page drawn with its fields minus the page without.
    """
    plain = pdfs.render_page(path, index, dpi=STAMP_DPI, max_pixels=max_pixels).convert("L")
    stamped = pdfs.render_page(path, index, dpi=STAMP_DPI, max_pixels=max_pixels, forms=True).convert("L")
    ink = ImageChops.subtract(plain, stamped)  # > 0 where only the stamp drew
    scale = STAMP_DPI / 72
    found: list[Word] = []
    for x0, top, x1, bottom in stamps:
        box = (round(x0 * scale), round(top * scale), round(x1 * scale), round(bottom * scale))
        crop = ImageOps.expand(ImageOps.invert(ink.crop(box)), border=STAMP_BORDER, fill=255)
        if crop.getextrema()[0] > 128:  # nothing drawn there
            continue
        read = ocr_image(crop, langs=langs, timeout=timeout, dpi=STAMP_DPI, psm=7)
        dx, dy = box[0] - STAMP_BORDER, box[1] - STAMP_BORDER
        for w in read.words:
            wx0, wy0, wx1, wy1 = ((w.x0 + dx) / scale, (w.y0 + dy) / scale,
                                  (w.x1 + dx) / scale, (w.y1 + dy) / scale)
            found.append(Word(w.text, wx0, wy0, wx1, wy1, w.conf, block=-1, line=_line_at(page, wy0, wy1)))
    if found:
        page.words.extend(found)
        page.text += "\n" + " ".join(w.text for w in found)
        log.info("page %d: read %d words stamped by e-signing", page.number, len(found))


def _line_at(page: Page, top: float, bottom: float) -> int:
    """The text line a stamped word overlaps most (a new line when it overlaps none)."""
    best, line = 0.0, max((w.line for w in page.words), default=-1) + 1
    for word in page.words:
        overlap = min(bottom, word.y1) - max(top, word.y0)
        if overlap > best:
            best, line = overlap, word.line
    return line


def _load_frame(path: Path, index: int, max_pixels: int) -> tuple[Image.Image, int]:
    with open_image(path, max_pixels=max_pixels) as image:
        frame = load_frame(image, index, max_pixels=max_pixels)
    return frame, image_dpi(frame)


def extract_fields(result: DocumentText, filename: str, config: Config,
                   known_signers: Callable[[str | None], list[tuple[str, str | None, str | None]]]
                   | None = None) -> dict[str, FieldValue]:
    """Metadata from the pages (Nghị định 30 layout), then handwritten numbers and days re-read
    from the page images where the printed reading is doubtful, the number, date, signer and
    title read again by a second recogniser (``read_lines_again``: other digits flagged, a name
    read alike confirmed, a title read in part completed), a date before a document the body
    cites marked for review, a doubtful signer (and title) completed from the signers the
    catalogue knows for the same issuer (``known_signers(issuer)``: names people confirmed or
    read surely twice, with title and authority), and stamped marks (``HỎA TỐC``) the page's
    OCR missed read inside their frames."""
    from ingest.handwriting import refine_handwritten
    from ingest.metadata import calibrate, extract_metadata
    from ingest.metadata.known_names import complete_from_known
    from ingest.metadata.references import doubt_date_before_citations
    from ingest.second_reading import read_lines_again
    from ingest.stamps import read_stamped_marks

    fields = extract_metadata(result.pages, filename=filename, signed_at=result.signed_at,
                              issuer_abbreviations=config.get("issuer_abbreviations"),
                              calibrated=False)
    fields = refine_handwritten(fields, result.pages, result.previews, filename=filename,
                                signed_at=result.signed_at)
    fields = read_lines_again(fields, result.pages, result.previews, signed_at=result.signed_at)
    fields = doubt_date_before_citations(fields, result.pages)
    if known_signers is not None and "issuer" in fields:
        fields = complete_from_known(fields, known_signers(fields["issuer"].value))
    return calibrate(read_stamped_marks(fields, result.pages, result.previews,
                                        langs=config.ocr_langs))


def preload(config: Config) -> None:
    """Read the word lists and models every document uses (the lexicon: 2–5 s, the digit
    SVM, Tesseract's version and model digests) in this process, before it forks its worker
    processes: they share them copy-on-write instead of each reading them at its first
    document. (PP-OCR's onnxruntime session, 0.3 s, is still opened in each process: it is
    not made to cross a fork.)"""
    from ingest.handwriting import _classifier
    from ingest.metadata._dictionary import lexicon

    started = time.perf_counter()
    lexicon()
    _classifier()
    tesseract_version()
    model_versions(config.ocr_langs)
    log.info("word lists and models read in %.1f s", time.perf_counter() - started)
