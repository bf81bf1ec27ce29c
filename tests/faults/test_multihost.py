"""Several hosts, one of them killed (issue 15): three network namespaces, two worker hosts and
one web/indexer host, joined by a bridge to this host, where Redis and the catalog listen.

The namespaces have no route but the bridge: their traffic goes only to their loopback, to each
other and to this host's bridge address. Every host shares the data folder (the originals, page
images, archival copies and index: NFS in production) and, on SQLite, the catalog file; a
PostgreSQL catalog drops in through ``catalog_url``. Documents are uploaded through the web
host's API; both worker hosts process them; one worker host has all its processes killed with
SIGKILL in the middle of a document, and the other takes that document over once its lease
(6 s here) has run out. At the end every document is ``done`` exactly once (one ``done by``
line in the workers' logs, its pages stored once), and the index, written only by the
indexer on the web host, holds each document once. The test removes what it created.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive_service import indexing
from archive_service.catalog import Catalog
from archive_service.config import Config
from archive_service.models import Document, PageRow
from archive_service.users import Users
from tests.conftest import ROOT, SAMPLES
from tests.servers import RedisServer, api_upload, needs_redis

pytestmark = [pytest.mark.slow, needs_redis]

IP = shutil.which("ip") or "/usr/sbin/ip"
LEASE = 6  # seconds (ARCHIVE_JOB_LEASE): short, so the take-over happens within the test
SCANS = ["cv_so_noi_vu_hau_giang_2024.jpg", "qd_bo_tai_chinh_2010.jpeg",
         "qd_thanh_lap_hoi_dong_cai_be_2019.png", "gm_so_noi_vu_ha_noi_2025.webp",
         "kh_thay_the_so_giao_duc_lam_dong_2025.pdf"]
DIGITAL = ["kh_so_giao_duc_lam_dong_2025.pdf", "tb_ubnd_gia_lai_ky_so_2024.pdf",
           "qd_sua_doi_quy_dinh_quang_ngai_2019.pdf"]
SETTLE = 150.0  # seconds for both hosts to finish every document


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([IP, *args], capture_output=True, text=True, check=check)


class Network:
    """A bridge on this host (``host_ip``) and one namespace per name, each with a veth on the
    bridge and an address in a private /24; no default route anywhere."""

    def __init__(self, names: list[str]) -> None:
        tag = secrets.token_hex(2)
        self.bridge = f"arbr{tag}"
        subnet = f"10.{200 + secrets.randbelow(50)}.{secrets.randbelow(250) + 1}"
        self.host_ip = f"{subnet}.1"
        self.namespaces = {name: f"ar{tag}{name}" for name in names}
        self.addresses = {name: f"{subnet}.{i + 2}" for i, name in enumerate(names)}
        self._created: list[tuple[str, str]] = []

    def create(self) -> None:
        ip("link", "add", self.bridge, "type", "bridge")
        self._created.append(("link", self.bridge))
        ip("addr", "add", f"{self.host_ip}/24", "dev", self.bridge)
        ip("link", "set", self.bridge, "up")
        for i, (name, ns) in enumerate(self.namespaces.items()):
            ip("netns", "add", ns)
            self._created.append(("netns", ns))
            host_end, ns_end = f"{self.bridge}h{i}", f"{self.bridge}n{i}"
            ip("link", "add", host_end, "type", "veth", "peer", "name", ns_end)
            self._created.append(("link", host_end))
            ip("link", "set", ns_end, "netns", ns)
            ip("link", "set", host_end, "master", self.bridge, "up")
            ip("-n", ns, "addr", "add", f"{self.addresses[name]}/24", "dev", ns_end)
            ip("-n", ns, "link", "set", ns_end, "up")
            ip("-n", ns, "link", "set", "lo", "up")

    def pids(self, name: str) -> list[int]:
        out = ip("netns", "pids", self.namespaces[name], check=False).stdout
        return [int(p) for p in out.split()]

    def kill_host(self, name: str) -> list[int]:
        """kill -9 every process of one namespace (a host that loses power)."""
        pids = self.pids(name)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return pids

    def remove(self) -> None:
        for name in self.namespaces:
            self.kill_host(name)
        for kind, what in reversed(self._created):
            if kind == "netns":
                ip("netns", "del", what, check=False)
            else:
                ip("link", "del", what, check=False)

    def run(self, name: str, args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        """``archive …`` inside namespace ``name``."""
        full = {**os.environ, "OMP_THREAD_LIMIT": "1", "ARCHIVE_LOG_LEVEL": "INFO", **env}
        with open(log, "ab") as out:
            return subprocess.Popen([IP, "netns", "exec", self.namespaces[name], sys.executable,
                                     "-m", "archive_service.cli", *args], env=full, stdout=out,
                                    stderr=out, cwd=ROOT, start_new_session=True)


@pytest.fixture
def network() -> Iterator[Network]:
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    net = Network(["a", "b", "web"])
    try:
        net.create()
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        net.remove()
        detail = exc.stderr.strip() if isinstance(exc, subprocess.CalledProcessError) else exc
        pytest.skip(f"cannot create network namespaces and a bridge here: {detail}")
    try:
        yield net
    finally:
        net.remove()
    assert not set(net.namespaces.values()) & set(ip("netns", "list").stdout.split())


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog_url(request, tmp_path: Path, network: Network) -> Iterator[str]:
    """The catalog every host uses: SQLite on the shared folder, or a throw-away PostgreSQL
    listening on loopback and the bridge, letting in the namespaces' subnet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared' / 'catalog.sqlite3'}"
        return
    from tests.servers import PostgresServer, postgres_bin_dir

    if postgres_bin_dir() is None:
        pytest.skip("PostgreSQL is not installed (make test-system installs it)")
    subnet = network.host_ip.rsplit(".", 1)[0] + ".0/24"
    server = PostgresServer(listen=("127.0.0.1", network.host_ip),
                            allow=("127.0.0.1/32", subnet)).start()
    try:
        server.create_database("archive")
        yield server.url_for("archive", host=network.host_ip)
    finally:
        server.stop()




