"""The foot of the document: recipients (nơi nhận, left) and the signature block (right).

They sit on whichever page the text ends, which is not always the last one: attachments
(phụ lục, dự thảo) often follow the signature.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from archive_service.records import Word

from ._dictionary import lexicon
from ._header import Line
from ._layout import PageLayout, join_words, share_covered
from ._lexicon import TITLES_BY_FOLD, repair_header, repair_surname, repair_title
from ._tables import (
    AUTHORITY_PREFIXES,
    ORGAN_STARTS,
    RECIPIENT_ABBREVIATIONS,
    SIGNER_TITLES,
    SURNAMES,
)
from ._text import fold, fold_alnum, is_upper_text, new_tones, plain_letters, squash
from ._tones import is_syllable

# ``Nơi nhận:``, its first letter maybe misread (``Mới nhận:``: then only with its colon, as
# a body line may open with ``Mọi nhân …``)
_NOI_NHAN = re.compile(r"^\W{0,3}(?:n?[o0]i\s*nh[a-z]n\b\s*:?|[a-z][o0]i\s*nh[a-z]n\s*:)",
                       re.IGNORECASE)
# the prefixes of an authority line; ``TU.`` is ``TUQ.`` with its Q lost
_PREFIX = re.compile(r"^(TUQ|T/M|K/T|TM|KT|TL|TU(?=\s*[.,:])|Q)(?:\s*[.,:]\s*|\s+)(?=\S)",
                     re.IGNORECASE)
_E_SIGNATURE = ("ky boi", "co quan:", "thoi gian ky", "email", "ngay ky")
LEFT_MARGIN = 0.3  # share of the page width within which ``Nơi nhận:`` and the list start
RIGHT_COLUMN = 0.42  # share of the page width right of which the signature block stands
LIST_LIMIT = 0.4  # share of the page width the list never passes when the block is further right
RECIPIENTS_GAP = 3.0  # line heights between two lines of the list (more ends it)
WORD_GAP = 6.0  # line heights between two words of a list's line (what lies past it is debris)
COLUMN_GAP = 0.8  # line heights between a list's item and the block's line it runs up to
# line heights under an authority line standing in for an unread ``Nơi nhận`` where the list's
# dashes are looked for, when more than the three rows under it (the block's title, a mark or
# the seal's letters may make rows between)
LIST_UNDER = 4.0
BLOCK_LINE_LETTERS = 3  # fewer letters on a block's line: a speck or a stroke of the signature


@dataclass
class Foot:
    page: int  # 1-based
    recipients: list[Line] = field(default_factory=list)
    block: list[Line] = field(default_factory=list)  # right column, top to bottom
    block_x0: float = 0.0
    labelled: bool = True  # the first of the recipients' rows is ``Nơi nhận:``, maybe garbled


def find_foot(layouts: list[PageLayout], first_page: int = 0) -> Foot | None:
    """The first ``Nơi nhận`` block (from ``first_page`` on) and the signature beside it.

    A page's foot is found by ``Nơi nhận:``; when that is unreadable, by the first authority
    line (``TL. CHỦ TỊCH``) in the right half of a row whose left side starts a dash list; when
    both are garbled, by the list itself, read up from the archive copy ``Lưu: VT`` that ends
    it. The first page with a foot holds the document's: an annex after it (a report's form)
    may carry a foot of its own, read clean.
    """
    for layout in layouts[first_page:]:
        for find in (_noi_nhan_foot, _authority_foot, _archive_copy_foot):
            if (foot := find(layout)) is not None:
                return foot
    return None


def _noi_nhan_foot(layout: PageLayout) -> Foot | None:
    for ri, row in enumerate(layout.rows):
        seg = row[0]
        if seg.x0 <= layout.width * LEFT_MARGIN and _NOI_NHAN.match(fold(seg.text)):
            return _build_foot(layout, ri)
    return None


def _authority_foot(layout: PageLayout) -> Foot | None:
    for ri, row in enumerate(layout.rows):
        right = squash(" ".join(s.text for s in row if s.x0 >= layout.width * RIGHT_COLUMN))
        if not right or not (_is_authority_text(_caps_run(right))
                             or repair_title(_caps_run(right)) == (_caps_run(right), False)
                             and is_upper_text(right)):
            continue
        top = min(s.y0 for s in row)
        near = [r for r in layout.rows[ri + 1:]
                if min(s.y0 for s in r) <= top + LIST_UNDER * layout.line_height]
        below = max(near, layout.rows[ri + 1: ri + 4], key=len)
        dashed = [r[0].x0 for r in below if r[0].x0 < layout.width * LEFT_MARGIN
                  and re.match(r"^\s*[-–—~•]", r[0].text)]
        if len(dashed) >= 2:
            return _build_foot(layout, ri, list_left=min(dashed))
    return None


LIST_ITEMS = 12  # rows a recipients list may have above its ``Lưu: VT``


def _archive_copy_foot(layout: PageLayout) -> Foot | None:
    """The foot whose list ends in ``Lưu: VT`` at the left margin: the list's first row is the
    highest of the rows above it that start where it starts and stay in the left column, each
    within ``RECIPIENTS_GAP`` line heights of the next."""
    lh, width = layout.line_height, layout.width
    for ri, row in enumerate(layout.rows):
        seg = row[0]
        if seg.x0 > width * LEFT_MARGIN or not _ARCHIVE_COPY_LINE.match(seg.text):
            continue
        first = ri
        for above in range(ri - 1, max(ri - LIST_ITEMS, -1), -1):
            lead = layout.rows[above][0]
            gap = min(s.y0 for s in layout.rows[first]) - max(s.y1 for s in layout.rows[above])
            if (gap > RECIPIENTS_GAP * lh or abs(lead.x0 - seg.x0) > 2 * lh
                    or lead.x1 > width * LIST_LIMIT):
                break
            first = above
        if first < ri:
            lead = layout.rows[first][0]
            return _build_foot(layout, first, list_left=min(seg.x0, lead.x0),
                               labelled=bool(_LABEL_GARBLED.match(lead.text)))
    return None


# a garbled ``Nơi nhận:``: a word or two and the colon, nothing after it
_LABEL_GARBLED = re.compile(r"^\W{0,3}\w+(?:\s+\w+)?\s*:\s*$")
# the archive copy's line, its dash maybe misread: ``- Lưu: VT, NC.``
_ARCHIVE_COPY_LINE = re.compile(r"^\W{0,3}L[uư]u\s*:?\s*V[T1Il]\b")


def _build_foot(layout: PageLayout, anchor: int, list_left: float | None = None,
                labelled: bool = True) -> Foot:
    """The foot from row ``anchor`` (``Nơi nhận``'s, or the authority line standing in for it,
    whose list starts at ``list_left``)."""
    lh = layout.line_height
    width = layout.width
    anchor_y = min(s.y0 for s in layout.rows[anchor])
    # right column: segments starting right of the middle, from just above Nơi nhận
    right: list[tuple[int, list[Word]]] = []
    for ri, row in enumerate(layout.rows):
        y = min(s.y0 for s in row)
        if y < anchor_y - 3 * lh:
            continue
        words = [w for s in row for w in (s.words if s.x0 >= width * RIGHT_COLUMN
                                          else _block_words_after(s.words, width, lh))]
        text = squash(" ".join(w.text for w in words))
        if ri < anchor and not (_is_authority_text(text) or (y >= anchor_y - 1.5 * lh
                                and is_upper_text(text, min_share=0.85))):
            continue  # above Nơi nhận: an authority line, or a title level with it
        if words:
            right.append((ri, words))
    block = [Line(sorted(ws, key=lambda w: w.x0), ri) for ri, ws in right]
    block = [ln for ln in block if not fold(ln.text).startswith(_E_SIGNATURE)]
    block = _without_lines_read_twice(block)
    block_x0 = min((ln.box[0] for ln in block if len(plain_letters(ln.text)) >= BLOCK_LINE_LETTERS),
                   default=width * 0.5)
    limit = max(block_x0 - 0.5 * lh, width * LIST_LIMIT)
    recipients: list[Line] = []
    list_left = min(s.x0 for s in layout.rows[anchor]) if list_left is None else list_left
    for ri in range(anchor, len(layout.rows)):
        row = [w for s in layout.rows[ri] for w in s.words]
        words = _up_to_gap([w for w in row if (w.x0 + w.x1) / 2 < limit], WORD_GAP * lh, list_left)
        if not words:
            continue
        if not any(_level(ln, words) for ln in block):  # nothing of the block beside it
            words += _running_on(words, [w for w in row if (w.x0 + w.x1) / 2 >= limit], lh)
        if recipients and min(w.y0 for w in words) - recipients[-1].y1 > RECIPIENTS_GAP * lh:
            break
        recipients.append(Line(words, ri))  # left to right already
    return Foot(layout.page.number, recipients, block, block_x0, labelled)


RUN_ON_GAP = 1.0  # line heights between a list line's words as it runs on under the block


def _level(line: Line, words: list[Word]) -> bool:
    """``line`` stands level with ``words``: their boxes overlap by half the shorter one's height."""
    top, bottom = min(w.y0 for w in words), max(w.y1 for w in words)
    overlap = min(bottom, line.box[3]) - max(top, line.box[1])
    return overlap > 0.5 * min(bottom - top, line.box[3] - line.box[1])


