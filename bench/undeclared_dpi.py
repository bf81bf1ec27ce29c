"""Scans stored in a PDF without their resolution read as well as the same scans declared right.

    .venv/bin/python bench/undeclared_dpi.py

Every single-page image sample of sample_docs/ is put into two image-only PDFs (Pillow): one
placing the image at its real resolution, one at 96 dpi, as image-to-PDF tools and phone apps
write them (the page then claims to be about 26 × 36 inches). Both are read by the pipeline
(``read_document``, one process); the script prints word accuracy against the truth and the
seconds each took, and the totals.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from archive_service.config import Config  # noqa: E402
from ingest.pipeline import read_document  # noqa: E402
from tests.conftest import load_samples, word_accuracy  # noqa: E402

UNDECLARED = 96.0


def single_page_images() -> list[dict]:
    return [s for s in load_samples() if s["input_kind"] in ("png", "jpeg", "webp")
            and len(s["pages"]) == 1]


def _declared(sample: dict) -> bool:
    with Image.open(sample["path"]) as image:
        return 150 <= float((image.info.get("dpi") or (0, 0))[0]) <= 400


def read(path: Path, truth: str) -> tuple[float, float]:
    start = time.perf_counter()
    doc = read_document(path, Config(env={}), workers=1)
    return word_accuracy(truth, doc.pages[0].text), time.perf_counter() - start


def main() -> None:
    totals = {"declared": [0.0, 0.0], "undeclared": [0.0, 0.0]}
    samples = [s for s in single_page_images() if _declared(s)]
    print("| sample | declared: accuracy, s | 96 dpi: accuracy, s |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for sample in samples:
            with Image.open(sample["path"]) as image:
                dpi = float(image.info["dpi"][0])
                rgb = image.convert("RGB")
            row = []
            for name, resolution in (("declared", dpi), ("undeclared", UNDECLARED)):
                target = Path(tmp) / f"{sample['name']}-{name}.pdf"
                rgb.save(target, "PDF", resolution=resolution)
                accuracy, seconds = read(target, sample["pages"][0])
                totals[name][0] += accuracy
                totals[name][1] += seconds
                row.append(f"{accuracy:.3f}, {seconds:.1f}")
            print(f"| {sample['name']} | {row[0]} | {row[1]} |")
    n = len(samples)
    print(f"| **mean of {n}** | {totals['declared'][0] / n:.3f}, {totals['declared'][1] / n:.1f} | "
          f"{totals['undeclared'][0] / n:.3f}, {totals['undeclared'][1] / n:.1f} |")


if __name__ == "__main__":
    main()
