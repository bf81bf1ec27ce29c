"""Words the OCR read poorly: garbage runs read again on their own, doubtful diacritics repaired."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from archive_service.records import Page, Word
from ingest import ppocr
from ingest.images import PreparedPage
from ingest.metadata._given_names import SPELLED_WORD_CONF
from ingest.ocr_repair import (
    REPAIRED_CONF,
    _agreed_title,
    _covers,
    _find_name,
    _from_name_start,
    _headless_name,
    _insert_line,
    _name_cased,
    _name_lead,
    _names_peoples_body,
    _officer_read,
    _other_marks_of,
    _read_title_lines,
    _reread_name,
    _scan_title_lines,
    _spelled_by_letters,
    _strange,
    _surname_before,
    _surname_ending,
    _title_by_letters,
    _title_ending,
    _title_like_count,
    _title_reading,
    _title_words,
    _titled,
    _unjoined,
    _whole_name,
    reread_foot,
    reread_poor_lines,
    respell_page,
)

SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
pytestmark = pytest.mark.skipif(not SERIF.exists(), reason="DejaVu fonts needed")


def _page_image(lines: list[tuple[str, int, int]]) -> Image.Image:
    image = Image.new("L", (2000, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(SERIF), 46)
    for text, x, y in lines:
        draw.text((x, y), text, fill=0, font=font)
    return image


def _prepared(image: Image.Image) -> PreparedPage:
    return PreparedPage(image, 300, 0, 0.0, image.convert("RGB"), image)


def test_a_garbage_run_beside_a_clean_column_is_replaced_by_its_own_reading():
    image = _page_image([("- TT. Huyện ủy;", 100, 200), ("PHÓ CHỦ TỊCH", 1300, 200)])
    garbage = [Word("TT", 110, 200, 180, 255, 12, 1, 3), Word("HẠ", 210, 200, 290, 255, 0, 1, 3),
               Word("Bi", 330, 205, 420, 255, 17, 1, 3)]
    right = [Word("PHÓ", 1300, 200, 1400, 255, 95, 1, 3), Word("CHỦ", 1420, 200, 1530, 255, 96, 1, 3),
             Word("TỊCH", 1550, 200, 1680, 255, 96, 1, 3)]
    page = Page(1, "TT HẠ Bi PHÓ CHỦ TỊCH", [*garbage, *right], width=2000, height=600, source="ocr")
    reread_poor_lines(page, _prepared(image), langs="vie", timeout=60)
    assert "Huyện" in page.text and "HẠ Bi" not in page.text
    assert page.text.endswith("PHÓ CHỦ TỊCH")
    assert [w.text for w in page.words if w.line == 3][-3:] == ["PHÓ", "CHỦ", "TỊCH"]
    assert all(w.conf >= 50 for w in page.words)


def test_a_run_of_noise_is_left_as_it_was():
    image = _page_image([])
    noise = [Word("~", 100, 200, 140, 250, 10, 1, 0), Word("'", 160, 200, 180, 250, 20, 1, 0)]
    page = Page(1, "~ '", list(noise), width=2000, height=600, source="ocr")
    reread_poor_lines(page, _prepared(image), langs="vie", timeout=60)
    assert page.text == "~ '" and page.words == noise


def test_doubtful_diacritics_are_repaired_from_the_lexicon_in_words_and_text():
    texts = [("-", 95), ("Giám", 96), ("độc", 85), ("Sở;", 95), ("lưu", 97), ("trũ", 80),
             ("Nguyễn", 88), ("Văn", 88), ("An", 96)]
    words = [Word(t, 100 + 120 * i, 100, 200 + 120 * i, 150, c, 1, 0) for i, (t, c) in enumerate(texts)]
    sure = [Word("tỉnh", 100, 200, 200, 250, 97, 1, 1), Word("tại", 220, 200, 300, 250, 97, 1, 1)]
    page = Page(1, "- Giám độc Sở; lưu trũ Nguyễn Văn An\ntỉnh tại", [*words, *sure],
                width=2000, height=600, source="ocr")
    respell_page(page)
    assert page.text == "- Giám đốc Sở; lưu trữ Nguyễn Văn An\ntỉnh tại"
    assert [w.text for w in page.words][2] == "đốc" and page.words[2].conf == 85


def test_garbled_lines_over_each_other_are_read_again_as_one_block():
    lines = [("- CT, các PCT UBND tỉnh;", 100, 200), ("- Sở Nội vụ;", 100, 262),
             ("- Sở Tài chính;", 100, 324), ("TL. CHỦ TỊCH", 1300, 200)]
    image = _page_image(lines)
    words = [Word(":", 100, 200, 120, 250, 17, 1, 3), Word("HN", 150, 200, 300, 258, 10, 1, 3),
             Word("BI", 330, 205, 690, 262, 7, 1, 3),
             Word("TL.", 1300, 200, 1380, 250, 95, 1, 3), Word("CHỦ", 1400, 200, 1500, 250, 95, 1, 3),
             Word("TỊCH", 1520, 200, 1650, 250, 95, 1, 3),
             Word("khan", 100, 250, 200, 330, 6, 1, 4), Word("Phân,", 220, 255, 400, 330, 17, 1, 4),
             Word("z", 100, 330, 120, 380, 20, 1, 5), Word("ạ", 300, 330, 330, 380, 9, 1, 5)]
    page = Page(1, ": HN BI TL. CHỦ TỊCH\nkhan Phân,\nz ạ", words, width=2000, height=600, source="ocr")
    reread_poor_lines(page, _prepared(image), langs="vie", timeout=60)
    assert "Sở Nội vụ;" in page.text and "Sở Tài chính;" in page.text and "UBND tỉnh;" in page.text
    assert "khan" not in page.text and "HN" not in page.text
    assert page.text.count("TL. CHỦ TỊCH") == 1


def test_a_signature_block_taken_for_a_picture_is_read_again():
    image = _page_image([("Nơi nhận:", 100, 100), ("- Như trên;", 100, 160),
                         ("KT. CHỦ TỊCH", 1300, 100), ("Phạm Trường Thọ", 1250, 420)])
    words = [Word("Nơi", 100, 100, 190, 150, 93, 1, 0), Word("nhận:", 205, 100, 330, 150, 96, 1, 0),
             Word("-", 100, 175, 115, 180, 92, 1, 1), Word("Như", 130, 160, 230, 210, 96, 1, 1),
             Word("trên;", 245, 160, 360, 210, 96, 1, 1)]
    page = Page(1, "Nơi nhận:\n- Như trên;", list(words), width=2000, height=600, source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    assert "Phạm Trường Thọ" in page.text
    assert {w.text for w in page.words if w.x0 > 1000} >= {"Phạm", "Trường", "Thọ"}


def test_a_signature_block_read_the_first_time_is_not_read_again():
    image = _page_image([("Nơi nhận:", 100, 100), ("KT. CHỦ TỊCH", 1300, 100),
                         ("Phạm Trường Thọ", 1250, 420)])
    words = [Word("Nơi", 100, 100, 190, 150, 93, 1, 0), Word("nhận:", 205, 100, 330, 150, 96, 1, 0),
             Word("KT.", 1300, 100, 1380, 150, 95, 1, 0), Word("CHỦ", 1400, 100, 1500, 150, 95, 1, 0),
             Word("r", 1200, 300, 1220, 330, 12, 1, 1),  # seal debris: no reason to read again
             Word("Phạm", 1250, 420, 1380, 470, 95, 1, 2), Word("Trường", 1400, 420, 1580, 470, 95, 1, 2),
             Word("Thọ", 1600, 420, 1700, 470, 95, 1, 2)]
    page = Page(1, "Nơi nhận: KT. CHỦ\nr\nPhạm Trường Thọ", list(words), width=2000, height=600,
                source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    assert page.words == words


def test_a_sure_word_only_regains_a_tone_mark_lost_in_a_compound():
    texts = [("đăng", 96), ("ký", 96), ("bô", 95), ("sung", 96), ("HĐND", 95), ("tỉnh", 96),
             ("tại", 96), ("Nguyễn", 96), ("Văn", 96), ("An", 96)]
    words = [Word(t, 100 + 120 * i, 100, 200 + 120 * i, 150, c, 1, 0) for i, (t, c) in enumerate(texts)]
    page = Page(1, " ".join(t for t, _ in texts), words, width=2000, height=600, source="ocr")
    respell_page(page)
    assert page.text == "đăng ký bổ sung HĐND tỉnh tại Nguyễn Văn An"


def _foot_image(left: list[tuple[str, int]], right: list[tuple[str, int, int]]) -> Image.Image:
    """Recipients in a small font on the left, the signature block in a large bold one."""
    image = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(str(SERIF), 38)
    bold = ImageFont.truetype(str(SERIF_BOLD), 50)
    for text, y in left:
        draw.text((100, y), text, fill=0, font=small)
    for text, x, y in right:
        draw.text((x, y), text, fill=0, font=bold)
    return image


SERIF_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")


def _noi_nhan_nhu_tren() -> list[Word]:
    """The words of ``Nơi nhận:`` and ``- Như trên;`` as ``_foot_image`` draws them, read well."""
    return [Word("Nơi", 100, 100, 190, 145, 96, 1, 0), Word("nhận:", 205, 100, 320, 145, 96, 1, 0),
            Word("-", 100, 180, 115, 185, 93, 1, 1), Word("Như", 130, 160, 210, 202, 96, 1, 1),
            Word("trên;", 225, 160, 330, 202, 96, 1, 1)]


def test_a_recipients_line_garbled_beside_the_signature_is_read_again_line_by_line():
    image = _foot_image([("Nơi nhận:", 100), ("- Như Điều 3;", 160), ("- Bộ Nội vụ (b/c);", 220),
                         ("- Lưu: VT, NC.", 280)], [("KT. CHỦ TỊCH", 1400, 130)])
    words = [Word("Nơi", 100, 100, 190, 145, 96, 1, 0), Word("nhận:", 205, 100, 320, 145, 96, 1, 0),
             Word("CN", 100, 160, 180, 230, 22, 1, 1), Word("thẻ", 300, 165, 380, 230, 19, 1, 1),
             Word("KT.", 1400, 130, 1500, 185, 96, 1, 1), Word("CHỦ", 1520, 130, 1650, 185, 96, 1, 1),
             Word("TỊCH", 1670, 130, 1820, 185, 96, 1, 1),
             Word("-", 100, 240, 115, 245, 93, 1, 2), Word("Bộ", 130, 220, 180, 262, 96, 1, 2),
             Word("Nội", 195, 220, 260, 262, 96, 1, 2), Word("vụ", 275, 220, 320, 262, 93, 1, 2),
             Word("(b/c);", 335, 220, 450, 262, 91, 1, 2),
             Word("-", 100, 300, 115, 305, 93, 1, 3), Word("Lưu:", 130, 280, 210, 322, 93, 1, 3),
             Word("VT,", 225, 280, 290, 322, 91, 1, 3), Word("NC.", 305, 280, 370, 322, 91, 1, 3)]
    page = Page(1, "Nơi nhận:\nCN thẻ KT. CHỦ TỊCH\n- Bộ Nội vụ (b/c);\n- Lưu: VT, NC.",
                list(words), width=2400, height=900, source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    assert "Như Điều 3;" in page.text and "CN" not in page.text and "thẻ" not in page.text
    assert "KT. CHỦ TỊCH" in page.text and "- Bộ Nội vụ (b/c);" in page.text
    assert [w.text for w in page.words if w.x0 >= 1400] == ["KT.", "CHỦ", "TỊCH"]


def test_a_list_line_read_as_marks_alone_is_read_again_though_the_rest_was_read_surely():
    """``- Như trên;`` right under ``Nơi nhận:`` read as one tall word of marks at 0 (no word
    of the list, so the list's own words look sure): the column is read again, the line is
    put in its place."""
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160), ("- Các Thứ trưởng;", 220),
                         ("- Lưu: VT, GDTrH.", 280)], [("BỘ TRƯỞNG", 1400, 130)])
    words = [Word("Nơi", 100, 100, 190, 145, 96, 1, 0), Word("nhận:", 205, 100, 320, 145, 96, 1, 0),
             Word("„`.", 100, 150, 330, 215, 0, 1, 1),
             Word("BỘ", 1400, 130, 1480, 185, 96, 1, 1), Word("TRƯỞNG", 1500, 130, 1760, 185, 96, 1, 1),
             Word("-", 100, 240, 115, 245, 93, 1, 2), Word("Các", 130, 220, 200, 262, 97, 1, 2),
             Word("Thứ", 215, 220, 290, 262, 97, 1, 2), Word("trưởng;", 305, 220, 440, 262, 93, 1, 2),
             Word("-", 100, 300, 115, 305, 93, 1, 3), Word("Lưu:", 130, 280, 210, 322, 93, 1, 3),
             Word("VT,", 225, 280, 290, 322, 93, 1, 3), Word("GDTrH.", 305, 280, 440, 322, 90, 1, 3)]
    page = Page(1, "Nơi nhận:\n„`. BỘ TRƯỞNG\n- Các Thứ trưởng;\n- Lưu: VT, GDTrH.",
                list(words), width=2400, height=900, source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    assert "Như trên;" in page.text and "„" not in page.text
    assert page.text.index("Nơi nhận:") < page.text.index("Như trên;") < page.text.index("Các Thứ")


def test_a_title_the_first_reading_missed_is_added_and_sure_words_keep_their_doubt():
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)],
                        [("GIÁM ĐỐC", 1450, 90), ("Lê Thị Hoài An", 1350, 400)])
    words = [*_noi_nhan_nhu_tren(),
             Word("€", 1350, 400, 1380, 455, 37, 1, 2), Word("Thị", 1450, 400, 1530, 455, 80, 1, 2),
             Word("Hoài", 1550, 400, 1680, 455, 96, 1, 2), Word("An", 1700, 400, 1770, 455, 96, 1, 2)]
    page = Page(1, "Nơi nhận:\n- Như trên;\n€ Thị Hoài An", list(words), width=2400, height=900,
                source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    assert "GIÁM ĐỐC" in page.text
    assert page.text.index("GIÁM ĐỐC") < page.text.index("Hoài An")
    name = [w for w in page.words if w.y0 >= 380]
    assert [w.text for w in name][-3:] == ["Thị", "Hoài", "An"]
    assert next(w for w in name if w.text == "Thị").conf <= 80  # read twice, not surer


def test_a_name_whose_first_word_the_seal_hid_is_completed():
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)],
                        [("PHÓ CHỦ TỊCH", 1400, 100), ("Võ Thanh Tùng", 1400, 400)])
    words = [*_noi_nhan_nhu_tren(),
             Word("PHÓ", 1400, 100, 1510, 155, 95, 1, 0), Word("CHỦ", 1530, 100, 1650, 155, 96, 1, 0),
             Word("TỊCH", 1670, 100, 1810, 155, 96, 1, 0),
             Word("o", 1440, 415, 1465, 455, 91, 1, 2), Word("Thanh", 1500, 400, 1680, 455, 96, 1, 2),
             Word("Tùng", 1700, 400, 1840, 460, 96, 1, 2)]
    page = Page(1, "Nơi nhận: PHÓ CHỦ TỊCH\n- Như trên;\no Thanh Tùng", list(words), width=2400,
                height=900, source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    assert "Võ Thanh Tùng" in page.text
    assert [w.text for w in page.words if w.y0 >= 380] == ["Võ", "Thanh", "Tùng"]


def test_an_administrative_compound_missing_from_the_word_list_regains_its_tone_mark():
    texts = ["Nghị", "quyết", "đôi", "tên", "cơ", "quan", "một", "đôi", "giày"]
    words = [Word(t, 100 + 120 * i, 100, 200 + 120 * i, 150, 96, 1, 0) for i, t in enumerate(texts)]
    page = Page(1, " ".join(texts), words, width=2000, height=600, source="ocr")
    respell_page(page)
    assert page.text == "Nghị quyết đổi tên cơ quan một đôi giày"


def test_a_line_added_goes_after_the_line_above_it_even_when_its_words_repeat():
    words = [Word("Điều", 100, 100, 200, 150, 96, 1, 0), Word("3.", 220, 100, 260, 150, 96, 1, 0),
             Word("thi", 100, 200, 160, 250, 96, 1, 1), Word("hành", 180, 200, 290, 250, 96, 1, 1),
             Word("Điều", 310, 200, 410, 250, 96, 1, 1),
             Word("Nơi", 100, 400, 190, 450, 96, 1, 2)]
    page = Page(1, "Điều 3.\nthi hành Điều\nNơi", list(words), width=2000, height=600, source="ocr")
    title = [Word("GIÁM", 1400, 300, 1520, 350, 95, -2, 9), Word("ĐỐC", 1540, 300, 1640, 350, 95, -2, 9)]
    _insert_line(page, title)
    assert page.text == "Điều 3.\nthi hành Điều\nGIÁM ĐỐC\nNơi"
    assert [w.text for w in page.words] == ["Điều", "3.", "thi", "hành", "Điều", "GIÁM", "ĐỐC", "Nơi"]


def test_a_shorter_second_reading_replaces_only_the_words_it_covers():
    line = [Word("Thanh", 1500, 400, 1680, 455, 93, 1, 2), Word("Tùng", 1700, 400, 1840, 460, 94, 1, 2)]
    assert _covers(line, Word("Thanh", 1500, 400, 1680, 455, 92, 1, 2))
    assert not _covers(line, Word("Võ", 1380, 400, 1460, 455, 70, 1, 2))


def test_a_name_read_without_a_fragment_before_it_is_not_read_again():
    image = _foot_image([("Nơi nhận:", 100)], [("Nguyễn Văn An", 1400, 400)])
    words = [Word("Nơi", 100, 100, 190, 145, 96, 1, 0), Word("nhận:", 205, 100, 320, 145, 96, 1, 0),
             Word("Nguyễn", 1400, 400, 1600, 455, 70, 1, 2), Word("Văn", 1620, 400, 1720, 455, 96, 1, 2),
             Word("An", 1740, 400, 1800, 455, 96, 1, 2)]
    page = Page(1, "Nơi nhận:\nNguyễn Văn An", list(words), width=2400, height=900, source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    assert page.text.endswith("Nguyễn Văn An")
    assert [w.text for w in page.words if w.y0 >= 380] == ["Nguyễn", "Văn", "An"]


def _title_lines_read(title: tuple[str, int, int], rows: list[int]) -> Page:
    """A block with ``title`` drawn over the name ``Phạm Trường Thọ`` and no title line read,
    after ``_read_title_lines`` on the list's ``rows``."""
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)],
                        [title, ("Phạm Trường Thọ", 1300, 400)])
    words = [*_noi_nhan_nhu_tren(),
             Word("Phạm", 1300, 400, 1430, 455, 95, 1, 2), Word("Trường", 1450, 400, 1640, 455, 96, 1, 2),
             Word("Thọ", 1660, 400, 1760, 455, 96, 1, 2)]
    page = Page(1, "Nơi nhận:\n- Như trên;\nPhạm Trường Thọ", list(words), width=2400, height=900,
                source="ocr")
    _read_title_lines(page, _prepared(image), (1008, 30, 2400, 600), words[0], rows, langs="vie",
                      timeout=60)
    return page