def _running_on(words: list[Word], further: list[Word], lh: float) -> list[Word]:
    """The words of ``further`` (right of the list's limit) that carry a list line on, word
    after word at a word's space, where no line of the block stands beside it (a long item
    printed under the block: ``… thành phố trực`` ``thuộc trung ương;``)."""
    end, out = max(w.x1 for w in words), []
    for word in sorted(further, key=lambda w: w.x0):
        if word.x0 - end > RUN_ON_GAP * lh or not any(c.isalnum() for c in word.text):
            break
        out.append(word)
        end = word.x1
    return out


def _block_words_after(words: list[Word], width: float, lh: float) -> list[Word]:
    """The words of a list's segment that are the block's line level with it: a long item
    printed close to the block (``… trung ương;`` ``KT. THỦ TƯỚNG``) reads as one segment with
    it. They are the words after a space of ``COLUMN_GAP`` line heights or more, right of the
    middle, that read as an authority or a title line; none otherwise."""
    words = sorted(words, key=lambda w: w.x0)
    for i in range(len(words) - 1, 0, -1):
        if words[i].x0 < width * RIGHT_COLUMN:
            break
        if words[i].x0 - words[i - 1].x1 >= COLUMN_GAP * lh:
            text = _caps_run(squash(" ".join(w.text for w in words[i:])))
            if _is_authority_text(text) or text in SIGNER_TITLES:  # the tables' titles: capitals
                return words[i:]
    return []


def _up_to_gap(words: list[Word], gap: float, left: float) -> list[Word]:
    """``words`` left to right up to the first space wider than ``gap``, counting from the
    list's left edge ``left``: a list's line is printed close, from that edge, and what stands
    far right of it, short of the signature block, is the seal's or the signature's debris
    (``Nơi nhận:`` … ``ĐĐ``)."""
    words = sorted(words, key=lambda w: w.x0)
    end = left
    for i, word in enumerate(words):
        if word.x0 - end > gap:
            return words[:i]
        end = max(end, word.x1)
    return words


def _is_authority_text(text: str) -> bool:
    text = repair_smudged_kt(text)
    return bool(_PREFIX.match(_unglue_prefix(text))) and is_upper_text(text, min_share=0.6)


DEPUTIES = {"BỘ TRƯỞNG": "THỨ TRƯỞNG"}  # heads whose deputy is not PHÓ + their title
HEADS = {fold(t): t for t in SIGNER_TITLES
          if f"PHÓ {t}" in SIGNER_TITLES or t in DEPUTIES}  # titles a deputy signs for
# the titles of officers who sign ``TL.`` for a head (``CHÁNH VĂN PHÒNG``): no deputy's, who
# signs ``KT.`` for his own head
OFFICER_TITLES = tuple(t for t in SIGNER_TITLES
                       if not t.startswith("PHÓ ") and t not in DEPUTIES.values())
_KT_MARKS = 2  # marks a smudged ``T.`` of ``KT.`` may be read as
# ``T1``, ``Tl``, ``“TT``: the ``T.`` of ``KT.`` with its K lost, or ``TL.`` with its L read as a
# 1 or a T, marks before it (any one or two capitals before a stop, ``UV.`` for ``TL.``, was
# tried: it moved the measured half and an aside draw the wrong way)
_MISREAD_PREFIX = re.compile(r"^[^\w(]{0,2}T[1Il|T][\s_.,:;-]*(?=\S)")
_DEBRIS_MARKS = 3  # letters of seal debris before it
_MARKS_FIRST = re.compile(r"^[^\w(]+(?=\w)")  # marks glued before a line's first word


