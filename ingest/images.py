"""Page images: open safely, then turn upright, deskew and clean up for OCR.

The original file is never touched; every step works on a decoded copy.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

A4_WIDTH_IN = 8.27
MAX_SKEW = 10.0


@dataclass
class PreparedPage:
    """A page ready for Tesseract, and what was done to get it there."""

    image: Image.Image  # 8-bit greyscale, background flattened, deskewed (upright once turned)
    dpi: int
    rotation: int  # degrees turned clockwise
    skew: float  # degrees of skew removed
    preview: Image.Image  # the page in colour, same geometry as ``image``
    binary: Image.Image  # Otsu binarisation of ``image`` (for orientation detection)


def image_dpi(image: Image.Image) -> int:
    """The scan resolution: from the file when plausible, else estimated from an A4 width."""
    info = image.info.get("dpi")
    if info and 100 <= float(info[0]) <= 1200:
        return round(float(info[0]))
    short_side = min(image.width, image.height)
    return max(72, round(short_side / A4_WIDTH_IN))


def to_grey(image: Image.Image) -> np.ndarray:
    """Greyscale that drops red stamps and seals but keeps black print and blue ink.

    The red channel shows red ink as near-white and blue/black ink as dark.
    """
    if image.mode in ("1", "L", "I;16", "I", "F"):
        return np.asarray(image.convert("L"))
    rgb = np.asarray(image.convert("RGB"))
    return rgb[:, :, 0].copy()


def normalise_background(grey: np.ndarray) -> np.ndarray:
    """Divide by a blurred background estimate: flattens shadows and uneven light."""
    small = cv2.resize(grey, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.medianBlur(background, 21)
    background = cv2.resize(background, (grey.shape[1], grey.shape[0]),
                            interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(grey, np.maximum(background, 1), scale=255)
    return flat


def binarise(grey: np.ndarray) -> np.ndarray:
    """Otsu threshold after a light denoise; text black on white."""
    blurred = cv2.medianBlur(grey, 3)
    _, binary = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def estimate_skew(binary: np.ndarray, *, limit: float = MAX_SKEW) -> float:
    """Skew angle in degrees (counter-clockwise positive) by projection-profile search."""
    ink = (binary < 128).astype(np.uint8)
    scale = 1000 / max(ink.shape)
    small = cv2.resize(ink * 255, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    best = _best_angle(small, np.arange(-limit, limit + 0.01, 0.5))
    return _best_angle(small, np.arange(best - 0.5, best + 0.51, 0.05))


def _best_angle(ink: np.ndarray, angles: np.ndarray) -> float:
    h, w = ink.shape
    centre = (w / 2, h / 2)
    scores = []
    for angle in angles:
        matrix = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        rotated = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
        profile = rotated.sum(axis=1, dtype=np.float64)
        scores.append(float(np.sum(np.diff(profile) ** 2)))
    return round(float(angles[int(np.argmax(scores))]), 2)


def rotate(array: np.ndarray, angle: float, *, fill: int | tuple[int, ...] = 255) -> np.ndarray:
    """Rotate by ``angle`` degrees counter-clockwise, growing the canvas to keep every corner."""
    h, w = array.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    return cv2.warpAffine(array, matrix, (new_w, new_h), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def turn(image: Image.Image, clockwise_degrees: int) -> Image.Image:
    """Turn by a multiple of 90° clockwise."""
    ops = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
           270: Image.Transpose.ROTATE_90}
    return image.transpose(ops[clockwise_degrees]) if clockwise_degrees in ops else image


def stroke_width(grey: Image.Image) -> float:
    """The mean width in pixels of the ink's strokes (dark under 128): twice its area over its
    outline, as one erosion finds it; 0 for a blank image."""
    ink = (np.asarray(grey.convert("L")) < 128).astype(np.uint8)
    area = int(ink.sum())
    outline = area - int(cv2.erode(ink, np.ones((3, 3), np.uint8)).sum())
    return 2 * area / outline if outline else 0.0


def without_thin_strokes(grey: Image.Image, width: int) -> Image.Image:
    """``grey`` (8-bit, dark ink on light paper) with the lines thinner than ``width`` pixels
    lightened away (a grey closing): a pen's signature sweeping across a bold printed name, a
    seal's thin rings. Bold print keeps its shape; regular print loses its hairlines."""
    if width < 2:
        return grey
    kernel = np.ones((width, width), np.uint8)
    return Image.fromarray(cv2.morphologyEx(np.asarray(grey.convert("L")), cv2.MORPH_CLOSE, kernel))


