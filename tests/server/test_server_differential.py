"""Differential test: real FastAPI, Starlette, Django and Litestar apps on uvicorn's httptools protocol and fastresp's.

Both servers run in-process on 127.0.0.1; the same raw requests go to each over
raw sockets, and the status, the multiset of header fields (Date and Server
aside) and the body must be the same. The differences that remain are listed in
docs/compat.md ("Differences on the wire") and asserted here exactly, so the test
fails if one disappears or changes as well as when a new one appears.
"""

from __future__ import annotations

import base64
import collections
import contextlib
import functools
import gzip
import importlib.metadata
import itertools
import re

import pytest
from compat_doc import DIFFERENTIAL_SECTION, read_table
from differential_apps import FRAMEWORKS, ORIGIN, static_file
from server_support import Client, Incomplete, Response, run

from fastresp.server import HttpProtocol

BOUNDARY = "----differential0123456789"
UPLOAD = (
    f"--{BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="field"\r\n\r\n'
    "value\r\n"
    f"--{BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="file"; filename="hello.bin"\r\n'
    "Content-Type: application/octet-stream\r\n\r\n"
).encode() + bytes(range(256)) * 40 + f"\r\n--{BOUNDARY}--\r\n".encode()


def raw(method: str, target: str, *headers: str, body: bytes = b"", host: str = "127.0.0.1",
        version: str = "1.1") -> bytes:
    """A request as bytes, with Host and (given a body) Content-Length."""
    lines = [f"{method} {target} HTTP/{version}", f"Host: {host}", *headers]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


#: name -> (raw bytes, the methods of the responses to read)
REQUESTS = {
    "json": (raw("GET", "/json"), ("GET",)),
    "json-gzip": (raw("GET", "/json", "Accept-Encoding: gzip"), ("GET",)),
    "json-post": (raw("POST", "/json", "Content-Type: application/json", body=b'{"a": [1, 2, {"b": null}]}'),
                  ("POST",)),
    "json-http10": (raw("GET", "/json", version="1.0"), ("GET",)),
    "head-json": (raw("HEAD", "/json"), ("HEAD",)),
    "form": (raw("POST", "/form", "Content-Type: application/x-www-form-urlencoded",
                 body=b"name=Ada+Lovelace&colour=%C3%A9cru"), ("POST",)),
    "form-expect-continue": (raw("POST", "/form", "Content-Type: application/x-www-form-urlencoded",
                                 "Expect: 100-continue", body=b"name=x&colour=y"), ("POST",)),
    "upload": (raw("POST", "/upload", f"Content-Type: multipart/form-data; boundary={BOUNDARY}", body=UPLOAD),
               ("POST",)),
    "stream": (raw("GET", "/stream"), ("GET",)),
    "file": (raw("GET", "/file"), ("GET",)),
    "file-gzip": (raw("GET", "/file", "Accept-Encoding: gzip"), ("GET",)),
    "head-file": (raw("HEAD", "/file"), ("HEAD",)),
    "redirect": (raw("GET", "/redirect"), ("GET",)),
    "cookie": (raw("GET", "/cookie"), ("GET",)),
    "cors-preflight": (raw("OPTIONS", "/json", f"Origin: {ORIGIN}", "Access-Control-Request-Method: POST",
                           "Access-Control-Request-Headers: x-custom"), ("OPTIONS",)),
    "cors-simple": (raw("GET", "/json", f"Origin: {ORIGIN}"), ("GET",)),
    "untrusted-host": (raw("GET", "/json", host="evil.example"), ("GET",)),
    "host-trailing-space": (raw("GET", "/json", host="127.0.0.1 "), ("GET",)),
    "not-found": (raw("GET", "/missing"), ("GET",)),
    "pipelined": (raw("GET", "/json") + raw("GET", "/cookie") + raw("POST", "/json", body=b"[1]"),
                  ("GET", "GET", "POST")),
}

#: Response fields that legitimately differ between any two runs, whatever the server.
IGNORED_FIELDS = {b"date", b"server"}


def normalise(response: Response) -> tuple:
    """Status, header multiset and body, with values that change from run to run made constant."""
    fields = []
    for name, value in response.headers:
        if name in IGNORED_FIELDS:
            continue
        if name == b"set-cookie" and value.split(b"=", 1)[0] in (b"session", b"sessionid"):
            # Signed with a timestamp (or encrypted with a random nonce): only its attributes compare.
            value = re.sub(rb"^([^=]+)=[^;]*", rb"\1=<signed>", value)
            value = re.sub(rb"expires=[^;]*", b"expires=<date>", value, flags=re.IGNORECASE)
        fields.append((name, value))
    body = response.body
    if response.header(b"content-encoding") == b"gzip":
        # The gzip header carries the time it was written, and Django pads it with random
        # bytes (against BREACH): the decoded content compares, the compressed length cannot.
        body = gzip.decompress(body)
        fields = [(name, b"<compressed>" if name == b"content-length" else value) for name, value in fields]
    return response.status, collections.Counter(fields), body


def exchange(url: str, data: bytes, methods: tuple[str, ...]) -> list[tuple]:
    """Send ``data`` on a new connection; return the normalised responses to it."""
    client = Client(url)
    answers = []
    try:
        client.send(data)
        for method in methods:
            answers.append(normalise(client.response(method)))
    except (Incomplete, ConnectionResetError) as error:
        answers.append(("connection ended", type(error).__name__))
    finally:
        client.close()
    return answers


WS_KEY = base64.b64encode(b"differential-key").decode()