def repair_smudged_kt(text: str) -> str:
    """``KÍGIÁM ĐÓC``, ``“co. Kf, BỘ TRƯỞNG``: ``KT.`` with its ``T.`` smudged (a signature
    stroke, a seal's rim) before the title of a head a deputy signs for: ``KT. GIÁM ĐỐC``.
    A ``K`` with at most two marks after it, then exactly a head's title; a few letters of
    debris may stand before. Anything else is returned as it was."""
    if _PREFIX.match(bare := _MARKS_FIRST.sub("", text)):
        return bare  # a prefix as printed, specks of a stroke or the seal before it (``,<KT.``)
    tokens = text.split()
    for start, token in enumerate(tokens):
        if _PREFIX.match(" ".join(tokens[start:])):
            return text  # a prefix as printed (``KT.``, ``K/T``)
        if token[:1] in "Kk":  # ``kĩ, GIÁM ĐỐC``: the K's case is lost with its T.
            for cut in range(1, min(len(token), 1 + _KT_MARKS) + 1):
                rest = " ".join([token[cut:], *_without_end_debris(tokens[start + 1:])])
                head = HEADS.get(fold(rest.strip(" .,:;")))
                if head and (cut > 1 or not token[cut:cut + 1].isalpha()):
                    return f"KT. {head}"
        if sum(c.isalnum() for c in token) > _DEBRIS_MARKS or token.isupper() and len(token) > 1:
            break  # a word, not debris: no KT. hidden after it
    return text


def _without_end_debris(tokens: list[str]) -> list[str]:
    """The tokens without a last one of one letter or mark (``GIAM ĐỌC j``: a stroke's end)."""
    return tokens[:-1] if len(tokens) > 1 and sum(c.isalnum() for c in tokens[-1]) <= 1 else tokens


def normalise_prefix(text: str) -> str:
    """``KT CHỦ TỊCH`` / ``KT, CHỦ TỊCH`` → ``KT. CHỦ TỊCH``, ``TU. BỘ TRƯỞNG`` → ``TUQ. BỘ
    TRƯỞNG``; ``T/M``, ``K/T`` stay as printed."""
    m = _PREFIX.match(text)
    if not m:
        return text
    printed = m.group(1).upper()
    printed = "TUQ" if printed == "TU" else printed
    if "/" in printed:
        return f"{printed} {text[m.end():].strip()}"  # older documents: T/M, K/T as printed
    prefix = printed + "."
    if prefix not in AUTHORITY_PREFIXES:
        return text
    return f"{prefix} {text[m.end():].strip()}"


_DASHED = re.compile(r"^[\s:;.,]*(?:[-–—~•+*_=]+['’`]?\s*)+")  # a list item's dash


def parse_recipients(lines: list[Line], labelled: bool = True) -> list[str]:
    """Lines after ``Nơi nhận:``; a line not starting with a dash continues the one before.
    Without the label (``labelled`` false) the first line is a recipient, its dash misread."""
    items: list[str] = []
    for i, line in enumerate(lines):
        text = _without_leading_garbage(line) if i or not labelled else line.text
        if not text:
            continue
        if i == 0 and labelled and (not _DASHED.match(text) or _NOI_NHAN.match(fold(text))):
            # "Nơi nhận:" itself, maybe followed by a first recipient on the same line (a
            # first line starting with a dash is a recipient: the label was unread)
            text = text.split(":", 1)[1].strip() if ":" in text[:16] else ""
            if not text:
                continue
        text = _SPECK_BEFORE_DASH.sub("", text)
        m = _DASHED.match(text)
        if m:
            items.append(text[m.end():].strip())
        elif items and _LUU.match(items[-1]) and items[-1].endswith("."):
            break  # the archive copy, ended, closes the list: below it is the page's debris
        elif items and not _new_item(items[-1], text):
            items[-1] = f"{items[-1]} {text.strip()}"
        else:
            items.append(text.strip())
    # two items read as one line: a dash after an item's ";" starts the next
    items = [part for it in items for part in re.split(r"(?<=;)\s+[-–—¬~•+]\s+(?=\S)", it)]
    items = [_LEADING_MARKS.sub("", it) for it in items]
    out = []
    for it in items:
        it = " ".join(t for t in it.split() if t not in {"|", "¦", "`", "'", "~"})
        it = re.sub(r"\s+([;,.:])", r"\1", it)
        it = re.sub(r";[\s.,:;\-–|`'~„“”‚]+$", ";", it).strip(" `'")
        it = re.sub(r",:(?=\S)", ", ", it)  # a speck after a comma (``VT,:ntphong``)
        it = re.sub(r"(?:\s+[-–.,|`'~_ˆ]+)+$", "", it)  # specks after the item (``SYT, - -``)
        it = re.sub(r"(?<=[;.])\s*[_ˆ`'~|]+$", "", it)  # debris after the item's own end
        it = re.sub(r"(?<=;)\s+\d$", "", it)  # a speck read as a digit after it (``Như trên; 2``)
        if it and (not out or it != out[-1]):  # a line OCR read twice is named once
            out.append(it)
    doubtful = {w.text.strip(",.;:()").translate(_ETH) for ln in lines for w in ln.words
                if w.conf < ABBREVIATION_DOUBT}
    out = [_tidy_item(_LUU.sub("Lưu", it), doubtful) for it in out]
    # every line but the last ends with ";" (a trailing ":" or "," is a misread ";"), the last
    # with "." (``- Lưu: VT, NC.``)
    out = [re.sub(r"[:,]$", ";", it) for it in out[:-1]] + out[-1:]
    if out and _LUU.match(out[-1]):
        out[-1] = re.sub(r"\s*[;:,]$", ".", out[-1])
        out[-1] = re.sub(r"(?<=\.)\s+\S{1,3}$", "", out[-1])  # a speck after the list's end
    return out


_ETH = str.maketrans("Ðð", "Đđ")  # the Icelandic eth OCR reads for Đ
# the archive copy, ``Lưu``, also with its L misread before a colon (``„sưu: VT``)
_LUU = re.compile(r"^(?:L[uưựừứửữ]u(?=[\s:])|[^\W\dL]ưu(?=\s*:))")  # ``Lựu:``: a tone added
# what OCR reads for a lost dash before an item (``: CT, …``, ``› Lưu``): marks, no word or ``(``
_LEADING_MARKS = re.compile(r"^(?:[^\w(“\"]|[ˆ˜ˇ˘˙])+")  # modifier letters too (``ˆ Như trên;``)
# a speck read as one letter before an item's dash (``n - Như trên;``)
_SPECK_BEFORE_DASH = re.compile(r"^\w\s+(?=[-–—]\s*\S)")


