"""The worker supervisor of `archive serve` (issue 12.5), on real child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from archive_service.supervisor import WorkerSupervisor


def child(code: str):
    return lambda: subprocess.Popen([sys.executable, "-c", code], start_new_session=True)


def wait_for(check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_killed_worker_is_restarted_and_reported(caplog) -> None:
    sup = WorkerSupervisor(child("import time; time.sleep(60)"), interval=0.1)
    sup.start()
    try:
        first = sup.state()["pid"]
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: sup.state()["alive"] and sup.state()["pid"] != first, 10)
        state = sup.state()
        assert state["restarts"] == 1 and state["last_exit"]["signal"] == 9
        assert f"worker (pid {first}) died (signal 9)" in caplog.text
    finally:
        sup.stop()
    assert not sup.state()["alive"]


def test_a_worker_that_keeps_dying_is_restarted_with_a_growing_delay() -> None:
    sup = WorkerSupervisor(child("import sys; sys.exit(3)"), interval=0.1)
    sup.start()
    try:
        time.sleep(4)
        state = sup.state()
    finally:
        sup.stop()
    assert state["last_exit"]["code"] == 3
    assert 1 <= state["restarts"] <= 3  # waits 2 s, then 4 s: no busy loop
