"""Second looks at an OCR'd page: garbled runs of words read again, doubtful diacritics repaired.

Tesseract's page layout analysis sometimes garbles clean text beside another column (a
recipients list beside the signature block: ``- Như trên;`` read ``sỀ HA) à``): such runs are
read again on their own and replaced when read much more surely. The lines of a subject with a
doubted word are read again alone, their words taking the marks of the surer reading. Then
words read with low confidence get their diacritics repaired from the Vietnamese lexicon.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from statistics import median

import numpy as np
from PIL import Image

from archive_service.records import Page, Word
from ingest import _tesseract, ppocr
from ingest.images import SEAL_RADIUS_IN, PreparedPage, stroke_width, without_seal_rings, without_thin_strokes
from ingest.metadata._dictionary import _PUNCT, DOUBT_BELOW, _without_tone, lexicon, respell
from ingest.metadata._given_names import (
    COMMON_MIDDLE_NAMES,
    GIVEN_NAMES,
    SPELLED_WORD_CONF,
    by_letters,
    spell_by_letters,
)
from ingest.metadata._lexicon import TITLE_LIKE
from ingest.metadata._signature import (
    DEPUTIES,
    HEADS,
    OFFICER_TITLES,
    PEOPLES_BODIES,
    RIGHT_COLUMN,
    peoples_body,
)
from ingest.metadata._tables import SIGNER_TITLES, SURNAMES
from ingest.metadata._text import distance, fold, plain_letters, ratio
from ingest.metadata._tones import is_syllable
from ingest.metadata.layout_reader import foot_anchor, foot_words, read_page_layout, signature_area
from ingest.word_spaces import JOINED, split_at_spaces

log = logging.getLogger(__name__)

POOR_MEAN = 50.0  # a run of words read at a mean confidence below this is garbled …
POOR_WORD, POOR_MIXED = 30.0, 75.0  # … or one with a word below 30 and a mean below 75
MAX_REREADS = 8  # blocks read again per page, to bound the cost on pages of noise
REREAD_GAIN = 15.0  # the new reading must be this much surer (mean confidence) to replace the old
REREAD_SURE = 60.0  # … and read at least this surely

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels


def reread_poor_lines(page: Page, prepared: PreparedPage, *, langs: str, timeout: float) -> None:
    """Read garbled runs again on their own: a run alone as one line (``--psm 7``), runs
    stacked over each other as one block (``--psm 6``)."""
    lines = _by_line(page.words)
    runs = [run for ws in lines.values() for run in _column_runs(ws)]
    poor = [run for run in runs if _is_poor(run)]
    next_line = max((w.line for w in page.words), default=-1) + 1
    for group in _stacks(poor)[:MAX_REREADS]:
        group = _with_runs_inside(group, [r for r in runs if not _is_poor(r)])
        old = [w for run in group for w in run]
        better = _read_alone(old, prepared, psm=7 if len(group) == 1 else 6, langs=langs,
                             timeout=timeout, first_line=next_line)
        gain = _mean_conf(better) - _mean_conf(old)
        if better and gain >= REREAD_GAIN and _mean_conf(better) >= REREAD_SURE:
            _replace_runs(page, group, better)
            next_line = max(w.line for w in better) + 1


def _by_line(words: Iterable[Word]) -> dict[int, list[Word]]:
    """Words grouped by their text line, in the order given."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return lines


def _is_poor(run: list[Word]) -> bool:
    mean = _mean_conf(run)
    return mean < POOR_MEAN or (mean < POOR_MIXED and min(w.conf for w in run) < POOR_WORD)


def _column_runs(words: list[Word]) -> list[list[Word]]:
    """A text line cut where a wide gap separates two columns (recipients | signature)."""
    words = sorted(words, key=lambda w: w.x0)
    height = max(max(w.y1 - w.y0 for w in words), 1)
    runs = [[words[0]]]
    for prev, word in zip(words, words[1:], strict=False):
        if word.x0 - prev.x1 > 2.5 * height:
            runs.append([])
        runs[-1].append(word)
    return runs


def _stacks(runs: list[list[Word]]) -> list[list[list[Word]]]:
    """Poor runs grouped where they touch or overlap, one over the next, in the same column."""
    groups: list[list[list[Word]]] = []
    for run in sorted(runs, key=lambda r: min(w.y0 for w in r)):
        x0, y0, x1 = min(w.x0 for w in run), min(w.y0 for w in run), max(w.x1 for w in run)
        for group in groups:
            words = [w for r in group for w in r]
            gx0, gx1, gy1 = min(w.x0 for w in words), max(w.x1 for w in words), max(w.y1 for w in words)
            height = max(w.y1 - w.y0 for w in words)
            if y0 <= gy1 + 0.5 * height and x0 < gx1 and gx0 < x1:
                group.append(run)
                break
        else:
            groups.append([run])
    return groups


def _with_runs_inside(group: list[list[Word]], others: list[list[Word]]) -> list[list[Word]]:
    """The group with the other runs of its column whose middle lies within its height (a
    line read well between two garbled ones is read again with them)."""
    words = [w for r in group for w in r]
    gx0, gy0 = min(w.x0 for w in words), min(w.y0 for w in words)
    gx1, gy1 = max(w.x1 for w in words), max(w.y1 for w in words)
    inside = [r for r in others
              if gy0 <= (min(w.y0 for w in r) + max(w.y1 for w in r)) / 2 <= gy1
              and min(w.x0 for w in r) < gx1 and gx0 < max(w.x1 for w in r)]
    return sorted(group + inside, key=lambda r: min(w.y0 for w in r))


def _mean_conf(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _read_alone(words: list[Word], prepared: PreparedPage, *, psm: int, langs: str, timeout: float,
                first_line: int) -> list[Word]:
    """OCR of the region under ``words`` (with a margin), as words in page coordinates."""
    x0, y0 = min(w.x0 for w in words), min(w.y0 for w in words)
    x1, y1 = max(w.x1 for w in words), max(w.y1 for w in words)
    lh = max(min(y1 - y0, max(w.y1 - w.y0 for w in words)), 10)
    box = (max(0, round(x0 - lh)), max(0, round(y0 - 0.35 * lh)),
           min(prepared.image.width, round(x1 + lh)), min(prepared.image.height, round(y1 + 0.35 * lh)))
    if box[2] <= box[0] or box[3] <= box[1]:
        return []
    return _read_box(prepared, box, psm=psm, langs=langs, timeout=timeout, block=words[0].block,
                     first_line=first_line)


def _read_box(prepared: PreparedPage, box: Box, *, psm: int, langs: str,
              timeout: float, block: int, first_line: int,
              source: Image.Image | None = None, scale: float = 1.0) -> list[Word]:
    """OCR of one region of the page (of ``source`` when given, an image of the same geometry
    as the prepared one; resized by ``scale``), as words in page coordinates (lines numbered
    from ``first_line``)."""
    crop = (source or prepared.image).crop(box)
    if scale != 1.0:
        crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))),
                           Image.Resampling.LANCZOS)
    found = _tesseract.ocr_image(crop, langs=langs, timeout=timeout,
                                 dpi=max(70, round(prepared.dpi * scale)), psm=psm)
    return [Word(w.text, round(box[0] + w.x0 / scale), round(box[1] + w.y0 / scale),
                 round(box[0] + w.x1 / scale), round(box[1] + w.y1 / scale), w.conf,
                 block=block, line=first_line + w.line) for w in found.words]


def _replace_runs(page: Page, runs: list[list[Word]], new: list[Word]) -> None:
    """Put the new words where the old runs were, in the word list and in the page text (the
    first run's place takes the whole new reading, the others are removed)."""
    ids = {id(w) for run in runs for w in run}
    at = next(i for i, w in enumerate(page.words) if id(w) in ids)
    page.words = [w for w in page.words if id(w) not in ids]
    page.words[at:at] = new
    new_text = "\n".join(" ".join(w.text for w in ws) for ws in _by_line(new).values())
    for i, run in enumerate(runs):
        _replace_text(page, " ".join(w.text for w in run), new_text if i == 0 else "")
    _update_mean_conf(page)
    log.debug("re-read %d line(s) as %r", len(runs), " ".join(w.text for w in new))


def _update_mean_conf(page: Page) -> None:
    confs = [w.conf for w in page.words if w.conf >= 0]
    page.mean_conf = round(sum(confs) / len(confs), 2) if confs else 0.0


SIGNATURE_SURE = 80.0  # lines of a second look at the signature block kept from this confidence
FOOT_DOUBT = 75.0  # a column of the foot with a word read below this is read again


def reread_foot(page: Page, prepared: PreparedPage, *, langs: str, timeout: float) -> None:
    """Read the foot of the document again column by column when it was read doubtfully.

    Beside ``Nơi nhận:``, the recipients list (left) and the signature block (right) have
    lines of different sizes that are not level with each other; Tesseract's line finding
    garbles clean lines there (``- Như Điều 3;`` read ``CN thẻ``), drops the title, or takes
    a block with a black seal over it for a picture. Each column, where the layout reader
    puts it, is read alone (``--psm 4``) and merged line by line: a line missing from the
    first reading is added, a line read more surely (on average and in its least sure word)
    replaces the old one.
    """
    _reread_asides(page, prepared, langs=langs, timeout=timeout)
    foot = read_page_layout(page).foot
    anchor = foot_anchor(foot)
    if foot is None or anchor is None:
        return
    recipients = _recipients_box(page, foot_words(foot), anchor, prepared)
    if recipients is not None:
        _reread_column(page, prepared, recipients, sure=REREAD_SURE, langs=langs, timeout=timeout)
        foot = read_page_layout(page).foot or foot
        anchor = foot_anchor(foot) or anchor
    area = signature_area(foot, anchor, page.width or prepared.image.width)
    signature = _signature_box(page, area, anchor, prepared)
    if signature is not None:
        rows = [ln.y0 for ln in foot.recipients[:3]]
        _reread_column(page, prepared, signature, sure=SIGNATURE_SURE, langs=langs,
                       timeout=timeout)
        _reread_name(page, prepared, signature, langs=langs, timeout=timeout)
        _read_title_lines(page, prepared, signature, anchor, rows, langs=langs, timeout=timeout)
        if _find_name(page, prepared, signature, anchor, langs=langs, timeout=timeout):
            _reread_name(page, prepared, signature, langs=langs, timeout=timeout)
            # the title lines are looked for on the name's axis: now there is one
            _read_title_lines(page, prepared, signature, anchor, rows, langs=langs, timeout=timeout)
    elif (whole := _clip(area, prepared)) is not None:  # read well, but a short name?
        _reread_name(page, prepared, whole, langs=langs, timeout=timeout)
    _read_title_under_head(page, prepared, area, anchor, langs=langs, timeout=timeout)
    if (whole := _clip(area, prepared)) is not None:
        _reread_name_marks(page, prepared, whole, langs=langs, timeout=timeout)