def _new_item(previous: str, text: str) -> bool:
    """A line whose dash was lost (or read as another mark) still starts an item: the one
    before ended with ``;`` (or ``:``, its misreading, unless it is ``Lưu:``) and this one
    starts with a capital (``CT, PCT UBND tỉnh;``), or it is the archive copy."""
    start = _LEADING_MARKS.sub("", text.strip())
    before = previous.rstrip()
    ended = before.endswith(";") or (before.endswith(":") and not _LUU.match(before))
    return bool(_LUU.match(start)) or (ended and start[:1].isupper())


def _word_case(word: str, item: str) -> str:
    """A word in capitals inside a lower-case item, with a tone or vowel mark and known to the
    lexicon, is a misread capital (``Ban Giám đốc SỞ`` → ``Sở``), not an abbreviation."""
    core = word.strip(",.;:()")
    if len(core) < 2 or not core.isupper() or item.isupper() or not _has_mark(core):
        return word
    if core.lower() not in lexicon().words:
        return word
    return word.replace(core, core[0] + core[1:].lower())


def _has_mark(text: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text.replace("Đ", "D")))


# ``(để b/c)``, ``(để biết)``: the purpose after a recipient, whose ``để`` OCR reads ``đê``/``đề``
_PURPOSE = re.compile(r"\((?:đ|d)[eêềếểễệ]\s+(b/c|báo cáo|biết|phối hợp|thực hiện|chỉ đạo|theo dõi"
                      r"|t/h|p/h|th|ph)\b", re.IGNORECASE)


# ``xã. thị`` (see _tidy_item); a letter alone after the stop is a speck (``NC. a``)
_COMMA_AS_STOP = re.compile(r"(?<=[^\W\d_])\.(?=\s+([^\W\d_])[^\W\d_])")


_BODY_ABBREVIATION = re.compile(r"[A-ZĐ]{4,}")  # ``HĐND``, ``UBND``: no stop of their own


def _comma_as_stop(match: re.Match) -> str:
    """A stop before a word in lower case (``các xã. thị trấn``) or after one (``Huyện ủy.
    TT. HĐND``) is a comma, and so is one after a body's abbreviation of four capitals or more
    (``HĐND. UBND các tỉnh``); between two shorter words in capitals it is an abbreviation's
    (``TT. HĐND``). The archive copy ends with its drafter's name in lower case: what follows
    is debris."""
    before = match.string[:match.start()].split()[-1]
    listed = not _LUU.match(match.string)  # an office's item, not the archive copy
    after = before[-1].islower() or bool(_BODY_ABBREVIATION.fullmatch(before))
    return "," if match.group(1).islower() or (listed and after) else match.group(0)


def _tidy_item(item: str, doubtful: set[str] = frozenset()) -> str:
    """The conventions of recipient lists where OCR slips (a space after a comma or an
    abbreviation's stop is kept as read: ``VT,TCCB`` and ``VP.Tỉnh ủy`` are as common as
    ``VT, TCCB`` and ``TT. Huyện ủy`` on real lists; the page's ink tells, ``word_spaces``),
    ``TT.`` (thường trực) read ``TT:``, ``(b/c)`` (báo cáo) whose ``c`` was read ``©``, ``e``
    or ``o``, words misread in capitals, doubtful abbreviations one look-alike letter off a
    known one, and the archive copy ``Lưu: VT``. A stop between two words next to one in lower
    case is a comma whose tail OCR lost (``các xã. thị trấn``): an item is one phrase."""
    item = item.translate(_ETH)
    item = re.sub(r"(?<=[A-ZĐ])†(?=[A-ZĐ])", "T", item)  # a dagger inside capitals: a T (K†DA)
    item = re.sub(r"(?<=[A-ZĐ])€", "C", item)  # a euro sign after a capital: a C (N€)
    # no other abbreviation is spelled so (its ``b`` read ``h``, its ``c`` a look-alike)
    item = re.sub(r"([(\s])(?:b/[©€¢eoC]|h/[©€¢eoCc])\)", r"\1b/c)", item)
    item = re.sub(r"(\([^()]*)\}", r"\1)", item)  # a brace closing what a bracket opened
    item = _PURPOSE.sub(r"(để \1", item)
    item = _COMMA_AS_STOP.sub(_comma_as_stop, item)
    if not _LUU.match(item):  # the archive copy names a desk or a clerk, not an office
        item = re.sub(r"\bTT:(?=\s+[A-ZĐ])", "TT.", item)
        item = re.sub(r"^TT,(?=\s+[A-ZĐ][a-zà-ỹđ])", "TT.", item)  # opening ``TT. Huyện ủy``
        # ``Sở`` read ``Số``, ``Sổ``, ``Sơ`` or without its marks before an office's name or as
        # the last word (``Giám đốc Số``, ``Sổ Nội vụ``): a list names offices, never a number
        # or a book so
        item = re.sub(r"(?<![\w/])S[oốổơờớỏóòọõỡợ](?=\s+[A-ZĐ(]|\s*[;,.(]|$)", "Sở", item)
        item = " ".join(_known_abbreviation(w, doubtful) for w in item.split(" "))
        item = _HEAD_AND_DEPUTIES.sub(_head_as_deputies_say, item)
    item = " ".join(_word_case(w, item) for w in item.split(" "))
    item = _surname_first(item)
    item = re.sub(r"^(Lưu:?\s+)V[I1l|iịíìỉĩ](?=\b|,)", r"\1VT", item)
    item = _VT_AS_WORD.sub(r"\1VT,", item)
    item = re.sub(r"^(Lưu:?\s+VT)\.(?=\w)", r"\1,", item)  # ``VT.pxphong``: a comma misread
    # ``VT NC``, ``VTNC``: the comma before a desk's abbreviation lost, and its space (``Lưu:
    # VT và …`` is as printed; no desk's abbreviation runs on from ``VT``)
    item = re.sub(r"^(Lưu:?\s+VT)\s*(?=[A-ZĐ]{2,}\b)", r"\1, ", item)
    item = re.sub(r"^(Lưu\b.*\w)\.{2}$", r"\1.", item)  # the list's stop read twice
    item = _AS_ABOVE_END.sub("Như trên", item)
    item = re.sub(r"(?:,\.|\.,)$", ";", item)  # a semicolon's dot and comma read apart
    return re.sub(r"^([^()]*)\)$", r"\1;", item)  # a bracket no bracket opened: the item's ``;``


