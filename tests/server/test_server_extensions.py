"""ASGI extensions: pathsend (sendfile), trailers, early hints, reason phrases; and TLS."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess

import pytest
from server_support import Client, fetch, request, run

from fastresp.server import sendfile as sendfile_module


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("files")
    contents = {
        "small.txt": b"small file\n",
        "big.bin": os.urandom(3 * 1024 * 1024 + 17),
        "empty.txt": b"",
    }
    for name, data in contents.items():
        (root / name).write_bytes(data)
    return root, contents


def pathsend_app(root, length: bool = True):
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        path = os.path.join(root, scope["path"].lstrip("/"))
        headers = [(b"content-type", b"application/octet-stream")]
        if length and os.path.exists(path):
            declared = os.path.getsize(path) + (1 if scope["query_string"] == b"lie" else 0)
            headers.append((b"content-length", b"%d" % declared))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.pathsend", "path": path})

    return app


@pytest.fixture
def sendfile_calls(monkeypatch):
    calls = []
    real = os.sendfile

    def counting(*args):
        sent = real(*args)
        calls.append(sent)
        return sent

    monkeypatch.setattr(sendfile_module.os, "sendfile", counting)
    return calls


def test_pathsend_uses_sendfile_for_large_files(files, sendfile_calls):
    root, contents = files
    with run(pathsend_app(root)) as url:
        client = Client(url)
        for _ in range(2):
            client.send(request("GET", "/big.bin"))
            response = client.response()
            assert response.body == contents["big.bin"]
            assert response.header(b"content-length") == b"%d" % len(contents["big.bin"])
    assert sum(sendfile_calls) == 2 * len(contents["big.bin"])


def test_pathsend_small_and_empty_files_and_head(files):
    root, contents = files
    with run(pathsend_app(root)) as url:
        client = Client(url)
        client.send(request("GET", "/small.txt") + request("GET", "/empty.txt") + request("HEAD", "/big.bin"))
        assert client.response().body == contents["small.txt"]
        assert client.response().body == b""
        head = client.response("HEAD")
        assert head.body == b"" and head.header(b"content-length") == b"%d" % len(contents["big.bin"])
        client.send(request("GET", "/small.txt"))
        assert client.response().body == contents["small.txt"]


def test_pathsend_without_content_length_is_chunked(files):
    root, contents = files
    with run(pathsend_app(root, length=False)) as url:
        client = Client(url)
        client.send(request("GET", "/big.bin") + request("GET", "/small.txt"))
        big = client.response()
        assert big.header(b"transfer-encoding") == b"chunked" and big.body == contents["big.bin"]
        assert client.response().body == contents["small.txt"]


def test_pathsend_size_mismatch_and_missing_file_give_500(files):
    root, _ = files
    with run(pathsend_app(root)) as url:
        assert fetch(url, request("GET", "/big.bin?lie"))[0].status == 500
        assert fetch(url, request("GET", "/missing"))[0].status == 500
        assert fetch(url, request("GET", "/"))[0].status == 500  # a directory


def trailers_app(scope_log: list):
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        scope_log.append(scope)
        await send({"type": "http.response.start", "status": 200, "trailers": True,
                    "headers": [(b"trailer", b"x-checksum")]})
        await send({"type": "http.response.body", "body": b"data", "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        await send({"type": "http.response.trailers", "headers": [(b"x-checksum", b"abc")], "more_trailers": False})

    return app


def test_trailers_only_to_clients_that_accept_them():
    scopes = []
    with run(trailers_app(scopes)) as url:
        client = Client(url)
        client.send(request(headers=("TE: trailers",)) + request())
        with_te, without = client.response(), client.response()
    assert with_te.body == b"data" and with_te.trailers == [(b"x-checksum", b"abc")]
    assert without.body == b"data" and without.trailers == []


def test_forbidden_trailer_aborts():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "trailers": True})
        await send({"type": "http.response.body", "body": b"data"})
        await send({"type": "http.response.trailers", "headers": [(b"content-length", b"4")]})

    with run(app) as url:
        client = Client(url)
        client.send(request(headers=("TE: trailers",)))
        data = client.read_all()
    assert client.eof and not data.endswith(b"0\r\n\r\n") and b"content-length: 4" not in data


def early_hint_app():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.early_hint", "links": [b"</style.css>; rel=preload; as=style"]})
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    return app


def test_early_hints_sent_as_103_but_not_to_http10():
    with run(early_hint_app()) as url:
        client = Client(url)
        client.send(request())
        response = client.response()
        assert [i.status_code for i in response.interim] == [103]
        assert list(response.interim[0].headers) == [(b"link", b"</style.css>; rel=preload; as=style")]
        assert response.body == b"ok"
        old = Client(url)
        old.send(request(version="1.0"))
        data = old.read_all()
        assert data.startswith(b"HTTP/1.1 200 OK") and b"103" not in data


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    root = tmp_path_factory.mktemp("tls")
    key, cert = root / "key.pem", root / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return str(key), str(cert)


def test_tls_with_pathsend_read_loop(files, certificate, sendfile_calls):
    root, contents = files
    key, cert = certificate
    scopes = []

    async def app(scope, receive, send):
        if scope["type"] == "http":
            scopes.append(scope)
        await pathsend_app(root)(scope, receive, send)

    with run(app, ssl_keyfile=key, ssl_certfile=cert) as url:
        context = ssl.create_default_context(cafile=cert)
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, \
                context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            tls.sendall(request("GET", "/big.bin", headers=("Connection: close",)))
            data = b""
            while chunk := tls.recv(1 << 20):
                data += chunk
    assert data.endswith(contents["big.bin"]) and data.startswith(b"HTTP/1.1 200 OK\r\n")
    assert scopes[0]["scheme"] == "https"
    assert sendfile_calls == []
