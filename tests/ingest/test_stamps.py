"""Stamped marks in a frame (``HỎA TỐC``) read again inside the frame: real Tesseract on a
drawn page."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from archive_service.records import FieldValue
from ingest import _tesseract
from ingest.stamps import read_stamped_marks, slanted_stamps, stamp_frames

SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")


def _page_with(stamp: str | None, *, frame: bool = True) -> Image.Image:
    """A page's top half at 200 dpi: header lines, then a stamp in a double frame."""
    image = Image.new("RGB", (1650, 1170), "white")
    draw = ImageDraw.Draw(image)
    serif = ImageFont.truetype(str(SERIF), 30)
    draw.text((200, 150), "UBND TỈNH KIÊN GIANG", font=serif, fill="black")
    draw.text((900, 150), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=serif, fill="black")
    draw.text((260, 270), "Số: 1987/SYT-NVY", font=serif, fill="black")
    draw.text((900, 270), "Kiên Giang, ngày 17 tháng 10 năm 2017", font=serif, fill="black")
    draw.text((250, 330), "V/v tập huấn công tác điều trị", font=serif, fill="black")
    draw.text((200, 800), "Thực hiện Giấy mời số 296/GM-KCB ngày 13 tháng 10 năm 2017", font=serif,
              fill="black")
    if stamp:
        x, y = 260, 520
        draw.text((x + 28, y + 18), stamp, font=ImageFont.truetype(str(BOLD), 44), fill="black")
        if frame:
            draw.rectangle((x, y, x + 300, y + 95), outline="black", width=5)
            draw.rectangle((x - 10, y - 10, x + 310, y + 105), outline="black", width=2)
    return image


def _fields_without_marks() -> dict[str, FieldValue]:
    return {"urgency": FieldValue(None, 0.0, 1), "confidentiality": FieldValue(None, 0.0, 1)}


@pytest.mark.parametrize(("stamp", "field", "value"), [
    ("HỎA TỐC", "urgency", "Hỏa tốc"),
    ("KHẨN", "urgency", "Khẩn"),
    ("MẬT", "confidentiality", "Mật"),
])
def test_a_mark_stamped_in_a_frame_is_read_inside_it(stamp, field, value):
    image = _page_with(stamp)
    page = _tesseract.ocr_image(image, dpi=200)
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got[field].value == value
    assert got[field].page == 1 and got[field].box is not None


def test_no_frame_no_stamp_read():
    for image in (_page_with(None), _page_with("HỎA TỐC", frame=False)):
        page = _tesseract.ocr_image(image, dpi=200)
        assert stamp_frames(image, 30.0) == []
        got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
        assert got["urgency"].value is None


def test_a_mark_already_read_is_kept_and_born_digital_pages_are_left_alone():
    image = _page_with("HỎA TỐC")
    page = _tesseract.ocr_image(image, dpi=200)
    fields = _fields_without_marks()
    fields["urgency"] = FieldValue("Khẩn", 0.9, 1)
    assert read_stamped_marks(fields, [page], {1: image})["urgency"].value == "Khẩn"
    page.source = "text"
    assert read_stamped_marks(_fields_without_marks(), [page], {1: image})["urgency"].value is None


def _slanted_stamp(text: str, angle: float, ink: str = "black") -> Image.Image:
    """An arrow-shaped stamp, its frame open at the arrow's tail, turned ``angle`` degrees."""
    stamp = Image.new("RGBA", (300, 96), (0, 0, 0, 0))
    draw = ImageDraw.Draw(stamp)
    draw.line([(30, 10), (5, 48), (30, 86)], fill=ink, width=4)  # the arrow's point
    draw.line([(30, 10), (270, 10)], fill=ink, width=4)
    draw.line([(30, 86), (270, 86)], fill=ink, width=4)
    draw.line([(270, 10), (294, 48)], fill=ink, width=4)  # the tail, open below
    draw.text((44, 27), text, font=ImageFont.truetype(str(BOLD), 34), fill=ink)
    return stamp.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)


