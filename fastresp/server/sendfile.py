"""Sending a file's bytes to a connection: zero-copy ``sendfile(2)`` on plain TCP, reads otherwise.

``sendfile`` writes straight to the socket, so it may start only once the
transport's own buffer is empty, or the file's bytes would overtake the head
(the reason uvicorn#1210 was closed). The socket is never touched through the
transport's descriptor: a duplicate descriptor is watched for writability,
because event loops refuse to watch a descriptor a transport owns.
"""

from __future__ import annotations

import asyncio
import os
import socket

from .flow import FlowControl

#: Bytes read per step when the file is copied through the transport (TLS, no socket).
READ_SIZE = 262144


class FileShrankError(RuntimeError):
    """The file ended before the length promised in the response head."""


def zero_copy_fd(transport: asyncio.Transport) -> int | None:
    """Return the socket descriptor ``sendfile`` may write to, or None (TLS, pipes, no sendfile)."""
    if not hasattr(os, "sendfile") or transport.get_extra_info("sslcontext") is not None:
        return None
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6, socket.AF_UNIX):
        return None
    return sock.fileno()


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
    sock_fd: int,
    file_fd: int,
    count: int,
    lost: asyncio.Future[None],
) -> None:
    """Copy ``count`` bytes of ``file_fd`` from offset 0 to the socket in the kernel."""
    loop = asyncio.get_running_loop()
    watch_fd = os.dup(sock_fd)
    try:
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
    finally:
        os.close(watch_fd)


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
