"""Throw-away servers for the tests: real PostgreSQL and Redis (Debian's packages) on loopback,
on a free port, in a temporary folder, stopped at the end. No mocks.

``RedisServer``: Debian's ``redis-server`` (installed by ``make test-system``), no persistence.
Tests that need it skip with the reason when it is missing.

``PostgresServer``: Throw-away database servers for the tests: a real PostgreSQL cluster on loopback.

``PostgresServer().start()`` runs Debian's ``initdb`` and ``pg_ctl`` (from
/usr/lib/postgresql/<version>/bin) in a fresh temporary directory, as an unprivileged system
user when the tests run as root (PostgreSQL refuses to run as root), on a free port with its
unix socket in the same directory; ``stop()`` stops it and removes everything. Connections use
a random password (scram-sha-256), so other local users cannot reach it.

    server = PostgresServer().start()
    url = server.create_database()      # postgresql+psycopg://… of a new, empty database
    …
    server.stop()

Other hosts (network namespaces) can be let in with ``listen`` and ``allow``::

    PostgresServer(listen=("127.0.0.1", "10.23.0.1"), allow=("10.23.0.0/24",)).start()

``archive_serve``: the product's own ``archive serve`` on a free port of loopback, as the
web and browser tests start it.
"""

from __future__ import annotations

import glob
import itertools
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

SERVICE_USER = "archivetest"  # the system user the cluster runs as when the tests run as root
SUPERUSER = "archive"
_counter = itertools.count(1)


def postgres_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL server binaries (initdb, pg_ctl), or None."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")
             if (Path(p).parent / "pg_ctl").exists()]
    return max(found, key=lambda p: int(p.parent.name), default=None) if found else None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _service_user() -> str:
    """An unprivileged system user to run PostgreSQL as (created once if missing)."""
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        done = subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir",
                               "/nonexistent", "--shell", "/usr/sbin/nologin", SERVICE_USER],
                              capture_output=True, text=True)
        if done.returncode not in (0, 9):  # 9: created meanwhile by another process
            return "nobody"
    return SERVICE_USER