def test_a_title_line_level_with_noi_nhan_is_read_on_the_names_axis():
    # rows: Nơi nhận: and the first line of the list, where the title lines stand
    page = _title_lines_read(("KT. CHỦ TỊCH", 1380, 95), [100, 160])
    assert "KT. CHỦ TỊCH" in page.text
    assert page.text.index("KT. CHỦ TỊCH") < page.text.index("Phạm Trường Thọ")


def test_a_title_line_two_rows_strips_catch_is_added_once():
    """Rows close together: both strips read the one title line, which is added once (the
    second reading is weighed against the first, not added as a line of its own)."""
    page = _title_lines_read(("CHỦ TỊCH", 1420, 112), [108, 116])
    assert page.text.count("TỊCH") == 1
    assert sum(w.text.endswith("TỊCH") for w in page.words) == 1


def _block_scanned(lines: list[tuple[str, int, int]], span: tuple[int, int]) -> Page:
    """A foot whose block prints ``lines`` over ``Phạm Trường Thọ`` (the only line read),
    scanned by strips between ``span``'s left and right down to the name."""
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)],
                        [*lines, ("Phạm Trường Thọ", 1300, 560)])
    words = [*_noi_nhan_nhu_tren(),
             Word("Phạm", 1300, 560, 1430, 615, 95, 1, 2), Word("Trường", 1450, 560, 1640, 615, 96, 1, 2),
             Word("Thọ", 1660, 560, 1760, 615, 96, 1, 2)]
    page = Page(1, "Nơi nhận:\n- Như trên;\nPhạm Trường Thọ", list(words), width=2400, height=900,
                source="ocr")
    _scan_title_lines(page, _prepared(image), (span[0], 30, span[1], 560), [], 45, langs="vie",
                      timeout=60)
    return page