@pytest.mark.parametrize(("stamp", "angle", "field", "value"), [
    ("HỎA TỐC", 30.0, "urgency", "Hỏa tốc"),
    ("HỎA TỐC", -20.0, "urgency", "Hỏa tốc"),
    ("KHẨN", 40.0, "urgency", "Khẩn"),
    ("MẬT", 25.0, "confidentiality", "Mật"),
])
def test_a_mark_stamped_at_a_slant_in_black_ink_is_read_level(stamp, angle, field, value):
    image = _page_with(None)
    mark = _slanted_stamp(stamp, angle)
    image.paste(mark, (120, 480), mark)
    page = _tesseract.ocr_image(image, dpi=200)
    assert stamp not in page.text  # the page's own reading misses it
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got[field].value == value
    x0, y0, x1, y1 = got[field].box
    assert 120 <= x0 < x1 <= 120 + mark.width and 480 <= y0 < y1 <= 480 + mark.height


def _nearly_straight_stamp(text: str, angle: float) -> Image.Image:
    """A mark in one thin rectangular frame, pressed ``angle`` degrees off level."""
    font = ImageFont.truetype(str(BOLD), 40)
    x0, y0, x1, y1 = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text, font=font)
    stamp = Image.new("RGBA", (x1 - x0 + 40, y1 - y0 + 28), (0, 0, 0, 0))
    draw = ImageDraw.Draw(stamp)
    draw.rectangle((2, 2, stamp.width - 3, stamp.height - 3), outline=(90, 90, 110), width=3)
    draw.text((20 - x0, 14 - y0), text, font=font, fill=(90, 90, 110))
    return stamp.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)


@pytest.mark.parametrize(("stamp", "angle", "value"), [
    ("THƯỢNG KHẨN", 4.0, "Thượng khẩn"),
    ("THƯỢNG KHẨN", -4.5, "Thượng khẩn"),
    ("HỎA TỐC", -4.0, "Hỏa tốc"),
])
def test_a_mark_pressed_a_few_degrees_off_level_is_read_turned_level(stamp, angle, value):
    # too little lean for a slanted stamp, enough that the frame's sides cross the letters'
    # line in a level crop (Tesseract then reads nothing there)
    image = _page_with(None)
    mark = _nearly_straight_stamp(stamp, angle)
    image.paste(mark, (220, 480), mark)
    page = _tesseract.ocr_image(image, dpi=200)
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got["urgency"].value == value


def _dashed_stamp(text: str, angle: float, seed: int = 3) -> Image.Image:
    """A slanted stamp on a bitonal scan: a double frame worn to dashes (a dozen pixels of ink,
    gaps of five to nine), the letters whole, turned ``angle`` degrees."""
    import random

    rng = random.Random(seed)
    font = ImageFont.truetype(str(BOLD), 40)
    w = int(font.getlength(text)) + 60
    mask = Image.new("L", (w, 90), 0)
    draw = ImageDraw.Draw(mask)

    def dashes(x0: float, y0: float, x1: float, y1: float, width: int) -> None:
        length, at = max(abs(x1 - x0), abs(y1 - y0)), 0.0
        while at < length:
            a, b = at / length, min(at + rng.randint(10, 16), length) / length
            draw.line((x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b,
                       y0 + (y1 - y0) * b), fill=255, width=width)
            at += (b - a) * length + rng.randint(5, 9)

    for x0, y0, x1, y1, width in ((3, 3, w - 4, 86, 4), (12, 12, w - 13, 77, 2)):
        for side in ((x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)):
            dashes(*side, width)
    draw.text((w / 2, 45), text, font=font, fill=255, anchor="mm")
    mask = mask.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    stamp = Image.new("RGBA", mask.size, (0, 0, 0, 255))
    stamp.putalpha(mask.point(lambda v: 255 if v > 128 else 0))
    return stamp


@pytest.mark.parametrize(("stamp", "angle", "field", "value"), [
    ("HỎA TỐC", -7.0, "urgency", "Hỏa tốc"),
    ("MẬT", 9.0, "confidentiality", "Mật"),
])
def test_a_slanted_stamp_worn_to_dashes_is_read(stamp, angle, field, value):
    image = _page_with(None)
    mark = _dashed_stamp(stamp, angle)
    image.paste(mark, (220, 470), mark)
    image = image.convert("1").convert("RGB")
    page = _tesseract.ocr_image(image, dpi=200)
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got[field].value == value