# ``Như trên`` (as above) whose first letters the column's edge took (``ư trên``, ``hư trên``;
# ``Nhu trên`` is a running phrase, ``_tables.RUNNING_PHRASES``)
_AS_ABOVE_END = re.compile(r"^h?[ưu]\s+trên(?=\W*$)")


# a head and the deputies of one title (``CT, PCT UBND tỉnh``, ``GĐ và các PGĐ Sở``)
_HEAD_AND_DEPUTIES = re.compile(r"\b([A-ZĐ]{2,4})([,;]?\s+(?:các\s+|và\s+(?:các\s+)?)?P)([A-ZĐ]{2,4})\b")


def _head_as_deputies_say(match: re.Match) -> str:
    """The head's abbreviation one look-alike letter off the deputies' title (``GT, PCT``):
    the deputies' (``CT, PCT``). The head and its deputies are one recipient: a semicolon
    between them is a comma misread (``CT; các PCT``)."""
    head, between, title = match.groups()
    between = between.replace(";", ",")
    if head != title and len(head) == len(title) and title in RECIPIENT_ABBREVIATIONS \
            and _one_confusion(head, title):
        return title + between + title
    return head + between + title


# the archive copy's ``VT`` read as a word (``Lưu: Vũ HCSN``, ``Lưu: Về, VP``, ``Lưu: VE NC.``):
# its T taken for a vowel, with its marks or a capital, the comma after it lost with it or read
_VT_AS_WORD = re.compile(r"^(Lưu:?\s+)V[aăâeêioôơuưyà-ỹAEIOUY],?(?=\s+[A-ZĐ])")


def _surname_first(item: str) -> str:
    """A person named in a list (``Thứ trưởng Nguyên Văn Phúc``): the first of three or more
    capitalised words is a family name, spelled as the table spells it when it folds like one
    and is none (``Nguyên`` → ``Nguyễn``; ``Phan`` and ``Phạm`` are both kept as read)."""
    words = item.split(" ")
    for i in range(len(words) - 2):
        run = [w.strip(",.;:()") for w in words[i:i + 3]]
        if i and all(w[:1].isupper() and w.isalpha() and not w.isupper() for w in run) \
                and not (words[i - 1][:1].isupper() and words[i - 1].isalpha()):
            surname, repaired = repair_surname(run[0])
            if repaired and fold(surname) == fold(run[0]):
                words[i] = words[i].replace(run[0], surname)
    return " ".join(words)


def _known_abbreviation(word: str, doubtful: set[str]) -> str:
    """A word in capitals that is no known abbreviation: two known ones OCR glued together
    (``BGĐSYT``), or one known abbreviation with a ``Đ`` whose bar was lost (``BGD``), or,
    when doubtful, one look-alike letter off exactly one known abbreviation (``PCVE``) or one
    with a ``Đ`` read twice or a stroke read as an ``I`` (``PGĐĐ``, ``VTLITNN``)."""
    core = word.strip(",.;:()")
    if len(core) < 3 or not core.isalpha() or not core.isupper():
        return word
    if core in RECIPIENT_ABBREVIATIONS or core.lower() in lexicon().words:
        return word
    glued = [f"{core[:i]} {core[i:]}" for i in range(3, len(core) - 2)
             if core[:i] in RECIPIENT_ABBREVIATIONS and core[i:] in RECIPIENT_ABBREVIATIONS]
    if len(glued) == 1:
        return word.replace(core, glued[0])
    near = {a for a in RECIPIENT_ABBREVIATIONS if len(a) == len(core) and (
        _lost_bar(core, a) or (core in doubtful and _one_confusion(core, a)))}
    if not near and core in doubtful:
        near = {fewer for i in range(len(core)) if _read_in_excess(core, i)
                and (fewer := core[:i] + core[i + 1:]) in RECIPIENT_ABBREVIATIONS}
    return word.replace(core, near.pop()) if len(near) == 1 else word


def _read_in_excess(read: str, i: int) -> bool:
    """The letter at ``i`` may be one OCR added: an ``I`` (a stroke), or a ``Đ`` after a ``Đ``
    (its bar read as a second letter, as in the symbol's ``QĐÐ``). Other letters doubled are
    printed so (``PCTT``, ``TTĐT``)."""
    return read[i] == "I" or (i > 0 and read[i] == read[i - 1] == "Đ")


def _lost_bar(read: str, known: str) -> bool:
    """``read`` is ``known`` with the bar of one ``Đ`` lost (``BGD`` for ``BGĐ``)."""
    return _letters_apart(read, known) == [("D", "Đ")]


def _letters_apart(read: str, known: str) -> list[tuple[str, str]]:
    """The (read, known) letters where two words of one length differ."""
    return [(a, b) for a, b in zip(read, known, strict=True) if a != b]


# capitals OCR takes for each other (a bar or a stroke lost or added)
_CONFUSED = {frozenset(pair) for pair in ("IT", "IL", "EF", "EP", "FP", "OD", "OQ", "CG", "CO",
                                           "UV", "HN")}


def _one_confusion(read: str, known: str) -> bool:
    """``read`` is ``known`` with one letter taken for a look-alike (``VILTNN`` for ``VTLTNN``)."""
    diff = _letters_apart(read, known)
    return len(diff) == 1 and frozenset(diff[0]) in _CONFUSED


ABBREVIATION_DOUBT = 80.0  # abbreviations read below this may be respelled as a known one
_GARBAGE_CONF = 25.0


def _without_leading_garbage(line: Line) -> str:
    """A recipient line without the unreadable pieces OCR put before it (``h Như trên;``):
    words read with almost no confidence, before the first readable word."""
    words = list(line.words)
    while words and not words[0].text.startswith(_DASHES) and (
            words[0].conf < _GARBAGE_CONF or _mark_before_dash(words)):
        words.pop(0)
    return join_words(words) if words else ""


_DASHES = ("-", "–", "—")


def _mark_before_dash(words: list) -> bool:
    """A speck read as a mark (``'``, ``¡``) before the line's dash: no part of the item."""
    return (len(words) > 1 and not any(c.isalnum() for c in words[0].text)
            and words[1].text.startswith(_DASHES))


@dataclass
class Signature:
    authority: str | None
    title: str | None
    signer: str | None
    title_repaired: bool = False
    authority_repaired: bool = False
    signer_repaired: bool = False
    title_line: Line | None = None
    signer_line: Line | None = None
    authority_lines: list[Line] = field(default_factory=list)


_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]*$")


_EDGE_MARKS = re.compile(r"^[\W_]+|[\W_]+$")


# two capitalised words joined by a dash: a signature's stroke across the space between them
_STROKE_JOINED = re.compile(r"^([^\W\d_]+)[-–—]+(?=[^\W\d_])")