def test_title_lines_between_the_lists_rows_are_found_by_strips_down_the_block():
    # a deputy signs on the head's printed block: "KT." before "GIÁM ĐỐC" and "PHÓ GIÁM ĐỐC"
    # stamped close under it; a seal's words in capitals below them are no title
    page = _block_scanned([("KT. GIÁM ĐỐC", 1330, 128), ("PHÓ GIÁM ĐỐC", 1310, 186),
                           ("SỞ Y TẾ", 1400, 300)], (1200, 1900))
    added = {}
    for w in (w for w in page.words if w.block == -2):  # the words read again
        added.setdefault(w.line, []).append(w.text.replace(",", "."))
    assert sorted(" ".join(ws) for ws in added.values()) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert page.text.index("GIÁM ĐỐC") < page.text.index("PHÓ GIÁM ĐỐC") < page.text.index("Phạm")


def test_an_elected_bodys_tm_line_the_first_reading_lost_is_added_above_the_title():
    # a council's block (TM. ỦY BAN NHÂN DÂN over CHỦ TỊCH) under a seal: neither line was read
    page = _block_scanned([("TM. ỦY BAN NHÂN DÂN", 1250, 128), ("CHỦ TỊCH", 1420, 186)],
                          (1150, 1950))
    assert page.text.index("TM.") < page.text.index("TỊCH") < page.text.index("Phạm")
    assert "NHÂN DÂN" in page.text


@pytest.mark.parametrize(("read", "kept"), [
    ([("KT;", 72), ("GIAM", 93), ("ĐỌC", 95)], "KT; GIAM ĐỌC"),  # the mark before is kept
    ([("`", 89), ("PHÓ", 91), ("GIẢM", 87), ("ĐÓC", 91)], "PHÓ GIẢM ĐÓC"),
    ([("PHO", 93), ("GIẦM", 64), ("ĐỨC", 91)], "PHO GIẦM ĐỨC"),  # a letter off: still the title
    ([("/®HÓ", 83), ("GIÁM", 90), ("ĐỐC", 97)], ""),  # PHÓ cut: maybe the deputy's title
    ([("SỞ", 93), ("Y", 93), ("TẾ", 96)], ""),  # the seal's words are no title
    ([("PHÓ", 40), ("GIÁM", 52), ("ĐỐC", 61)], ""),  # read too unsurely
    ([("KT.", 90), ("GIÁM", 93), ("ĐỐC", 95), ("j.", 77)], "KT. GIÁM ĐỐC"),  # a stroke's end after it
    ([("_..", 80), ("CIÁMĐÓC", 88), ("Í{*", 47)], "_.. CIÁMĐÓC"),  # its words run together
])
def test_a_strip_reads_as_a_title_line_only_when_it_ends_in_a_whole_known_title(read, kept):
    words = [Word(t, 1300 + 150 * i, 100, 1440 + 150 * i, 150, c, 1, 0) for i, (t, c) in enumerate(read)]
    assert " ".join(w.text for w in _title_words(words)) == kept


def _title_strip(*read: tuple[str, float]) -> list[Word]:
    return [Word(t, 1300 + 150 * i, 100, 1440 + 150 * i, 150, c, 1, 0) for i, (t, c) in enumerate(read)]


@pytest.mark.parametrize(("readings", "added"), [
    # a seal's rim through the title: no strip reads it surely, two read it alike
    ([_title_strip(("cự", 39), ("LAM", 40), ("ĐỌC", 96)), _title_strip(("..GIÁM", 30), ("ĐÓC", 85)),
      _title_strip(("xa", 14), ("AM", 14), ("ĐỌC", 96))], "GIÁM ĐỐC"),
    # a deputy's block: the head's title (its KT. line, or the deputy's line cut) backs the
    # deputy's, read once
    ([_title_strip(("..GIÁM", 30), ("ĐÓC", 85)), _title_strip(("xa", 14), ("AM", 14), ("ĐỌC", 96)),
      _title_strip(("PHÓ", 60), ("GIẢM", 27), ("ĐỌC", 40))], "PHÓ GIÁM ĐỐC"),
    # spelled as the tables do, after a mark read before it, not after debris
    ([_title_strip(("KT.", 55), ("GAM", 30), ("ĐỌC", 81)), _title_strip(("_..", 33), ("CIÁMĐÓC", 48))],
     "KT. GIÁM ĐỐC"),
    ([_title_strip(("Z—", 29), ("GAM", 30), ("ĐỌC", 81), ("j.", 77)), _title_strip(("-—GIAMĐÓC", 14))],
     "GIÁM ĐỐC"),
    ([_title_strip(("^^", 41), ("CHƯÀICH", 66), ("}", 9)), _title_strip(("$“", 36), ("CHỨYICH", 62))],
     "CHỦ TỊCH"),
    # a smudged KT. (written by hand) is kept for the metadata reader to tell
    ([_title_strip(("_—", 15), ("k\\", 20), ("GIAM", 68), ("ĐỌC", 70)),
      _title_strip(("{+", 11), ("GIÁM", 11), ("ĐỐC", 46))], "k\\ GIÁM ĐỐC"),
    # one strip alone, or two titles as often: nothing is guessed
    ([_title_strip(("..GIÁM", 30), ("ĐÓC", 85))], ""),
    ([_title_strip(("..GIÁM", 30), ("ĐÓC", 85)), _title_strip(("CHỦ", 30), ("TỊCH", 50))], ""),
])
def test_a_title_line_no_strip_read_surely_is_the_title_two_strips_read_alike(readings, added):
    found = _agreed_title([r for words in readings if (r := _title_reading(words)) is not None])
    assert [" ".join(w.text for w in line) for line in found] == ([added] if added else [])
    assert all(w.conf <= REPAIRED_CONF for line in found for w in line)  # a guess


