"""The handwritten-digit reader on synthetic headers: blue digits in a printed ``Số:      /QĐ-UBND``."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from archive_service.records import FieldValue, Page, Word
from ingest import ppocr
from ingest.handwriting import (
    BOTH_READERS_CONF,
    CLEAR_CONF,
    MODEL,
    READ_CONF,
    AroundReading,
    Blank,
    DigitReading,
    DigitSVM,
    _between_print,
    _blank_digits,
    _consensus,
    _day_word,
    _either,
    _ink_value,
    _vote,
    classify,
    day_blank,
    features,
    ink_mask,
    month_blank,
    number_blank,
    number_blank_read_again,
    read_blank,
    read_blank_each,
    refine_handwritten,
    reread_symbol,
    segment,
)
from ingest.metadata import calibrate
from ingest.metadata.layout_reader import read_page_layout

SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
HAND = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
pytestmark = pytest.mark.skipif(not (SERIF.exists() and HAND.exists()), reason="DejaVu fonts needed")


def _header(digits: str, ink: tuple[int, int, int] = (20, 40, 200),
            symbol: str = "/QĐ-UBND", date_x: int = 640) -> tuple[Page, Image.Image]:
    """A printed header (issuer and motto, number line and date line) with ``digits`` written
    in the number's blank, and its OCR words."""
    image = Image.new("RGB", (1400, 700), "white")
    draw = ImageDraw.Draw(image)
    printed, small = ImageFont.truetype(str(SERIF), 44), ImageFont.truetype(str(SERIF), 22)
    hand = ImageFont.truetype(str(HAND), 58)
    words: list[Word] = []
    for line, (text, x, y, font) in enumerate((
            ("ỦY BAN NHÂN DÂN", 60, 20, small),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 720, 20, small),
            ("Số:", 100, 100, printed), (symbol, 330, 100, printed),
            ("Hà Nội, ngày 5 tháng 3 năm 2024", date_x, 100, printed)), start=1):
        for word in text.split():
            draw.text((x, y), word, fill="black", font=font)
            x0, y0, x1, y1 = draw.textbbox((x, y), word, font=font)
            words.append(Word(word, x0, y0 - 8 if font is printed else y0, x1, y1, conf=95,
                              line=3 if font is printed else line))  # one row, as OCR reads it
            x = x1 + (0 if x < 600 and font is printed else 10)
    draw.text((190, 88), digits, fill=ink, font=hand)
    page = Page(1, "\n".join(w.text for w in words), words, width=1400, height=3000)
    return page, image


def _fields(value: str = "/QĐ-UBND") -> dict[str, FieldValue]:
    return {"number": FieldValue(value, 0.15, 1, (100, 90, 600, 160), review=True)}


def test_blank_is_between_so_and_the_symbol() -> None:
    page, _ = _header("25")
    blank = number_blank(page)
    assert blank is not None
    x0, _, x1, _ = blank.box
    assert 150 < x0 < 200 and 300 < x1 <= 335


def test_blue_ink_is_isolated_and_cut_into_digits() -> None:
    page, image = _header("25")
    blank = number_blank(page)
    assert blank is not None
    crop = np.asarray(image.crop(blank.box))
    mask = ink_mask(crop)
    assert mask.any()
    assert len(segment(mask, blank.lh)) == 2


def test_the_shipped_svm_reads_each_digit_with_numpy_alone() -> None:
    """ingest/data/digit_svm.npz (tools/train_digits.py) is read without scikit-learn, and its
    probabilities are probabilities."""
    model = DigitSVM.load(MODEL)
    assert model.classes == 10 and model.sv.shape[0] == model.dual.shape[1]
    font = ImageFont.truetype(str(HAND), 58)
    for digit in "0123456789":
        image = Image.new("L", (80, 90), 0)
        ImageDraw.Draw(image).text((10, 5), digit, fill=255, font=font)
        mask = np.asarray(image) > 100
        reading = classify([mask])
        assert reading.text == digit, (digit, reading)
        probs = model.predict_proba(np.array([features(mask)]))[0]
        assert probs.shape == (10,) and abs(probs.sum() - 1) < 1e-6 and probs.argmax() == int(digit)
    assert "sklearn" not in sys.modules


def test_the_year_printed_in_a_legal_documents_number_stays_out_of_the_blank() -> None:
    page, image = _header("25", symbol="/2024/QĐ-BTP", date_x=760)
    blank = number_blank(page)
    assert blank is not None and blank.symbol == "/2024/QĐ-BTP"
    assert 300 < blank.box[2] <= 335
    out = refine_handwritten(_fields("/2024/QĐ-BTP"), [page], {1: image})
    assert out["number"].value == "25/2024/QĐ-BTP"


def test_clear_digits_are_read() -> None:
    page, image = _header("25")
    blank = number_blank(page)
    assert blank is not None
    assert read_blank(image, blank).text == "25"


def test_a_clear_reading_replaces_the_number() -> None:
    page, image = _header("25")
    out = refine_handwritten(_fields(), [page], {1: image})
    fv = out["number"]
    # both readers read 25 and every line read agrees: no second source, but no doubt either
    assert fv.value == "25/QĐ-UBND" and not fv.review and fv.confidence == BOTH_READERS_CONF


