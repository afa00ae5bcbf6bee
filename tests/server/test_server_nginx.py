"""Debian's nginx on loopback in front of two ``fastresp run`` processes, as docs/deploy.md describes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from server_support import Client, request
from test_server_cli import Process, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

APP = '''
import os

FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "payload.bin")


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    path = scope["path"]
    if path == "/chunked":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        for part in (b"alpha ", b"beta ", b"gamma"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    elif path == "/file":
        size = os.path.getsize(FILE)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", b"%d" % size), (b"etag", b'"v1"')]})
        await send({"type": "http.response.pathsend", "path": FILE})
    elif path == "/etag":
        if (b"if-none-match", b'"v1"') in scope["headers"]:
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", b'"v1"')]})
            await send({"type": "http.response.body", "body": b""})
        else:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"etag", b'"v1"'), (b"content-length", b"7")]})
            await send({"type": "http.response.body", "body": b"content"})
    else:
        body = ("%d %s:%d" % (os.getpid(), *scope["client"])).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})
'''

CONFIG = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream fastresp {{
        server 127.0.0.1:{port_a};
        server 127.0.0.1:{port_b};
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://fastresp;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    root = tmp_path_factory.mktemp("nginx")
    (root / "backend.py").write_text(APP)
    payload = os.urandom(1024 * 1024 + 3)
    (root / "payload.bin").write_bytes(payload)
    backends = []
    ports = [free_port(), free_port()]
    for port in ports:
        backends.append(Process([sys.executable, "-m", "fastresp", "run", "backend:app", "--port", str(port),
                                 "--no-access-log"], root, port))
    port = free_port()
    (root / "nginx.conf").write_text(CONFIG.format(root=root, port=port, port_a=ports[0], port_b=ports[1]))
    nginx = subprocess.Popen([NGINX, "-c", str(root / "nginx.conf"), "-p", str(root)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 10
    while True:
        try:
            Client(f"http://127.0.0.1:{port}").close()
            break
        except OSError:
            if nginx.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(nginx.stderr.read().decode() if nginx.poll() is not None else "nginx timeout")
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}", payload
    finally:
        os.killpg(nginx.pid, signal.SIGTERM)
        nginx.wait(10)
        nginx.stderr.close()
        for backend in backends:
            backend.stop()


def test_keep_alive_upstream_reuses_connections_across_both_backends(stack):
    url, _ = stack
    client = Client(url)
    seen = []
    for _ in range(40):
        client.send(request())
        response = client.response()
        assert response.status == 200
        seen.append(response.body.decode())
    pids = {entry.split()[0] for entry in seen}
    upstream_connections = {entry for entry in seen}
    assert len(pids) == 2  # round-robin over both processes
    assert len(upstream_connections) <= 4  # few connections carried 40 requests: keep-alive upstream


def test_chunked_head_304_and_file_pass_through_intact(stack):
    url, payload = stack
    client = Client(url)
    client.send(request("GET", "/chunked"))
    chunked = client.response()
    assert chunked.body == b"alpha beta gamma"
    client.send(request("HEAD", "/file"))
    head = client.response("HEAD")
    assert head.body == b"" and head.header(b"content-length") == b"%d" % len(payload)
    client.send(request("GET", "/etag", headers=('If-None-Match: "v1"',)))
    not_modified = client.response()
    assert not_modified.status == 304 and not_modified.body == b""
    client.send(request("GET", "/etag"))
    assert client.response().body == b"content"
    for _ in range(3):
        client.send(request("GET", "/file"))
        file = client.response()
        assert file.body == payload