def test_slanted_text_without_a_frame_is_no_stamp():
    image = _page_with(None)
    words = Image.new("RGBA", (420, 80), (0, 0, 0, 0))
    ImageDraw.Draw(words).text((10, 10), "HỎA TỐC", font=ImageFont.truetype(str(BOLD), 46), fill="black")
    turned = words.rotate(30.0, expand=True, resample=Image.Resampling.BICUBIC)
    image.paste(turned, (120, 480), turned)
    page = _tesseract.ocr_image(image, dpi=200)
    assert slanted_stamps(image, 30.0) == []
    assert read_stamped_marks(_fields_without_marks(), [page], {1: image})["urgency"].value is None


def test_a_mark_read_in_part_is_confirmed_by_the_whole_mark_in_its_frame():
    image = _page_with("HỎA TỐC")
    page = _tesseract.ocr_image(image, dpi=200)
    fields = _fields_without_marks()
    fields["urgency"] = FieldValue("Hỏa tốc", 0.5, 1, (300.0, 530.0, 420.0, 600.0), review=True)  # "TỐC!"
    got = read_stamped_marks(fields, [page], {1: image})
    assert got["urgency"].value == "Hỏa tốc" and not got["urgency"].review
    assert got["urgency"].confidence > 0.5


def test_a_mark_read_in_part_stays_flagged_when_the_frame_holds_another():
    image = _page_with("KHẨN")
    page = _tesseract.ocr_image(image, dpi=200)
    fields = _fields_without_marks()
    fields["urgency"] = FieldValue("Hỏa tốc", 0.5, 1, None, review=True)
    got = read_stamped_marks(fields, [page], {1: image})
    assert got["urgency"].value == "Hỏa tốc" and got["urgency"].review


def _worn_stamp(text: str, angle: float, ink: tuple[int, int, int]) -> Image.Image:
    """A stamp pressed lightly: a double frame and letters in a pale ink, speckled where the
    pad was dry (a tenth of the ink missing), turned ``angle`` degrees."""
    import random

    font = ImageFont.truetype(str(BOLD), 40)
    w = int(font.getlength(text)) + 60
    mask = Image.new("L", (w, 90), 0)
    draw = ImageDraw.Draw(mask)
    draw.rectangle((3, 3, w - 4, 86), outline=255, width=4)
    draw.rectangle((12, 12, w - 13, 77), outline=255, width=2)
    draw.text((w / 2, 45), text, font=font, fill=255, anchor="mm")
    rng = random.Random(7)
    pixels = mask.load()
    for _ in range(w * 90 // 10):
        pixels[rng.randrange(w), rng.randrange(90)] = 0
    mask = mask.point(lambda v: v * 3 // 4).rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    stamp = Image.new("RGBA", mask.size, (*ink, 255))
    stamp.putalpha(mask)
    return stamp


@pytest.mark.parametrize(("stamp", "angle", "ink", "field", "value"), [
    ("HỎA TỐC", 8.0, (60, 60, 150), "urgency", "Hỏa tốc"),  # blue, a little slanted
    ("KHẨN", 0.0, (190, 25, 45), "urgency", "Khẩn"),  # red, level
    ("THƯỢNG KHẨN", 0.0, (190, 25, 45), "urgency", "Thượng khẩn"),  # 13 line heights long
])
def test_a_mark_stamped_lightly_in_a_double_frame_is_read(stamp, angle, ink, field, value):
    """A pale, worn stamp whose frame breaks at the print's threshold: found at a lighter one,
    its frame's sides removed before its letters are read."""
    image = _page_with(None)
    mark = _worn_stamp(stamp, angle, ink)
    image.paste(mark, (200, 470), mark)
    page = _tesseract.ocr_image(image, dpi=200)
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got[field].value == value


def test_the_rest_of_a_frames_side_is_no_part_of_the_mark():
    from ingest.stamps import _without_frame_specks

    assert _without_frame_specks("l. KHẨN |") == "KHẨN"
    assert _without_frame_specks("Ì HỎA TỐC") == "HỎA TỐC"
    assert _without_frame_specks("H ATỐC") == "H ATỐC"  # a letter of the mark stays


def _hand_stamped(text: str, seed: int, ink: tuple[int, int, int] = (80, 80, 80)) -> Image.Image:
    """A page with ``text`` stamped by hand as the varied generator stamps it (a double frame,
    ink worn unevenly: ``_gen.varied.mark_stamp_layer``), level, under the number."""
    import sys

    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "sample_docs"))
    from _gen import varied as V

    op = V.MarkStamp(180.0, 210.0, text, 14.0, 0.0, True, ink, str(BOLD), seed)
    transmittance, (left, top) = V.mark_stamp_layer(op, 200)
    image = _page_with(None)
    ink = np.asarray(image, np.float32)
    x0, y0 = int(left * 200 / 72), int(top * 200 / 72)
    h, w = transmittance.shape[:2]
    ink[y0:y0 + h, x0:x0 + w] *= transmittance
    return Image.fromarray(ink.clip(0, 255).astype(np.uint8))