def test_a_reading_not_clear_replaces_the_number_with_review() -> None:
    split = DigitReading("25", [0.9, 0.9], support=0.5)  # half the line reads read otherwise
    assert split.sure and not split.clear
    out = _ink_value(FieldValue("/QĐ-UBND", 0.2, 1, None, review=True), "25/QĐ-UBND", split)
    assert out.value == "25/QĐ-UBND" and out.review and out.confidence == READ_CONF
    clear = DigitReading("25", [0.9, 0.9], support=0.92)
    out = _ink_value(FieldValue("/QĐ-UBND", 0.2, 1, None), "25/QĐ-UBND", clear)
    assert not out.review and out.confidence == CLEAR_CONF


def test_two_readers_agreeing_score_above_one_reader_agreeing_with_itself() -> None:
    # PP-OCR read 20 at every crop (a digit lost alike each time) while the SVM read 2041: a
    # clear reading, scored below the SVM and PP-OCR reading the same digits
    alone = DigitReading("20", [1.0, 1.0], support=0.92)
    both = DigitReading("2096", [0.9, 0.9, 0.9, 0.9], agreed=True, support=0.92)
    assert alone.clear and both.clear
    one = _ink_value(FieldValue("/SYT-NVY", 0.2, 1, None), "20/SYT-NVY", alone)
    two = _ink_value(FieldValue("/SYT-NVY", 0.2, 1, None), "2096/SYT-NVY", both)
    assert (one.confidence, two.confidence) == (CLEAR_CONF, BOTH_READERS_CONF)
    assert calibrate({"number": one})["number"].review  # the calibration tells them apart
    assert not calibrate({"number": two})["number"].review



def test_the_ink_does_not_vouch_for_a_symbol_read_as_none_is_printed() -> None:
    # both readers read 25 in the blank, but the symbol after the slash was misread into a
    # form no symbol has (``op-prC``): the agreement on the digits says nothing of it. PP-OCR
    # reads the symbol again (QĐ-UBND); when it cannot (the crop read as no symbol), the
    # misread one stays, unvouched for
    page, image = _header("25")
    _so, symbol = _number_words(page)
    page.words[symbol] = Word("/op-prC", *page.words[symbol].box, conf=40,
                              line=page.words[symbol].line)
    out = refine_handwritten(_fields("/op-prC"), [page], {1: image})["number"]
    assert out.value == "25/QĐ-UBND" and out.review
    blank = image.copy()
    ImageDraw.Draw(blank).rectangle((335, 95, 640, 160), fill="white")  # the symbol's ink gone
    out = refine_handwritten(_fields("/op-prC"), [page], {1: blank})["number"]
    assert out.value == "25/op-prC" and out.confidence == CLEAR_CONF
    assert calibrate({"number": out})["number"].review

def test_digits_hiding_the_slash_are_read_whole() -> None:
    # the 2's tail covers the printed slash: the ink-only crop ends before it (208), the line
    # read with the printed words around it reads 2082 (and the symbol's Q cut to a 0 is left out)
    page, image = _header("2082")
    blank = number_blank(page)
    _, pp = read_blank_each(image, blank)
    reading = read_blank(image, blank)
    assert pp.text == "208"
    assert reading.text == "2082" and reading.clear


def test_the_digits_between_the_printed_words_are_taken() -> None:
    def number(text: str) -> str:
        return _between_print(_line(text), "number").text

    def day(text: str) -> str:
        return _between_print(_line(text), "day").text

    assert number("S6:2155/K") == "2155"
    assert number("So :12 5 1") == "125"  # the slash read as a 1 apart
    assert number("So: 07 10") == "07" and number("6:07 0") == "07"
    assert number("S62624 /") == "2624"  # Số read without its colon
    assert number("So: A9A.5/S") == "1945"  # a long-flagged 1 (Λ) first, an open 4 (A) after
    assert day("gay 17 tha") == "17" and day("ay2At") == "24" and day("gay Ag t") == "19"
    assert day("gay  tha") == ""


