"""Marks stamped in a frame (``HỎA TỐC``, ``KHẨN``, ``MẬT``) that the page's OCR missed.

Urgency and confidentiality marks are often stamped, not typed: bold capitals inside a thick
rectangular frame, between the number and the body. Reading the whole page, Tesseract takes the
frame and the letters for one picture and returns nothing, or one word of it (``TỐC!``). Here
frames of a stamp's size are found in the page image (closed contours with four corners that
fill their bounding box; frames worn open by their ink along three sides; slanted stamps by
their smallest enclosing rectangle) and what is inside each is read again as one line, then
closer in (a double frame's inner sides). A reading one letter from one mark gives it, flagged.
Only the first page's top half (the preview the worker keeps) is searched, and only for a mark
not yet found.
"""

from __future__ import annotations

import logging
from statistics import median

import cv2
import numpy as np
from PIL import Image, ImageOps

from archive_service.errors import OcrError
from archive_service.records import FieldValue, Page
from ingest import _tesseract
from ingest.metadata._header import match_mark, match_near_mark, match_partial_mark
from ingest.metadata._text import fold_alnum
from ingest.metadata.layout_reader import read_page_layout

log = logging.getLogger(__name__)

MARK_FIELDS = ("urgency", "confidentiality")
FRAME_WIDTH = (3.0, 16.0)  # a stamp's frame, in line heights of the page's print
FRAME_HEIGHT = (1.35, 5.0)
FRAME_FILL = 0.7  # share of its bounding box a frame's contour encloses (a rectangle: ~1)
MAX_FRAMES = 4  # frames read at most on a page (each read costs about 0.2 s)
TILT = (5.0, 60.0)  # degrees from level a slanted stamp leans (less: a level frame above)
FRAME_PIECE = 0.5  # share of a stamp's width or height a piece of its frame's ink spans
STAMP_GAP = 0.12  # line heights of worn ink a frame's stroke may miss and still be closed
WORN_GAP = 0.3  # … for a slanted stamp worn to dashes (bitonal scans), read after the others
STAMP_SCALE = 2  # a stamp's letters enlarged before reading (a preview is ~200 dpi)
_READ_TIMEOUT = 30.0

LeaningRect = tuple[tuple[float, float], tuple[float, float], float]  # centre, (long, short), angle


def read_stamped_marks(
    fields: dict[str, FieldValue], pages: list[Page], previews: dict[int, Image.Image], *,
    langs: str = "vie",
) -> dict[str, FieldValue]:
    """``fields`` with the urgency and confidentiality marks read from stamp frames on the
    first page when the page's OCR found none, or found one only in part (``TỐC!`` of a red
    ``HỎA TỐC``: flagged), which the whole mark read in a frame confirms. Returns a new dict."""
    out = dict(fields)
    wanted = _marks_to_read(out)
    page = pages[0] if pages else None
    if not wanted or page is None or page.source != "ocr" or page.number not in previews:
        return out
    image = previews[page.number]
    unread: Box | None = None
    for box, crops in _stamp_crops(image, _line_height(page, image)):
        mark, whole, text, conf = _read_mark(crops, langs)
        if mark is None and unread is None and _blank_stamp(page, image, box):
            unread = box
        if mark is None or mark[0] not in wanted:
            continue
        if wanted[mark[0]] is not None and (not whole or wanted[mark[0]] != mark[1]):
            continue  # a mark read in part is replaced only by the same mark read whole
        del wanted[mark[0]]
        raw = 0.5 + 0.45 * conf / 100 if whole else 0.5
        out[mark[0]] = FieldValue(mark[1], raw, page.number, tuple(float(v) for v in box),
                                  review=not whole)
        log.info("stamp read at %s: %r → %s %s", box, text, *mark)
        if not wanted:
            break
    if unread is not None and all(out[name].value is None for name in MARK_FIELDS if name in out):
        _flag_unread_stamp(out, page.number, unread)
    return out


