"""``fastresp run``, ``fastresp demo``, ``--workers`` and the gunicorn worker, as real processes."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from server_support import Client, fetch, request

from fastresp.server.cli import build_parser, uvicorn_kwargs

REPO = Path(__file__).resolve().parents[2]

APP = '''
import os

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    body = ("pid=%d root=%s" % (os.getpid(), scope["root_path"])).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A server started as a subprocess; stopped (by its own pid) when the test ends."""

    def __init__(self, args: list[str], cwd: Path, port: int, timeout: float = 20.0) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(cwd)]))
        self.proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"server did not start: {self.output}")
                time.sleep(0.1)

    def stop(self) -> str:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: the server and its workers
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.output = self.proc.stdout.read().decode(errors="replace")
        self.proc.stdout.close()
        return self.output

    output = ""


@pytest.fixture
def app_dir(tmp_path):
    (tmp_path / "hello.py").write_text(APP)
    return tmp_path


def test_parser_maps_options_to_uvicorn():
    args = build_parser().parse_args(
        ["run", "m:app", "--port", "9000", "--workers", "3", "--root-path", "/api", "--no-proxy-headers",
         "--header", "X-A: b", "--no-server-header", "--limit-concurrency", "10", "--timeout-keep-alive", "2"]
    )
    kwargs = uvicorn_kwargs(args)
    assert kwargs["http"] == "fastresp.server:HttpProtocol"
    assert kwargs["loop"] == "uvloop"
    assert (kwargs["port"], kwargs["workers"], kwargs["root_path"]) == (9000, 3, "/api")
    assert kwargs["proxy_headers"] is False and kwargs["server_header"] is False
    assert kwargs["headers"] == [["X-A", "b"]] and kwargs["limit_concurrency"] == 10


def test_fastresp_run_serves_with_the_protocol(app_dir):
    port = free_port()
    server = Process([sys.executable, "-m", "fastresp", "run", "hello:app", "--port", str(port),
                      "--root-path", "/api", "--header", "X-Served-By: fastresp"], app_dir, port)
    try:
        response = fetch(server.url, request())[0]
        assert response.body.startswith(b"pid=") and response.body.endswith(b"root=/api")
        assert response.header(b"x-served-by") == b"fastresp"
    finally:
        output = server.stop()
    assert "Uvicorn running on http://127.0.0.1" in output
    assert '"GET /api/ HTTP/1.1" 200' in output


def test_fastresp_run_with_workers(app_dir):
    port = free_port()
    server = Process([sys.executable, "-m", "fastresp", "run", "hello:app", "--port", str(port),
                      "--workers", "2", "--no-access-log"], app_dir, port, timeout=30)
    try:
        pids = set()
        deadline = time.monotonic() + 20
        while len(pids) < 2 and time.monotonic() < deadline:
            pids.add(fetch(server.url, request())[0].body.split()[0])
        assert len(pids) == 2
    finally:
        output = server.stop()
    assert output.count("Started server process") >= 2


def test_fastresp_demo_lists_and_serves_every_endpoint(tmp_path):
    """``fastresp demo`` serves the seed examples with a front page linking every GET route."""
    from fastresp.examples.ktor_responses import app

    expected = [route.path for route in app.router.routes if "GET" in route.methods and route.path != "/"]
    port = free_port()
    server = Process([sys.executable, "-m", "fastresp", "demo", "--port", str(port)], tmp_path, port)
    try:
        client = Client(server.url)
        client.send(request())
        index = client.response()
        assert index.status == 200 and index.header(b"content-type").startswith(b"text/html")
        links = [link.decode() for link in re.findall(rb'href="([^"]+)"', index.body)]
        assert links == expected
        for link in links:
            client.send(request("GET", link))
            response = client.response()
            if link == "/status/custom":
                # fastresp's protocol advertises fastresp.reason_phrase, so the seed's
                # HttpStatusCode(418, "I'm a tea pot") reaches the wire as written.
                assert (response.status, response.reason) == (418, b"I'm a tea pot")
            else:
                # Header-only examples answer 404 by Ktor's rule (a handler that sets no
                # status and sends nothing); none may fail.
                assert response.status < 500, link
    finally:
        server.stop()


def test_raw_demo_lists_and_serves_every_endpoint():
    """The raw ASGI demo (served when the examples are not installed) answers every link it lists."""
    from support import serve

    from fastresp.server import HttpProtocol
    from fastresp.server.demo import ENDPOINTS, app

    with serve(app, http=HttpProtocol) as url:
        client = Client(url)
        client.send(request())
        links = re.findall(rb'href="([^"]+)"', client.response().body)
        assert [link.decode() for link in links] == list(ENDPOINTS)
        for link in links:
            client.send(request("GET", link.decode()))
            response = client.response()
            assert response.status == 200, link
            if link == b"/reason":
                assert response.reason == b"Very OK"
            if link == b"/cookies":
                assert len(response.all(b"set-cookie")) == 2


def test_gunicorn_worker(app_dir):
    from gunicorn.config import Config

    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "-k", "fastresp.workers.FastRespWorker", "-w", "2",
            "-b", f"127.0.0.1:{port}", "--graceful-timeout", "5", "hello:app"]
    if "control_socket" in Config().settings:  # newer gunicorn: keep its socket out of $HOME
        args[3:3] = ["--control-socket", str(app_dir / "gunicorn.ctl")]
    server = Process(args, app_dir, port, timeout=30)
    try:
        client = Client(server.url)
        client.send(request() + request())
        first, second = client.response(), client.response()
        assert first.body.startswith(b"pid=") and first.body == second.body  # one keep-alive connection
        assert first.header(b"date") is not None
    finally:
        output = server.stop()
    assert "Using worker: fastresp.workers.FastRespWorker" in output


def test_uvicorn_command_line_selects_the_protocol(app_dir):
    port = free_port()
    server = Process([sys.executable, "-m", "uvicorn", "hello:app", "--http", "fastresp.server:HttpProtocol",
                      "--port", str(port), "--header", "X-Via: uvicorn-cli"], app_dir, port)
    try:
        client = Client(server.url)
        # Only fastresp's protocol answers an oversized head with 431 (uvicorn's httptools has no limit).
        client.send(request(headers=("X-Big: " + "b" * 20000,)))
        assert client.response().status == 431
        response = fetch(server.url, request())[0]
        assert response.header(b"x-via") == b"uvicorn-cli"
    finally:
        server.stop()