def test_the_line_reads_vote() -> None:
    none = DigitReading("", [])

    def vote(*texts: str, svm: DigitReading = none, largest: int = 99999) -> str:
        return _vote(svm, none, [_around(t) for t in texts], largest, True).text

    # the slash read as a last 1, 10 or 0, and the 6 of Số, give their votes to the reading
    assert vote("21551", "21551", "2155", "155") == "2155"
    assert vote("60781", "60781", "60781", "6078") == "6078"
    assert vote("62005", "62005", "2005") == "2005"
    assert vote("1470", "1470", "147", "47") == "147"  # the symbol's Q cut by the crop: a 0
    # a reading with the slash counts as the one it votes for when the others are weighed
    assert vote("2088", "2088", "2088", "20821", "20821", "20821", "2082", "208", "208") == "2082"
    # a sure SVM reading holding PP-OCR's with a digit more: PP-OCR lost a digit
    assert vote("29", "29", "29", svm=DigitReading("2119", [0.96, 0.98, 0.94, 0.98])) == "2119"
    assert vote("29", "29", svm=DigitReading("2119", [0.96, 0.5, 0.94, 0.98])) == "29"
    # …unless the SVM's extra digit is the slash
    assert vote("87", "87", svm=DigitReading("871", [0.99, 0.99, 0.99])) == "87"
    # …or its digits more lie at an end, two or more: the print and specks around the blank
    assert vote("62", "62", svm=DigitReading("6215", [0.99, 0.97, 0.95, 0.96])) == "62"
    assert vote("08", "08", svm=DigitReading("10816", [0.95] * 5)) == "08"
    assert vote("29", "29", svm=DigitReading("2179", [0.96, 0.98, 0.94, 0.98])) == "2179"
    # …or PP-OCR read its winner on the ink alone and on nearly every line: no digit lost
    sure = DigitReading("114", [0.99, 0.95, 0.99])
    assert _vote(sure, DigitReading("14", [1.0, 1.0]), [_around("14")] * 12, 99999, True).text == "14"
    assert _vote(sure, DigitReading("14", [1.0, 1.0]), [_around("14")] * 9 + [_around("4")] * 3,
                 99999, True).text == "114"
    # readings seen once each, none holding another: the surest wins, not the first read
    assert _vote(DigitReading("06", [0.99, 0.91]), none, [_around("4", 0.6)] + [_around("")] * 11,
                 31).text == "06"
    # a day's vote knows no slash: 31 is no 3 with a slash
    assert _vote(none, none, [_around(t) for t in ("31", "31", "3")], 31).text == "31"
    # a day no calendar has is no reading (the t of tháng read as a 1), however often read
    assert _vote(DigitReading("7", [0.9]), DigitReading("7", [0.9]),
                 [_around(t) for t in ("71", "71", "71", "7")], 31).text == "7"
    assert _vote(none, none, [_around(t) for t in ("13", "13", "3")], 12).text == "3"  # a month
    # a hand's flagged 1 or barred 7 that PP-OCR read as a 4: the SVM's 1 or 7 is taken
    assert vote("384", "384", "384", svm=DigitReading("381", [0.9, 0.8, 0.7])) == "381"
    assert vote("2246", "2246", svm=DigitReading("2276", [0.9, 0.8, 0.7, 0.9])) == "2276"
    # …that digit only: the others stay as the vote read them, each digit as sure as the
    # readings that read it there
    assert vote("394", "394", svm=DigitReading("991", [0.9, 0.8, 0.7])) == "391"
    pieced = _vote(DigitReading("991", [0.5, 0.8, 0.7]), none, [_around("394", 0.9)] * 2, 99999, True)
    assert pieced.text == "391" and pieced.probs == [0.9, 0.9, 0.7] and not pieced.agreed
    # …and no other digit of the SVM's, nor from a reading of another length
    assert vote("384", "384", svm=DigitReading("389", [0.9, 0.8, 0.7])) == "384"
    assert vote("4", "4", svm=DigitReading("9", [0.9])) == "4"
    assert vote("24", "24", svm=DigitReading("217", [0.9, 0.8, 0.7])) == "24"
    # …nor when the SVM reads most of the other digits otherwise: no reading of that hand
    assert vote("834", "834", "834", svm=DigitReading("291", [0.9, 0.8, 0.7])) == "834"


def test_a_last_1_read_before_the_printed_slash_is_a_digit() -> None:
    # ``1891/TTg-NN``: the crop of the ink alone ends before the last 1 (189, both readers);
    # the line reads that reach the slash read it apart, after 1891: the 1 is no slash
    seen, cut = _around("1891", slash_seen=True), _around("1891")
    svm = DigitReading("189", [1.0, 1.0, 0.99])
    assert _vote(svm, svm, [cut] * 6 + [seen] * 6, 99999, True).text == "1891"
    # read without the slash (``21551``): the slash read as a 1, as before
    assert _vote(svm, svm, [cut] * 12, 99999, True).text == "189"
    assert _between_print(_line("So:1891/TTg"), "number").slash_seen
    assert not _between_print(_line("So :12 5 1"), "number").slash_seen


def test_an_empty_blank_is_never_filled() -> None:
    page, image = _header("")
    out = refine_handwritten(_fields(), [page], {1: image})
    assert out["number"].value == "/QĐ-UBND"
    assert out["number"].review and out["number"].confidence <= 0.3


def test_reliable_fields_and_pages_without_preview_are_left_alone() -> None:
    page, image = _header("25")
    sure = {"number": FieldValue("7/QĐ-UBND", 0.95, 1, None, review=False)}
    assert refine_handwritten(sure, [page], {1: image})["number"].value == "7/QĐ-UBND"
    assert refine_handwritten(_fields(), [page], {})["number"] == _fields()["number"]


def test_an_unsure_reading_is_contradicted_only_by_its_sure_digits() -> None:
    reading = DigitReading("23", [0.37, 0.99])  # a looped 2 the classifier doubts, a clear 3
    assert not reading.sure
    assert not reading.contradicts("13")  # differs only where the reading is unsure
    assert reading.contradicts("24")  # the signing day contradicts the clear 3
    assert reading.contradicts("")  # nothing was kept
    assert not reading.contradicts("3")  # another length: the reading may have missed a digit


