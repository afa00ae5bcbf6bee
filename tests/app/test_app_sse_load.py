"""1,000 idle SSE clients at once on a server subprocess: every one streams, memory stays bounded,
and every source is closed once the clients leave. Loopback only, bounded in clients and time."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

try:
    import resource
except ImportError:  # Windows has no descriptor limit of this kind to raise
    resource = None

CLIENTS = 1000
#: The server's resident memory may grow by at most this much per idle stream.
BYTES_PER_CLIENT = 64 * 1024
SERVERS = {"uvicorn": "auto", "fastresp": "fastresp.server:HttpProtocol"}
APP = Path(__file__).resolve().parent / "sse_apps.py"


def raise_fd_limit(needed: int) -> None:
    """Lift this process's soft descriptor limit (inherited by the server) to ``needed``, if the hard one allows."""
    if resource is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= needed, "the descriptor limit is too low"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stats(url: str) -> tuple[int, int]:
    """(sources started, sources closed) as the server counts them."""
    started, closed = httpx.get(url + "/stats", timeout=10).text.split()
    return int(started), int(closed)


async def open_streams(port: int, count: int) -> list[asyncio.StreamWriter]:
    """``count`` connections, each reading its stream's first event; at most 100 connect at once."""
    gate = asyncio.Semaphore(100)

    async def one(n: int) -> asyncio.StreamWriter:
        async with gate:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /endless?ping=30&name=idle HTTP/1.1\r\nHost: x\r\n\r\n")
            await asyncio.wait_for(reader.readuntil(b"data: first\n\n"), 20)
            return writer

    return await asyncio.gather(*(one(n) for n in range(count)))


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_a_thousand_idle_streams(server, tmp_path):
    """All 1,000 stream at once within bounded memory; all their sources close when they hang up."""
    raise_fd_limit(2 * CLIENTS + 256)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    log = log_path.open("wb")
    proc = subprocess.Popen([sys.executable, str(APP), str(port), SERVERS[server]], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                stats(url)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        server_process = psutil.Process(proc.pid)

        async def run() -> int:
            warm = await open_streams(port, 20)  # code paths loaded before the baseline
            before = server_process.memory_info().rss
            writers = await open_streams(port, CLIENTS)
            assert stats(url) == (CLIENTS + 20, 0)  # every stream is live; none has ended
            grown = server_process.memory_info().rss - before
            for writer in warm + writers:
                writer.close()
            return grown

        grown = asyncio.run(asyncio.wait_for(run(), 120))
        assert grown < CLIENTS * BYTES_PER_CLIENT, f"{grown / CLIENTS:.0f} bytes per idle stream"
        deadline = time.monotonic() + 10
        while stats(url) != (CLIENTS + 20, CLIENTS + 20):
            assert time.monotonic() < deadline, f"sources still open after the clients left: {stats(url)}"
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
    # Streams ended by their clients are no error: the server logged nothing.
    assert "ERROR" not in log_path.read_text(), log_path.read_text()[-2000:]