@pytest.mark.parametrize(("read", "named"), [
    ([("TM.", 96), ("BAN", 21), ("ÑMHÂN", 61), ("DÂN", 96)], True),  # the seal over ỦY and NHÂN
    ([("TM.", 93), ("ỦY", 90), ("BAN", 92), ("NHÂN", 95), ("DÂN", 96)], True),
    ([("TM.", 45), ("BAN", 21), ("ÑMHÂN", 61), ("DÂN", 96)], False),  # TM. itself doubtful
    ([("TM.", 96), ("HỘI", 90), ("NÔNG", 91), ("DÂN", 93)], False),  # another body, as printed
    ([("KT.", 96), ("BAN", 21), ("ÑMHÂN", 61), ("DÂN", 96)], False),
])
def test_a_strip_names_an_elected_body_after_a_sure_tm(read, named):
    assert _names_peoples_body(_title_strip(*read)) is named


def test_the_marks_of_a_title_read_as_a_line_alone_are_no_title():
    """``Á Ô``: the marks of ``GIÁM ĐỐC`` read alone, its letters lost in a seal's ink."""
    marks = {3: [Word("Á", 1183, 1869, 1190, 1876, 85, 1, 3),
                 Word("Ô", 1285, 1868, 1293, 1876, 62, 1, 3)]}
    title = {4: [Word("GIÁM", 1133, 1878, 1226, 1924, 90, 1, 4),
                 Word("ĐỐC", 1252, 1878, 1330, 1924, 91, 1, 4)]}
    assert not _titled(marks)
    assert _titled(title)


def test_the_marks_read_alone_over_a_title_line_added_are_dropped():
    words = [Word("Á", 1183, 1869, 1190, 1876, 85, 1, 3), Word("Ô", 1285, 1868, 1293, 1876, 62, 1, 3),
             Word("|", 1392, 1847, 1406, 1910, 53, 1, 3), Word("-", 1300, 1870, 1308, 1873, 90, 1, 3),
             Word("Lê", 1107, 2161, 1152, 2196, 95, 1, 4)]
    page = Page(1, "Á Ô | -\nLê", list(words), width=1664, height=2356, source="ocr")
    _insert_line(page, [Word("GIÁM", 1133, 1878, 1226, 1924, 60, 0, 9),
                        Word("ĐỐC", 1252, 1878, 1330, 1924, 60, 0, 9)])
    # the bar is beside it, a dash is no mark
    assert [w.text for w in page.words] == ["|", "-", "GIÁM", "ĐỐC", "Lê"]
    assert page.text.split("\n") == ["| -", "GIÁM ĐỐC", "Lê"]


def test_a_family_name_garbled_by_the_seal_rim_takes_its_spelling_from_the_table():
    lead = _name_lead([Word("Lế", 1040, 558, 1090, 586, 82, 1, 5)])
    assert [w.text for w in lead] == ["Lê"] and lead[0].conf <= 60  # repaired, so doubtful
    sure = _name_lead([Word("Võ", 1040, 558, 1090, 586, 91, 1, 5)])
    assert [(w.text, w.conf) for w in sure] == [("Võ", 91)]
    # seal debris before a family name is left out; no family name read: nothing
    assert [w.text for w in _name_lead([Word("xe", 980, 558, 1020, 586, 34, 1, 5),
                                        Word("Nguyễn", 1030, 558, 1150, 586, 88, 1, 5),
                                        Word("Văn", 1160, 558, 1230, 586, 90, 1, 5)])] == ["Nguyễn", "Văn"]
    assert _name_lead([Word("Tế", 1040, 558, 1090, 586, 88, 1, 5)]) == []
    # a seal's rim reads place names in capitals, and debris in lower case: no family name
    assert _name_lead([Word("GIANG", 1000, 558, 1090, 586, 70, 1, 5)]) == []
    assert _name_lead([Word("ha", 1040, 558, 1090, 586, 65, 1, 5)]) == []
    assert _name_lead([Word("F", 1040, 558, 1090, 586, 45, 1, 5)]) == []


def test_a_drafters_name_printed_small_in_brackets_is_read_again_alone():
    image = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(image)
    small, smaller = ImageFont.truetype(str(SERIF), 38), ImageFont.truetype(str(SERIF), 27)
    draw.text((100, 100), "Nơi nhận:", fill=0, font=small)
    draw.text((100, 160), "- Lưu: VT, TTHC", fill=0, font=small)
    x = draw.textbbox((100, 160), "- Lưu: VT, TTHC", font=small)[2]
    draw.text((x, 170), "(Thu).", fill=0, font=smaller)
    end = draw.textbbox((x, 170), "(Thu).", font=smaller)[2]
    start = draw.textbbox((100, 160), "- Lưu: VT, ", font=small)[2]
    words = [Word("Nơi", 100, 100, 190, 145, 96, 1, 0), Word("nhận:", 205, 100, 320, 145, 96, 1, 0),
             Word("-", 100, 180, 115, 185, 93, 1, 1), Word("Lưu:", 125, 160, 215, 205, 93, 1, 1),
             Word("VT,", 230, 160, 300, 205, 92, 1, 1), Word("TTHC(Tm).", start, 160, end, 205, 87, 1, 1)]
    page = Page(1, "Nơi nhận:\n- Lưu: VT, TTHC(Tm).", list(words), width=2400, height=900, source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    assert page.text.endswith("- Lưu: VT, TTHC(Thu).")
    assert page.words[-1].text == "TTHC(Thu)." and page.words[-1].conf <= 87


def test_letters_that_are_no_syllable_are_strange_but_abbreviations_are_not():
    from ingest.metadata._dictionary import lexicon

    syllables = lexicon().syllables
    assert _strange("Tm", syllables)
    assert not _strange("Thu", syllables) and not _strange("Hùng", syllables)
    assert not _strange("VT", syllables) and not _strange("b/c", syllables)


def test_a_bracket_read_again_is_put_in_place_of_that_word_only():
    from ingest.ocr_repair import _replace_text

    page = Page(1, "- Lưu: VT, TTHC(Tm), VT(Tm).", [], width=100, height=100, source="ocr")
    _replace_text(page, "VT(Tm).", "VT(Thu).")
    assert page.text == "- Lưu: VT, TTHC(Tm), VT(Thu)."


def test_a_name_far_below_a_title_nobody_read_is_found_down_the_block():
    """A seal and a signature over the block: not even the title was read. Strips down the
    whole block from Nơi nhận are read one at a time, and the name is found far below."""
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)], [("Lê Hoàng Anh", 1350, 640)])
    page = Page(1, "Nơi nhận:\n- Như trên;", _noi_nhan_nhu_tren(), width=2400, height=900,
                source="ocr")
    assert _find_name(page, _prepared(image), (1008, 30, 2400, 900), page.words[0], langs="vie",
                      timeout=60)
    assert page.text.endswith("Lê Hoàng Anh")
    assert [w.text for w in page.words if w.y0 >= 600] == ["Lê", "Hoàng", "Anh"]


def test_seal_debris_read_as_capital_letters_is_no_name_and_the_name_is_still_found():
    """A seal over the title: its rim read as ``tHó Si C``. Letters alone in capitals are no
    name words, so the block still has no name and the strips find the one printed below."""
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)], [("Lê Hoàng Anh", 1350, 640)])
    debris = [Word("tHó", 1300, 150, 1380, 210, 36, 1, 2), Word("Si", 1400, 150, 1450, 210, 25, 1, 2),
              Word("C", 1560, 170, 1590, 210, 89, 1, 2)]
    page = Page(1, "Nơi nhận:\n- Như trên;\ntHó Si C", [*_noi_nhan_nhu_tren(), *debris],
                width=2400, height=900, source="ocr")
    assert _find_name(page, _prepared(image), (1008, 30, 2400, 900), page.words[0], langs="vie",
                      timeout=60)
    assert [w.text for w in page.words if w.y0 >= 600] == ["Lê", "Hoàng", "Anh"]


def test_a_two_word_name_is_read_again_for_a_family_name_the_seal_hid_whole():
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)], [("Lê Hoàng Anh", 1350, 400)])
    words = [*_noi_nhan_nhu_tren(), Word("Hoàng", 1440, 400, 1640, 455, 96, 1, 2),
             Word("Anh", 1660, 400, 1770, 455, 96, 1, 2)]
    page = Page(1, "Nơi nhận:\n- Như trên;\nHoàng Anh", list(words), width=2400, height=900,
                source="ocr")
    _reread_name(page, _prepared(image), (1008, 30, 2400, 900), langs="vie", timeout=60)
    assert page.text.endswith("Lê Hoàng Anh")
    assert [w.text for w in page.words if w.y0 >= 380] == ["Lê", "Hoàng", "Anh"]


