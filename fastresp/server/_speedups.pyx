# cython: language_level=3
"""The server's per-request hot path, compiled twin of ``_speedups_py.py``.

Same classes, attributes and behaviour as the pure twin (which is the
specification); here the per-request state lives in C fields, so the parser
callbacks and the framing of a response run without the interpreter's
attribute dictionaries. ``HttpProtocol`` and ``RequestCycle`` subclass these.
"""

cimport cython

import contextvars
import sys
from urllib.parse import unquote

import httptools

from ..core import FRAMING_CHUNKED, FRAMING_CLOSE, FRAMING_LENGTH, FRAMING_NONE, build_head, encode_chunk, last_chunk
from ._shared import (
    COALESCE_LIMIT,
    DRAIN,
    EXTENSIONS_10,
    EXTENSIONS_11,
    HOLD_LIMIT,
    MAX_PIPELINE,
    ORDER_ERRORS,
    PATHSEND,
    SENT,
    TRAILERS_EXTENSION,
    ClientError,
    HeadTooLarge,
    UnsupportedTransferCoding,
    VersionNotSupported,
)
from .defaults import clean_default_headers
from .flow import READ_HIGH_WATER
from .logs import log_access
from .responses import service_unavailable

# The states of ``_shared`` as C constants (a test checks they are the same numbers).
cdef enum:
    WAITING = 0
    HEAD_READY = 1
    STREAMING = 2
    TRAILERS = 3
    DONE = 4
    FAILED = 5

cdef int _FRAMING_NONE = FRAMING_NONE
cdef int _FRAMING_LENGTH = FRAMING_LENGTH
cdef int _FRAMING_CHUNKED = FRAMING_CHUNKED
cdef int _FRAMING_CLOSE = FRAMING_CLOSE
cdef Py_ssize_t _COALESCE_LIMIT = COALESCE_LIMIT
cdef Py_ssize_t _HOLD_LIMIT = HOLD_LIMIT
cdef Py_ssize_t _READ_HIGH_WATER = READ_HIGH_WATER
cdef Py_ssize_t _MAX_PIPELINE = MAX_PIPELINE
cdef bint _PY311 = sys.version_info >= (3, 11)
cdef tuple _BODY_TYPES = (bytes, bytearray, memoryview)
# RFC 9110 §15.2.1: the interim answer to "Expect: 100-continue"; built by the core once.
cdef bytes _CONTINUE = build_head(100, ())[0]


cdef class CycleCore