def _flag_unread_stamp(fields: dict[str, FieldValue], page: int, box: Box) -> None:
    """The urgency flagged, still empty: a stamp's frame was found where marks stand, holding
    ink that neither the page's OCR nor a reading inside the frame took for letters (a worn
    bitonal ``KHẨN``). One field asks the archivist to look at the stamp, whichever mark it
    prints: urgency, the mark stamped most (``MẬT`` is typed as often as stamped)."""
    fields["urgency"] = FieldValue(None, 0.0, page, tuple(float(v) for v in box), review=True)
    log.info("a stamp at %s could not be read: urgency flagged for review", box)


MARKS_SIDE = 0.5  # share of the page's width left of which a mark's stamp stands


def _blank_stamp(page: Page, image: Image.Image, box: Box) -> bool:
    """Whether a frame stands where marks are stamped (in the left half of the page, below the
    number line, or the date line when no number line was read) with no word of the page's
    OCR inside it (frames found around printed words are a table's cells, a box of text)."""
    scale = image.width / page.width if page.width else 1.0
    x0, y0, x1, y1 = (v / scale for v in box)
    if (x0 + x1) / 2 > MARKS_SIDE * page.width or any(
            w.text.strip() and x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.y0 + w.y1) / 2 <= y1
            for w in page.words):
        return False
    top = _marks_top(page)
    return top is not None and y0 >= top


def _marks_top(page: Page) -> float | None:
    """The bottom of the page's number line (else of its date line), in the page's pixels."""
    model = read_page_layout(page)
    line = model.number_line or model.date_line
    return line.box[3] if line is not None else None


def _read_mark(crops: list[Image.Image], langs: str
               ) -> tuple[tuple[str, str] | None, bool, str, float]:
    """(mark, read whole, text, confidence) from a stamp's crops read in turn (the frame's
    inside, then closer in: a double frame's inner sides): the first mark read whole, else the
    first read in part (``TỐC``) or one letter off (``LKHẦN``), which is flagged."""
    found: tuple[tuple[str, str] | None, bool, str, float] = (None, False, "", 0.0)
    for crop in crops:
        text, conf = _read_line(crop, langs)
        text = _without_frame_specks(text)
        if (whole := match_mark(text)) is not None:
            return whole, True, text, conf
        near = match_partial_mark(text) or match_near_mark(text)
        if near is not None and found[0] is None:
            found = (near, False, text, conf)
    return found


def _without_frame_specks(text: str) -> str:
    """A stamp's reading without a first or last token that is what is left of a frame's
    side: marks, or one letter like a stroke (``l. KHẨN |``, ``Ì KHẨN``)."""
    tokens = text.split()
    while len(tokens) > 1 and _side(tokens[0]):
        tokens.pop(0)
    while len(tokens) > 1 and _side(tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def _side(token: str) -> bool:
    return fold_alnum(token) in ("", "l", "i", "1", "j")


def _marks_to_read(fields: dict[str, FieldValue]) -> dict[str, str | None]:
    """The mark fields to look for in frames: each unread one (None), and each read in part
    and flagged (its value, which only the same mark read whole may confirm)."""
    wanted: dict[str, str | None] = {}
    for name in MARK_FIELDS:
        fv = fields.get(name)
        if fv is None or fv.value is None:
            wanted[name] = None
        elif fv.review:
            wanted[name] = fv.value
    return wanted


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in the image's pixels


def stamp_frames(image: Image.Image, lh: float) -> list[Box]:
    """Boxes (x0, y0, x1, y1) of closed four-cornered frames of a stamp's size, inner frames
    of a double frame first, then frames worn open (``_open_frames``), at most ``MAX_FRAMES``."""
    return _level_frames(_grey_and_ink(image, lh)[1], lh)


def _level_frames(ink: np.ndarray, lh: float) -> list[Box]:
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    boxes, open_boxes = [], []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not _stamp_sized(w, h, lh):
            continue
        corners = cv2.approxPolyDP(contour, 0.03 * cv2.arcLength(contour, True), True)
        box = (x, y, x + w, y + h)
        if cv2.contourArea(contour) >= FRAME_FILL * w * h:
            if len(corners) == 4:
                boxes.append(box)
        else:
            open_boxes.append(box)
    boxes.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))  # inner frames first
    return (boxes + _open_frames(ink, open_boxes, lh))[:MAX_FRAMES]


