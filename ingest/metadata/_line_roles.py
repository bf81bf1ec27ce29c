"""Line roles learned from layout features: which segments of a page belong to the subject,
the issuer (with its parent body) and the signature block.

A small gradient-boosted tree ensemble per role (``line_roles.json``, made by
``bench/line_roles.py``) scores every segment of ``build_layout`` from its position, size,
case, gaps, neighbours and its place relative to the page's landmarks (the motto, the
``Số:`` line, the type title, ``Nơi nhận:``). Not wired into the extractor: the rules in
``_assemble.py`` stay the reference until their owner decides.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ._header import _BODY_STARTS, _VV, Line, find_motto, is_number_line, parse_date_line
from ._layout import PageLayout, Segment
from ._lexicon import match_doc_type
from ._signature import _NOI_NHAN, _PREFIX
from ._text import fold, fold_alnum

ROLES: tuple[str, ...] = ("subject", "issuer", "signature")
MODEL_FILE = Path(__file__).with_name("line_roles.json")
THRESHOLD = 0.5  # a segment belongs to a role when its score reaches this
EXTEND = 0.2  # … or this, on a row right next to the role's block
_NEXT_ROW = 1.2  # line heights between a block and the row next to it
_CLIP = 30.0  # distances in line heights are clipped to ±this
_NAME_WORD = re.compile(r"^[^\W\d_]+$")


@dataclass
class Landmarks:
    """Rows (top y, in page units) of the page's fixed lines; None when not found."""

    motto_y: float | None
    motto_x: float | None
    number_y: float | None
    title_y: float | None
    title_cx: float | None
    noi_nhan_y: float | None
    last_y: float


def _caps_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _looks_like_name(text: str) -> bool:
    tokens = [t.strip(".,;:'\"()_-") for t in text.split()]
    tokens = [t for t in tokens if t]
    if not 2 <= len(tokens) <= 6 or not all(_NAME_WORD.match(t) for t in tokens):
        return False
    return sum(t[0].isupper() and not t.isupper() for t in tokens) >= max(2, len(tokens) - 2)


def find_landmarks(layout: PageLayout) -> Landmarks:
    """The motto, the number line, the type title (centred capitals naming a type, in the
    top 60% of the page) and ``Nơi nhận:``."""
    w, h = layout.width, layout.height
    motto = find_motto(layout)
    motto_y = motto_x = None
    if motto is not None:
        motto_y = min(s.y0 for s in layout.rows[motto[0]])
        motto_x = motto[1]
    number_y = title_y = title_cx = noi_y = None
    for row in layout.rows:
        y = min(s.y0 for s in row)
        for seg in row:
            text = seg.text
            if number_y is None and y < 0.5 * h and seg.x0 < 0.5 * w and is_number_line(text):
                number_y = seg.y0
            if (title_y is None and y < 0.6 * h and (motto_y is None or y > motto_y)
                    and abs(seg.center - w / 2) < 0.15 * w and _caps_share(text) >= 0.7
                    and match_doc_type(text)[0]):
                title_y, title_cx = seg.y0, seg.center
            if noi_y is None and seg.x0 < 0.3 * w and _NOI_NHAN.match(fold(text)):
                noi_y = seg.y0
    last = max((s.y1 for r in layout.rows for s in r), default=h)
    return Landmarks(motto_y, motto_x, number_y, title_y, title_cx, noi_y, last)


FEATURES: tuple[str, ...] = (
    "x0", "x1", "cx", "off_centre", "width", "y", "height", "caps", "digits", "letters",
    "words", "conf", "ocr", "gap_above", "gap_below", "above_centred", "above_caps",
    "above_width", "below_centred", "below_caps", "below_width", "row_segments", "row_index",
    "row_last", "has_title", "to_title", "title_axis", "has_motto", "to_motto", "left_of_motto",
    "has_number", "to_number", "has_noi_nhan", "to_noi_nhan", "to_last", "authority_prefix",
    "vv", "name_like", "body_start", "date_line", "number_line", "doc_type", "above_is_title",
)