cdef class ProtocolCore:
    """The per-request half of ``HttpProtocol``: parse, build the scope, run the app, move on."""

    # The request head being parsed.
    cdef public bytes url
    cdef public list headers
    cdef public Py_ssize_t _head_size
    cdef public Py_ssize_t max_head_size
    cdef public bint _expect_continue
    cdef public bint _te_trailers
    cdef public object _idle_since
    cdef public object _head_started
    # The connection and what it serves.
    cdef public object loop
    cdef public object parser
    cdef public object transport
    cdef public object flow
    cdef public object logger
    cdef public object app
    cdef public object limit_concurrency
    cdef public object connections
    cdef public object tasks
    cdef public object server_state
    cdef public dict app_state
    cdef public dict scope_template
    cdef public object scope
    cdef public object cycle_class
    cdef public CycleCore cycle
    cdef public object pipeline
    cdef public bint reset_contextvars
    cdef public bint access_log
    # uvicorn's default headers as last cleaned for the core (it publishes a new list each second).
    cdef object _defaults_raw
    cdef object _defaults_clean
    # Connection state (see HttpProtocol.__init__).
    cdef public bint _upgrading
    cdef public bint _skip
    cdef public bint _closing
    cdef public bytes _pending_error
    cdef public bint _message_open
    cdef public bint _eof
    cdef public bint _draining
    # What the timer reads to tell a stalled request body from a moving one.
    cdef public long long _body_received
    cdef public object _body_since

    def data_received(self, data):
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

    # --- httptools callbacks --------------------------------------------------------------

    def on_message_begin(self):
        """A new request starts: reset the per-request parsing state."""
        self.url = b""
        self.headers = []
        self._head_size = 0
        self._expect_continue = False
        self._te_trailers = False
        self._idle_since = None
        self._head_started = self.loop.time()

    def on_url(self, bytes url):
        """Collect the request target (it may arrive in pieces)."""
        self.url += url
        self._head_size += len(url)
        if self._head_size > self.max_head_size:
            raise HeadTooLarge

    def on_header(self, bytes name, bytes value):
        """Collect one header field with a lowercased name, as ASGI requires."""
        self._head_size += len(name) + len(value) + 4
        if self._head_size > self.max_head_size:
            raise HeadTooLarge  # RFC 6585 §5: answered with 431
        name = name.lower()
        # RFC 9110 §5.5: surrounding whitespace is not part of a field value (the parser
        # drops the leading part only). Checked on the last byte before any call.
        cdef Py_ssize_t size = len(value)
        if size and (value[size - 1] == 32 or value[size - 1] == 9):
            value = value.rstrip(b" \t")
        if name == b"expect" and value.lower() == b"100-continue":
            self._expect_continue = True
        elif name == b"te" and b"trailers" in value.lower():
            self._te_trailers = True  # RFC 9110 §10.1.4: the client accepts trailer fields
        elif name == b"transfer-encoding" and value.lower() != b"chunked":
            raise UnsupportedTransferCoding  # RFC 9112 §6.1: chunked is the only coding read here
        self.headers.append((name, value))

    def on_headers_complete(self):
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
        if parser.should_upgrade() and self._wants_websocket():
            self._upgrading = True
            self._skip = True
            return
        method = parser.get_method()
        scope = self.request_scope(method, http_version)
        self.scope = scope
        keep_alive = parser.should_keep_alive()
        if not keep_alive:
            self._closing = True
        cdef CycleCore cycle = self.cycle_class(
            self, scope, method, keep_alive, self._expect_continue, self._te_trailers
        )

        app = self.app
        limit = self.limit_concurrency
        if limit is not None and (len(self.connections) >= limit or len(self.tasks) >= limit):
            app = service_unavailable
            self.logger.warning("Exceeded concurrency limit.")

        cdef CycleCore previous = self.cycle
        self.cycle = cycle
        if previous is None or previous.state == DONE:
            self._start(cycle, app)
        else:
            # RFC 9112 §9.3.2: answer pipelined requests in the order they came.
            self.pipeline.append((cycle, app))
            if len(self.pipeline) >= _MAX_PIPELINE:
                self.flow.pause_reading()

    @cython.nonecheck(True)  # no request: AttributeError, as in the pure twin
    def on_body(self, body):
        """Hand request body bytes to the request they belong to; pause reading when full."""
        self._body_received += len(body)
        if self._skip:
            return
        if self.cycle.feed_body(body):
            self.flow.pause_reading()

    @cython.nonecheck(True)
    def on_message_complete(self):
        """The request, body included, has been read."""
        self._message_open = False
        if self._skip:
            return
        self.cycle.body_complete()

    cdef object default_headers(self):
        # clean_default_headers(server_state.default_headers), skipping the call while
        # uvicorn's list is the one seen last (the pure twin calls it every time).
        raw = self.server_state.default_headers
        if raw is not self._defaults_raw:
            self._defaults_clean = clean_default_headers(raw)
            self._defaults_raw = raw
        return self._defaults_clean

    cpdef request_scope(self, bytes method, str http_version):
        """Return the ASGI HTTP scope of the head just read (a copy of the connection's template)."""
        cdef bytes target = self.url
        cdef bytes raw_path, query
        cdef dict scope, extensions
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
        extensions = (<dict>(EXTENSIONS_11 if http_version == "1.1" else EXTENSIONS_10)).copy()
        if self._te_trailers:
            extensions["http.response.trailers"] = TRAILERS_EXTENSION
        scope["extensions"] = extensions
        return scope


    # --- request lifecycle --------------------------------------------------------------------

    cpdef _start(self, CycleCore cycle, app):
        coro = cycle.run_asgi(app)
        if self.reset_contextvars:
            # A fresh context per request keeps lifespan or instrumentation context out.
            if _PY311:
                task = self.loop.create_task(coro, context=contextvars.Context())
            else:  # Python 3.10
                task = contextvars.Context().run(self.loop.create_task, coro)
        else:
            task = self.loop.create_task(coro)
        cycle.task = task  # run_asgi removes it from the set when it ends
        self.tasks.add(task)

    cpdef body_consumed(self, cycle):
        """The application took the buffered body: read more, unless requests are queued up."""
        if self.flow.read_paused and cycle is self.cycle and len(self.pipeline) < _MAX_PIPELINE:
            self.flow.resume_reading()

    cpdef response_complete(self, cycle):
        """A response went out: start the next pipelined request or let the connection idle."""
        self.server_state.total_requests += 1
        if self.transport.is_closing():
            return
        if self.pipeline:
            following, app = self.pipeline.popleft()
            self._start(following, app)
            if len(self.pipeline) < _MAX_PIPELINE and following.body_buffered <= _READ_HIGH_WATER:
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