OPEN_SIDE = 0.6  # share of each side of its box a worn frame's ink still runs along
SIDE_BAND = 0.2  # line heights in from the box's edge where a side's ink is looked for
LEVEL_LEAN = 0.09  # rise over run of a level frame's side (about 5°: ``TILT``'s least)
WORN_RUN = 1.0  # line heights of a frame's top or bottom line worn away that it runs on past


def _open_frames(ink: np.ndarray, boxes: list[Box], lh: float) -> list[Box]:
    """Frames worn open (a gap wider than ``STAMP_GAP`` in a side, or a side too faint to be
    ink) among the boxes of stamp-sized contours that enclose little (they trace the stroke):
    a frame's ink runs along most of three of its sides at least, its top or bottom leaning a
    little (``LEVEL_LEAN``); boxes that are no frame alone but overlap are pieces of one frame
    broken apart (their union). A frame that lost an upright side is widened that way as far
    as its top or bottom line runs on (``_widened``)."""
    frames, pieces = [], []
    for box in boxes:
        sides = _side_runs(ink, box, lh)
        if _framed(sides):
            frames.append((box, sides))
        else:
            pieces.append(box)
    merged: list[Box] = []
    for box in sorted(pieces):
        if merged and _overlap(merged[-1], box):
            last = merged.pop()
            box = (min(last[0], box[0]), min(last[1], box[1]), max(last[2], box[2]),
                   max(last[3], box[3]))
        merged.append(box)
    frames += [(box, sides) for box in merged if _framed(sides := _side_runs(ink, box, lh))]
    return [_widened(ink, box, sides, lh) for box, sides in frames]


def _framed(sides: tuple[float, float, float, float]) -> bool:
    """Ink runs along most of three sides at least (``OPEN_SIDE``)."""
    return sum(run >= OPEN_SIDE for run in sides) >= 3


def _overlap(a: Box, b: Box) -> bool:
    """Side by side and overlapping, level with each other over half the lower one's height."""
    level = min(a[3], b[3]) - max(a[1], b[1])
    return min(a[2], b[2]) > max(a[0], b[0]) and level >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def _side_runs(ink: np.ndarray, box: Box, lh: float) -> tuple[float, float, float, float]:
    """(top, bottom, left, right): the share of each side of ``box`` along which ink runs
    within ``SIDE_BAND`` of a straight line along that edge, leaning by up to ``LEVEL_LEAN``."""
    x0, y0, x1, y1 = box
    inside = ink[y0:y1, x0:x1] > 0
    band = max(2, round(SIDE_BAND * lh))
    return (_edge_run(inside, band), _edge_run(inside[::-1], band),
            _edge_run(inside.T, band), _edge_run(inside.T[::-1], band))


