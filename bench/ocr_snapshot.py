"""What the OCR of every scanned sample page reads, saved, to check that a speed change leaves
it unchanged: the page text, each word (text, box, confidence), the Tesseract reads (by
the command or the engine child), CPU and wall seconds.

    .venv/bin/python bench/ocr_snapshot.py OUT.json [--workers 2] [--pages N] [--langs vie]
    .venv/bin/python bench/ocr_snapshot.py --compare BEFORE.json AFTER.json

``--compare`` lists the pages whose text or words differ (with the differing lines), the
word accuracy of both against the truth (tests/conftest.py's ``word_accuracy``), and the
time and Tesseract runs of both.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from archive_service.config import Config  # noqa: E402
from bench.ocr import scanned_pages  # noqa: E402
from ingest import _tesseract  # noqa: E402
from ingest.ocr import ocr_page  # noqa: E402
from tests.conftest import word_accuracy  # noqa: E402

_runs = 0


def _counting(run):
    def wrapper(*args, **kwargs):
        global _runs
        _runs += 1
        return run(*args, **kwargs)
    return wrapper


def _cpu() -> float:
    """CPU seconds of this process, its finished children (Tesseract commands) and its running
    Tesseract engine child: less moved by the machine's load than wall time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + _engine_cpu()


def _engine_cpu() -> float:
    engine = _tesseract._engines.get(os.getpid())
    proc = engine._proc if engine else None
    if proc is None or proc.poll() is not None:
        return 0.0
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def read(path: Path, langs: str) -> dict:
    global _runs
    if not hasattr(_tesseract._run, "__wrapped_count__"):
        _tesseract._run = _counting(_tesseract._run)
        _tesseract._run.__wrapped_count__ = True
        _tesseract._Engine.read = _counting(_tesseract._Engine.read)
    _runs = 0
    with Image.open(path) as image:
        image.load()
        started, cpu = time.perf_counter(), _cpu()
        page, _ = ocr_page(image, number=1, langs=langs)
    return {"text": page.text, "seconds": round(time.perf_counter() - started, 3), "runs": _runs,
            "cpu": round(_cpu() - cpu, 3),
            "words": [[w.text, round(w.x0), round(w.y0), round(w.x1), round(w.y1), w.conf]
                      for w in page.words]}


def snapshot(out: Path, workers: int, limit: int, langs: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pages = scanned_pages(limit, Path(tmp))
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            found = list(pool.map(read, [p for p, _ in pages], [langs] * len(pages)))
        seconds = time.perf_counter() - started
    result = {"langs": langs, "seconds": round(seconds, 1), "load": os.getloadavg()[0], "pages": {
        p.name: dict(f, truth=truth) for (p, truth), f in zip(pages, found, strict=True)}}
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(pages)} pages in {seconds:.1f} s ({60 * len(pages) / seconds:.1f} pages/min, "
          f"{workers} processes, load {os.getloadavg()[0]:.2f}); "
          f"{sum(f['runs'] for f in found)} Tesseract runs")


def compare(before_path: Path, after_path: Path) -> None:
    before = json.loads(before_path.read_text(encoding="utf-8"))
    after = json.loads(after_path.read_text(encoding="utf-8"))
    differ = 0
    for name, b in before["pages"].items():
        a = after["pages"][name]
        if a["text"] == b["text"] and a["words"] == b["words"]:
            continue
        differ += 1
        acc_b, acc_a = word_accuracy(b["truth"], b["text"]), word_accuracy(b["truth"], a["text"])
        print(f"{name}: text {'same' if a['text'] == b['text'] else 'differs'}, words "
              f"{'same' if a['words'] == b['words'] else 'differ'}; accuracy {acc_b:.4f} → "
              f"{acc_a:.4f}")
        for line in difflib.unified_diff(b["text"].splitlines(), a["text"].splitlines(),
                                         lineterm="", n=0):
            if not line.startswith(("---", "+++", "@@")):
                print("   ", line)
    pages = before["pages"]

    def summary(snap: dict) -> str:
        acc = sum(word_accuracy(p["truth"], p["text"]) for p in snap["pages"].values()) / len(pages)
        cpu = sum(p["seconds"] for p in snap["pages"].values())
        runs = sum(p["runs"] for p in snap["pages"].values())
        used = sum(p.get("cpu", 0) for p in snap["pages"].values())
        return (f"word accuracy {acc:.4f}, {snap['seconds']} s wall (load {snap['load']:.2f}), "
                f"{cpu:.1f} s wall summed over pages, {used:.1f} CPU s, {runs} Tesseract reads")

    print(f"{differ} of {len(pages)} pages differ")
    print(f"before: {summary(before)}")
    print(f"after:  {summary(after)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--langs", default=Config().ocr_langs, help="default: ARCHIVE_OCR_LANGS")
    parser.add_argument("--tesseract", default="", metavar="OPTIONS",
                        help="replace the pipeline's extra Tesseract options (e.g. "
                             "'-c tessedit_do_invert=1'); 'none' for none")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
    else:
        if args.tesseract:
            _tesseract.EXTRA = [] if args.tesseract == "none" else args.tesseract.split()
        print(f"Tesseract's extra options: {_tesseract.EXTRA}")
        snapshot(args.out, args.workers, args.pages, args.langs)


if __name__ == "__main__":
    main()
