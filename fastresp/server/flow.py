"""Back-pressure between one connection's transport and the ASGI task serving it."""

from __future__ import annotations

import asyncio

#: Buffered request body, in bytes, above which the connection stops reading from the socket.
READ_HIGH_WATER = 65536


class FlowControl:
    """Remembers who paused whom: the transport pausing our writes, or us pausing its reads."""

    __slots__ = ("_loop", "_transport", "_waiter", "read_paused", "write_paused")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._waiter: asyncio.Future[None] | None = None
        self.read_paused = False
        self.write_paused = False

    async def drain(self) -> None:
        """Wait until the transport's write buffer is back under its low-water mark."""
        if self.write_paused:
            if self._waiter is None:
                self._waiter = self._loop.create_future()
            await self._waiter

    def pause_writing(self) -> None:
        """The transport's buffer went over its high-water mark: senders must wait."""
        self.write_paused = True

    def resume_writing(self) -> None:
        """The buffer drained (or the connection is gone): release every waiting sender."""
        self.write_paused = False
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def pause_reading(self) -> None:
        """Stop reading from the socket (the kernel buffer then slows the client down)."""
        if not self.read_paused:
            self.read_paused = True
            self._transport.pause_reading()

    def resume_reading(self) -> None:
        """Read from the socket again."""
        if self.read_paused:
            self.read_paused = False
            self._transport.resume_reading()
