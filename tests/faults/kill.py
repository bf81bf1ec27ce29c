"""kill -9 trials of the worker (issue 12, fault trials).

Each trial adds fresh born-digital PDFs (a sample with a unique title, so no OCR and a new
SHA-256), lets a real ``archive worker`` process them and kills its whole process group with
SIGKILL at a random moment: either a random delay after the documents were queued, or at a
random point while the worker holds the index's ``write.lock`` (found in ``/proc/locks``), that
is inside the index commit. The worker is started again, as ``archive serve``'s supervisor
does, and once it is idle the trial checks that every document is ``done`` or ``failed`` with
a reason, none is duplicated (catalog, pages, index), the index holds exactly the processed
documents, and ``archive check`` passes. Used by tests/faults/test_kill.py (a few trials) and
bench/faults.py (100).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from sqlalchemy import func, select

from archive_service import indexing
from archive_service.catalog import Catalog
from archive_service.config import Config
from archive_service.models import Document, PageRow

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("kh_so_giao_duc_lam_dong_2025.pdf", "tb_ubnd_gia_lai_ky_so_2024.pdf")
SETTLE_TIMEOUT = 180.0  # seconds for the restarted worker to finish a trial's documents
INDEX_GRACE = 20.0  # seconds for the index to catch up with them once they are


@dataclass
class KillReport:
    """What the trials did and every invariant they found broken (empty ``problems``: passed)."""

    trials: int = 0
    kills: int = 0
    kills_in_commit: int = 0
    documents: int = 0
    done: int = 0
    failed: int = 0
    checks_passed: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def make_inputs(folder: Path, trial: int, count: int) -> list[Path]:
    """``count`` born-digital PDFs, new bytes each (a unique document title)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        source = ROOT / "sample_docs" / SOURCES[(trial + i) % len(SOURCES)]
        target = folder / f"trial{trial:03d}_{i}.pdf"
        with pikepdf.open(source) as pdf:
            pdf.docinfo["/Title"] = f"fault trial {trial} document {i}"
            pdf.save(target)
        out.append(target)
    return out


def start_worker(data: Path, log: Path) -> subprocess.Popen:
    """A real ``archive worker`` with one process, in its own process group."""
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(data), ARCHIVE_LOG_LEVEL="INFO")
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "archive_service.cli", "worker",
                                 "--workers", "1"], env=env, stdout=out, stderr=out,
                                cwd=ROOT, start_new_session=True)


def kill_group(worker: subprocess.Popen) -> None:
    """kill -9 the worker and every process of its group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def lock_held(lock: Path) -> bool:
    """Whether some process holds a lock on ``lock`` now (read from /proc/locks)."""
    try:
        inode = lock.stat().st_ino
        text = Path("/proc/locks").read_text()
    except OSError:
        return False
    return any(line.split()[5].endswith(f":{inode}") for line in text.splitlines()
               if len(line.split()) > 5 and "->" not in line)


def wait_in_commit(lock: Path, worker: subprocess.Popen, timeout: float) -> bool:
    """Wait until the worker holds the index's write lock; False when it never did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and worker.poll() is None:
        if lock_held(lock):
            return True
        time.sleep(0.002)
    return False


def settle(catalog: Catalog, ids: list[int], timeout: float = SETTLE_TIMEOUT,
           index_grace: float = INDEX_GRACE) -> bool:
    """Wait until every document is done or failed (``timeout``), then until the index holds
    the done ones (``index_grace``); returns whether both happened."""
    deadline = time.monotonic() + timeout
    while True:
        with catalog.db.session() as s:
            states = dict(s.execute(select(Document.id, Document.state)
                                    .where(Document.id.in_(ids))).all())
        if all(states.get(i) in ("done", "failed") for i in ids):
            break
        if time.monotonic() > deadline:
            return False
        time.sleep(0.3)
    done = {str(i) for i, st in states.items() if st == "done"}
    deadline = time.monotonic() + index_grace
    while True:
        try:
            if done <= indexing.open_index(catalog).doc_ids():
                return True
        except Exception:  # noqa: BLE001 - not created yet or being repaired: wait
            pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.3)


