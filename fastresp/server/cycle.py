"""One request/response exchange: the ASGI ``receive`` and ``send`` of a single HTTP request.

The head is built by the core as soon as ``http.response.start`` arrives, so an
invalid status, reason or header raises in the application while nothing has
been written, and the server can still answer a clean 500. The head is then held
back and written together with the first body bytes if they are sent in the same
turn of the event loop; otherwise it leaves alone at the end of that turn, as on
uvicorn, so that a client (an EventSource, a proxy's first-byte timeout) never
waits for a head the app has already given. Later body parts are held the same way
(``CycleCore._hold``): the parts sent in one turn leave in one write at its end.
"""

from __future__ import annotations

import os
import stat
from typing import Any

from ..core import FRAMING_CHUNKED, FRAMING_LENGTH, FRAMING_NONE, last_chunk
from . import sendfile
from ._shared import DONE, DRAIN, FAILED, HEAD_READY, PATHSEND, STREAMING, TRAILERS, WAITING
from .defaults import clean_default_headers
from .logs import error_logger, log_access
from .responses import plain_response
from .speedups import CycleCore

#: Files up to this size are read and sent with the head instead of via sendfile.
SMALL_FILE = 65536


class RequestCycle(CycleCore):
    """The ASGI side of one HTTP request: buffers its body and frames its response.

    The per-request hot path (body buffering, head building, framing, writing) is
    in ``CycleCore``, compiled when the extension is built; this adds the awaiting.
    """

    __slots__ = ()

    # --- ASGI ---------------------------------------------------------------------------

    async def run_asgi(self, app: Any) -> None:
        """Run the application on this request and clean up after whatever it did."""
        try:
            result = await app(self.scope, self.receive, self.send)
        except BaseException as exc:  # noqa: BLE001 - whatever the app raised, the connection is cleaned up
            error_logger.error("Exception in ASGI application\n", exc_info=exc)
            if self.disconnected:
                pass
            elif self.state == DONE:
                self.transport.close()  # e.g. it sent after its response completed: as uvicorn, no keep-alive
            elif not self._head_sent:
                self._send_500()
            else:
                self._abort()
        else:
            if result is not None or self.state != DONE:
                self._check_ending(result)
        finally:
            if self.state != DONE and not self.disconnected:
                # Whatever failed above, a request that can no longer be answered ends its connection.
                self.transport.close()
            # Leave uvicorn's task set here rather than from a done callback (one
            # scheduled callback less per request). A task cancelled before its first
            # step never gets here; uvicorn cancels tasks only when it stops waiting for them.
            self.conn.tasks.discard(self.task)

    def _check_ending(self, result: Any) -> None:
        """The app returned without an error: log and repair whatever it left unfinished."""
        if self.state == FAILED:
            # The app swallowed the error its own send() raised.
            self.state = WAITING if not self._head else HEAD_READY if not self._head_sent else STREAMING
        if result is not None:
            error_logger.error("ASGI callable should return None, but returned '%s'.", result)
            if self.disconnected:
                pass
            elif self.state == DONE:
                self.transport.close()  # as uvicorn: no keep-alive after a broken contract
            elif not self._head_sent:
                self._send_500()  # nothing written yet: a clean 500 rather than a silent close
            else:
                self._abort()
        elif self.state <= HEAD_READY and not self._head_sent and not self.disconnected:
            error_logger.error("ASGI callable returned without %s response.",
                               "starting" if self.state == WAITING else "sending a body for its")
            self._send_500()
        elif self.state != DONE and not self.disconnected:
            error_logger.error("ASGI callable returned without completing response.")
            self._abort()

    async def receive(self) -> dict[str, Any]:
        """ASGI ``receive``: the next piece of request body, or ``http.disconnect``."""
        message = self._receive_now()
        while message is None:
            if self.conn._eof:
                # The body was all read and the client half-closed: it sends nothing more,
                # so the only news left is its leaving (uvicorn, closing on EOF, says so now).
                return {"type": "http.disconnect"}
            self._waiter = self.conn.loop.create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
            message = self._receive_now()
        return message

    async def send(self, message: dict[str, Any]) -> None:
        """ASGI ``send``: validate the message order, frame the response and apply back-pressure."""
        action = self._dispatch(message)
        if action:
            await self._send_later(message, action)

    async def _send_later(self, message: dict[str, Any], action: int) -> None:
        while action == DRAIN:
            await self.conn.flow.drain()
            action = self._dispatch(message)
        if action == PATHSEND:
            try:
                await self._pathsend(message["path"])
            except BaseException:
                if self.state != DONE:
                    # Whatever went wrong, not one more byte of this response is written.
                    self.state = FAILED
                raise

    # --- http.response.pathsend ---------------------------------------------------------------

    async def _pathsend(self, path: str) -> None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise RuntimeError(f"http.response.pathsend: {path!r} is not a regular file")
            size = info.st_size
            framing = self._framing
            if framing == FRAMING_LENGTH and size != self._remaining:
                raise RuntimeError(
                    f"http.response.pathsend: file is {size} bytes but Content-Length is {self._remaining}"
                )
            if framing == FRAMING_NONE or size <= SMALL_FILE:
                body = os.pread(fd, size, 0) if framing != FRAMING_NONE else b""
                if len(body) != (size if framing != FRAMING_NONE else 0):
                    raise sendfile.FileShrankError(f"file ended after {len(body)} of {size} bytes")
                self._send_body(body, False)
                return
            self._remaining = 0
            chunked = framing == FRAMING_CHUNKED
            out = sendfile.zero_copy_socket(self.transport)
            if out is not None:
                sendfile.cork(out, True)  # the head joins the file's first segment
            try:
                self._write(b"%x\r\n" % size if chunked else b"")
                self._lost = self.conn.loop.create_future()
                if out is not None:
                    await sendfile.send_file_zero_copy(self.transport, out, fd, size, self._lost)
                else:
                    await sendfile.send_file_copy(self.transport, self.conn.flow, fd, size, self._lost)
                if self.disconnected:
                    return
                if chunked:
                    self._write(b"\r\n" if self._expect_trailers else b"\r\n" + last_chunk())
            finally:
                if out is not None:
                    sendfile.cork(out, False)
                    out.close()
        finally:
            os.close(fd)
        if self._expect_trailers:
            self.state = TRAILERS
        else:
            self._finish()

    def _send_500(self) -> None:
        self.state = STREAMING
        self._head_sent = True
        self._status = 500
        self.keep_alive = False
        self._framing = FRAMING_LENGTH
        if self.conn.access_log:
            log_access(self.scope, 500)
        self.transport.write(
            plain_response(
                500,
                "Internal Server Error",
                clean_default_headers(self.conn.server_state.default_headers),
                http_version=self.http_version,
                method=self.method,
            )
        )
        self._finish()
