"""Throughput of the whole path (upload → OCR → metadata → index), against the plain CLI.

    .venv/bin/python bench/throughput.py [--docs 12] [--workers 1,2] [--namespaces]
    .venv/bin/python bench/throughput.py --profile [--docs 6]
    .venv/bin/python bench/throughput.py --extract [--ocrmypdf PATH]

For each worker count, a fresh archive is served by a real `archive serve --workers N` (the
one-host deployment: SQLite catalog, SQLite queue, the worker writes the index); the ordinary
one- and two-page scanned documents of sample_docs are uploaded through its API, and the clock
runs from the first upload until the last document is processed *and* indexed. With
``--namespaces``, the same documents go through two worker hosts (network namespaces, one
`archive worker --workers 1` each, Redis queue, `archive indexer`, `archive web`), as in
tests/faults/test_multihost.py (needs root and redis-server). In the same run the plain
``tesseract FILE - -l vie`` CLI (default settings, its own threads) reads the same pages one
after another. Prints pages per minute and the ratios.

``--extract``: `archive extract FILE` (a new process a document: start-up included) against
OCRmyPDF (``ocrmypdf -l vie FILE OUT.pdf``, its defaults: PDF/A output, every core) and the
plain CLI, on the six short scanned PDFs of sample_docs, one document after another; OCRmyPDF
is the one on PATH or given by ``--ocrmypdf`` (it is no dependency of the project: install it
apart, e.g. in a throw-away venv), skipped with a message when there is none.

``--profile``: one worker, in this process, under cProfile, on the same documents (a fresh
catalog): where the time goes (start-up, preprocessing, orientation, Tesseract's reads, second
reads, handwriting readers, model loading, metadata, index, archival copy).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from archive_service.catalog import Catalog  # noqa: E402
from archive_service.config import Config  # noqa: E402
from archive_service.models import Document  # noqa: E402
from archive_service.users import Users  # noqa: E402
from tests.conftest import load_samples  # noqa: E402
from tests.servers import RedisServer, api_upload, free_port  # noqa: E402

SKIP_KINDS = ("pdf-born-digital", "pdf-mixed")  # every page scanned: the CLI reads the same pages


def documents(limit: int) -> list[tuple[Path, int]]:
    """Ordinary scanned documents of one or two pages: (path, pages)."""
    out = []
    for sample in load_samples():
        pages = len(sample["pages"])
        if sample["input_kind"] in SKIP_KINDS or pages > 2:
            continue
        out.append((sample["path"], pages))
        if len(out) >= limit:
            break
    return out


def plain_cli(docs: list[tuple[Path, int]], tmp: Path) -> tuple[int, float]:
    """The plain CLI on the same pages (rasterised beforehand, not timed); (pages, seconds)."""
    from bench.ocr import _images, run_cli

    pages = []
    for path, _ in docs:
        for i, image in enumerate(_images(path)):
            if image is None:
                continue
            target = tmp / f"{path.stem}-{i + 1}.png"
            image.save(target, dpi=(image.info.get("dpi") or (300, 300)))
            pages.append(target)
    started = time.perf_counter()
    for page in pages:
        run_cli(page)
    return len(pages), time.perf_counter() - started




def scanned_pdfs() -> list[tuple[Path, int]]:
    """The short scanned PDFs of sample_docs: (path, pages)."""
    return [(s["path"], len(s["pages"])) for s in load_samples()
            if s["input_kind"] == "pdf-scanned" and len(s["pages"]) <= 2]


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def compare_extract(tmp: Path, ocrmypdf: str | None) -> None:
    """`archive extract` against OCRmyPDF and the plain CLI, document by document."""
    docs = scanned_pdfs()
    pages = sum(n for _, n in docs)
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(tmp / "extract"), ARCHIVE_LOG_LEVEL="WARNING")
    print(f"\n`archive extract` against OCRmyPDF: {len(docs)} scanned PDFs, {pages} pages: "
          + ", ".join(p.name for p, _ in docs) + f"; load average {os.getloadavg()[0]:.2f}")
    rows = [("archive extract FILE --json", [
        _timed([sys.executable, "-m", "archive_service.cli", "extract", "--json", str(path)], env)
        for path, _ in docs])]
    if ocrmypdf:
        version = subprocess.run([ocrmypdf, "--version"], capture_output=True, text=True).stdout
        rows.append((f"ocrmypdf -l vie FILE OUT.pdf ({version.strip()})", [
            _timed([ocrmypdf, "-l", "vie", str(path), str(tmp / f"{path.stem}.ocr.pdf")])
            for path, _ in docs]))
    else:
        print("OCRmyPDF not found (not on PATH, no --ocrmypdf): its row is skipped")
    cli_pages, cli_seconds = plain_cli(docs, tmp)
    print(f"{'':58} {'s/doc':>6} {'pages/min':>9} {'× CLI':>6}")
    cli_rate = 60 * cli_pages / cli_seconds
    for label, seconds in rows:
        rate = 60 * pages / sum(seconds)
        print(f"{label:58} {sum(seconds) / len(docs):6.1f} {rate:9.1f} {rate / cli_rate:5.2f}×")
    print(f"{'plain `tesseract FILE - -l vie` (pages rasterised before)':58} "
          f"{cli_seconds / len(docs):6.1f} {cli_rate:9.1f} {1:5.2f}×")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


def wait_http(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_indexed(catalog: Catalog, ids: list[int], timeout: float = 3600) -> int:
    """Wait until every document is processed (done or failed) and the done ones indexed;
    returns the pages processed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with catalog.db.session() as s:
            rows = s.execute(select(Document.state, Document.indexed_at, Document.page_count)
                             .where(Document.id.in_(ids))).all()
        if len(rows) == len(ids) and all(
                state == "failed" or (state == "done" and indexed) for state, indexed, _ in rows):
            return sum(pages for state, _, pages in rows if state == "done")
        time.sleep(0.25)
    raise TimeoutError("documents not processed in time")