def websocket_echo(url: str) -> tuple:
    """Handshake on a raw socket, send one masked text frame; return the 101 head (normalised) and the echo frame."""
    client = Client(url)
    try:
        client.send(raw("GET", "/ws", "Upgrade: websocket", "Connection: Upgrade", f"Sec-WebSocket-Key: {WS_KEY}",
                        "Sec-WebSocket-Version: 13"))
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.sock.recv(4096)
            assert chunk, f"closed during the handshake: {head!r}"
            head += chunk
        head, _, rest = head.partition(b"\r\n\r\n")
        mask = b"\x01\x02\x03\x04"
        text = b"echo me"
        client.send(bytes([0x81, 0x80 | len(text)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(text)))
        while len(rest) < 2 + len(text):
            chunk = client.sock.recv(4096)
            assert chunk, f"closed before the echo: {rest!r}"
            rest += chunk
        lines = head.split(b"\r\n")
        fields = [tuple(line.split(b": ", 1)) for line in lines[1:]]
        fields = [(name.lower(), value) for name, value in fields if name.lower() not in IGNORED_FIELDS]
        return lines[0], collections.Counter(fields), rest[:2 + len(text)]
    finally:
        client.close()


@contextlib.contextmanager
def both_servers(make_app, **config):
    """Serve an app from ``make_app()`` on uvicorn's httptools protocol and another on fastresp's; yield both URLs.

    One app each: an app's lifespan state (Litestar's event emitter, say) is entered once per server.
    """
    config.setdefault("ws", "websockets-sansio")
    with run(make_app(), http="httptools", **config) as reference, run(make_app(), http=HttpProtocol, **config) as ours:
        yield reference, ours


@pytest.fixture(scope="module")
def file_path(tmp_path_factory):
    return static_file(tmp_path_factory.mktemp("differential"))


#: Fields a file response carries on every framework and server alike.
_VARY_BOTH = (b"vary", b"Accept-Encoding, Origin")
#: fastresp offers the ``http.response.pathsend`` extension, so Starlette's FileResponse
#: hands it the path and its GZipMiddleware leaves such responses alone: no
#: ``Vary: Accept-Encoding`` and, when gzip is accepted, no compression.
_PATHSEND = {
    "file": [(0, None, [(_VARY_BOTH, 1)], [((b"vary", b"Origin"), 1)], True)],
    "file-gzip": [(0, None, [((b"content-encoding", b"gzip"), 1), ((b"content-length", b"<compressed>"), 1),
                             (_VARY_BOTH, 1)],
                   [((b"content-length", b"2100"), 1), ((b"vary", b"Origin"), 1)], True)],
}
#: Every difference that remains, as ``difference()`` reports it, by "framework:request";
#: docs/compat.md ("Differences on the wire") has a row with the reason for each key.
KNOWN_DIFFERENCES = {
    **{f"starlette:{name}": value for name, value in _PATHSEND.items()},
    **{f"fastapi:{name}": value for name, value in _PATHSEND.items()},
}


#: uvicorn strips trailing whitespace from field values (RFC 9110 §5.5) from 0.55 on. An
#: older uvicorn (0.54 is the newest for Python 3.10) keeps it and refuses a padded Host;
#: there fastresp's answer to the padded request is compared with uvicorn's answer to the
#: same request unpadded, which is what RFC 9110 says the padded one means.
REFERENCE_STRIPS_OWS = tuple(int(part) for part in importlib.metadata.version("uvicorn").split(".")[:2]) >= (0, 55)
UNPADDED = {"host-trailing-space": raw("GET", "/json")}


def difference(expected: list, got: list) -> list[tuple]:
    """How two lists of normalised responses differ, one entry per differing response.

    An entry is (index, (status on uvicorn, on fastresp) or None, sorted fields only
    uvicorn sent, sorted fields only fastresp sent, whether the bodies are equal).
    """
    entries = []
    for index, (ours, theirs) in enumerate(itertools.zip_longest(expected, got)):
        if ours == theirs:
            continue
        if ours is None or theirs is None or len(ours) != 3 or len(theirs) != 3:
            entries.append((index, (str(ours)[:300], str(theirs)[:300]), [], [], False))
            continue
        statuses = None if ours[0] == theirs[0] else (ours[0], theirs[0])
        entries.append((index, statuses, sorted((ours[1] - theirs[1]).items()),
                        sorted((theirs[1] - ours[1]).items()), ours[2] == theirs[2]))
    return entries


# Django's FileResponse iterates its file synchronously under ASGI and says so with this
# warning (whatever the server); the suite otherwise turns warnings into errors.
@pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators:Warning")
@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_same_responses_on_both_protocols(framework, file_path):
    differences = {}
    with both_servers(functools.partial(FRAMEWORKS[framework], file_path),
                      lifespan="off" if framework == "django" else "auto") as (reference, ours):
        for name, (data, methods) in REQUESTS.items():
            reference_data = data if REFERENCE_STRIPS_OWS else UNPADDED.get(name, data)
            expected, got = exchange(reference, reference_data, methods), exchange(ours, data, methods)
            if expected != got:
                differences[f"{framework}:{name}"] = difference(expected, got)
        if framework != "django":  # Django has no WebSocket support of its own
            expected, got = websocket_echo(reference), websocket_echo(ours)
            if expected != got:
                differences[f"{framework}:websocket"] = [(0, (repr(expected), repr(got)), [], [], False)]
    known = {key: value for key, value in KNOWN_DIFFERENCES.items() if key.startswith(f"{framework}:")}
    assert differences == known


def test_every_known_difference_is_explained_in_compat_md():
    assert set(read_table(DIFFERENTIAL_SECTION).rows) == set(KNOWN_DIFFERENCES)