def check_invariants(catalog: Catalog, expected: int) -> list[str]:
    """Every broken invariant, described (empty: all hold)."""
    problems: list[str] = []
    with catalog.db.session() as s:
        docs = s.execute(select(Document.id, Document.sha256, Document.state, Document.error,
                                Document.page_count)).all()
        pages = dict(s.execute(select(PageRow.document_id, func.count())
                               .group_by(PageRow.document_id)).all())
        distinct_pages = dict(s.execute(select(PageRow.document_id,
                                               func.count(PageRow.number.distinct()))
                                        .group_by(PageRow.document_id)).all())
    if len(docs) != expected:
        problems.append(f"{len(docs)} documents in the catalog, {expected} added")
    if len({d.sha256 for d in docs}) != len(docs):
        problems.append("the same original twice in the catalog")
    for d in docs:
        if d.state not in ("done", "failed"):
            problems.append(f"document {d.id} left {d.state}")
        elif d.state == "failed" and not (d.error or "").strip():
            problems.append(f"document {d.id} failed without a reason")
        elif d.state == "done" and not (pages.get(d.id) == distinct_pages.get(d.id)
                                        == d.page_count):
            problems.append(f"document {d.id}: {pages.get(d.id)} page rows, "
                            f"{distinct_pages.get(d.id)} distinct, page_count {d.page_count}")
    index = indexing.open_index(catalog)
    try:
        have, count = index.doc_ids(), index.count()
    except Exception as exc:  # noqa: BLE001 - reported as a broken invariant
        return [*problems, f"index unreadable: {exc}"]
    done = {str(d.id) for d in docs if d.state == "done"}
    if have != done:
        problems.append(f"index and catalog differ: missing {sorted(done - have, key=int)}, "
                        f"extra {sorted(have - done, key=int)}")
    if count != len(have):
        problems.append(f"index holds {count} entries for {len(have)} ids (duplicates)")
    return problems


def archive_check(data: Path) -> tuple[int, str]:
    """``archive check`` in its own process: exit code and output."""
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(data))
    run = subprocess.run([sys.executable, "-m", "archive_service.cli", "check"], env=env,
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    return run.returncode, (run.stdout + run.stderr).strip()


def run_kill_trials(work: Path, *, trials: int, seed: int, per_trial: int = 2,
                    commit_share: float = 0.4, max_delay: float = 8.0,
                    echo: Callable[[str], None] = lambda _: None) -> KillReport:
    """``trials`` kill -9 trials on one archive under ``work``; see the module's docstring."""
    rng = random.Random(seed)
    data = work / "data"
    catalog = Catalog(Config(env={"ARCHIVE_DATA_DIR": str(data)}))
    lock = catalog.config.index_dir / "write.lock"
    log = work / "worker.log"
    report = KillReport()
    started = time.monotonic()
    worker = start_worker(data, log)
    ids: list[int] = []
    try:
        for trial in range(trials):
            report.trials += 1
            for path in make_inputs(work / "in", trial, per_trial):
                ids.append(catalog.add_file(path, user="trial").id)
            in_commit = rng.random() < commit_share
            if in_commit and wait_in_commit(lock, worker, 60):
                time.sleep(rng.uniform(0, 0.03))
                report.kills_in_commit += 1
                moment = "inside the index commit"
            else:
                delay = rng.uniform(0, max_delay)
                time.sleep(delay)
                moment = f"{delay:.2f} s after queueing"
            kill_group(worker)
            report.kills += 1
            worker = start_worker(data, log)
            settled = settle(catalog, ids)
            problems = [] if settled else ["not settled in time (a document unfinished or unindexed)"]
            problems += check_invariants(catalog, len(ids))
            code, output = archive_check(data)
            if code == 0:
                report.checks_passed += 1
            else:
                problems.append(f"archive check exit {code}: {output[-300:]}")
            echo(f"trial {trial + 1}/{trials}: killed {moment}; "
                 + ("ok" if not problems else "; ".join(problems)))
            report.problems += [f"trial {trial + 1}: {p}" for p in problems]
    finally:
        kill_group(worker)
        report.seconds = round(time.monotonic() - started, 1)
        with catalog.db.session() as s:
            rows = s.execute(select(Document.state, Document.error)).all()
        catalog.db.dispose()
    report.documents = len(rows)
    report.done = sum(1 for st, _ in rows if st == "done")
    report.failed = sum(1 for st, _ in rows if st == "failed")
    report.failures = sorted({err for st, err in rows if st == "failed" and err})
    return report