def _token(catalog: Catalog) -> str:
    Users(catalog).add("bench", "archivist", password="mat-khau-bench-123")
    return Users(catalog).create_token("bench")


def run_one_host(docs: list[tuple[Path, int]], workers: int, tmp: Path) -> tuple[int, float]:
    """`archive serve --workers N` on a fresh archive; (pages, seconds upload → indexed)."""
    data = tmp / f"one-host-{workers}"
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(data), OMP_THREAD_LIMIT="1",
               ARCHIVE_LOG_LEVEL="WARNING", ARCHIVE_ADMIN_PASSWORD="bench-admin-123")
    catalog = Catalog(Config(env=env))
    token = _token(catalog)
    port = free_port()
    with open(tmp / f"serve-{workers}.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "archive_service.cli", "serve", "--port",
                                 str(port), "--workers", str(workers)], env=env, stdout=log,
                                stderr=log, cwd=ROOT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/login")
        time.sleep(5)  # the worker processes start (imports, models) before the clock starts
        started = time.perf_counter()
        ids = [api_upload(base, token, path, timeout=300)["id"] for path, _ in docs]
        pages = wait_indexed(catalog, ids)
        return pages, time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(120)
        catalog.db.dispose()


def run_namespaces(docs: list[tuple[Path, int]], tmp: Path) -> tuple[int, float]:
    """Two worker hosts (namespaces), one worker process each, Redis, indexer and web host."""
    from tests.faults.test_multihost import Network

    net = Network(["a", "b", "web"])
    net.create()
    shared = tmp / "ns-shared"
    try:
        with RedisServer(tmp / "redis", extra_binds=(net.host_ip,)) as redis_server:
            env = {"ARCHIVE_DATA_DIR": str(shared), "ARCHIVE_INDEXER": "1",
                   "ARCHIVE_INDEXER_POLL": "1", "ARCHIVE_JOB_LEASE": "300",
                   "ARCHIVE_REDIS_URL": redis_server.url_for(net.host_ip),
                   "ARCHIVE_LOG_LEVEL": "WARNING"}
            catalog = Catalog(Config(env=env))
            token = _token(catalog)
            web_ip = net.addresses["web"]
            net.run("web", ["web", "--host", web_ip, "--port", "8000"], env, tmp / "ns-web.log")
            net.run("web", ["indexer"], env, tmp / "ns-indexer.log")
            for name, extra in (("a", []), ("b", ["--no-periodic"])):
                net.run(name, ["worker", "--workers", "1", *extra],
                        dict(env, ARCHIVE_WORKER_NAME=f"host-{name}"), tmp / f"ns-{name}.log")
            base = f"http://{web_ip}:8000"
            wait_http(f"{base}/login")
            time.sleep(5)
            started = time.perf_counter()
            ids = [api_upload(base, token, path, timeout=300)["id"] for path, _ in docs]
            pages = wait_indexed(catalog, ids)
            return pages, time.perf_counter() - started
    finally:
        net.remove()


