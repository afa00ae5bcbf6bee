"""The server's per-request hot path, pure-Python twin of ``_speedups.pyx`` (the readable spec).

``HeadReader`` is the base of ``HttpProtocol``: the httptools callbacks that
collect a request head, and the ASGI scope built from it. ``CycleCore`` is the
base of ``RequestCycle``: request-body buffering and the synchronous half of
``send()`` (validate the message order, build the head, frame the body, write).
The compiled twin has the same names, attributes and behaviour.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import httptools

from ..core import FRAMING_CHUNKED, FRAMING_CLOSE, FRAMING_LENGTH, FRAMING_NONE, build_head, encode_chunk, last_chunk
from ._shared import (
    COALESCE_LIMIT,
    DONE,
    EXTENSIONS_10,
    EXTENSIONS_11,
    FAILED,
    HEAD_READY,
    ORDER_ERRORS,
    STREAMING,
    TRAILERS,
    TRAILERS_EXTENSION,
    WAITING,
    HeadTooLarge,
)
from .defaults import clean_default_headers
from .flow import READ_HIGH_WATER
from .logs import log_access

_BODY_TYPES = (bytes, bytearray, memoryview)


class HeadReader:
    """Collects one request head from httptools callbacks and turns it into an ASGI scope."""

    __slots__ = ()

    # Attributes (set by HttpProtocol): url, headers, _head_size, max_head_size,
    # _expect_continue, _te_trailers, _idle_since, _head_started, loop,
    # scope_template, app_state.

    def on_message_begin(self) -> None:
        """A new request starts: reset the per-request parsing state."""
        self.url = b""
        self.headers = []
        self._head_size = 0
        self._expect_continue = False
        self._te_trailers = False
        self._idle_since = None
        self._head_started = self.loop.time()

    def on_url(self, url: bytes) -> None:
        """Collect the request target (it may arrive in pieces)."""
        self.url += url
        self._head_size += len(url)
        if self._head_size > self.max_head_size:
            raise HeadTooLarge

    def on_header(self, name: bytes, value: bytes) -> None:
        """Collect one header field with a lowercased name, as ASGI requires."""
        self._head_size += len(name) + len(value) + 4
        if self._head_size > self.max_head_size:
            raise HeadTooLarge  # RFC 6585 §5: answered with 431
        name = name.lower()
        if name == b"expect":
            if value.lower() == b"100-continue":
                self._expect_continue = True
        elif name == b"te":
            if b"trailers" in value.lower():
                self._te_trailers = True  # RFC 9110 §10.1.4: the client accepts trailer fields
        self.headers.append((name, value))

    def request_scope(self, method: bytes, http_version: str) -> dict[str, Any]:
        """Return the ASGI HTTP scope of the head just read (a copy of the connection's template)."""
        target = self.url
        if target[:1] == b"/" and b"#" not in target:
            # Origin-form (RFC 9112 §3.2.1), already validated by the parser: split it here.
            raw_path, _, query = target.partition(b"?")
        else:
            url = httptools.parse_url(target)
            raw_path, query = url.path, url.query or b""
        path = raw_path.decode("ascii")
        if "%" in path:
            path = unquote(path)
        scope = self.scope_template.copy()
        root_path = scope["root_path"]
        scope["http_version"] = http_version
        scope["method"] = method.decode("ascii")
        if root_path:
            scope["path"] = root_path + path
            scope["raw_path"] = root_path.encode("ascii") + raw_path
        else:
            scope["path"] = path
            scope["raw_path"] = raw_path
        scope["query_string"] = query
        scope["headers"] = self.headers
        scope["state"] = self.app_state.copy()
        # The application may add to its own copy.
        extensions = (EXTENSIONS_11 if http_version == "1.1" else EXTENSIONS_10).copy()
        if self._te_trailers:
            extensions["http.response.trailers"] = TRAILERS_EXTENSION
        scope["extensions"] = extensions
        return scope


class CycleCore:
    """Request-body buffering and response framing of one request (the base of ``RequestCycle``)."""

    __slots__ = (
        "_body",
        "_body_broken",
        "_body_size",
        "_continue",
        "_expect_trailers",
        "_final_delivered",
        "_framing",
        "_head",
        "_head_sent",
        "_lost",
        "_more_body",
        "_remaining",
        "_status",
        "_trailers",
        "_trailers_ok",
        "_waiter",
        "conn",
        "disconnected",
        "http_version",
        "keep_alive",
        "method",
        "scope",
        "state",
        "task",
        "transport",
    )

    def __init__(
        self,
        conn: Any,
        scope: dict[str, Any],
        method: bytes,
        keep_alive: bool,
        expect_continue: bool,
        trailers_ok: bool,
    ) -> None:
        self.conn = conn
        self.scope = scope
        self.transport = conn.transport
        self.method = method
        self.http_version = scope["http_version"]
        self.keep_alive = keep_alive
        self.disconnected = False
        self.state = WAITING
        self.task = None
        self._body = []
        self._body_size = 0
        self._more_body = True
        self._final_delivered = False
        self._waiter = None
        self._continue = expect_continue
        self._trailers_ok = trailers_ok
        self._head = b""
        self._status = 0
        self._framing = FRAMING_NONE
        self._remaining = -1
        self._expect_trailers = False
        self._trailers = []
        self._lost = None
        self._head_sent = False
        self._body_broken = False

    @property
    def response_complete(self) -> bool:
        """Whether the whole response has been handed to the transport."""
        return self.state == DONE

    @property
    def body_buffered(self) -> int:
        """Bytes of request body received but not yet handed to the application."""
        return self._body_size

    # --- events from the connection -------------------------------------------------

    def feed_body(self, data: bytes) -> bool:
        """Buffer request body bytes; return True when the buffer is over its high-water mark."""
        if self.state != DONE:
            self._body.append(data)
            self._body_size += len(data)
            self._wake()
        return self._body_size > READ_HIGH_WATER

    def body_complete(self) -> None:
        """The request message ended."""
        self._more_body = False
        self._wake()

    def body_failed(self) -> None:
        """The request body cannot be read to its end: the app gets ``http.disconnect``; no keep-alive."""
        self.keep_alive = False
        self._body_broken = True
        self._wake()

    def connection_lost(self) -> None:
        """The client is gone: ``receive()`` now says so and ``send()`` becomes a no-op."""
        if self.state != DONE:
            self.disconnected = True
        self._wake()
        lost = self._lost
        if lost is not None and not lost.done():
            lost.set_result(None)

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # --- the synchronous half of send() ----------------------------------------------

    def _dispatch(self, message: dict[str, Any]) -> bool:
        """Handle one ``send()`` message; return True if it is a pathsend the caller must await.

        Any error leaves the state FAILED (unless the response completed), so that not
        one more byte of this response is written.
        """
        kind = message["type"]
        state = self.state
        try:
            if kind == "http.response.body":
                if state == HEAD_READY or state == STREAMING:
                    self._send_body(message.get("body", b""), message.get("more_body", False))
                    return False
            elif kind == "http.response.start":
                if state == WAITING:
                    self._start(message)
                    return False
            elif kind == "http.response.pathsend":
                if state == HEAD_READY:
                    return True
            elif kind == "http.response.trailers":
                if state == TRAILERS or ((state == HEAD_READY or state == STREAMING) and self._expect_trailers):
                    self._send_trailers(message)
                    return False
            elif kind == "http.response.early_hint":
                if state == WAITING:
                    self._early_hint(message.get("links", ()))
                    return False
            else:
                raise RuntimeError(f"Unexpected ASGI message type {kind!r}.")
        except BaseException:
            if self.state != DONE:
                self.state = FAILED
            raise
        # A message out of order is the application's mistake; the response stays as it was.
        raise RuntimeError(ORDER_ERRORS[state] % kind)

    def _start(self, message: dict[str, Any]) -> None:
        status = message["status"]
        if type(status) is int and 100 <= status < 200:
            # RFC 9110 §15.2: interim responses are not final ones (see early_hint).
            raise ValueError(f"status {status} is informational and cannot be a final response")
        head, framing, length, keep = build_head(
            status,
            message.get("headers", ()),
            message.get("reason"),
            method=self.method,
            http_version=self.http_version,
            keep_alive=self.keep_alive,
            default_headers=clean_default_headers(self.conn.server_state.default_headers),
        )
        self._head = head
        self._status = status
        self._framing = framing
        self._remaining = length
        self.keep_alive = keep
        self._continue = False
        if message.get("trailers", False):
            self._expect_trailers = True
        self.state = HEAD_READY

    def _send_body(self, body: Any, more: Any) -> None:
        if type(body) is not bytes:
            if not isinstance(body, _BODY_TYPES):
                raise TypeError(f"http.response.body 'body' must be bytes, got {type(body).__name__}")
            body = bytes(body)
        framing = self._framing
        ends = not more
        if framing == FRAMING_LENGTH:
            remaining = self._remaining - len(body)
            if remaining < 0:
                # RFC 9112 §8: never write past the declared length.
                raise RuntimeError("Response content longer than Content-Length")
            if ends and remaining:
                raise RuntimeError("Response content shorter than Content-Length")
            self._remaining = remaining
            data = body
        elif framing == FRAMING_CHUNKED:
            data = encode_chunk(body)
            if ends and not self._expect_trailers:
                data += last_chunk()
        elif framing == FRAMING_NONE:
            data = b""  # RFC 9110 §6.4.1: HEAD, 1xx, 204 and 304 carry no content
        else:
            data = body
        self._write(data)
        if ends:
            if self._expect_trailers:
                self.state = TRAILERS
            else:
                self._finish()

    def _write(self, data: bytes) -> None:
        if self.state == HEAD_READY:
            # The head leaves with the first body bytes, in one write when small.
            self.state = STREAMING
            self._head_sent = True
            head = self._head
            if self.conn.access_log:
                log_access(self.scope, self._status)
            if len(data) <= COALESCE_LIMIT:
                self.transport.write(head + data)
            else:
                self.transport.writelines((head, data))
        elif data:
            self.transport.write(data)

    def _finish(self) -> None:
        self.state = DONE
        self._wake()
        if not self.keep_alive or self._framing == FRAMING_CLOSE:
            self.keep_alive = False
            self.transport.close()
        self.conn.response_complete(self)

    def _abort(self) -> None:
        """Give up after the head went out: close without completing the framing (RFC 9112 §8)."""
        self.state = DONE
        self.keep_alive = False
        self._wake()
        self.transport.close()
        self.conn.response_complete(self)
