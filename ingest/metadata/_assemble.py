"""From pages to fields: find the header and the foot, read each field, weigh the evidence."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date, datetime

from archive_service.records import FieldValue, Page

from ._body_spelling import body_pairs, least_doubt, respell_from_body
from ._dictionary import restore_diacritics
from ._gazetteer import place_spellings, repair_place
from ._given_names import GUESSED_MARKS_CONF, SPELLED_WORD_CONF, respell_given_names
from ._header import _VV, FIRST_YEAR, Line, _is_letter_or_digit, last_year, parse_date_line, split_issuer
from ._layout import join_words
from ._lexicon import repair_body_names, repair_header_known, repair_known_phrases
from ._number import (
    NumberReading,
    filename_candidates,
    number_doc_type,
    parse_number,
    type_part_fits_title,
    type_part_told_by_title,
)
from ._signature import (
    DEPUTIES,
    HEADS,
    OFFICER_TITLES,
    Foot,
    Signature,
    is_seal_debris,
    parse_recipients,
    parse_signature,
)
from ._tables import CONG_VAN, ISSUER_ABBREVIATIONS, RECIPIENT_ABBREVIATIONS, SIGNER_TITLES
from ._text import (
    clean_free_text,
    distance,
    fold,
    is_upper_text,
    new_tones,
    ratio,
    real_digits,
    repair_digits,
)
from ._tones import is_syllable as _is_syllable
from ._tones import repair_confused_marks
from .layout_reader import DocumentLayout, read_layout

_RELIABLE = 75.0  # word confidence (0–100) above which a digit reading is trusted
_VI_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                         re.IGNORECASE)
_SIGNED_TEXT = re.compile(r"th[oờ]i\s*gian\s*k[yý]\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)


def _fv(value, conf: float, page: int | None = None, box=None, review: bool = False) -> FieldValue:
    return FieldValue(value, conf, page, tuple(round(v, 1) for v in box) if box else None, review)


def _free_text_conf(min_word_conf: float) -> float:
    """Running text and names (subject, recipients, signer): one doubtful word (below 90) is
    enough to ask a person, as Tesseract's dropped tone marks come with confidences around 80–90."""
    conf = 0.5 + 0.45 * min_word_conf / 100.0
    return conf if min_word_conf >= _FREE_TEXT_SURE else min(conf, 0.6)


_FREE_TEXT_SURE = 90.0
_ARCHIVE_COPY = re.compile(r"luu\b(?!\s*tru)")  # ``Lưu: VT, …``, not ``Lưu trữ lịch sử tỉnh``


def _running_text(text: str, words: list | tuple = ()) -> str:
    """Subject and recipients: running text as printed, agency phrases respelled, and
    compounds whose doubtful ``words`` (read below 90) the dictionary spells otherwise."""
    doubtful = {w.text.strip(",.;:()") for w in words if w.conf < _FREE_TEXT_SURE}
    return repair_confused_marks(
        restore_diacritics(repair_known_phrases(clean_free_text(text)), doubtful))


def _line_conf(line: Line) -> float:
    return line.conf / 100.0


def extract_fields(pages: list[Page], *, filename: str | None, signed_at: datetime | None,
                   extra_abbreviations: tuple[str, ...]) -> dict[str, FieldValue]:
    fields: dict[str, FieldValue] = {"page_count": _fv(len(pages), 1.0)}
    text = " ".join(p.text for p in pages)
    if pages and (_VI_LETTERS.search(text) or not text.strip()):
        fields["language"] = _fv("vi", 0.95 if text.strip() else 0.5)
    elif pages:
        fields["language"] = _fv("vi", 0.3, review=True)
    model = read_layout(pages)
    header = model.header
    if header is None or model.header_page is None:
        return fields
    page_no = pages[model.header_page].number
    signed = signed_at or _signed_from_text(pages)
    reading = _read_header(fields, model, page_no, filename, signed, extra_abbreviations)
    _read_type_and_subject(fields, model, page_no, reading, pages)
    _read_marks(fields, model, page_no)
    if model.foot is not None:
        _read_foot(fields, model.foot)
    for name in _EXPECTED_WITH_HEADER:
        # the page has the layout, so these are printed somewhere: not found means "look"
        if name not in fields or fields[name].value is None:
            fields[name] = _fv(None, 0.0, page_no, None, review=True)
    _flag_unseen_neighbours(fields, page_no)
    return fields


def _flag_unseen_neighbours(fields: dict[str, FieldValue], page_no: int) -> None:
    """Optional fields printed next to a field that could not be read: their absence is not
    evidence (a signature block whose title or name was lost under the seal may have had its
    ``KT.`` line)."""
    for optional, anchors in (("signing_authority", ("signer_title", "signer")),
                              ("parent_issuer", ("issuer",))):
        missing = optional not in fields or fields[optional].value is None
        if missing and any(fields[anchor].value is None for anchor in anchors):
            fields[optional] = _fv(None, 0.0, page_no, None, review=True)


_EXPECTED_WITH_HEADER = ("number", "issued_date", "place", "issuer", "doc_type", "subject",
                         "signer_title", "signer", "recipients")