def profile(docs: list[tuple[Path, int]], tmp: Path, top: int) -> None:
    """One worker in this process under cProfile, on a fresh catalog."""
    started = time.perf_counter()
    code = "import ingest.worker, ingest.pipeline, ingest.handwriting, ingest.metadata"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    imports = time.perf_counter() - started
    os.environ["OMP_THREAD_LIMIT"] = "1"
    config = Config(env={"ARCHIVE_DATA_DIR": str(tmp / "profile")})
    catalog = Catalog(config)
    ids = [catalog.add_file(path, enqueue=False).id for path, _ in docs]
    from ingest.worker import process_document

    profiler = cProfile.Profile()
    timings = []
    profiler.enable()
    for doc_id in ids:
        t0 = time.perf_counter()
        process_document(config, doc_id)
        timings.append(time.perf_counter() - t0)
    profiler.disable()
    pages = sum(catalog.get(i).page_count for i in ids)
    total = sum(timings)
    stats = pstats.Stats(profiler)
    print(f"\nProfile: {len(ids)} documents, {pages} pages, {total:.1f} s in process_document "
          f"({60 * pages / total:.1f} pages/min, one process); importing the worker's modules "
          f"in a new process: {imports:.1f} s; first document {timings[0]:.1f} s, the others "
          f"{sum(timings[1:]) / max(1, len(timings) - 1):.1f} s on average")
    print(f"{'part':46} {'calls':>6} {'seconds':>8} {'share':>6}")
    for label, seconds, calls in breakdown(stats):
        print(f"{label:46} {calls:6d} {seconds:8.1f} {100 * seconds / total:5.1f}%")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


