"""Second looks at an OCR'd page: garbled runs of words read again, doubtful diacritics repaired.

Tesseract's page layout analysis sometimes garbles clean text beside another column (a
recipients list beside the signature block: ``- Như trên;`` read ``sỀ HA) à``): such runs are
read again on their own and replaced when read much more surely. Then words read with low
confidence get their diacritics repaired from the Vietnamese lexicon.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from archive_service.records import Page, Word
from ingest import _tesseract
from ingest.images import PreparedPage
from ingest.metadata._dictionary import DOUBT_BELOW, respell
from ingest.metadata._text import fold

log = logging.getLogger(__name__)

POOR_MEAN = 50.0  # a run of words read at a mean confidence below this is garbled …
POOR_WORD, POOR_MIXED = 30.0, 75.0  # … or one with a word below 30 and a mean below 75
MAX_REREADS = 8  # blocks read again per page, to bound the cost on pages of noise
REREAD_GAIN = 15.0  # the new reading must be this much surer (mean confidence) to replace the old
REREAD_SURE = 60.0  # … and read at least this surely


def reread_poor_lines(page: Page, prepared: PreparedPage, *, langs: str, timeout: float) -> None:
    """Read garbled runs again on their own: a run alone as one line (``--psm 7``), runs
    stacked over each other as one block (``--psm 6``)."""
    lines: dict[int, list[Word]] = {}
    for word in page.words:
        lines.setdefault(word.line, []).append(word)
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
    found = _tesseract.ocr_image(prepared.image.crop(box), langs=langs, timeout=timeout,
                                 dpi=prepared.dpi, psm=psm)
    block = words[0].block
    return [Word(w.text, w.x0 + box[0], w.y0 + box[1], w.x1 + box[0], w.y1 + box[1], w.conf,
                 block=block, line=first_line + w.line) for w in found.words]


def _replace_runs(page: Page, runs: list[list[Word]], new: list[Word]) -> None:
    """Put the new words where the old runs were, in the word list and in the page text (the
    first run's place takes the whole new reading, the others are removed)."""
    ids = {id(w) for run in runs for w in run}
    at = next(i for i, w in enumerate(page.words) if id(w) in ids)
    page.words = [w for w in page.words if id(w) not in ids]
    page.words[at:at] = new
    lines: dict[int, list[str]] = {}
    for w in new:
        lines.setdefault(w.line, []).append(w.text)
    new_text = "\n".join(" ".join(texts) for texts in lines.values())
    for i, run in enumerate(runs):
        _replace_text(page, " ".join(w.text for w in run), new_text if i == 0 else "")
    confs = [w.conf for w in page.words if w.conf >= 0]
    page.mean_conf = round(sum(confs) / len(confs), 2) if confs else 0.0
    log.debug("re-read %d line(s) as %r", len(runs), " ".join(w.text for w in new))


SIGNATURE_LINES = 20  # heights of the "Nơi" word below it that the signature block may span
SIGNATURE_WORD = 80.0  # words of a second look at the signature block kept from this confidence


def read_hidden_signature(page: Page, prepared: PreparedPage, *, langs: str, timeout: float) -> None:
    """Read the signature block again when the page layout analysis took it for a picture: a
    seal printed black over ``KT. CHỦ TỊCH`` can hide the whole block, name included. Beside
    ``Nơi nhận:`` with nothing read on the right, the right half is read as one column
    (``--psm 4``) and its sure words are added."""
    anchor = _recipients_anchor(page)
    if anchor is None:
        return
    lh = anchor.y1 - anchor.y0
    top, bottom = round(anchor.y0 - lh), round(anchor.y0 + SIGNATURE_LINES * lh)
    left = round(prepared.image.width * 0.45)
    if any(w.y0 >= top and w.y1 <= bottom and w.x0 >= left and w.conf >= 60
           and any(c.isalpha() for c in w.text) for w in page.words):
        return
    box = (left, max(0, top), prepared.image.width, min(prepared.image.height, bottom))
    if box[3] <= box[1]:
        return
    found = _tesseract.ocr_image(prepared.image.crop(box), langs=langs, timeout=timeout,
                                 dpi=prepared.dpi, psm=4)
    first_line = max((w.line for w in page.words), default=-1) + 1
    sure = [Word(w.text, w.x0 + box[0], w.y0 + box[1], w.x1 + box[0], w.y1 + box[1], w.conf,
                 block=-2, line=first_line + w.line)
            for w in found.words if w.conf >= SIGNATURE_WORD and any(c.isalpha() for c in w.text)]
    if sure:
        page.words.extend(sure)
        page.text += "\n\n" + " ".join(w.text for w in sure)
        log.info("page %d: signature block read again (%d words)", page.number, len(sure))


def _recipients_anchor(page: Page) -> Word | None:
    """The ``Nơi`` of ``Nơi nhận:`` at the left of the page, if there."""
    words = page.words
    for word, after in zip(words, words[1:], strict=False):
        if (word.x0 < 0.3 * page.width and fold(word.text) == "noi"
                and fold(after.text).startswith("nhan")):
            return word
    return None


def respell_page(page: Page) -> None:
    """Repair the diacritics of doubtful words from the Vietnamese lexicon, line by line
    (``lưu trũ`` → ``lưu trữ``, ``Giám độc`` → ``Giám đốc``)."""
    lines: dict[int, list[Word]] = {}
    for word in page.words:
        lines.setdefault(word.line, []).append(word)
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


def _replace_text(page: Page, old_text: str, new_text: str) -> None:
    """Replace words of one line in the page text (the first line holding them); a line
    left empty is dropped."""
    text_lines = page.text.split("\n")
    for i, text_line in enumerate(text_lines):
        if old_text in text_line:
            replaced = text_line.replace(old_text, new_text, 1)
            parts = [" ".join(part.split()) for part in replaced.split("\n")]
            text_lines[i:i + 1] = [part for part in parts if part] or ([] if not new_text else [""])
            page.text = "\n".join(text_lines)
            return
