# cython: annotation_typing=False
"""The server's per-connection and per-request hot path, written once.

``ProtocolCore`` is the base of ``HttpProtocol``: feeding the parser, the
httptools callbacks that collect a request head, the ASGI scope built from it,
starting the application, moving on when its response ends, and the
connection's own actions (refusing a request, the lingering close, the WebSocket
hand-off). ``CycleCore`` is the base of ``RequestCycle``: the ASGI ``receive``
and ``send`` coroutines and the task that runs the app (``run_asgi``), request-body
buffering, and the framing of the response (validate the message order, build the
head, frame the body, trailers, early hints, pathsend, write).

This file is compiled by Cython in pure-Python mode, with the C types of
``_hotpath.pxd``; uncompiled, it is the pure-Python build (``speedups.py`` picks one).
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import stat
import sys
from typing import Any
from urllib.parse import unquote

import httptools

from ..core import (
    FRAMING_CHUNKED,
    FRAMING_CLOSE,
    FRAMING_LENGTH,
    FRAMING_NONE,
    build_head,
    encode_chunk,
    last_chunk,
)
from . import sendfile
from ._shared import (
    COALESCE_LIMIT,
    DONE,
    DRAIN,
    EXTENSIONS_10,
    EXTENSIONS_11,
    FAILED,
    HEAD_READY,
    MAX_PIPELINE,
    ORDER_ERRORS,
    PATHSEND,
    SENT,
    STREAMING,
    TRAILERS,
    TRAILERS_EXTENSION,
    WAITING,
    ClientError,
    HeadTooLarge,
    UnsupportedTransferCoding,
    VersionNotSupported,
)
from .defaults import clean_default_headers
from .flow import READ_HIGH_WATER
from .logs import error_logger, log_access
from .proxy import FORWARDED_SCHEMES
from .responses import plain_response, service_unavailable

#: Seconds to keep draining a client's input after an error response (lingering close).
LINGER_SECONDS = 2.0
#: Files up to this size are read and sent with the head instead of via sendfile.
SMALL_FILE = 65536

_PY311 = sys.version_info >= (3, 11)
#: Whether ``asyncio.Task`` can run its first step at once (``eager_start``, Python 3.12+).
EAGER_START = sys.version_info >= (3, 12)
_Task = asyncio.Task
_BODY_TYPES = (bytes, bytearray, memoryview)
# RFC 9110 §15.2.1: the interim answer to "Expect: 100-continue"; built by the core once.
_CONTINUE = build_head(100, ())[0]


class ProtocolCore:
    """The hot half of ``HttpProtocol``: parse, build the scope, run the app, move on, refuse or hand off."""

    __slots__ = ()

    # The attributes are set by HttpProtocol.__init__ and connection_made; _hotpath.pxd
    # lists them with their C types.

    def data_received(self, data: bytes) -> None:
        """Feed bytes to the parser; answer 400 or 431 for a request it cannot accept."""
        if self._pending_error or self._draining:
            return  # the connection is ending; anything after the bad request is ignored
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._upgrading:
                self._upgrade_to_websocket()
            else:
                self._unsupported_upgrade()
        except httptools.HttpParserCallbackError as error:
            refused = error.__context__
            if isinstance(refused, ClientError):
                if refused.log:
                    self.logger.warning(refused.log)
                self._reject(refused.status, refused.text)
            else:
                self.logger.warning("Invalid HTTP request received.", exc_info=error.__context__)
                self._reject(400, "Invalid HTTP request received.")
        except httptools.HttpParserError:
            self.logger.warning("Invalid HTTP request received.")
            self._reject(400, "Invalid HTTP request received.")
        ready = self._ready
        if ready is not None:
            # The app starts once the bytes at hand are parsed, so that an error later in
            # them (a broken body) is seen first, as when the task ran on the next turn.
            self._ready = None
            self._run_app(ready[0], ready[1], self.eager_start)

    # --- httptools callbacks --------------------------------------------------------------

    def on_message_begin(self) -> None:
        """A new request starts: reset the per-request parsing state."""
        self.url = b""
        self.headers = []
        self._head_size = 0
        self._expect_continue = False
        self._te_trailers = False
        self._upgrade_asked = False
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
        # RFC 9110 §5.5: surrounding whitespace is not part of a field value (the parser
        # drops the leading part only). Checked on the last byte before any call.
        size = len(value)
        if size and (value[size - 1] == 32 or value[size - 1] == 9):
            value = value.rstrip(b" \t")
        if name == b"expect" and value.lower() == b"100-continue":
            self._expect_continue = True
        elif name == b"te" and b"trailers" in value.lower():
            self._te_trailers = True  # RFC 9110 §10.1.4: the client accepts trailer fields
        elif name == b"transfer-encoding" and value.lower() != b"chunked":
            raise UnsupportedTransferCoding  # RFC 9112 §6.1: chunked is the only coding read here
        elif name == b"upgrade":
            self._upgrade_asked = True
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        """Build the ASGI scope and start the application, or queue it behind earlier requests."""
        # The body timeout counts from the start of the head until body bytes arrive.
        self._body_since = self._head_started
        self._head_started = None
        parser = self.parser
        if self._closing:
            # RFC 9112 §9.6: nothing after a request that asked to close is processed.
            self._message_open = True
            self._skip = True
            return
        http_version = parser.get_http_version()
        if http_version != "1.1" and http_version != "1.0":
            raise VersionNotSupported  # the parser also accepts HTTP/0.9 and HTTP/2.0 request lines
        self._message_open = True
        self._skip = False
        # Without an Upgrade field (RFC 9110 §7.8) there is nothing to switch to, and
        # should_upgrade(), a Python call, is not made.
        if self._upgrade_asked and parser.should_upgrade() and self._wants_websocket():
            self._upgrading = True
            self._skip = True
            return
        method = parser.get_method()
        scope = self.request_scope(method, http_version)
        self.scope = scope
        keep_alive = parser.should_keep_alive()
        if not keep_alive:
            self._closing = True
        cycle = self.cycle_class(self, scope, method, keep_alive, self._expect_continue, self._te_trailers)

        app = self.app
        limit = self.limit_concurrency
        if limit is not None and (len(self.connections) >= limit or len(self.tasks) >= limit):
            app = service_unavailable
            self.logger.warning("Exceeded concurrency limit.")

        previous = self.cycle
        self.cycle = cycle
        if previous is None or previous.state == DONE:
            self._ready = (cycle, app)  # started when data_received has fed the parser
        else:
            # RFC 9112 §9.3.2: answer pipelined requests in the order they came.
            self.pipeline.append((cycle, app))
            if len(self.pipeline) >= MAX_PIPELINE:
                self.flow.pause_reading()

    def on_body(self, body: bytes) -> None:
        """Hand request body bytes to the request they belong to; pause reading when full."""
        self._body_received += len(body)
        if self._skip:
            return
        cycle = self.cycle
        if cycle is None:  # never happens while parsing: a head comes first
            raise AttributeError("request body without a request")
        if cycle.feed_body(body):
            self.flow.pause_reading()

    def on_message_complete(self) -> None:
        """The request, body included, has been read."""
        self._message_open = False
        if self._skip:
            return
        cycle = self.cycle
        if cycle is None:
            raise AttributeError("request end without a request")
        cycle.body_complete()

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
        if self._via_proxy:
            self._apply_forwarded(scope)
        return scope

    def _apply_forwarded(self, scope: dict[str, Any]) -> None:
        """Set the scope's ``scheme`` and ``client`` from X-Forwarded-Proto/-For, as uvicorn's middleware does.

        Only called for a connection whose peer is a trusted proxy (see ``proxy.py``).
        The last X-Forwarded-Proto counts; X-Forwarded-For fields are joined in order.
        """
        proto = None
        forwarded_for = []
        for name, value in self.headers:
            if name == b"x-forwarded-for":
                forwarded_for.append(value)
            elif name == b"x-forwarded-proto":
                proto = value
        if proto is not None:
            scheme = proto.decode("latin1").strip()
            if scheme in FORWARDED_SCHEMES:
                scope["scheme"] = scheme
        if forwarded_for:
            host, port = self.proxy_trust.get_trusted_client_address(b", ".join(forwarded_for).decode("latin1"))
            if host:  # an empty X-Forwarded-For names no one: the peer stays the client
                scope["client"] = (host, port)


    # --- request lifecycle --------------------------------------------------------------------

    def _run_app(self, cycle: CycleCore, app: Any, eager: bool) -> None:
        """Start the task that runs the application on ``cycle``'s request.

        With ``eager`` (``eager_start``, Python 3.12+, where the loop allows it), the
        task's first step runs now instead of on the loop's next turn: an app that answers without
        waiting has answered before this returns. It is still a Task, so
        ``asyncio.current_task()``, anyio, sniffio and ``asyncio.timeout`` see one.
        """
        coro = cycle.run_asgi(app)
        # A fresh context per request keeps lifespan or instrumentation context out.
        context = contextvars.Context() if self.reset_contextvars else None
        if eager:
            task = _Task(coro, loop=self.loop, context=context, eager_start=True)
        elif context is None:
            task = self.loop.create_task(coro)
        elif _PY311:
            task = self.loop.create_task(coro, context=context)
        else:  # pragma: no cover - Python 3.10
            task = context.run(self.loop.create_task, coro)
        cycle.task = task
        if not task.done():  # else run_asgi has already ended (it removes its task from the set)
            self.tasks.add(task)

    def body_consumed(self, cycle: Any) -> None:
        """The application took the buffered body: read more, unless requests are queued up."""
        if self.flow.read_paused and cycle is self.cycle and len(self.pipeline) < MAX_PIPELINE:
            self.flow.resume_reading()

    def after_response(self, cycle: CycleCore) -> None:
        """A response ended: start the next pipelined request, or answer, close, upgrade or idle."""
        self.server_state.total_requests += 1
        if self.transport.is_closing():
            return
        if self.pipeline:
            following, app = self.pipeline.popleft()
            # Never eagerly here: inside the task that just finished, a queue of quick
            # apps would each start inside the one before, as deep as the queue is long.
            self._run_app(following, app, False)
            if len(self.pipeline) < MAX_PIPELINE and following.body_buffered <= READ_HIGH_WATER:
                self.flow.resume_reading()
            return
        if self._pending_error:
            self.transport.write(self._pending_error)
            self._close_after_error()
            return
        if self._eof:
            self.transport.close()
            return
        if self._upgrading:
            self._upgrade_to_websocket()  # the switch waited for this response (RFC 9112 §9.3.2)
            return
        flow = self.flow
        if flow.read_paused:
            flow.resume_reading()
        self._idle_since = self.loop.time()

    # --- the connection's own actions ---------------------------------------------------------

    def _reject(self, status: int, message: str) -> None:
        """Answer a request the parser (or a timeout) refused, after any responses still owed, then close."""
        if self._draining or self.transport.is_closing():
            return  # already ending: after write_eof() nothing more may be written
        self._closing = True
        self.flow.pause_reading()
        cycle = self.cycle
        if self._message_open and cycle is not None and not self._skip:
            # The body of a request already handed to the app is broken.
            self._message_open = False
            cycle.body_failed()
            if cycle.state != WAITING:
                # Its response has begun: it still goes out, then the connection ends.
                if cycle.state == DONE:
                    self.transport.close()
                return
            # Nothing answered yet: the client gets the 4xx its request earned, as on
            # uvicorn, and the app sees the client gone (never a 5xx the client caused).
            if self.pipeline and self.pipeline[-1][0] is cycle:
                # Never started: drop it; the answer waits for the earlier responses
                # (it stays self.cycle, never complete, so the answer is queued below).
                self.pipeline.pop()
            else:
                cycle.connection_lost()
                self.cycle = cycle = None
        response = plain_response(status, message, clean_default_headers(self.server_state.default_headers))
        if cycle is None or cycle.state == DONE:
            self.transport.write(response)
            self._close_after_error()
        else:
            self._pending_error = response

    def _close_after_error(self) -> None:
        """Lingering close (RFC 9112 §9.6): half-close, drain the client's input for a while, then close.

        Closing with unread input makes the kernel send a reset, which can destroy the
        error response before the client has read it.
        """
        transport = self.transport
        if not transport.can_write_eof():
            transport.close()
            return
        transport.write_eof()
        self._draining = True
        self.flow.resume_reading()
        self.loop.call_later(LINGER_SECONDS, transport.close)

    def _wants_websocket(self) -> bool:
        if self.ws_protocol_class is None:
            return False
        connection: list[bytes] = []
        upgrade = None
        for name, value in self.headers:
            if name == b"connection":
                connection = [token.strip().lower() for token in value.split(b",")]
            elif name == b"upgrade":
                upgrade = value.lower()
        return b"upgrade" in connection and upgrade == b"websocket"

    def _upgrade_to_websocket(self) -> None:
        """Hand the connection to uvicorn's configured WebSocket protocol, replaying the request.

        A response still owed to an earlier pipelined request goes out first (RFC 9112
        §9.3.2), never inside the WebSocket: until then reading pauses, and
        ``after_response`` calls this again.
        """
        cycle = self.cycle
        if cycle is not None and cycle.state != DONE:
            self.flow.pause_reading()
            return
        self.connections.discard(self)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        method = self.parser.get_method()
        lines = [method, b" ", self.url, b" HTTP/1.1\r\n"]
        for name, value in self.headers:
            lines += [name, b": ", value, b"\r\n"]
        lines.append(b"\r\n")
        protocol = self.ws_protocol_class(
            config=self.config, server_state=self.server_state, app_state=self.app_state
        )
        protocol.connection_made(self.transport)
        # The transport belongs to the new protocol before it reads anything, so that if
        # it fails, its own connection_lost() cleans up (uvicorn's order).
        self.transport.set_protocol(protocol)
        self.flow.resume_reading()  # if the switch waited; bytes arrive on a later turn, after the replay
        protocol.data_received(b"".join(lines))

    def _unsupported_upgrade(self) -> None:
        """The request asked for an upgrade that is not served: it is answered as plain HTTP."""
        self.logger.warning("Unsupported upgrade request.")
        if self.ws_protocol_class is None:
            # uvicorn's wording, word for word, so that log searches and alerts keep working.
            self.logger.warning(
                "No supported WebSocket library detected. Please use \"pip install 'uvicorn[standard]'\", "
                "or install 'websockets' or 'wsproto' manually."
            )


class CycleCore:
    """One request's ASGI ``receive``/``send``, its app's task, body buffering and response framing."""

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
        "_held",
        "_held_size",
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
        self._held = None
        self._held_size = 0

    @property
    def response_ended(self) -> bool:
        """Whether the response is over: all handed to the transport, or given up after an error."""
        return self.state == DONE

    @property
    def body_buffered(self) -> int:
        """Bytes of request body received but not yet handed to the application."""
        return self._body_size

    # --- events from the connection -------------------------------------------------

    def feed_body(self, data: bytes) -> bool:
        """Buffer request body bytes; return True when the buffer is over its high-water mark."""
        if self.state == DONE:
            # The response is complete: the rest of the body is read and dropped, as
            # uvicorn does, so that the next request on the connection is reached.
            if self._body_size:
                self._body.clear()
                self._body_size = 0
            return False
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

    def _receive_now(self) -> dict[str, Any] | None:
        """The synchronous half of ``receive()``: the next message if there is one, else None."""
        if self._continue:
            # RFC 9110 §10.1.1: the client waits for 100 before sending the body; the
            # app asking for the body is our cue. Never once a final response began.
            self._continue = False
            if self.state == WAITING and not self.disconnected:
                self.transport.write(_CONTINUE)
        if self.disconnected or self.state == DONE or self._body_broken:
            return {"type": "http.disconnect"}
        if self._body_size or (not self._more_body and not self._final_delivered):
            body = b"".join(self._body)
            self._body.clear()
            self._body_size = 0
            more = self._more_body
            self._final_delivered = not more
            self.conn.body_consumed(self)
            return {"type": "http.request", "body": body, "more_body": more}
        return None

    # --- the synchronous half of send() ----------------------------------------------

    def _dispatch(self, message: dict[str, Any]) -> int:
        """Handle one ``send()`` message now if it can be; return SENT, PATHSEND or DRAIN (see ``_shared``).

        Any error leaves the state FAILED (unless the response completed), so that not
        one more byte of this response is written.
        """
        if self.disconnected:
            return SENT  # the client left; the application may finish quietly
        if self.conn.flow.write_paused:
            return DRAIN
        # ASGI messages are dicts; a mapping is read as one.
        fields = message if type(message) is dict else dict(message)
        kind = fields["type"]
        state = self.state
        try:
            if kind == "http.response.body":
                if state == HEAD_READY or state == STREAMING:
                    self._send_body(fields.get("body", b""), fields.get("more_body", False))
                    return SENT
            elif kind == "http.response.start":
                if state == WAITING:
                    self._start_response(fields)
                    return SENT
            elif kind == "http.response.pathsend":
                if state == HEAD_READY:
                    return PATHSEND
            elif kind == "http.response.trailers":
                if state == TRAILERS or ((state == HEAD_READY or state == STREAMING) and self._expect_trailers):
                    self._send_trailers(fields)
                    return SENT
            elif kind == "http.response.early_hint":
                if state == WAITING:
                    self._early_hint(fields.get("links", ()))
                    return SENT
            else:
                raise RuntimeError(f"Unexpected ASGI message type {kind!r}.")
        except BaseException:
            if self.state != DONE:
                self.state = FAILED
            raise
        # A message out of order is the application's mistake; the response stays as it was.
        raise RuntimeError(ORDER_ERRORS[state] % kind)

    def _start_response(self, message: dict[str, Any]) -> None:
        """``http.response.start``: build and validate the head now; it is written with the body."""
        status = message["status"]
        if type(status) is int and not 200 <= status <= 599:
            # RFC 9110 §15.2: interim responses are not final ones (see early_hint); §15:
            # the classes end at 5xx, and a client treats anything above as an error.
            raise ValueError(f"status {status} cannot be a final response (200 to 599)")
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
        # The head waits for a body sent in this same turn; if none comes, it leaves alone.
        self.conn.loop.call_soon(self._flush_head)

    def _send_trailers(self, message: dict[str, Any]) -> None:
        self._trailers.extend(message.get("headers", ()))
        if message.get("more_trailers", False):
            return
        if self.state != TRAILERS:
            raise RuntimeError("Unexpected ASGI message 'http.response.trailers' before the body ended.")
        if self._framing == FRAMING_CHUNKED:
            # RFC 9110 §6.5: trailers only reach a client that said "TE: trailers".
            self._write(last_chunk(self._trailers if self._trailers_ok else None))
        self._finish()

    def _early_hint(self, links: Any) -> None:
        if self.http_version != "1.1":
            return  # RFC 9110 §15.2: no 1xx to an HTTP/1.0 client
        head, _, _, _ = build_head(103, [(b"link", link) for link in links], keep_alive=True)
        self.transport.write(head)

    def _flush_head(self) -> None:
        """Write a head whose first body bytes did not follow in the same turn of the loop."""
        if self.state == HEAD_READY and not self._head_sent and not self.disconnected:
            if self.transport.is_closing():
                return
            self._head_sent = True
            if self.conn.access_log:
                log_access(self.scope, self._status)
            self.transport.write(self._head)

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
        if ends or self.state == HEAD_READY:
            self._write(data)  # a whole response, or the head with its first bytes, leaves now
        elif data:
            self._hold(data)
        if ends:
            if self._expect_trailers:
                self.state = TRAILERS
            else:
                self._finish()

    def _write(self, data: bytes) -> None:
        if self.state == HEAD_READY:
            self.state = STREAMING
            if self._head_sent:  # _flush_head wrote it
                if data:
                    self.transport.write(data)
                return
            # The head leaves with the first body bytes, in one write when small.
            self._head_sent = True
            head = self._head
            if self.conn.access_log:
                log_access(self.scope, self._status)
            if len(data) <= COALESCE_LIMIT:
                self.transport.write(head + data)
            else:
                self.transport.writelines((head, data))
        elif self._held is not None:
            self._held.append(data)
            self._flush_held()
        elif data:
            self.transport.write(data)

    def _hold(self, data: bytes) -> None:
        """Keep a streamed chunk until the end of this turn of the loop, to write it with the next ones.

        An app streaming many small chunks in one turn then costs one write system
        call, not one per chunk; the last chunk of a response, or 64 KiB held, flushes
        at once, and whatever a turn held leaves at its end, so nothing waits longer.
        """
        held = self._held
        if held is None:
            self._held = held = []
            self.conn.loop.call_soon(self._flush_held)
        held.append(data)
        self._held_size += len(data)
        if self._held_size >= COALESCE_LIMIT:
            self._flush_held()

    def _flush_held(self) -> None:
        """Write the chunks held back in this turn (see ``_hold``), in one call."""
        held = self._held
        if held is None:
            return
        self._held = None
        self._held_size = 0
        if self.disconnected or self.transport.is_closing():
            return
        self.transport.write(b"".join(held))

    def _finish(self) -> None:
        self.state = DONE
        self._wake()
        if not self.keep_alive or self._framing == FRAMING_CLOSE:
            self.keep_alive = False
            self.transport.close()
        self.conn.after_response(self)

    def _abort(self) -> None:
        """Give up after the head went out: close without completing the framing (RFC 9112 §8)."""
        self._flush_held()  # what the app sent before failing still goes out
        self.state = DONE
        self.keep_alive = False
        self._wake()
        self.transport.close()
        self.conn.after_response(self)

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