def _rel(y: float, ref: float | None, lh: float) -> float:
    if ref is None:
        return 0.0
    return max(-_CLIP, min(_CLIP, (y - ref) / lh))


def _neighbour(rows: list[list[Line]], ri: int, seg: Segment, step: int) -> Line | None:
    """The nearest segment above (step −1) or below (+1) that overlaps ``seg`` horizontally."""
    j = ri + step
    while 0 <= j < len(rows):
        for other in rows[j]:
            if other.x0 < seg.x1 and seg.x0 < other.x1:
                return other
        j += step
    return None


def split_rows(layout: PageLayout, marks: Landmarks) -> list[list[Line]]:
    """The layout's rows as ``Line`` segments (with their row index), a segment of the header
    rows that runs across the motto's left edge cut there (OCR joins ``UBND HUYỆN X`` to
    ``CỘNG HÒA …`` when the columns sit close)."""
    lh = layout.line_height or 1.0
    rows: list[list[Line]] = []
    for ri, row in enumerate(layout.rows):
        out: list[Line] = []
        for seg in row:
            cut = marks.motto_x
            in_header = marks.motto_y is not None and cut is not None and \
                marks.motto_y - 2 * lh <= seg.y0 <= marks.motto_y + 6 * lh
            left = [w for w in seg.words if not in_header or w.x0 < cut - 0.3 * lh]
            right = [w for w in seg.words if w not in left]
            out.extend(Line(ws, ri) for ws in (left, right) if ws)
        rows.append(out)
    return rows


def segment_features(layout: PageLayout) -> tuple[list[Line], np.ndarray]:
    """Every segment of the page in reading order (as ``Line``: words and row index), and
    one row of ``FEATURES`` for each."""
    w, h = layout.width or 1.0, layout.height or 1.0
    lh = layout.line_height or 1.0
    marks = find_landmarks(layout)
    ocr = 1.0 if layout.page.source == "ocr" else 0.0
    segs: list[Line] = []
    rows_out: list[list[float]] = []
    rows = split_rows(layout, marks)
    for ri, row in enumerate(rows):
        for si, seg in enumerate(row):
            text = seg.text
            key = fold(text)
            letters = [c for c in text if c.isalpha()]
            digits = sum(c.isdigit() for c in text)
            up, down = _neighbour(rows, ri, seg, -1), _neighbour(rows, ri, seg, 1)
            gap_up = min(10.0, (seg.y0 - up.y1) / lh) if up else 10.0
            gap_down = min(10.0, (down.y0 - seg.y1) / lh) if down else 10.0
            above_title = float(up is not None and marks.title_y is not None
                                and abs(up.y0 - marks.title_y) < 0.5 * lh)
            motto_x = marks.motto_x if marks.motto_x is not None else 0.5 * w
            rows_out.append([
                seg.x0 / w, seg.x1 / w, seg.center / w, abs(seg.center / w - 0.5),
                (seg.x1 - seg.x0) / w, (seg.y0 + seg.y1) / 2 / h, seg.height / lh,
                _caps_share(text), digits / max(1, len(text)), math.log1p(len(letters)),
                math.log1p(len(seg.words)), seg.conf / 100.0, ocr, gap_up, gap_down,
                abs(up.center / w - 0.5) if up else 0.5, _caps_share(up.text) if up else 0.0,
                (up.x1 - up.x0) / w if up else 0.0,
                abs(down.center / w - 0.5) if down else 0.5,
                _caps_share(down.text) if down else 0.0, (down.x1 - down.x0) / w if down else 0.0,
                float(len(row)), float(si), float(si == len(row) - 1),
                float(marks.title_y is not None), _rel(seg.y0, marks.title_y, lh),
                abs(seg.center - marks.title_cx) / w if marks.title_cx is not None else 0.5,
                float(marks.motto_y is not None), _rel(seg.y0, marks.motto_y, lh),
                float(seg.x1 <= motto_x + 0.5 * lh),
                float(marks.number_y is not None), _rel(seg.y0, marks.number_y, lh),
                float(marks.noi_nhan_y is not None), _rel(seg.y0, marks.noi_nhan_y, lh),
                _rel(marks.last_y, seg.y1, lh),
                float(bool(_PREFIX.match(text.strip()))), float(bool(_VV.match(text))),
                float(_looks_like_name(text)), float(key.startswith(_BODY_STARTS)),
                float(parse_date_line(text) is not None), float(is_number_line(text)),
                float(bool(fold_alnum(text)) and match_doc_type(text)[0] is not None),
                above_title,
            ])
            segs.append(seg)
    feats = np.array(rows_out, dtype=float).reshape(len(rows_out), len(FEATURES))
    return segs, feats


