"""Learned line roles vs the hand-written rules: subject, issuer and signature-block lines.

    .venv/bin/python bench/line_roles.py [--save] [--trees N] [--generate N]

For every document whose pages are in bench/out/metadata/pages/ (found under the reading
code that made them; never read again here), page 1 (the header page) and the foot page
(``find_foot``'s page, else the last page) are cut into segments (``build_layout``, a
header segment that runs across the motto's left edge cut there); each segment gets layout
features (``FEATURES``: position, width, height against the page's line height, capitals,
gaps and neighbours above and below, place relative to the motto, the ``Số:`` line, the type
title and ``Nơi nhận:``, a few textual cues) and, per role, a label from the labelled strings
(folded fuzzy match; ambiguous segments left out). A gradient-boosted tree ensemble (numpy,
depth 3) per role is trained and tested in three checks:

- A (leave-source-out): generated + real_samples → real_dev "tune";
- C: real_dev "tune" in 5 folds, each tested after training on generated + real_samples +
  the other folds;
- B: generated + real_samples + real_dev "tune" → real_dev "measure", aggregate figures only.

The rule's decision for a segment is whether it ended up in the field of
``extract_metadata(pages, calibrated=False)`` (inside the field's box and matching its
text). Fields are assembled from the model's segments with the extractor's own cleaning
(``_subject_text``, ``split_issuer``, ``_read_foot``) and compared exactly
(``normalise_field``); "(labelled lines)" assembles them from the labelled segments, the
best any line chooser can do with this OCR text. Generated born-digital documents
(``--generate``, default 80) are made once under bench/out/line_roles/generated/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive_service.config import Config  # noqa: E402
from archive_service.records import Page  # noqa: E402
from bench.metadata import (  # noqa: E402
    _READING_CODE,
    CACHE,
    MEASURED,
    _cache_key,
    real_cases,
    real_dev_cases,
    sample_cases,
    varied_cases,
)
from ingest.metadata import extract_metadata  # noqa: E402
from ingest.metadata._assemble import _read_foot, _subject_text  # noqa: E402
from ingest.metadata._gazetteer import repair_place  # noqa: E402
from ingest.metadata._header import (  # noqa: E402
    _BODY_STARTS,
    _VV,
    Line,
    find_header,
    find_motto,
    is_number_line,
    parse_date_line,
    split_issuer,
)
from ingest.metadata._layout import PageLayout, Segment, build_layout  # noqa: E402
from ingest.metadata._lexicon import match_doc_type, repair_header_known  # noqa: E402
from ingest.metadata._signature import _NOI_NHAN, _PREFIX, Foot, find_foot  # noqa: E402
from ingest.metadata._text import fold, fold_alnum, new_tones  # noqa: E402
from tests.conftest import normalise_field  # noqa: E402

GAP = {"subject": 2.0, "issuer": 2.0, "signature": 14.0}  # line heights between a role's rows
LABEL_FIELDS = {"subject": ("subject",), "issuer": ("parent_issuer", "issuer"),
                "signature": ("signing_authority", "signer_title", "signer")}
FIELDS = {"subject": ("subject",), "issuer": ("issuer", "parent_issuer"),
          "signature": ("signing_authority", "signer_title", "signer")}
POSITIVE, NEGATIVE = 0.85, 0.6  # partial match of a segment in the labelled text
MIN_BLOCK = 0.5  # the labelled segments together must match the label this well
SEED = 20261203  # the folds of check C
FOLDS = 5


# --- layout features -------------------------------------------------------------------------

ROLES: tuple[str, ...] = ("subject", "issuer", "signature")
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




# --- matching --------------------------------------------------------------------------------

def key(text: str) -> str:
    """NFC, case- and diacritics-folded, letters and digits only."""
    return fold_alnum(new_tones(text or ""))


def ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a or b else 1.0


def partial(s: str, label: str) -> float:
    """How well ``s`` appears inside ``label`` (best window of ``label``, as rapidfuzz's
    partial ratio); a text much longer than the label is compared whole."""
    if not s or not label:
        return 0.0
    if s in label:
        return 1.0
    if len(s) > 1.3 * len(label):
        return ratio(s, label)
    best = 0.0
    for i, j, _n in SequenceMatcher(None, s, label, autojunk=False).get_matching_blocks():
        start = max(0, min(j - i, len(label) - len(s)))
        best = max(best, ratio(s, label[start:start + len(s)]))
    return best


def seg_key(seg: Segment, role: str) -> str:
    text = seg.text
    if role == "subject":
        text = _VV.sub("", text, count=1)
    return key(text)


def label_segments(segs: list[Segment], role: str, truth: str, lh: float) -> np.ndarray:
    """1 part of the role, 0 not, −1 ambiguous: candidates (partial ≥ POSITIVE) are grouped
    into vertical blocks; the block whose joined text best matches the label is the role's,
    segments whose removal improves that match and candidates elsewhere are left out."""
    out = np.zeros(len(segs), dtype=int)
    target = key(truth)
    scores = [partial(seg_key(s, role), target) for s in segs]
    cand = []
    for i, (s, p) in enumerate(zip(segs, scores, strict=True)):
        if p >= POSITIVE and len(seg_key(s, role)) >= 2:
            cand.append(i)
        elif p >= NEGATIVE:
            out[i] = -1
    blocks: list[list[int]] = []
    for i in sorted(cand, key=lambda i: segs[i].y0):
        if blocks and segs[i].y0 - max(segs[j].y1 for j in blocks[-1]) <= GAP[role] * lh:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    if not blocks:
        return out

    def match(block: list[int]) -> float:
        return ratio(" ".join(seg_key(segs[j], role) for j in sorted(block)), target)

    best = max(blocks, key=match)
    while len(best) > 1:
        trial = max(([j for j in best if j != k] for k in best), key=match)
        if match(trial) <= match(best) + 0.01:
            break
        out[[j for j in best if j not in trial]] = -1
        best = trial
    for i in cand:
        out[i] = -1
    if match(best) >= MIN_BLOCK:
        out[best] = 1
    return out


# --- documents -------------------------------------------------------------------------------

@dataclass
class RolePage:
    """One role on one document: the page's segments, features, labels, rule decisions."""

    layout: PageLayout
    segs: list[Line]
    feats: np.ndarray
    labels: np.ndarray
    rule: np.ndarray