@pytest.mark.parametrize(("stamp", "seed", "field", "value"), [
    # the inner frame worn into pieces that stay beside the letters: read closer in
    ("MẬT", 0, "confidentiality", "Mật"),
    ("MẬT", 5, "confidentiality", "Mật"),
    ("MẬT", 9, "confidentiality", "Mật"),
    ("KHẨN", 1, "urgency", "Khẩn"),
    ("KHẨN", 4, "urgency", "Khẩn"),
])
def test_a_mark_stamped_by_hand_in_a_worn_double_frame_is_read(stamp, seed, field, value):
    image = _hand_stamped(stamp, seed)
    page = _tesseract.ocr_image(image, dpi=200)
    assert stamp not in page.text  # the page's own reading misses it
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got[field].value == value


def test_a_frame_whose_top_side_is_too_faint_to_be_ink_is_still_a_frame():
    image = _page_with(None)
    draw = ImageDraw.Draw(image)
    x, y = 260, 520
    draw.text((x + 28, y + 18), "KHẨN", font=ImageFont.truetype(str(BOLD), 44), fill="black")
    draw.line((x, y, x + 300, y), fill=(215, 215, 215), width=5)  # worn nearly away
    for side in ((x, y + 95, x + 300, y + 95), (x, y, x, y + 95), (x + 300, y, x + 300, y + 95)):
        draw.line(side, fill="black", width=5)
    page = _tesseract.ocr_image(image, dpi=200)
    assert "KHẨN" not in page.text
    assert len(stamp_frames(image, 30.0)) == 1
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got["urgency"].value == "Khẩn"


@pytest.mark.parametrize("seed", [7, 24, 26])
def test_a_red_stamp_whose_frame_wore_open_or_apart_is_read(seed):
    """Red hand stamps whose worn frame no contour closes (a side worn away, or the frame
    broken in two pieces whose boxes overlap): three sides inked make a frame, and pieces
    that are no frame alone are one together."""
    image = _hand_stamped("KHẨN", seed, ink=(170, 40, 50))
    page = _tesseract.ocr_image(image, dpi=200)
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got["urgency"].value == "Khẩn"


def _drawn_frame(sides: list[tuple[int, int, int, int]]) -> Image.Image:
    image = _page_with(None)
    draw = ImageDraw.Draw(image)
    draw.text((288, 538), "KHẨN", font=ImageFont.truetype(str(BOLD), 44), fill="black")
    for side in sides:
        draw.line(side, fill="black", width=5)
    return image


