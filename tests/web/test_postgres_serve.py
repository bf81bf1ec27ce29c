"""The whole service on a PostgreSQL catalog (issue 15): ``archive ingest --wait`` OCRs a real
scanned sample (real Tesseract) into a new, empty PostgreSQL database (migrating it), then a real
``archive serve`` over the same database finds it through the web search (API and page), and
processes an upload with its worker."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from archive_service.catalog import Catalog
from archive_service.users import Users
from tests.conftest import catalog_env, database_url, load_samples, make_config
from tests.faults.server import wait_for
from tests.servers import api_upload, free_port
from tests.web.test_serve_worker import get_json, state

PASSWORD = "mat-khau-quan-tri"
SCAN = "qd_thanh_lap_hoi_dong_cai_be_2019"  # a one-page PNG scan: OCR'd for real


def sample(name: str) -> dict:
    return next(s for s in load_samples() if s["name"] == name)


def search_page(base: str, query: str) -> str:
    """The search page as the administrator sees it (logged in through the login form)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(
        http.cookiejar.CookieJar()))
    html = opener.open(f"{base}/login", timeout=10).read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode({"username": "admin", "password": PASSWORD,
                                   "csrf_token": token}).encode()
    opener.open(f"{base}/login", data=form, timeout=10)
    query = urllib.parse.urlencode({"q": query})
    return opener.open(f"{base}/search?{query}", timeout=30).read().decode()


def test_ingest_and_serve_on_postgresql(request, tmp_path: Path) -> None:
    config = make_config(tmp_path / "data", database_url=database_url(request, "postgresql",
                                                                      empty=True))
    env = dict(os.environ, **catalog_env(config), ARCHIVE_ADMIN_PASSWORD=PASSWORD,
               ARCHIVE_LOG_LEVEL="WARNING", ARCHIVE_WORKERS="1")
    scan = sample(SCAN)
    ingest = subprocess.run([sys.executable, "-m", "archive_service.cli", "ingest", "--wait",
                             str(scan["path"])], env=env, capture_output=True,
                            text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    catalog = Catalog(config, migrate=False)
    [listed] = catalog.list_documents()
    doc = catalog.get(listed.id)
    assert doc.state == "done" and doc.original_name == scan["path"].name
    assert "Hội đồng" in doc.pages[0].data["text"]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        serve = subprocess.Popen([sys.executable, "-m", "archive_service.cli", "serve", "--port",
                                  str(port), "--workers", "1"],
                                 env=dict(env, ARCHIVE_LOG_LEVEL="INFO"), stdout=out, stderr=out,
                                 start_new_session=True)
    try:
        wait_for(lambda: "Kho lưu trữ đang chạy" in log.read_text(), 90, "the server")
        token = Users(catalog).create_token("admin")
        found = get_json(base, token, "/api/v1/search?q=" + urllib.parse.quote(
            "hoi dong xac dinh gia tri tai lieu"))
        assert [hit["id"] for hit in found["hits"]] == [doc.id]
        assert f"/documents/{doc.id}" in search_page(base, "hội đồng xác định giá trị")

        added = api_upload(base, token, sample("kh_so_giao_duc_lam_dong_2025")["path"], timeout=30)
        wait_for(lambda: state(base, token, added["id"]) in ("done", "failed"), 300,
                 "the upload to be processed")
        assert state(base, token, added["id"]) == "done"
        query = "/api/v1/search?q=" + urllib.parse.quote("cong tac van thu luu tru nam 2025")
        wait_for(lambda: added["id"] in [h["id"] for h in get_json(base, token, query)["hits"]],
                 60, "the upload in the index")
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(90)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
        catalog.db.dispose()
