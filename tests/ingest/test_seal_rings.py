"""Round seals printed in black or grey over the signer's name (kind 2 of issue 11): the
rings are found and lightened away, and the name is read from the page without them."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from archive_service.records import Page, Word
from ingest.images import PreparedPage, without_seal_rings
from ingest.ocr_repair import REPAIRED_CONF, _find_name

SANS_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
SERIF_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
pytestmark = pytest.mark.skipif(not SERIF_BOLD.exists(), reason="DejaVu fonts needed")

RADIUS = 170  # the seal's outer ring, pixels at 300 dpi (about 29 mm across)
RIM_THROUGH_NAME = (1280, 560)  # its centre: the rim crosses the name, the first word inside it


def _seal(draw: ImageDraw.ImageDraw, ink: int, centre: tuple[int, int]) -> None:
    """A round seal as agencies print it: a thick outer ring, a thin inner one, the body's
    name in capitals between them and a star in the middle."""
    cx, cy = centre
    draw.ellipse((cx - RADIUS, cy - RADIUS, cx + RADIUS, cy + RADIUS), outline=ink, width=9)
    inner = 0.7 * RADIUS
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=ink, width=3)
    font = ImageFont.truetype(str(SANS_BOLD), 28)
    text = "SỞ Y TẾ TỈNH KIÊN GIANG *"
    for k, letter in enumerate(text):
        angle = math.radians(-240 + 300 * (k + 0.5) / len(text))
        tile = Image.new("L", (48, 48), 0)
        ImageDraw.Draw(tile).text((24, 24), letter, fill=255, font=font, anchor="mm")
        tile = tile.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x, y = cx + 0.85 * RADIUS * math.cos(angle), cy + 0.85 * RADIUS * math.sin(angle)
        draw.bitmap((round(x - 24), round(y - 24)), tile, fill=ink)
    star = [(cx + (52 if k % 2 == 0 else 21) * math.cos(math.radians(-90 + 36 * k)),
             cy + (52 if k % 2 == 0 else 21) * math.sin(math.radians(-90 + 36 * k))) for k in range(10)]
    draw.polygon(star, fill=ink)


NAME_FONT_SIZE = 50


def _foot(seal_ink: int | None, centre: tuple[int, int] = RIM_THROUGH_NAME,
          name: str = "Lê Hoàng Anh", name_at: tuple[int, int] = (1290, 650)) -> Image.Image:
    """Recipients on the left, the title and the name on the right, a seal over the name."""
    image = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(str(SERIF), 38)
    bold = ImageFont.truetype(str(SERIF_BOLD), NAME_FONT_SIZE)
    for text, y in (("Nơi nhận:", 100), ("- Như trên;", 160)):
        draw.text((100, y), text, fill=0, font=small)
    draw.text((1400, 200), "GIÁM ĐỐC", fill=0, font=bold)
    draw.text(name_at, name, fill=0, font=bold)
    if seal_ink is not None:
        _seal(draw, seal_ink, centre)
    return image


def _read_so_far() -> Page:
    """The foot as the first reading left it: the list and the title, no name."""
    words = [Word("Nơi", 100, 100, 190, 145, 96, 1, 0), Word("nhận:", 205, 100, 320, 145, 96, 1, 0),
             Word("-", 100, 180, 115, 185, 93, 1, 1), Word("Như", 130, 160, 210, 202, 96, 1, 1),
             Word("trên;", 225, 160, 330, 202, 96, 1, 1),
             Word("GIÁM", 1400, 200, 1560, 255, 95, 1, 2), Word("ĐỐC", 1585, 200, 1700, 255, 95, 1, 2)]
    return Page(1, "Nơi nhận:\n- Như trên;\nGIÁM ĐỐC", words, width=2400, height=900, source="ocr")


def _ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return int((np.asarray(image.crop(box)) < 128).sum())


@pytest.mark.parametrize(("seal_ink", "centre", "read"), [
    (0, RIM_THROUGH_NAME, "Lê Hoàng Anh"),
    (90, (1240, 560), "Hoàng Anh"),  # the rim over the family name: the rest is found
], ids=["black", "dark-grey"])
def test_a_name_under_a_seals_rim_is_read_with_the_rings_lightened(seal_ink, centre, read):
    """No strip of the page, its greyscale or its bold print read a name under the rim; with
    the rings lightened away the name is found, as a guess (letters the ring ran along may have
    lost a part): the signer stays flagged."""
    image = _foot(seal_ink, centre)
    page = _read_so_far()
    prepared = PreparedPage(image, 300, 0, 0.0, image.convert("RGB"), image)
    assert _find_name(page, prepared, (1008, 30, 2400, 900), page.words[0], langs="vie", timeout=60)
    assert page.text.endswith("\n" + read)
    assert all(w.conf <= REPAIRED_CONF for w in page.words if w.y0 >= 600)


def test_the_rings_go_and_the_letters_they_cross_stay():
    image = _foot(0)
    unringed = without_seal_rings(image, (1000, 250, 1700, 850), 300)
    assert unringed is not None
    cx, cy = RIM_THROUGH_NAME
    top_of_ring = (cx - 20, cy - RADIUS - 6, cx + 20, cy - RADIUS + 6)  # no letter there
    assert _ink(image, top_of_ring) > 200 and _ink(unringed, top_of_ring) < 0.1 * _ink(image, top_of_ring)
    name = (1290, 650, 1700, 720)
    assert _ink(unringed, name) >= 0.85 * _ink(_foot(None), name)


def test_a_page_without_a_seal_is_left_alone():
    assert without_seal_rings(_foot(None), (1000, 250, 1700, 850), 300) is None


def test_a_middle_name_under_a_stroke_is_the_common_one_its_letters_are_near():
    """A bold stroke (a signature's end, a seal's rim too heavy to lighten) over the middle
    name alone: the strips read the family and the given name around one garbled word a
    letter from ``Văn``; the name is ``Nguyễn Văn Dũng``, as a guess (the signer flagged)."""
    image = _foot(None, name="Nguyễn Văn Dũng", name_at=(1230, 650))
    draw = ImageDraw.Draw(image)
    bold = ImageFont.truetype(str(SERIF_BOLD), NAME_FONT_SIZE)
    middle = draw.textbbox((1230, 650), "Nguyễn ", font=bold)[2], draw.textbbox(
        (1230, 650), "Nguyễn Văn", font=bold)[2]
    # a heavy pen's stroke rising across ``Văn`` only
    draw.line([(middle[0] + 2, 712), (middle[1] - 4, 664)], fill=0, width=12)
    page = _read_so_far()
    prepared = PreparedPage(image, 300, 0, 0.0, image.convert("RGB"), image)
    assert _find_name(page, prepared, (1008, 30, 2400, 900), page.words[0], langs="vie", timeout=60)
    assert page.text.endswith("\nNguyễn Văn Dũng")
    assert all(w.conf <= REPAIRED_CONF for w in page.words if w.y0 >= 600)