def _signed_from_text(pages: list[Page]) -> datetime | None:
    """``Thời gian ký: 15/01/2025 17:10:17`` in a PDF's own text (or, failing that, OCR)."""
    for source in ([p.text_layer for p in pages], [p.text for p in pages]):
        for text in source:
            for m in _SIGNED_TEXT.finditer(text or ""):
                try:
                    return datetime(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                except ValueError:
                    continue
    return None


# --- header ---------------------------------------------------------------------------------

def _read_header(fields, model: DocumentLayout, page_no: int, filename, signed,
                 extra) -> NumberReading | None:
    above, date_line = model.issuer_lines, model.date_line
    # issuer lines: upper case, above the number
    places = ()
    parts = parse_date_line(date_line.text) if date_line else None
    place_conf = _place_conf(date_line) if date_line else 0.0
    place, place_known = repair_place(parts.place) if parts and parts.place else (None, False)
    if place:
        places = (place,)
    caps = [ln for ln in above if is_upper_text(ln.text, min_share=0.7) and len(fold(ln.text)) >= 2]
    header_caps: list[tuple[str, Line]] = []
    if caps:
        # a place the gazetteer knows lends its diacritics to the issuer lines
        place_sure = 100.0 if place_known else place_conf
        repaired = [_repair_issuer_line(ln.text, ln.conf, places, place_sure) for ln in caps]
        header_caps = [(t, ln) for (t, _), ln in zip(repaired, caps, strict=True)]
        parent, issuer = split_issuer([t for t, _ in repaired])
        # again on the joined parts: a name wrapped onto two lines (``… TỈNH PHỤ`` / ``YÊN``);
        # the date line's place serves only when read more surely than every issuer line
        surest = max(ln.conf for ln in caps)
        joined = [_repair_issuer_line(t, surest, places, place_sure) if t else (t, True)
                  for t in (parent, issuer)]
        (parent, _), (issuer, _) = joined
        conf = min(_line_conf(ln) for ln in caps)
        if all(k for _, k in repaired) or all(k for _, k in joined):
            conf = max(conf, KNOWN_WORDS_CONF)  # every word a known agency word: diacritics restored
        issuer_conf = max(conf, KNOWN_WORDS_CONF) if _known_agency(issuer, places) else conf
        fields["issuer"] = _fv(issuer, 0.5 + 0.45 * issuer_conf, page_no, _union(caps))
        if parent:
            parent_conf = max(conf, KNOWN_WORDS_CONF) if _known_agency(parent, places) else conf
            fields["parent_issuer"] = _fv(parent, 0.45 + 0.45 * parent_conf, page_no, caps[0].box)
    reading = None
    line = model.number_line
    if line is not None:
        reading = parse_number(line, extra)
        if reading is not None:
            fields["number"] = _number_field(reading, line, page_no, filename)
    if parts and date_line is not None:
        if place:
            fields["place"] = _place_field(place, place_known, place_conf, date_line, page_no,
                                           header_caps)
        page_text = model.pages[model.header_page].page.text
        fields["issued_date"] = _date_field(parts, date_line, page_no, signed, page_text)
    return reading


def _place_conf(line: Line) -> float:
    """Lowest word confidence of the place (the words before ``ngày``)."""
    confs = []
    for w in line.words:
        if fold(w.text).startswith("ng") and confs:
            break
        confs.append(w.conf)
    return min(confs) if confs else 0.0


KNOWN_WORDS_CONF = 0.95  # line confidence of a name made only of known words: a text layer's


def _known_agency(name: str, places: tuple[str, ...]) -> bool:
    """Every word of an issuer's name an agency word, a place or an issuer's abbreviation of
    the tables, as printed (``UBND TỈNH KIÊN GIANG``, ``SỞ Y TẾ``): the name was read whole,
    whatever the confidence of its bold capitals."""
    words = name.split()
    rest = " ".join(w for w in words if w not in ISSUER_ABBREVIATIONS)
    return bool(words) and (not rest or repair_header_known(rest, extra_places=places) == (rest, True))


def _repair_issuer_line(text: str, conf: float, places: tuple[str, ...],
                        place_conf: float) -> tuple[str, bool]:
    """Known agency words get their diacritics back; the place of the date line serves too,
    unless it was read with less confidence (``place_conf``) than the issuer line's own
    words (``conf``), or the line spells it another way the gazetteer knows (``PHƯỚC VINH``
    beside ``Phước Vĩnh``: both are places; the italic date line gains a tilde as easily
    as bold capitals lose one)."""
    if (places and place_conf < conf) or any(_spells_place_otherwise(text, p) for p in places):
        return repair_header_known(text)
    return repair_header_known(text, extra_places=places)


def _spells_place_otherwise(text: str, place: str) -> bool:
    """``text`` names ``place`` with other diacritics that the gazetteer knows too."""
    key = fold(place)
    spellings = place_spellings().get(key, frozenset())
    if len(spellings) < 2:
        return False
    words = text.split()
    n = len(place.split())
    runs = (" ".join(words[i:i + n]).strip(",.").title() for i in range(len(words) - n + 1))
    return any(fold(run) == key and new_tones(run) in spellings - {new_tones(place)} for run in runs)


def _place_field(place: str, known: bool, conf: float, line: Line, page_no: int,
                 caps: list[tuple[str, Line]]) -> FieldValue:
    """The place, cross-checked with the same name in the issuer lines (``HUYỆN CỦ CHI``):
    when both readings differ only in diacritics, the surer one is kept and flagged. A
    name the gazetteer knows (``known``) is never overridden, and its diacritics are not
    in doubt."""
    value, review = place, False
    if not known and (printed := _place_in_header(place, caps)):
        value, known, review = printed, True, True  # one letter apart: the header's spelling
    key = fold(value)
    for text, ln in caps:
        words = text.split()
        n = len(place.split())
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if fold(" ".join(run)).strip(",.") != key:
                continue
            printed = " ".join(run).strip(",.").title()
            if new_tones(printed) != new_tones(place) and not known:
                review = True
                confs = [w.conf for w in ln.words[i:i + n]] if len(ln.words) == len(words) else [ln.conf]
                if min(confs) > conf:
                    value = printed
    score = 0.4 + 0.55 * conf / 100.0
    if (conf < _FREE_TEXT_SURE and not known) or review:
        score = min(score, 0.6)  # a place name is a proper name: a doubtful letter is enough
    return _fv(value, score, page_no, line.box, review)


def _place_in_header(place: str, caps: list[tuple[str, Line]]) -> str | None:
    """The one place the gazetteer knows, named in the issuer lines (``UBND TỈNH TÂY NINH``),
    that a place the gazetteer does not know (``Tâu Ninh``) is one letter apart from."""
    n, key = len(place.split()), fold(place)
    if len(key) < 5:
        return None  # one letter is too much of a short name
    found = set()
    for text, _ln in caps:
        words = [w.strip(",.;:-") for w in text.split()]
        for i in range(len(words) - n + 1):
            name, known = repair_place(" ".join(w.capitalize() for w in words[i:i + n]))
            if known and distance(fold(name), key) == 1:
                found.add(name)
    return found.pop() if len(found) == 1 else None


def _union(lines: list[Line]):
    boxes = [ln.box for ln in lines]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def _compatible(ocr: str, candidate: str) -> bool:
    """OCR digits agree with a candidate where they were read (right-aligned)."""
    if not ocr:
        return True
    if len(ocr) != len(candidate):
        return False
    return sum(a == b for a, b in zip(ocr, candidate, strict=True)) >= max(1, len(ocr) - 1)


def _number_field(reading: NumberReading, line: Line, page_no: int, filename) -> FieldValue:
    strong, weak = filename_candidates(filename, reading.symbol)
    conf_line = _line_conf(line)
    if reading.blank and not strong:  # nothing read in the blank (handwritten, or left empty):
        return _fv(reading.value, 0.15, page_no, line.box, review=True)  # the symbol, to look at
    if reading.reliable:
        conf = 0.75 + 0.2 * conf_line
        review = False
        if reading.digits in (strong, weak):
            conf = 0.98
        elif strong:
            conf, review = 0.5, True
        if not reading.known_symbol:
            conf, review = min(conf, 0.65), True
        return _fv(reading.value, conf, page_no, line.box, review)
    # digits unreadable or doubtful (often handwritten): weigh the file name
    if strong:
        reading.digits = strong
        return _fv(reading.value, 0.6, page_no, line.box, review=True)
    if weak and _compatible(reading.digits, weak):
        reading.digits = weak
        return _fv(reading.value, 0.5, page_no, line.box, review=True)
    conf = 0.35 if reading.digits else 0.15
    return _fv(reading.value, conf, page_no, line.box, True)


def _token_conf(line: Line, token: str) -> float:
    confs = [w.conf for w in line.words if token and token in w.text]
    return min(confs) if confs else (0.0 if token else 0.0)


def _date_field(parts, line: Line, page_no: int, signed: datetime | None,
                page_text: str = "") -> FieldValue:
    readings = {}
    for key, token, low, high in (("d", parts.day, 1, 31), ("m", parts.month, 1, 12),
                                  ("y", parts.year, FIRST_YEAR, last_year())):
        digits, guessed = repair_digits(token)
        value = int(digits) if digits and len(digits) <= 4 else None
        valid = value is not None and low <= value <= high
        sure = valid and guessed == 0 and _token_conf(line, token) >= _RELIABLE
        readings[key] = (digits if real_digits(token) else "", value if valid else None, sure)
    year_digits, year, _ = readings["y"]
    if year is None and len(year_digits) == 4:
        readings["y"] = (year_digits, _misread_year(year_digits, page_text), False)
    review = not all(r[2] for r in readings.values())
    chosen = {}
    sig = {"d": signed.day, "m": signed.month, "y": signed.year} if signed else {}
    used_signed = False
    for key in ("y", "m", "d"):
        digits, value, sure = readings[key]
        if sure:
            chosen[key] = value
            continue
        s = sig.get(key)
        same_period = signed is not None and all(
            chosen.get(k) == sig[k] for k in ("y", "m") if k in chosen and k != key)
        if s is not None and same_period and _compatible(digits, f"{s:02d}" if key != "y" else str(s)):
            chosen[key], used_signed = s, True
        elif value is not None:
            chosen[key] = value
        elif s is not None and same_period:
            chosen[key], used_signed = s, True
        else:
            return _fv(None, 0.1, page_no, line.box, review=True)
    try:
        value = date(chosen["y"], chosen["m"], chosen["d"])
    except ValueError:
        return _fv(None, 0.1, page_no, line.box, review=True)
    if not review:
        conf = 0.8 + 0.18 * _line_conf(line)
        if signed is not None and signed.date() < value:
            conf, review = 0.5, True  # signed before it was issued: one of them is wrong
        return _fv(value.isoformat(), conf, page_no, line.box, review)
    conf = 0.5 if used_signed else 0.35
    return _fv(value.isoformat(), conf, page_no, line.box, review=True)


def _misread_year(digits: str, page_text: str) -> int | None:
    """A year that cannot be (``năm 2092``) one digit away from the one year the page prints
    most often elsewhere (``2022`` in the number or the subject), or None."""
    seen = Counter(int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", page_text))
    near = [(n, y) for y, n in seen.items() if FIRST_YEAR <= y <= last_year()
            and sum(a != b for a, b in zip(str(y), digits, strict=True)) == 1]
    near.sort(reverse=True)
    if not near or (len(near) > 1 and near[1][0] == near[0][0]):
        return None
    return near[0][1]


# --- type and subject ------------------------------------------------------------------------

def _read_type_and_subject(fields, model: DocumentLayout, page_no: int,
                           reading: NumberReading | None, pages: list[Page]) -> None:
    issuer = fields["issuer"].value if "issuer" in fields else None
    abbr_type = number_doc_type(reading, issuer) if reading else None
    title, vv = model.title, model.vv_lines
    if title and reading is not None and "number" in fields and \
            (symbol := type_part_told_by_title(reading.symbol, title.doc_type)):
        # ``GT-UBND`` under ``CHỈ THỊ``: the type's abbreviation one letter off, a guess
        reading.symbol = symbol
        fv = fields["number"]
        fields["number"] = _fv(reading.value, min(fv.confidence, 0.65), fv.page, fv.box, True)
        abbr_type = title.doc_type
    elif title and "number" in fields and fields["number"].value \
            and not type_part_fits_title(fields["number"].value, title.doc_type):
        # ``NC-HĐNp`` under ``BÁO CÁO``: the symbol or the title is misread
        fv = fields["number"]
        fields["number"] = replace(fv, confidence=min(fv.confidence, 0.65), review=True)
    if title:
        conf = 0.75 + 0.2 * title.score
        review = False
        if abbr_type and abbr_type != title.doc_type:
            conf, review = 0.5, True
        elif abbr_type == title.doc_type:
            conf = 0.98
        fields["doc_type"] = _fv(title.doc_type, conf, page_no, title.box, review)
    elif vv:
        conf = 0.9 if not abbr_type else 0.5
        fields["doc_type"] = _fv(abbr_type or CONG_VAN, conf, page_no, vv[0].box, bool(abbr_type))
    elif abbr_type:
        fields["doc_type"] = _fv(abbr_type, 0.6, page_no, None, True)
    elif reading is not None:
        fields["doc_type"] = _fv(CONG_VAN, 0.5, page_no, None, True)
    # subject
    if title is not None:
        subject = model.subject
        if subject:
            words = [w for s in subject for w in s.words]
            body = body_pairs(pages, words)
            text = respell_from_body(_subject_text(words), body)
            conf = _free_text_conf(least_doubt(words, body))
            box = (min(s.x0 for s in subject), subject[0].y0, max(s.x1 for s in subject),
                   subject[-1].y1)
            fields["subject"] = _fv(text, conf, page_no, box)
    elif vv:
        words = [w for ln in vv for w in ln.words]
        body = body_pairs(pages, words)
        text = _VV.sub("", respell_from_body(_subject_text(words), body), count=1)
        conf = _free_text_conf(least_doubt(words, body))
        fields["subject"] = _fv(text.strip(), conf, page_no, _union(vv))


def _subject_text(words: list) -> str:
    """The subject's words as text, without OCR specks (a lone ``-`` read at confidence 37)
    and without an opening quote that is never closed."""
    kept = [w for w in words if any(_is_letter_or_digit(c) for c in w.text)  # not ``ˆ`` alone
            or (w.conf >= _SPECK_CONF and w.text.strip(_NEVER_ALONE) and not _STOPS.fullmatch(w.text))]
    while kept and _RULE.fullmatch(kept[-1].text):  # the rule under it, a stamp frame's top
        kept.pop()
    while kept and _OPENING_STOPS.fullmatch(kept[0].text):  # no subject opens with a stop
        kept.pop(0)
    text = _running_text(_without_debris(join_words(kept)), kept)
    return _without_stops_in_capitals(_without_unclosed_quotes(text))


def _without_unclosed_quotes(text: str) -> str:
    """Without a quote opening a word that no quote after it closes (``“TÀI SẢN``, ``"NĂM``):
    a speck or a quote whose other half OCR lost; the quoted name keeps both."""
    tokens = text.split(" ")
    for open_q, close_q in (('"', '"'), ("“", "”")):
        for k, token in enumerate(tokens):
            rest = " ".join([token[1:], *tokens[k + 1:]])
            if token.startswith(open_q) and close_q not in rest:
                tokens[k] = token[1:]
    return " ".join(t for t in tokens if t)


_STOPS = re.compile(r"\.{2,}")  # ``..`` alone: specks, never a word of a subject
_RULE = re.compile(r"[-–—_]+")  # dashes alone ending a subject: a rule, never its last word
_OPENING_STOPS = re.compile(r"[:;,.]+")  # alone before a subject's first word: specks


def _without_stops_in_capitals(text: str) -> str:
    """A stop after a syllable of three letters or more between two words in capitals is a
    speck (``KẾ HOẠCH MUA. SẮM``), as in the issuer's lines; ``TP. HỒ CHÍ MINH`` and ``UBND.``
    (an abbreviation) keep theirs."""
    tokens = text.split(" ")
    for k, token in enumerate(tokens[:-1]):
        core, after = token[:-1], tokens[k + 1]
        if (token.endswith(".") and len(core) >= 3 and core.isalpha() and core.isupper()
                and after[:1].isalpha() and after.isupper() and _is_syllable(core.lower())):
            tokens[k] = core
    return " ".join(tokens)


_SPECK_CONF = 50.0
_NEVER_ALONE = "_~|`•ˆ„‹›"  # marks that are never a word of a subject on their own
# a Roman numeral after the words that number things, read in lower case (no syllable is
# ``i`` or ``ii`` alone; ``vi`` is one, so VI is left): ``năm thứ II``, ``cấp I``, ``quý IV``
_ROMAN_AFTER = re.compile(r"\b(thứ|cấp|hạng|loại|quý|khóa|khoá|phần|chương|mục|đợt|kỳ)\s+"
                          r"(i{1,3}|iv|vii{1,2}|ix)\b", re.IGNORECASE)
_DEBRIS = (
    (re.compile(r"(?<=[^\W_])\.(?=[^\W\d_]{2})"), lambda m: " " if _lower_after(m) else "."),
    (re.compile(r"(?<=[^\W\d_])['’`]\s"), " "),  # thu' đề tài: Vietnamese has no apostrophe
    (re.compile(r"(?<=[-\d])[Il](?=\d)"), "1"),  # COVID-I9
    (re.compile(f"(?<!\\S)[{re.escape(_NEVER_ALONE)}]+(?=[^\\W\\d_])"), ""),  # _Về việc
    (_ROMAN_AFTER, lambda m: f"{m.group(1)} {m.group(2).upper()}"),  # năm thứ ii, cấp i
)


def _lower_after(match: re.Match) -> bool:
    """nghiên.cứu, 2017.tại: a speck read as a full stop before a word in lower case."""
    following = re.match(r"[^\W\d_]+", match.string[match.end():])
    return bool(following) and following.group().islower() and _is_syllable(following.group())


def _without_debris(text: str) -> str:
    """A subject's text without the specks OCR glues to its words."""
    for pattern, replacement in _DEBRIS:
        text = pattern.sub(replacement, text)
    return text


def _read_marks(fields, model: DocumentLayout, page_no: int) -> None:
    for mark in model.marks:
        seg = mark.segment
        conf = 0.5 + 0.45 * seg.conf / 100
        if mark.partial:
            conf = min(conf, 0.6)
        fields[mark.field] = _fv(mark.value, conf, page_no, seg.box, review=mark.partial)


# --- foot ------------------------------------------------------------------------------------

def _read_foot(fields, foot: Foot) -> None:
    words = [w for ln in foot.recipients for w in ln.words]
    items = [repair_body_names(_running_text(it, words))
             for it in parse_recipients(foot.recipients, foot.labelled)]
    # a line read twice (``Sổ Nội vụ;`` and ``Sở Nội vụ;``, once respelled; ``Như Điều 3`` and
    # ``Như Điều 3;``): a list never names one recipient twice in a row; the fuller reading stays
    items = _once_each(items)
    if items:
        conf = _free_text_conf(_least_unsure(words))
        # ``Lưu: VT`` alone: the recipients above it were lost (Nơi nhận always names one);
        # no ``Lưu: VT``: the archive copy that ends every list was lost (a line the OCR skipped)
        copies = [bool(_ARCHIVE_COPY.match(fold(it))) for it in items]
        lost = all(copies) or not any(copies) or _cut_short(items)
        items = _archive_stop_restored(items)
        fields["recipients"] = _fv(items, min(conf, 0.6) if lost else conf, foot.page,
                                   _union(foot.recipients), review=lost)
    sig = parse_signature(foot.block)
    if sig.authority:
        lines = sig.authority_lines
        conf = min(ln.conf for ln in lines) / 100.0
        fields["signing_authority"] = _fv(sig.authority, 0.5 + 0.45 * conf, foot.page, _union(lines))
        if sig.authority_repaired:  # a title cut short by the seal, completed: a guess
            fields["signing_authority"] = _fv(sig.authority, min(0.5 + 0.45 * conf, 0.6),
                                              foot.page, _union(lines), review=True)
    elif (bare := _bare_tm_line(foot, sig)) and (body := _signing_body(fields.get("issuer"), sig)):
        # ``TM.`` read alone over the head's title: the seal or a stroke hid the body's name,
        # which is the issuer's own (a guess, flagged)
        sig.authority = f"TM. {body}"
        fields["signing_authority"] = _fv(sig.authority, _INFERRED_CONF, foot.page, bare.box,
                                          review=True)
    title = sig.title
    if title and _collective_or_none(sig.authority) and (head := _deputy_below(foot, sig)):
        # ``GIÁM ĐỐC`` over ``(PH)Ó GIÁM ĐỐC``: the head's title is the authority line whose
        # ``KT.`` was lost (handwritten, under the seal), the deputy's title is below it; under
        # ``TM. ỦY BAN NHÂN DÂN`` too (the three lines of a collective body's deputy)
        kt = f"{sig.authority or ''} KT. {head}".strip()
        fields["signing_authority"] = _fv(kt, _INFERRED_CONF, foot.page, sig.title_line.box,
                                          review=True)
        sig.authority, title = kt, head
    elif title and _collective_or_none(sig.authority) and (office := _office_below(foot, sig)):
        # ``GIÁM ĐỐC`` over ``(CHÁNH V)ĂN PHÒNG``: another officer signs for the head, the
        # upper line is the authority line whose ``TL.`` the seal hid (a guess, flagged)
        head, title, line = office
        tl = f"{sig.authority or ''} TL. {head}".strip()
        fields["signing_authority"] = _fv(tl, _INFERRED_CONF, foot.page, sig.title_line.box,
                                          review=True)
        sig.authority, sig.title_line, sig.title_repaired = tl, line, True
    told = False  # the title is the one ``KT. X`` names (X's deputy), not the one read
    if title:
        conf = 0.5 + 0.45 * sig.title_line.conf / 100.0
        review = sig.title_repaired
        head = _KT_HEAD.search(sig.authority or "")
        if head:
            # KT. (ký thay): the deputy signs, under "KT. X" the title is X's deputy
            deputy = _deputy_of(head.group(1).strip())
            if fold(title) == fold(deputy) and title != deputy:
                title = deputy  # diacritics restored (THỦ → THỨ TRƯỞNG)
            elif _deputy_misread(title, head.group(1), deputy, sig.title_line.text):
                title, review, conf, told = deputy, True, 0.55, True
        if review:
            conf = min(conf, 0.6)
        if not sig.signer:  # the name lost under the seal: a "PHÓ" line above it may be too
            review, conf = True, min(conf, _NAMELESS_TITLE_CONF)
        fields["signer_title"] = _fv(title, conf, foot.page, sig.title_line.box, review)
    elif sig.signer and (head := _KT_HEAD.search(sig.authority or "")):
        # no title line read (a seal over it), but "KT. X" and a signer: X's deputy signs
        fields["signer_title"] = _fv(_deputy_of(head.group(1).strip()), 0.4, foot.page,
                                     _union(sig.authority_lines), review=True)
        told = True
    if sig.signer:
        conf = _free_text_conf(sig.signer_line.conf)  # names: no dictionary backs the reading
        short = len(sig.signer.split()) < _NAME_WORDS  # a word under the seal or the signature
        # a given name respelled is a guess: its score says so, but it is no reader's doubt of
        # the block (which would doubt the title and the authority as well)
        name, guessed = respell_given_names(sig.signer)
        if sig.signer_repaired or short or name != sig.signer:
            conf = min(conf, 0.5)
        if guessed or all(w.conf == SPELLED_WORD_CONF for w in sig.signer_line.words):
            conf = min(conf, GUESSED_MARKS_CONF)
        fields["signer"] = _fv(name, conf, foot.page, sig.signer_line.box,
                               sig.signer_repaired or short)
    elif sig.title or sig.authority:
        fields["signer"] = _fv(None, 0.0, foot.page, None, review=True)
    deputy_signs_for(fields, foot.page)
    _doubt_no_authority(fields, foot.page, _line_lost_above(foot, sig))
    _doubt_officer_alone(fields, foot.page)
    _signature_fits(fields, told)


def _once_each(items: list[str]) -> list[str]:
    """``items`` without one that repeats the one before it, its end marks aside."""
    out: list[str] = []
    for item in items:
        if out and item.rstrip(_ITEM_END) == out[-1].rstrip(_ITEM_END):
            out[-1] = max(out[-1], item, key=len)
        else:
            out.append(item)
    return out


_ITEM_END = ";,.: "


def _cut_short(items: list[str]) -> bool:
    """A recipient before the last ends on a word, not ``;`` (or ``,``, ``.``, ``:``): its end
    was lost under the seal or with a line the OCR skipped; or the archive copy that ends the
    list ends on a letter (``Lưu: VT, KT``: its stop lost; a drafter's code ends in digits)."""
    last = items[-1].rstrip()
    return (any(not it.rstrip().endswith((";", ",", ".", ":")) for it in items[:-1])
            or (bool(_ARCHIVE_COPY.match(fold(last))) and last[-1:].isalpha()))


def _archive_stop_restored(items: list[str]) -> list[str]:
    """The list with the stop that ends ``Lưu: VT, KT.`` put back when the OCR lost it: a list
    whose archive copy is printed with its colon ends in a stop (as every such list labelled
    in ``real_dev`` and ``real_samples`` does; ``Lưu VT, TCKT`` without one may stop bare). The
    list stays flagged (``_cut_short``): the line may have lost more than its stop."""
    last = items[-1]
    if _ARCHIVE_COPY_COLON.match(last) and last[-1:].isalpha():
        return [*items[:-1], f"{last}."]
    return items


_ARCHIVE_COPY_COLON = re.compile(r"^Lưu\s*:\s*VT\b")


# the words every list repeats (``Nơi nhận``, ``Như trên``, ``(để b/c)``, ``Lưu: VT``) and the
# abbreviations of offices: Tesseract reads them, short as they are, at low confidence, but a
# reading that is one of them letter for letter is no misreading
_RECIPIENT_STOCK = frozenset((*RECIPIENT_ABBREVIATIONS, "Nơi", "nhận", "Như", "trên", "Điều",
                              "Lưu", "để", "b/c", "báo", "cáo", "các", "Các", "và", "Sở", "Bộ",
                              "tỉnh", "huyện", "xã", "phố"))
_EDGE_PUNCTUATION = "-–—;:,.()“”\"'"


def _least_unsure(words: list) -> float:
    """The least confidence of the recipients' words that are not a stock word as printed."""
    return min((w.conf for w in words if (core := w.text.strip(_EDGE_PUNCTUATION))
                and core not in _RECIPIENT_STOCK), default=100.0)


_KNOWN_TITLES = frozenset(fold(t) for t in SIGNER_TITLES)


_BARE_TM = re.compile(r"T/?M\s*[.,:]?", re.IGNORECASE)  # ``TM.`` with nothing after it
# issuers whose collective body signs ``TM.`` under the issuer's own name, and its head's title
# (a people's council signs ``TM. HỘI ĐỒNG NHÂN DÂN`` or ``TM. THƯỜNG TRỰC …``: not told by
# the issuer)
_SIGNING_BODIES = {"ỦY BAN NHÂN DÂN": "CHỦ TỊCH", "CHÍNH PHỦ": "THỦ TƯỚNG"}


def _bare_tm_line(foot: Foot, sig: Signature) -> Line | None:
    """The block's line above the title that reads ``TM.`` alone, or None (asked only when no
    authority line was read)."""
    if sig.title_line is None:
        return None
    above = [ln for ln in foot.block if ln.box[1] < sig.title_line.box[1]]
    return next((ln for ln in above if _BARE_TM.fullmatch(ln.text.strip())), None)


def _signing_body(issuer: FieldValue | None, sig: Signature) -> str | None:
    """The collective body that signs ``TM.`` for ``issuer`` (``ỦY BAN NHÂN DÂN`` for ``ỦY BAN
    NHÂN DÂN XÃ PHÚ HỮU``) when the title is its head's (``CHỦ TỊCH``), or None: over another
    title the ``TM.`` read may be a smudged ``KT.`` or ``TL.``."""
    name = fold(issuer.value) if issuer is not None and issuer.value else ""
    return next((b for b, head in _SIGNING_BODIES.items()
                 if name.startswith(fold(b)) and fold(sig.title or "") == fold(head)), None)


def _deputy_misread(title: str, head: str, deputy: str, printed: str) -> bool:
    """The title line under ``KT. head`` is the deputy's, read as something else: the head's
    title (the seal hid ``PHÓ``), its start or end (``PHÓ GIÁM``), seal text (``NINH``), or
    its first word and specks (``PHÓ CE``, ``PHÓ Á``: the rest under the seal or a stroke),
    or its first words alone (``PHÓ``; ``PHÓ GIÁM ĐỐC`` under ``KT. GIÁM ĐỐC SỞ …`` is a title
    of its own), or letters close to it that spell no title (``TRÍ TRƯỜNG``, ``PHÓ J1 TRƯỞNG``,
    ``Ó:GHÁM ĐỐC``)."""
    return (fold(title) == fold(head)
            or fold(title) not in _KNOWN_TITLES and (
                fold(deputy).startswith(f"{fold(title)} ")
                or ratio(_letters_key(title), fold(deputy)) >= _LINE_LIKE)
            or (fold(title) != fold(deputy) and _part_of(_caps_key(printed), deputy))
            or _unknown_title(title, deputy) or _rest_unknown(title, deputy))


def _rest_unknown(title: str, deputy: str) -> bool:
    """``title`` starts with the first word of ``deputy`` (``PHÓ``) and the rest of it is no
    title of the tables and has no word of the rest of the deputy's title."""
    words, wanted = fold(title).split(), fold(deputy).split()
    return (len(words) > 1 and len(wanted) > 1 and words[0] == wanted[0]
            and _unknown_title(" ".join(title.split()[1:]), " ".join(deputy.split()[1:])))


def _unknown_title(title: str, deputy: str) -> bool:
    """No title of the tables and no word of the deputy's title: not the title line."""
    return fold(title) not in _KNOWN_TITLES and not set(fold(title).split()) & set(fold(deputy).split())


def _collective_or_none(authority: str | None) -> bool:
    """No authority line read, or only a collective body's (``TM. ỦY BAN NHÂN DÂN``), under
    which a deputy's block prints ``KT.`` and the head's title on a line of its own."""
    return not authority or (fold(authority).startswith(("tm.", "t/m ")) and not _KT_HEAD.search(authority))


def _deputy_below(foot: Foot, sig: Signature) -> str | None:
    """The head's title when the title line reads as a head's title and the block line under
    it as that head's deputy's title, whole, cut short or smudged (``PHÓ GIÁM ĐC``, ``PHÓ
    ĐỌC``), or as the head's title again (the seal hid ``PHÓ``): a block never prints one
    title twice, so the upper line is the authority line whose ``KT.`` was lost."""
    if _head_of(sig.title or "") is not None or (line := _line_under_title(foot, sig)) is None:
        return None
    below = _letters_key(line.text)
    above = _letters_key(sig.title_line.text)
    heads = [sig.title] if fold(sig.title or "") in HEADS else [
        t for k, t in HEADS.items() if _ends_like(above, k)]
    for head in heads:
        deputy = fold(_deputy_of(head))
        if below and (below in (fold(head), deputy) or _part_of(below, deputy)
                      or ratio(below, deputy) >= _LINE_LIKE):
            return head
    return None


_LINE_LIKE = 0.7  # similarity of folded letters at which a smudged line reads as a title


def _line_under_title(foot: Foot, sig: Signature) -> Line | None:
    """The block's line under the title line that is no seal debris (specks between two lines
    are read as a line); None without one, when the title line is not the block's, or when the
    line under it is the signer's name (``Trịnh Xuân Trường`` ends like ``THỨ TRƯỞNG``)."""
    lines = foot.block
    at = next((i for i, ln in enumerate(lines) if ln is sig.title_line), None)
    line = None if at is None else next(
        (ln for ln in lines[at + 1:] if not is_seal_debris(ln.text)), None)
    return None if line is None or line is sig.signer_line else line


def _office_below(foot: Foot, sig: Signature) -> tuple[str, str, Line] | None:
    """(head, title, line) when the title line reads as a head's title and the block line under
    it as another officer's title (``CHÁNH VĂN PHÒNG``, ``OFFICER_TITLES``), whole or its end with
    its start under the seal (``ĂN PHÒNG``): a block prints one title, so the upper line is the
    authority line whose ``TL.`` was lost. The line is the title of the tables it reads most
    like (of titles that end alike, the shortest); a deputy's is no officer's."""
    if fold(sig.title or "") not in HEADS or (line := _line_under_title(foot, sig)) is None:
        return None
    below = _letters_key(line.text)
    head = sig.title
    if len(below.split()) < _OFFICE_WORDS or ratio(below, fold(head)) >= _LINE_LIKE:
        return None  # the head's title read twice is no other officer's
    fitting = [t for t in SIGNER_TITLES
               if below == fold(t) or _part_of(below, t) or _words_end_like(below, fold(t))]
    if not fitting:
        return None
    title = min(fitting, key=lambda t: (-_end_likeness(below, fold(t)), len(t)))
    return (head, title, line) if title in OFFICER_TITLES and title != head else None


_OFFICE_WORDS = 2  # words of another officer's title read at least (``ĂN PHÒNG``)


def _words_end_like(key: str, title: str) -> bool:
    """The words of ``key`` read as the title's last words (``an phong`` ~ ``van phong`` of
    ``chanh van phong``)."""
    return len(key.split()) <= len(title.split()) and _end_likeness(key, title) >= _LINE_LIKE + 0.1


def _end_likeness(key: str, title: str) -> float:
    """How alike ``key`` and as many of the title's last words are (both folded)."""
    return ratio(key, " ".join(title.split()[-len(key.split()):]))


def _letters_key(text: str) -> str:
    """A line's folded letters and spaces only (``T-GIÁM ĐÓC`` → ``t giam doc``)."""
    return " ".join(re.sub(r"[^a-z]+", " ", fold(text)).split())


def _ends_like(key: str, title: str) -> bool:
    """``key`` ends with words that read as ``title`` (``l giam noc`` ~ ``giam doc``)."""
    words = key.split()
    size = len(title.split())
    return len(words) >= size and ratio(" ".join(words[-size:]), title) >= _LINE_LIKE + 0.1


def _caps_key(text: str) -> str:
    """The folded words in capitals of a line, without the marks around them."""
    return " ".join(w for w in fold(text).split() if any(c.isalpha() for c in w)).strip(" '\".,:;")


def _part_of(key: str, title: str) -> bool:
    """``key`` is the start or the end of ``title`` (folded), most of it: a title cut short by
    a seal or a signature stroke (``PHÓ GIÁM`` of ``PHÓ GIÁM ĐỐC``, ``Ứ TRƯỞNG`` of
    ``THỨ TRƯỞNG``)."""
    full = fold(title)
    return len(key) >= 0.6 * len(full) and (full.startswith(key) or full.endswith(key))


def deputy_signs_for(fields, page: int) -> None:
    """A deputy signs for the head (Nghị định 30: ``KT.`` ký thay): a deputy's title
    (``PHÓ GIÁM ĐỐC``, ``THỨ TRƯỞNG``) with no authority line read lost its ``KT.`` line (often
    handwritten, or under the seal): ``KT.`` and the head's title, flagged. Its ``KT.`` with no
    title of the tables after it (``KT. GIẢN``: the seal or a stroke over the head's title)
    names that head too (``KT. GIÁM ĐỐC``), flagged by its reader (the calibration weighs the
    flag); the head's title with more (``KT. GIÁM ĐỐC SỞ``) is kept."""
    title = fields.get("signer_title")
    if title is None or not title.value:
        return
    head = _head_of(title.value)
    authority = fields.get("signing_authority")
    if head is None:
        return
    if authority is None or not authority.value:
        fields["signing_authority"] = _fv(f"KT. {head}", _INFERRED_CONF, page, title.box,
                                          review=True)
        return
    kt = _KT_HEAD.search(authority.value)
    if kt is None:
        return  # under TM. (a collective body) a deputy may sign without KT.
    read = fold(kt.group(1).strip())
    if read in _KNOWN_TITLES or read.startswith(fold(head)):
        return
    fields["signing_authority"] = replace(
        authority, value=f"{authority.value[:kt.start(1)].rstrip()} {head}",
        confidence=min(authority.confidence, _INFERRED_CONF), review=True)


def _line_lost_above(foot: Foot, sig: Signature) -> bool:
    """The title's line starts ``LOST_ABOVE`` line heights or more below ``Nơi nhận:``, level
    with which the block's first line stands (Nghị định 30): a line above the title was not
    read (``TM. ỦY BAN NHÂN DÂN`` under a grey seal). On real_dev's tuned half and eleven
    draws every title so placed with no authority line read had one printed (13 of 13)."""
    if sig.title_line is None or not foot.recipients:
        return False
    anchor = foot.recipients[0].box
    return sig.title_line.box[1] - anchor[1] >= LOST_ABOVE * (anchor[3] - anchor[1])


LOST_ABOVE = 0.6  # line heights below ``Nơi nhận:`` from which a title had a line above it


def _doubt_no_authority(fields, page: int, lost_above: bool = False) -> None:
    """No authority line read in a block whose title or name its reader doubts (a seal, a
    signature, a smudge over it), or whose title stands below the block's first line
    (``lost_above``): the ``KT.``/``TM.`` line may be lost the same way, so the empty
    authority asks for a look too, and a doubted head's title is the less sure (under a
    collective body's line too)."""
    authority, title = fields.get("signing_authority"), fields.get("signer_title")
    if authority is None or not authority.value:
        if lost_above or any(fields.get(f) is not None and fields[f].value and fields[f].review
                                for f in ("signer_title", "signer")):
            fields["signing_authority"] = _fv(None, 0.0, page, None, review=True)
    elif not _collective_or_none(authority.value):
        return
    if title is not None and title.value and title.review and _head_of(title.value) is None:
        # a head's title in a doubted block with no authority line, or under a collective
        # body's (``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``): ``PHÓ`` and
        # ``KT. X`` may both be lost under the seal
        fields["signer_title"] = replace(title, confidence=min(title.confidence, _INFERRED_CONF))


def _doubt_officer_alone(fields, page: int) -> None:
    """An officer's title (``CHÁNH VĂN PHÒNG``, ``TRƯỞNG PHÒNG …``, ``VỤ TRƯỞNG``) with no
    authority line, in a document no office of his name issued (``SỞ Y TẾ``): such an officer
    signs ``TL.``/``TUQ.`` for the head (Nghị định 30), so the authority line was lost (a seal,
    a signature over it) and the empty authority asks for a look."""
    authority, title = fields.get("signing_authority"), fields.get("signer_title")
    issuer = fields.get("issuer")
    if (authority is not None and authority.value) or title is None or not title.value \
            or issuer is None or not issuer.value:
        return
    office = _office_of(title.value)
    if office is not None and not f"{issuer.value.upper()} ".startswith(f"{office} "):
        fields["signing_authority"] = _fv(None, 0.0, page, None, review=True)


# an officer's title → the office he heads: a document that office issues he signs alone
_OFFICES = {"CHÁNH VĂN PHÒNG": "VĂN PHÒNG", "TRƯỞNG PHÒNG": "PHÒNG", "VỤ TRƯỞNG": "VỤ",
            "CỤC TRƯỞNG": "CỤC", "CHÁNH THANH TRA": "THANH TRA", "TRƯỞNG BAN": "BAN"}


def _office_of(title: str) -> str | None:
    """The office whose head or deputy bears ``title`` (``PHÓ TRƯỞNG PHÒNG NỘI VỤ`` → ``PHÒNG``),
    None for other titles."""
    bare = title.upper().removeprefix("PHÓ ")
    return next((office for t, office in _OFFICES.items() if bare == t or bare.startswith(f"{t} ")),
                None)


def _signature_fits(fields, title_told: bool) -> None:
    """An authority and a title that pair as Nghị định 30 prints them (``fits_title``) back
    each other: both are as sure as a text layer's, the authority when its reader has no doubt
    of it, the title when its reader has none either or when it is the deputy ``KT. X`` names
    (``title_told``: the seal hid ``PHÓ``, the line is lost). The name is not judged."""
    authority, title = fields.get("signing_authority"), fields.get("signer_title")
    if title is None or not title.value or (authority is not None and authority.review):
        return
    printed = authority.value if authority is not None else None
    if not fits_title(printed, title.value) or (title.review and not (title_told and printed)):
        return
    if printed:
        fields["signing_authority"] = replace(authority, confidence=max(authority.confidence,
                                                                        FITTING_CONF))
    fields["signer_title"] = replace(title, confidence=max(title.confidence, FITTING_CONF),
                                     review=False)


FITTING_CONF = 0.95  # an authority and a title that fit each other: as sure as a text layer
_STANDING = re.compile(r"\bTHƯỜNG (?:TRỰC|VỤ)\b")  # Thường trực HĐND, Ban Thường vụ
_ASSIGNED = re.compile(r"^(?:TL|TUQ)\. (.+)$")  # thừa lệnh, thừa ủy quyền: another officer signs


def fits_title(authority: str | None, title: str) -> bool:
    """``title`` is a title of the tables that may sign under ``authority``: a head with no
    authority line, X's deputy under ``KT. X``, a head under ``TM.`` a collective body (a
    deputy too when it is a standing committee) and under ``TL.``/``TUQ. X`` another officer
    than X."""
    if title not in SIGNER_TITLES:
        return False
    if not authority:
        return _head_of(title) is None
    if kt := _KT_HEAD.search(authority):
        head = kt.group(1).strip()
        return head in SIGNER_TITLES and title == _deputy_of(head)
    if authority.startswith("TM. "):  # a deputy signs for a standing committee, of which he is one
        return _head_of(title) is None or _STANDING.search(authority) is not None
    assigned = _ASSIGNED.match(authority)
    return assigned is not None and assigned.group(1) in SIGNER_TITLES and title != assigned.group(1)


_NAME_WORDS = 3  # Vietnamese names have three words or more (122 of 123 labelled signers)
_INFERRED_CONF = 0.35  # a value inferred from the layout's conventions, not read
_NAMELESS_TITLE_CONF = 0.45  # a title read in a block whose name was not: the block read badly


_KT_HEAD = re.compile(r"\bK(?:T\.|/T)\s*([^./]*)$")  # "KT. CHỦ TỊCH": the head the deputy signs for


def _deputy_of(head: str) -> str:
    """The deputy's title: BỘ TRƯỞNG → THỨ TRƯỞNG, otherwise PHÓ + title."""
    named = next((d for h, d in DEPUTIES.items() if fold(h) == fold(head)), None)
    return named or f"PHÓ {head}"


def _head_of(title: str) -> str | None:
    """The head a deputy signs for (``_deputy_of`` read backwards); None for a head."""
    named = next((h for h, d in DEPUTIES.items() if d == title), None)
    return named or (title[4:] if title.startswith("PHÓ ") else None)