@pytest.mark.parametrize("kind", [ppocr.LETTERS, ppocr.HANDWRITING])
def test_the_pp_ocr_recognisers_are_installed_and_read_a_line_of_digits(kind: str) -> None:
    assert ppocr.available(kind), f"make venv fetches {ppocr.MODEL_FILES[kind]} (tools/fetch_data.py)"
    image = Image.new("RGB", (360, 110), "white")
    ImageDraw.Draw(image).text((20, 15), "2629", fill=(20, 40, 200),
                               font=ImageFont.truetype(str(HAND), 64))
    reading = ppocr.read_line(np.asarray(image), kind)
    assert reading.text == "2629"
    assert min(reading.probs) > 0.5


def test_the_letters_reader_reads_vietnamese_letters_as_their_latin_base() -> None:
    """What spelling a name by its letters needs; the handwriting reader drops the letters it
    does not know (``Thưởng`` → ``Thung``), so names are read by the letters reader."""
    image = Image.new("RGB", (900, 80), "white")
    ImageDraw.Draw(image).text((20, 15), "Lương Quốc Thưởng", fill="black",
                               font=ImageFont.truetype(str(SERIF.with_name("DejaVuSerif-Bold.ttf")), 40))
    assert ppocr.read_line(np.asarray(image)).text.split()[1:] == ["Quoc", "Thuong"]


def test_both_readers_read_the_blank_and_agree() -> None:
    page, image = _header("47")
    blank = number_blank(page)
    assert blank is not None
    reading = read_blank(image, blank)
    assert reading.text == "47" and reading.agreed and reading.sure


def _line(text: str, prob: float = 0.9) -> ppocr.LineReading:
    return ppocr.LineReading(text, [prob] * len(text))


def _around(text: str, prob: float = 0.9, *, slash_seen: bool = False) -> AroundReading:
    return AroundReading(text, [prob] * len(text), slash_seen)


def test_the_printed_neighbours_caught_by_the_crop_are_left_out() -> None:
    assert _blank_digits(_line("6:217/")).text == "217"
    assert _blank_digits(_line("87/1")).text == "87"
    assert _blank_digits(_line("：56／")).text == "56"
    assert _blank_digits(_line("y 02")).text == "02"


def test_the_reading_that_contains_the_others_wins() -> None:
    # a dropped digit at some margins: 299 read as 99 three times out of five
    assert _consensus([_line(t) for t in ("99", "99", "99", "299", "299")], 99999).text == "299"
    # a day has two digits at most: a reading that caught print around it is not plausible
    assert _consensus([_line(t) for t in ("2", "", "20", "20", "1201")], 31).text == "20"
    assert _consensus([_line(t) for t in ("", "40", "40", "4", "4")], 31).text == "4"  # nor 40
    assert _consensus([_line("")], 99999).text == ""
    # one margin's stray digit (or the 6 of a ``Số`` caught without its colon) is no reading
    assert _consensus([_line(t) for t in ("299", "299", "299", "299", "2991")], 99999).text == "299"
    assert _consensus([_line(t) for t in ("6299", "299", "299", "99", "299")], 99999).text == "299"


def test_digits_of_other_scripts_become_ascii_and_digit_signs_are_dropped() -> None:
    assert _line("２９９").digits().text == "299"
    assert _line("①2²3").digits().text == "23"
    assert len(_line("：５６／").digits().probs) == 2


def test_two_readers_agreeing_are_sure_and_otherwise_pp_ocr_is_taken() -> None:
    agreed = _either(DigitReading("07", [0.24, 0.5]), DigitReading("07", [0.39, 0.37]))
    assert agreed.text == "07" and agreed.sure
    # the SVM took the touching 29 for one digit: PP-OCR's reading is taken
    assert _either(DigitReading("09", [0.7, 0.85]), DigitReading("299", [0.3, 0.96, 0.61])).text == "299"
    # the SVM took the printed slash after 87 for a 1
    assert _either(DigitReading("871", [0.99, 0.99, 0.9]), DigitReading("87", [1.0, 1.0])).text == "87"
    assert _either(DigitReading("25", [0.9, 0.9]), DigitReading("", [])).text == "25"


def test_tesseract_digits_read_unsurely_are_no_reading() -> None:
    assert Blank((0, 0, 10, 10), 50, "839", ocr_conf=93).ocr_clean
    assert not Blank((0, 0, 10, 10), 50, "839", ocr_conf=35).ocr_clean


def _merged(page: Page, first: int, last: int, text: str) -> Page:
    """``page`` with its words first..last read as one word ``text`` (as OCR glues them)."""
    ws = page.words
    joined = Word(text, ws[first].x0, min(w.y0 for w in ws[first:last + 1]), ws[last].x1,
                  max(w.y1 for w in ws[first:last + 1]), conf=61, line=ws[first].line)
    words = [*ws[:first], joined, *ws[last + 1:]]
    return Page(1, "\n".join(w.text for w in words), words, width=page.width, height=page.height)


def _number_words(page: Page) -> tuple[int, int]:
    texts = [w.text for w in page.words]
    return texts.index("Số:"), texts.index("/QĐ-UBND")


@pytest.mark.parametrize("read_as", [".Số:", "sóz"])
def test_the_blank_is_found_when_so_carries_a_speck_or_loses_its_colon(read_as) -> None:
    page, _ = _header("25")
    so, _symbol = _number_words(page)
    page.words[so] = Word(read_as, *page.words[so].box, conf=80, line=page.words[so].line)
    blank = number_blank(page)
    assert blank is not None and 150 < blank.box[0] < 200 and 300 < blank.box[2] <= 335


