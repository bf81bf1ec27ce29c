"""A second web host reads the search index (issue 15): `archive web` with the index folder
mounted read-only (a private mount namespace: what an NFS export mounted ``ro`` gives a web
host), while `archive indexer` on the first host writes it. The web node answers searches,
sees each commit (its searchers reopen when the index changed) and never writes the index.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from archive_service import indexing
from archive_service.catalog import Catalog
from archive_service.users import Users
from tests.conftest import ROOT, make_config
from tests.core.test_scale_roles import process, run_role, stop, wait_for
from tests.servers import free_port

UNSHARE = shutil.which("unshare")


def can_mount_privately() -> bool:
    if UNSHARE is None:
        return False
    result = subprocess.run([UNSHARE, "-m", "sh", "-c", "mount --bind / /mnt && umount /mnt"],
                            capture_output=True)
    return result.returncode == 0


needs_mount_ns = pytest.mark.skipif(not can_mount_privately(),
                                    reason="cannot make a private mount namespace (needs root)")


def read_only_web_node(env: dict[str, str], index_dir: Path, port: int, log: Path
                       ) -> subprocess.Popen:
    """`archive web` in its own mount namespace where ``index_dir`` is read-only; it first
    records whether the folder is writable there (``<log>.probe``)."""
    idx = shlex.quote(str(index_dir))
    probe = shlex.quote(f"{log}.probe")
    script = (f"mount --bind {idx} {idx} && mount -o remount,bind,ro {idx} && "
              f"(touch {idx}/probe 2>/dev/null && echo writable || echo read-only) > {probe} && "
              f"exec {shlex.quote(sys.executable)} -m archive_service.cli web "
              f"--host 127.0.0.1 --port {port} --threads 2")
    return run_role_shell([UNSHARE, "-m", "--propagation", "private", "sh", "-c", script],
                          env, log)


def run_role_shell(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    import os

    with open(log, "ab") as out:
        return subprocess.Popen(args, env={**os.environ, "ARCHIVE_LOG_LEVEL": "INFO", **env},
                                stdout=out, stderr=out, cwd=ROOT, start_new_session=True)


def search(port: int, token: str, q: str) -> set[int]:
    url = f"http://127.0.0.1:{port}/api/v1/search?" + urllib.parse.urlencode({"q": q})
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=20) as response:
        return {hit["id"] for hit in json.load(response)["hits"]}


def answers(port: int, token: str, q: str, expected: set[int]):
    def check() -> bool:
        try:
            return search(port, token, q) == expected
        except OSError:
            return False
    return check


@needs_mount_ns
def test_a_second_web_node_reads_the_index_read_only(tmp_path):
    data = tmp_path / "data"
    catalog = Catalog(make_config(data, indexer=True))
    first = process(catalog, tmp_path, 1, "Kế hoạch cải cách hành chính năm 2023.")
    Users(catalog).add("reader", "staff", password="mat-khau-doc-123")
    token = Users(catalog).create_token("reader")
    env = {"ARCHIVE_DATA_DIR": str(data), "ARCHIVE_INDEXER": "1", "ARCHIVE_INDEXER_POLL": "1",
           "ARCHIVE_SECRET_KEY": "the same on every web node"}
    writer = run_role(["indexer"], env, tmp_path / "indexer.log")
    web = None
    try:
        wait_for(lambda: catalog.pending_index_requests() == 0, 60, "the first commit", writer)
        index_dir = catalog.config.index_dir
        before = sorted(p.name for p in index_dir.iterdir())
        port = free_port()
        web = read_only_web_node(env, index_dir, port, tmp_path / "web2.log")
        wait_for(answers(port, token, "cai cach hanh chinh", {first}), 60, "the web node", web)
        assert Path(f"{tmp_path / 'web2.log'}.probe").read_text().strip() == "read-only"
        # the indexer commits a new document, then a correction: the web node sees both
        later = process(catalog, tmp_path, 2, "Công văn về việc tiêm chủng mở rộng.")
        wait_for(answers(port, token, "tiem chung", {later}), 60, "the new document", web)
        catalog.set_correction(first, "subject", "Kế hoạch chuyển đổi số", user="archivist")
        indexing.index_documents(catalog, [first])
        wait_for(answers(port, token, '"chuyển đổi số"', {first}), 60, "the correction", web)
        indexing.delete_document(catalog, later, user="admin")
        wait_for(answers(port, token, "tiem chung", set()), 60, "the deletion", web)
        assert "probe" not in {p.name for p in index_dir.iterdir()}
        assert set(before) <= {p.name for p in index_dir.iterdir()}
    finally:
        if web is not None:
            stop(web)
        stop(writer)
    log = (tmp_path / "web2.log").read_text()
    assert "Traceback" not in log and "Read-only file system" not in log