def _name_tokens(text: str) -> list[str]:
    """The words of a name line without the marks at their edges (``Phan: ¡Ngọc``), words
    a stroke joined apart (``Thị-Xuân``: no Vietnamese name is written with a dash)."""
    tokens = [_EDGE_MARKS.sub("", t) for t in text.split()]
    return [part for t in tokens if t for part in _stroke_apart(t)]


def _stroke_apart(token: str) -> list[str]:
    parts = [token]
    while (m := _STROKE_JOINED.match(parts[-1])) and parts[-1][m.end()].isupper():
        parts[-1:] = [m.group(1), parts[-1][m.end():]]
    return parts


def _looks_like_name(text: str) -> bool:
    tokens = _name_tokens(text)
    if len(tokens) < 2 or len(tokens) > 6:
        return False
    if not all(_NAME_WORD.match(t) for t in tokens):
        return False
    capital = [t for t in tokens if t[0].isupper() and not t.isupper()]
    return len(capital) >= 2 and len(capital) >= len(tokens) - 2


def parse_signature(block: list[Line]) -> Signature:
    """Authority lines (TM./KT./TL./…), the signer's title and name from the right column."""
    authority: list[Line] = []
    title: Line | None = None
    resolved: dict[int, str] = {}  # an authority line whose misread prefix the title tells
    i = 0
    for i, line in enumerate(block):  # noqa: B007
        text = _caps_run(new_tones(repair_smudged_kt(line.text)))
        if is_seal_debris(text) and (authority or title):
            continue  # seal debris between the lines
        if title is None and (prefixed := _prefix_told_by_title(line.text, block[i + 1:])):
            resolved[id(line)] = prefixed
            authority.append(line)
        elif title is None and not authority and (body := _body_over_title(text, block[i + 1:])):
            resolved[id(line)] = f"TM. {body}"  # ``TM.`` lost (a seal, a photo's blur)
            authority.append(line)
        elif title is None and _is_authority_text(text):
            authority.append(line)
        elif title is None and (is_upper_text(text, min_share=0.85) and len(fold_alnum(text)) >= 3
                                or _known_title_as_printed(line.text)):
            title = line
        elif authority or title:
            break
    else:
        i = len(block)
    rest = block[i:] if (authority or title) else block
    names = [ln for ln in rest if _looks_like_name(_strip_noise(ln.text))]
    sig = Signature(None, None, None, authority_lines=authority)
    if authority:
        parts = [(resolved[id(ln)], True) if id(ln) in resolved else  # the prefix a guess
                 _repair_authority(normalise_prefix(_caps_run(repair_smudged_kt(ln.text))))
                 for ln in authority]
        sig.authority = " ".join(text for text, _ in parts)
        sig.authority_repaired = any(repaired for _, repaired in parts)
    if title is not None and (printed := _known_title_as_printed(title.text)):
        sig.title, sig.title_line = printed, title  # ``Chánh văn phòng``: as printed
    name_line = (_full_name(names) or names[-1]) if names else None
    if title is not None and sig.title is None:
        text, repaired = repair_title(_caps_run(title.text))
        if text not in SIGNER_TITLES:  # specks before it (``Z— GAM ĐỌC``) may hide the title
            text, repaired = repair_title(_without_specks_before(_caps_run(title.text)))
        if repaired and _deputy_from_specks(text, title, name_line):
            text = text.removeprefix("PHÓ ")  # specks of the seal beside a head's title
        sig.title, sig.title_repaired, sig.title_line = text, repaired, title
    if names:
        line = name_line
        name, repaired = _repair_name(_strip_noise(line.text))
        sig.signer, sig.signer_repaired, sig.signer_line = name, repaired, line
    return sig


def _prefix_told_by_title(text: str, below: list[Line]) -> str | None:
    """``T1 _.GIÁM ĐÓC`` (or ``“TT GIÁM ĐỐC``) over a known title, maybe cut by the seal
    (``ÁNH VĂN PHÒNG``): the misread prefix is ``KT.`` when a deputy signs (``PHÓ GIÁM ĐỐC``),
    else ``TL.`` (``Chánh văn phòng``); None without such a title below."""
    m = _MISREAD_PREFIX.match(text.strip())
    head = _title_after(text, m.end()) if m else None
    if not head:  # ``TIZCHỦ TỊCH``: no ``TI`` for ``TL`` then, but marks glued to the title
        m, head = None, _title_after(text, _smudged_prefix_end(text.strip()))
    if not head:
        return None
    for line in below[:2]:
        title = _known_title_as_printed(line.text) or TITLES_BY_FOLD.get(fold(_caps_run(line.text)))
        if not title and is_upper_text(line.text, min_share=0.85):  # cut by the seal: ÁNH VĂN PHÒNG
            repaired, _ = repair_title(_caps_run(line.text))
            title = repaired if repaired in SIGNER_TITLES else None
        if title:
            # THỨ TRƯỞNG folds as THỦ TRƯỞNG does: a deputy's by its letters
            deputy = fold(title).startswith("pho ") or fold(title) in _DEPUTY_KEYS
            if deputy and not m:
                return None  # ``KT.`` smudged: the deputy's line under the head's tells it
            return f"{'KT' if deputy else 'TL'}. {head}"
    return None


def _deputy_from_specks(title: str, line: Line, name: Line | None) -> bool:
    """Whether ``PHÓ`` was guessed from marks before a head's title (``ZD GIÁM ĐỐC``) that
    stand off the block's axis: the title's own words are centred under the name, as the block's
    lines are printed (a ``PHÓ`` printed there would centre the whole line), so the marks are a
    seal's specks beside the title, not its first word smudged."""
    if name is None or not title.startswith("PHÓ ") or fold(line.text).startswith("pho"):
        return False
    head = title.removeprefix("PHÓ ").split()
    own = line.words[-len(head):]
    read = fold(" ".join(w.text for w in own)).strip(" .,:;")
    if len(own) == len(line.words) or read != fold(" ".join(head)):
        return False
    axis = (name.x0 + name.x1) / 2
    centre = (min(w.x0 for w in own) + max(w.x1 for w in own)) / 2
    return abs(centre - axis) < abs((line.x0 + line.x1) / 2 - axis)


