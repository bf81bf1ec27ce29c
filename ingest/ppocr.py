"""A second reader of short lines: PaddleOCR's text-line recognisers, two of them.

Tesseract's ``vie`` model is trained on print and misreads handwritten numbers (``299`` →
``839``). PaddleOCR's recognisers (a CTC head over a convolutional encoder, trained on a large
mix of print and handwriting) read a cropped line of them well:

- ``HANDWRITING``: PP-OCRv6 small, for the handwritten blanks (``ingest.handwriting``): on
  real_dev's handwritten numbers and days it reads 91/95 (tuned part) and 64/69 (measured part)
  where PP-OCRv4 read 81/95 and 53/69 (bench/handwriting.py, fused). It knows some Vietnamese
  letters and not others, and drops those it does not know (``Thưởng`` → ``Thung``).
- ``LETTERS``: PP-OCRv4, for names, titles and printed numbers read again
  (``ingest.second_reading``, ``ingest.ocr_repair``): it knows only plain Latin letters and
  reads every Vietnamese letter as its base (``Thưởng`` → ``Thuong``), which is what spelling a
  name by its letters needs.

Their ONNX files ship inside the ``rapidocr`` and ``rapidocr-onnxruntime`` wheels; `make venv`
copies those files alone into ``ARCHIVE_RESOURCES_DIR`` (tools/fetch_data.py: the packages and
their dependencies are not installed), and they are run here with onnxruntime.
``ARCHIVE_PPOCR_MODEL`` and ``ARCHIVE_PPOCR_HANDWRITING_MODEL`` name other files. When a model
or onnxruntime is missing that reader is unavailable and callers fall back to the other readers.
"""

from __future__ import annotations

import logging
import math
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from archive_service.config import Config

log = logging.getLogger(__name__)

__all__ = ["HANDWRITING", "LETTERS", "LineReading", "available", "read_area", "read_line"]

_HEIGHT = 48  # the recogniser's input height
_MIN_WIDTH = 320  # …and its narrowest input width


@dataclass
class LineReading:
    text: str  # the characters read, left to right
    probs: list[float]  # the recogniser's probability for each

    def digits(self) -> LineReading:
        """Only the digits of the reading, as ASCII (``:299`` → ``299``, ``２９`` → ``29``);
        other digit-like signs the model knows (``①``, ``²``) are dropped."""
        kept = [(str(unicodedata.decimal(c)), p) for c, p in zip(self.text, self.probs, strict=True)
                if unicodedata.decimal(c, None) is not None]
        return LineReading("".join(c for c, _ in kept), [p for _, p in kept])


LETTERS, HANDWRITING = "letters", "handwriting"  # the two recognisers (see above)
BOTH = (LETTERS, HANDWRITING)  # a printed line under a seal or a stroke read by each in turn:
# the ink misleads them at different letters
MODEL_FILES = {LETTERS: "ch_PP-OCRv4_rec_infer.onnx", HANDWRITING: "PP-OCRv6_rec_small.onnx"}
_SETTINGS = {LETTERS: "ppocr_model", HANDWRITING: "ppocr_handwriting_model"}


def _model_path(kind: str) -> Path:
    config = Config()
    configured = config.get(_SETTINGS[kind])
    return Path(configured) if configured else config.resources_dir / MODEL_FILES[kind]


@lru_cache(maxsize=len(MODEL_FILES))
def _session(kind: str = LETTERS) -> tuple[Any, list[str]] | None:
    path = _model_path(kind)
    try:
        import onnxruntime
    except ImportError:
        log.warning("onnxruntime is missing: lines are read again without PP-OCR")
        return None
    if not path.is_file():
        log.warning("the PP-OCR recogniser for %s (%s) is missing: they are read without it "
                    "(`make venv` fetches it)", kind, path)
        return None
    try:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1  # one page per process
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        characters = session.get_modelmeta().custom_metadata_map["character"].splitlines()
    except Exception as exc:  # a corrupt file, or a model without its character list
        log.warning("the PP-OCR recogniser for %s (%s) cannot be used (%s): they are read "
                    "without it", kind, path, exc)
        return None
    return session, ["", *characters, " "]  # CTC blank first, space last (as PaddleOCR decodes)


# a worker process forked after the model was loaded loads its own (onnxruntime is not fork-safe)
os.register_at_fork(after_in_child=_session.cache_clear)


def available(kind: str = LETTERS) -> bool:
    return _session(kind) is not None


def read_line(rgb: np.ndarray, kind: str = LETTERS) -> LineReading:
    """The text of one cropped line image (RGB), with each character's probability, read by
    the recogniser ``kind``."""
    loaded = _session(kind)
    if loaded is None or rgb.size == 0:
        return LineReading("", [])
    session, characters = loaded
    batch = _normalise(rgb)[np.newaxis]
    probs = session.run(None, {session.get_inputs()[0].name: batch})[0][0]
    return _decode(probs, characters)


def read_area(image: Image.Image, box: tuple[float, float, float, float],
              kind: str = LETTERS) -> str:
    """The text of one line in ``box`` (pixels of ``image``, rounded) of a page image."""
    crop = image.crop(tuple(round(v) for v in box))
    return read_line(np.asarray(crop.convert("RGB")), kind).text


def _normalise(rgb: np.ndarray) -> np.ndarray:
    """Scaled to 48 px high, BGR, values in [-1, 1], channels first, padded on the right."""
    h, w = rgb.shape[:2]
    width = max(1, math.ceil(_HEIGHT * w / h))
    image = cv2.resize(np.ascontiguousarray(rgb[..., ::-1]), (width, _HEIGHT)).astype(np.float32)
    image = (image.transpose(2, 0, 1) / 255 - 0.5) / 0.5
    out = np.zeros((3, _HEIGHT, max(width, _MIN_WIDTH)), np.float32)
    out[:, :, :width] = image
    return out


def _decode(probs: np.ndarray, characters: list[str]) -> LineReading:
    """Greedy CTC: the best class per time step, repeats collapsed, blanks dropped."""
    best = probs.argmax(axis=1)
    text, confs, previous = [], [], 0
    for t, index in enumerate(best):
        if index != 0 and index != previous and index < len(characters):
            text.append(characters[index])
            confs.append(float(probs[t, index]))
        previous = index
    return LineReading("".join(text), confs)
