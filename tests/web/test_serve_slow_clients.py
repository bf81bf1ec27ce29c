"""One slow client must not starve ``archive serve`` (issue 12.4): a real server on a real port,
150 connections that send half a request header and trickle a byte now and then, and normal
requests that must still be answered; a silent connection is closed after its timeout."""

from __future__ import annotations

import os
import socket
import time
import urllib.request
from contextlib import ExitStack

import pytest

from tests.servers import archive_serve

SLOW_CLIENTS = 150


@pytest.fixture
def server(tmp_path):
    """``archive serve --no-worker`` with a short channel timeout, until the test ends."""
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path / "data"), "ARCHIVE_LOG_LEVEL": "WARNING",
           "ARCHIVE_ADMIN_PASSWORD": "mat-khau-quan-tri", "ARCHIVE_CHANNEL_TIMEOUT": "4"}
    with archive_serve(env, tmp_path / "serve.log", "--no-worker", ready_within=30) as (_, base):
        yield base, int(base.rsplit(":", 1)[1])


def slow_client(stack: ExitStack, port: int) -> socket.socket:
    sock = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
    sock.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    return sock


def answered(base: str) -> float:
    """Seconds a normal request took (it must be answered at all)."""
    start = time.monotonic()
    with urllib.request.urlopen(base + "/login", timeout=5) as response:
        assert response.status == 200
    return time.monotonic() - start


def test_slow_clients_do_not_starve_normal_requests(server):
    base, port = server
    with ExitStack() as stack:
        slow = [slow_client(stack, port) for _ in range(SLOW_CLIENTS)]
        for _ in range(3):  # they keep trickling, so no inactivity timeout saves us
            for sock in slow:
                sock.sendall(b"a")
            assert answered(base) < 3
            time.sleep(1)


def test_a_silent_connection_is_closed_after_the_channel_timeout(server):
    _base, port = server
    with ExitStack() as stack:
        sock = slow_client(stack, port)
        sock.settimeout(15)
        start = time.monotonic()
        assert sock.recv(1024) == b""  # closed by the server
        assert 3 < time.monotonic() - start < 12
