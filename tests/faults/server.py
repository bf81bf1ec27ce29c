"""A real ``archive serve`` (waitress, supervised worker) on a free port, for the fault trials."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from archive_service.catalog import Catalog
from archive_service.config import Config
from archive_service.users import Users
from archive_service.web.commands import first_admin

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-quan-tri"


@dataclass
class Server:
    """A running server: its process, base URL, an administrator's API token and its log."""

    process: subprocess.Popen
    base: str
    token: str
    log: Path

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, bytes]:
        """One authenticated request: status and body (errors included)."""
        req = urllib.request.Request(self.base + path, data=body, method=method, headers={
            "Authorization": f"Bearer {self.token}", **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def upload(self, name: str, data: bytes, timeout: float = 120) -> tuple[int, dict]:
        """POST /api/v1/documents: status and JSON answer."""
        boundary = "----archive-fault-trial"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
        body += data + f"\r\n--{boundary}--\r\n".encode()
        status, answer = self.request("POST", "/api/v1/documents", body, {
            "Content-Type": f"multipart/form-data; boundary={boundary}"}, timeout)
        try:
            return status, json.loads(answer)
        except ValueError:
            return status, {"raw": answer[:500].decode("utf-8", "replace")}

    def document(self, doc_id: int) -> dict:
        status, answer = self.request("GET", f"/api/v1/documents/{doc_id}")
        assert status == 200, (status, answer[:300])
        return json.loads(answer)

    def pid_rss_kb(self) -> int:
        """The web process's peak resident memory (VmHWM), in KB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str):
    """Poll ``check`` until it answers something true; AssertionError after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def open_server(work: Path, data: Path | None = None, *, workers: int = 1,
                env: dict[str, str] | None = None) -> Iterator[Server]:
    """``archive serve`` over ``data`` (default ``work/data``), stopped (SIGTERM, then its
    process group killed) on exit."""
    data = data or work / "data"
    config = Config(env={"ARCHIVE_DATA_DIR": str(data), "ARCHIVE_ADMIN_PASSWORD": PASSWORD})
    catalog = Catalog(config)
    first_admin(catalog, config)
    token = Users(catalog).create_token("admin")
    catalog.db.dispose()
    port = free_port()
    log = work / f"serve-{port}.log"
    full_env = dict(os.environ, ARCHIVE_DATA_DIR=str(data), ARCHIVE_ADMIN_PASSWORD=PASSWORD,
                    ARCHIVE_LOG_LEVEL="INFO", **(env or {}))
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "archive_service.cli", "serve",
                                    "--port", str(port), "--workers", str(workers)],
                                   env=full_env, stdout=out, stderr=out, cwd=ROOT,
                                   start_new_session=True)
    server = Server(process, f"http://127.0.0.1:{port}", token, log)
    try:
        wait_for(lambda: "Kho lưu trữ đang chạy" in log.read_text() or process.poll() is not None,
                 90, "the server")
        assert process.poll() is None, log.read_text()[-2000:]
        yield server
    finally:
        stop_server(process)


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM, then kill the process group when it does not stop in 90 s; workers included."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(90)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
