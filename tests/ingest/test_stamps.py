"""Stamped marks in a frame (``HỎA TỐC``) read again inside the frame: real Tesseract on a
drawn page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from archive_service.records import FieldValue
from ingest import _tesseract
from ingest.stamps import read_stamped_marks, stamp_frames

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
