"""Each reader of the handwritten blanks (``Số:`` number, ``ngày`` day) against the truth.

    .venv/bin/python bench/handwriting.py [-v]

Uses bench/metadata.py's cached pages and header images (run that first, or this reads the
documents). For every OCR'd sample and real scan it finds the two blanks as the product does
and counts, per group, the blanks each reader gets right: Tesseract (its plain digits read at
50 or more), the SVM on the cut digits, PP-OCRv4 at five margins (the reading that contains the
others), and the two ink readers fused as ``ingest.handwriting.read_blank`` does. A reading
is right when its digits equal the truth's, leading zeros aside.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import metadata as mb  # noqa: E402

from ingest import handwriting as hw  # noqa: E402
from ingest import ppocr  # noqa: E402

READERS = ("tesseract", "svm", "pp-ocr", "fused")


def cases() -> list[tuple[str, str, Path, dict]]:
    out = []
    for meta in sorted(mb.SAMPLES.glob("*.json")):
        truth = json.loads(meta.read_text(encoding="utf-8"))
        out.append(("samples", meta.stem, mb.SAMPLES / truth["file"], truth["metadata"]))
    if mb.REAL.is_dir():
        for label in sorted((mb.REAL / "labels").glob("*.json")):
            truth = json.loads(label.read_text(encoding="utf-8"))
            out.append(("real", label.stem, mb.REAL / truth["file"], truth))
    return out


def readings(image, blank: hw.Blank) -> dict[str, str]:
    """What each reader reads in one blank."""
    svm, pp = hw.read_blank_each(image, blank)
    return {"tesseract": blank.ocr if blank.ocr_clean else "", "svm": svm.text, "pp-ocr": pp.text,
            "fused": hw._either(svm, pp).text}  # as read_blank, without reading the blank again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every blank")
    args = parser.parse_args()
    if not ppocr.available():
        sys.exit("PP-OCR's model is missing: run `make venv` first")
    started = time.perf_counter()
    right: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(READERS, 0))
    count: dict[str, int] = defaultdict(int)
    for group, name, path, truth in cases():
        pages, _, _ = mb.load_pages(path)
        image = mb.header_image(path)
        if not pages or pages[0].source != "ocr" or image is None:
            continue
        wanted = {"number": (truth.get("number") or "").split("/")[0],
                  "day": (truth.get("issued_date") or "")[8:10]}
        for field, find in (("number", hw.number_blank), ("day", hw.day_blank)):
            blank = find(pages[0])
            if blank is None or not wanted[field]:
                continue
            count[group] += 1
            got = readings(image, blank)
            for reader, text in got.items():
                right[group][reader] += bool(text) and text.lstrip("0") == wanted[field].lstrip("0")
            if args.verbose:
                print(f"  {group:8} {name[:34]:34} {field:6} want {wanted[field]:>5}  "
                      + "  ".join(f"{r} {t or '-':>5}" for r, t in got.items()))
    print("| reader | " + " | ".join(f"{g} (n={count[g]})" for g in count) + " |")
    print("|---|" + "---|" * len(count))
    for reader in READERS:
        print(f"| {reader} | " + " | ".join(f"{right[g][reader]}/{count[g]}" for g in count) + " |")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