# --- the model: gradient-boosted regression trees on the logistic loss -----------------------

def tree_scores(trees: list[dict], feats: np.ndarray, base: float, rate: float) -> np.ndarray:
    """Probabilities from a tree ensemble (each tree: ``feature``, ``threshold``, ``left``,
    ``right``, ``value`` arrays; a leaf has feature −1)."""
    margin = np.full(len(feats), base)
    for tree in trees:
        node = np.zeros(len(feats), dtype=int)
        feature = np.asarray(tree["feature"])
        threshold = np.asarray(tree["threshold"], dtype=float)
        left, right = np.asarray(tree["left"]), np.asarray(tree["right"])
        value = np.asarray(tree["value"], dtype=float)
        for _ in range(16):
            f = feature[node]
            inner = f >= 0
            if not inner.any():
                break
            go_left = feats[np.arange(len(feats)), np.where(inner, f, 0)] <= threshold[node]
            node = np.where(inner, np.where(go_left, left[node], right[node]), node)
        margin += rate * value[node]
    return 1.0 / (1.0 + np.exp(-margin))


@cache
def load_model(path: Path = MODEL_FILE) -> dict:
    """The saved models (``{"roles": {role: {...}}, ...}``)."""
    return json.loads(path.read_text(encoding="utf-8"))


def role_scores(layout: PageLayout, model: dict | None = None
                ) -> tuple[list[Line], dict[str, np.ndarray]]:
    """Each segment's probability of belonging to each saved role."""
    model = model or load_model()
    segs, feats = segment_features(layout)
    scores = {}
    for role, m in model["roles"].items():
        if list(m["features"]) != list(FEATURES):
            raise ValueError(f"line_roles model for {role} was made with other features")
        scores[role] = tree_scores(m["trees"], feats, m["base"], m["rate"]) if len(segs) \
            else np.zeros(0)
    return segs, scores


def predict_roles(layout: PageLayout, model: dict | None = None) -> dict[str, list[Line]]:
    """The segments of each saved role, in reading order: those scoring at least
    ``THRESHOLD``, kept only in the block (rows no more than the role's ``gap`` line heights
    apart) around the best-scoring one."""
    segs, scores = role_scores(layout, model)
    model = model or load_model()
    out: dict[str, list[Line]] = {}
    for role, p in scores.items():
        out[role] = [segs[i] for i in pick_block(segs, p, layout.line_height,
                                                  model["roles"][role]["gap"])]
    return out


def pick_block(segs: list[Segment], p: np.ndarray, lh: float, gap: float) -> list[int]:
    """Indices of the chosen segments: the chain grown from the best one through segments
    scoring at least ``THRESHOLD`` within ``gap`` line heights (vertically), then through
    segments scoring at least ``EXTEND`` on the rows right next to it (a subject's last line)."""
    if not len(segs) or p.max() < THRESHOLD:
        return []
    block = {int(np.argmax(p))}
    for low, reach in ((THRESHOLD, gap), (EXTEND, min(gap, _NEXT_ROW))):
        grew = True
        while grew:
            grew = False
            top = min(segs[i].y0 for i in block)
            bottom = max(segs[i].y1 for i in block)
            for i in range(len(segs)):
                if i not in block and p[i] >= low and top - reach * lh <= segs[i].y1 \
                        and segs[i].y0 <= bottom + reach * lh:
                    block.add(i)
                    grew = True
    return sorted(block)
