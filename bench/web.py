"""Web benchmark: search-page and document-page latency (p50/p95) through HTTP against
``archive serve`` (waitress + worker) on the benchmark corpus.

    .venv/bin/python bench/web.py [--docs 100000] [--rounds 3] [--doc-pages 200] [--rebuild]

The corpus is the one of bench/search.py (``build_corpus``: Nghị định 30 style metadata,
~200 syllables of Vietnamese body text a document, a few confidential ones), written into a
real catalog (SQLite, bulk insert) and indexed with ``SearchIndex.rebuild``; it is kept under
bench/out/web/<docs>/ and reused by later runs (``--rebuild`` starts over). Word boxes are
stored for the documents whose pages are measured only (the others are never rendered).

Measured, one client after a warm-up, signed in as staff (clearance 0: confidential documents
filtered out, as for most users): ``GET /search?q=…`` for the query mix of bench/search.py
(facets, snippets and suggestion on, 20 hits a page), ``GET /search`` with a facet filter and
page 2, and ``GET /documents/<id>?q=…`` (metadata, OCR text, hit boxes on every page).
"""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from archive_service.catalog import Catalog, now  # noqa: E402
from archive_service.config import Config  # noqa: E402
from archive_service.models import Document, FieldRow, PageRow  # noqa: E402
from archive_service.users import Users  # noqa: E402
from index import SearchIndex  # noqa: E402

OUT = ROOT / "bench" / "out" / "web"
PASSWORD = "bench-password-1"
BATCH = 5000
PAGE_W, PAGE_H = 2480, 3508


def load_search_bench():
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def words_for(text: str) -> list[list]:
    """Word boxes laid out as lines of 12 words (page units of a 300 dpi A4 page)."""
    out = []
    for i, token in enumerate(text.split()):
        line, col = divmod(i, 12)
        x0, y0 = 200 + col * 175, 400 + line * 90
        out.append([token, x0, y0, x0 + 160, y0 + 60, 92.0, 1, line + 1])
    return out


def page_row(doc_id: int, number: int, text: str, boxes: bool) -> dict:
    data = {"number": number, "text": text, "words": words_for(text) if boxes else [],
            "width": PAGE_W, "height": PAGE_H, "dpi": 300.0, "source": "ocr", "mean_conf": 92.0,
            "rotation": 0, "skew": 0.0, "seconds": 1.0, "engine": "bench", "text_layer": ""}
    return {"document_id": doc_id, "number": number, "data": data, "image": None}