def _body_over_title(text: str, below: list[Line]) -> str | None:
    """A collective body's name (``ỦY BAN NHÂN DÂN``, ``THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN``) over
    a known title: the ``TM.`` line with its prefix lost, for which only a collective body
    signs (Nghị định 30); the name as the tables spell it, or None."""
    name = repair_header(text.replace("-", " "))
    if not fold(name).startswith(_COLLECTIVE) or not below:
        return None
    title = TITLES_BY_FOLD.get(fold(_caps_run(below[0].text)))
    return name if title else None


# a collective body's name begins so: only such a body signs ``TM.`` (thay mặt)
_COLLECTIVE = tuple(f"{fold(b)} " for b in ("ỦY BAN", "HỘI ĐỒNG", "THƯỜNG TRỰC", "BAN THƯỜNG VỤ",
                                             "BAN CHẤP HÀNH", "ĐẢNG ỦY")) + ("chinh phu",)


def _without_lines_read_twice(block: list[Line]) -> list[Line]:
    """The block's lines, of a line read twice (``_read_twice``) the fuller reading, of two
    alike the surer."""
    out: list[Line] = []
    for line in block:
        if out and _read_twice(line, out[-1]):
            out[-1] = max(out[-1], line, key=lambda ln: (len(_words_of(ln)), ln.conf))
        elif out and (joined := _read_in_two(line, out[-1])) is not None:
            out[-1] = joined
        else:
            out.append(line)
    return out


def _read_in_two(line: Line, other: Line) -> Line | None:
    """One line in capitals the OCR returned as two overlapping pieces on the same row (``KT.
    THỦ`` and ``THỦ TƯỚNG``, the shared word read in both at the same place; a photo's curved
    row): the left piece, then the right piece's words past its end; None for other lines (two
    readings of the name are weighed by ``_full_name``, never joined)."""
    if not _same_row(line, other) or not all(is_upper_text(ln.text) for ln in (line, other)):
        return None
    left, right = sorted((line, other), key=lambda ln: ln.x0)
    if right.x1 <= left.x1 or right.x0 >= left.x1:
        return None  # one inside the other (``_read_twice``), or apart
    if not any(fold_alnum(a.text) == fold_alnum(b.text) and len(fold_alnum(a.text)) >= 2
               and share_covered(a, b) >= 0.5 for a in left.words for b in right.words):
        return None
    past = [w for w in right.words if (w.x0 + w.x1) / 2 > left.x1]
    return Line([*left.words, *past], min(line.row, other.row))


def _same_row(line: Line, other: Line) -> bool:
    """Whether the two lines share half the shorter one's height or more (one row)."""
    shared = min(line.box[3], other.box[3]) - max(line.box[1], other.box[1])
    return shared >= 0.5 * min(line.box[3] - line.box[1], other.box[3] - other.box[1])


def _read_twice(line: Line, above: Line) -> bool:
    """``line`` is ``above`` read a second time (``KT. CHỦ TỊCH`` twice, the second reading
    a row of its own over the first; once cut short, ``TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN :``): most
    of their heights shared, the words of one the first words of the other's."""
    if not _same_row(line, above):
        return False
    short, full = sorted((_words_of(line), _words_of(above)), key=len)
    return bool(short) and full[:len(short)] == short


def _words_of(line: Line) -> list[str]:
    """The line's words without the marks after its last one (``NHÂN :``)."""
    return squash(line.text).rstrip(" .,:;-_").split()


def _title_after(text: str, end: int | None) -> str | None:
    """The known title ``text`` reads from ``end`` on, without specks at its end."""
    if end is None:
        return None
    return TITLES_BY_FOLD.get(fold(" ".join(_without_end_debris(text.strip()[end:].split()))
                                   .strip(" .,:;")))


def _smudged_prefix_end(text: str) -> int | None:
    """Where a known title starts after marks that spell no syllable (``ZZ5WI›GIÁM ĐỐC``:
    ``TL.`` under a grey seal); None for an authority line as read (``KT; GIAM ĐỌC``) or a
    line without such marks."""
    if _is_authority_text(text):
        return None
    for cut in range(1, min(len(text) - 1, _SMUDGED_PREFIX) + 1):
        marks, rest = text[:cut], text[cut:].lstrip()
        if (sum(c.isalnum() for c in marks) >= 2 and rest[:1].isupper()
                and fold(rest.strip(" .,:;")) in TITLES_BY_FOLD
                and not any(is_syllable(w.strip(".,:;").lower()) for w in marks.split())):
            return len(text) - len(rest)
    return None


_DEPUTY_KEYS = frozenset(fold(d) for d in DEPUTIES.values())
_SMUDGED_PREFIX = 8  # marks a prefix smudged past reading may leave (``ZZ5WI›`` for ``TL.``)


def _known_title_as_printed(text: str) -> str | None:
    """A known title printed in sentence case (``Chánh văn phòng``, not the usual capitals),
    without the specks around it, or None."""
    words = _name_tokens(text)
    printed = " ".join(words)
    if words and not is_upper_text(printed, min_share=0.6) and fold(printed) in TITLES_BY_FOLD:
        return printed
    return None


def _full_name(names: list[Line]) -> Line | None:
    """The line that reads as a whole name: a family name as printed and three words or more
    (``Nguyễn Văn Hải`` above the seal's ``Văn Hi``); of two such readings of the name (the
    page's and a second look's), the surer, else the lower."""
    whole = [ln for ln in names if len(tokens := _name_tokens(_strip_noise(ln.text))) >= 3
             and tokens[0] in SURNAMES]
    return max(reversed(whole), key=lambda ln: ln.conf) if whole else None


def is_seal_debris(text: str) -> bool:
    """Seal debris: no word of two letters or more (``ó 2 -``)."""
    return len(fold_alnum(text)) < 3 or not any(
        sum(c.isalpha() for c in token) >= 2 for token in text.split())


_UNSPACED_TITLES = {fold(t).replace(" ", ""): t for t in SIGNER_TITLES}
_KNOWN_HEADS = frozenset(fold(t) for t in SIGNER_TITLES)
_ORGANS = tuple(o + " " for o in ORGAN_STARTS)  # ``TM. ỦY BAN NHÂN DÂN``: a body, no title


