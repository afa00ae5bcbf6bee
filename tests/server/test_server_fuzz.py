"""Bounded, seeded fuzzing over real sockets: hostile requests never hang, leak or garble the server.

Each case is a request mutated by one of the generators below (bad versions, bad
chunking, huge or conflicting lengths, stray bytes, folded or oversized fields)
and delivered whole, in fragments, trickled, or followed by a half-close. The
server runs with short timeouts, so every connection must be closed by the
server within them; every byte it wrote must parse as responses with h11; no
client mistake may earn a 500; afterwards it still answers and holds no more
file descriptors than before. ``FASTRESP_FUZZ_SEED`` replays a run.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import random
import socket
import time

import h11
from server_support import fetch, request, run
from test_server_faults import echo_length

from fastresp.server import HttpProtocol

SEED = int(os.environ.get("FASTRESP_FUZZ_SEED", "20261203"))
CASES = 240
WORKERS = 48

#: The short timeouts the server runs with (seconds).
KEEP_ALIVE = 1.0
PHASE_TIMEOUT = 1.0
#: How long after its last byte a client waits for the server to close: the longest
#: timeout, the lingering close after an error response (2 s) and scheduling slack.
CLOSE_WITHIN = max(KEEP_ALIVE, PHASE_TIMEOUT) + 2.0 + 2.5


class ShortTimeoutProtocol(HttpProtocol):
    """fastresp's protocol with its request-head, request-body and send timeouts cut to ``PHASE_TIMEOUT``."""

    timeout_request_head = PHASE_TIMEOUT
    timeout_request_body = PHASE_TIMEOUT
    timeout_send = PHASE_TIMEOUT


async def app(scope, receive, send):
    """``/echo`` reads the body and answers its length; any other path answers without reading it."""
    if scope["type"] != "http":
        return
    if scope["path"] == "/echo":
        return await echo_length(receive, send)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


# --- request generators: each returns raw request bytes --------------------------------------


def _valid(rng: random.Random) -> bytes:
    body = rng.randbytes(rng.choice((0, 1, 100, 5000)))
    kind = rng.randrange(4)
    if kind == 0:
        return request("GET", rng.choice(("/", "/echo", "/a?b=c")))
    if kind == 1:
        return request("POST", rng.choice(("/echo", "/")), body=body or b"x")
    if kind == 2:
        return _chunked(rng, body)
    return request("GET") + request("POST", "/echo", body=b"pipelined")


def _chunked(rng: random.Random, body: bytes, size_line: bytes | None = None) -> bytes:
    head = request("POST", rng.choice(("/echo", "/")), headers=("Transfer-Encoding: chunked",))
    chunks = b""
    for start in range(0, len(body), 700):
        piece = body[start:start + 700]
        chunks += b"%x\r\n%s\r\n" % (len(piece), piece)
    if size_line is not None:
        chunks += size_line
    return head + chunks + b"0\r\n\r\n"


BAD_VERSIONS = (b"HTTP/2.0", b"HTTP/0.9", b"HTTP/1.2", b"HTTP/9.9", b"HTTP/1.1x", b"HTTP/1", b"HTTPS/1.1",
                b"http/1.1", b"HTTP/01.1", b"")


def bad_version(rng: random.Random) -> bytes:
    return _valid(rng).replace(b"HTTP/1.1", rng.choice(BAD_VERSIONS), 1)


BAD_CHUNKS = (b"zz\r\nab\r\n", b"-1\r\n", b"1" * 40 + b"\r\n", b"5\r\nab\r\n", b"5\r\nabcdefgh\r\n",
              b"0x5\r\nabcde\r\n", b"5 ;\x01\r\nabcde\r\n", b"5;" + b"e" * 20000 + b"\r\nabcde\r\n",
              b"5\nabcde\n", b"\r\n", b"ffffffffffffffff\r\nx\r\n", b"5\r\nabcde")


def bad_chunking(rng: random.Random) -> bytes:
    return _chunked(rng, rng.randbytes(rng.choice((0, 10, 1000))), rng.choice(BAD_CHUNKS))


BAD_FRAMING = (
    ("Content-Length: 99999999999999999999999",),
    ("Content-Length: 1e9",),
    ("Content-Length: -5",),
    ("Content-Length: 5, 6",),
    ("Content-Length: 5", "Content-Length: 6"),
    ("Content-Length: 5", "Transfer-Encoding: chunked"),
    ("Transfer-Encoding: gzip",),
    ("Transfer-Encoding: chunked, gzip",),
    ("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"),
    ("Transfer-Encoding: identity",),
    ("Transfer-Encoding: \x0bchunked",),
    ("Content-Length: 1000000000",),
)


def bad_framing(rng: random.Random) -> bytes:
    headers = rng.choice(BAD_FRAMING)
    return request(rng.choice(("POST", "GET")), rng.choice(("/echo", "/")), headers=headers) + b"hello"


BAD_HEADS = (
    b"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost : x\r\n\r\n",
    b"GET / HTTP/1.1\nHost: x\n\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 70000 + b"\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"G\xc3\xa9T / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\n\x00: x\r\n\r\n",
    b"\r\n\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n",
)


