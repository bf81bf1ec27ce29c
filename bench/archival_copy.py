"""The archival PDF/A copy's cost: extra time per page against the OCR time of the same pages,
and its size against the original's, measured in one run.

    .venv/bin/python bench/archival_copy.py [--repeat N] [SAMPLE ...]

Ingests the samples (default: one of each scanned input kind, and a born-digital PDF) into a
fresh data dir with the worker, which OCRs each page and then writes and checks the copy; then
writes each copy ``--repeat`` more times from the catalog (``archive archival-copies``) and
keeps the median. Prints one row per document: pages, OCR seconds per page (the pipeline's own
per-page time, OSD and re-reads included), the copy's seconds per page (building / checking),
their ratio, and the sizes. Target: the copy under 10% of the OCR time.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive_service import archival  # noqa: E402
from archive_service.catalog import Catalog  # noqa: E402
from archive_service.config import Config  # noqa: E402
from ingest.archival_copy import write_archival_copy  # noqa: E402
from ingest.worker import process_pending  # noqa: E402

SAMPLES = ROOT / "sample_docs"
DEFAULT = ["cv_so_noi_vu_hau_giang_2024.jpg", "cv_ubnd_dong_thap_khan_2023",
           "tb_ket_luan_binh_dinh_2024.png", "kh_cai_cach_hanh_chinh_phong_dien_2021.tif",
           "bc_ubnd_xa_phu_huu_2019.tiff", "gm_so_noi_vu_ha_noi_2025.webp",
           "qd_ubnd_hau_giang_2023.pdf", "ct_ubnd_quang_ngai_hoa_toc_2024.pdf",
           "nq_hdnd_soc_trang_2020.pdf", "kh_so_giao_duc_lam_dong_2025.pdf"]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    return (f"{cpu}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
            f"Python {platform.python_version()}")


def measure(catalog: Catalog, doc_id: int, repeat: int) -> dict:
    """The copy's seconds (median of the worker's run and ``repeat`` more), split in building
    and checking, and what it took against the OCR."""
    runs = []
    for i in range(repeat + 1):
        if i:
            write_archival_copy(catalog, doc_id, user="bench")
        row = archival.get_copy(catalog, doc_id)
        runs.append((row.seconds, row.detail.get("build_seconds", 0.0),
                     row.detail.get("check_seconds", 0.0)))
    doc = catalog.get(doc_id)
    ocr_pages = [p.data for p in doc.pages if p.data["source"] == "ocr"]
    total, build, check = (statistics.median(r[k] for r in runs) for k in range(3))
    return {"name": doc.original_name, "pages": doc.page_count, "ocr_pages": len(ocr_pages),
            "ocr": sum(p["seconds"] for p in ocr_pages), "copy": total, "build": build,
            "check": check, "state": row.state, "size": doc.size, "copy_size": row.size,
            "methods": sorted(set(row.detail.get("methods", {}).values()))}


def print_table(rows: list[dict]) -> None:
    print(f"{'document':44} {'p':>2} {'OCR s/p':>8} {'copy s/p':>9} {'build':>6} {'check':>6} "
          f"{'ratio':>6} {'orig KB':>8} {'copy KB':>8} {'size':>5}  how")
    for r in rows:
        ratio = f"{r['copy'] / r['ocr']:.1%}" if r["ocr"] else "—"
        print(f"{r['name'][:44]:44} {r['pages']:>2} {r['ocr'] / max(r['ocr_pages'], 1):8.2f} "
              f"{r['copy'] / r['pages']:9.3f} {r['build'] / r['pages']:6.3f} "
              f"{r['check'] / r['pages']:6.3f} {ratio:>6} {r['size'] / 1024:8.0f} "
              f"{r['copy_size'] / 1024:8.0f} {r['copy_size'] / r['size']:5.2f}  "
              f"{','.join(r['methods'])}{'' if r['state'] == 'ok' else ' FAILED'}")
    scanned = [r for r in rows if r["ocr"]]
    ocr, copy = sum(r["ocr"] for r in scanned), sum(r["copy"] for r in scanned)
    pages = sum(r["pages"] for r in scanned)
    print(f"\nscanned documents: {pages} pages, OCR {ocr / pages:.2f} s/page, copy "
          f"{copy / pages:.3f} s/page (build {sum(r['build'] for r in scanned) / pages:.3f}, "
          f"check {sum(r['check'] for r in scanned) / pages:.3f}): {copy / ocr:.1%} of the OCR time")
    print(f"worst document: {max(r['copy'] / r['ocr'] for r in scanned):.1%}; "
          f"size of the copies / originals: "
          f"{sum(r['copy_size'] for r in rows) / sum(r['size'] for r in rows):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", nargs="*", default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=2, help="copies written again per document")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="bench-archival-") as tmp:
        config = Config(env={"ARCHIVE_DATA_DIR": tmp}, workers=1)
        catalog = Catalog(config)
        ids = [catalog.add_file(SAMPLES / name, enqueue=False).id for name in args.samples]
        started = time.perf_counter()
        process_pending(config, workers=1)  # one process: OCR and copy timed alike
        print(f"ingested {len(ids)} documents in {time.perf_counter() - started:.0f} s\n")
        print_table([measure(catalog, doc_id, args.repeat) for doc_id in ids])
        catalog.db.dispose()


if __name__ == "__main__":
    main()
