#!/usr/bin/env python3
"""Generate documents in broadly randomised Nghị định 30 typesetting, each with its truth JSON.

Run:  .venv/bin/python sample_docs/generate_varied.py --count 8 --seed 7 --out sample_docs/varied
      [--kinds png jpeg tiff pdf-scan pdf-scan-nores pdf-born phone]   (the default draw)
      .venv/bin/python sample_docs/generate_varied.py --count 6 --seed 22 --out sample_docs/varied
          --kinds pdf-born-lo   (born-digital PDFs made by LibreOffice headless from a Flat ODT;
          needs `soffice`, see README.md; never drawn unless asked for)
      .venv/bin/python sample_docs/generate_varied.py --count 30 --seed 4242 --bodies wide --out DIR
          (recombined issuers also from ministries, the Government, departments, universities,
          districts, communes and hospitals; the default `provincial` draws as before)
      ... --hands wide   (numbers and days written by hand on more scans, in varied hands)
Deterministic: document i of seed S is drawn from its own generator seeded by (S, i), so the same
seed gives the same files (and --count 3 gives the first three of --count 8).  See _gen/varied.py.
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # archive_service (field names) when run from anywhere

from _gen import varied as V  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    kinds = V.KINDS + V.LO_KINDS
    ap.add_argument("--kinds", nargs="+", choices=kinds, default=None, help="output kinds to draw from")
    ap.add_argument("--bodies", choices=V.BODIES, default="provincial",
                    help="issuers of recombined documents: provincial (UBND, HĐND, Sở; the default, "
                         "unchanged draws) or wide (also ministries, Government, departments, universities, "
                         "districts, communes, hospitals)")
    ap.add_argument("--marks", choices=V.MARK_STYLES, default="framed",
                    help="urgency and secrecy marks: framed (level, red, under the number; the default, "
                         "unchanged draws) or stamped (on half the scans, stamped by hand: slanted, off the "
                         "column's axis, double frames, worn ink)")
    ap.add_argument("--hands", choices=V.HANDS, default="font",
                    help="handwritten numbers and days: font (one hand, on 30%% of the scans; the "
                         "default, unchanged draws) or wide (on 60%% of the scans, each in one of Debian's "
                         "handwriting fonts: " + V.WIDE_HAND_PACKAGES + ")")
    ap.add_argument("--max-mb", type=float, default=1.5, help="lower the JPEG quality until a file fits")
    a = ap.parse_args(argv)
    if a.kinds and "pdf-born-lo" in a.kinds:
        from _gen import lodoc

        try:
            lodoc.soffice()
        except RuntimeError as e:
            ap.exit(2, f"generate_varied.py: {e}\n")
    if a.hands == "wide":
        try:
            V.wide_hands()
        except RuntimeError as e:
            ap.exit(2, f"generate_varied.py: {e}\n")
    os.makedirs(a.out, exist_ok=True)
    families = V.available_families()
    for i in range(a.count):
        b = V.build(i, a.seed, families, a.kinds, a.bodies, a.marks, a.hands)
        path = V.write(b, a.out, a.seed, int(a.max_mb * 1e6))
        tags = " ".join(b.degradations[1:])
        print(f"{os.path.getsize(path) / 1e6:6.2f} MB  {os.path.basename(path):48s} {tags}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