def bad_head(rng: random.Random) -> bytes:
    return rng.choice(BAD_HEADS)


def stray_bytes(rng: random.Random) -> bytes:
    data = bytearray(_valid(rng))
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(data))
        action = rng.randrange(3)
        if action == 0:
            data[where] = rng.randrange(256)
        elif action == 1:
            data.insert(where, rng.choice(b"\x00\r\n\x7f\x80 :\t"))
        else:
            del data[where]
    if rng.random() < 0.3:
        del data[rng.randrange(len(data)):]
    return bytes(data)


GENERATORS = (_valid, bad_version, bad_chunking, bad_framing, bad_head, stray_bytes)


# --- delivery and checking -------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    """What one case's client saw."""

    case: str
    data: bytes
    closed_by_server: bool


def deliver(port: int, data: bytes, mode: str, rng: random.Random) -> tuple[bytes, bool]:
    """Send ``data`` as ``mode`` says, then read until the server closes or ``CLOSE_WITHIN`` passes."""
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        try:
            if mode == "fragments":
                cuts = sorted(rng.sample(range(1, len(data)), min(len(data) - 1, rng.randint(1, 6))))
                for start, end in zip([0, *cuts], [*cuts, len(data)]):
                    sock.sendall(data[start:end])
                    time.sleep(rng.random() * 0.02)
            elif mode == "trickle":
                # A slow client: a few bytes at a time, for at most 2.5 s.
                deadline = time.monotonic() + 2.5
                for start in range(0, len(data), 7):
                    if time.monotonic() > deadline:
                        break
                    sock.sendall(data[start:start + 7])
                    time.sleep(0.15)
            else:
                sock.sendall(data)
            if mode == "half-close":
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server gave up on the request first (it may have answered it)
        deadline = time.monotonic() + CLOSE_WITHIN
        while time.monotonic() < deadline:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            except ConnectionResetError:
                return received, True
            if not chunk:
                return received, True
            received += chunk
    return received, False


def parse_responses(data: bytes) -> list[int]:
    """The statuses of the complete responses in ``data``; raises if any byte is not a valid response."""
    statuses = []
    while data:
        conn = h11.Connection(h11.CLIENT)
        conn.send(h11.Request(method="GET", target="/", headers=[("host", "x")]))
        conn.send(h11.EndOfMessage())
        conn.receive_data(data)
        conn.receive_data(b"")  # the server closed: a close-delimited body ends here
        while True:
            event = conn.next_event()
            if isinstance(event, h11.Response):
                statuses.append(event.status_code)
            elif isinstance(event, h11.EndOfMessage):
                break
            elif event is h11.NEED_DATA or isinstance(event, h11.ConnectionClosed):
                raise h11.RemoteProtocolError(f"incomplete response after {statuses}: {data[:300]!r}")
        data = bytes(conn.trailing_data[0])
    return statuses


def open_fds() -> int:
    """How many file descriptors this process (server included: it runs in a thread) holds."""
    return len(os.listdir("/proc/self/fd"))


def run_case(port: int, index: int) -> Outcome:
    rng = random.Random(f"{SEED}-{index}")
    generator = rng.choice(GENERATORS)
    mode = rng.choice(("whole", "whole", "fragments", "half-close", "trickle", "keep-open"))
    data = generator(rng)
    received, closed = deliver(port, data, mode, rng)
    return Outcome(f"seed={SEED} case={index} {generator.__name__} {mode} {data[:120]!r}", received, closed)


def test_fuzzed_requests_never_hang_leak_or_garble(uvicorn_logs):
    with run(app, http=ShortTimeoutProtocol, timeout_keep_alive=KEEP_ALIVE, log_config=None) as url:
        port = int(url.rsplit(":", 1)[1])
        assert fetch(url, request())[0].status == 200
        before = open_fds()
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            outcomes = list(pool.map(lambda index: run_case(port, index), range(CASES)))

        problems = []
        for outcome in outcomes:
            if not outcome.closed_by_server:
                problems.append(f"still open {CLOSE_WITHIN}s after the last byte: {outcome.case}")
            try:
                statuses = parse_responses(outcome.data)
            except h11.RemoteProtocolError as error:
                problems.append(f"unparsable response ({error}): {outcome.case}")
                continue
            server_errors = [status for status in statuses if status >= 500 and status not in (501, 505)]
            if server_errors:
                # RFC 9110 §15.6: 5xx is the server's fault; a client's mistake is 4xx (or 501/505).
                problems.append(f"answered {server_errors}: {outcome.case}")
        assert not problems, "\n".join(problems[:20])

        assert fetch(url, request())[0].status == 200, "the server stopped answering"
        deadline = time.monotonic() + 5
        while open_fds() > before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert open_fds() <= before, f"{open_fds() - before} file descriptors leaked (seed={SEED})"
    errors = [record for record in uvicorn_logs.records if record.levelname in ("ERROR", "CRITICAL")]
    assert not errors, [record.getMessage() for record in errors[:5]]