@dataclass
class Doc:
    name: str
    group: str
    source: str  # generated, real_samples, tune, measure
    truth: dict
    rule_fields: dict
    places: tuple[str, ...]
    foot_page: int
    roles: dict[str, RolePage] = field(default_factory=dict)


def _source(group: str) -> str:
    if group == MEASURED:
        return "measure"
    if group.startswith("real_dev"):
        return "tune"
    return "real_samples" if group.startswith("real") else "generated"


def _inside(seg: Segment, box, lh: float) -> bool:
    cx, cy = seg.center, (seg.y0 + seg.y1) / 2
    m = 0.5 * lh
    return box[0] - m <= cx <= box[2] + m and box[1] - m <= cy <= box[3] + m


def rule_decisions(segs: list[Segment], role: str, fields: dict, page_no: int, lh: float
                   ) -> np.ndarray:
    """1 where the rule's field for the role holds the segment (in one of its boxes, its
    text in the value)."""
    values = [fields[f] for f in FIELDS[role] if fields[f].value]
    boxes = [fv.box for fv in values if fv.box and fv.page == page_no]
    text = key(" ".join(str(fv.value) for fv in values))
    return np.array([int(any(_inside(s, b, lh) for b in boxes)
                         and partial(seg_key(s, role), text) >= NEGATIVE) for s in segs])


def _places(layout: PageLayout) -> tuple[str, ...]:
    header = find_header(layout)
    line = next((ln for ln in header.right if parse_date_line(ln.text)), None) if header else None
    parts = parse_date_line(line.text) if line else None
    place = repair_place(parts.place)[0] if parts and parts.place else None
    return (place,) if place else ()


@cache
def _code_states() -> list[bytes]:
    """The reading code's bytes (as ``bench.metadata._cache_key`` hashes them) in the working
    tree and at the last few commits: others edit ingest/ while the cache is filled, and a
    cached reading stays valid for the code that made it."""
    sources = [s for s in _READING_CODE if s.name not in ("handwriting.py", "ppocr.py")]
    states = [b"".join(s.read_bytes() for s in sources)]
    log = subprocess.run(["git", "log", "-n", "4", "--format=%H", "--", *map(str, sources)],
                         cwd=ROOT, capture_output=True, text=True, check=False).stdout.split()
    for rev in ["HEAD", *log]:
        parts = []
        for s in sources:
            shown = subprocess.run(["git", "show", f"{rev}:{s.relative_to(ROOT)}"], cwd=ROOT,
                                   capture_output=True, check=False)
            parts.append(shown.stdout if shown.returncode == 0 else b"")
        states.append(b"".join(parts))
    return list(dict.fromkeys(states))


