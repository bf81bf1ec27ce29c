"""Second reads of small crops run Tesseract's library in the worker process: the same words as
the tesseract command, and a forked process opens its own engine."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import pytest
from PIL import Image

from ingest import _tesseract
from ingest.ocr import prepare_page
from tests.conftest import pick_sample

pytestmark = pytest.mark.skipif(_tesseract._api("vie") is None, reason="libtesseract.so.5 needed")



def _prepared() -> Image.Image:
    sample = pick_sample(kind="jpeg")
    with Image.open(sample["path"]) as image:
        image.load()
        return prepare_page(image, detect_orientation=False).image


def _crops(image: Image.Image) -> list[tuple[tuple[int, int, int, int], int]]:
    """Around one line (``--psm 7``), three lines (``6``) and the last four lines as a column
    (``4``), where the page's first reading found them."""
    words = _tesseract.ocr_image(image).words
    lines: dict[int, list] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    rows = [ws for ws in lines.values() if len(ws) >= 3]

    def box(ws) -> tuple[int, int, int, int]:
        return (max(0, round(min(w.x0 for w in ws)) - 20), max(0, round(min(w.y0 for w in ws)) - 12),
                round(max(w.x1 for w in ws)) + 20, round(max(w.y1 for w in ws)) + 12)

    return [(box(rows[1]), 7), (box([w for ws in rows[2:5] for w in ws]), 6),
            (box([w for ws in rows[-4:] for w in ws]), 4)]


def _words(page) -> list[tuple]:
    return [(w.text, w.x0, w.y0, w.x1, w.y1, w.conf, w.block, w.line) for w in page.words]


def test_a_crop_read_in_process_gives_the_commands_words():
    image = _prepared()
    for box, psm in _crops(image):
        crop = image.crop(box)
        by_command = _tesseract.ocr_image(crop, psm=psm)
        in_process = _tesseract.ocr_image(crop, psm=psm, crop=True)
        assert by_command.words, (box, psm)
        assert _words(in_process) == _words(by_command)
        assert in_process.text == by_command.text


def _read_in_child(crop: Image.Image) -> tuple[int, str]:
    return os.getpid(), _tesseract.ocr_image(crop, psm=6, crop=True).text


def test_forked_processes_read_crops_with_their_own_engine():
    image = _prepared()
    crop = image.crop(_crops(image)[1][0])
    here = _tesseract.ocr_image(crop, psm=6, crop=True).text  # the parent's engine exists
    with ProcessPoolExecutor(max_workers=2) as pool:
        read = list(pool.map(_read_in_child, [crop] * 4))
    assert {text for _, text in read} == {here}
    assert os.getpid() not in {pid for pid, _ in read}
