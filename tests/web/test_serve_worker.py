"""``archive serve`` supervises its worker (issue 12.5): a real server on a real port, its
worker killed with SIGKILL mid-document, then restarted, logged, shown on /status; the document
it was processing and an upload made after the kill are both processed."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import urllib.parse
import urllib.request
from pathlib import Path

from archive_service.catalog import Catalog
from archive_service.users import Users
from archive_service.web.commands import first_admin
from tests.conftest import make_config, pick_sample
from tests.faults.server import wait_for
from tests.servers import api_upload, archive_serve

PASSWORD = "mat-khau-quan-tri"


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out






def get_json(base: str, token: str, path: str) -> dict:
    req = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=10) as response:
        return json.load(response)


def state(base: str, token: str, doc_id: int) -> str:
    return get_json(base, token, f"/api/v1/documents/{doc_id}")["status"]


def admin_page(base: str, path: str, password: str = PASSWORD) -> str:
    """A page as the administrator sees it (logged in through the login form)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(
        http.cookiejar.CookieJar()))
    html = opener.open(f"{base}/login", timeout=10).read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode({"username": "admin", "password": password,
                                   "csrf_token": token}).encode()
    opener.open(f"{base}/login", data=form, timeout=10)
    return opener.open(f"{base}{path}", timeout=30).read().decode()


def test_serve_restarts_a_killed_worker_and_processes_uploads(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = make_config(data, admin_password=PASSWORD)
    catalog = Catalog(config)
    first_admin(catalog, config)
    token = Users(catalog).create_token("admin")
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(data), ARCHIVE_ADMIN_PASSWORD=PASSWORD,
               ARCHIVE_LOG_LEVEL="INFO")
    log = tmp_path / "serve.log"
    try:
        with archive_serve(env, log, "--workers", "1") as (serve, base):
            worker = wait_for(lambda: children(serve.pid), 30, "the worker")[0]
            busy = api_upload(base, token, pick_sample(min_pages=2)["path"], timeout=30)
            wait_for(lambda: state(base, token, busy["id"]) == "processing", 120, "processing")
            os.killpg(worker, signal.SIGKILL)  # kill -9 mid-document: the worker and its pool
            restarted = wait_for(lambda: [p for p in children(serve.pid) if p != worker], 30,
                                 "a new worker")
            assert f"worker (pid {worker}) died (signal 9)" in log.read_text()
            html = admin_page(base, "/status")
            assert 'data-worker="alive"' in html and 'data-restarts="1"' in html
            assert f"pid {restarted[0]}" in html

            added = api_upload(base, token, pick_sample(kind="pdf-born-digital")["path"], timeout=30)
            assert added["status"] == "queued"
            for doc in (added, busy):  # the new upload, and the one the killed worker had
                wait_for(lambda d=doc: state(base, token, d["id"]) in ("done", "failed"), 300,
                         f"document {doc['id']} to be processed")
                assert state(base, token, doc["id"]) == "done"
    finally:
        catalog.db.dispose()
    assert not Path(f"/proc/{restarted[0]}").exists()  # the worker stopped with the server