cdef class CycleCore:
    """Request-body buffering and response framing of one request (the base of ``RequestCycle``)."""

    cdef public list _body
    cdef public bint _body_broken
    cdef public Py_ssize_t _body_size
    cdef public bint _continue
    cdef public bint _expect_trailers
    cdef public bint _final_delivered
    cdef public int _framing
    cdef public bytes _head
    cdef public bint _head_sent
    cdef public list _held
    cdef public Py_ssize_t _held_size
    cdef public object _lost
    cdef public bint _more_body
    cdef public long long _remaining
    cdef public object _status
    cdef public list _trailers
    cdef public bint _trailers_ok
    cdef public object _waiter
    cdef public ProtocolCore conn
    cdef public bint disconnected
    cdef public object http_version
    cdef public bint keep_alive
    cdef public object method
    cdef public object scope
    cdef public int state
    cdef public object task
    cdef public object transport

    def __init__(self, conn, dict scope, method, keep_alive, expect_continue, trailers_ok):
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
        self._framing = _FRAMING_NONE
        self._remaining = -1
        self._expect_trailers = False
        self._trailers = []
        self._lost = None
        self._head_sent = False
        self._body_broken = False
        self._held = []
        self._held_size = 0

    @property
    def response_complete(self):
        """Whether the whole response has been handed to the transport."""
        return self.state == DONE

    @property
    def body_buffered(self):
        """Bytes of request body received but not yet handed to the application."""
        return self._body_size

    # --- events from the connection -------------------------------------------------

    cpdef feed_body(self, data):
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
        return self._body_size > _READ_HIGH_WATER

    cpdef body_complete(self):
        """The request message ended."""
        self._more_body = False
        self._wake()

    def body_failed(self):
        """The request body cannot be read to its end: the app gets ``http.disconnect``; no keep-alive."""
        self.keep_alive = False
        self._body_broken = True
        self._wake()

    def connection_lost(self):
        """The client is gone: ``receive()`` now says so and ``send()`` becomes a no-op."""
        if self.state != DONE:
            self.disconnected = True
        self._wake()
        lost = self._lost
        if lost is not None and not lost.done():
            lost.set_result(None)

    cpdef _wake(self):
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _receive_now(self):
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

    def _dispatch(self, message):
        """Handle one ``send()`` message now if it can be; return SENT, PATHSEND or DRAIN (see ``_shared``).

        Any error leaves the state FAILED (unless the response completed), so that not
        one more byte of this response is written.
        """
        if self.disconnected:
            return SENT  # the client left; the application may finish quietly
        if self.conn.flow.write_paused:
            return DRAIN
        if type(message) is not dict:
            message = dict(message)  # ASGI messages are dicts; a mapping is read as one
        cdef dict m = <dict>message
        kind = m["type"]
        cdef int state = self.state
        try:
            if kind == "http.response.body":
                if state == HEAD_READY or state == STREAMING:
                    self._send_body(m.get("body", b""), m.get("more_body", False))
                    return SENT
            elif kind == "http.response.start":
                if state == WAITING:
                    self._start(m)
                    return SENT
            elif kind == "http.response.pathsend":
                if state == HEAD_READY:
                    return PATHSEND
            elif kind == "http.response.trailers":
                if state == TRAILERS or ((state == HEAD_READY or state == STREAMING) and self._expect_trailers):
                    self._send_trailers(m)
                    return SENT
            elif kind == "http.response.early_hint":
                if state == WAITING:
                    self._early_hint(m.get("links", ()))
                    return SENT
            else:
                raise RuntimeError(f"Unexpected ASGI message type {kind!r}.")
        except BaseException:
            if self.state != DONE:
                self.state = FAILED
            raise
        # A message out of order is the application's mistake; the response stays as it was.
        raise RuntimeError(ORDER_ERRORS[state] % kind)

    cpdef _start(self, dict message):
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
            default_headers=self.conn.default_headers(),
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

    def _flush_head(self):
        """Write a head whose first body bytes did not follow in the same turn of the loop."""
        if self.state == HEAD_READY and not self._head_sent and not self.disconnected:
            if self.transport.is_closing():
                return
            self._head_sent = True
            if self.conn.access_log:
                log_access(self.scope, self._status)
            self.transport.write(self._head)

    cpdef _send_body(self, body, more):
        cdef long long remaining
        if type(body) is not bytes:
            if not isinstance(body, _BODY_TYPES):
                raise TypeError(f"http.response.body 'body' must be bytes, got {type(body).__name__}")
            body = bytes(body)
        cdef int framing = self._framing
        cdef bint ends = not more
        if framing == _FRAMING_LENGTH:
            remaining = self._remaining - len(<bytes>body)
            if remaining < 0:
                # RFC 9112 §8: never write past the declared length.
                raise RuntimeError("Response content longer than Content-Length")
            if ends and remaining:
                raise RuntimeError("Response content shorter than Content-Length")
            self._remaining = remaining
            data = body
        elif framing == _FRAMING_CHUNKED:
            data = encode_chunk(body)
            if ends and not self._expect_trailers:
                data += last_chunk()
        elif framing == _FRAMING_NONE:
            data = b""  # RFC 9110 §6.4.1: HEAD, 1xx, 204 and 304 carry no content
        else:
            data = body
        if more and self.state == STREAMING:
            self._hold(data)  # a later part: written at the end of this turn, with any others
        else:
            self._write(data)
        if ends:
            if self._expect_trailers:
                self.state = TRAILERS
            else:
                self._finish()

    cpdef _write(self, bytes data):
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
            if len(data) <= _COALESCE_LIMIT:
                self.transport.write(head + data)
            else:
                self.transport.writelines((head, data))
        else:
            if self._held_size:  # what was held goes first, in the same write
                self._held.append(data)
                data = b"".join(self._held)
                self._held.clear()
                self._held_size = 0
            if data:
                self.transport.write(data)

    cpdef _hold(self, bytes data):
        """Hold a body part until the end of this turn of the loop, or until ``HOLD_LIMIT`` bytes are held."""
        if not data:
            return
        if not self._held_size:
            self.conn.loop.call_soon(self._release)
        self._held.append(data)
        self._held_size += len(data)
        if self._held_size >= _HOLD_LIMIT:
            self._release()

    def _release(self):
        """Write the held body parts in one write (dropped if the client is gone)."""
        if self._held_size:
            data = b"".join(self._held)
            self._held.clear()
            self._held_size = 0
            if not self.disconnected:
                self.transport.write(data)

    cpdef _finish(self):
        self.state = DONE
        self._wake()
        if not self.keep_alive or self._framing == _FRAMING_CLOSE:
            self.keep_alive = False
            self.transport.close()
        self.conn.response_complete(self)

    cpdef _abort(self):
        """Give up after the head went out: close without completing the framing (RFC 9112 §8)."""
        self._release()  # what the app sent before it failed leaves, as it would have unheld
        self.state = DONE
        self.keep_alive = False
        self._wake()
        self.transport.close()
        self.conn.response_complete(self)
