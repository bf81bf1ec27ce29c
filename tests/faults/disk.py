"""A full data directory during uploads and processing (issue 12, fault trials).

The data directory is a small tmpfs (``mount -t tmpfs``, root only) under a real ``archive
serve``. One document is processed first; then the disk is filled (a ballast file) and two new
files are uploaded (each must be refused with a clear message, nothing stored); two more are
uploaded with room for their originals only and the disk is filled while the worker reads
them; then the ballast is removed and, without restarting anything, the refused files are
uploaded again: every document must end ``done``, the index must match the catalog, ``archive
check`` must pass and nothing half-written may remain (temporary files, originals without a
document). Used by tests/faults/test_disk.py and bench/faults.py.
"""

from __future__ import annotations

import contextlib
import errno
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive_service.catalog import Catalog
from archive_service.config import Config
from tests.faults.kill import archive_check, check_invariants, make_inputs
from tests.faults.server import open_server, wait_for

TMPFS_MB = 48
SETTLE_TIMEOUT = 300.0


class MountError(RuntimeError):
    """The tmpfs could not be mounted (not root, no mount namespace rights)."""


@dataclass
class DiskReport:
    """What the uploads answered while the disk was full and how every document ended."""

    refused_full: list[str] = field(default_factory=list)  # "status message" of each
    processing_full: list[str] = field(default_factory=list)  # states seen while full
    final_states: dict[int, str] = field(default_factory=dict)
    leftovers: list[str] = field(default_factory=list)
    check: tuple[int, str] = (0, "")
    serve_restarted: bool = False
    problems: list[str] = field(default_factory=list)


@contextlib.contextmanager
def open_tmpfs(path: Path, size_mb: int) -> Iterator[Path]:
    """A tmpfs of ``size_mb`` mounted on ``path``, unmounted on exit."""
    path.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(path)],
                         capture_output=True, text=True)
    if run.returncode:
        raise MountError(run.stderr.strip() or f"mount exit {run.returncode}")
    try:
        yield path
    finally:
        for _ in range(120):  # the server's worker may take a while to stop
            if subprocess.run(["umount", str(path)], capture_output=True).returncode == 0:
                break
            time.sleep(0.5)
        else:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(path: Path) -> Path:
    """Fill the file system of ``path`` with a ballast file until ENOSPC."""
    ballast = path / "ballast"
    with open(ballast, "ab", buffering=0) as out:
        block = b"\0" * (1 << 20)
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    out.write(block[:size])
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    return ballast


def _states(data: Path, ids: list[int]) -> dict[int, str]:
    """The documents' states, read from the catalog (the API audits each view, a write)."""
    catalog = Catalog(Config(env={"ARCHIVE_DATA_DIR": str(data)}), migrate=False)
    try:
        return {i: catalog.get(i).state for i in ids}
    finally:
        catalog.db.dispose()


def run_disk_trial(work: Path, *, echo: Callable[[str], None] = lambda _: None) -> DiskReport:
    """The trial described in the module's docstring; raises MountError without a tmpfs."""
    report = DiskReport()
    data = work / "data"
    inputs = make_inputs(work / "in", 900, 5)
    with open_tmpfs(data, TMPFS_MB), open_server(work, data) as server:
        pid = server.process.pid
        status, first = server.upload(inputs[0].name, inputs[0].read_bytes())
        assert status == 202, first
        ids = [first["id"]]
        wait_for(lambda: _states(data, ids)[ids[0]] == "done", SETTLE_TIMEOUT, "the first document")

        ballast = fill(data)  # full: uploads must be refused, nothing stored
        for path in inputs[1:3]:
            status, answer = server.upload(path.name, path.read_bytes())
            report.refused_full.append(f"{status} {answer.get('error') or answer}")
            echo(f"upload on a full disk: {status} {answer}")
            if status == 202:
                ids.append(answer["id"])
                report.problems.append(f"{path.name} accepted on a full disk")
            elif status != 507 or not answer.get("error"):
                report.problems.append(f"{path.name}: unclear answer {status} {answer}")
        ballast.unlink()

        for path in inputs[3:5]:  # room for the originals, then full while processing
            status, answer = server.upload(path.name, path.read_bytes())
            assert status == 202, answer
            ids.append(answer["id"])
        # taken: processing, or (a small PDF takes well under a second) already past it, which
        # a poll on a loaded machine may see first
        wait_for(lambda: set(_states(data, ids[-2:]).values()) - {"queued"}, SETTLE_TIMEOUT,
                 "the worker to take a document")
        ballast = fill(data)
        time.sleep(15)
        report.processing_full = [f"{i}: {s}" for i, s in _states(data, ids[-2:]).items()]
        echo(f"while full: {report.processing_full}")
        ballast.unlink()  # space returns; nothing is restarted

        for path in inputs[1:3]:
            status, answer = server.upload(path.name, path.read_bytes())
            if status != 202:
                report.problems.append(f"{path.name} refused after space returned: {status} {answer}")
            else:
                ids.append(answer["id"])
        with contextlib.suppress(AssertionError):
            wait_for(lambda: all(s == "done" for s in _states(data, ids).values()),
                     SETTLE_TIMEOUT, "every document done")
        report.final_states = _states(data, ids)
        echo(f"after space returned: {report.final_states}")
        report.problems += [f"document {i} ended {s}" for i, s in report.final_states.items()
                            if s != "done"]
        report.serve_restarted = server.process.poll() is not None or server.process.pid != pid
        catalog = Catalog(Config(env={"ARCHIVE_DATA_DIR": str(data)}), migrate=False)
        try:
            report.problems += check_invariants(catalog, len(set(ids)))
        finally:
            catalog.db.dispose()
        report.leftovers = sorted(str(p.relative_to(data)) for p in (data / "tmp").rglob("*")
                                  if p.is_file()) if (data / "tmp").exists() else []
        report.problems += [f"left behind: {p}" for p in report.leftovers]
        report.check = archive_check(data)
        if report.check[0] != 0:
            report.problems.append(f"archive check exit {report.check[0]}: {report.check[1][-300:]}")
        tracebacks = server.log.read_text(errors="replace").count("Traceback (most recent")
        echo(f"tracebacks in the server's log: {tracebacks}")
    return report