def _repair_authority(text: str) -> tuple[str, bool]:
    """Diacritics put back on known words after the prefix (``KT. CHÁNH VẤN PHÒNG``); a
    known title whose letters OCR spaced apart is joined (``BỘ T RƯỚN G``); no rule after it.
    A title after the prefix that a seal cut short or smudged (``TL. CHU TỊ``) becomes the
    known title it is closest to, and True tells it was guessed."""
    text = text.rstrip(" -–")
    m = _PREFIX.match(text)
    if not m:
        return repair_header(text), False
    rest = text[m.end():]
    key = fold(rest).replace(" ", "")
    if key in _UNSPACED_TITLES:
        return text[:m.end()] + _UNSPACED_TITLES[key], False
    repaired = repair_header(rest)
    if m.group(1).upper() == "TM" and (people := peoples_body(repaired)):
        return text[:m.end()] + people, True
    if fold(repaired) not in _KNOWN_HEADS and not repaired.startswith(_ORGANS):
        title, guessed = repair_title(repaired)
        deputy = title.startswith("PHÓ ") or title in DEPUTIES.values()  # signs, not signed for
        if guessed and title in SIGNER_TITLES and fold(title) != fold(repaired) and not deputy:
            return text[:m.end()] + title, True
    return text[:m.end()] + repaired, False


# the elected bodies that sign ``TM.``, whose names end ``NHÂN DÂN``
PEOPLES_BODIES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN")
BODY_LIKE = 0.65  # letters shared with an elected body's name (difflib's ratio) to be taken for it
BODY_MARGIN = 0.1  # … more than with any other


def peoples_body(read: str) -> str | None:
    """The elected body a ``TM.`` line names when a seal or a stroke garbled its name but
    its end ``…ÂN DÂN`` stands (``TM. U ẨN DÂN``, ``TM. THƯỜNG T HỘI ĐỒNG NHÂN DÂN``; not
    ``HỘI NÔNG DÂN``): the one of ``PEOPLES_BODIES`` its letters are closest to, clearly; None
    for a name as printed."""
    key = fold(read)
    if not key.endswith("an dan") or any(key == fold(b) for b in PEOPLES_BODIES):
        return None
    likeness = sorted((SequenceMatcher(None, key, fold(b)).ratio(), b) for b in PEOPLES_BODIES)
    (second, _), (best, body) = likeness[-2:]
    return body if best >= BODY_LIKE and best - second >= BODY_MARGIN else None


def _without_specks_before(title: str) -> str:
    """A title without the tokens of one letter or none before its words (``Z— GAM ĐỌC``: a
    seal's rim before ``GIÁM ĐỐC``); no title's first word has one letter."""
    tokens = title.split()
    while len(tokens) > 1 and sum(c.isalpha() for c in tokens[0]) <= 1:
        tokens.pop(0)
    return " ".join(tokens)


def _caps_run(text: str) -> str:
    """The longest run of upper-case words (drops seal debris around ``CHỦ TỊCH``)."""
    best: list[str] = []
    run: list[str] = []
    for token in _unglue_prefix(text).split():
        token = token.strip(_QUOTES) or token
        if any(c.isalpha() for c in token):  # a seal's or a rule's specks glued before a word
            token = _case_slip(token.lstrip(_SPECKS))  # (``_-GIÁM ĐỐC``)
        letters = [c for c in token if c.isalpha()]
        if (letters and all(c.isupper() for c in letters) and token[0].isalpha()) or (
                run and token in {"-", "–"}) or (run == [] and _PREFIX.match(token + " X")):
            run.append(token)
        else:
            if len(" ".join(run)) > len(" ".join(best)):
                best = run
            run = []
    if len(" ".join(run)) > len(" ".join(best)):
        best = run
    return " ".join(best) if best else text


def _case_slip(token: str) -> str:
    """A word in capitals with one marked vowel read in lower case (``PHó``: the OCR's case
    slips on accented capitals), in capitals."""
    letters = [c for c in token if c.isalpha()]
    lower = [c for c in letters if c.islower()]
    if len(letters) >= 3 and letters[0].isupper() and len(lower) == 1 and _has_mark(lower[0]):
        return token.upper()
    return token


_QUOTES = "“”\"'‘’`"
_SPECKS = "_-–—~.,:;|=¬^`*«»"  # a seal's rim or a rule read before a word
# No Vietnamese word starts KT, TM, TL or TUQ: a prefix glued to a title was read without its
# period and space (``KTGIÁM ĐỐC``, ``TMỦY BAN``), or with its period read as a mark or a small
# letter (``TMưỞY'BÀN``)
_GLUED_PREFIX = re.compile(r"^(KT|TM|TL|TUQ)([^\w\s]|[^\W\d_](?=[^\W\d_]))?")


def _unglue_prefix(text: str) -> str:
    """The line with a prefix glued to the capitals after it set apart (``KT. GIÁM ĐỐC``)."""
    text = text.strip().lstrip(_QUOTES)
    m = _GLUED_PREFIX.match(text)
    if not m:
        return text
    prefix, speck = m.groups()
    rest = text[len(prefix) + (len(speck) if speck and not speck.isupper() else 0):]
    glued = rest[:2].isalpha() and rest[:2].isupper()
    return f"{prefix}. {rest}" if glued else text


def _strip_noise(text: str) -> str:
    """Drop seal debris before a name: short lower-case fragments and symbols."""
    tokens = _name_tokens(text)
    while tokens and (not tokens[0][0].isalpha() or (len(tokens) > 2 and (
            len(tokens[0]) <= 1 or _lower_debris(tokens[0])))):
        tokens.pop(0)
    return " ".join(tokens)


def _lower_debris(token: str) -> bool:
    """A word in lower case before a name is debris (no name opens so), unless it is what a seal
    left of a family name (``guyễn``)."""
    return token.islower() and not any(s.lower().endswith(token) for s in SURNAMES)


def _repair_name(text: str) -> tuple[str, bool]:
    tokens = text.split()
    surname, repaired = repair_surname(tokens[0])
    if repaired or not tokens[0][0].isupper():
        tokens[0] = surname
        repaired = True
    for i in range(1, len(tokens)):
        syllable = _letter_slip(tokens[i])
        if syllable != tokens[i]:
            tokens[i], repaired = syllable, True
    return " ".join(tokens), repaired


# letters OCR takes for one another in a name's words (``Phúe`` for ``Phúc``)
_LETTER_SLIPS = {"e": "c", "c": "e", "n": "u", "u": "n", "l": "i", "i": "l"}


def _letter_slip(token: str) -> str:
    """A capitalised name word that is no Vietnamese syllable, spelled as the one syllable one
    look-alike letter away (``Phúe`` → ``Phúc``); otherwise as read."""
    if not (token.isalpha() and token[0].isupper() and token[1:].islower()) or \
            is_syllable(token.lower()):
        return token
    found = {token[:k] + _LETTER_SLIPS[c] + token[k + 1:] for k, c in enumerate(token)
             if c in _LETTER_SLIPS}
    found = {f for f in found if is_syllable(f.lower())}
    return found.pop() if len(found) == 1 else token