def test_a_family_name_whose_first_letter_the_rim_touches_is_read_from_its_end():
    """A bitonal seal's rings touching the ``L`` of ``Lê Hoàng Anh``: the readings before
    ``Hoàng`` end in ``ê``, the end of one family name only; kept as a guess (flagged)."""
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)], [("Lê Hoàng Anh", 1350, 400)])
    draw = ImageDraw.Draw(image)
    for r in (150, 160, 170):
        draw.ellipse((1200 - r, 430 - r, 1200 + r, 430 + r), outline=0, width=6)
    words = [*_noi_nhan_nhu_tren(), Word("Hoàng", 1440, 400, 1640, 455, 96, 1, 2),
             Word("Anh", 1660, 400, 1770, 455, 96, 1, 2)]
    page = Page(1, "Nơi nhận:\n- Như trên;\nHoàng Anh", list(words), width=2400, height=900,
                source="ocr")
    _reread_name(page, _prepared(image), (1008, 30, 2400, 900), langs="vie", timeout=60)
    name = [w for w in page.words if w.y0 >= 380]
    assert [w.text for w in name] == ["Lê", "Hoàng", "Anh"]
    assert name[0].conf <= 60  # pieced together from the table: the signer stays flagged


@pytest.mark.parametrize("name_ink", [(0, 0, 0), (120, 0, 0)], ids=["black", "dark-red"])
def test_a_name_under_a_red_seal_is_read_with_the_seal_dropped(name_ink):
    """A red seal over the name's first word: the strips are read from the page as prepared
    (red dropped) first; a name printed in dark red, which that greyscale fades, is still found
    in the colour page's plain greyscale."""
    from ingest.images import to_grey

    colour = Image.new("RGB", (2400, 900), "white")
    draw = ImageDraw.Draw(colour)
    small = ImageFont.truetype(str(SERIF), 38)
    for text, y in (("Nơi nhận:", 100), ("- Như trên;", 160)):
        draw.text((100, y), text, fill=(0, 0, 0), font=small)
    draw.text((1350, 600), "Nguyễn Văn Hải", fill=name_ink,
              font=ImageFont.truetype(str(SERIF_BOLD), 50))
    for r in range(190, 150, -6):  # the seal's rings, over the family name
        draw.ellipse((1180 - r, 520 - r, 1180 + r, 520 + r), outline=(200, 30, 40), width=5)
    draw.text((1110, 490), "SỞ Y TẾ", fill=(200, 30, 40), font=small)
    grey = Image.fromarray(to_grey(colour))
    page = Page(1, "Nơi nhận:\n- Như trên;", _noi_nhan_nhu_tren(), width=2400, height=900,
                source="ocr")
    prepared = PreparedPage(grey, 300, 0, 0.0, colour, grey)
    assert _find_name(page, prepared, (1008, 30, 2400, 900), page.words[0], langs="vie", timeout=60)
    assert page.text.endswith("Nguyễn Văn Hải")


def _strip(*words: tuple[str, float, float]) -> list[Word]:
    """One strip's reading: (text, confidence, left) of words 60 px high, 30 px apart."""
    return [Word(t, x, 400, x + 30 * len(t), 460, c, 1, 9) for t, c, x in words]


@pytest.mark.parametrize(("readings", "added"), [
    # the rim touches the family name: read doubtfully, the same in two strips
    ([_strip(("Tô", 34, 1250), ("Hoàng", 96, 1350), ("Anh", 97, 1520)),
      _strip(("“Lê", 11, 1255), ("Hoàng", 96, 1350), ("Anh", 97, 1520)),
      _strip(("Lê", 42, 1262), ("Hoang", 90, 1352), ("Anh", 95, 1520))], ["Lê"]),
    # read surely once, in a strip whose last word fell short
    ([_strip(("Hà", 92, 1262), ("Hoàng", 97, 1350), ("Anh", 47, 1520))], ["Hà"]),
    # its marks lost, the letters of one family name only (``duong``: Dương or Đường)
    ([_strip(("le", 82, 1262), ("Hoàng", 97, 1350), ("Anh", 97, 1520))], ["Lê"]),
    ([_strip(("duong", 85, 1262), ("Hoàng", 97, 1350), ("Anh", 97, 1520))], []),
    # a hat lost with a tone kept: what is left of another name (``lạm`` of ``Phạm``), not ``Lâm``
    ([_strip(("lạm", 72, 1262), ("Hoàng", 97, 1350))] * 2 + [_strip(("lạm", 67, 1262), ("Hoàng", 96, 1350))],
     []),
    # once and doubtfully; or two family names as often: nothing is guessed
    ([_strip(("Lê", 42, 1262), ("Hoàng", 96, 1350), ("Anh", 97, 1520))], []),
    ([_strip(("Lê", 42, 1262), ("Hoàng", 96, 1350)), _strip(("Tô", 40, 1262), ("Hoàng", 96, 1350))],
     []),
    # the end of one family name, its first letter lost in the rim, in two different readings
    ([_strip(("Z“1,ê", 12, 1200), ("Hoàng", 97, 1350)), _strip(("TẾ", 1, 1262), ("Hoàng", 89, 1350))],
     ["Lê"]),
    # not a family name, or the same reading twice (one crop of two like sources), or the end
    # of several family names, or far to the left of the name
    ([_strip(("Fế", 83, 1262), ("Hoàng", 96, 1350))] * 2, []),
    ([_strip(("la", 33, 1262), ("Hoàng", 96, 1350)), _strip(("SIXÁ", 0, 1262), ("Hoàng", 96, 1350))],
     []),
    ([_strip(("Lê", 93, 1000), ("Hoàng", 96, 1350))], []),
])
def test_a_family_name_the_rim_touches_is_taken_from_the_strips_agreeing_on_it(readings, added):
    name = _strip(("Hoàng", 96, 1350), ("Anh", 97, 1520))
    assert [w.text for w in _surname_before(name, readings, 60)] == added


@pytest.mark.parametrize(("debris", "family"), [
    ("Z“1,ê", "Lê"), ("TẾ", "Lê"), ("rên", "Nguyễn"), ("ybâm", "Lâm"), ("tâm", "Lâm"),
    ("la", None), ("SIXÁ", None), ("Ấ2", None),  # the end of several family names; no letters
])
def test_the_end_of_one_family_name_names_it(debris, family):
    assert _surname_ending(debris) == family


@pytest.mark.parametrize(("read", "whole"), [
    ([("Trịnh", 52), ("Xuân", 52), ("Trường", 44)], True),  # under a stroke: a guess
    ([("Trịnh", 52), ("Xuân", 52)], False),  # two words: a family name may be missing
    ([("Trinh", 52), ("Xuân", 52), ("Trường", 44)], False),  # no family name as the table has it
    ([("Trịnh", 54), ("Xuân", 90), ("Trứờng", 76)], False),  # no syllable
    ([("Trịnh", 30), ("Xuân", 40), ("Trường", 44)], False),  # too doubtful
    ([("Lê", 60), ("GIANG", 60), ("Sở", 60)], False),  # the seal's rim in capitals
])
def test_a_whole_name_read_doubtfully_is_three_syllables_after_a_family_name(read, whole):
    assert _whole_name(_strip(*((t, c, 1000 + 200 * i) for i, (t, c) in enumerate(read)))) is whole


@pytest.mark.parametrize(("read", "cased"), [
    # a seal's rim across ``Thị`` makes it tall: read in capitals between name words
    (["Trần", "THỊ", "Thu", "Hà"], ["Trần", "Thị", "Thu", "Hà"]),
    (["TRẦN", "Thị", "Thu", "Hà"], ["Trần", "Thị", "Thu", "Hà"]),
    (["Trần", "THỂ", "Thu", "Hà"], ["Trần", "THỂ", "Thu", "Hà"]),  # no name so spelled
    (["PHÓ", "GIÁM", "ĐỐC"], ["PHÓ", "GIÁM", "ĐỐC"]),  # a title
    (["HÀ", "NỘI"], ["HÀ", "NỘI"]),  # capitals alone: no name word beside them
])
def test_a_name_word_read_in_capitals_between_name_words_is_spelled_as_a_name(read, cased):
    words = _strip(*((t, 80, 1000 + 200 * i) for i, t in enumerate(read)))
    assert [w.text for w in _name_cased(words)] == cased


@pytest.mark.parametrize(("read", "start"), [
    # the rim crosses the family name: read doubtfully, still the name's start
    ([("`", 44), ("Hoàng", 36), ("Thị", 96), ("Lan", 97)], ["Hoàng", "Thị", "Lan"]),
    # doubtful letters that are no family name are debris
    ([("Ni", 37), ("Hoàng", 90), ("Thị", 96), ("Lan", 97)], ["Hoàng", "Thị", "Lan"]),
    # a name word the stroke left before a whole name
    ([("Ke", 57), ("Lê", 96), ("Quang", 71), ("Minh", 71)], ["Lê", "Quang", "Minh"]),
    # a family name inside a two-word rest is a given name: nothing cut
    ([("Thị", 90), ("Hà", 96), ("Lan", 97)], ["Thị", "Hà", "Lan"]),
    ([("Nguyễn", 90), ("Văn", 96), ("Lê", 97), ("Hà", 97)], ["Nguyễn", "Văn", "Lê", "Hà"]),
])
def test_a_strip_is_read_from_where_the_name_starts(read, start):
    words = _strip(*((t, c, 1000 + 200 * i) for i, (t, c) in enumerate(read)))
    assert [w.text for w in _from_name_start(words)] == start