PARTS = [  # (label, file suffix, function): cumulative time of each
    ("read_document (all page reading)", "ingest/pipeline.py", "read_document"),
    ("  ocr_page (preprocess + OCR + rereads)", "ingest/ocr.py", "ocr_page"),
    ("    preprocessing: grey, background", "ingest/images.py", "to_grey"),
    ("    preprocessing: background flattening", "ingest/images.py", "normalise_background"),
    ("    preprocessing: skew estimate", "ingest/images.py", "estimate_skew"),
    ("    preprocessing: rotate (deskew)", "ingest/images.py", "rotate"),
    ("    orientation detection (tesseract --psm 0)", "ingest/_tesseract.py", "detect_orientation"),
    ("    tesseract reads (all, incl. rereads; the engine child's wall time)", "ingest/_tesseract.py",
     "ocr_image"),
    ("    second reads: garbled runs", "ingest/ocr_repair.py", "reread_poor_lines"),
    ("    second reads: foot (recipients, signature)", "ingest/ocr_repair.py", "reread_foot"),
    ("    lexicon repair of doubtful words", "ingest/ocr_repair.py", "respell_page"),
    ("extract_fields (metadata + handwriting + stamps)", "ingest/pipeline.py", "extract_fields"),
    ("  metadata (layout reader, fields)", "ingest/metadata/__init__.py", "extract_metadata"),
    ("  handwriting readers (SVM + PP-OCR)", "ingest/handwriting.py", "refine_handwritten"),
    ("    PP-OCR model loading (per process)", "ingest/ppocr.py", "_session"),
    ("    PP-OCR recognition", "ingest/ppocr.py", "read_line"),
    ("  number, date and signer read again (PP-OCR)", "ingest/second_reading.py",
     "read_lines_again"),
    ("  stamp frames read (stamps)", "ingest/stamps.py", "read_stamped_marks"),
    ("  lexicon loading (per process)", "ingest/metadata/_dictionary.py", "lexicon"),
    ("page images (JPEG)", "ingest/worker.py", "save_page_images"),
    ("catalog: save result", "archive_service/catalog.py", "save_result"),
    ("references", "ingest/worker.py", "store_references"),
    ("index write", "archive_service/indexing.py", "index_documents"),
    ("archival copy (PDF/A) + its check", "ingest/worker.py", "_write_archival_copy"),
]


def breakdown(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    rows = []
    for label, suffix, name in PARTS:
        seconds, calls = 0.0, 0
        for (file, _line, func), (cc, _nc, _tt, ct, _callers) in stats.stats.items():
            if func == name and file.endswith(suffix):
                seconds += ct
                calls += cc
        rows.append((label, seconds, calls))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=12)
    parser.add_argument("--workers", default="1,2", help="worker counts on one host")
    parser.add_argument("--namespaces", action="store_true", help="also two worker namespaces")
    parser.add_argument("--profile", action="store_true", help="profile one worker instead")
    parser.add_argument("--extract", action="store_true",
                        help="`archive extract` against OCRmyPDF and the CLI instead")
    parser.add_argument("--ocrmypdf", default=shutil.which("ocrmypdf"),
                        help="the ocrmypdf command (default: the one on PATH)")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    docs = documents(args.docs)
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}; "
          f"{len(docs)} documents, {sum(p for _, p in docs)} pages: "
          + ", ".join(p.name for p, _ in docs))
    with tempfile.TemporaryDirectory(prefix="throughput-") as name:
        tmp = Path(name)
        if args.profile:
            profile(docs, tmp, args.top)
            return
        if args.extract:
            compare_extract(tmp, args.ocrmypdf)
            return
        results: list[tuple[str, int, float]] = []
        for workers in (int(w) for w in args.workers.split(",")):
            pages, seconds = run_one_host(docs, workers, tmp)
            results.append((f"archive serve, {workers} worker process(es)", pages, seconds))
            print(f"{results[-1][0]}: {pages} pages in {seconds:.1f} s (load average "
                  f"{os.getloadavg()[0]:.2f})", flush=True)
        if args.namespaces:
            pages, seconds = run_namespaces(docs, tmp)
            results.append(("two worker hosts (namespaces), 1 process each", pages, seconds))
            print(f"{results[-1][0]}: {pages} pages in {seconds:.1f} s (load average "
                  f"{os.getloadavg()[0]:.2f})", flush=True)
        pages, seconds = plain_cli(docs, tmp)
        cli_rate = 60 * pages / seconds
        print(f"plain tesseract CLI: {pages} pages in {seconds:.1f} s (load average "
              f"{os.getloadavg()[0]:.2f})")
        print(f"\n{'':50} {'pages/min':>9} {'× CLI':>7}")
        for label, n, s in results:
            rate = 60 * n / s
            print(f"{label:50} {rate:9.1f} {rate / cli_rate:6.2f}×")
        print(f"{'plain `tesseract FILE - -l vie`':50} {cli_rate:9.1f} {1:6.2f}×")


if __name__ == "__main__":
    main()
