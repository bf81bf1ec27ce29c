"""Raster back end: draw laid-out pages with Pillow at a given dpi (clean page images)."""

from __future__ import annotations

import math
import random
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .layout import A4_H, A4_W, FONT_FILES, TG, Frame, Page, Rule, Stamp, Text

SEAL_RED = (215, 35, 45)
SIG_INK = (20, 30, 90)
SEAL_FONT = TG + "texgyreheros-bold.otf"  # ring text of the seal (varied.py may swap it)


@lru_cache(maxsize=256)
def font_px(key: str, px: int) -> ImageFont.FreeTypeFont:
    path = FONT_FILES.get(key, key)
    return ImageFont.truetype(path, px)


def _seal_layer(r_px: int, text: str, seed: int) -> np.ndarray:
    """Alpha mask (float 0..1) of a round seal with ring text and a star."""
    rng = np.random.default_rng(seed)
    size = 2 * r_px + 8
    img = Image.new("L", (size, size), 0)
    dr = ImageDraw.Draw(img)
    c = size / 2
    w_out = max(2, int(r_px * 0.06))
    dr.ellipse([c - r_px, c - r_px, c + r_px, c + r_px], outline=255, width=w_out)
    r_in = r_px * 0.70
    dr.ellipse([c - r_in, c - r_in, c + r_in, c + r_in], outline=255, width=max(1, int(r_px * 0.025)))
    # ring text
    f = font_px(SEAL_FONT, max(8, int(r_px * 0.17)))
    text = text.upper()
    n = len(text)
    span = 300.0
    r_txt = r_px * 0.84
    for k, ch in enumerate(text):
        ang = math.radians(-90 - span / 2 + span * (k + 0.5) / n)
        ci = Image.new("L", (int(r_px * 0.3), int(r_px * 0.3)), 0)
        ImageDraw.Draw(ci).text((ci.width / 2, ci.height / 2), ch, font=f, fill=255, anchor="mm")
        ci = ci.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC)
        x = c + r_txt * math.cos(ang) - ci.width / 2
        y = c + r_txt * math.sin(ang) - ci.height / 2
        img.paste(255, (int(x), int(y)), ci)
    # star
    rs = r_px * 0.32
    pts = []
    for k in range(10):
        rr = rs if k % 2 == 0 else rs * 0.40
        a = math.radians(-90 + 36 * k)
        pts.append((c + rr * math.cos(a), c + rr * math.sin(a)))
    dr.polygon(pts, fill=255)
    a = np.asarray(img, np.float32) / 255.0
    # uneven ink
    noise = cv2.GaussianBlur(rng.random((size, size)).astype(np.float32), (0, 0), r_px * 0.15)
    noise = (noise - noise.min()) / (np.ptp(noise) + 1e-6)
    a *= 0.55 + 0.4 * noise
    return cv2.GaussianBlur(a, (0, 0), max(0.6, r_px / 160))


def _signature_layer(w: int, h: int, seed: int, pen: float) -> np.ndarray:
    rng = np.random.default_rng(seed + 17)
    a = np.zeros((h, w), np.uint8)
    x = w * 0.15
    y = h * 0.55
    pts = []
    for _k in range(int(rng.integers(5, 9))):
        nx = x + rng.uniform(0.06, 0.14) * w
        ny = h * rng.uniform(0.25, 0.8)
        cx1, cy1 = x + rng.uniform(-0.05, 0.1) * w, h * rng.uniform(0.05, 0.95)
        for t in np.linspace(0, 1, 30):
            bx = (1 - t) ** 2 * x + 2 * (1 - t) * t * cx1 + t**2 * nx
            by = (1 - t) ** 2 * y + 2 * (1 - t) * t * cy1 + t**2 * ny
            pts.append((bx, by))
        x, y = nx, ny
    # final flourish underline
    x0, y0 = w * rng.uniform(0.1, 0.3), h * rng.uniform(0.75, 0.9)
    for t in np.linspace(0, 1, 40):
        pts.append((x0 + t * w * 0.7, y0 - math.sin(t * math.pi) * h * 0.08))
    arr = np.array(pts, np.float32) * 4
    cv2.polylines(a, [arr.astype(np.int32)], False, 255, max(1, int(pen)), cv2.LINE_AA, shift=2)
    return a.astype(np.float32) / 255.0


