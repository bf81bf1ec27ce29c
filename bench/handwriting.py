"""Each reader of the handwritten blanks (``Số:`` number, ``ngày`` day) against the truth.

    .venv/bin/python bench/handwriting.py [-v] [--varied-extra FOLDER ...] [--aside FOLDER ...]

Uses bench/metadata.py's cached pages and header images (run that first, or this reads the
documents). For every OCR'd sample, real scan and ../shared/real_dev scan it finds the two
blanks as the product does and counts, per group, the blanks each reader gets right: Tesseract
(its plain digits read at 50 or more), the SVM on the cut digits, PP-OCRv6 on the ink at five
margins (the reading that contains the others), the two as session 9 fused them (PP-OCR's reading
unless empty), PP-OCRv6 on the blank with the printed words around it at twelve crops (voted),
and all of them voted as ``ingest.handwriting.read_blank`` does. A reading is right when its
digits equal the truth's, leading zeros aside. The ``… sure`` rows count the readings the
product would take as sure (every digit at 0.6 or more, or the two readers agreeing) as
right/wrong: PP-OCR alone, and fused. real_dev counts only the blanks its labels say are
handwritten (``number_handwritten``, ``date_handwritten``), in the two parts of
bench/real_dev_split.json: ``-v`` prints the ``tune`` part's blanks one by one, never the
``measure`` part's (only its totals). ``--varied-extra`` adds draws of
sample_docs/generate_varied.py (``--hands wide`` draws write by hand on most scans), each a group
counting the blanks its truth says are handwritten; ``--aside`` adds draws the same way whose
blanks ``-v`` never prints.
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
from ingest.metadata.layout_reader import read_page_layout  # noqa: E402

READERS = ("tesseract", "svm", "pp-ocr", "svm or pp-ocr", "pp-ocr around", "fused")
SURE = ("pp-ocr sure", "fused sure")  # readings the product takes as sure: right/wrong
TUNE, MEASURE = "real_dev tune", "real_dev measure"
HANDWRITTEN = {"number": "number_handwritten", "day": "date_handwritten"}


def cases(draws: tuple[Path, ...] = ()) -> list[tuple[str, str, Path, dict]]:
    out = []
    for folder in draws:  # generated: the truth names its handwritten blanks
        for meta in sorted(folder.glob("*.json")):
            truth = json.loads(meta.read_text(encoding="utf-8"))
            if truth.get("number_handwritten") or truth.get("date_handwritten"):
                labels = {**truth["metadata"], **{k: truth.get(k, False) for k in HANDWRITTEN.values()}}
                out.append((folder.name, meta.stem, folder / truth["file"], labels))
    for meta in sorted(mb.SAMPLES.glob("*.json")):
        truth = json.loads(meta.read_text(encoding="utf-8"))
        out.append(("samples", meta.stem, mb.SAMPLES / truth["file"], truth["metadata"]))
    if mb.REAL.is_dir():
        for label in sorted((mb.REAL / "labels").glob("*.json")):
            truth = json.loads(label.read_text(encoding="utf-8"))
            out.append(("real", label.stem, mb.REAL / truth["file"], truth))
    if mb.REAL_DEV.is_dir():
        split = json.loads(mb.SPLIT.read_text(encoding="utf-8"))
        tune, measure = set(split["tune"]), set(split["measure"])
        for label in sorted((mb.REAL_DEV / "labels").glob("*.json")):
            if label.stem in tune or label.stem in measure:
                truth = json.loads(label.read_text(encoding="utf-8"))
                group = TUNE if label.stem in tune else MEASURE
                out.append((group, label.stem, mb.REAL_DEV / truth["file"], truth))
    return out


def wanted(group: str, truth: dict) -> dict[str, str]:
    """The digits of each blank to read ("" when there is nothing to count)."""
    out = {"number": (truth.get("number") or "").split("/")[0],
           "day": (truth.get("issued_date") or "")[8:10]}
    if group not in ("samples", "real"):  # only what its labels say is handwritten
        out = {f: v if truth.get(HANDWRITTEN[f]) else "" for f, v in out.items()}
    return out


def readings(image, blank: hw.Blank) -> tuple[dict[str, str], dict[str, bool]]:
    """What each reader reads in one blank, and whether PP-OCR's and the fused readings are
    sure."""
    svm, pp = hw.read_blank_each(image, blank)
    around = hw.read_around(image, blank)
    none = hw.DigitReading("", [])
    # as read_blank does, without reading the blank again
    fused = hw._vote(svm, pp, around, blank.largest, blank.slash_after)
    texts = {"tesseract": blank.ocr if blank.ocr_clean else "", "svm": svm.text, "pp-ocr": pp.text,
             "svm or pp-ocr": hw._either(svm, pp).text,
             "pp-ocr around": hw._vote(none, none, around, blank.largest, blank.slash_after).text,
             "fused": fused.text}
    return texts, {"pp-ocr sure": pp.sure, "fused sure": fused.sure}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print every blank (of real_dev, the tune part's only)")
    parser.add_argument("--cached-only", action="store_true",
                        help="skip the documents bench/metadata.py has not cached instead of reading them")
    parser.add_argument("--varied-extra", nargs="+", type=Path, default=[], metavar="FOLDER",
                        help="folders of generate_varied.py output, each a group")
    parser.add_argument("--aside", nargs="+", type=Path, default=[], metavar="FOLDER",
                        help="draws kept aside: counted like --varied-extra, never printed one by one")
    args = parser.parse_args()
    draws = (*args.varied_extra, *args.aside)
    hidden = {MEASURE, *(folder.name for folder in args.aside)}
    if not ppocr.available():
        sys.exit("PP-OCR's model is missing: run `make venv` first")
    started = time.perf_counter()
    right: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(READERS, 0))
    sure: dict[str, dict[str, list[int]]] = defaultdict(lambda: {r: [0, 0] for r in SURE})
    count: dict[str, int] = defaultdict(int)
    not_found: dict[str, int] = defaultdict(int)  # blanks to read that the layout did not find
    uncached: dict[str, int] = defaultdict(int)
    for group, name, path, truth in cases(draws):
        if args.cached_only and not (mb.CACHE / f"{mb._cache_key(path)}.json").exists():
            uncached[group] += 1
            continue
        pages, _, _ = mb.load_pages(path)
        image = mb.header_image(path)
        if not pages or pages[0].source != "ocr" or image is None:
            continue
        want = wanted(group, truth)
        layout = read_page_layout(pages[0])
        for field in ("number", "day"):
            if not want[field]:
                continue
            blank = (hw.find_number_blank(pages[0], layout, image)[0] if field == "number"
                     else hw.day_blank(pages[0], layout))
            if blank is None:
                not_found[group] += 1
                continue
            count[group] += 1
            got, is_sure = readings(image, blank)
            ok = {r: bool(t) and t.lstrip("0") == want[field].lstrip("0") for r, t in got.items()}
            for reader in READERS:
                right[group][reader] += ok[reader]
            for row, reader in zip(SURE, ("pp-ocr", "fused"), strict=True):
                if is_sure.get(row):
                    sure[group][row][0 if ok[reader] else 1] += 1
            if args.verbose and group not in hidden:  # the measured part, draws aside: totals only
                print(f"  {group:14} {name[:34]:34} {field:6} want {want[field]:>5}  "
                      + "  ".join(f"{r} {t or '-':>5}" for r, t in got.items()))
    groups = [g for g in ("samples", "real", TUNE, MEASURE, *(f.name for f in draws))
              if count[g] or not_found[g]]
    print("| reader | " + " | ".join(f"{g} (n={count[g]})" for g in groups) + " |")
    print("|---|" + "---|" * len(groups))
    for reader in READERS:
        print(f"| {reader} | " + " | ".join(f"{right[g][reader]}/{count[g]}" for g in groups) + " |")
    for row in SURE:
        print(f"| {row} (right/wrong) | "
              + " | ".join(f"{sure[g][row][0]}/{sure[g][row][1]}" for g in groups) + " |")
    print("| blanks not found (not counted above) | "
          + " | ".join(str(not_found[g]) for g in groups) + " |")
    if uncached:
        print("\nnot cached, skipped: " + ", ".join(f"{g} {n} documents" for g, n in uncached.items()))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