NAME_HEIGHTS = (24, 32, 44)  # heights (pixels) the name line's box is read again at
NAME_AGREED = 2  # readings at those heights that must agree on the marks


def _reread_name_marks(page: Page, prepared: PreparedPage, box: Box, *, langs: str,
                       timeout: float) -> None:
    """The signer's name read again scaled to ``NAME_HEIGHTS``: Tesseract drops or swaps the
    marks of large bold print (``Lê Thị My Hạnh``, ``Nguyên Văn Hùng`` at 70–85 px) that it
    reads right smaller. When ``NAME_AGREED`` readings agree word for word on a name with the
    same letters and other marks, whose changed words are names people bear (the family name
    in ``SURNAMES``, the rest in ``GIVEN_NAMES``: not ``Hãi``), that spelling replaces the
    name's words (measured on 272 fitting pages: 7 names put right, none made wrong)."""
    line = _name_line(_by_line(w for w in page.words if _centre_in(w, box) and w.x0 >= box[0]))
    if line is None:
        return
    at = [k for k, w in enumerate(line) if _is_name_word(_bare(w.text))]
    named = line[at[0]:at[-1] + 1]  # from the first name word to the last (no debris around)
    h = max(w.y1 - w.y0 for w in named)
    crop_box = _clip((named[0].x0 - 0.5 * h, min(w.y0 for w in named) - 0.3 * h,
                      named[-1].x1 + 0.5 * h, max(w.y1 for w in named) + 0.3 * h), prepared)
    if crop_box is None:
        return
    readings: Counter[tuple[str, ...]] = Counter()
    read: dict[tuple[str, ...], list[Word]] = {}
    for height in NAME_HEIGHTS:
        words = [replace(w, text=_bare(w.text), line=named[0].line) for w in _read_box(
            prepared, crop_box, psm=7, langs=langs, timeout=timeout, block=named[0].block,
            first_line=0, scale=height / h) if any(c.isalpha() for c in w.text)]
        spelling = tuple(w.text for w in words)
        readings[spelling] += 1
        read.setdefault(spelling, words)
    log.debug("page %d: name read at %s px: %r", page.number, NAME_HEIGHTS, dict(readings))
    spelling, count = readings.most_common(1)[0]
    if count >= NAME_AGREED and _other_marks_of(tuple(_bare(w.text) for w in named), spelling):
        _replace_runs(page, [named], read[spelling])


def _other_marks_of(name: tuple[str, ...], spelling: tuple[str, ...]) -> bool:
    """``spelling`` is ``name`` with other marks on some words, each a name people bear."""
    return len(spelling) == len(name) and spelling != name and all(
        fold(old) == fold(new)
        and (old == new or new in (SURNAMES if k == 0 else GIVEN_NAMES))
        for k, (old, new) in enumerate(zip(name, spelling, strict=True)))


DEPUTY_SLOT = (-0.2, 0.0, 0.2)  # strips over a deputy's line: shifts from one line pitch under
# the head's title (line heights of ``Nơi``)
TITLE_TALLEST = 1.6  # a title line's words are at most this tall (line heights of ``Nơi``)
DEPUTY_PITCH = 1.3  # a block's line pitch, in heights of its title's words, when no line above
# shows it


def _read_title_under_head(page: Page, prepared: PreparedPage, area: tuple[float, float, float, float],
                           anchor: Word, *, langs: str, timeout: float) -> None:
    """A block whose last line in capitals is a head's title (``CHỦ TỊCH``, no ``KT.`` line)
    with ink one line pitch under it: a black seal may hide ``KT.`` and most of the deputy's
    line under it (``PHÓ CHỦ TỊCH`` read ``2 r``), or ``TL.`` and the title of the officer
    who signs for the head (``CHÁNH VĂN PHÒNG``). That line's place is read alone (``--psm 7``,
    then PP-OCR's letters); when ``TITLE_AGREED`` readings end like the head's title or its
    deputy's (``U TỊCH``, ``SHUTICH``: a block never prints one title twice), the deputy's
    title is added there at ``REPAIRED_CONF`` (a guess), else another officer's title that
    many readings end like (``_officer_read``); the metadata reader takes the line above for
    the ``KT.`` or ``TL.`` line. A last line ``TL. GIÁM ĐỐC`` (its ``TL.`` read) is followed
    by an officer's title only (``CHÁNH VĂN PHÒNG`` under the seal's rim), never a deputy's."""
    lh = anchor.y1 - anchor.y0
    lines = sorted(_by_line(w for w in page.words if _centre_in(w, area)).values(),
                   key=lambda ws: min(w.y0 for w in ws))
    caps = [ws for ws in lines if sum(w.conf >= 60 and _is_capitals(_bare(w.text)) for w in ws) >= 2]
    if not caps or any(fold(_bare(ws[0].text)) in ("kt", "k/t") for ws in caps):
        return
    last = caps[-1]
    words = [_bare(w.text) for w in last if _is_capitals(_bare(w.text))]
    if _names_council(words):
        _read_chair_under_council(page, prepared, lines, caps, anchor, langs=langs, timeout=timeout)
        return
    for_head = fold(words[0]) == "tl"  # an officer signs for the head
    head = HEADS.get(fold(" ".join(words[for_head:])))
    if head is None:
        return
    deputy = DEPUTIES.get(head, f"PHÓ {head}")
    titles_under = [t for t in OFFICER_TITLES if t != head] if for_head else [head]
    slot = _line_under(lines, caps, lh, (*titles_under, deputy), prepared)
    if slot is None:
        return
    strips, height, pitch = slot
    if for_head:
        readings = _strip_readings(strips, prepared, tuple(titles_under), langs=langs, timeout=timeout)
        title = _officer_read(readings, head)
    else:
        readings = _strip_readings(strips, prepared, (head, deputy), langs=langs, timeout=timeout)
        title = deputy if _title_like_count(readings, head, deputy) >= TITLE_AGREED else \
            _officer_read(readings, head)
    if title is not None:
        _insert_under(page, last, strips, height, pitch, title)


def _line_under(lines: list[list[Word]], caps: list[list[Word]], lh: float,
                titles: tuple[str, ...], prepared: PreparedPage
                ) -> tuple[list[Box], float, float] | None:
    """The strips over the place one line pitch under the block's last line in capitals, the
    height of a title line and that pitch; None when a line under it was read already ending
    in one of ``titles`` but the last (the metadata reader weighs it) or the place has no ink.
    The strips are as wide as the longest of ``titles``."""
    last = caps[-1]
    words = [_bare(w.text) for w in last if _is_capitals(_bare(w.text))]
    # a box taller than a title line holds the line under it too (read as one, the seal's
    # rim joining them): the title's own height is what the box may hold of it
    height = min(max(w.y1 - w.y0 for w in last), TITLE_TALLEST * lh)
    pitch = _baseline(last) - _baseline(caps[-2]) if len(caps) > 1 else 0.0
    pitch = pitch if height <= pitch <= 2.2 * height else DEPUTY_PITCH * height
    under = tuple(fold(t) for t in titles[:-1])
    if any(_baseline(last) + 0.5 * lh < _baseline(ws) < _baseline(last) + 1.5 * pitch
           and fold(" ".join(w.text for w in ws)).endswith(under) for ws in lines):
        return None
    middle = (last[0].x0 + last[-1].x1) / 2
    longest = max(len(t) for t in titles)
    half = 0.5 * (last[-1].x1 - last[0].x0) * longest / len(" ".join(words)) + lh
    bottom = min(max(w.y1 for w in last), last[0].y0 + height)  # no strip reaches up into
    # the head's title
    strips = [_clip((middle - half, max(bottom, last[0].y0 + pitch + (d - 0.35) * lh),
                     middle + half, last[0].y0 + pitch + d * lh + height + 0.35 * lh), prepared)
              for d in DEPUTY_SLOT]
    strips = [s for s in strips if s is not None and _has_ink(prepared.image.crop(s))]
    return (strips, height, pitch) if strips else None