@pytest.mark.parametrize(("read", "headless"), [
    ([("Thị", 72), ("Bích", 97), ("Ngọc", 96)], True),  # the rim over Lâm
    ([("Bích", 90), ("Ngọc", 95)], True),
    ([("Lâm", 90), ("Thị", 97), ("Ngọc", 96)], False),  # whole: the family name is there
    ([("Thị", 72), ("Bích", 50), ("Ngọc", 60)], False),  # not read surely
    ([("Phúc", 95)], False),  # one word
    ([("Thị", 90), ("Trấn", 95)], False),  # no name: a place
])
def test_a_name_without_its_family_name_is_given_names_read_surely(read, headless):
    assert _headless_name(_strip(*((t, c, 1000 + 200 * i) for i, (t, c) in enumerate(read)))) is headless


@pytest.mark.parametrize(("read", "words"), [
    ("Xuân-Trường", ["Xuân", "Trường"]), ("Thụ/Hà", ["Thụ", "Hà"]),  # a stroke joined them
    ("Xuân.", ["Xuân."]), ("Bà-Rịa", ["Bà", "Rịa"]),
    ("TP-HCM", ["TP-HCM"]), ("KT-XH", ["KT-XH"]), ("thu-chi", ["thu-chi"]),  # no name words
])
def test_name_words_a_stroke_joined_are_parted(read, words):
    parted = _unjoined(Word(read, 1000, 400, 1000 + 30 * len(read), 460, 80, 1, 9))
    assert [w.text for w in parted] == words
    assert parted[0].x0 == 1000 and parted[-1].x1 == 1000 + 30 * len(read)


@pytest.mark.parametrize("family", ["Nguyễn", "Nguyên"])  # read with its marks or without
def test_a_whole_name_takes_no_family_name_before_it(family):
    name = _strip((family, 96, 1350), ("Văn", 97, 1560), ("Hải", 97, 1680))
    strips = [_strip(("Lê", 90, 1262), *((w.text, w.conf, w.x0) for w in name))] * 2
    assert _surname_before(name, strips, 60) == []


def test_a_short_name_printed_in_red_is_read_again_from_the_plain_greyscale():
    """``Lê Hoàng Anh`` printed in red, read ``Hoàng Anh``: the red-dropping greyscale fades
    the family name into the scan's grain, the colour page's plain greyscale still shows it."""
    import numpy as np

    from ingest.images import to_grey

    colour = Image.new("RGB", (2400, 900), "white")
    draw = ImageDraw.Draw(colour)
    small = ImageFont.truetype(str(SERIF), 38)
    for text, y in (("Nơi nhận:", 100), ("- Như trên;", 160)):
        draw.text((100, y), text, fill=(0, 0, 0), font=small)
    draw.text((1350, 400), "Lê Hoàng Anh", fill=(250, 50, 50),  # bright red: gone when dropped
              font=ImageFont.truetype(str(SERIF_BOLD), 50))
    noise = np.random.default_rng(7).normal(0, 12, (900, 2400, 1))  # the scanner's grain
    colour = Image.fromarray(np.clip(np.asarray(colour) + noise, 0, 255).astype(np.uint8))
    grey = Image.fromarray(to_grey(colour))
    words = [*_noi_nhan_nhu_tren(), Word("Hoàng", 1440, 400, 1640, 455, 96, 1, 2),
             Word("Anh", 1660, 400, 1770, 455, 96, 1, 2)]
    page = Page(1, "Nơi nhận:\n- Như trên;\nHoàng Anh", list(words), width=2400, height=900,
                source="ocr")
    _reread_name(page, PreparedPage(grey, 300, 0, 0.0, colour, grey), (1008, 30, 2400, 900),
                 langs="vie", timeout=60)
    assert page.text.endswith("Lê Hoàng Anh")
    assert next(w for w in page.words if w.text == "Lê").conf <= 60  # the name stays flagged


FREE_SERIF = Path("/usr/share/fonts/truetype/freefont/FreeSerif.ttf")
FREE_SERIF_BOLD = Path("/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf")


@pytest.mark.skipif(not FREE_SERIF_BOLD.exists(), reason="FreeSerif (fonts-freefont-ttf) needed")
def test_a_bold_name_a_signature_sweeps_across_is_read_with_the_pens_lines_taken_away():
    """The pen's long stroke runs through the name's letters and its loop comes down on them
    (a 200 dpi scan, slightly blurred): neither the prepared page nor its plain greyscale reads
    a name; the page without the strokes thinner than its print does."""
    from PIL import ImageFilter

    image = Image.new("L", (1700, 900), 255)
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(str(FREE_SERIF), 34)
    for y, text in ((60, "đề nghị các đơn vị khẩn trương thực hiện và báo cáo kết quả về Sở Y tế"),
                    (110, "trước ngày 30 tháng 11 năm 2017 để tổng hợp báo cáo Ủy ban nhân dân tỉnh."),
                    (200, "Nơi nhận:"), (245, "- Như trên;"), (290, "- Lưu: VT.")):
        draw.text((100, y), text, fill=0, font=small)
    draw.text((1080, 200), "GIÁM ĐỐC", fill=0, font=ImageFont.truetype(str(FREE_SERIF_BOLD), 38))
    draw.text((1050, 560), "Lê Hoàng Anh", fill=0, font=ImageFont.truetype(str(FREE_SERIF_BOLD), 46))
    draw.line([(980, 610), (1250, 585), (1650, 470)], fill=0, width=3)
    draw.line([(1150, 330), (1100, 480), (1200, 600), (1260, 420)], fill=0, width=3)
    image = image.filter(ImageFilter.GaussianBlur(1.0))
    words = [Word("Nơi", 100, 205, 150, 232, 96, 1, 0), Word("nhận:", 158, 205, 240, 240, 96, 1, 0),
             Word("GIÁM", 1080, 205, 1190, 240, 95, 1, 0), Word("ĐỐC", 1200, 205, 1280, 240, 95, 1, 0)]
    page = Page(1, "Nơi nhận:\nGIÁM ĐỐC", list(words), width=1700, height=900, source="ocr")
    prepared = PreparedPage(image, 200, 0, 0.0, image.convert("RGB"), image)
    assert _find_name(page, prepared, (720, 150, 1700, 900), words[0], langs="vie", timeout=60)
    assert page.text.endswith("Lê Hoàng Anh")


def test_strokes_thinner_than_the_width_are_lightened_and_thicker_ones_kept():
    from ingest.images import stroke_width, without_thin_strokes

    image = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 380, 29), fill=0)  # print 10 px thick
    draw.line([(20, 120), (380, 160)], fill=0, width=2)  # a pen's line
    assert 3 < stroke_width(image) < 10 and stroke_width(Image.new("L", (9, 9), 255)) == 0
    cleaned = without_thin_strokes(image, 4)
    assert cleaned.getpixel((200, 25)) == 0 and cleaned.getpixel((200, 140)) == 255
    assert without_thin_strokes(image, 1) is image


def _printed_name(name: str) -> tuple[PreparedPage, list[tuple[str, tuple[int, int, int, int]]]]:
    """A prepared page with ``name`` printed bold, and each word's box."""
    image = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(SERIF_BOLD), 50)
    boxes, x = [], 1300
    for word in name.split():
        boxes.append((word, draw.textbbox((x, 400), word, font=font)))
        draw.text((x, 400), word, fill=0, font=font)
        x = boxes[-1][1][2] + 18
    return _prepared(image), boxes


def _as_read(boxes, texts: list[tuple[str, float]]) -> list[Word]:
    return [Word(t, *box, c, 1, 9) for (_, box), (t, c) in zip(boxes, texts, strict=True)]


@pytest.mark.skipif(not ppocr.available(), reason="PP-OCR's model is missing: run `make venv`")
def test_a_name_no_strip_read_surely_is_spelled_from_the_second_readers_letters():
    prepared, boxes = _printed_name("Hoàng Thị Lan")
    # as the strips read it under a seal's rim: a letter and a mark misread, at 81 to 92
    read = _as_read(boxes, [("Hoàhg", 81), ("Thị", 92), ("Lến", 83)])
    found = _spelled_by_letters([read, read[1:]], prepared, 45)
    assert [[w.text for w in ws] for ws in found] == [["Hoàng", "Thị", "Lan"]]
    assert all(w.conf == SPELLED_WORD_CONF for w in found[0])  # a guess: the signer stays flagged
    assert found[0][0].x0 == read[0].x0 and found[0][-1].x1 == pytest.approx(read[-1].x1, abs=1)


@pytest.mark.skipif(not ppocr.available(), reason="PP-OCR's model is missing: run `make venv`")
def test_a_long_family_name_no_strip_read_is_found_by_reading_further_left():
    prepared, boxes = _printed_name("Nguyễn Thu Hằng")
    # the seal's rim over the family name: every strip read the two last words only
    read = _as_read(boxes[1:], [("Thũ", 85), ("Hằng", 96)])
    found = _spelled_by_letters([read], prepared, 45)
    assert [[w.text for w in ws] for ws in found] == [["Nguyễn", "Thu", "Hằng"]]
    assert all(w.conf == SPELLED_WORD_CONF for w in found[0])