def cached_pages(path: Path) -> tuple[list[Page], datetime | None] | None:
    """The cached pages of a file (as ``load_pages`` reads them), never a new reading."""
    head = path.read_bytes() + Config().ocr_langs.encode()
    assert _cache_key(path) == hashlib.sha256(head + _code_states()[0]).hexdigest()[:24]
    for code in _code_states():
        cached = CACHE / f"{hashlib.sha256(head + code).hexdigest()[:24]}.json"
        if cached.exists():
            data = json.loads(cached.read_text(encoding="utf-8"))
            signed = data.get("signed_at")
            return ([Page.from_dict(p) for p in data["pages"]],
                    datetime.fromisoformat(signed) if signed else None)
    return None


GENERATED = ROOT / "bench" / "out" / "line_roles" / "generated"
MODELS = ROOT / "bench" / "out" / "line_roles" / "models.json"
GEN_SEED = 61


def generated_cases(count: int) -> list[tuple[str, Path, str, dict]]:
    """``count`` born-digital documents of the varied-typesetting generator (fpdf2, seed
    ``GEN_SEED``), made once under bench/out/line_roles/generated/ with their pages read from
    the text layer (no OCR)."""
    if count <= 0:
        return []
    truths = [m for m in GENERATED.glob("v*.json") if not m.name.endswith(".pages.json")]
    if len(truths) < count:
        subprocess.run([sys.executable, str(ROOT / "sample_docs" / "generate_varied.py"),
                        "--count", str(count), "--seed", str(GEN_SEED), "--out", str(GENERATED),
                        "--kinds", "pdf-born"], cwd=ROOT, check=True, capture_output=True)
    cases = []
    for meta in sorted(GENERATED.glob("v*.json")):
        if meta.name.endswith(".pages.json") or int(meta.stem.split("_")[1]) >= count:
            continue
        truth = json.loads(meta.read_text(encoding="utf-8"))
        cases.append((meta.stem, GENERATED / truth["file"], "generated born-digital",
                      truth["metadata"]))
    return cases


def _generated_pages(path: Path) -> tuple[list[Page], datetime | None]:
    from ingest.pipeline import read_document

    cached = path.with_suffix(".pages.json")
    if not cached.exists():
        doc = read_document(path, Config(), workers=1)
        cached.write_text(json.dumps([p.to_dict() for p in doc.pages], ensure_ascii=False),
                          encoding="utf-8")
    return [Page.from_dict(p) for p in json.loads(cached.read_text(encoding="utf-8"))], None


def read_doc(name: str, path: Path, group: str, truth: dict) -> Doc | None:
    """The document's role pages, or None when its pages are not cached."""
    read = _generated_pages(path) if path.parent == GENERATED else cached_pages(path)
    if read is None:
        return None
    pages, signed = read
    if not pages:
        return None
    fields = extract_metadata(pages, filename=path.name, signed_at=signed, calibrated=False)
    layouts = [build_layout(p) for p in pages]
    hpage = next((i for i, lay in enumerate(layouts) if find_header(lay) is not None), 0)
    foot = find_foot(layouts, hpage)
    fpage = foot.page - 1 if foot is not None else len(pages) - 1
    doc = Doc(name, group, _source(group), truth, fields, _places(layouts[hpage]), fpage)
    cache: dict[int, tuple[list[Line], np.ndarray]] = {}
    for role in ROLES:
        pi = fpage if role == "signature" else hpage
        layout = layouts[pi]
        if pi not in cache:
            cache[pi] = segment_features(layout)
        segs, feats = cache[pi]
        labels = role_labels(segs, role, truth, layout.line_height or 1.0)
        rule = rule_decisions(segs, role, fields, pages[pi].number, layout.line_height or 1.0)
        doc.roles[role] = RolePage(layout, segs, feats, labels, rule)
    return doc


