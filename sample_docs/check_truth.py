#!/usr/bin/env python3
"""Check that each sample's truth text matches what the generator prints.

For every sample, re-render the clean (undegraded) pages through the same layout/raster code
used by generate.py, OCR them with `tesseract - - -l vie --psm 3` (one process, one thread),
and compare word multisets with the truth JSON on disk.  Word recall on clean pages should be
>= 0.98; a lower figure means truth and rendering disagree.

Run:  .venv/bin/python sample_docs/check_truth.py [name ...]
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate as G  # noqa: E402

PUNCT = ".,;:!?()\"'“”‘’…"


def words(text: str, strip=True):
    out = []
    for w in unicodedata.normalize("NFC", text).split():
        if strip:
            w = w.strip(PUNCT)
        if w:
            out.append(w)
    return out


def fold(w: str) -> str:
    """Diacritic-insensitive form: a word that matches only after folding was printed (OCR dropped a mark)."""
    d = unicodedata.normalize("NFD", w.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in d if not unicodedata.combining(c)).lower()


def ocr(img) -> str:
    b = io.BytesIO()
    img.convert("L").save(b, "PNG", dpi=img.info.get("dpi", (300, 300)))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    r = subprocess.run(
        ["tesseract", "-", "-", "-l", "vie", "--psm", "3"],
        input=b.getvalue(),
        capture_output=True,
        env=env,
        check=True,
    )
    return r.stdout.decode("utf-8")


def main(argv):
    names = set(argv[1:])
    rows = []
    for s in G.SAMPLES:
        if names and s.name not in names:
            continue
        with open(os.path.join(HERE, s.name + ".json"), encoding="utf-8") as f:
            truth = json.load(f)
        pages, meta, _ = G.build(s)
        stored = [unicodedata.normalize("NFC", "\n".join(p.truth)) for p in pages]
        consistent = stored == truth["pages"] and meta == truth["metadata"]
        imgs = G.clean_images(s, pages)
        tw, hit, ow, fhit, missing = Counter(), 0, 0, 0, []
        for im, t in zip(imgs, truth["pages"], strict=False):
            im.info["dpi"] = (s.dpi or 300, s.dpi or 300)
            o = Counter(words(ocr(im)))
            t_ = Counter(words(t))
            hit += sum((o & t_).values())
            fo = Counter(fold(w) for w in o.elements())
            ft = Counter(fold(w) for w in t_.elements())
            fhit += sum((fo & ft).values())
            missing += [w for w in (ft - fo).elements()]
            tw += t_
            ow += sum(o.values())
        n = sum(tw.values())
        recall = hit / n if n else 1.0
        precision = hit / ow if ow else 1.0
        frecall = fhit / n if n else 1.0
        rows.append((s.name, len(pages), n, recall, precision, consistent, frecall))
        print(
            f"{s.name:38s} pages={len(pages)} words={n:4d} recall={recall:.4f} folded_recall={frecall:.4f}"
            f" precision={precision:.4f} truth_file_matches_generator={consistent}",
            flush=True,
        )
        if frecall < 0.99:
            print("    not found (folded):", " ".join(missing[:40]), flush=True)
    if rows:
        tot = sum(r[2] for r in rows)
        rec = sum(r[2] * r[3] for r in rows) / tot
        frec = sum(r[2] * r[6] for r in rows) / tot
        print(
            f"overall word recall {rec:.4f}, folded {frec:.4f}, over {tot} words; "
            f"min {min(r[3] for r in rows):.4f}, folded min {min(r[6] for r in rows):.4f}"
        )
        bad = [r[0] for r in rows if r[6] < 0.98 or not r[5]]
        if bad:
            print("folded recall BELOW 0.98 or truth file inconsistent:", ", ".join(bad))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
