"""One page image in, one OCR'd Page out: scale, clean up, turn upright, deskew, OCR."""

from __future__ import annotations

import logging
import time

import cv2
import numpy as np
from PIL import Image

from archive_service.records import Page
from ingest import _tesseract
from ingest.images import (
    PreparedPage,
    binarise,
    estimate_skew,
    image_dpi,
    normalise_background,
    rotate,
    to_grey,
    turn,
)

log = logging.getLogger(__name__)

TARGET_DPI = 300
MIN_OSD_CONFIDENCE = 2.0


def prepare_page(image: Image.Image, *, dpi: int | None = None, osd_timeout: float = 60) -> PreparedPage:
    """Bring a scanned page to 300 dpi, flatten its background, make it upright and deskew it."""
    dpi = dpi or image_dpi(image)
    colour = image.convert("RGB")
    grey = to_grey(image)
    factor = TARGET_DPI / dpi if not 250 <= dpi <= 400 else 1.0
    if factor != 1.0:
        size = (round(grey.shape[1] * factor), round(grey.shape[0] * factor))
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_CUBIC)
        colour = colour.resize(size, Image.Resampling.BICUBIC)
        dpi = TARGET_DPI
    flat = normalise_background(grey)
    binary = binarise(flat)

    rotation = _orientation(binary, osd_timeout)
    if rotation:
        flat = np.asarray(turn(Image.fromarray(flat), rotation))
        binary = np.asarray(turn(Image.fromarray(binary), rotation))
        colour = turn(colour, rotation)

    skew = estimate_skew(binary)
    if abs(skew) >= 0.1:
        flat = rotate(flat, skew)
        binary = binarise(flat)
        colour = Image.fromarray(rotate(np.asarray(colour), skew, fill=(255, 255, 255)))
    return PreparedPage(Image.fromarray(binary), dpi, rotation, skew, colour)


def _orientation(binary: np.ndarray, timeout: float) -> int:
    """Clockwise degrees that make the page upright, 0 when OSD is unsure."""
    half = cv2.resize(binary, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    rotation, confidence = _tesseract.detect_orientation(Image.fromarray(half), timeout=timeout)
    if rotation and confidence < MIN_OSD_CONFIDENCE:
        log.debug("OSD says %s° with confidence %.2f: ignored", rotation, confidence)
        return 0
    return rotation


def ocr_page(
    image: Image.Image, *, number: int, langs: str = "vie", timeout: float = 180,
    dpi: int | None = None,
) -> tuple[Page, Image.Image]:
    """OCR one scanned page; returns the Page and its upright colour preview image."""
    started = time.perf_counter()
    prepared = prepare_page(image, dpi=dpi)
    page = _tesseract.ocr_image(prepared.image, langs=langs, timeout=timeout,
                                dpi=prepared.dpi, number=number)
    page.rotation = prepared.rotation
    page.skew = prepared.skew
    page.seconds = round(time.perf_counter() - started, 3)
    return page, prepared.preview