SEAL_RADIUS_IN = (0.4, 1.0)  # a round seal's outer radius, inches (most are 16–21 mm)
RING_INK = 200  # grey level under which a pixel is ink for the rings (a seal may print pale)
RING_FOUND = 0.6  # share of a circle's length inked: a seal's ring (text runs far less)
RING_ERASED = 0.45  # share at which a radius near the ring's is erased with it


def without_seal_rings(grey: Image.Image, box: tuple[int, int, int, int], dpi: int) -> Image.Image | None:
    """``grey`` (8-bit) with the rings of the round seal inside ``box`` lightened away: the
    radii about the circle Hough's transform finds there at which ink goes round most of the
    circle (the outer and inner rings), so that a name the rim crosses reads again. A letter's
    stroke that crosses a ring keeps its pixels; one the ring runs along loses them. None when
    ``box`` holds no seal's ring."""
    page = np.asarray(grey.convert("L"))
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(page.shape[1], int(box[2])), min(page.shape[0], int(box[3]))
    if x1 - x0 < 20 or y1 - y0 < 20:
        return None
    crop = page[y0:y1, x0:x1]
    scale = min(1.0, 100 / dpi)  # the transform at about 100 dpi
    small = cv2.GaussianBlur(cv2.resize(255 - crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA),
                             (5, 5), 1.5)
    low, high = (round(r * dpi * scale) for r in SEAL_RADIUS_IN)
    circles = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT, dp=1, minDist=2 * low, param1=100,
                               param2=30, minRadius=low, maxRadius=high)
    if circles is None:
        return None
    ys, xs = np.nonzero(crop < RING_INK)
    erased = page.copy()
    found = False
    for cx, cy, r in circles[0][:3]:
        bands = _ring_bands(xs, ys, cx / scale, cy / scale, r / scale, step=1 / scale)
        if bands is None:
            continue
        hit = _ring_pixels(xs, ys, *bands)
        erased[ys[hit] + y0, xs[hit] + x0] = 255
        found = True
    return Image.fromarray(erased) if found else None


def _ring_bands(xs: np.ndarray, ys: np.ndarray, cx: float, cy: float, r: float, *, step: float
                ) -> tuple[tuple[float, float], np.ndarray] | None:
    """The centre near (cx, cy) about which the ink points (xs, ys) make the most complete
    ring, and the whole radii (within 0.5–1.25 ``r``) to erase about it; None when no radius is
    inked over ``RING_FOUND`` of its circle. ``step``: the transform's pixel, in ours."""
    near = np.abs(np.hypot(xs - cx, ys - cy) - 0.85 * r) <= 0.4 * r
    xs, ys = xs[near], ys[near]
    best: tuple[float, float, float, np.ndarray] | None = None
    offsets = np.arange(-2 * step, 2 * step + 0.5, max(1.0, step / 2))
    for dx in offsets:
        for dy in offsets:
            coverage = _coverage(xs, ys, cx + dx, cy + dy, r)
            if best is None or coverage.max() > best[0]:
                best = (coverage.max(), cx + dx, cy + dy, coverage)
    if best is None or best[0] < RING_FOUND:
        return None
    _, x, y, coverage = best
    radii = np.flatnonzero(coverage >= RING_ERASED)
    radii = np.unique(np.concatenate([radii - 1, radii, radii + 1]))
    return (x, y), radii[(radii >= 0.5 * r) & (radii <= 1.25 * r)]


