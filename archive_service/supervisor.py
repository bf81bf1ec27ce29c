"""Keeps the worker (`archive worker`, a child process of `archive serve`) running.

A worker that dies (kill -9, out of memory, a crash) is noticed within a second, logged, its
whole process group killed (no orphaned worker process goes on holding documents) and started
again; documents it left ``processing`` are queued again by the new worker as it starts. The
state (alive, pid, restarts, last exit) is shown on the status page.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

log = logging.getLogger("archive.supervisor")

CHECK_INTERVAL = 1.0  # seconds between two looks at the worker
STOP_TIMEOUT = 60  # seconds given to the worker to finish the page it is on
STABLE_AFTER = 60.0  # a worker that ran this long before dying is restarted at once
MAX_BACKOFF = 60.0  # longest wait before restarting a worker that keeps dying


def start_worker(workers: int | None = None) -> subprocess.Popen:
    """``archive worker`` as a child process in its own session (OCR never runs in the web
    process)."""
    # SIGINT (the graceful stop) is handled even when serve was started with it ignored (a
    # background job of a script): a stop asked for during start-up is then not lost
    code = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
            "from archive_service.cli import main; main(sys.argv[1:], prog_name='archive')")
    args = [sys.executable, "-c", code, "worker"]
    if workers:
        args += ["--workers", str(workers)]
    return subprocess.Popen(args, start_new_session=True)


def stop_worker(child: subprocess.Popen) -> None:
    """Ask the worker to finish the task at hand and exit; kill its group when it does not."""
    if child.poll() is None:
        child.send_signal(signal.SIGINT)  # Huey's consumer finishes the task at hand and exits
        try:
            child.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            log.warning("worker did not stop in %d s: killing it", STOP_TIMEOUT)
    _kill_group(child)


def _kill_group(child: subprocess.Popen) -> None:
    """Kill what is left of the worker's process group (its pool processes)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


class WorkerSupervisor:
    """Starts the worker, restarts it whenever it dies, and reports its state."""

    def __init__(self, start: Callable[[], subprocess.Popen] = start_worker,
                 interval: float = CHECK_INTERVAL) -> None:
        self._start = start
        self._interval = interval
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._child: subprocess.Popen | None = None
        self._started_at = 0.0
        self.restarts = 0
        self.last_exit: dict[str, Any] | None = None  # {"code", "signal", "at"} of the last death
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def start(self) -> None:
        """Start the worker and watch it."""
        self._spawn()
        self._thread.start()

    def stop(self) -> None:
        """Stop watching, then stop the worker."""
        self._stop.set()
        self._thread.join(self._interval * 2 + 1)
        with self._lock:
            if self._child is not None:
                stop_worker(self._child)

    def state(self) -> dict[str, Any]:
        """``alive``, ``pid``, ``restarts`` and ``last_exit`` (None while it never died)."""
        with self._lock:
            child = self._child
            alive = child is not None and child.poll() is None
            return {"alive": alive, "pid": child.pid if child else None,
                    "restarts": self.restarts, "last_exit": self.last_exit}

    def _spawn(self) -> None:
        with self._lock:
            self._child = self._start()
            self._started_at = time.monotonic()
        log.info("worker started (pid %d)", self._child.pid)

    def _watch(self) -> None:
        backoff = 1.0
        while not self._stop.wait(self._interval):
            child = self._child
            if child is None or child.poll() is None:
                continue
            ran = time.monotonic() - self._started_at
            self._record_exit(child)
            backoff = 1.0 if ran >= STABLE_AFTER else min(MAX_BACKOFF, backoff * 2)
            delay = 0.0 if ran >= STABLE_AFTER else backoff
            if self._stop.wait(delay):
                return
            self._spawn()

    def _record_exit(self, child: subprocess.Popen) -> None:
        code = child.returncode
        _kill_group(child)
        with self._lock:
            self.restarts += 1
            self.last_exit = {"code": code if code >= 0 else None,
                              "signal": -code if code < 0 else None, "at": datetime.now()}
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        log.error("worker (pid %d) died (%s): restarting it (restart %d)",
                  child.pid, how, self.restarts)
