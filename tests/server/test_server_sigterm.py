"""SIGTERM ends a real ``fastresp run`` promptly, whatever hostile connections are open."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import pytest
from test_server_cli import APP, Process, free_port

#: Seconds a server with only idle or broken connections may take to exit after SIGTERM.
PROMPT_EXIT = 5.0


@pytest.fixture
def hello_dir(tmp_path):
    """A directory with the CLI tests' ``hello:app``."""
    (tmp_path / "hello.py").write_text(APP)
    return tmp_path


def test_sigterm_exits_promptly_with_a_bogus_version_and_a_half_sent_request_open(hello_dir):
    port = free_port()
    server = Process([sys.executable, "-m", "fastresp", "run", "hello:app", "--port", str(port)], hello_dir, port)
    clients = []
    try:
        bogus = socket.create_connection(("127.0.0.1", port), timeout=5)
        clients.append(bogus)
        bogus.sendall(b"GET / HTTP/2.0\r\nHost: x\r\n\r\n")  # a version no HTTP/1 server answers 200 to
        half = socket.create_connection(("127.0.0.1", port), timeout=5)
        clients.append(half)
        half.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part")
        time.sleep(0.5)  # both requests reach the server before the signal
        assert server.proc.poll() is None
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        try:
            server.proc.wait(PROMPT_EXIT)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"fastresp run still running {PROMPT_EXIT}s after SIGTERM") from None
        assert time.monotonic() - started < PROMPT_EXIT
    finally:
        for client in clients:
            client.close()
        output = server.stop()
    assert "Finished server process" in output, output