def stamp_transmittance(st: Stamp, dpi: int):
    """Ink transmittance (H, W, 3 floats, 1 = paper) of seal + signature, and its top-left in points."""
    s = dpi / 72
    r_pt = 46.0
    box_w_pt, box_h_pt = 190.0, 104.0
    W, H = int(box_w_pt * s), int(box_h_pt * s)
    T = np.ones((H, W, 3), np.float32)
    # signature, right of the seal centre
    sw, sh = int(120 * s), int(60 * s)
    sig = _signature_layer(sw, sh, st.seed, pen=1.3 * s)
    ox = int((box_w_pt / 2 - 10) * s) if st.kind == "seal+sig" else int((box_w_pt / 2 - 60) * s)
    oy = int(18 * s)
    reg = T[oy : oy + sh, ox : ox + sw]
    sig = sig[: reg.shape[0], : reg.shape[1], None]
    reg *= 1 - sig * 0.95 * (1 - np.array(SIG_INK, np.float32) / 255)
    if st.kind == "seal+sig":
        r_px = int(r_pt * s)
        seal = _seal_layer(r_px, st.seal_text, st.seed)
        sz = seal.shape[0]
        cx, cy = int((box_w_pt / 2 - 34) * s), H // 2
        x0, y0 = cx - sz // 2, cy - sz // 2
        xa, ya = max(0, x0), max(0, y0)
        xb, yb = min(W, x0 + sz), min(H, y0 + sz)
        sl = seal[ya - y0 : yb - y0, xa - x0 : xb - x0, None]
        T[ya:yb, xa:xb] *= 1 - sl * (1 - np.array(SEAL_RED, np.float32) / 255)
    left = st.cx - (box_w_pt / 2 - 34) if st.kind == "seal+sig" else st.cx - box_w_pt / 2
    return T, (left, st.cy - box_h_pt / 2)


def stamp_rgba(st: Stamp, dpi: int):
    """RGBA image equivalent (over white) to the stamp, for PDF embedding."""
    T, pos = stamp_transmittance(st, dpi)
    a = (1 - T).max(axis=2)
    C = 1 - (1 - T) / np.maximum(a[..., None], 1e-4)
    rgba = np.dstack([C * 255, a * 255]).clip(0, 255).astype(np.uint8)
    return Image.fromarray(rgba, "RGBA"), pos


def _draw_hand(img: Image.Image, op: Text, s: float, seed: int):
    rng = random.Random(seed)
    x = op.x * s
    for ch in op.text:
        px = int(op.size * s * rng.uniform(0.92, 1.1))
        f = font_px("hand", px)
        cw = f.getlength(ch)
        tile = Image.new("L", (int(cw * 2 + 20), int(px * 2)), 0)
        ImageDraw.Draw(tile).text(
            (tile.width / 2, tile.height * 0.65),
            ch,
            font=f,
            fill=255,
            anchor="ms",
            stroke_width=max(1, int(px * 0.03)),
            stroke_fill=255,
        )
        tile = tile.rotate(rng.uniform(-9, 9), resample=Image.BICUBIC)
        y = op.y * s + rng.uniform(-0.08, 0.08) * px
        col = Image.new("RGB", tile.size, op.color)
        img.paste(col, (int(x + cw / 2 - tile.width / 2), int(y - tile.height * 0.65)), tile)
        x += cw * rng.uniform(0.95, 1.1)


def render_page(page: Page, dpi: int = 300) -> Image.Image:
    s = dpi / 72
    W, H = int(round(A4_W * s)), int(round(A4_H * s))
    img = Image.new("RGB", (W, H), (255, 255, 255))
    dr = ImageDraw.Draw(img)
    stamps = []
    for k, op in enumerate(page.ops):
        if isinstance(op, Text):
            if op.hand:
                _draw_hand(img, op, s, seed=sum(map(ord, op.text)) * 31 + k)
                dr = ImageDraw.Draw(img)
            else:
                dr.text(
                    (op.x * s, op.y * s),
                    op.text,
                    font=font_px(op.font, int(round(op.size * s))),
                    fill=op.color,
                    anchor="ls",
                )
        elif isinstance(op, Rule):
            dr.line(
                [(op.x1 * s, op.y1 * s), (op.x2 * s, op.y2 * s)],
                fill=op.color,
                width=max(1, int(round(op.width * s))),
            )
        elif isinstance(op, Frame):
            dr.rectangle(
                [op.x * s, op.y * s, (op.x + op.w) * s, (op.y + op.h) * s],
                outline=op.color,
                width=max(1, int(round(op.width * s))),
            )
        elif isinstance(op, Stamp):
            stamps.append(op)
    if stamps:
        arr = np.asarray(img, np.float32)
        for st in stamps:
            T, (lx, ty) = stamp_transmittance(st, dpi)
            x0, y0 = int(lx * s), int(ty * s)
            h, w = T.shape[:2]
            reg = arr[y0 : y0 + h, x0 : x0 + w]
            reg *= T[: reg.shape[0], : reg.shape[1]]  # multiply blend: ink over ink stays dark
        img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    return img