def build_archive(data: Path, n: int, measured: set[int]) -> None:
    """Catalog rows and index for ``n`` corpus documents (catalog id = corpus index + 1)."""
    bench_search = load_search_bench()
    started = time.perf_counter()
    docs = bench_search.build_corpus(n)
    config = Config(env={"ARCHIVE_DATA_DIR": str(data)})
    catalog = Catalog(config)
    stamp = now()
    with catalog.db.engine.begin() as conn:
        for start in range(0, n, BATCH):
            chunk = docs[start:start + BATCH]
            doc_rows, page_rows, field_rows = [], [], []
            for offset, d in enumerate(chunk):
                doc_id = start + offset + 1
                d.id = str(doc_id)
                doc_rows.append({
                    "id": doc_id, "sha256": hashlib.sha256(str(doc_id).encode()).hexdigest(),
                    "original_name": f"bench-{doc_id}.pdf", "kind": "pdf", "size": 100_000,
                    "state": "done", "attempts": 1, "created_at": stamp, "updated_at": stamp,
                    "processed_at": stamp, "indexed_at": stamp, "uploaded_by": "bench",
                    "page_count": len(d.pages), "seconds": 1.0})
                page_rows += [page_row(doc_id, i, text, doc_id in measured)
                              for i, text in enumerate(d.pages, start=1)]
                meta = {"number": d.number, "issued_date": d.issued_date.isoformat(),
                        "issuer": d.issuer, "parent_issuer": d.parent_issuer, "doc_type": d.doc_type,
                        "subject": d.subject, "signer": d.signer, "confidentiality": d.confidentiality,
                        "page_count": len(d.pages), "language": "vi"}
                field_rows += [{"document_id": doc_id, "name": k, "value": v, "confidence": 0.9,
                                "page": 1, "box": [200, 400, 900, 460], "review": k == "number"}
                               for k, v in meta.items()]
            conn.execute(insert(Document), doc_rows)
            conn.execute(insert(PageRow), page_rows)
            conn.execute(insert(FieldRow), field_rows)
    catalog_s = time.perf_counter() - started
    Users(catalog).add("bench", "staff", password=PASSWORD, clearance=0)
    started = time.perf_counter()
    SearchIndex(config.index_dir).rebuild(docs, procs=2)
    index_s = time.perf_counter() - started
    (data / "bench.json").write_text(json.dumps({"docs": n, "catalog_s": round(catalog_s, 1),
                                                 "index_s": round(index_s, 1)}))
    catalog.db.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A signed-in browser-like client (cookies, CSRF token from the login form)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, bytes, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            body, status = exc.read(), exc.code
        return status, body, (time.perf_counter() - started) * 1000

    def login(self, name: str, password: str) -> None:
        _status, page, _ms = self.get("/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"username": name, "password": password, "csrf_token": token})
        with self.opener.open(self.base + "/login", data=form.encode(), timeout=60) as response:
            assert response.url.endswith("/search"), response.url


def summary(values: list[float]) -> dict:
    ordered = sorted(values)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    return {"n": len(values), "p50": round(pct(50), 1), "p95": round(pct(95), 1),
            "mean": round(statistics.fmean(values), 1), "max": round(ordered[-1], 1)}


def measure(base: str, n: int, rounds: int, doc_pages: list[int]) -> dict:
    bench_search = load_search_bench()
    mix = [q for _kind, q in bench_search.query_mix(bench_search.build_corpus(min(n, 2000)))]
    client = Client(base)
    client.login("bench", PASSWORD)
    search_urls = ["/search?" + urllib.parse.urlencode({"q": q}) for q in mix]
    search_urls += ["/search?" + urllib.parse.urlencode({"q": "ke hoach", "doc_type": "Kế hoạch"}),
                    "/search?" + urllib.parse.urlencode({"q": "cai cach hanh chinh", "page": 2}),
                    "/search?sort=date", "/"]
    doc_urls = [f"/documents/{i}?q=cai+cach+hanh+chinh" for i in doc_pages]
    for url in search_urls + doc_urls[:20]:  # warm-up: open searchers, caches, vocabulary
        client.get(url)
    results: dict[str, list[float]] = {"search": [], "document": []}
    hidden = 0
    for _ in range(rounds):
        for url in search_urls:
            status, _body, ms = client.get(url)
            assert status == 200, (url, status)
            results["search"].append(ms)
        for url in doc_urls:
            status, _body, ms = client.get(url)
            if status == 404:  # a confidential document: invisible to staff, as it should be
                hidden += 1
                continue
            assert status == 200, (url, status)
            results["document"].append(ms)
    return {"search_page": summary(results["search"]), "document_page": summary(results["document"]),
            "hidden_documents_404": hidden // rounds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--doc-pages", type=int, default=200, help="Document pages measured.")
    parser.add_argument("--rebuild", action="store_true", help="Build the corpus again.")
    parser.add_argument("--threads", type=int, default=8, help="archive serve --threads.")
    args = parser.parse_args(argv)
    data = OUT / str(args.docs) / "data"
    measured = sorted(random.Random(7).sample(range(1, args.docs + 1), min(args.doc_pages, args.docs)))
    if args.rebuild or not (data / "bench.json").exists():
        shutil.rmtree(data, ignore_errors=True)
        print(f"building {args.docs} documents in {data} …", file=sys.stderr)
        build_archive(data, args.docs, set(measured))
    built = json.loads((data / "bench.json").read_text())
    port = free_port()
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data), "ARCHIVE_WORKERS": "1",
           "ARCHIVE_LOG_LEVEL": "WARNING"}
    code = "import sys; from archive_service.cli import main; main(sys.argv[1:], prog_name='archive')"
    log = (data.parent / "serve.log").open("w")
    command = [sys.executable, "-c", code, "serve", "--host", "127.0.0.1", "--port", str(port),
               "--threads", str(args.threads)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit((data.parent / "serve.log").read_text()) from None
                time.sleep(0.2)
        load_before = os.getloadavg()[0]
        figures = measure(base, args.docs, args.rounds, measured)
        figures["load_average_1min"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(120)
        log.close()
    report = {"docs": args.docs, "rounds": args.rounds, **figures, "build": built,
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