class PostgresServer:
    """One PostgreSQL cluster for the tests: start(), url, create_database(), stop()."""

    def __init__(self, *, listen: Sequence[str] = ("127.0.0.1",),
                 allow: Sequence[str] = ("127.0.0.1/32",), port: int | None = None):
        self.listen = tuple(listen)
        self.allow = tuple(allow)
        self.port = port
        self.password = secrets.token_hex(16)
        self.root: Path | None = None
        self.bin = postgres_bin_dir()
        self._user: str | None = None

    @staticmethod
    def unavailable() -> str | None:
        """Why no server can be started here, or None."""
        if postgres_bin_dir() is None:
            return ("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
                    "(Debian package postgresql; `make test` installs it)")
        return None

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> PostgresServer:
        if self.bin is None:
            raise RuntimeError(self.unavailable())
        self.root = Path(tempfile.mkdtemp(prefix="archive-pg-"))
        self._user = _service_user() if os.geteuid() == 0 else None
        if self._user:
            entry = pwd.getpwnam(self._user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        os.chmod(self.root, 0o700)
        pwfile = self.root / "pwfile"
        self._write(pwfile, self.password + "\n")
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--pwfile", str(pwfile),
                  "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        pwfile.unlink()
        self._configure()
        for _attempt in range(5):  # a free port can be taken between choosing and binding
            self.port = self.port or free_port(self.listen[0])
            done = self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data),
                             "-l", str(self.root / "server.log"),
                             "-o", f"-p {self.port}", check=False)
            if done.returncode == 0:
                return self
            self.port = None
        raise RuntimeError(f"PostgreSQL did not start:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server (fast shutdown: open connections are closed) and remove its files."""
        if self.root is None:
            return
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-w", "-t", "60", "-m", "fast", "-D", str(self.data),
                      check=False)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    # --- addresses and databases --------------------------------------------------------

    @property
    def data(self) -> Path:
        assert self.root is not None, "server not started"
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        assert self.root is not None, "server not started"
        return self.root / "socket"

    def url_for(self, database: str = "postgres", *, host: str | None = None) -> str:
        """A SQLAlchemy URL (psycopg 3) for ``database``, over TCP to ``host``."""
        return (f"postgresql+psycopg://{SUPERUSER}:{self.password}@{host or self.listen[0]}:"
                f"{self.port}/{database}")

    @property
    def url(self) -> str:
        """The URL of the maintenance database ``postgres``."""
        return self.url_for("postgres")

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new database, empty or a copy of ``template`` (which nobody may be connected
        to); returns its URL."""
        name = name or f"t{os.getpid()}_{next(_counter)}"
        copy = f' TEMPLATE "{template}"' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def execute(self, sql: str) -> None:
        """Run one statement in the maintenance database, outside a transaction."""
        import psycopg

        with psycopg.connect(host=self.listen[0], port=self.port, user=SUPERUSER,
                             password=self.password, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)

    def log(self) -> str:
        path = self.root / "server.log" if self.root else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    # --- helpers ------------------------------------------------------------------------

    def _configure(self) -> None:
        self._mkdir(self.socket_dir)
        conf = {
            "listen_addresses": f"'{','.join(self.listen)}'",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "max_connections": "300",
            "shared_buffers": "32MB",
            # a throw-away cluster: durability is not needed, speed is
            "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
            "timezone": "'UTC'", "log_min_messages": "warning",
        }
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as out:
            out.writelines(f"{key} = {value}\n" for key, value in conf.items())
        hba = ["local all all scram-sha-256"]
        hba += [f"host all all {net} scram-sha-256" for net in self.allow]
        self._write(self.data / "pg_hba.conf", "\n".join(hba) + "\n")

    def _write(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        self._own(path)

    def _mkdir(self, path: Path) -> None:
        path.mkdir(mode=0o700)
        self._own(path)

    def _own(self, path: Path) -> None:
        if self._user:
            entry = pwd.getpwnam(self._user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / program), *args]
        if self._user:
            command = ["runuser", "-u", self._user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                              cwd=self.root, stdin=subprocess.DEVNULL)
        if check and done.returncode:
            raise RuntimeError(f"{program} failed ({done.returncode}):\n{done.stdout}\n"
                               f"{done.stderr}")
        return done


REDIS_SERVER = shutil.which("redis-server") or next(
    (p for p in ("/usr/bin/redis-server",) if Path(p).exists()), None)
needs_redis = pytest.mark.skipif(REDIS_SERVER is None,
                                 reason="redis-server is not installed (apt-get install redis-server)")


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


def api_upload(base: str, token: str, path: Path, *, timeout: float = 120) -> dict:
    """``POST /api/v1/documents`` of one file (multipart, bearer token) to a running archive;
    its JSON answer (``{"id", "status", "duplicate"}``)."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{path.name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(f"{base}/api/v1/documents", data=body, method="POST", headers={
        "Authorization": f"Bearer {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return json.load(response)


@contextmanager
def archive_serve(env: dict, log: Path, *args: str,
                  ready_within: float = 60) -> Iterator[tuple[subprocess.Popen, str]]:
    """``archive serve ARGS`` on a free port of loopback in its own process group, logging to
    ``log``: (the process, its base URL) once ``/login`` answers; stopped with SIGTERM on
    leaving (the whole group killed when it has not stopped within 90 s)."""
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "archive_service.cli", "serve", "--host",
                                 "127.0.0.1", "--port", str(port), *args], env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_within
        while True:
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except OSError:
                assert proc.poll() is None, f"archive serve stopped:\n{log.read_text()}"
                assert time.monotonic() < deadline, f"archive serve not up:\n{log.read_text()}"
                time.sleep(0.2)
        yield proc, base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(90)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