def test_digits_glued_to_so_and_the_symbol_are_no_sure_second_reading() -> None:
    # "Số:3212/TB-SYT" read as one word at 61: its confidence is the printed letters'
    page, _ = _header("25")
    so, symbol = _number_words(page)
    blank = number_blank(_merged(page, so, symbol, "Số:28/QĐ-UBND"))
    assert blank is not None
    assert blank.ocr == "28" and not blank.ocr_clean and blank.symbol == "/QĐ-UBND"
    assert 150 < blank.box[0] < 200 and 290 < blank.box[2] <= 345


def test_ink_read_into_the_symbol_leaves_the_printed_symbol() -> None:
    page, image = _header("25")
    _so, symbol = _number_words(page)
    words = list(page.words)
    words[symbol] = Word("2É/1/QĐ-UBND", 190, words[symbol].y0, words[symbol].x1,
                         words[symbol].y1, conf=32, line=words[symbol].line)
    page = Page(1, page.text, words, width=page.width, height=page.height)
    out = refine_handwritten(_fields("2/1QĐ-UBND"), [page], {1: image})
    assert out["number"].value in ("25/QĐ-UBND", "2/1QĐ-UBND")
    assert out["number"].review or out["number"].confidence in (CLEAR_CONF, BOTH_READERS_CONF)  # read clearly


def _dated_header(day: str, month: str = "") -> tuple[Page, Image.Image]:
    """A header whose date line leaves the day blank (``ngày      tháng 3 năm 2024``) and
    ``day`` written there by hand, and its OCR words (the blank read as nothing). With
    ``month``, the month is left blank too and written by hand, read by OCR as ``I1``."""
    image = Image.new("RGB", (1600, 700), "white")
    draw = ImageDraw.Draw(image)
    printed, small = ImageFont.truetype(str(SERIF), 44), ImageFont.truetype(str(SERIF), 22)
    words: list[Word] = []
    for line, (text, x, y, font) in enumerate((
            ("ỦY BAN NHÂN DÂN", 60, 20, small),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 720, 20, small),
            ("Số: 12/QĐ-UBND", 100, 100, printed), ("Hà Nội, ngày", 640, 100, printed),
            *((("tháng", 1080, 100, printed), ("năm 2024", 1330, 100, printed)) if month else
              (("tháng 3 năm 2024", 1080, 100, printed),))), start=1):
        for word in text.split():
            draw.text((x, y), word, fill="black", font=font)
            x0, y0, x1, y1 = draw.textbbox((x, y), word, font=font)
            words.append(Word(word, x0, y0 - 8 if font is printed else y0, x1, y1, conf=95,
                              line=3 if font is printed else line))
            x = x1 + 14
    draw.text((950, 88), day, fill=(20, 40, 200), font=ImageFont.truetype(str(HAND), 58))
    if month:
        draw.text((1225, 88), month, fill=(20, 40, 200), font=ImageFont.truetype(str(HAND), 58))
        words.insert(-2, Word("I1", 1225, 90, 1290, 150, conf=40, line=3))
    return Page(1, "\n".join(w.text for w in words), words, width=1600, height=3000), image


def test_a_day_the_ocr_did_not_read_is_read_from_the_ink_with_the_printed_month() -> None:
    page, image = _dated_header("18")
    fields = {"issued_date": FieldValue(None, 0.0, 1, None, review=True)}
    out = refine_handwritten(fields, [page], {1: image})
    assert out["issued_date"].value == "2024-03-18"
    # read from the hand alone: a person confirms it unless both readers read it alike
    assert out["issued_date"].review or out["issued_date"].confidence in (CLEAR_CONF, BOTH_READERS_CONF)



def test_one_digit_read_where_the_ink_ran_into_ngay_is_flagged() -> None:
    # a 25 whose 2 is written over the y of ``ngày``: OCR reads ``ngày`` alone, in a box wider
    # than its letters, and the blank after the print holds only the 5
    page, image = _dated_header("5")
    ran_in = [Word(w.text, w.x0, w.y0, round(w.x1 + 1.2 * (w.y1 - w.y0)), w.y1, conf=w.conf,
                   line=w.line) if w.text == "ngày" else w for w in page.words]
    widened = Page(1, page.text, ran_in, width=page.width, height=page.height)
    assert day_blank(widened).ink_under_print and not day_blank(page).ink_under_print
    out = {}
    for name, pg in (("plain", page), ("ran in", widened)):
        fields = {"issued_date": FieldValue(None, 0.0, 1, None, review=True)}
        out[name] = refine_handwritten(fields, [pg], {1: image})["issued_date"]
        assert out[name].value == "2024-03-05"
    assert not out["plain"].review and out["ran in"].review


def test_digits_tesseract_read_as_no_day_do_not_veto_the_ink() -> None:
    # Tesseract read the handwritten 12 as a plain "42" at 90: no day, so no reading that
    # contradicts the ink's (the extractor could not take it either)
    page, image = _dated_header("12")
    at = next(i for i, w in enumerate(page.words) if w.text == "ngày") + 1
    page.words.insert(at, Word("42", 950, 90, 1010, 150, conf=90, line=3))
    assert not day_blank(page).ocr_clean
    fields = {"issued_date": FieldValue(None, 0.0, 1, None, review=True)}
    out = refine_handwritten(fields, [page], {1: image})["issued_date"]
    assert out.value == "2024-03-12" and out.confidence >= READ_CONF