def _edge_run(inside: np.ndarray, band: int) -> float:
    """The share of the columns of ``inside`` with ink within ``band`` rows of a line along
    its top edge: the line through one top corner leaning down to the other by the drop
    (up to ``LEVEL_LEAN`` of the width) that finds the most."""
    rows, cols = inside.shape
    drop = max(0, min(rows - band, int(LEVEL_LEAN * cols)))
    depth = min(rows, band + drop)
    inked = np.vstack([np.zeros((1, cols), int), np.cumsum(inside[:depth], axis=0)])
    x = np.arange(cols)
    best = 0.0
    for lean in range(-drop, drop + 1, max(1, band // 2)):
        start = np.round(lean * x / cols if lean >= 0 else -lean * (1 - x / cols)).astype(int)
        stop = np.minimum(start + band, depth)
        best = max(best, float(np.mean(inked[stop, x] > inked[start, x])))
    return best


def _widened(ink: np.ndarray, box: Box, sides: tuple[float, float, float, float],
             lh: float) -> Box:
    """``box`` with a missing upright side moved out as far as ink runs on along its top or
    bottom edge (a band as deep as a leaning line drops), across worn gaps up to ``WORN_RUN``
    line heights, and no further than a stamp's widest (``FRAME_WIDTH``)."""
    x0, y0, x1, y1 = box
    _, _, left, right = sides
    band = max(2, round(SIDE_BAND * lh)) + round(LEVEL_LEAN * (x1 - x0))  # a leaning line's
    edges = np.concatenate([ink[y0:y0 + band], ink[y1 - band:y1]]).any(axis=0)
    widest = round(FRAME_WIDTH[1] * lh)
    if right < OPEN_SIDE:
        x1 = _run_end(edges, x1, min(len(edges), x0 + widest), round(WORN_RUN * lh))
    elif left < OPEN_SIDE:
        x0 = len(edges) - _run_end(edges[::-1], len(edges) - x0,
                                   min(len(edges), len(edges) - x1 + widest), round(WORN_RUN * lh))
    return (x0, y0, x1, y1)


def _run_end(inked: np.ndarray, start: int, limit: int, gap: int) -> int:
    """Past the last inked column from ``start`` on (before ``limit``) that less than ``gap``
    empty columns separate from the one before."""
    end, empty = start, 0
    for x in range(start, limit):
        if inked[x]:
            end, empty = x + 1, 0
        else:
            empty += 1
            if empty >= gap:
                break
    return end


def slanted_stamps(image: Image.Image, lh: float) -> list[tuple[tuple[int, int, int, int], Image.Image]]:
    """Stamps pressed at a slant: (bounding box, the inside turned level and enlarged) for each
    outer ink shape whose smallest enclosing rectangle has a stamp's size and leans between
    ``TILT`` degrees, its own ink (the frame) removed, at most ``MAX_FRAMES``."""
    return _slanted(*_grey_and_ink(image, lh), lh)


def _slanted(grey: np.ndarray, ink: np.ndarray, lh: float
             ) -> list[tuple[tuple[int, int, int, int], Image.Image]]:
    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    leaning = [(c, rect) for c in contours if (rect := _leaning_rect(c, lh)) is not None]
    if not leaning:
        return []
    _, dark = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark)  # letters rarely touch a frame here
    found = []
    for contour, rect in leaning:
        x, y, w, h = cv2.boundingRect(contour)
        outline = np.zeros_like(ink)
        cv2.drawContours(outline, [contour], -1, 255, 3)
        # the frame's own ink, in pieces where it is worn: the pieces on the outline that
        # reach across a good part of the stamp (a letter on it does not)
        pieces = [k for k in np.unique(labels[(outline > 0) & (labels > 0)])
                  if stats[k, cv2.CC_STAT_WIDTH] >= FRAME_PIECE * w
                  or stats[k, cv2.CC_STAT_HEIGHT] >= FRAME_PIECE * h]
        frame = np.isin(labels, pieces)
        found.append(((x, y, x + w, y + h), _level_inside(grey, frame, rect)))
        if len(found) == MAX_FRAMES:
            break
    return found


def _grey_and_ink(image: Image.Image, lh: float) -> tuple[np.ndarray, np.ndarray]:
    """The page in 8-bit grey, and a stamp's ink as 255 on 0: darker than halfway between the
    print's threshold (Otsu's) and the paper (a stamp's ink is often lighter than print, and
    worn), its gaps closed over ``STAMP_GAP`` line heights (a worn frame is still closed)."""
    grey, raw = _grey_and_raw_ink(image)
    return grey, _closed(raw, lh, STAMP_GAP)


def _grey_and_raw_ink(image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """The page in 8-bit grey, and the ink darker than ``_ink_level`` as 255 on 0."""
    grey = np.asarray(image.convert("L"))
    return grey, np.where(grey < _ink_level(grey), 255, 0).astype(np.uint8)


def _closed(ink: np.ndarray, lh: float, gap: float) -> np.ndarray:
    """``ink`` with its gaps up to ``gap`` line heights closed."""
    size = max(3, round(gap * lh))
    return cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))


