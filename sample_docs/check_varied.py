#!/usr/bin/env python3
"""Check the truth of generated varied documents against their pixels.

For each `<name>.json` in DIR (names `v<seed>_<index>_…` as written by generate_varied.py), rebuild
the document from its seed and index, check that the rebuilt truth equals the stored one, render the
clean pages at 300 dpi, OCR them with `tesseract - - -l vie --psm 3` (one thread) and compare word
multisets (as check_truth.py).  Folded recall below 0.9 means truth and rendering disagree.
Documents made by LibreOffice (tag `libreoffice`, kind pdf-born-lo) have no clean rendering of our
own: their truth is compared with the PDF's text layer (pdfplumber, NFC) page by page instead, and
must match it word for word.

Run:  .venv/bin/python sample_docs/check_varied.py sample_docs/varied
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from _gen import varied as V  # noqa: E402
from check_truth import fold, ocr, words  # noqa: E402


def text_layer(pdf: str, pages: list[str]) -> bool:
    """Every page's text layer has exactly the truth page's words (lodoc's check)."""
    from _gen import lodoc

    try:
        lodoc.check_text_layer(pdf, [p.split("\n") for p in pages])
    except RuntimeError as e:
        print("   ", e)
        return False
    return True


def main(argv):
    d = argv[1] if len(argv) > 1 else os.path.join(HERE, "varied")
    fams = V.available_families()
    bad, rows = [], []
    for path in sorted(glob.glob(os.path.join(d, "v*_*.json"))):
        m = re.match(r"v(\d+)_(\d+)_", os.path.basename(path))
        seed, index = int(m.group(1)), int(m.group(2))
        with open(path, encoding="utf-8") as f:
            truth = json.load(f)
        lo = "libreoffice" in truth["degradations"]
        bodies = "wide" if "bodies-wide" in truth["degradations"] else "provincial"
        b = V.build(index, seed, fams, V.LO_KINDS if lo else None, bodies)
        pages = [unicodedata.normalize("NFC", "\n".join(p.truth)) for p in b.pages]
        consistent = pages == truth["pages"] and b.meta == truth["metadata"]
        if lo:
            ok = text_layer(os.path.join(d, truth["file"]), truth["pages"]) and consistent
            print(f"{os.path.basename(path)[:-5]:40s} pages={len(pages)} text_layer_matches_truth={ok}")
            if not ok:
                bad.append(os.path.basename(path))
            continue
        tw, hit, fhit, ow, missing = 0, 0, 0, 0, []
        for im, t in zip(V.clean_images(b, 300), truth["pages"], strict=True):
            im.info["dpi"] = (300, 300)
            o, t_ = Counter(words(ocr(im))), Counter(words(t))
            hit += sum((o & t_).values())
            fo, ft = Counter(fold(w) for w in o.elements()), Counter(fold(w) for w in t_.elements())
            fhit += sum((fo & ft).values())
            missing += list((ft - fo).elements())
            tw += sum(t_.values())
            ow += sum(o.values())
        rec, frec, prec = hit / tw, fhit / tw, hit / max(ow, 1)
        rows.append((tw, rec, frec))
        print(
            f"{os.path.basename(path)[:-5]:40s} pages={len(pages)} words={tw:4d} recall={rec:.4f} "
            f"folded_recall={frec:.4f} precision={prec:.4f} truth_file_matches_generator={consistent}",
            flush=True,
        )
        if frec < 0.99:
            print("    not found (folded):", " ".join(missing[:40]), flush=True)
        if frec < 0.9 or not consistent:
            bad.append(os.path.basename(path))
    if rows:
        n = sum(r[0] for r in rows)
        print(
            f"overall word recall {sum(r[0] * r[1] for r in rows) / n:.4f}, "
            f"folded {sum(r[0] * r[2] for r in rows) / n:.4f}, over {n} words"
        )
    if bad:
        print("BELOW 0.9 or inconsistent:", ", ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