def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def states(catalog: Catalog) -> dict[int, tuple[str, str | None]]:
    with catalog.db.session() as s:
        return {i: (state, worker) for i, state, worker in
                s.execute(select(Document.id, Document.state, Document.worker))}


def test_two_worker_hosts_one_killed_mid_document(network: Network, catalog_url: str,
                                                  tmp_path: Path):
    shared = tmp_path / "shared"
    logs = tmp_path / "logs"
    logs.mkdir()
    with RedisServer(tmp_path / "redis", extra_binds=(network.host_ip,)) as redis_server:
        env = {"ARCHIVE_DATA_DIR": str(shared), "ARCHIVE_DATABASE_URL": catalog_url,
               "ARCHIVE_REDIS_URL": redis_server.url_for(network.host_ip),
               "ARCHIVE_INDEXER": "1", "ARCHIVE_INDEXER_POLL": "1",
               "ARCHIVE_JOB_LEASE": str(LEASE), "ARCHIVE_SECRET_KEY": "one key for all web nodes"}
        config = Config(env=env)
        catalog = Catalog(config)  # migrates the catalog once, before any host starts
        Users(catalog).add("scanner", "archivist", password="mat-khau-quet-123")
        token = Users(catalog).create_token("scanner")
        web_ip = network.addresses["web"]
        network.run("web", ["web", "--host", web_ip, "--port", "8000", "--threads", "4"],
                    dict(env, ARCHIVE_WORKER_NAME="web"), logs / "web.log")
        network.run("web", ["indexer"], dict(env, ARCHIVE_WORKER_NAME="web"), logs / "indexer.log")
        for name, extra in (("a", []), ("b", ["--no-periodic"])):
            network.run(name, ["worker", "--workers", "1", *extra],
                        dict(env, ARCHIVE_WORKER_NAME=f"host-{name}"), logs / f"host-{name}.log")
        base = f"http://{web_ip}:8000"

        def web_up() -> bool:
            try:
                urllib.request.urlopen(f"{base}/login", timeout=2)
                return True
            except OSError:
                return False

        wait_for(web_up, 60, "the web host")
        ids = [api_upload(base, token, SAMPLES / name)["id"] for name in SCANS + DIGITAL]

        # once host a has finished a document, kill all of it in the middle of its next one
        def a_works_on_its_second() -> bool:
            if "done by host-a:" not in (logs / "host-a.log").read_text():
                return False
            return any(state == "processing" and (worker or "").startswith("host-a:")
                       for state, worker in states(catalog).values())

        wait_for(a_works_on_its_second, 120, "host a to start its second document")
        time.sleep(0.3)
        assert network.kill_host("a")
        held = [i for i, (state, worker) in states(catalog).items()
                if state == "processing" and (worker or "").startswith("host-a:")]
        assert len(held) == 1, "host a died holding no document (it finished it first)"
        victim = held[0]

        def settled() -> bool:
            return all(state in ("done", "failed") for state, _ in states(catalog).values())

        wait_for(settled, SETTLE, "host b to finish every document")
        wait_for(lambda: catalog.pending_index_requests() == 0, 60, "the indexer")

        final = states(catalog)
        assert sorted(final) == sorted(ids)
        assert {state for state, _ in final.values()} == {"done"}
        text = {name: (logs / f"host-{name}.log").read_text() for name in ("a", "b")}
        for doc_id in ids:  # saved once: by one host, once
            assert (text["a"] + text["b"]).count(f"document {doc_id} done by host-") == 1, doc_id
        assert "done by host-a:" in text["a"] and "done by host-b:" in text["b"]  # both worked
        assert f"document {victim} done by host-b:" in text["b"]  # taken over after the lease
        assert catalog.get(victim).attempts == 2
        with catalog.db.session() as s:
            for doc_id in ids:
                numbers = s.scalars(select(PageRow.number).where(PageRow.document_id == doc_id)
                                    ).all()
                assert sorted(numbers) == list(range(1, catalog.get(doc_id).page_count + 1))
            assert s.scalar(select(func.count()).select_from(PageRow)) == sum(
                catalog.get(i).page_count for i in ids)
        index = indexing.open_index(catalog)
        assert index.count() == len(ids)  # each document once
        assert index.doc_ids() == {str(i) for i in ids}
        assert "Traceback" not in (logs / "indexer.log").read_text()