def _ink_level(grey: np.ndarray) -> float:
    """The grey under which a stamp's ink is: halfway between the print's threshold (Otsu's)
    and the paper (the median)."""
    otsu, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return (otsu + float(np.median(grey))) / 2


def _leaning_rect(contour: np.ndarray, lh: float) -> LeaningRect | None:
    """The contour's smallest enclosing rectangle as (centre, (long side, short side), angle
    that levels it) when it has a stamp's size and leans; else None."""
    centre, (w, h), angle = _long_side_first(cv2.minAreaRect(contour))
    return (centre, (w, h), angle) if _stamp_sized(w, h, lh) and TILT[0] <= abs(angle) <= TILT[1] else None


def _long_side_first(rect: LeaningRect) -> LeaningRect:
    """OpenCV's rectangle as (centre, (long side, short side), the angle, within ±90°, that
    levels its long side)."""
    centre, (w, h), angle = rect
    if w < h:
        w, h, angle = h, w, angle - 90
    return centre, (w, h), (angle + 90) % 180 - 90


LEAN_LEAST = 0.5  # degrees a frame found level may still lean that are worth turning back


def _turned_level(grey: np.ndarray) -> np.ndarray:
    """A level frame's crop (grey) turned by the few degrees the frame leans (between
    ``LEAN_LEAST`` and ``TILT``'s least: a stamp pressed almost straight), so that its sides
    run along rows and columns, where ``_without_frame_lines`` finds them (a leaning side
    crosses the letters' line and Tesseract reads nothing)."""
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    points = cv2.findNonZero(ink)
    if points is None:
        return grey
    _, _, angle = _long_side_first(cv2.minAreaRect(points))
    if not LEAN_LEAST <= abs(angle) < TILT[0]:
        return grey
    turn = cv2.getRotationMatrix2D((grey.shape[1] / 2, grey.shape[0] / 2), angle, 1.0)
    return cv2.warpAffine(grey, turn, (grey.shape[1], grey.shape[0]), borderValue=255)


def _stamp_sized(w: float, h: float, lh: float) -> bool:
    """A stamp's size: ``FRAME_WIDTH`` by ``FRAME_HEIGHT`` line heights, wider than high."""
    return (FRAME_WIDTH[0] * lh <= w <= FRAME_WIDTH[1] * lh
            and FRAME_HEIGHT[0] * lh <= h <= FRAME_HEIGHT[1] * lh and w > h)


def _level_inside(grey: np.ndarray, frame: np.ndarray, rect: LeaningRect) -> Image.Image:
    """What lies inside a slanted frame, the frame's own ink removed, turned level, ready to
    read (``_ready_to_read``)."""
    (cx, cy), (w, h), angle = rect
    clean = grey.copy()
    clean[frame] = 255
    turn = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    level = cv2.warpAffine(clean, turn, (grey.shape[1], grey.shape[0]), borderValue=255)
    crop = level[max(0, round(cy - h / 2)):round(cy + h / 2), max(0, round(cx - w / 2)):round(cx + w / 2)]
    if crop.size == 0:
        return Image.new("L", (1, 1), 255)  # nothing to read (``_read_line`` skips it)
    return _ready_to_read(crop)


def _ready_to_read(crop: np.ndarray) -> Image.Image:
    """A level stamp (grey) without its frame's lines, enlarged ``STAMP_SCALE`` times."""
    return Image.fromarray(cv2.resize(_without_frame_lines(crop), None, fx=STAMP_SCALE,
                                      fy=STAMP_SCALE, interpolation=cv2.INTER_CUBIC))


FRAME_ROW = 0.45  # share of a row near a stamp's top or bottom that is ink: a side of its frame
FRAME_BAND = 0.3  # share of the height searched for those sides from each edge
FRAME_COLUMN = 0.7  # share of a column that is ink: a side (letters' stems are shorter)


