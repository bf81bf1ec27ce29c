"""OCR throughput: the pipeline (preprocessing + OCR, one Tesseract thread per process, pages
in parallel) against the plain ``tesseract FILE - -l vie`` CLI (default settings, one page
after another), on the same page images, in the same run.

    .venv/bin/python bench/ocr.py [--pages N] [--workers W]

Prints pages per minute for both, the ratio, and word accuracy of both against the truth.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from archive_service.config import Config  # noqa: E402
from archive_service.intake import iter_frames, open_image  # noqa: E402
from ingest import pdf as pdfs  # noqa: E402
from ingest.ocr import ocr_page  # noqa: E402
from tests.conftest import load_samples, word_accuracy  # noqa: E402


def scanned_pages(limit: int, out_dir: Path) -> list[tuple[Path, str]]:
    """(PNG path, truth text) for every scanned page of the samples, up to ``limit``."""
    pages: list[tuple[Path, str]] = []
    for sample in load_samples():
        if sample["input_kind"] in ("pdf-born-digital",):
            continue
        for i, image in enumerate(_images(sample["path"])):
            if image is None or i >= len(sample["pages"]):
                continue
            path = out_dir / f"{sample['name']}-{i + 1}.png"
            image.save(path, dpi=(image.info.get("dpi") or (300, 300)))
            pages.append((path, sample["pages"][i]))
            if len(pages) >= limit:
                return pages
    return pages


def _images(path: Path):
    if path.read_bytes()[:5] == b"%PDF-":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            for i, page in enumerate(pdf.pages):
                text = page.extract_text() or ""
                if pdfs.text_layer_is_good(text):
                    yield None
                else:
                    yield pdfs.render_page(path, i, dpi=pdfs.render_dpi(page), max_pixels=10**9)
        return
    with open_image(path, max_pixels=10**9) as image:
        yield from iter_frames(image, max_pixels=10**9)


def run_cli(path: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    return subprocess.run(["tesseract", str(path), "-", "-l", "vie"], capture_output=True,
                          text=True, env=env, check=True).stdout


def run_pipeline(path: Path, langs: str) -> str:
    with Image.open(path) as image:
        image.load()
        page, _ = ocr_page(image, number=1, langs=langs)
    return page.text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--langs", default=Config().ocr_langs,
                        help="pipeline languages (default: ARCHIVE_OCR_LANGS)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = scanned_pages(args.pages, Path(tmp))
        paths = [p for p, _ in pages]
        print(f"{len(pages)} scanned pages from sample_docs; pipeline: {args.workers} worker "
              f"processes, languages {args.langs}; CLI: tesseract FILE - -l vie")

        started = time.perf_counter()
        cli_texts = [run_cli(p) for p in paths]
        cli_seconds = time.perf_counter() - started

        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            pipe_texts = list(pool.map(run_pipeline, paths, [args.langs] * len(paths)))
        pipe_seconds = time.perf_counter() - started

    def acc(texts):
        return sum(word_accuracy(t, o) for (_, t), o in zip(pages, texts, strict=True)) / len(pages)

    cli_ppm = len(pages) / cli_seconds * 60
    pipe_ppm = len(pages) / pipe_seconds * 60
    print(f"plain tesseract CLI : {cli_ppm:6.1f} pages/min ({cli_seconds:.1f} s), "
          f"word accuracy {acc(cli_texts):.4f}")
    print(f"pipeline            : {pipe_ppm:6.1f} pages/min ({pipe_seconds:.1f} s), "
          f"word accuracy {acc(pipe_texts):.4f}")
    print(f"ratio pipeline/CLI  : {pipe_ppm / cli_ppm:.2f}x")


if __name__ == "__main__":
    main()
