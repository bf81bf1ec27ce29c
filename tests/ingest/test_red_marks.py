"""Red marks read on their own: level boxed marks and tilted arrow-shaped stamps (HỎA TỐC)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from archive_service.records import Page
from ingest.images import PreparedPage, find_stamps, red_ink_mask
from ingest.ocr import add_red_marks

BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
pytestmark = pytest.mark.skipif(not BOLD.exists(), reason="DejaVu fonts needed")
RED = (215, 30, 40)


def _mark(text: str, *, arrow: bool) -> Image.Image:
    """A red mark drawn level: the text in a frame (an arrow's outline when ``arrow``)."""
    font = ImageFont.truetype(str(BOLD), 64)
    mark = Image.new("RGBA", (620, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    if arrow:
        outline = [(10, 40), (440, 40), (440, 5), (610, 100), (440, 195), (440, 160), (10, 160), (70, 100)]
        draw.polygon(outline, outline=RED, width=7)
    else:
        draw.rectangle((10, 40, 560, 160), outline=RED, width=7)
    draw.text((95, 60), text, fill=RED, font=font)
    return mark


def _page_with(mark: Image.Image, angle: float) -> tuple[Page, PreparedPage]:
    page_image = Image.new("RGB", (2480, 1400), "white")
    turned = mark.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    page_image.paste(turned, (200, 300), turned)
    grey = page_image.convert("L")
    prepared = PreparedPage(grey, 300, 0, 0.0, page_image, grey)
    return Page(1, "", [], width=2480, height=1400, source="ocr"), prepared


@pytest.mark.parametrize("angle", [0.0, 35.0, -30.0])
def test_mark_is_found_level_or_tilted(angle):
    page, prepared = _page_with(_mark("HỎA TỐC", arrow=angle != 0), angle)
    stamps = find_stamps(red_ink_mask(prepared.preview), 300)
    assert len(stamps) == 1
    assert (stamps[0][1] == 0.0) == (angle == 0.0)


@pytest.mark.parametrize("angle", [0.0, 35.0])
def test_tilted_arrow_stamp_is_read_level(angle):
    page, prepared = _page_with(_mark("HỎA TỐC", arrow=True), angle)
    add_red_marks(page, prepared, langs="vie", timeout=60)
    assert "HỎA TỐC" in page.text
    assert all(w.block == -1 for w in page.words)


def test_round_seal_is_not_a_mark():
    page_image = Image.new("RGB", (2480, 1400), "white")
    ImageDraw.Draw(page_image).ellipse((300, 300, 700, 700), outline=RED, width=9)
    assert find_stamps(red_ink_mask(page_image), 300) == []


def test_a_red_mark_whose_frame_did_not_close_is_read_from_its_letters():
    # a pale stamp photographed: its frame too faint to be found, the box found is the
    # letters' own, which reading inside a frame would cut (the hat over Ẩ)
    mark = Image.new("RGBA", (620, 200), (0, 0, 0, 0))
    ImageDraw.Draw(mark).text((95, 60), "KHẨN", fill=RED, font=ImageFont.truetype(str(BOLD), 64))
    page, prepared = _page_with(mark, 0.0)
    add_red_marks(page, prepared, langs="vie", timeout=60)
    assert "KHẨN" in page.text
    assert all(w.block == -1 for w in page.words)
