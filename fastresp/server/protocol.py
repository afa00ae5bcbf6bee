"""``HttpProtocol``: an HTTP/1.1 connection for uvicorn, parsed by httptools and answered by the core.

It keeps uvicorn's contract with its ``Server`` (constructor, connection and
task bookkeeping, ``shutdown()``, default headers, request counting) so that it
is selected with ``uvicorn.Config(app, http="fastresp.server:HttpProtocol")``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import deque
from typing import Any

import httptools

from ._shared import MAX_PIPELINE  # noqa: F401 - re-exported beside the other limits
from .cycle import RequestCycle
from .flow import FlowControl
from .logs import error_logger
from .proxy import unwrap_proxy_headers
from .speedups import EAGER_START, ProtocolCore

#: Default limit on the size of a request head (request line plus fields), in bytes.
MAX_HEAD_SIZE = 16384
#: Seconds a client may take to send one whole request head before it gets a 408.
REQUEST_HEAD_TIMEOUT = 30.0
#: Seconds a client may go without sending request body bytes we are ready to read (then 408).
REQUEST_BODY_TIMEOUT = 60.0
#: Seconds a client may go without reading any of a response we have for it (then the connection is aborted).
SEND_TIMEOUT = 60.0
#: Environment variables that override the timeouts (``fastresp run`` sets them for every worker).
TIMEOUT_VARIABLES = {
    "timeout_request_head": "FASTRESP_TIMEOUT_REQUEST_HEAD",
    "timeout_request_body": "FASTRESP_TIMEOUT_REQUEST_BODY",
    "timeout_send": "FASTRESP_TIMEOUT_SEND",
}
#: The connection timer never sleeps less than this (a zero keep-alive timeout must not spin).
MIN_TIMER_PERIOD = 0.05

_SPEC = "2.3"


def _plain_create_task() -> frozenset:
    """The ``create_task`` methods that do nothing but make an ``asyncio.Task``: asyncio's and uvloop's."""
    methods = {asyncio.BaseEventLoop.create_task}
    try:
        import uvloop
    except ImportError:  # uvloop is optional
        pass
    else:
        methods.add(uvloop.Loop.create_task)
    return frozenset(methods)


_PLAIN_CREATE_TASK = _plain_create_task()


def eager_start_allowed(loop: Any) -> bool:
    """Whether the request's task may start eagerly on ``loop`` (see ``ProtocolCore._run_app``).

    An eager task is made by ``asyncio.Task`` directly, bypassing ``loop.create_task``:
    only on Python 3.12+, on a loop whose ``create_task`` is asyncio's or uvloop's own,
    and with no task factory set (a factory, or a loop that overrides ``create_task``,
    must keep making every task).
    """
    if not EAGER_START or getattr(type(loop), "create_task", None) not in _PLAIN_CREATE_TASK:
        return False
    return loop.get_task_factory() is None


def _address(transport: asyncio.BaseTransport, name: str) -> Any:
    """Return ``(host, port)`` for "peername"/"sockname", a path for Unix sockets, or None."""
    info = transport.get_extra_info(name)
    if isinstance(info, (tuple, list)) and len(info) >= 2:
        return (str(info[0]), int(info[1]))
    if isinstance(info, str) and name == "sockname":
        return (info, None)
    return None


class HttpProtocol(ProtocolCore, asyncio.Protocol):
    """HTTP/1.1 server protocol for uvicorn: keep-alive, pipelining, flow control, ASGI 3.

    The per-request path (parser callbacks, scope, starting the application, moving
    on after its response) is in ``ProtocolCore``, compiled when the extension is built.
    """

    #: Seconds allowed for a whole request head; a slower client gets 408 and a close.
    timeout_request_head = REQUEST_HEAD_TIMEOUT
    #: Seconds allowed between two reads of request body bytes; a slower client gets 408 and a close.
    timeout_request_body = REQUEST_BODY_TIMEOUT
    #: Seconds a client may leave our response unread; then the connection is aborted.
    timeout_send = SEND_TIMEOUT

    def __init__(
        self,
        config: Any,
        server_state: Any,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        if not config.loaded:
            config.load()
        self.config = config
        # uvicorn's ProxyHeadersMiddleware, if it wraps the app, is applied natively (proxy.py).
        self.app, self.proxy_trust = unwrap_proxy_headers(config.loaded_app)
        self._via_proxy = False
        self.loop = _loop or asyncio.get_event_loop()
        self.logger = error_logger
        self.access_logger = logging.getLogger("uvicorn.access")
        self.access_log = self.access_logger.hasHandlers()
        self.parser = httptools.HttpRequestParser(self)
        try:
            # Answer the request before a "Connection: close" even if the client sent more.
            self.parser.set_dangerous_leniencies(lenient_data_after_close=True)
        except AttributeError:  # pragma: no cover - httptools < 0.6.3
            pass
        self.ws_protocol_class = config.ws_protocol_class
        self.root_path = config.root_path
        self.asgi_version = config.asgi_version
        self._asgi = {"version": config.asgi_version, "spec_version": _SPEC}
        self.limit_concurrency = config.limit_concurrency
        self.reset_contextvars = getattr(config, "reset_contextvars", False)  # absent in older uvicorn
        self.eager_start = eager_start_allowed(self.loop)
        self.timeout_keep_alive = config.timeout_keep_alive
        for attribute, variable in TIMEOUT_VARIABLES.items():
            value = os.environ.get(variable)
            if value:
                setattr(self, attribute, float(value))
        # The timer looks at least this often, so a phase that starts while it sleeps
        # (a request head after an idle wait) is never checked after its own deadline.
        self._timer_period = max(
            MIN_TIMER_PERIOD,
            min(self.timeout_keep_alive, self.timeout_request_head, self.timeout_request_body, self.timeout_send),
        )
        self.max_head_size = getattr(config, "h11_max_incomplete_event_size", None) or MAX_HEAD_SIZE
        self.app_state = app_state
        self.server_state = server_state
        self.connections = server_state.connections
        self.tasks = server_state.tasks

        self.transport: asyncio.Transport = None  # type: ignore[assignment]
        self.flow: FlowControl = None  # type: ignore[assignment]
        self.server: Any = None
        self.client: Any = None
        self.scheme = "http"
        self.cycle_class = RequestCycle
        self.cycle: RequestCycle | None = None
        self.pipeline: deque[tuple[RequestCycle, Any]] = deque()
        self._ready: tuple[RequestCycle, Any] | None = None  # parsed, its app to start after this feed
        self.scope: dict[str, Any] = None  # type: ignore[assignment]
        # What every request scope on this connection shares; copied per request.
        self.scope_template: dict[str, Any] = {}

        # The request head being parsed.
        self.url = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self._head_size = 0
        self._expect_continue = False
        self._te_trailers = False
        self._upgrade_asked = False  # the head has an Upgrade field
        self._upgrading = False
        self._skip = False  # a message after "Connection: close" or an upgrade is ignored
        self._closing = False  # no further request is accepted on this connection
        self._pending_error = b""  # a 400/431 waiting for earlier responses to go out first
        self._message_open = False  # headers of a request parsed, its body not finished
        self._eof = False  # the client half-closed its side
        self._draining = False  # an error response went out; input is read and dropped

        # One timer per connection serves the keep-alive, request-head, request-body and send timeouts.
        self._timer: asyncio.TimerHandle | None = None
        self._idle_since: float | None = None
        self._head_started: float | None = None
        self._body_received = 0  # request body bytes read on this connection, ever
        self._body_seen = 0  # ... as the timer last saw them
        self._body_since: float | None = None  # when the timer last saw body bytes arrive
        self._send_seen = 0  # the transport's write buffer size as the timer last saw it
        self._send_since = 0.0  # when the timer last saw that buffer change

    # --- asyncio.Protocol -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        """Register the connection with the server and start its idle timer."""
        self.connections.add(self)
        self.transport = transport  # type: ignore[assignment]
        self.flow = FlowControl(self.transport, self.loop)
        self.server = _address(transport, "sockname")
        self.client = _address(transport, "peername")
        self.scheme = "https" if transport.get_extra_info("sslcontext") else "http"
        if self.proxy_trust is not None:
            self._via_proxy = (self.client[0] if self.client else None) in self.proxy_trust
        # The scope's keys in their usual order; None marks the ones set per request.
        self.scope_template = {
            "type": "http",
            "asgi": self._asgi,
            "http_version": None,
            "server": self.server,
            "client": self.client,
            "scheme": self.scheme,
            "method": None,
            "root_path": self.root_path,
            "path": None,
            "raw_path": None,
            "query_string": None,
            "headers": None,
            "state": None,
            "extensions": None,
        }
        self._idle_since = self.loop.time()
        self._timer = self.loop.call_later(min(self.timeout_keep_alive, self._timer_period), self._on_timer)

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the connection; tell the running request, if any, that its client is gone."""
        self.connections.discard(self)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.cycle is not None:
            self.cycle.connection_lost()
        for cycle, _ in self.pipeline:
            cycle.connection_lost()
        self.pipeline.clear()
        if self.flow is not None:
            self.flow.resume_writing()
        self._closing = True

    def eof_received(self) -> bool | None:
        """The client half-closed: answer what it already sent, then close (keep the write side open)."""
        self._eof = True
        if self._draining:
            self.transport.close()
            return None
        if self.cycle is None or (self.cycle.response_ended and not self.pipeline):
            self.transport.close()
            return None
        if self._message_open and not self._skip:
            self.cycle.body_failed()  # that body will never be complete
        else:
            # An app waiting in receive() past its body (an event stream watching for the
            # client to leave) hears http.disconnect now, as on uvicorn, which closes on EOF.
            self.cycle._wake()
        # RFC 9112 §9.6: the client may still be reading. (TLS cannot stay half-open.)
        return self.scheme == "http" or None

    def pause_writing(self) -> None:
        """The transport's buffer is full: ``send()`` waits from now on."""
        self.flow.pause_writing()

    def resume_writing(self) -> None:
        """The transport's buffer drained: waiting ``send()`` calls continue."""
        self.flow.resume_writing()

    # --- uvicorn's Server contract ---------------------------------------------------------

    def shutdown(self) -> None:
        """Graceful shutdown: close now if idle, else after the response in progress."""
        self._closing = True
        if self.cycle is None or self.cycle.response_ended or self._abandoned():
            self.transport.close()
        else:
            self.cycle.keep_alive = False

    def _abandoned(self) -> bool:
        """Whether the current request's response can no longer come: no task runs or will run for it."""
        cycle = self.cycle
        if cycle is None or self.pipeline or self._pending_error or cycle.response_ended:
            return False
        task = cycle.task
        return task is None or task.done()

    # --- timeouts ------------------------------------------------------------------------------

    def _on_timer(self) -> None:
        """Enforce the timeouts of the connection's current phase, then look again at its next deadline.

        Sending: a client that reads none of our response for ``timeout_send`` is cut off.
        Reading a head (``timeout_request_head``) or a body we are ready for
        (``timeout_request_body``, measured between arrivals): 408 (RFC 9110 §15.5.9).
        Idle (``timeout_keep_alive``): closed (RFC 9112 §9.8).
        """
        self._timer = None
        transport = self.transport
        if transport.is_closing() or self._draining:
            return  # a lingering close has its own timer; nothing is written after write_eof()
        now = self.loop.time()
        buffered = transport.get_write_buffer_size()
        if buffered != self._send_seen:
            self._send_seen = buffered
            self._send_since = now
        if buffered:
            deadline = self._send_since + self.timeout_send
            if now >= deadline:
                transport.abort()  # close() would wait for the client to read
                return
        elif self._head_started is not None:
            deadline = self._head_started + self.timeout_request_head
            if now >= deadline:
                self._reject(408, "Request Timeout")
                return
        elif self._message_open and not self.flow.read_paused:
            if self._body_received != self._body_seen:
                self._body_seen = self._body_received
                self._body_since = now
            deadline = self._body_since + self.timeout_request_body
            if now >= deadline:
                self._reject(408, "Request Timeout")
                return
        elif self._idle_since is not None and not self.pipeline:
            deadline = self._idle_since + self.timeout_keep_alive
            if now >= deadline:
                transport.close()
                return
        else:
            if self._abandoned():
                transport.close()  # its request failed and nothing is left to answer it
                return
            deadline = now + self._timer_period  # the app is busy: look again later
        self._timer = self.loop.call_at(min(deadline, now + self._timer_period), self._on_timer)