def test_a_frame_pressed_askew_with_its_right_side_worn_away_is_widened_to_its_lines_end():
    """Top and bottom leaning 3° and broken by worn gaps, no right side: the frame is its
    three sides, widened to where its top and bottom lines end."""
    x, y, w, h = 260, 520, 300, 95
    drop = round(0.05 * w)
    top = [(x, y, x + 130, y + round(drop * 130 / w)), (x + 160, y + round(drop * 160 / w), x + w, y + drop)]
    bottom = [(x, y + h, x + 200, y + h + round(drop * 200 / w)),
              (x + 225, y + h + round(drop * 225 / w), x + w, y + h + drop)]
    image = _drawn_frame([*top, *bottom, (x, y, x, y + h)])
    frames = stamp_frames(image, 30.0)
    assert len(frames) == 1 and frames[0][2] >= x + w - 5
    page = _tesseract.ocr_image(image, dpi=200)
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got["urgency"].value == "Khẩn"


@pytest.mark.parametrize(("stamp", "seed", "field", "value"), [
    ("KHẨN", 10, "urgency", "Khẩn"),
    ("MẬT", 15, "confidentiality", "Mật"),
])
def test_a_stamp_read_one_letter_off_a_mark_gives_the_mark_flagged(stamp, seed, field, value):
    image = _hand_stamped(stamp, seed, ink=(170, 40, 50))  # red, worn
    page = _tesseract.ocr_image(image, dpi=200)
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got[field].value == value and got[field].review


def test_a_long_marks_reading_two_letters_off_is_that_mark_but_a_short_ones_is_not():
    from ingest.metadata._header import match_near_mark

    assert match_near_mark("HỎA TẾ") == ("urgency", "Hỏa tốc")  # its last letters worn
    assert match_near_mark("TUYỆT MT") == ("confidentiality", "Tuyệt mật")
    assert match_near_mark("KHÔNG") is None  # two letters from KHẨN: too short a mark
    assert match_near_mark("MẪU") is None and match_near_mark("DỰ THẢO") is None


def test_a_frames_reading_one_letter_off_one_mark_alone_is_that_mark():
    from ingest.metadata._header import match_near_mark

    assert match_near_mark("LKHẦN") == ("urgency", "Khẩn")  # the frame's side read as L
    assert match_near_mark("THÂN") == ("urgency", "Khẩn")
    assert match_near_mark("MÂẦT") == ("confidentiality", "Mật")
    assert match_near_mark("HỎA TỐO") == ("urgency", "Hỏa tốc")
    # three letters: one more only; never another word of a frame (a form's ``MẪU``)
    assert match_near_mark("MẪU") is None and match_near_mark("MT") is None
    assert match_near_mark("DỰ THẢO") is None and match_near_mark("khẩn") is None


def _frame_with_worn_ink(image: Image.Image, x: int, y: int, seed: int = 5) -> Image.Image:
    """A stamp's frame whose letters wore to specks no reading takes for a mark."""
    rng = random.Random(seed)
    draw = ImageDraw.Draw(image)
    draw.rectangle((x, y, x + 260, y + 95), outline="black", width=5)
    for _ in range(60):
        cx, cy = rng.randrange(x + 30, x + 230), rng.randrange(y + 20, y + 75)
        draw.ellipse((cx, cy, cx + 4, cy + 4), fill="black")
    return image


def test_a_stamp_frame_left_unread_below_the_number_flags_the_urgency():
    image = _frame_with_worn_ink(_page_with(None), 260, 520)
    page = _tesseract.ocr_image(image, dpi=200)
    got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
    assert got["urgency"].value is None and got["urgency"].review
    assert got["urgency"].box is not None


def test_an_unread_frame_beside_the_date_or_around_printed_words_flags_nothing():
    right = _frame_with_worn_ink(_page_with(None), 1000, 520)  # the right column: no mark's place
    boxed = _page_with(None)  # words printed in a box where marks stand
    draw = ImageDraw.Draw(boxed)
    draw.text((290, 545), "Kính gửi", font=ImageFont.truetype(str(SERIF), 30), fill="black")
    draw.rectangle((260, 520, 520, 615), outline="black", width=5)
    for image in (right, boxed):
        assert stamp_frames(image, 30.0)
        page = _tesseract.ocr_image(image, dpi=200)
        got = read_stamped_marks(_fields_without_marks(), [page], {1: image})
        assert not any(got[f].review for f in ("urgency", "confidentiality"))