def _insert_under(page: Page, last: list[Word], strips: list[Box], height: float, pitch: float,
                  title: str) -> None:
    """``title`` added as the line one ``pitch`` under ``last``, as the tables spell it."""
    x0, _, x1, _ = strips[len(strips) // 2]
    y0 = round(last[0].y0 + pitch)  # the line's own place, under the line above
    _insert_line(page, _spelled_over(title, (x0, y0, x1, round(y0 + height)),
                                     line=max(w.line for w in page.words) + 1))


CHAIR = "CHỦ TỊCH"  # the title under ``TM. ỦY BAN NHÂN DÂN`` when no deputy signs (``KT.``)
_KT_BEFORE = re.compile(r"^k|tch")  # ``KT.`` (or its ``T.``) read before ``CHỦ TỊCH``


def _names_council(words: list[str]) -> bool:
    """``TM.`` and a people's council or committee (``ỦY BAN NHÂN DÂN``, ``HỘI ĐỒNG NHÂN
    DÂN``), whose chair signs under it, or a deputy after ``KT. CHỦ TỊCH``; not the standing
    committee of a council (``THƯỜNG TRỰC``), whose deputies sign under it directly."""
    if len(words) < 2 or fold(words[0]) != "tm":
        return False
    body = fold(" ".join(words[1:]))
    return body in _COUNCILS or fold(peoples_body(" ".join(words[1:])) or "") in _COUNCILS


_COUNCILS = frozenset(fold(b) for b in PEOPLES_BODIES if not b.startswith("THƯỜNG TRỰC"))


def _read_chair_under_council(page: Page, prepared: PreparedPage, lines: list[list[Word]],
                              caps: list[list[Word]], anchor: Word, *, langs: str,
                              timeout: float) -> None:
    """A block whose last line in capitals is ``TM. ỦY BAN NHÂN DÂN`` with ink one line pitch
    under it: the chair's title (``CHỦ TỊCH``), which the seal's rim garbled, when
    ``TITLE_AGREED`` readings of that place are like it alone and none has ``KT.`` before it (the
    line under a council's name is its chair's title or ``KT. CHỦ TỊCH`` over a deputy's);
    added at ``REPAIRED_CONF`` (a guess)."""
    lh = anchor.y1 - anchor.y0
    slot = _line_under(lines, caps, lh, (CHAIR, f"KT. {CHAIR}"), prepared)
    if slot is None:
        return
    strips, height, pitch = slot
    readings = _strip_readings(strips, prepared, (CHAIR,), langs=langs, timeout=timeout)
    alone = [r for r in readings if len(plain_letters(r)) <= len(plain_letters(CHAIR)) + 1]
    if _title_like_count(alone, CHAIR) < TITLE_AGREED or any(
            _KT_BEFORE.search(plain_letters(r)) for r in readings):
        return
    _insert_under(page, caps[-1], strips, height, pitch, CHAIR)


def _spelled_over(title: str, box: Box, *, line: int = 0) -> list[Word]:
    """A title's words as the tables spell them, spread over ``box``, at ``REPAIRED_CONF`` (a
    guess: the title was not read so)."""
    x0, y0, x1, y1 = box
    parts = title.split()
    width = (x1 - x0) / len(parts)
    return [Word(part, round(x0 + k * width), y0, round(x0 + (k + 0.9) * width), y1,
                 REPAIRED_CONF, 0, line) for k, part in enumerate(parts)]


def _strip_readings(strips: list[Box], prepared: PreparedPage, titles: tuple[str, ...], *,
                    langs: str, timeout: float) -> list[str]:
    """The strips' readings: each strip read alone (``--psm 7``), then, when fewer than
    ``TITLE_AGREED`` of them end like one of ``titles``, the middle one by PP-OCR's
    recognisers too."""
    readings = [" ".join(w.text for w in _read_box(prepared, strip, psm=7, langs=langs,
                                                   timeout=timeout, block=-2, first_line=0))
                for strip in strips]
    if ppocr.available() and _title_like_count(readings, *titles) < TITLE_AGREED:
        readings += [ppocr.read_area(prepared.preview, strips[len(strips) // 2], kind)
                     for kind in ppocr.BOTH]
    log.debug("the line under the block's title read %r (for %s)", readings, titles)
    return readings


def _officer_read(readings: list[str], head: str) -> str | None:
    """The title of another officer than the head (``OFFICER_TITLES``: no deputy's) that
    ``TITLE_AGREED`` readings or more end like (``CHANH VAPHONG``: a ``TL.`` block's
    ``CHÁNH VĂN PHÒNG``); of several, the one most read so, then the one whose letters the
    readings are closest to."""
    counts = {t: _title_like_count(readings, t) for t in OFFICER_TITLES if t != head}
    agreed = [t for t, n in counts.items() if n >= TITLE_AGREED]

    def closeness(title: str) -> float:
        key = plain_letters(title)
        return sum(ratio(plain_letters(r), key) for r in readings)
    return max(agreed, key=lambda t: (counts[t], closeness(t)), default=None)


def _title_like_count(readings: list[str], *titles: str) -> int:
    """How many readings end like one of ``titles``: most of its letters (a seal's rim took
    the rest: ``UTICH`` of ``CHUTICH``), or its letters give or take one (``SHUTICH``)."""
    def like(letters: str, title: str) -> bool:
        key = plain_letters(title)
        return (len(letters) >= 0.6 * len(key) and key.endswith(letters[-len(key):])) \
            or ratio(letters[-len(key):], key) >= TITLE_LIKE
    return sum(any(like(plain_letters(r), t) for t in titles) for r in readings if plain_letters(r))


def _recipients_box(page: Page, words: list[Word], anchor: Word,
                    prepared: PreparedPage) -> Box | None:
    """The list (``words``) from ``Nơi nhận`` down, stopping short of the signature block on
    its right; None when every word of it was read surely and nothing else was read among its
    lines (a line read as marks alone, ``„`.`` for ``- Như trên;``, is no word of the list)."""
    lh = anchor.y1 - anchor.y0
    if not words:
        return None
    y0, y1 = min(w.y0 for w in words), max(w.y1 for w in words)
    listed = {id(w) for w in words}
    extent = (min(w.x0 for w in words), y0, max(w.x1 for w in words), y1)
    if not _doubtful(words) and not any(id(w) not in listed and w.conf < FOOT_DOUBT
                                        and _centre_in(w, extent) for w in page.words):
        return None
    right = [w.x0 for w in page.words if id(w) not in listed and w.x0 >= RIGHT_COLUMN * page.width
             and w.y1 > y0 and w.y0 < y1 and w.conf >= 60]
    x1 = max(w.x1 for w in words) + lh
    if right:
        x1 = min(x1, min(right) - 0.5 * lh)
    return _clip((min(w.x0 for w in words) - lh, y0 - 0.5 * lh, x1, y1 + 0.5 * lh), prepared)


_ASIDE = re.compile(r"^(?P<head>[A-ZĐ][A-ZĐ0-9.]*\()(?P<inner>[^()]+)(?P<tail>\)[^()]*)$")


def _reread_asides(page: Page, prepared: PreparedPage, *, langs: str, timeout: float) -> None:
    """A name in brackets right after a desk's abbreviation (``Lưu: VT, TTHC(Thu).``, the
    drafter) is often printed smaller, and read as no Vietnamese syllable (``TTHC(Tm).``).
    The bracket is read again on its own (``--psm 7``), from where the word's letters put
    it; the new reading is kept when it is a syllable. (The words are found by their shape,
    not under ``Nơi nhận:``, which a bold italic line beside the signature can garble.)"""
    syllables = lexicon().syllables
    strange = [(w, m) for w in page.words
               if (m := _ASIDE.match(w.text)) is not None and _strange(m["inner"], syllables)]
    for word, match in strange[:MAX_REREADS]:
        h = word.y1 - word.y0
        start = word.x0 + (word.x1 - word.x0) * len(match["head"]) / len(word.text)
        box = _clip((start - 0.4 * h, word.y0 - 0.25 * h, word.x1 + 0.3 * h, word.y1 + 0.25 * h),
                    prepared)
        if box is None:
            continue
        new = _read_box(prepared, box, psm=7, langs=langs, timeout=timeout, block=word.block,
                        first_line=0)
        read = re.search(r"\(([^()]+)\)", " ".join(w.text for w in new))
        log.debug("page %d: aside %r read %r", page.number, word.text,
                  [(w.text, round(w.conf)) for w in new])
        if (read is None or not _is_syllable(read[1], syllables)
                or min((w.conf for w in new), default=0) < REREAD_SURE):
            continue
        text = match["head"] + read[1] + match["tail"]
        page.words = [replace(w, text=text, conf=min(w.conf, *(n.conf for n in new)))
                      if w is word else w for w in page.words]
        _replace_text(page, word.text, text)


def _strange(inner: str, syllables: dict[str, frozenset[str]]) -> bool:
    """Letters that are no Vietnamese syllable (``Tm``); an abbreviation in capitals is not."""
    return inner.isalpha() and not inner.isupper() and not _is_syllable(inner, syllables)


def _is_syllable(text: str, syllables: dict[str, frozenset[str]]) -> bool:
    """A Vietnamese syllable as written in running text (``Thu``, not ``TM`` nor ``Tm``)."""
    return text.isalpha() and not text.isupper() and fold(text.lower()) in syllables


def _signature_box(page: Page, area: Box, anchor: Word, prepared: PreparedPage) -> Box | None:
    """The layout reader's signature area, cut short under the signer's name when one was
    read; None when the block was read well: a title or authority line in capitals, and a
    name without a doubtful word or a fragment before it (seal debris alone is no reason)."""
    lh = anchor.y1 - anchor.y0
    left, top, _, bottom = area
    block = [w for w in page.words if w.x0 >= left and w.y0 >= top and w.y1 <= bottom]
    sure = [w for w in block if w.conf >= 60 and any(c.isalpha() for c in w.text)]
    if sure and _block_read_well(block):
        return None
    if sure and _name_line(_by_line(sure)) is not None:  # else the name is still below
        bottom = min(bottom, max(w.y1 for w in sure) + 2 * lh)
    return _clip((left, top, prepared.image.width, bottom), prepared)


def _block_read_well(block: list[Word]) -> bool:
    lines = _by_line(block)
    name = _name_line(lines)
    return (_titled(lines) and name is not None and not _doubtful(name)
            and _is_name_word(name[0].text))


def _titled(lines: dict[int, list[Word]]) -> bool:
    """A line with two words in capitals read surely (``CHỦ TỊCH``, ``KT. GIÁM ĐỐC``); a
    capital letter alone is no title's word (the marks of ``GIÁM ĐỐC`` read alone: ``Á Ô``)."""
    return any(sum(w.conf >= 60 and _is_capitals(bare := w.text.strip(_PUNCTUATION))
                   and sum(c.isalpha() for c in bare) >= 2 for w in ws) >= 2
               for ws in lines.values())


def _name_line(lines: dict[int, list[Word]]) -> list[Word] | None:
    """The lowest line with two capitalised name words or more, left to right (the signer).
    A capital letter alone is no name word here: seal debris over a title reads ``Si C``."""
    names = [ws for ws in lines.values()
             if sum(len(w.text) > 1 and _is_name_word(w.text) for w in ws) >= 2]
    if not names:
        return None
    return sorted(max(names, key=lambda ws: min(w.y0 for w in ws)), key=lambda w: w.x0)


def _is_capitals(text: str) -> bool:
    return len(text) >= 2 and text.isalpha() and text.isupper()


def _doubtful(words: list[Word]) -> bool:
    """A word read below ``FOOT_DOUBT``, or a lone lower-case letter before a capitalised word
    (``o Thanh Tùng``: the rest of the name hidden under a seal)."""
    if any(w.conf < FOOT_DOUBT and w.text.strip(_PUNCTUATION) for w in words):
        return True
    return any(len(w.text) == 1 and w.text.islower() and nxt.text[:1].isupper()
               and nxt.line == w.line for w, nxt in zip(words, words[1:], strict=False))


_PUNCTUATION = "-–—_.,:;'`~|"
_QUOTES = "“”\"‘’"


def _clip(box: tuple[float, float, float, float], prepared: PreparedPage) -> Box | None:
    out = (max(0, round(box[0])), max(0, round(box[1])),
           min(prepared.image.width, round(box[2])), min(prepared.image.height, round(box[3])))
    return out if out[2] > out[0] and out[3] > out[1] else None


def _reread_column(page: Page, prepared: PreparedPage, box: Box, *, sure: float, langs: str,
                   timeout: float) -> None:
    """Read ``box`` as one column and merge its lines read at least ``sure`` into the page."""
    first_line = max((w.line for w in page.words), default=-1) + 1
    new_lines = _by_line(_read_box(prepared, box, psm=4, langs=langs, timeout=timeout, block=-2,
                                   first_line=first_line))
    inside = [w for w in page.words if _centre_in(w, box) and w.x0 >= box[0] and w.x1 <= box[2]]
    for new in new_lines.values():
        log.debug("page %d: column line %r", page.number, [(w.text, round(w.conf)) for w in new])
        if _mean_conf(new) >= sure and any(c.isalpha() for w in new for c in w.text):
            inside = _merge_line(page, new, inside)


def _merge_line(page: Page, new: list[Word], inside: list[Word]) -> list[Word]:
    """One line of a second reading merged into the page: added where nothing was read at its
    height, or put in place of the old words it covers when surer. Returns ``inside`` (the
    old words it may replace) without those replaced."""
    at = [w for w in inside if _overlap(w, new) >= 1 / 3]
    if not at:
        _insert_line(page, new)
        return inside
    covered = [w for w in at if _covers(new, w)]
    if not covered or not _surer(new, covered):
        return inside
    _replace_runs(page, list(_by_line(covered).values()), [_as_sure_as_before(w, covered) for w in new])
    _drop_marks_read_alone(page, new)
    return [w for w in inside if w not in covered]


def _covers(line: list[Word], word: Word) -> bool:
    """The word's middle lies within the line's horizontal extent (a shorter second reading
    replaces only the words it read again)."""
    slack = 0.25 * max(w.y1 - w.y0 for w in line)
    return min(w.x0 for w in line) - slack <= (word.x0 + word.x1) / 2 <= max(w.x1 for w in line) + slack


def _as_sure_as_before(word: Word, old: list[Word]) -> Word:
    """A word read the same way twice keeps the first reading's confidence when that was
    lower: reading the same pixels again does not make the word more likely right."""
    same = [w.conf for w in old if w.text == word.text and w.x0 < word.x1 and word.x0 < w.x1]
    return replace(word, conf=min(word.conf, *same)) if same else word


def _reread_name(page: Page, prepared: PreparedPage, box: Box, *, langs: str,
                 timeout: float) -> None:
    """The signer's name (the lowest line of capitalised words in the block) read alone as
    one line when a fragment before it is doubtful (``o Thanh Tùng``: ``Võ`` under the seal's
    rim), or when it has only two words (``Hoàng Anh``: ``Lê`` hidden whole). The crop starts
    left of the fragment; the words read before the first name word
    replace the fragment when they start with a family name (its marks garbled by the rim are
    taken from the table: ``Lế`` → ``Lê``). A seal's
    rim over the name moves with the crop, so up to four readings are tried (``--psm 7`` and
    ``8``, from above the name and from its top) and the first that passes is kept; then the
    same four of the colour page's plain greyscale (a name printed in red, which the prepared
    page fades), whose family name is kept at ``REPAIRED_CONF`` at most; failing both, a family
    name the readings agree on (``_surname_before``)."""
    lines = _by_line(w for w in page.words if _centre_in(w, box) and w.x0 >= box[0])
    line = _name_line(lines)
    if line is None:
        return
    named = [w for w in line if _is_name_word(w.text)]
    if not _short_name(line) and (not _doubtful(line) and all(_is_name_word(w.text) for w in line)
                                  or line.index(named[0]) == 0):
        return  # read well, or nothing before the name: no fragment of a hidden word
    if named[0].text in SURNAMES and len(named) >= 3:
        return  # the whole name was read: the fragment is seal debris
    h = max(w.y1 - w.y0 for w in named)
    left = min(min(w.x0 for w in line), named[0].x0 - 1.5 * h) - 0.5 * h
    name = line[line.index(named[0]):]
    readings: list[list[Word]] = []
    for source in (prepared.image, prepared.preview.convert("L")):  # then a name in dark red
        for psm, above in ((7, 0.25), (8, 0.25), (7, 0.0), (8, 0.0)):
            crop = _clip((left, min(w.y0 for w in named) - above * h,
                          max(w.x1 for w in line) + 0.5 * h, max(w.y1 for w in named) + 0.25 * h),
                         prepared)
            if crop is None:
                return
            new = [replace(w, line=named[0].line)
                   for w in _read_box(prepared, crop, psm=psm, langs=langs, timeout=timeout,
                                      block=named[0].block, first_line=0, source=source)]
            log.debug("page %d: name line read %r", page.number,
                      [(w.text, round(w.conf)) for w in new])
            readings.append([w for w in new if any(c.isalpha() for c in w.text)])
            # only the part before the first name word read the first time is taken
            lead = _name_lead([w for w in new if w.x1 <= named[0].x0 + 0.3 * h])
            if lead and source is not prepared.image:  # seen in red only: a guess to check
                lead = [replace(w, conf=min(w.conf, REPAIRED_CONF)) for w in lead]
            if lead:
                _replace_runs(page, [line], [*lead, *name])
                return
    lead = _surname_before(name, readings, h)  # read doubtfully, but the same more than once
    if lead:
        _replace_runs(page, [line], [*lead, *name])


def _short_name(line: list[Word]) -> bool:
    """Two name words alone (``Hoàng Anh``): most names have three or more, and a seal's rim
    over the family name can hide it whole."""
    return len(line) == 2 and all(_is_name_word(w.text) for w in line)


def _name_lead(lead: list[Word]) -> list[Word]:
    """The words read before a name that complete it: a family name read at least
    ``REREAD_SURE`` (taking the table's spelling: ``Lế`` → ``Lê``) and the sure capitalised
    name words after it; the longest such run. Nothing when no family name was read: seal
    debris is no name."""
    for i, word in enumerate(lead):
        text = word.text.strip(_PUNCTUATION)
        # not a seal's rim in capitals (``GIANG``) nor debris in lower case
        surname = next((s for s in SURNAMES if fold(s) == fold(text)), None) if _is_name_word(text) else None
        rest = lead[i + 1:]
        if (surname is None or word.conf < REREAD_SURE
                or not all(_is_name_word(w.text) and w.conf >= SIGNATURE_SURE for w in rest)):
            continue
        conf = word.conf if word.text == surname else min(word.conf, REPAIRED_CONF)
        return [replace(word, text=surname, conf=conf), *rest]
    return []


REPAIRED_CONF = 60.0  # a word whose spelling came from a table, not from the page, is doubtful

TITLE_SURE = 75.0  # a title line read on its own is kept from this mean confidence


def _read_title_lines(page: Page, prepared: PreparedPage, box: Box, anchor: Word,
                      rows: list[float], *, langs: str, timeout: float) -> None:
    """A block with a name but still no line in capitals (a black seal over ``KT. CHỦ TỊCH``):
    its lines are centred on the name's axis and the first is level with ``Nơi nhận:``; each
    line's place (``Nơi nhận:`` and the next two rows of the list) is read alone, as wide as
    the name and a third more (``--psm 7``), and a reading in capitals is merged."""
    lines = _by_line(w for w in page.words if _centre_in(w, box) and w.x0 >= box[0])
    name = _name_line(lines)
    if name is None or _titled(lines):
        return
    lh = anchor.y1 - anchor.y0
    middle, half = (name[0].x0 + name[-1].x1) / 2, 0.65 * (name[-1].x1 - name[0].x0)
    inside = [w for ws in lines.values() for w in ws if w not in name]
    for y in rows:
        strip = _clip((middle - half, y - 0.35 * lh, middle + half, y + 1.35 * lh), prepared)
        if strip is None:
            continue
        first_line = max(w.line for w in page.words) + 1
        new = [replace(w, line=first_line) for w in _read_box(
            prepared, strip, psm=7, langs=langs, timeout=timeout, block=-2, first_line=0)]
        log.debug("page %d: title line read %r", page.number, [(w.text, round(w.conf)) for w in new])
        capitals = [w for w in new if _is_capitals(w.text.strip(_PUNCTUATION))]
        if len(capitals) >= 2 and _mean_conf(new) >= TITLE_SURE:
            # the line merged is weighed against by the next rows' strips: two strips may
            # catch one title line, which is never added twice
            inside = [*_merge_line(page, new, inside),
                      *(w for w in page.words if w.line == first_line)]
    if not _titled(_by_line(w for w in page.words if _centre_in(w, box) and w.x0 >= box[0])):
        _scan_title_lines(page, prepared, (middle - half - 2 * lh, anchor.y0 - TITLE_SCAN[0] * lh,
                                           middle + half + 2 * lh, min(w.y0 for w in name)),
                          inside, lh, langs=langs, timeout=timeout)


TITLE_SCAN = (1.5, 6.0, 0.4, 1.9)  # strips over the title lines: from above and to below
# ``Nơi nhận``, step and a strip's height (line heights of ``Nơi``)


def _scan_title_lines(page: Page, prepared: PreparedPage, span: tuple[float, float, float, float],
                      inside: list[Word], lh: float, *, langs: str, timeout: float) -> None:
    """Title lines not level with the list's rows (a deputy's title stamped under the head's,
    ``KT`` written by hand before it): strips down ``span`` (left, top, right, the name's top)
    are read one at a time (``--psm 7``); a reading that ends in a known signer title
    (``GIÁM ĐỐC``, ``PHÓ GIÁM ĐỐC``) is a title line, kept with the mark before it
    (``KT.``); of readings of the same line, the surest is merged."""
    left, top, right, bottom = span
    above, below, step, height = TITLE_SCAN
    stop = min(bottom, top + (above + below) * lh)
    found: list[list[Word]] = []
    weak: list[tuple[list[Word], str, float]] = []  # readings like a known title, read doubtfully
    bodies: list[list[Word]] = []  # readings of a ``TM.`` line naming an elected body
    strips: list[Box] = []
    y = top
    while y + 0.8 * height * lh <= stop:
        strip = _clip((left, y, right, min(y + height * lh, bottom)), prepared)
        y += step * lh
        if strip is None or not _has_ink(prepared.image.crop(strip)):
            continue
        strips.append(strip)
        new = _read_box(prepared, strip, psm=7, langs=langs, timeout=timeout, block=-2,
                        first_line=0)
        title = _title_words(new)
        log.debug("page %d: title strip read %r", page.number, [(w.text, round(w.conf)) for w in new])
        if title:
            found.append(title)
        elif (reading := _title_reading(new)) is not None:
            weak.append(reading)
        elif _names_peoples_body(new):
            bodies.append(new)
    if not found:
        found = _agreed_title(weak)
    if not found:
        found = _title_by_letters(strips, prepared)
    if bodies and not any(fold(_bare(w.text)) == "tm" for w in inside):
        found.append(max(bodies, key=_mean_conf))  # ``TM. ỦY BAN NHÂN DÂN`` above the title
    kept: list[list[Word]] = []
    for line in sorted(found, key=_mean_conf, reverse=True):
        # readings of one line sit on one baseline (their tops vary with the strip's cut)
        if all(abs(_baseline(line) - _baseline(other)) >= 0.5 * lh for other in kept):
            kept.append(line)
    for line in sorted(kept, key=_baseline):
        number = max(w.line for w in page.words) + 1  # each reading a line of its own
        inside = _merge_line(page, [replace(w, line=number) for w in line], inside)


def _names_peoples_body(words: list[Word]) -> bool:
    """A strip read as a ``TM.`` line naming an elected body, its ``TM.`` read surely and the
    name maybe garbled by the seal (``TM. BAN ÑMHÂN DÂN``): the line a collective body signs
    with above its head's title, when the block's own reading lost it."""
    words = [w for w in words if _bare(w.text)]
    if len(words) < 2 or fold(_bare(words[0].text)) != "tm" or words[0].conf < TITLE_SURE:
        return False
    name = " ".join(_bare(w.text) for w in words[1:])
    return peoples_body(name) is not None or fold(name) in _PEOPLES_BODIES


_PEOPLES_BODIES = frozenset(fold(b) for b in PEOPLES_BODIES)


def _baseline(line: list[Word]) -> float:
    return median(w.y1 for w in line)


def _title_words(words: list[Word]) -> list[Word]:
    """The words of a reading that end in a signer title (a known one, or one letter or two
    off it: ``PHÓ GIẢN ĐỐC``) read at ``TITLE_SURE`` or more, with the word before it (a mark:
    ``KT``, ``TL.``), else none."""
    reading = _title_reading(words)
    if reading is None or reading[2] < TITLE_SURE:
        return []
    return reading[0]


def _title_reading(words: list[Word]) -> tuple[list[Word], str, float] | None:
    """The words of a reading from the one before its tail like a known signer title (a mark:
    ``KT``, ``TL.``), that title (folded) and the tail's mean confidence. A garbled word before the
    title that may be the end of a longer title's first word (``/®HÓ GIÁM ĐỐC``: ``PHÓ``)
    makes the reading none: it may be the deputy's. Specks after the title (words of one letter
    or none: a stroke's end, ``j.``) are no part of the reading, and the title's words may be
    read run together (``CIÁMĐÓC``)."""
    words = [w for w in words if _bare(w.text)]
    while words and sum(c.isalpha() for c in words[-1].text) <= 1:
        words.pop()
    scored = []  # (similarity, start, title) of each tail like a known title
    for start in range(len(words)):
        key = fold(" ".join(_bare(w.text) for w in words[start:]))
        score, title = max((max(ratio(key, t), ratio(key.replace(" ", ""), t.replace(" ", ""))), t)
                           for t in _KNOWN_TITLES)
        if score >= TITLE_LIKE:
            scored.append((score, start, title))
    if not scored:
        return None
    _, start, title = max(scored, key=lambda s: (s[0], -s[1]))  # the likest, then the longest
    before = fold(_bare(words[start - 1].text)) if start else ""
    if _cut_title(before, title):
        return None
    return words[max(0, start - 1):], title, _mean_conf(words[start:])


TITLE_AGREED = 2  # strips whose doubtful readings name one title: the line is that title


def _agreed_title(weak: list[tuple[list[Word], str, float]]) -> list[list[Word]]:
    """A title line that no strip read surely, but ``TITLE_AGREED`` strips or more read like
    one known title, more than any other (a seal's rim through ``GIÁM ĐỐC``: ``..GIÁM ĐÓC``
    at 30, ``xa AM ĐỌC``): that title as the tables spell it, over the place of their surest
    reading (after the mark before it, ``KT.``; not after debris: ``Z— GAM ĐỌC``, nor as read:
    ``CHƯÀICH``), at ``REPAIRED_CONF`` at most (a guess; the block's conventions may still
    vouch for it: ``_assemble._signature_fits``). A reading of
    a title's end backs the longer title (``GIÁM ĐỐC`` backs ``PHÓ GIÁM ĐỐC``): a deputy's block
    prints the head's title in its ``KT.`` line, a head's block never prints ``PHÓ``."""
    titles = {title for _, title, _ in weak}
    support = Counter({t: sum(t == title or t.endswith(" " + title) for _, title, _ in weak)
                       for t in titles})
    if (winner := _sole_most_common(support, TITLE_AGREED)) is None:
        return []
    best = max((words for words, title, _ in weak if title == winner[0]), key=_mean_conf)
    mark = best[:1] if len(best) > 1 and _may_be_mark(best[0].text) else []
    rest = best[len(mark):]  # the title's words as read, or debris before them (``Z— GAM ĐỌC``)
    spelled = _spelled_over(_TITLES_BY_FOLD[winner[0]], (min(w.x0 for w in rest), min(w.y0 for w in rest),
                                                         max(w.x1 for w in rest), max(w.y1 for w in rest)))
    return _as_guesses([[*mark, *(replace(w, block=rest[0].block, line=rest[0].line) for w in spelled)]])


def _may_be_mark(text: str) -> bool:
    """A word before a title that is, or may be, a mark like ``KT.``, ``TL.``, ``TM.``, smudged
    (``k\\`` before ``GIAM ĐỌC``: the metadata reader tells it): a K or a T in it, or ``Q.``."""
    letters = fold(_bare(text)).lower()
    return letters == "q" or any(c in letters for c in "kt")


_TITLES_BY_FOLD = {fold(t): t for t in SIGNER_TITLES}


_TITLES_BY_LETTERS = {plain_letters(t): t for t in SIGNER_TITLES}


def _title_by_letters(strips: list[Box], prepared: PreparedPage) -> list[list[Word]]:
    """A title line no strip read, whose letters PP-OCR (``ingest.ppocr``, both recognisers:
    Latin letters, no marks; a seal's ink troubles them less) reads at the end of a strip's
    reading (after what the seal's rim left: ``HOPHOGIAMDOC``) in ``TITLE_AGREED`` readings
    or more, counting a reading of its end for it (``GIAMDOC`` for ``PHÓ GIÁM ĐỐC``, as
    ``_agreed_title`` does), more often than any other: that title, spelled as the table does,
    over the strip's width at ``REPAIRED_CONF`` (a guess)."""
    if not ppocr.available():
        return []
    read: dict[str, Box] = {}
    counts: Counter[str] = Counter()
    for strip in strips:
        for kind in ppocr.BOTH:  # ``PHGEHUFEH`` and ``PHOCHUTICH``
            title = _title_ending(plain_letters(ppocr.read_area(prepared.preview, strip, kind)))
            if title is not None:
                counts[title] += 1
                read.setdefault(title, strip)
    support = Counter({t: sum(n for other, n in counts.items()
                              if other == t or plain_letters(t).endswith(plain_letters(other)))
                       for t in counts})
    if (winner := _sole_most_common(support, TITLE_AGREED)) is None:
        return []
    log.debug("title read by PP-OCR's letters: %r (%d readings)", *winner)
    return [_spelled_over(winner[0], read[winner[0]])]


def _title_ending(letters: str) -> str | None:
    """The longest known title whose letters end ``letters`` (what the seal's rim left may
    come before them), or None."""
    endings = [t for key, t in _TITLES_BY_LETTERS.items() if letters.endswith(key)]
    return max(endings, key=len, default=None)


def _sole_most_common(counts: Counter[str], least: int = 1) -> tuple[str, int] | None:
    """The reading seen most often and how often, when seen ``least`` times or more and more
    often than any other (two readings as often: none)."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < least or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0]


def _cut_title(before: str, title: str) -> bool:
    """``before`` (folded) may be the end of the word before ``title`` in a longer known title."""
    return len(before) >= 2 and any(
        longer.endswith(" " + title) and longer[:-len(title) - 1].split()[-1].endswith(before)
        for longer in _KNOWN_TITLES)


def _bare(text: str) -> str:
    """A word without the marks and specks around it."""
    return re.sub(r"^\W+|\W+$", "", text)


_KNOWN_TITLES = frozenset(fold(t) for t in SIGNER_TITLES)


NAME_SEARCH = (1.2, 16.0, 0.5)  # strips read under a title: from, to, step (line heights)
NAME_STRIP = 2.4  # a strip's height (line heights of "Nơi"): a bold name is taller


def _find_name(page: Page, prepared: PreparedPage, box: Box, anchor: Word, *, langs: str,
               timeout: float) -> bool:
    """A block with no name read (a seal or the signature over it, the name far below them,
    or printed in a dark red that the red-dropping greyscale fades): strips down the block's
    axis are read one at a time (``--psm 7``) from each of ``_name_sources`` in turn until
    one reads as a name; of those that read as a name (capitalised words, the
    first a family name, read at ``SIGNATURE_SURE`` on average) the one with the most words
    is added. The axis is the
    lowest title line's (a line with two words in capitals, however surely read); with no
    title read either, the strips span the whole block from ``Nơi nhận`` down. True when a
    name was added."""
    lines = _by_line(w for w in page.words if _centre_in(w, box) and w.x0 >= box[0])
    if _name_line(lines) is not None:
        return False
    lh = anchor.y1 - anchor.y0
    titles = [ws for ws in lines.values()
              if sum(_is_capitals(w.text.strip(_PUNCTUATION + "°")) for w in ws) >= 2]
    if titles:
        title = max(titles, key=lambda ws: min(w.y0 for w in ws))
        x0, x1 = min(w.x0 for w in title), max(w.x1 for w in title)
        middle, half = (x0 + x1) / 2, 0.8 * (x1 - x0) + 2 * lh
        top = max(w.y1 for w in title)
    else:
        middle, half, top = (box[0] + box[2]) / 2, (box[2] - box[0]) / 2, anchor.y1
    span = (middle - half, top, middle + half)
    found_names: list[list[Word]] = []
    headless: list[list[Word]] = []  # names read surely without their family name
    every_reading: list[list[Word]] = []
    seal = SEAL_RADIUS_IN[1] * prepared.dpi  # the seal over the name may reach above the title
    around = (round(span[0] - seal), round(top - 2 * seal), round(span[2] + seal),
              round(top + NAME_SEARCH[1] * lh + NAME_STRIP * lh))
    guessed: set[int] = set()  # the words read where a seal's rings were lightened away
    for source, sure in _name_sources(prepared, around):
        found_names, readings, lost_head = _name_strips(page, prepared, span, lh, source,
                                                        langs=langs, timeout=timeout)
        if not sure:
            guessed |= {id(w) for words in (*found_names, *lost_head) for w in words}
        if found_names:
            break
        headless += lost_head
        every_reading += readings
    if not found_names:  # the family name under the rim: from what every strip read before the rest
        for words in sorted(headless, key=lambda ws: (len(ws), _mean_conf(ws)), reverse=True):
            if surname := _surname_before(words, every_reading, lh):
                found_names = [surname + words]
                break
    if not found_names:  # every strip read the name doubtfully: the second recogniser's letters
        found_names = _spelled_by_letters(every_reading, prepared, lh)
    if not found_names:  # the middle name under the rim, the family and the given name around it
        found_names = _middle_under_rim(every_reading)
    if found_names:  # the fullest reading (a strip cutting the name's first word loses it)
        words = max(found_names, key=lambda ws: (len(ws), _mean_conf(ws)))
        words = _surname_before(words, readings, lh) + words
        if any(id(w) in guessed for w in words):  # letters the rings ran along may be lost
            words = _as_guesses([words])[0]
        _insert_line(page, [replace(w, line=words[0].line) for w in words])
    return bool(found_names)


THIN_STROKE = 1.5  # times the page's stroke width: a pen's line thinner than this is lightened


def _name_sources(prepared: PreparedPage, around: Box) -> Iterator[tuple[Image.Image, bool]]:
    """The images the name strips are read from, each only when the one before found no name,
    and whether a name read there is read surely: the page as prepared (a red seal dropped),
    the colour page's plain greyscale (a name in dark red), the prepared page without the
    strokes thinner than bold print (a signature's sweep across a bold name; the width from
    the page's print, mostly body text); then, when a round seal's rings are found ``around``
    the name, the page without them (a seal printed in black or grey over the name) and that
    without the thin strokes too, where letters the rings ran along may have lost a part."""
    yield prepared.image, True
    yield prepared.preview.convert("L"), True
    thin = round(THIN_STROKE * stroke_width(prepared.image))
    yield without_thin_strokes(prepared.image, thin), True
    if (unringed := without_seal_rings(prepared.image, around, prepared.dpi)) is not None:
        yield unringed, False
        yield without_thin_strokes(unringed, thin), False


def _as_guesses(names: list[list[Word]]) -> list[list[Word]]:
    """The names' words at ``REPAIRED_CONF`` at most: guesses, which keep the signer flagged."""
    return [[replace(w, conf=min(w.conf, REPAIRED_CONF)) for w in words] for words in names]


_FAMILY_SPELLINGS = by_letters(SURNAMES)  # ``le`` → [Lê]; ``duong`` → [Dương, Đường]
_FAMILY_NAMES = frozenset(_FAMILY_SPELLINGS)


def _surname_before(name: list[Word], readings: list[list[Word]], lh: float) -> list[Word]:
    """The family name just left of ``name`` that the strips read doubtfully (a seal's rim
    touching it: ``“Lê`` at 11 and ``Lê`` at 42 before ``Hoàng Anh``, ``Hà`` at 92 in a strip
    whose ``Phúc`` fell short, ``le`` at 82 before ``Thị Hoài An``: the letters of one family
    name only): one spelling of the table's read there surely once or in two strips, and no
    other as often; at ``REPAIRED_CONF`` at most, so the name stays flagged.
    A word there that is the end of one family name only, its first letters lost in the
    rim (``Z“1,ê`` and ``TẾ`` before ``Hoàng Anh``: ``Lê``; ``rên`` before ``Văn Hải``:
    ``Nguyễn``), counts as that name when two different readings end so."""
    first = name[0]
    key = fold(first.text.strip(_PUNCTUATION))
    if len(name) >= 3 and key in _FAMILY_NAMES:
        return []  # a whole name already: what the rim left before it is debris
    seen: list[Word] = []
    tails: set[tuple[tuple[str, int], ...]] = set()  # the readings that gave an ending
    for words in readings:
        at = [i for i, w in enumerate(words) if i and abs(w.x0 - first.x0) < lh
              and fold(w.text.strip(_PUNCTUATION)) == key]
        if not at:
            continue
        before = words[at[0] - 1]
        if not 0 <= first.x0 - before.x1 < 1.5 * lh:
            continue
        text = before.text.strip(_PUNCTUATION + _QUOTES)
        if (family := _family_spelled(text)) is not None:
            seen.append(replace(before, text=family))
            continue
        surname = _surname_ending(text)
        reading = tuple((w.text, round(w.conf)) for w in words)
        if surname and reading not in tails:  # the same crop of two like sources counts once
            tails.add(reading)
            seen.append(replace(before, text=surname, conf=min(before.conf, REPAIRED_CONF)))
    if (winner := _sole_most_common(Counter(w.text for w in seen))) is None:
        return []
    text, times = winner
    surest = max((w for w in seen if w.text == text), key=lambda w: w.conf)
    if times < 2 and surest.conf < SIGNATURE_SURE:
        return []
    return [replace(surest, conf=min(surest.conf, REPAIRED_CONF))]  # pieced together: a guess


LETTERS_LEFT = (0.3, 1.5, 4.0, 7.0)  # a strip's words read by PP-OCR from this far left of
# them (line heights), the wider when the closer spells no name (a family name the rim hid, the
# longest, ``Nguyễn`` in bold, about four; a family and a middle name, ``Lê Thị``, about seven)


def _spelled_by_letters(readings: list[list[Word]], prepared: PreparedPage, lh: float
                        ) -> list[list[Word]]:
    """A name no strip read surely, spelled from what PP-OCR (``ingest.ppocr``: Latin letters,
    no marks; a seal's rim or a stroke over the letters troubles it less) reads where a strip
    read two words or more, the first capitalised (not specks: ``hà Ẩm xi``), with the marks
    Tesseract read there (``_given_names.spell_by_letters``: ``Hoàhg Thị Lến`` and ``Hoang
    Thi Lan`` → ``Hoàng Thị Lan``; ``Mỹ Hạnh`` and ``Le Thi My Hanh``): the name spelled so
    most often, a family name first and two words or more, as a guess (``SPELLED_WORD_CONF``);
    none when two names are spelled as often."""
    if not ppocr.available():
        return []
    spelled: dict[str, list[Word]] = {}
    counts: Counter[str] = Counter()
    seen: set[tuple[str, ...]] = set()
    for words in readings:
        words = _from_name_start(words)
        key = tuple(w.text for w in words)
        if len(words) < 2 or key in seen or not _is_name_word(_bare(words[0].text)):
            continue
        seen.add(key)
        name = next((n for left in LETTERS_LEFT
                     if (n := _letters_spell(words, prepared, left * lh)) is not None), None)
        if name is None:
            continue
        counts[name] += 1
        spelled.setdefault(name, _name_words(name, words))
    if (winner := _sole_most_common(counts)) is None:
        return []
    log.debug("name spelled from PP-OCR's letters: %r (%d strips)", *winner)
    return [spelled[winner[0]]]


_GIVEN_BY_LETTERS = frozenset(by_letters(GIVEN_NAMES))
MIDDLE_AGREED = 2  # strips reading the same family and given name around one garbled middle


def _middle_under_rim(readings: list[list[Word]]) -> list[list[Word]]:
    """A name of three words whose middle word a seal's rim or a stroke garbled (``Nguyễn \\ău
    Dũng``, ``Nguyen Vàu Dung``): a family name first, a given name last, and between them a
    word one letter from exactly one of the middle names most names carry (``Văn``, ``Thị``)
    and from no given name; taken when ``MIDDLE_AGREED`` strips read the same letters so, each
    name spelled as the strip surest of it read it, as a guess (``REPAIRED_CONF``)."""
    found: dict[tuple[str, str, str], list[list[Word]]] = {}
    for words in readings:
        words = _from_name_start(words)
        if len(words) != 3:
            continue
        family, middle, given = (plain_letters(w.text) for w in words)
        near = [m for m in COMMON_MIDDLE_NAMES if distance(middle, fold(m)) == 1]
        if (family in _FAMILY_NAMES and given in _GIVEN_BY_LETTERS and len(near) == 1
                and middle not in _GIVEN_BY_LETTERS):
            found.setdefault((family, near[0], given), []).append(words)
    agreed = [(key, ws) for key, ws in found.items() if len(ws) >= MIDDLE_AGREED]
    if len(agreed) != 1:
        return []
    (_, middle, _), agreeing = agreed[0]
    first, read, last = (max((ws[k] for ws in agreeing), key=lambda w: w.conf) for k in range(3))
    log.debug("middle name %r read %r between %r and %r", middle, read.text, first.text, last.text)
    return _as_guesses([[first, replace(read, text=middle), last]])


def _letters_spell(words: list[Word], prepared: PreparedPage, left: float) -> str | None:
    """The name PP-OCR's letters of ``words`` (read from ``left`` pixels before them) spell
    with their marks: a family name first and two words or more; else None."""
    x0, y0 = min(w.x0 for w in words), min(w.y0 for w in words)
    x1, y1 = max(w.x1 for w in words), max(w.y1 for w in words)
    pad = 0.3 * (y1 - y0)
    read = ppocr.read_area(prepared.preview, (max(0, round(x0 - left)), max(0, round(y0 - pad)),
                                              round(x1 + pad), round(y1 + pad)))
    name = spell_by_letters(" ".join(w.text.strip(_PUNCTUATION) for w in words), read)
    if name is None or len(name.split()) < 2 or name.split()[0] not in SURNAMES:
        return None
    return name


def _name_words(name: str, read: list[Word]) -> list[Word]:
    """The words of ``name`` over the span of the strip's words ``read``, each as wide as its
    share of the letters, at ``SPELLED_WORD_CONF`` (a guess of marks, which the second reading
    of the signer's line does not confirm with the letters that made it)."""
    x0, x1 = min(w.x0 for w in read), max(w.x1 for w in read)
    parts = name.split()
    total = sum(len(p) + 1 for p in parts) - 1
    words, at = [], x0
    for part in parts:
        width = (x1 - x0) * len(part) / total
        words.append(replace(read[0], text=part, x0=round(at), x1=round(at + width),
                             conf=SPELLED_WORD_CONF))
        at += width + (x1 - x0) / total
    return words


def _family_spelled(text: str) -> str | None:
    """The family name ``text`` is, as the table spells it: itself, or the one whose letters it
    has with every mark lost (``le`` → ``Lê``) or only its tone mark misread (``Hoảng``), never
    with a hat lost and a tone kept (``lạm`` is what is left of ``Phạm``, not ``Lâm``)."""
    if text in SURNAMES:
        return text
    bare = text.lower() == fold(text)
    names = [s for s in _FAMILY_SPELLINGS.get(fold(text), ())
             if bare or _without_tone(s).lower() == _without_tone(text).lower()]
    return names[0] if len(names) == 1 else None


def _surname_ending(text: str) -> str | None:
    """The one family name that ends as the letters ending ``text`` do, the name's first
    letter or more missing from them (``Z“1,ê`` → ``Lê``, ``ybâm`` → ``Lâm``); None when no
    family name or several end so (``a``: ``Hà``, ``Tạ``, ``La``)."""
    letters = re.search(r"[^\W\d_]*$", text).group()
    for start in range(len(letters)):
        ending = _without_tone(letters[start:]).lower()  # the hats stay: ``Tế`` ends as ``Lê``
        names = {s for s in SURNAMES
                 if len(s) > len(ending) and _without_tone(s).lower().endswith(ending)}
        if names:
            return names.pop() if len(names) == 1 else None
    return None


def _name_strips(page: Page, prepared: PreparedPage, span: tuple[float, float, float],
                 lh: float, grey: Image.Image, *, langs: str, timeout: float
                 ) -> tuple[list[list[Word]], list[list[Word]], list[list[Word]]]:
    """The readings as a name of the strips of ``grey`` (an 8-bit image of the prepared page's
    geometry) under ``span`` (left, top, right), ``NAME_SEARCH`` line heights down; every
    strip's reading (its words with a letter) down to the first after the name; and the names
    read surely without their family name (``_headless_name``). With no strip read as a name
    surely, the surest whole name read doubtfully (``_whole_name``), its words at
    ``REPAIRED_CONF`` at most."""
    left, top, right = span
    start, stop, step = NAME_SEARCH
    offset = start
    found_names: list[list[Word]] = []
    weak: list[list[Word]] = []  # whole names read less surely
    headless: list[list[Word]] = []  # names read surely without their family name
    readings: list[list[Word]] = []
    while offset <= stop:
        strip = _clip((left, top + offset * lh, right, top + (offset + NAME_STRIP) * lh), prepared)
        offset += step
        if strip is None:
            break
        if not _has_ink(grey.crop(strip)):
            continue
        new = _read_box(prepared, strip, psm=7, langs=langs, timeout=timeout, block=-2,
                        first_line=max(w.line for w in page.words) + 1, source=grey)
        words = _name_cased([p for w in new if any(c.isalpha() for c in w.text)
                             for p in _unjoined(w)])
        readings.append(words[:])
        words = _from_name_start(words)
        log.debug("page %d: name strip read %r", page.number, [(w.text, round(w.conf)) for w in words])
        if (len(words) >= 2 and all(_is_name_word(w.text.strip(_PUNCTUATION)) for w in words)
                and _mean_conf(words) >= SIGNATURE_SURE
                and fold(words[0].text) in _FAMILY_NAMES):
            found_names.append(words)
        elif found_names:
            break  # the strips have passed the name
        elif _whole_name(words):
            weak.append(words)
        elif _headless_name(words):
            headless.append(words)
    if not found_names and weak:  # read under a stroke or a seal: the surest, as a guess
        found_names = _as_guesses([max(weak, key=_mean_conf)])
    return found_names, readings, headless


def _headless_name(words: list[Word]) -> bool:
    """A name without its family name, read surely: two middle and given names or more
    (``Thị Bích Ngọc``, the rim over ``Lâm``), none a family name first."""
    texts = [w.text.strip(_PUNCTUATION) for w in words]
    return (len(texts) >= 2 and fold(texts[0]) not in _FAMILY_NAMES
            and all(t in GIVEN_NAMES for t in texts) and _mean_conf(words) >= SIGNATURE_SURE)


def _from_name_start(words: list[Word]) -> list[Word]:
    """A strip's words from where the name starts: without what the seal's rim or the
    signature's stroke left before it (no name word, or one read below 50 that is no family
    name: a family name the rim crosses is read doubtfully, ``Hoàng`` at 36 before ``Thị Lan``),
    nor a name word before a family name that starts a whole name (``Ke Lê Quang Minh``)."""
    def debris(w: Word) -> bool:
        text = w.text.strip(_PUNCTUATION)
        return not _is_name_word(w.text) or (w.conf < 50 and text not in SURNAMES)

    while words and debris(words[0]):
        words = words[1:]
    later = next((i for i, w in enumerate(words) if i and fold(w.text) in _FAMILY_NAMES), None)
    if (later is not None and fold(words[0].text) not in _FAMILY_NAMES
            and len(words) - later >= 3):
        words = words[later:]
    return words


WEAK_NAME_SURE = 40.0  # a whole name read less surely than SIGNATURE_SURE is kept from this


def _whole_name(words: list[Word]) -> bool:
    """Three name words or more, the first a family name as the table spells it, every one a
    syllable, read at ``WEAK_NAME_SURE`` on average (``Trịnh Xuân Trường`` at 52, 52, 44
    under a signature's stroke): a name, though not read surely."""
    texts = [w.text.strip(_PUNCTUATION) for w in words]
    return (len(texts) >= 3 and texts[0] in SURNAMES and _mean_conf(words) >= WEAK_NAME_SURE
            and all(_is_name_word(t) and is_syllable(t.lower()) for t in texts))


def _name_cased(words: list[Word]) -> list[Word]:
    """The words of a name strip, a word read in capitals spelled as the name it is when the
    strip holds another name word in its own case: a seal's rim crossing ``Thị`` makes its
    letters look tall, and Tesseract reads ``THỊ`` between ``Trần`` and ``Thu Hà``. Only a
    word that is a known name (``GIVEN_NAMES``, family names included) so spelled; a line all
    in capitals (a title) is left as it is."""
    if not any(len(w.text) > 1 and _is_name_word(w.text) for w in words):
        return words
    out = []
    for w in words:
        text = w.text.strip(_PUNCTUATION)
        if len(text) > 1 and _is_capitals(text) and text.capitalize() in GIVEN_NAMES:
            w = replace(w, text=w.text.replace(text, text.capitalize()))
        out.append(w)
    return out


_JOINED = re.compile(r"([^\W\d_]{2,})[-/]([^\W\d_]{2,})")


def _unjoined(word: Word) -> list[Word]:
    """Two name words a stroke of the signature joined (``Xuân-Trường``, ``Thụ/Hà``) as two
    words, the box cut where the stroke is; any other word as it is."""
    match = _JOINED.fullmatch(word.text.strip(_PUNCTUATION))
    if match is None or not all(_is_name_word(part) for part in match.groups()):
        return [word]
    first, second = match.groups()
    cut = word.x0 + (word.x1 - word.x0) * (len(first) + 0.5) / (len(first) + len(second) + 1)
    return [replace(word, text=first, x1=round(cut)), replace(word, text=second, x0=round(cut))]


INK_SHARE = 0.01  # share of dark pixels under which a strip is blank


def _has_ink(crop: Image.Image) -> bool:
    dark = sum(crop.histogram()[:128])
    return dark / max(1, crop.width * crop.height) >= INK_SHARE


def _is_name_word(text: str) -> bool:
    return text.isalpha() and text[0].isupper() and (len(text) == 1 or not text[1:].isupper())


def _overlap(word: Word, line: list[Word]) -> float:
    """How much of the word's height lies within the line's."""
    top, bottom = min(w.y0 for w in line), max(w.y1 for w in line)
    return max(0.0, min(word.y1, bottom) - max(word.y0, top)) / max(word.y1 - word.y0, 1)


def _insert_line(page: Page, new: list[Word]) -> None:
    """A line the first reading missed, put after the last word above it (in the words) and
    after that word's line (in the text)."""
    _drop_marks_read_alone(page, new)
    top = min(w.y0 for w in new)
    above = [i for i, w in enumerate(page.words) if w.y1 <= top and w.x0 < max(n.x1 for n in new)]
    at = max(above, default=-1) + 1
    text = " ".join(w.text for w in new)
    log.debug("page %d: line added %r", page.number, text)
    lines = page.text.split("\n")
    if at:
        before = page.words[at - 1]
        before_line = " ".join(w.text for w in page.words if w.line == before.line)
        i = next((i for i, ln in enumerate(lines) if before_line and before_line in ln), None)
        if i is None:
            i = next((i for i, ln in enumerate(lines) if before.text in ln.split()), len(lines) - 1)
        lines.insert(i + 1, text)
    else:
        lines.insert(0, text)
    page.words[at:at] = new
    page.text = "\n".join(lines)
    _update_mean_conf(page)


MARKS_ALONE = 0.35  # a word this share of a line's height or less is a mark, not a word


def _drop_marks_read_alone(page: Page, new: list[Word]) -> None:
    """The marks of a line Tesseract read as a line of their own while the letters under them
    were lost in a seal's ink (``Á Ô`` over ``GIÁM ĐỐC``): words of one letter, no taller
    than ``MARKS_ALONE`` of the line added, ending above its top (a dash beside it is no mark)
    and within its width, are dropped once it is in."""
    height = median(w.y1 - w.y0 for w in new)
    top, left, right = min(w.y0 for w in new), min(w.x0 for w in new), max(w.x1 for w in new)
    marks = [w for w in page.words if w not in new and w.y1 - w.y0 <= MARKS_ALONE * height
             and top - 0.6 * height <= (w.y0 + w.y1) / 2 and w.y1 <= top + 0.1 * height
             and left <= (w.x0 + w.x1) / 2 <= right and sum(c.isalpha() for c in w.text) == 1]
    if marks:
        _replace_runs(page, list(_by_line(marks).values()), [])


def _centre_in(word: Word, box: Box) -> bool:
    x, y = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _surer(new: list[Word], old: list[Word]) -> bool:
    return (_mean_conf(new) > _mean_conf(old)
            and min(w.conf for w in new) > min(w.conf for w in old))


SURE_MARKS = 95.0  # a subject line whose every word the page's reading is this sure of stays
MAX_SUBJECT_LINES = 6  # subject lines read again at most per page
_MARKS_PUNCT = _PUNCT + "_-–"  # the word list's punctuation, and a frame's or a rule's dash


def reread_subject_marks(page: Page, prepared: PreparedPage, *, langs: str, timeout: float) -> None:
    """Each line of the page's subject (under the type's title, or ``V/v`` under the number)
    with a doubted word read again alone (``--psm 7``): Tesseract reading the whole page
    misplaces marks on a subject's capitals (``CHÍNH LÝ`` for ``CHỈNH LÝ``, ``ĐẤU`` for
    ``ĐẦU``) where the word list cannot choose, both being words; the line read alone gives
    each word other marks and its own confidence (``_surer_marks``)."""
    layout = read_page_layout(page)
    if layout.header is None:
        return
    lines = [seg.words for seg in layout.subject] + [line.words for line in layout.vv_lines]
    doubted = [words for words in lines if words and min(w.conf for w in words) < SURE_MARKS]
    next_line = max((w.line for w in page.words), default=-1) + 1
    for words in doubted[:MAX_SUBJECT_LINES]:
        again = _read_alone(words, prepared, psm=7, langs=langs, timeout=timeout,
                            first_line=next_line)
        better = _surer_marks(words, again)
        if better == words:
            continue
        swap = {id(old): new for old, new in zip(words, better, strict=True)}
        page.words = [swap.get(id(w), w) for w in page.words]
        _replace_text(page, " ".join(w.text for w in words), " ".join(w.text for w in better))
        log.debug("subject marks read again: %r → %r", " ".join(w.text for w in words),
                  " ".join(w.text for w in better))


def _surer_marks(words: list[Word], again: list[Word]) -> list[Word]:
    """``words`` with each one that ``again`` (a line of as many words) read at its place with
    the same letters and other marks, more surely, spelled as ``again`` read it (its
    punctuation as first read) when that spelling is a syllable of the word list (``buỗi`` is
    none). A word read with a letter more or less is never taken. The two readings disagree:
    the word keeps its first, lower confidence."""
    again = [w for w in again if w.text.strip()]
    if len(again) != len(words):
        return words
    out = []
    for old, new in zip(words, again, strict=True):
        old_core, new_core = old.text.strip(_MARKS_PUNCT), new.text.strip(_MARKS_PUNCT)
        if (old_core and new_core and old_core != new_core and new.conf > old.conf
                and fold(old_core) == fold(new_core) and is_syllable(new_core.lower())):
            out.append(replace(old, text=old.text.replace(old_core, new_core, 1)))
        else:
            out.append(old)
    return out


def respell_page(page: Page) -> None:
    """Repair the diacritics of doubtful words from the Vietnamese lexicon, line by line
    (``lưu trũ`` → ``lưu trữ``, ``Giám độc`` → ``Giám đốc``)."""
    lines = _by_line(page.words)
    changed: dict[int, Word] = {}
    for words in lines.values():
        texts = respell([w.text for w in words], [0 <= w.conf < DOUBT_BELOW for w in words])
        for word, text in zip(words, texts, strict=True):
            if text != word.text:
                changed[id(word)] = replace(word, text=text)
        if any(id(w) in changed for w in words):
            _replace_text(page, " ".join(w.text for w in words),
                          " ".join(changed.get(id(w), w).text for w in words))
    if changed:
        page.words = [changed.get(id(w), w) for w in page.words]
        log.debug("page %d: diacritics repaired on %d words", page.number, len(changed))


def restore_spaces(page: Page, prepared: PreparedPage) -> None:
    """Cut words that Tesseract joined across a printed space after a comma or semicolon
    (``VT,NS.`` → ``VT,`` ``NS.``), where the page's ink shows the space
    (ingest/word_spaces.py)."""
    if not any(JOINED.search(w.text) for w in page.words):
        return
    ink = np.asarray(prepared.binary.convert("L")) < 128
    split = {id(w): parts for w in page.words if len(parts := split_at_spaces(w, ink)) > 1}
    if not split:
        return
    for words in _by_line(page.words).values():
        if any(id(w) in split for w in words):
            _replace_text(page, " ".join(w.text for w in words),
                          " ".join(p.text for w in words for p in split.get(id(w), [w])))
    page.words = [p for w in page.words for p in split.get(id(w), [w])]
    log.debug("page %d: %d word(s) cut at a printed space", page.number, len(split))


def _replace_text(page: Page, old_text: str, new_text: str) -> None:
    """Replace words of one line in the page text (the first line holding them); a line
    left empty is dropped."""
    whole = re.compile(rf"(?<!\S){re.escape(old_text)}(?!\S)")  # whole words only
    text_lines = page.text.split("\n")
    for i, text_line in enumerate(text_lines):
        if whole.search(text_line):
            replaced = whole.sub(lambda _: new_text, text_line, count=1)
            parts = [" ".join(part.split()) for part in replaced.split("\n")]
            text_lines[i:i + 1] = [part for part in parts if part] or ([] if not new_text else [""])
            page.text = "\n".join(text_lines)
            return
