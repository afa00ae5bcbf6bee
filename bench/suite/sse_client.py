"""A loopback client for one server-sent event stream: counts events, stops itself.

    python -m bench.suite.sse_client http://127.0.0.1:8000/sse --events 100000 --timeout 120

Sends one GET over one connection and reads the ``text/event-stream`` body until the
response ends, ``--events`` events have arrived (it then closes the connection, as a
client going away does) or ``--timeout`` seconds have passed; prints one JSON object in
the shape of ``wrk.WrkResult`` (``requests`` are events). An event is what the WHATWG
event-stream format dispatches: a block ended by a blank line that holds a ``data`` field
(a comment-only ping is not counted), whatever its line ends (CRLF, LF or CR).
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from .wrk import WRK_CPU, WrkResult

_READ = 256 * 1024
REPO = Path(__file__).resolve().parents[2]


class EventCounter:
    """Counts the events dispatched by an event-stream body fed in arbitrary pieces."""

    def __init__(self) -> None:
        self.events = 0
        self._tail = b""  # the unfinished block, line ends already turned into LF
        self._cr = False  # the last piece ended in CR: a LF starting the next one belongs to it

    def feed(self, data: bytes) -> int:
        """Take the next bytes of the body; return how many events they completed."""
        if self._cr and data.startswith(b"\n"):
            data = data[1:]
        self._cr = data.endswith(b"\r")
        blocks = (self._tail + data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")).split(b"\n\n")
        self._tail = blocks.pop()
        done = 0
        for block in blocks:
            # A field line is "data" alone or "data:" + value (WHATWG HTML §9.2.6).
            if block.startswith(b"data") or b"\ndata" in block:
                done += 1
        self.events += done
        return done


def canonical_events(body: bytes) -> bytes:
    """The events of a whole event-stream body re-encoded plainly: ``data: ...`` lines and LF.

    Comments, other fields and blocks without data are dropped, and multi-line data keeps
    one ``data:`` line per line, so two streams that dispatch the same events compare equal
    whatever their line ends, pings or separators (WHATWG HTML §9.2.6).
    """
    out = []
    for block in body.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n\n"):
        lines = [line for line in block.split(b"\n") if line == b"data" or line.startswith(b"data:")]
        if lines:
            # One leading space after the colon is not part of the value.
            values = [line[5:].removeprefix(b" ") for line in lines]
            out.append(b"".join(b"data: %s\n" % value for value in values) + b"\n")
    return b"".join(out)


class Dechunker:
    """Undoes HTTP/1.1 chunked framing (RFC 9112 §7.1) of a body fed in arbitrary pieces."""

    def __init__(self) -> None:
        self._buffer = b""
        self._left = 0  # bytes of the current chunk still to come, then its CRLF
        self.done = False

    def feed(self, data: bytes) -> bytes:
        """Take the next framed bytes; return the body bytes they carry."""
        buffer = self._buffer + data
        position, out = 0, []
        while not self.done:
            if self._left > 0:
                end = min(position + self._left, len(buffer))
                out.append(buffer[position:end])
                self._left -= end - position
                position = end
                if self._left:
                    break
                self._left = -2  # the CRLF after the chunk's data
            if self._left == -2:
                if len(buffer) - position < 2:
                    break
                if buffer[position : position + 2] != b"\r\n":
                    raise ValueError("chunk data not followed by CRLF")
                position += 2
                self._left = 0
            line_end = buffer.find(b"\r\n", position)
            if line_end < 0:
                break
            size = int(buffer[position:line_end].split(b";", 1)[0], 16)
            position = line_end + 2
            if size == 0:
                self.done = True  # trailers, if any, are not read
            else:
                self._left = size
        self._buffer = buffer[position:]
        return b"".join(out)


def _head(sock: socket.socket, deadline: float) -> tuple[int, dict[bytes, bytes], bytes]:
    """Read the response head: status, headers (lowercase names) and the body bytes read past it."""
    data = b""
    while b"\r\n\r\n" not in data:
        sock.settimeout(max(deadline - time.monotonic(), 0.001))
        more = sock.recv(_READ)
        if not more:
            raise ConnectionError("connection closed before the response head")
        data += more
    head, rest = data.split(b"\r\n\r\n", 1)
    status_line, *lines = head.split(b"\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, rest


def read_stream(url: str, *, max_events: int, timeout: float) -> WrkResult:
    """Read one event stream from ``url``; bounded by ``max_events`` and ``timeout`` seconds."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    counter = EventCounter()
    started = time.monotonic()
    deadline = started + timeout
    first = None
    received = 0
    status, timed_out, cut = 0, False, False
    with socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout) as sock:
        sock.sendall(
            f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        try:
            status, headers, data = _head(sock, deadline)
            chunked = b"chunked" in headers.get(b"transfer-encoding", b"").lower()
            dechunker = Dechunker() if chunked else None
            while counter.events < max_events:
                received += len(data)
                body = dechunker.feed(data) if dechunker else data
                if counter.feed(body) and first is None:
                    first = time.monotonic()
                if (dechunker and dechunker.done) or counter.events >= max_events:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    break
                sock.settimeout(remaining)
                data = sock.recv(_READ)
                if not data:
                    # The server closed the connection: the end of a body without
                    # framing, a cut one when chunked.
                    cut = dechunker is not None
                    break
        except TimeoutError:
            timed_out = True
    seconds = time.monotonic() - started
    return WrkResult(
        requests=counter.events,
        seconds=seconds,
        requests_per_sec=counter.events / seconds if seconds else 0.0,
        bytes_read=received,
        latency_avg_ms=((first or started) - started) * 1e3,  # time to the first event
        latency_max_ms=seconds * 1e3,
        socket_errors=int(timed_out or cut),
        non_2xx_3xx=int(not 200 <= status < 400),
    )


def run(url: str, *, events: int, timeout: float = 120.0, pin: bool = True) -> WrkResult:
    """Read one stream in a separate process pinned to the load generator's core (as wrk is)."""
    argv = ["taskset", "-c", WRK_CPU] if pin else []
    argv += [sys.executable, "-m", "bench.suite.sse_client", url, "--events", str(events)]
    argv += ["--timeout", str(timeout)]
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=timeout + 30, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    return WrkResult(**json.loads(done.stdout))


def main(argv: list[str] | None = None) -> None:
    """Read one stream and print its result as JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url")
    parser.add_argument("--events", type=int, required=True, help="stop after this many events")
    parser.add_argument("--timeout", type=float, default=120.0, help="stop after this many seconds")
    args = parser.parse_args(argv)
    print(json.dumps(read_stream(args.url, max_events=args.events, timeout=args.timeout).to_dict()))


if __name__ == "__main__":
    main()
