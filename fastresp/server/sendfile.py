"""Sending a file's bytes to a connection: zero-copy ``sendfile(2)`` on plain TCP, reads otherwise.

``sendfile`` writes straight to the socket, so it may start only once the
transport's own buffer is empty, or the file's bytes would overtake the head
(the reason uvicorn#1210 was closed). The socket is never touched through the
transport's descriptor: a duplicate descriptor is watched for writability,
because event loops refuse to watch a descriptor a transport owns, and it stays
valid (never reused by another connection) until we close it.

On TCP the socket is corked (``TCP_CORK``, tcp(7)) while the head and the file
are queued, so the head leaves in the same full-sized segments as the file's
first bytes instead of alone in a small segment of its own; that extra segment
and the extra wake-up of the client it causes cost loopback benchmarks about
half their throughput (nginx's ``tcp_nopush`` does the same).
"""

from __future__ import annotations

import asyncio
import os
import socket

from .flow import FlowControl

#: Bytes read per step when the file is copied through the transport (TLS, no socket).
READ_SIZE = 262144

_TCP_CORK = getattr(socket, "TCP_CORK", None)  # Linux only


class FileShrankError(RuntimeError):
    """The file ended before the length promised in the response head."""


def zero_copy_socket(transport: asyncio.Transport) -> socket.socket | None:
    """Return a duplicate of the connection's socket for ``sendfile``, or None (TLS, pipes, no sendfile)."""
    if not hasattr(os, "sendfile") or transport.get_extra_info("sslcontext") is not None:
        return None
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6, socket.AF_UNIX):
        return None
    # Family and type given, so that no system call is spent finding them out again.
    return socket.socket(sock.family, sock.type, sock.proto, fileno=os.dup(sock.fileno()))


def cork(sock: socket.socket, on: bool) -> None:
    """Hold back (True) or flush (False) partial TCP segments; a no-op where TCP_CORK is missing."""
    if _TCP_CORK is None or sock.family == socket.AF_UNIX:
        return
    try:
        sock.setsockopt(socket.IPPROTO_TCP, _TCP_CORK, 1 if on else 0)
    except OSError:
        pass  # the connection is gone; closing it sends whatever was held back


async def _writable(loop: asyncio.AbstractEventLoop, fd: int, lost: asyncio.Future[None]) -> None:
    """Wait until ``fd`` can take more bytes, or the connection is lost."""
    ready = loop.create_future()
    # Level-triggered: the callback may run again before this task resumes.
    loop.add_writer(fd, lambda: ready.done() or ready.set_result(None))
    try:
        await asyncio.wait((ready, lost), return_when=asyncio.FIRST_COMPLETED)
    finally:
        loop.remove_writer(fd)
        if not ready.done():
            ready.cancel()


async def send_file_zero_copy(
    transport: asyncio.Transport,
    sock: socket.socket,
    file_fd: int,
    count: int,
    lost: asyncio.Future[None],
) -> None:
    """Copy ``count`` bytes of ``file_fd`` from offset 0 to ``sock`` (from ``zero_copy_socket``) in the kernel."""
    loop = asyncio.get_running_loop()
    watch_fd = sock.fileno()
    # The head (and any earlier write) must reach the socket before the file does.
    while transport.get_write_buffer_size() and not lost.done():
        await _writable(loop, watch_fd, lost)
        await asyncio.sleep(0)  # let the transport run its own writer first
    offset = 0
    while offset < count and not lost.done():
        try:
            sent = os.sendfile(watch_fd, file_fd, offset, count - offset)
        except BlockingIOError:
            await _writable(loop, watch_fd, lost)
            continue
        except (BrokenPipeError, ConnectionError):
            return  # the client went away: the protocol sees connection_lost
        if sent == 0:
            raise FileShrankError(f"file ended after {offset} of {count} bytes")
        offset += sent


async def send_file_copy(
    transport: asyncio.Transport,
    flow: FlowControl,
    file_fd: int,
    count: int,
    lost: asyncio.Future[None],
) -> None:
    """Copy ``count`` bytes of ``file_fd`` through the transport in reads, honouring back-pressure."""
    offset = 0
    while offset < count and not lost.done():
        data = os.pread(file_fd, min(READ_SIZE, count - offset), offset)
        if not data:
            raise FileShrankError(f"file ended after {offset} of {count} bytes")
        offset += len(data)
        transport.write(data)
        if flow.write_paused:
            await flow.drain()
