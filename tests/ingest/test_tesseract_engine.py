"""Pages and crops are read by Tesseract's library in a child process kept by each worker
process: the same words as the tesseract command; a forked process starts its own child; a
crash or an overrun costs only that read."""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor

import pytest
from PIL import Image

from archive_service.errors import OcrError
from ingest import _tesseract
from ingest.ocr import prepare_page
from tests.conftest import pick_sample

pytestmark = pytest.mark.skipif(_tesseract._engine_here() is None,
                                reason="libtesseract.so.5 needed")



def _prepared() -> Image.Image:
    sample = pick_sample(kind="jpeg")
    with Image.open(sample["path"]) as image:
        image.load()
        return prepare_page(image, detect_orientation=False).image


def _crops(image: Image.Image) -> list[tuple[tuple[int, int, int, int], int]]:
    """Around one line (``--psm 7``), three lines (``6``) and the last four lines as a column
    (``4``), where the page's first reading found them."""
    words = _tesseract.ocr_image(image, by_command=True).words
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


def test_the_engine_gives_the_commands_words_on_a_page_and_its_crops():
    image = _prepared()
    for box, psm in [((0, 0, image.width, image.height), 3), *_crops(image)]:
        crop = image.crop(box)
        by_command = _tesseract.ocr_image(crop, psm=psm, by_command=True)
        by_engine = _tesseract.ocr_image(crop, psm=psm)
        assert by_command.words, (box, psm)
        assert _words(by_engine) == _words(by_command)
        assert by_engine.text == by_command.text


def _read_in_child(crop: Image.Image) -> tuple[int, str]:
    return os.getpid(), _tesseract.ocr_image(crop, psm=6, ).text


def test_forked_processes_read_crops_with_their_own_engine():
    image = _prepared()
    crop = image.crop(_crops(image)[1][0])
    here = _tesseract.ocr_image(crop, psm=6, ).text  # the parent's engine exists
    with ProcessPoolExecutor(max_workers=2) as pool:
        read = list(pool.map(_read_in_child, [crop] * 4))
    assert {text for _, text in read} == {here}
    assert os.getpid() not in {pid for pid, _ in read}


def test_a_crashed_read_fails_alone_and_the_next_read_starts_a_new_child():
    image = _prepared()
    engine = _tesseract._engine_here()
    _tesseract.ocr_image(image.crop((0, 0, 400, 200)), psm=6)  # the child is up
    child = engine._proc
    killer = threading.Timer(0.3, os.kill, (child.pid, signal.SIGFPE))
    killer.start()
    with pytest.raises(OcrError, match=r"mã -8.*SIGFPE"):
        _tesseract.ocr_image(image)  # a whole page: still reading when the signal comes
    killer.join()
    assert child.poll() == -signal.SIGFPE
    page = _tesseract.ocr_image(image)
    assert engine._proc is not child and page.words


def test_a_read_past_its_deadline_is_stopped_with_a_clear_message():
    with pytest.raises(OcrError, match="quá thời gian"):
        _tesseract.ocr_image(_prepared(), timeout=0.05)
    assert _tesseract.ocr_image(_prepared().crop((0, 0, 800, 400)), psm=6).text


def test_the_engine_tells_a_pages_orientation_as_the_command_does():
    prepared = _prepared()
    half = prepared.resize((prepared.width // 2, prepared.height // 2))
    for degrees in (0, 90, 180, 270):
        turned = half.rotate(degrees, expand=True)
        by_command = _tesseract.detect_orientation(turned, by_command=True)
        assert _tesseract.detect_orientation(turned) == by_command
        assert by_command[0] == (degrees + _tesseract.detect_orientation(half)[0]) % 360
    blank = Image.new("L", (800, 1000), 255)
    by_command = _tesseract.detect_orientation(blank, by_command=True)
    assert _tesseract.detect_orientation(blank) == by_command == (0, 0.0)