@pytest.mark.parametrize(("ocr", "kind", "clean"), [
    ("12", "day", True), ("42", "day", False), ("0", "day", False), ("11", "month", True),
    ("13", "month", False), ("4200", "number", True)])
def test_plain_digits_are_a_reading_only_where_the_calendar_has_them(ocr, kind, clean) -> None:
    assert Blank((0, 0, 10, 10), 20.0, ocr, 90.0, kind=kind).ocr_clean is clean


def test_a_day_written_against_thang_that_ocr_took_into_its_box_is_read_whole() -> None:
    # the ink touches ``tháng``: Tesseract reads one word ``tháng`` from the day's first
    # digit on, and the printed month right after it
    page, image = _dated_header("23")
    at = next(i for i, w in enumerate(page.words) if w.text == "tháng")
    word = page.words[at]
    page.words[at] = Word("tháng", 960, word.y0, word.x1, word.y1, conf=45, line=word.line)
    blank = day_blank(page)
    assert blank is not None and blank.box[2] > 1010  # past the ink's second digit
    fields = {"issued_date": FieldValue(None, 0.0, 1, None, review=True)}
    assert refine_handwritten(fields, [page], {1: image})["issued_date"].value == "2024-03-23"


def test_a_day_after_ngay_read_in_italics_is_read_from_the_ink() -> None:
    # an italic ``ngày`` read ``ngàu``: the blank after it is still the day's
    page, image = _dated_header("18")
    at = next(i for i, w in enumerate(page.words) if w.text == "ngày")
    page.words[at] = Word("ngàu", *page.words[at].box, conf=90, line=page.words[at].line)
    assert day_blank(page) is not None
    fields = {"issued_date": FieldValue(None, 0.0, 1, None, review=True)}
    out = refine_handwritten(fields, [page], {1: image})
    assert out["issued_date"].value == "2024-03-18"


def test_a_place_name_before_the_month_is_no_day_word() -> None:
    # ``ngày`` lost altogether: ``Nam,`` ends the place name, it is not ``ngày`` misread
    words = [Word(t, 100 * k, 0, 100 * k + 80, 40, conf=90, line=1)
             for k, t in enumerate(("Hà", "Nam,", "tháng", "3", "năm", "2024"))]
    assert _day_word(words) is None
    words[1] = Word("nsàu", 100, 0, 180, 40, conf=90, line=1)
    assert _day_word(words) is words[1]


def test_a_day_read_as_two_marks_after_ngay_in_italics_leaves_ngay_found() -> None:
    words = [Word(t, 100 * k, 0, 100 * k + 80, 40, conf=90, line=1)
             for k, t in enumerate(("Quảng", "Ninh,", "ngàu", "£", "Ẩ", "tháng", "06", "năm"))]
    assert _day_word(words) is words[2]

def test_a_month_written_by_hand_is_read_from_the_ink_and_flagged() -> None:
    page, image = _dated_header("18", month="11")
    fields = {"issued_date": FieldValue(None, 0.0, 1, None, review=True)}
    out = refine_handwritten(fields, [page], {1: image})
    assert out["issued_date"].value == "2024-11-18"
    assert out["issued_date"].review  # day and month both from the hand: a person confirms it



def test_a_month_ocr_read_as_no_digits_is_read_from_the_ink_where_the_date_guessed_it() -> None:
    # a written 10 read ``4Ô``: the extractor guessed April from it, flagged
    page, image = _dated_header("18", month="10")
    words = [Word("4Ô", *w.box, conf=84, line=w.line) if w.text == "I1" else w for w in page.words]
    page = Page(1, "\n".join(w.text for w in words), words, width=1600, height=3000)
    fields = {"issued_date": FieldValue("2024-04-18", 0.35, 1, None, review=True)}
    out = refine_handwritten(fields, [page], {1: image})["issued_date"]
    assert out.value == "2024-10-18" and out.review  # the month from the hand: a person confirms it
    # a month printed in digits is never read from the ink
    page, image = _dated_header("18")
    fields = {"issued_date": FieldValue("2024-03-18", 0.35, 1, None, review=True)}
    assert refine_handwritten(fields, [page], {1: image})["issued_date"].value == "2024-03-18"


def test_a_month_whose_ink_ocr_took_into_the_box_of_thang_is_read() -> None:
    # OCR read ``tháng`` alone but its box reaches over the handwritten month after it
    page, image = _dated_header("18", month="11")
    words = [w for w in page.words if w.text != "I1"]
    at = next(i for i, w in enumerate(words) if w.text == "tháng")
    words[at] = Word("tháng", words[at].x0, words[at].y0, 1290, words[at].y1, conf=90, line=3)
    page = Page(1, "\n".join(w.text for w in words), words, width=1600, height=3000)
    assert month_blank(page) is not None
    fields = {"issued_date": FieldValue(None, 0.0, 1, None, review=True)}
    out = refine_handwritten(fields, [page], {1: image})["issued_date"]
    assert out.value == "2024-11-18" and out.review  # day and month from the hand

