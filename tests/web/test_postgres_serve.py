"""The whole service on a PostgreSQL catalog (issue 15): ``archive ingest --wait`` OCRs a real
scanned sample (real Tesseract) into a new, empty PostgreSQL database (migrating it), then a real
``archive serve`` over the same database finds it through the web search (API and page), and
processes an upload with its worker."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from archive_service.catalog import Catalog
from archive_service.users import Users
from tests.conftest import catalog_env, database_url, load_samples, make_config
from tests.faults.server import wait_for
from tests.servers import api_upload, archive_serve
from tests.web.test_serve_worker import admin_page, get_json, state

PASSWORD = "mat-khau-quan-tri"
SCAN = "qd_thanh_lap_hoi_dong_cai_be_2019"  # a one-page PNG scan: OCR'd for real


def sample(name: str) -> dict:
    return next(s for s in load_samples() if s["name"] == name)


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

    try:
        with archive_serve(dict(env, ARCHIVE_LOG_LEVEL="INFO"), tmp_path / "serve.log",
                           "--workers", "1", ready_within=90) as (_serve, base):
            token = Users(catalog).create_token("admin")
            found = get_json(base, token, "/api/v1/search?q=" + urllib.parse.quote(
                "hoi dong xac dinh gia tri tai lieu"))
            assert [hit["id"] for hit in found["hits"]] == [doc.id]
            page = admin_page(base, "/search?" + urllib.parse.urlencode(
                {"q": "hội đồng xác định giá trị"}), PASSWORD)
            assert f"/documents/{doc.id}" in page

            added = api_upload(base, token, sample("kh_so_giao_duc_lam_dong_2025")["path"],
                               timeout=30)
            wait_for(lambda: state(base, token, added["id"]) in ("done", "failed"), 300,
                     "the upload to be processed")
            assert state(base, token, added["id"]) == "done"
            query = "/api/v1/search?q=" + urllib.parse.quote("cong tac van thu luu tru nam 2025")
            wait_for(lambda: added["id"] in [h["id"] for h in get_json(base, token, query)["hits"]],
                     60, "the upload in the index")
    finally:
        catalog.db.dispose()