def role_labels(segs: list[Segment], role: str, truth: dict, lh: float) -> np.ndarray:
    """Labels of a role's segments; the signature block's three strings are matched one by
    one (its name sits far below its title), a segment being the role's if any claims it."""
    parts = [truth.get(f) or "" for f in LABEL_FIELDS[role]]
    texts = [t for t in parts if t] if role == "signature" else [" ".join(parts).strip()]
    texts = [t for t in texts if t]
    if not texts:
        return np.full(len(segs), -1)
    each = [label_segments(segs, role, t, lh) for t in texts]
    out = np.where(np.any([e == -1 for e in each], 0), -1, 0)
    return np.where(np.any([e == 1 for e in each], 0), 1, out)


def all_docs(generate: int) -> tuple[list[Doc], int]:
    cases = (sample_cases() + varied_cases() + generated_cases(generate) + real_cases()
             + real_dev_cases())
    docs, missing = [], 0
    for name, path, group, truth in cases:
        doc = read_doc(name, path, group, truth)
        if doc is None:
            missing += 1
        else:
            docs.append(doc)
    return docs, missing


# --- the model -------------------------------------------------------------------------------

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


def _edges(x: np.ndarray, bins: int = 32) -> list[np.ndarray]:
    return [np.unique(np.quantile(col, np.linspace(0, 1, bins + 1)[1:-1])) for col in x.T]


def fit_trees(x: np.ndarray, y: np.ndarray, *, trees: int = 150, depth: int = 3,
              rate: float = 0.1, lam: float = 1.0, min_hess: float = 1.0) -> dict:
    """Gradient boosting of regression trees on the logistic loss (Newton leaves, histogram
    splits on quantile bins)."""
    edges = _edges(x)
    nb = max(len(e) for e in edges) + 1
    xb = np.stack([np.searchsorted(e, col, side="left") for e, col in zip(edges, x.T,
                                                                          strict=True)], 1)
    nf = x.shape[1]
    offs = np.arange(nf) * nb
    prior = min(max(y.mean(), 1e-3), 1 - 1e-3)
    base = float(np.log(prior / (1 - prior)))
    margin = np.full(len(y), base)
    out = []
    for _ in range(trees):
        p = 1 / (1 + np.exp(-margin))
        g, h = p - y, p * (1 - p)
        feature, threshold, left, right, value = [-1], [0.0], [-1], [-1], [0.0]
        leaf_of = np.zeros(len(y), dtype=int)
        frontier = [(0, np.arange(len(y)), 0)]
        while frontier:
            node, idx, d = frontier.pop()
            gs, hs = g[idx].sum(), h[idx].sum()
            value[node] = float(-gs / (hs + lam))
            if d >= depth or len(idx) < 4:
                continue
            flat = (xb[idx] + offs).ravel()
            gh = np.bincount(flat, np.repeat(g[idx], nf), nf * nb).reshape(nf, nb).cumsum(1)
            hh = np.bincount(flat, np.repeat(h[idx], nf), nf * nb).reshape(nf, nb).cumsum(1)
            gain = gh ** 2 / (hh + lam) + (gs - gh) ** 2 / (hs - hh + lam) - gs ** 2 / (hs + lam)
            gain[(hh < min_hess) | (hs - hh < min_hess)] = -np.inf
            for f, e in enumerate(edges):
                gain[f, len(e):] = -np.inf
            f, b = np.unravel_index(int(np.argmax(gain)), gain.shape)
            if not np.isfinite(gain[f, b]) or gain[f, b] <= 1e-6:
                continue
            go = xb[idx, f] <= b
            feature[node], threshold[node] = int(f), float(edges[f][b])
            for side, sub in (("l", idx[go]), ("r", idx[~go])):
                child = len(feature)
                feature.append(-1)
                threshold.append(0.0)
                left.append(-1)
                right.append(-1)
                value.append(0.0)
                (left if side == "l" else right)[node] = child
                leaf_of[sub] = child
                frontier.append((child, sub, d + 1))
        margin += rate * np.asarray(value)[leaf_of]
        out.append({"feature": feature, "threshold": [round(t, 6) for t in threshold],
                    "left": left, "right": right, "value": [round(v, 6) for v in value]})
    return {"features": list(FEATURES), "base": base, "rate": rate, "trees": out}


def training_set(docs: list[Doc], role: str) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for d in docs:
        rp = d.roles[role]
        keep = rp.labels >= 0
        xs.append(rp.feats[keep])
        ys.append(rp.labels[keep])
    return np.concatenate(xs), np.concatenate(ys).astype(float)


# --- evaluation ------------------------------------------------------------------------------