def test_a_number_not_read_at_all_is_read_from_the_ink_before_a_misread_slash() -> None:
    # the slash read as "ƒ": the extractor found no number, the printed symbol is still there
    page, image = _header("25")
    _so, symbol = _number_words(page)
    words = list(page.words)
    words[symbol] = Word("ƒQĐ-UBND", *words[symbol].box, conf=70, line=words[symbol].line)
    page = Page(1, page.text, words, width=page.width, height=page.height)
    blank = number_blank(page)
    assert blank is not None and blank.symbol == "/QĐ-UBND"
    out = refine_handwritten({"number": FieldValue(None, 0.0, 1, None, review=True)}, [page],
                             {1: image})
    assert out["number"].value == "25/QĐ-UBND"
    assert out["number"].review or out["number"].confidence in (CLEAR_CONF, BOTH_READERS_CONF)


def test_a_number_whose_ink_was_read_as_a_slash_and_a_letter_is_read_from_the_ink() -> None:
    # a written 45 read ``/J5``: the slash before the symbol's capitals is the printed one
    page, image = _header("45")
    so, symbol = _number_words(page)
    words = list(page.words)
    x0, y0, _x1, y1 = words[symbol].box
    words.insert(symbol, Word("/J5", words[so].x1 + 20, y0, x0 - 10, y1, conf=40,
                              line=words[symbol].line))
    page = Page(1, page.text, words, width=page.width, height=page.height)
    blank = number_blank(page)
    assert blank is not None and blank.symbol == "/QĐ-UBND" and blank.box[2] > x0 - 20
    out = refine_handwritten(_fields(), [page], {1: image})
    assert out["number"].value == "45/QĐ-UBND"


@pytest.mark.parametrize(("printed", "title", "read", "value"), [
    # the ink read into the slash (``Z⁄``) and a speck before ``QĐ``: no number was read
    ("Z⁄ZQĐ-UBND", ("QUYẾT", "ĐỊNH"), None, "25/QĐ-UBND"),
    # ``GT`` under ``CHỈ THỊ``: the extractor took the title's ``CT``, flagged; the ink
    # agreeing on the digits does not vouch for the symbol
    ("/GT-UBND", ("CHỈ", "THỊ"), "25/CT-UBND", "25/CT-UBND"),
    # ``NC`` (a known part, so not put right) under ``BÁO CÁO``: the symbol is misread
    ("/NC-UBND", ("BÁO", "CÁO"), "25/NC-UBND", "25/NC-UBND"),
])
def test_a_symbol_part_the_title_put_right_stays_flagged_whatever_the_ink(printed, title, read,
                                                                           value) -> None:
    page, image = _header("25")
    _so, symbol = _number_words(page)
    words = list(page.words)
    words[symbol] = Word(printed, *words[symbol].box, conf=70, line=words[symbol].line)
    words += [Word(title[0], 560, 250, 700, 295, 95, 9), Word(title[1], 715, 250, 820, 295, 95, 9)]
    page = Page(1, page.text.replace("/QĐ-UBND", printed) + "\n" + " ".join(title), words,
                width=page.width, height=page.height)
    out = refine_handwritten({"number": FieldValue(read, 0.65 if read else 0.0, 1, None,
                                                   review=True)}, [page], {1: image})
    assert out["number"].value == value and out["number"].review


def _sure_day(value: str) -> dict[str, FieldValue]:
    return {"issued_date": FieldValue(value, 0.95, 1, None, review=False)}


def test_a_sure_day_the_ink_clearly_contradicts_takes_the_ink_and_is_flagged() -> None:
    # a handwritten 30 that Tesseract read surely as 20
    page, image = _dated_header("30")
    page.words.insert(-3, Word("20", 950, 90, 1010, 150, conf=92, line=3))
    out = refine_handwritten(_sure_day("2024-03-20"), [page], {1: image})
    assert out["issued_date"].value == "2024-03-30" and out["issued_date"].review


def test_a_sure_day_the_ink_agrees_with_is_left_alone() -> None:
    page, image = _dated_header("18")
    page.words.insert(-3, Word("18", 950, 90, 1010, 150, conf=92, line=3))
    assert refine_handwritten(_sure_day("2024-03-18"), [page], {1: image}) == _sure_day("2024-03-18")


def test_a_sure_day_the_svm_agrees_with_but_pp_ocr_reads_otherwise_clearly_is_pp_ocrs() -> None:
    # a hook for a lower bowl (ʖ): the SVM reads the 3 Tesseract read, PP-OCR a 5 at every crop
    # around the blank: PP-OCR's day, flagged (two readers disagree)
    page, image = _dated_header("ʖ")
    page.words.insert(-3, Word("3", 950, 90, 1010, 150, conf=92, line=3))
    out = refine_handwritten(_sure_day("2024-03-03"), [page], {1: image})["issued_date"]
    assert out.value == "2024-03-05" and out.review


def test_a_sure_day_beside_a_sure_number_is_not_checked() -> None:
    # the number printed and read surely: the day was printed too, no ink to look at
    page, image = _dated_header("30")
    page.words.insert(-3, Word("20", 950, 90, 1010, 150, conf=92, line=3))
    fields = {**_sure_day("2024-03-20"),
              "number": FieldValue("12/QĐ-UBND", 0.95, 1, None, review=False)}
    assert refine_handwritten(fields, [page], {1: image}) == fields


