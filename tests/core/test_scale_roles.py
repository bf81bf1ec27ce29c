"""Several hosts (issue 15): leases held across hosts, the index outbox and its one writer
(`archive indexer`), and the work queue on a real Redis (tests/servers.py).

Real SQLite catalog, real Whoosh index, real redis-server and real `archive worker` /
`archive indexer` processes; documents are either typed pages saved as the worker saves them
(no OCR) or born-digital PDFs (their text layer: no OCR either).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from sqlalchemy import select

from archive_service import indexing, queue
from archive_service.catalog import Catalog, LeaseLostError, worker_id
from archive_service.models import Document, IndexRequest
from archive_service.records import FieldValue, Page
from index import SearchIndex
from ingest.worker import holding_lease
from tests.conftest import ROOT, make_config
from tests.servers import RedisServer, needs_redis

TEXTS = ["Kế hoạch cải cách hành chính năm 2023 của tỉnh Hậu Giang.",
         "Thông báo lịch họp giao ban Sở Nội vụ.",
         "Quyết định phân bổ ngân sách cho các huyện."]


def add(catalog: Catalog, tmp: Path, n: int) -> int:
    source = tmp / f"scan{n}.png"
    Image.new("L", (300 + n, 200), 255).save(source, format="PNG")
    return catalog.add_file(source, enqueue=False).id


def process(catalog: Catalog, tmp: Path, n: int, text: str | None = None) -> int:
    """A document saved as processed (typed text), then indexed as the worker asks for it."""
    doc_id = add(catalog, tmp, n)
    assert catalog.claim(doc_id)
    text = text or TEXTS[n % len(TEXTS)]
    catalog.save_result(doc_id, [Page(number=1, text=text, mean_conf=95.0)],
                        {"subject": FieldValue(text, 0.95)})
    indexing.index_documents(catalog, [doc_id])
    return doc_id


def wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process exited ({proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def run_role(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """A real `archive …` process in its own session, its output in ``log``."""
    full = {**os.environ, "OMP_THREAD_LIMIT": "1", "ARCHIVE_LOG_LEVEL": "INFO", **env}
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "archive_service.cli", *args], env=full,
                                stdout=out, stderr=out, cwd=ROOT, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()


# --- leases -------------------------------------------------------------------------------

def test_a_living_workers_lease_is_renewed_a_dead_ones_taken_over_once(tmp_path):
    lease = 3
    host_a = Catalog(make_config(tmp_path / "data", job_lease=lease, worker_name="host-a"))
    host_b = Catalog(make_config(tmp_path / "data", job_lease=lease, worker_name="host-b"),
                     migrate=False)
    host_c = Catalog(make_config(tmp_path / "data", job_lease=lease, worker_name="host-c"),
                     migrate=False)
    doc_id = add(host_a, tmp_path, 1)
    me = host_a.worker_id()
    assert me == f"host-a:{os.getpid()}"
    assert host_a.claim(doc_id, me)
    with holding_lease(host_a, doc_id, me):  # working for twice the lease
        time.sleep(2 * lease)
        assert host_b.requeue_stale() == []
    time.sleep(lease + 1.5)  # host a stopped renewing (as if killed)
    assert host_b.requeue_stale() == [doc_id]  # taken back by one host ...
    assert host_c.requeue_stale() == []  # ... once, though every host looks
    assert host_b.claim(doc_id)
    with pytest.raises(LeaseLostError):  # host a's late result is not saved
        host_a.save_result(doc_id, [Page(number=1, text="cũ")], {}, worker=me)
    host_a.fail(doc_id, "lỗi muộn", worker=me)  # nor its late failure
    assert not host_a.release(doc_id, me)
    assert host_a.get(doc_id).state == "processing"
    host_b.save_result(doc_id, [Page(number=1, text="mới")], {}, worker=host_b.worker_id())
    doc = host_a.get(doc_id)
    assert doc.state == "done" and doc.attempts == 2
    assert [p.data["text"] for p in doc.pages] == ["mới"]


def test_another_hosts_worker_is_judged_by_its_lease_only(tmp_path):
    catalog = Catalog(make_config(tmp_path / "data", worker_name="host-a"))
    dead_here, elsewhere = add(catalog, tmp_path, 1), add(catalog, tmp_path, 2)
    gone_pid = 2**22 + 7  # above pid_max's default: no such process
    assert catalog.claim(dead_here, worker_id("host-a").rsplit(":", 1)[0] + f":{gone_pid}")
    assert catalog.claim(elsewhere, f"host-b:{gone_pid}")  # a pid on another machine
    assert catalog.requeue_stale() == [dead_here]
    assert catalog.get(elsewhere).state == "processing"


# --- the index outbox and its one writer --------------------------------------------------

def test_with_a_separate_indexer_only_the_indexer_writes_the_index(tmp_path):
    data = tmp_path / "data"
    catalog = Catalog(make_config(data, indexer=True))
    first = [process(catalog, tmp_path, n) for n in range(2)]
    assert not catalog.config.index_dir.exists()  # nobody but the indexer writes it
    with catalog.db.session() as s:
        actions = s.execute(select(IndexRequest.document_id, IndexRequest.action)).all()
    assert {(i, "update") for i in first} == set(actions)  # save_result's and the worker's
    catalog.set_correction(first[0], "subject", "Kế hoạch chuyển đổi số", user="archivist")
    indexing.index_documents(catalog, [first[0]])  # what the web app does after a correction
    proc = run_role(["indexer"], {"ARCHIVE_DATA_DIR": str(data), "ARCHIVE_INDEXER": "1",
                                  "ARCHIVE_INDEXER_POLL": "1"}, tmp_path / "indexer.log")
    try:
        index = SearchIndex(catalog.config.index_dir)
        wait_for(lambda: catalog.pending_index_requests() == 0, 60, "the outbox", proc)
        assert index.doc_ids() == {str(i) for i in first}
        assert index.search('"chuyển đổi số"').total == 1  # the correction is in
        later = process(catalog, tmp_path, 5, "Công văn về việc tiêm chủng mở rộng.")
        indexing.delete_document(catalog, first[1], user="admin")
        wait_for(lambda: catalog.pending_index_requests() == 0, 60, "the outbox", proc)
        assert index.doc_ids() == {str(first[0]), str(later)}
        assert index.count() == 2  # each document once
        assert indexing.inspect_index(catalog).healthy
    finally:
        stop(proc)
    assert proc.returncode == 0


def test_a_web_node_asks_the_indexer_to_repair_instead_of_writing(tmp_path):
    catalog = Catalog(make_config(tmp_path / "data", indexer=True))
    process(catalog, tmp_path, 1)
    assert indexing.heal_in_background(catalog)  # a search found the index missing
    assert indexing.heal_in_background(catalog)
    assert catalog.pending_index_requests("repair") == 1  # asked once, written by nobody here
    assert not catalog.config.index_dir.exists()
    from click.testing import CliRunner

    from archive_service.cli import main

    result = CliRunner(env={"ARCHIVE_DATA_DIR": str(catalog.config.data_dir),
                            "ARCHIVE_INDEXER": "1"}).invoke(main, ["status", "--json"])
    assert json.loads(result.output)["index_outbox"] == 3  # two updates and the repair
    result = CliRunner(env={"ARCHIVE_DATA_DIR": str(catalog.config.data_dir),
                            "ARCHIVE_INDEXER": "1"}).invoke(main, ["reindex"])
    assert result.exit_code == 0 and "archive indexer" in result.output
    assert catalog.pending_index_requests("repair") == 2 and not catalog.config.index_dir.exists()


# --- the queue on Redis -------------------------------------------------------------------

def born_digital(folder: Path, n: int) -> Path:
    """A born-digital PDF with new bytes (a unique title): read from its text layer."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"digital{n}.pdf"
    with pikepdf.open(ROOT / "sample_docs" / "tb_ubnd_gia_lai_ky_so_2024.pdf") as pdf:
        pdf.docinfo["/Title"] = f"redis queue document {n}"
        pdf.save(target)
    return target