@pytest.mark.skipif(not ppocr.available(), reason="PP-OCR's model is missing: run `make venv`")
def test_a_family_and_a_middle_name_no_strip_read_are_found_further_left():
    prepared, boxes = _printed_name("Lê Thị Mỹ Hạnh")
    read = _as_read(boxes[2:], [("Mỹ", 95), ("Hạnh", 77)])  # the seal's rim over `Lê Thị`
    found = _spelled_by_letters([read], prepared, 45)
    assert [[w.text for w in ws] for ws in found] == [["Lê", "Thị", "Mỹ", "Hạnh"]]
    # specks the rim left, one of them a family name's letters (``hà``): no name starts there
    specks = _as_read(boxes, [("Tu", 80), ("hà", 80), ("Ẩm", 60), ("xi", 60)])
    assert _spelled_by_letters([specks], prepared, 45) == []


@pytest.mark.skipif(not ppocr.available(), reason="PP-OCR's model is missing: run `make venv`")
def test_a_strip_whose_letters_spell_no_name_adds_nothing():
    prepared, boxes = _printed_name("Võ Văn Hiếu")
    # Hiếu and Hiệu: the marks read (ề) are as near to both
    assert _spelled_by_letters([_as_read(boxes, [("Võ", 67), ("Văn", 60), ("Hiều", 40)])],
                               prepared, 45) == []
    prepared, boxes = _printed_name("Ban Tổ chức")  # no name
    assert _spelled_by_letters([_as_read(boxes, [("Ban", 80), ("Tổ", 70), ("chức", 70)])],
                               prepared, 45) == []


@pytest.mark.skipif(not ppocr.available(), reason="PP-OCR's model is missing: run `make venv`")
def test_a_title_line_no_strip_read_is_taken_from_the_second_readers_letters():
    prepared, boxes = _printed_name("PHÓ CHỦ TỊCH")
    x0, x1 = boxes[0][1][0] - 60, boxes[-1][1][2] + 60
    strips = [(x0, 385, x1, 480), (x0, 395, x1, 490)]  # two strips over the line
    found = _title_by_letters(strips, prepared)
    assert [[w.text for w in line] for line in found] == [["PHÓ", "CHỦ", "TỊCH"]]
    assert all(w.conf == REPAIRED_CONF for w in found[0])  # a guess
    # one strip: only one of its two readings names the title (PP-OCRv6 reads specks): none
    assert _title_by_letters(strips[:1], prepared) == []


@pytest.mark.skipif(not ppocr.available(), reason="PP-OCR's model is missing: run `make venv`")
def test_a_title_after_what_the_seals_rim_left_is_read_from_the_letters_at_its_end():
    prepared, boxes = _printed_name("HOA XH PHÓ GIÁM ĐỐC")  # the rim's letters on the line
    x0, x1 = boxes[0][1][0] - 60, boxes[-1][1][2] + 60
    found = _title_by_letters([(x0, 385, x1, 480), (x0, 395, x1, 490)], prepared)
    assert [[w.text for w in line] for line in found] == [["PHÓ", "GIÁM", "ĐỐC"]]


@pytest.mark.parametrize(("letters", "title"), [
    ("phogiamdoc", "PHÓ GIÁM ĐỐC"),
    ("hoaxhphogiamdoc", "PHÓ GIÁM ĐỐC"),  # the longest title at the end
    ("ktchutich", "CHỦ TỊCH"),
    ("chutish", None),  # a letter off: no title
    ("giamdocxa", None),  # letters after the title: not its line
])
def test_a_title_is_told_by_the_letters_ending_a_reading(letters, title):
    assert _title_ending(letters) == title