@pytest.mark.parametrize("printed, read, want", [
    ("/TB-STC", "/rn-src", "TB-STC"),
    ("/QĐ-BTC", "/op-prC", "QĐ-BTC"),  # PP-OCR reads QD: the table spells it
    ("/TB-STC", "/rn", None),  # read much shorter than what was read again: no such symbol
])
def test_a_symbol_tesseract_garbled_beside_the_ink_is_read_again(printed, read, want) -> None:
    """Tesseract reads the printed symbol beside the handwritten digits as no symbol: PP-OCR
    reads it again from the symbol's words' place; the number takes it, for review."""
    page, image = _header("25", symbol=printed)
    page.words[:] = [replace(w, text=read) if w.text == printed else w for w in page.words]
    blank = number_blank(page)
    assert blank is not None and blank.symbol == read
    assert reread_symbol(image, blank, read.lstrip("/")) == want
    out = refine_handwritten(_fields(read), [page], {1: image})["number"]
    assert out.value == f"25/{want or read.lstrip('/')}"
    assert out.review or not want


def test_a_number_line_read_without_its_slash_takes_the_symbol_after_the_titles_type() -> None:
    """Neither reader reads the slash between the ink and the symbol (``Só:2848TTr-STC``, the
    ink over it; here worn off the print): the symbol starts where the abbreviation of the
    type the title prints stands before a dash; the ink before it is read as any other."""
    page, image = _header("25", symbol="QĐ-UBND")
    symbol = next(w for w in page.words if w.text == "QĐ-UBND")
    garbled = Word("?®H®QĐsUBND", 190, symbol.y0, symbol.x1, symbol.y1, conf=0, line=symbol.line)
    title = [Word(text, x, 300, x + 40 * len(text), 350, conf=95, line=9)
             for text, x in (("QUYẾT", 480), ("ĐỊNH", 740))]
    words = [w if w is not symbol else garbled for w in page.words] + title
    page = Page(1, "\n".join(w.text for w in words), words, width=page.width, height=page.height)
    layout = read_page_layout(page)
    assert layout.title is not None and layout.title.doc_type == "Quyết định"
    assert number_blank(page) is None
    blank = number_blank_read_again(page, layout, image)
    assert blank is not None and blank.symbol == "/QĐ-UBND"
    fields = {"number": FieldValue(None, 0.0, 1, (100, 90, 600, 160), review=True)}
    out = refine_handwritten(fields, [page], {1: image})["number"]
    assert out.value == "25/QĐ-UBND" and out.review


@pytest.mark.parametrize("printed, read, value, want, so", [
    ("/TB-STC", "Ø#fxH-sNVv", None, "25/TB-STC", "Số:"),  # ink and symbol one word of marks
    ("/QĐ-UBND", "(7k+-uBND", None, "25/QĐ-UBND", "Số:"),  # PP-OCR reads QD: the table spells it
    ("/KH-SXD", "L1/ on", "1/on", "25/KH-SXD", "Số:"),  # a slash read, but no symbol after it
    ("/CT-TTg", "Íjcr¬ng", None, "25/CT-TTg", "sẽ"),  # Số garbled too: PP-OCR reads it
    ("/KH-KCB", "TÍÏH-kcB", None, "25/KH-KCB", "số"),  # letters alone, known by the label
    ("/BNV-TCBC", "fỔ sav-rcsc", None, "25/BNV-TCBC", "Số:"),
])
def test_a_number_line_garbled_past_its_slash_is_read_again(printed, read, value, want, so) -> None:
    """Bold ink beside the print makes Tesseract read the blank and the symbol as marks
    (``Số: Ø#fxH-sNVv``): no slash tells where the blank ends. PP-OCR reads the line again;
    the symbol after the slash it reads places the blank, whose ink is read as any other."""
    page, image = _header("25", symbol=printed)
    symbol = next(w for w in page.words if w.text == printed)
    parts = read.split()  # the ink's word (from x 190) and the symbol's, or one word for both
    edges = [190, *([270] if len(parts) == 2 else []), symbol.x1 + 10]
    garbled = [Word(text, x0, symbol.y0, x1 - 10, symbol.y1, conf=0, line=symbol.line)
               for text, x0, x1 in zip(parts, edges[:-1], edges[1:], strict=True)]
    words = [w for w in page.words if w is not symbol]
    at = next(k for k, w in enumerate(words) if w.text == "Số:") + 1
    words[at:at] = garbled
    words[at - 1] = replace(words[at - 1], text=so)
    page = Page(1, "\n".join(w.text for w in words), words, width=page.width, height=page.height)
    assert number_blank(page) is None
    blank = number_blank_read_again(page, read_page_layout(page), image)
    assert blank is not None and blank.symbol == "/" + want.split("/", 1)[1]
    assert 150 < blank.box[0] < 200 and 260 < blank.box[2] < 360  # ink to 270, slash at 330
    fields = {"number": FieldValue(value, 0.15, 1, (100, 90, 600, 160), review=True)}
    out = refine_handwritten(fields, [page], {1: image})["number"]
    assert out.value == want and out.review