def _rows(segs: list[Line]) -> list[Line]:
    """Chosen segments as one line per row (words left to right)."""
    rows: dict[int, list] = {}
    for s in segs:
        rows.setdefault(s.row, []).extend(s.words)
    return [Line(sorted(ws, key=lambda w: w.x0), ri) for ri, ws in sorted(rows.items())]


def assemble(doc: Doc, role: str, segs: list[Line]) -> dict[str, object]:
    """The role's fields from the chosen segments, cleaned as the extractor cleans them."""
    rp = doc.roles[role]
    if role == "subject":
        if not segs:
            return {"subject": None}
        text = _subject_text([w for s in segs for w in s.words])
        return {"subject": _VV.sub("", text, count=1).strip() or None}
    lines = _rows(segs)
    if role == "issuer":
        texts = [repair_header_known(ln.text, extra_places=doc.places)[0] for ln in lines]
        parent, issuer = split_issuer(texts) if texts else (None, None)
        return {"issuer": issuer, "parent_issuer": parent}
    fields: dict = {}
    if lines:
        _read_foot(fields, Foot(rp.layout.page.number, [], lines))
    return {f: fields[f].value if f in fields else None for f in FIELDS[role]}


def right(f: str, got, truth: dict) -> bool:
    return normalise_field(f, got) == normalise_field(f, truth.get(f))


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    docs: int = 0
    field_right: int = 0  # every field of the role right
    main_right: int = 0  # the role's main field right (subject, issuer, signer)
    oks: list[bool] = field(default_factory=list)  # main field right, document by document

    def add(self, pred: np.ndarray, labels: np.ndarray) -> None:
        keep = labels >= 0
        p, t = pred[keep] == 1, labels[keep] == 1
        self.tp += int((p & t).sum())
        self.fp += int((p & ~t).sum())
        self.fn += int((~p & t).sum())

    def __iadd__(self, other: Tally) -> Tally:
        for name in ("tp", "fp", "fn", "docs", "field_right", "main_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.oks += other.oks
        return self

    def prf(self) -> tuple[float, float, float]:
        prec = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        rec = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


MAIN = {"subject": "subject", "issuer": "issuer", "signature": "signer"}


def evaluate(docs: list[Doc], role: str, model: dict | str) -> Tally:
    """Segment P/R/F1 and field accuracy of the model, the rule (``"rule"``) or the labelled
    segments themselves (``"labels"``: what a perfect line chooser gets from this OCR text),
    over the documents whose label has the role's main field."""
    tally = Tally()
    for d in docs:
        if not d.truth.get(MAIN[role]):
            continue
        rp = d.roles[role]
        tally.docs += 1
        if model == "rule":
            pred = rp.rule
            got = {f: d.rule_fields[f].value for f in FIELDS[role]}
        elif model == "labels":
            pred = (rp.labels == 1).astype(int)
            got = assemble(d, role, [s for s, lab in zip(rp.segs, rp.labels, strict=True)
                                     if lab == 1])
        else:
            assert isinstance(model, dict)
            p = tree_scores(model["trees"], rp.feats, model["base"], model["rate"]) \
                if len(rp.segs) else np.zeros(0)
            chosen = pick_block(rp.segs, p, rp.layout.line_height or 1.0, GAP[role])
            pred = np.zeros(len(rp.segs), dtype=int)
            pred[chosen] = 1
            got = assemble(d, role, [rp.segs[i] for i in chosen])
        tally.add(pred, rp.labels)
        oks = [right(f, got[f], d.truth) for f in FIELDS[role]]
        tally.field_right += all(oks)
        ok = right(MAIN[role], got[MAIN[role]], d.truth)
        tally.main_right += ok
        tally.oks.append(ok)
    return tally


def row(check: str, role: str, who: str, t: Tally) -> str:
    p, r, f = t.prf()
    return (f"| {check} | {role} | {who} | {p:.2f} | {r:.2f} | {f:.2f} | "
            f"{t.main_right}/{t.docs} ({t.main_right / max(1, t.docs):.2f}) | "
            f"{t.field_right}/{t.docs} ({t.field_right / max(1, t.docs):.2f}) |")


def _sign_test(a: int, b: int) -> float:
    """Two-sided exact binomial test of a against b discordant cases (McNemar)."""
    n = a + b
    if not n:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(a, b) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


HEAD = ("| check (test set) | role | who | seg. precision | seg. recall | seg. F1 | "
        "main field right | all role fields right |\n|---|---|---|---|---|---|---|---|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", action="store_true",
                        help="write the models of check B to bench/out/line_roles/models.json")
    parser.add_argument("--trees", type=int, default=150)
    parser.add_argument("--generate", type=int, default=80,
                        help="born-digital documents of the varied generator added to training")
    args = parser.parse_args()
    start = time.perf_counter()
    docs, missing = all_docs(args.generate)
    by = {s: [d for d in docs if d.source == s] for s in ("generated", "real_samples", "tune",
                                                          "measure")}
    print(f"documents: {', '.join(f'{k} {len(v)}' for k, v in by.items())}"
          f" ({missing} not cached, left out)")
    base = by["generated"] + by["real_samples"]
    tune = sorted(by["tune"], key=lambda d: d.name)
    random.Random(SEED).shuffle(tune)
    folds = [tune[k::FOLDS] for k in range(FOLDS)]
    checks = {
        "A: real_dev tune, trained on generated + real_samples": [(base, by["tune"])],
        f"C: real_dev tune, {FOLDS} folds, trained on generated + real_samples + other folds":
            [(base + [d for f in folds if f is not fold for d in f], fold) for fold in folds],
        "B: real_dev measure, trained on generated + real_samples + tune":
            [(base + by["tune"], by["measure"])],
    }
    lines = [HEAD]
    results: dict[str, dict[str, tuple[Tally, Tally]]] = {}
    models: dict[str, dict] = {}
    for check, parts in checks.items():
        short = check.split(":")[0]
        for role in ROLES:
            rule_t, model_t, label_t = Tally(), Tally(), Tally()
            for train, test in parts:
                x, y = training_set(train, role)
                model = fit_trees(x, y, trees=args.trees)
                model["gap"] = GAP[role]
                rule_t += evaluate(test, role, "rule")
                model_t += evaluate(test, role, model)
                label_t += evaluate(test, role, "labels")
            results.setdefault(short, {})[role] = (rule_t, model_t)
            lines.append(row(check, role, "rule", rule_t))
            lines.append(row(check, role, "learned", model_t))
            lines.append(row(check, role, "(labelled lines)", label_t))
            if short == "B":
                model["trained_on"] = {"segments": int(len(y)), "positives": int(y.sum()),
                                       "documents": len(train)}
                models[role] = model
    print("\n".join(lines))
    print("\nmain field, documents only the learned model / only the rule gets right "
          "(exact two-sided sign test):")
    for check, by_role in results.items():
        cells = []
        for role, (rule_t, model_t) in by_role.items():
            won = sum(m and not r for m, r in zip(model_t.oks, rule_t.oks, strict=True))
            lost = sum(r and not m for m, r in zip(model_t.oks, rule_t.oks, strict=True))
            cells.append(f"{role} {won}/{lost} (p={_sign_test(won, lost):.2f})")
        print(f"  {check}: " + ", ".join(cells))
    wins = [r for r in ROLES if all(
        results[c][r][1].main_right >= results[c][r][0].main_right + 2
        and results[c][r][1].field_right >= results[c][r][0].field_right
        and results[c][r][1].prf()[2] >= results[c][r][0].prf()[2] for c in results)]
    print(f"\nroles where the learned model wins on every check: {wins or 'none'}")
    print(f"{time.perf_counter() - start:.0f} s, {platform.machine()} {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    if args.save:
        out = {"about": ("Gradient-boosted trees (depth 3, rate 0.1, logistic loss) per role over "
                         "the FEATURES of bench/line_roles.py, trained on the cached pages of "
                         "sample_docs (+ varied, + generated born-digital), ../shared/real_samples "
                         "and the 'tune' half of ../shared/real_dev; labels from the labelled "
                         f"strings by folded fuzzy match. Threshold {THRESHOLD}, extension "
                         f"{EXTEND}; 'gap' is the block's reach in line heights. Not used by "
                         "the extractor: the rules measured as well or better."),
               "made": datetime.now(UTC).strftime("%Y-%m-%d"), "wins": wins, "roles": models}
        MODELS.parent.mkdir(parents=True, exist_ok=True)
        MODELS.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
        print(f"saved {MODELS.relative_to(ROOT)} ({MODELS.stat().st_size // 1024} kB)")

if __name__ == "__main__":
    main()