@needs_redis
def test_workers_take_documents_from_redis(tmp_path):
    data = tmp_path / "data"
    with RedisServer(tmp_path / "redis") as redis_server:
        config = make_config(data, redis_url=redis_server.url)
        catalog = Catalog(config)
        ids = [catalog.add_file(born_digital(tmp_path / "in", n)).id for n in range(3)]
        assert queue.pending_document_ids(config) == set(ids)  # in Redis, not in SQLite
        assert not config.queue_path.exists()
        env = {"ARCHIVE_DATA_DIR": str(data), "ARCHIVE_REDIS_URL": redis_server.url}
        workers = [run_role(["worker", "--workers", "1", *extra],
                            dict(env, ARCHIVE_WORKER_NAME=name), tmp_path / f"{name}.log")
                   for name, extra in (("host-a", []), ("host-b", ["--no-periodic"]))]
        try:
            def all_done() -> bool:  # and indexed: a worker indexes after saving
                with catalog.db.session() as s:
                    rows = s.execute(select(Document.state, Document.indexed_at)
                                     .where(Document.id.in_(ids))).all()
                return all(state == "failed" or (state == "done" and indexed is not None)
                           for state, indexed in rows)

            wait_for(all_done, 240, "the documents to be processed and indexed", workers[0])
        finally:
            for proc in workers:
                stop(proc)
        assert [catalog.get(i).state for i in ids] == ["done"] * 3
        assert queue.pending_document_ids(config) == set()
        logs = "".join((tmp_path / f"{n}.log").read_text() for n in ("host-a", "host-b"))
        for doc_id in ids:  # processed once, by one of the hosts
            assert logs.count(f"document {doc_id} done by host-") == 1
        assert SearchIndex(config.index_dir).count() == 3


def test_the_indexer_catches_up_what_the_outbox_lost(tmp_path, monkeypatch):
    from sqlalchemy import delete

    from archive_service import indexer

    catalog = Catalog(make_config(tmp_path / "data", indexer=True))
    lost, kept = process(catalog, tmp_path, 1), process(catalog, tmp_path, 2)
    with catalog.db.session() as s:  # e.g. written by a command run without ARCHIVE_INDEXER
        s.execute(delete(IndexRequest).where(IndexRequest.document_id == lost))
    catalog.request_index([10**6])  # a document that no longer exists: nothing to write
    monkeypatch.setattr(indexing, "_writer_here", True)  # this process is the indexer now
    assert indexer.drain(catalog) == 3
    index = SearchIndex(catalog.config.index_dir)
    assert index.doc_ids() == {str(kept)}
    assert indexer.catch_up(catalog) == 1  # the minute's catch-up from the catalog
    assert index.doc_ids() == {str(lost), str(kept)} and index.count() == 2
    assert catalog.pending_index_requests() == 0 and indexer.drain(catalog) == 0
