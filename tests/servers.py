"""Throw-away database and queue servers for the tests: real servers (Debian's packages), on a
free port, in a temporary folder, without persistence, stopped at the end. No mocks.

``RedisServer``: Debian's ``redis-server`` (installed by ``make test-system``). Tests that need
it skip with the reason when it is missing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server") or next(
    (p for p in ("/usr/bin/redis-server",) if Path(p).exists()), None)
needs_redis = pytest.mark.skipif(REDIS_SERVER is None,
                                 reason="redis-server is not installed (apt-get install redis-server)")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server on loopback (and ``extra_binds``, e.g. a test bridge's address), no
    persistence (no RDB snapshots, no AOF), its files in ``folder``.

    Use as a context manager, or ``start()``/``stop()``; ``url`` is ``redis://host:port/0``.
    """

    def __init__(self, folder: Path, *, port: int | None = None,
                 extra_binds: tuple[str, ...] = ()) -> None:
        self.folder = Path(folder)
        self.port = port or free_port()
        self.binds = ("127.0.0.1", *extra_binds)
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return self.url_for("127.0.0.1")

    def url_for(self, host: str) -> str:
        """The URL a client reaching the server at ``host`` uses."""
        return f"redis://{host}:{self.port}/0"

    def start(self) -> RedisServer:
        if REDIS_SERVER is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.folder.mkdir(parents=True, exist_ok=True)
        args = [REDIS_SERVER, "--port", str(self.port), "--bind", *self.binds,
                "--dir", str(self.folder), "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", str(self.folder / "redis.log"),
                # no password on a loopback and a private test bridge only
                "--protected-mode", "no" if len(self.binds) > 1 else "yes"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 20.0) -> None:
        import redis

        deadline = time.monotonic() + timeout
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                log = (self.folder / "redis.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"redis-server exited ({self.proc.returncode}): {log}")
            try:
                if client.ping():
                    client.close()
                    return
            except redis.RedisError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("redis-server did not answer in time")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@pytest.fixture
def redis_server(tmp_path: Path):
    """A fresh redis-server for one test."""
    with RedisServer(tmp_path / "redis") as server:
        yield server