def _ring_pixels(xs: np.ndarray, ys: np.ndarray, centre: tuple[float, float], radii: np.ndarray
                 ) -> np.ndarray:
    """Which ink points (xs, ys) belong to the rings at ``radii`` about ``centre``: those at one
    of the radii, but not where ink runs on across the ring on both sides (a letter's stroke the
    ring crosses keeps its pixels; only the ring between strokes goes)."""
    distance = np.hypot(xs - centre[0], ys - centre[1]).astype(int)
    angle = np.arctan2(ys - centre[1], xs - centre[0]) + np.pi
    hit = np.zeros(len(xs), bool)
    for band in np.split(radii, np.flatnonzero(np.diff(radii) > 1) + 1):
        lo, hi = int(band[0]), int(band[-1])
        arc = np.round(angle * (lo + hi) / 2).astype(int)  # one-pixel steps along the ring
        inside = set(arc[(distance >= lo - 3) & (distance < lo)].tolist())
        outside = set(arc[(distance > hi) & (distance <= hi + 3)].tolist())
        crossed = inside & outside
        crossed |= {a + d for a in crossed for d in (-1, 1)}
        on_ring = (distance >= lo) & (distance <= hi)
        hit |= on_ring & ~np.isin(arc, list(crossed))
    return hit


def _coverage(xs: np.ndarray, ys: np.ndarray, cx: float, cy: float, r: float) -> np.ndarray:
    """For each whole radius up to 1.3 ``r``: the share of its circle's length that ink covers."""
    distance = np.hypot(xs - cx, ys - cy).astype(int)
    top = int(1.3 * r) + 2
    counts = np.bincount(distance[distance < top], minlength=top).astype(float)
    return counts / (2 * np.pi * np.maximum(np.arange(top), 1))


def red_ink_mask(colour: Image.Image) -> np.ndarray:
    """Pixels of red ink (seals, confidentiality and urgency marks) as 255, others 0."""
    hsv = cv2.cvtColor(np.asarray(colour.convert("RGB")), cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    red = ((hue <= 10) | (hue >= 165)) & (sat >= 90) & (val >= 70)
    return red.astype(np.uint8) * 255


def find_stamps(mask: np.ndarray, dpi: int) -> list[tuple[tuple[int, int, int, int], float]]:
    """Wide red marks as (box, angle): level ones (angle 0) and tilted ones, such as the
    arrow-shaped ``HỎA TỐC`` stamped at 30–45°, with the angle (degrees) that levels them.
    Round seals are excluded (their smallest enclosing rectangle is about square)."""
    unit = dpi / 300
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (round(25 * unit), round(9 * unit))))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(closed)
    stamps = []
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        box = (int(x), int(y), int(x + w), int(y + h))
        if _wide_mark(w, h, unit):
            stamps.append((box, 0.0))
        elif area >= 3000 * unit * unit and max(w, h) >= 90 * unit:
            ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
            (_, _), (rw, rh), angle = cv2.minAreaRect(np.column_stack([xs, ys]).astype(np.float32))
            level = angle if rw >= rh else angle - 90
            if _wide_mark(max(rw, rh), min(rw, rh), unit) and abs(level) >= 8:
                stamps.append((box, float(level)))
    return stamps


def _wide_mark(width: float, height: float, unit: float) -> bool:
    return width >= 90 * unit and 30 * unit <= height <= 250 * unit and width >= 1.6 * height


def level_stamp(mask: np.ndarray, box: tuple[int, int, int, int], angle: float) -> np.ndarray:
    """A tilted mark turned level, its frame (ink touching the edges) removed: black text on
    white, ready for OCR."""
    x0, y0, x1, y1 = box
    crop = mask[y0:y1, x0:x1]
    h, w = crop.shape
    side = 2 * max(w, h)
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turn[0, 2] += (side - w) / 2
    turn[1, 2] += (side - h) / 2
    level = cv2.warpAffine(crop, turn, (side, side))
    ys, xs = np.nonzero(level > 127)
    if len(ys) == 0:
        return np.full((1, 1), 255, np.uint8)
    ink = (level[ys.min():ys.max() + 1, xs.min():xs.max() + 1] > 127).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink)
    height, width = ink.shape
    keep = np.zeros_like(ink)
    for i in range(1, count):
        x, y, cw, ch, _ = stats[i]
        if x > 2 and y > 2 and x + cw < width - 2 and y + ch < height - 2:
            keep[labels == i] = 1
    return (255 - keep * 255).astype(np.uint8)