def _collective_block(under: str | None, x: int = 1390, signed_for: bool = False) -> Page:
    """``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH`` read (or ``TL. CHỦ TỊCH``: ``signed_for``), and
    under them a seal's black rim through the line ``under`` (``PHÓ CHỦ TỊCH``, when printed,
    at ``x``), whose reading is debris; the name far below."""
    head = ("TL. CHỦ TỊCH", 1380, 160) if signed_for else ("CHỦ TỊCH", 1480, 160)
    lines = [("TM. ỦY BAN NHÂN DÂN", 1250, 90), head, ("Lê Văn Hòa", 1440, 560)]
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)],
                        [*lines, *([(under, x, 230)] if under else [])])
    draw = ImageDraw.Draw(image)
    draw.ellipse((1100, 200, 1500, 600), outline=0, width=14)  # the rim over ``PHÓ C``
    draw.line((1500, 420, 1800, 380), fill=0, width=6)  # a signature's stroke
    words = [*_noi_nhan_nhu_tren(),
             *(Word(t, x, 90, x + w, 145, 95, 1, 0) for t, x, w in
               (("TM.", 1250, 95), ("ỦY", 1360, 70), ("BAN", 1445, 115), ("NHÂN", 1575, 150),
                ("DÂN", 1740, 120))),
             *([Word("TL.", 1380, 160, 1460, 215, 95, 1, 1)] if signed_for else []),
             Word("CHỦ", 1480, 160, 1610, 215, 96, 1, 1), Word("TỊCH", 1630, 160, 1780, 215, 96, 1, 1),
             Word("2", 1650, 235, 1680, 285, 70, 1, 2), Word("r", 1700, 235, 1720, 285, 0, 1, 2),
             Word("Lê", 1440, 560, 1500, 615, 96, 1, 3), Word("Văn", 1520, 560, 1620, 615, 96, 1, 3),
             Word("Hòa", 1640, 560, 1740, 615, 96, 1, 3)]
    text = (f"Nơi nhận:\n- Như trên;\nTM. ỦY BAN NHÂN DÂN\n{head[0]}\n2 r\nLê Văn Hòa")
    page = Page(1, text, words, width=2400, height=900, source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    return page


def test_a_deputys_line_a_seal_hides_under_the_heads_title_is_added():
    """The block of a collective body's deputy with ``KT.`` and ``PHÓ`` under a black seal:
    the line under the head's title, read alone, ends like a title; the deputy's is added (a
    guess) for the metadata reader to take the head's line for ``KT.``."""
    page = _collective_block("PHÓ CHỦ TỊCH")
    added = [w for w in page.words if w.text in ("PHÓ",)]
    assert "PHÓ CHỦ TỊCH" in page.text and added and added[0].conf == REPAIRED_CONF
    assert page.text.index("CHỦ TỊCH\n") < page.text.index("PHÓ CHỦ TỊCH") < page.text.index("Lê Văn")


def test_a_heads_block_with_the_seal_under_its_title_gains_no_line():
    page = _collective_block(None)
    assert "PHÓ" not in page.text


def test_an_officers_title_a_seal_hides_under_the_heads_title_is_added():
    """``TL.`` and ``CHÁNH VĂN PHÒNG``'s start under a black seal (the officer who signs for
    the chair): the line under the head's title, read alone, ends like that title; it is
    added (a guess) for the metadata reader to take the head's line for ``TL.``."""
    page = _collective_block("CHÁNH VĂN PHÒNG", x=1330)
    added = [w for w in page.words if w.text == "CHÁNH"]
    assert "CHÁNH VĂN PHÒNG" in page.text and added and added[0].conf == REPAIRED_CONF
    assert "PHÓ" not in page.text
    assert page.text.index("CHỦ TỊCH\n") < page.text.index("CHÁNH VĂN PHÒNG") < page.text.index("Lê Văn")


def _council_block(under: str, x: int) -> Page:
    """``TM. ỦY BAN NHÂN DÂN`` read, the line ``under`` it (at ``x``) lost to a seal's rim
    through its foot, the name far below."""
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)],
                        [("TM. ỦY BAN NHÂN DÂN", 1250, 90), (under, x, 160), ("Lê Văn Hòa", 1440, 560)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((1150, 200, 1550, 600), outline=0, width=14)
    words = [*_noi_nhan_nhu_tren(),
             *(Word(t, x, 90, x + w, 145, 95, 1, 0) for t, x, w in
               (("TM.", 1250, 95), ("ỦY", 1360, 70), ("BAN", 1445, 115), ("NHÂN", 1575, 150),
                ("DÂN", 1740, 120))),
             Word("Lê", 1440, 560, 1500, 615, 96, 1, 3), Word("Văn", 1520, 560, 1620, 615, 96, 1, 3),
             Word("Hòa", 1640, 560, 1740, 615, 96, 1, 3)]
    text = "Nơi nhận:\n- Như trên;\nTM. ỦY BAN NHÂN DÂN\nLê Văn Hòa"
    page = Page(1, text, words, width=2400, height=900, source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    return page


def test_the_chairs_title_lost_under_a_councils_name_is_added():
    page = _council_block("CHỦ TỊCH", 1480)
    assert page.text.index("TM. ỦY BAN NHÂN DÂN") < page.text.index("CHỦ TỊCH") < page.text.index("Lê")
    assert "PHÓ" not in page.text


def test_no_chairs_title_is_added_under_a_councils_name_over_kt():
    page = _council_block("KT. CHỦ TỊCH", 1380)
    assert all(w.conf != REPAIRED_CONF for w in page.words if w.text in ("CHỦ", "TỊCH"))


def test_an_officers_title_a_seal_hides_under_tl_and_the_heads_title_is_added():
    """``TL. CHỦ TỊCH`` read, ``CHÁNH VĂN PHÒNG`` under it hidden by a black seal's rim: the
    line under it, read alone, ends like an officer's title; it is added (a guess)."""
    page = _collective_block("CHÁNH VĂN PHÒNG", x=1330, signed_for=True)
    added = [w for w in page.words if w.text == "CHÁNH"]
    assert "CHÁNH VĂN PHÒNG" in page.text and added and added[0].conf == REPAIRED_CONF
    assert page.text.index("TL. CHỦ TỊCH\n") < page.text.index("CHÁNH VĂN PHÒNG") < page.text.index("Lê Văn")


def test_no_deputys_title_is_added_under_tl_and_the_heads_title():
    """Under ``TL.`` an officer signs, never the head's deputy: a ``PHÓ CHỦ TỊCH`` read there
    under the rim is no officer's title, and nothing is added."""
    page = _collective_block("PHÓ CHỦ TỊCH", signed_for=True)
    assert "PHÓ" not in page.text


@pytest.mark.parametrize(("readings", "title"), [
    # as the strips and PP-OCR read a ``CHÁNH VĂN PHÒNG`` a black seal's edge cuts
    (["đ`ÁNH VXR PHÒNG", "@ÑẨNH VĂW\\PHÒNG", "@fÌANH VĂRPHÒNG", "CHANH VAPHONG",
      "CHANH VAPHÒNG"], "CHÁNH VĂN PHÒNG"),
    (["ƯỞNG PHÒNG", "TRUONG PHONG", "RƯỞNG PHÒNG"], "TRƯỞNG PHÒNG"),
    (["PHÓ CHỦ TỊCH", "HO CHU TICH"], None),  # the head's deputy: not another officer
    (["3ˆ 11H", "B Xà <", "Lê Văn Hòa"], None),  # debris and a name
])
def test_another_officers_title_is_the_one_most_readings_end_like(readings, title):
    assert _officer_read(readings, "CHỦ TỊCH") == title


@pytest.mark.parametrize(("readings", "count"), [
    (['"HỘ XHỦ TICH', "2”U TỊCH", "SHUTICH", "THU TICH"], 4),  # ends like CHỦ TỊCH
    (["TICH", "3ˆ 11H", "B Xà <", "Lê Văn Hòa"], 0),  # too little of it, debris, a name
])
def test_readings_of_a_deputys_line_end_like_the_title(readings, count):
    assert _title_like_count(readings, "CHỦ TỊCH", "PHÓ CHỦ TỊCH") == count


def _header_page() -> tuple[Page, PreparedPage]:
    """A header (issuer, motto, number, date), the type's title and a subject in capitals on
    two lines, as a page at 300 dpi and Tesseract's reading of it."""
    from ingest import _tesseract

    image = Image.new("L", (2480, 1400), 255)
    draw = ImageDraw.Draw(image)
    small, big = ImageFont.truetype(str(SERIF), 38), ImageFont.truetype(str(SERIF), 46)
    for text, x, y, font in (
            ("ỦY BAN NHÂN DÂN", 260, 150, small), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1150, 150, small),
            ("TỈNH VĨNH LONG", 300, 205, small), ("Độc lập - Tự do - Hạnh phúc", 1330, 205, small),
            ("Số: 06/TTr-STC", 290, 320, small), ("Vĩnh Long, ngày 12 tháng 3 năm 2020", 1250, 320, small),
            ("TỜ TRÌNH", 1080, 520, big),
            ("VỀ VIỆC BỔ SUNG KINH PHÍ THỰC HIỆN", 700, 600, big),
            ("CHỈNH LÝ TÀI LIỆU LƯU TRỮ NĂM 2020", 720, 670, big)):
        draw.text((x, y), text, fill=0, font=font)
    page = _tesseract.ocr_image(image, dpi=300)
    return page, _prepared(image)


def _misread(page: Page, right: str, wrong: str, conf: float) -> None:
    """The page's reading of ``right`` replaced by ``wrong`` read at ``conf`` (as Tesseract
    reading a whole page misplaces a capital's marks)."""
    for i, w in enumerate(page.words):
        if w.text == right:
            page.words[i] = Word(wrong, w.x0, w.y0, w.x1, w.y1, conf, w.block, w.line)
            page.text = page.text.replace(right, wrong, 1)
            return
    raise AssertionError(f"{right!r} not read on the page")


def test_a_subject_words_marks_read_again_alone_are_taken_when_surer():
    from ingest.ocr_repair import reread_subject_marks

    page, prepared = _header_page()
    assert "CHỈNH LÝ TÀI LIỆU" in page.text
    _misread(page, "CHỈNH", "CHÍNH", 70.0)  # another word of the word list: no repair tells
    reread_subject_marks(page, prepared, langs="vie", timeout=60)
    assert "CHỈNH LÝ TÀI LIỆU" in page.text and "CHÍNH" not in page.text
    assert any(w.text == "CHỈNH" and w.conf == 70.0 for w in page.words)  # two readings disagreed


def test_a_subject_word_read_with_other_letters_or_surely_is_left_as_read():
    from ingest.ocr_repair import reread_subject_marks

    page, prepared = _header_page()
    _misread(page, "CHỈNH", "CHỈNHH", 40.0)  # a letter more: not the same word
    _misread(page, "KINH", "KÍNH", 99.0)  # surer than any second reading
    reread_subject_marks(page, prepared, langs="vie", timeout=60)
    assert "CHỈNHH LÝ" in page.text and "KÍNH PHÍ" in page.text


def test_marks_read_again_are_taken_only_as_a_syllable_and_with_the_first_doubt():
    from ingest.ocr_repair import _surer_marks

    def line(*read: tuple[str, float]) -> list[Word]:
        return [Word(text, 100 * i, 0, 100 * i + 90, 40, conf, 1, 1) for i, (text, conf) in enumerate(read)]

    first = line(("tại", 97.0), ("buổi", 70.0), ("làm", 97.0))
    assert _surer_marks(first, line(("tại", 97.0), ("buỗi", 88.0), ("làm", 97.0))) == first
    taken = _surer_marks(line(("ĐẤU", 80.0), ("NĂM,", 96.0)), line(("ĐẦU", 96.0), ("NĂM", 96.0)))
    assert [(w.text, w.conf) for w in taken] == [("ĐẦU", 80.0), ("NĂM,", 96.0)]
    assert _surer_marks(first, line(("tại", 97.0), ("buổi", 99.0))) == first  # a word lost


def test_a_large_bold_name_read_smaller_regains_the_marks_tesseract_dropped():
    """Tesseract reads ``Mỹ`` of large bold print as ``My`` (a name too, so nothing else
    doubts it); read again at smaller sizes, two readings agree on ``Mỹ``."""
    image = _foot_image([("Nơi nhận:", 100), ("- Như trên;", 160)], [("GIÁM ĐỐC", 1400, 100)])
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(SERIF_BOLD), 72)
    words, x = [], 1300
    for text in ["Lê", "Thị", "Mỹ", "Hạnh"]:
        x0, y0, x1, y1 = draw.textbbox((x, 600), text, font=font)
        draw.text((x, 600), text, fill=0, font=font)
        words.append(Word("My" if text == "Mỹ" else text, x0, y0, x1, y1, 95, 1, 2))
        x = x1 + 24
    title = [Word("GIÁM", 1400, 100, 1560, 155, 95, 1, 0), Word("ĐỐC", 1580, 100, 1700, 155, 95, 1, 0)]
    page = Page(1, "Nơi nhận: GIÁM ĐỐC\n- Như trên;\nLê Thị My Hạnh",
                [*_noi_nhan_nhu_tren(), *title, *words], width=2400, height=900, source="ocr")
    reread_foot(page, _prepared(image), langs="vie", timeout=60)
    assert page.text.endswith("Lê Thị Mỹ Hạnh")
    assert [w.text for w in page.words if w.y0 >= 550] == ["Lê", "Thị", "Mỹ", "Hạnh"]


@pytest.mark.parametrize(("name", "spelling", "other"), [
    (("Lê", "Thị", "My", "Hạnh"), ("Lê", "Thị", "Mỹ", "Hạnh"), True),
    (("Nguyên", "Văn", "Hùng"), ("Nguyễn", "Văn", "Hùng"), True),
    (("Nguyễn", "Văn", "Hải"), ("Nguyễn", "Văn", "Hãi"), False),  # nobody is named Hãi
    (("Trần", "Văn", "Hoà"), ("Trẫn", "Văn", "Hoà"), False),  # no family name Trẫn
    (("Nguyễn", "Trúc", "Giai"), ("Nguyễn", "Trúc", "Giang"), False),  # other letters
    (("Lê", "Hoàng", "Anh"), ("Lê", "Hoàng", "Anh"), False),  # the same
])
def test_a_name_read_again_is_taken_only_for_other_marks_on_names_people_bear(name, spelling, other):
    assert _other_marks_of(name, spelling) is other
