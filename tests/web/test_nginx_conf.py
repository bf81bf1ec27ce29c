"""The shipped reverse-proxy set-up (deploy/nginx/archive.conf, issue 12.4): its limits agree with
the app's, ``nginx -t`` accepts it, and in front of a real ``archive serve`` it answers normal
requests while 150 clients trickle half a header, and cuts those clients off."""

from __future__ import annotations

import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from archive_service.config import SETTINGS, Config
from archive_service.web.commands import serve
from tests.conftest import ROOT
from tests.servers import free_port
from tests.web.test_serve_slow_clients import SLOW_CLIENTS, server  # noqa: F401

CONF = ROOT / "deploy" / "nginx" / "archive.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx-light)")


def directive(name: str) -> str:
    return re.search(rf"^\s*{name}\s+([^;]+);", CONF.read_text(), re.M).group(1).strip()


def test_limits_agree_with_the_app():
    config = Config(env={})
    body_mb = int(directive("client_max_body_size").removesuffix("m"))
    assert body_mb * 1024 * 1024 == config.max_upload_bytes + 1024 * 1024  # the app's MAX_CONTENT_LENGTH
    assert int(directive("client_header_timeout").removesuffix("s")) <= config.get("channel_timeout")
    assert int(directive("client_body_timeout").removesuffix("s")) <= config.get("channel_timeout")
    port = next(p.default for p in serve.params if p.name == "port")
    assert directive("server").split()[0] == f"127.0.0.1:{port}"
    assert "X-Forwarded-For $remote_addr" in CONF.read_text()  # one trusted hop, not spoofable
    assert {"ARCHIVE_TRUSTED_PROXIES", "ARCHIVE_HTTPS"} <= {s.name for s in SETTINGS}


def local_conf(tmp: Path, upstream: int, http_port: int, https_port: int) -> Path:
    """The shipped file, run unprivileged: local ports, a throw-away certificate, temp dirs."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(tmp / "key.pem"),
                    "-out", str(tmp / "cert.pem")], check=True, capture_output=True)
    text = CONF.read_text()
    text = re.sub(r"^\s*listen \[::\].*\n", "", text, flags=re.M)
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = text.replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
    text = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {tmp / 'cert.pem'};", text)
    text = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {tmp / 'key.pem'};", text)
    (tmp / "archive.conf").write_text(text)
    temp = "\n".join(f"  {kind}_temp_path {tmp / kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = tmp / "nginx.conf"
    main.write_text(f"daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\n"
                    f"error_log {tmp / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
                    f"http {{\n  access_log off;\n{temp}\n  include {tmp / 'archive.conf'};\n}}\n")
    return main


@needs_nginx
def test_nginx_accepts_the_file(tmp_path):
    main = local_conf(tmp_path, 8000, free_port(), free_port())
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(main)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def tls_client(stack: ExitStack, port: int) -> ssl.SSLSocket:
    context = ssl._create_unverified_context()
    raw = socket.create_connection(("127.0.0.1", port), timeout=15)
    sock = stack.enter_context(context.wrap_socket(raw, server_hostname="127.0.0.1"))
    sock.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    return sock


def closed(sock: ssl.SSLSocket) -> bool:
    """Wait until the server closes ``sock`` (a 408, a reset or a plain close); a socket still
    open when its own timeout passes raises TimeoutError."""
    try:
        while data := sock.recv(4096):
            if b" 408 " in data:
                return True
    except (ConnectionResetError, ssl.SSLError):
        pass
    return True


@needs_nginx
def test_behind_nginx_slow_clients_are_cut_off_and_others_answered(server, tmp_path):  # noqa: F811
    _base, upstream = server
    https_port = free_port()
    main = local_conf(tmp_path, upstream, free_port(), https_port)
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(main)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"https://127.0.0.1:{https_port}/login"
    context = ssl._create_unverified_context()
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(url, timeout=2, context=context)
                break
            except OSError:
                time.sleep(0.1)
        with ExitStack() as stack:
            opened = time.monotonic()
            slow = [tls_client(stack, https_port) for _ in range(SLOW_CLIENTS)]
            for _ in range(3):
                for sock in slow:
                    sock.sendall(b"a")
                with urllib.request.urlopen(url, timeout=5, context=context) as response:
                    assert response.status == 200
                time.sleep(1)
            for sock in slow:  # client_header_timeout: the whole header in 10 s, trickle or not
                sock.sendall(b"a")
            assert closed(slow[0]) and closed(slow[-1])  # the last opened: 10 s after it was
            assert 9 < time.monotonic() - opened < 18
    finally:
        proc.terminate()
        proc.wait(10)


def web_node(data: Path, port: int, log: Path) -> subprocess.Popen:
    """A real `archive web` node on ``port`` (the settings every node shares)."""
    from tests.core.test_scale_roles import run_role

    return run_role(["web", "--host", "127.0.0.1", "--port", str(port), "--threads", "2"],
                    {"ARCHIVE_DATA_DIR": str(data), "ARCHIVE_SECRET_KEY": "one key, every node",
                     "ARCHIVE_INDEXER": "1"}, log)


@needs_nginx
def test_two_web_nodes_behind_nginx_one_of_them_down(tmp_path):
    """The shipped file with two `archive web` nodes in its upstream: both answer through
    nginx, and when one is killed the other answers every request (issue 15)."""
    from archive_service.catalog import Catalog
    from tests.core.test_scale_roles import stop

    data = tmp_path / "data"
    Catalog(Config(env={"ARCHIVE_DATA_DIR": str(data)})).db.dispose()  # migrated once
    ports = [free_port(), free_port()]
    nodes = [web_node(data, port, tmp_path / f"web{i}.log") for i, port in enumerate(ports)]
    https_port = free_port()
    main = local_conf(tmp_path, ports[0], free_port(), https_port)
    conf = tmp_path / "archive.conf"
    first = f"server 127.0.0.1:{ports[0]} max_fails=2 fail_timeout=10s;"
    assert first in conf.read_text()
    conf.write_text(conf.read_text().replace(
        first, first + f"\n    server 127.0.0.1:{ports[1]} max_fails=2 fail_timeout=10s;"))
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(main)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl._create_unverified_context()

    def get(url: str) -> int:
        with urllib.request.urlopen(url, timeout=10, context=context) as response:
            return response.status

    try:
        for port in ports:  # each node up on its own
            deadline = time.monotonic() + 60
            while True:
                try:
                    assert get(f"http://127.0.0.1:{port}/login") == 200
                    break
                except OSError:
                    assert time.monotonic() < deadline, "a web node did not start"
                    time.sleep(0.2)
        url = f"https://127.0.0.1:{https_port}/login"
        deadline = time.monotonic() + 20
        while True:
            try:
                get(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        assert [get(url) for _ in range(6)] == [200] * 6
        nodes[0].kill()  # a node's host goes down
        nodes[0].wait()
        assert [get(url) for _ in range(6)] == [200] * 6  # the other one answers everything
    finally:
        proc.terminate()
        proc.wait(10)
        for node in nodes:
            stop(node)