def _without_frame_lines(crop: np.ndarray) -> np.ndarray:
    """A level stamp (grey) with its frames' sides made paper, a double frame's inner sides
    too: above and below, from the edge to the innermost row within ``FRAME_BAND`` of it that
    is ink over ``FRAME_ROW`` of its length (a worn side still is); left and right, the columns
    that are ink over ``FRAME_COLUMN`` of theirs. The letters, in the middle, are left."""
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    out = crop.copy()
    rows, columns = ink.mean(axis=1), ink.mean(axis=0)
    edge = max(1, round(FRAME_BAND * len(rows)))
    top = [k for k in range(edge) if rows[k] > FRAME_ROW]
    bottom = [k for k in range(len(rows) - edge, len(rows)) if rows[k] > FRAME_ROW]
    out[:max(top) + 3 if top else 0, :] = 255
    out[min(bottom) - 2 if bottom else len(rows):, :] = 255
    for k in np.flatnonzero(columns > FRAME_COLUMN):
        out[:, max(0, k - 2):k + 3] = 255  # a side's blur goes with it
    return out


def _stamp_crops(image: Image.Image, lh: float
                 ) -> list[tuple[tuple[int, int, int, int], list[Image.Image]]]:
    """(box, what to read, in turn) for every stamp on the page: level frames (inside, then
    ``FRAME_INSET`` further in), then slanted stamps."""
    grey, raw = _grey_and_raw_ink(image)  # thresholded once for every kind
    ink = _closed(raw, lh, STAMP_GAP)
    found = [(box, _inside(image, box)) for box in _level_frames(ink, lh)]
    found += [(box, [crop]) for box, crop in _slanted(grey, ink, lh)]
    # a slanted frame worn to dashes closes only over wider gaps (letters then merge into
    # blobs, level ones, which the slant test leaves out)
    return found + [(box, [crop]) for box, crop in _slanted(grey, _closed(raw, lh, WORN_GAP), lh)
                    if not any(_overlap(box, other) for other, _ in found)]


FRAME_INSET = 0.1  # share of a frame's height cut off above and below (half that of its width
# at each side) for a second reading: what is left of a double frame's inner sides


def _inset(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    dx, dy = round(FRAME_INSET * (x1 - x0) / 2), round(FRAME_INSET * (y1 - y0))
    return x0 + dx, y0 + dy, x1 - dx, y1 - dy


def _line_height(page: Page, image: Image.Image) -> float:
    """The median height of the page's words, in the preview's pixels."""
    heights = [w.y1 - w.y0 for w in page.words if w.text.strip() and w.y1 > w.y0]
    scale = image.width / page.width if page.width else 1.0
    return (median(heights) if heights else page.height / 60) * scale


def _inside(image: Image.Image, box: tuple[int, int, int, int]) -> list[Image.Image]:
    """What lies inside a level frame, turned level (``_turned_level``) and ready to read
    (``_ready_to_read``): all of it, then ``FRAME_INSET`` further in."""
    grey = _turned_level(np.asarray(image.crop(box).convert("L")))
    x0, y0, x1, y1 = _inset((0, 0, grey.shape[1], grey.shape[0]))
    return [_ready_to_read(grey), _ready_to_read(grey[y0:y1, x0:x1])]


def _read_line(crop: Image.Image, langs: str) -> tuple[str, float]:
    """A stamp's inside read as one line, and its words' lowest confidence."""
    if crop.width < 2 or crop.height < 2:
        return "", 0.0
    crop = ImageOps.expand(crop.convert("L"), max(4, crop.height // 5), fill=255)  # a margin
    try:
        found = _tesseract.ocr_image(crop, langs=langs, psm=7, timeout=_READ_TIMEOUT)
    except OcrError as exc:
        log.warning("a stamp frame could not be read: %s", exc)
        return "", 0.0
    words = [w for w in found.words if w.text.strip()]
    return " ".join(w.text for w in words), min((w.conf for w in words), default=0.0)
