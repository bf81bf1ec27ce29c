"""Realistic scanner / phone / photocopier degradations on page images (deterministic by seed)."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image


def _arr(img):
    return np.asarray(img.convert("RGB"), np.float32)


def _img(a):
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def paper(img, seed, tint=(250, 248, 240)):
    """Off-white paper with faint fibre texture (a scan is never pure white)."""
    rng = np.random.default_rng(seed)
    a = _arr(img)
    h, w = a.shape[:2]
    tex = cv2.GaussianBlur(rng.normal(0, 1, (h // 4, w // 4)).astype(np.float32), (0, 0), 2)
    tex = cv2.resize(tex, (w, h)) * 3
    a = a * (np.array(tint, np.float32) / 255) + tex[..., None]
    return _img(a)


def skew(img, deg, fill=(245, 245, 242)):
    a = _arr(img)
    h, w = a.shape[:2]
    M = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
    out = cv2.warpAffine(
        a, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=fill
    )
    return _img(out)


def sideways(img, quarter_turns):
    """Rotate by 90° * k counter-clockwise (page fed sideways / upside down)."""
    return img.rotate(90 * quarter_turns, expand=True)


def noise(img, seed, sigma=6.0, salt=0.0008):
    rng = np.random.default_rng(seed)
    a = _arr(img)
    a += rng.normal(0, sigma, a.shape[:2])[..., None]
    if salt:
        m = rng.random(a.shape[:2])
        a[m < salt / 2] = 20
        a[m > 1 - salt / 2] = 255
    return _img(a)


def uneven_light(img, seed, strength=0.22):
    rng = np.random.default_rng(seed)
    a = _arr(img)
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    d = np.sqrt(((xx - cx) / w) ** 2 + ((yy - cy) / h) ** 2)
    g = 1 - strength * (d / d.max()) ** 1.5
    ang = rng.uniform(0, np.pi)
    lin = np.cos(ang) * xx / w + np.sin(ang) * yy / h
    g *= 1 - strength * 0.5 * (lin - lin.min()) / (np.ptp(lin) + 1e-6)
    return _img(a * g[..., None])


def blur(img, sigma=0.8):
    return _img(cv2.GaussianBlur(_arr(img), (0, 0), sigma))


def photocopy(img, seed):
    """Grey, high-contrast copy with speckle, toner streaks and slight blur."""
    rng = np.random.default_rng(seed)
    g = np.asarray(img.convert("L"), np.float32)
    h, w = g.shape
    g = cv2.GaussianBlur(g, (0, 0), 0.9)
    # contrast: darken ink, grey the paper
    g = 255 * (1 / (1 + np.exp(-(g - 150) / 22)))
    g = 232 * (g / 255) + 8
    # toner streaks (vertical, faint, a few px wide)
    for _ in range(int(rng.integers(2, 5))):
        x = int(rng.integers(0, w))
        ww = int(rng.integers(2, 7))
        prof = rng.uniform(25, 60) * (0.6 + 0.4 * np.sin(np.linspace(0, rng.uniform(3, 9), h)))
        g[:, x : x + ww] -= prof[:, None]
    # grey speckle
    n = int(h * w * 0.0015)
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    g[ys, xs] = rng.uniform(60, 170, n)
    sp = cv2.GaussianBlur(g, (0, 0), 0.6)
    # dark copier edge
    edge = np.ones_like(g)
    e = int(w * 0.012)
    edge[:, :e] = np.linspace(0.35, 1, e)[None, :]
    sp *= edge
    return _img(np.dstack([sp] * 3))


def phone_photo(img, seed, out_w=2268, out_h=3024):
    """Photo of the paper lying on a desk: perspective, shadow, light falloff, blur, warm cast."""
    rng = np.random.default_rng(seed)
    a = _arr(img)
    h, w = a.shape[:2]
    # desk background: wood-ish texture
    base = np.array(rng.choice([(118, 86, 60), (150, 140, 128), (70, 72, 80)]), np.float32)
    tex = cv2.GaussianBlur(rng.normal(0, 1, (out_h, out_w)).astype(np.float32), (0, 0), 3)
    streak = cv2.GaussianBlur(rng.normal(0, 1, (out_h, 1)).astype(np.float32), (0, 0), 6)
    bg = base[None, None, :] + (tex * 10 + streak * 25)[..., None]
    # perspective
    m = 0.06
    scale = min(out_w / w, out_h / h) * rng.uniform(0.82, 0.88)
    pw, ph = w * scale, h * scale
    ox, oy = (out_w - pw) / 2, (out_h - ph) / 2
    jit = lambda: rng.uniform(-m, m) * min(pw, ph) * 0.5  # noqa: E731
    dst = np.float32(
        [
            [ox + jit(), oy + jit()],
            [ox + pw + jit(), oy + jit()],
            [ox + pw + jit(), oy + ph + jit()],
            [ox + jit(), oy + ph + jit()],
        ]
    )
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    M = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(a, M, (out_w, out_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), M, (out_w, out_h))
    mask = cv2.GaussianBlur(mask, (0, 0), 1.2)[..., None]
    # paper drop shadow on the desk
    sh = cv2.GaussianBlur(cv2.warpPerspective(np.ones((h, w), np.float32), M, (out_w, out_h)), (0, 0), 25)
    sh = np.roll(sh, (18, 14), axis=(0, 1))
    bg = bg * (1 - 0.45 * sh[..., None])
    out = warped * mask + bg * (1 - mask)
    # lighting: falloff + soft shadow of the phone/hand over part of the page
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    cx, cy = rng.uniform(0.3, 0.7) * out_w, rng.uniform(0.2, 0.5) * out_h
    d = np.sqrt(((xx - cx) / out_w) ** 2 + ((yy - cy) / out_h) ** 2)
    light = 1 - 0.28 * d / d.max()
    shadow = np.zeros((out_h, out_w), np.float32)
    corner = rng.integers(0, 4)
    pts = np.array([[0, 0], [out_w * 0.55, 0], [out_w * 0.25, out_h * 0.45], [0, out_h * 0.6]], np.int32)
    if corner % 2:
        pts[:, 0] = out_w - pts[:, 0]
    if corner >= 2:
        pts[:, 1] = out_h - pts[:, 1]
    cv2.fillPoly(shadow, [pts], 1.0)
    shadow = cv2.GaussianBlur(shadow, (0, 0), 60)
    light *= 1 - 0.3 * shadow
    out = out * light[..., None] * np.array([1.0, 0.97, 0.9], np.float32)
    out = cv2.GaussianBlur(out, (0, 0), 0.9)
    out += rng.normal(0, 3.0, out.shape[:2])[..., None]
    return _img(out)


def to_gray(img):
    return img.convert("L")
