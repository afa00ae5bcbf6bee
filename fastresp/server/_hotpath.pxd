# The C types of _hotpath.py when Cython compiles it (pure-Python mode): module
# constants as C integers, the per-connection and per-request state as typed fields,
# and the hot methods as cpdef with typed locals. Uncompiled, the .py ignores this file.

import cython

cdef int WAITING, HEAD_READY, STREAMING, TRAILERS, DONE, FAILED
cdef int SENT, PATHSEND, DRAIN
cdef int FRAMING_NONE, FRAMING_LENGTH, FRAMING_CHUNKED, FRAMING_CLOSE
cdef Py_ssize_t COALESCE_LIMIT, READ_HIGH_WATER, MAX_PIPELINE
cdef dict EXTENSIONS_10, EXTENSIONS_11
cdef bint _PY311
cdef object _Task
cdef tuple _BODY_TYPES
cdef bytes _CONTINUE
cdef frozenset FORWARDED_SCHEMES


cdef class CycleCore


cdef class ProtocolCore:
    # The request head being parsed.
    cdef public bytes url
    cdef public list headers
    cdef public Py_ssize_t _head_size
    cdef public Py_ssize_t max_head_size
    cdef public bint _expect_continue
    cdef public bint _te_trailers
    cdef public bint _upgrade_asked
    cdef public object _idle_since
    cdef public object _head_started
    # The connection and what it serves.
    cdef public object config
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
    cdef public object ws_protocol_class
    cdef public object _timer
    cdef public bint reset_contextvars
    cdef public bint eager_start
    cdef public object _ready
    cdef public bint access_log
    # uvicorn's ProxyHeadersMiddleware done natively (proxy.py): its trusted hosts, and
    # whether this connection's peer is one of them.
    cdef public object proxy_trust
    cdef public bint _via_proxy
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

    cpdef on_url(self, bytes url)
    @cython.locals(size=Py_ssize_t)
    cpdef on_header(self, bytes name, bytes value)
    @cython.locals(cycle=CycleCore, previous=CycleCore)
    cpdef on_headers_complete(self)
    @cython.locals(cycle=CycleCore)
    cpdef on_body(self, body)
    @cython.locals(cycle=CycleCore)
    cpdef on_message_complete(self)
    @cython.locals(target=bytes, raw_path=bytes, query=bytes, scope=dict, extensions=dict)
    cpdef request_scope(self, bytes method, str http_version)
    @cython.locals(forwarded_for=list)
    cpdef _apply_forwarded(self, dict scope)
    cpdef bint _wants_websocket(self)
    cpdef _run_app(self, CycleCore cycle, app, bint eager)
    cpdef body_consumed(self, cycle)
    @cython.locals(following=CycleCore)
    cpdef after_response(self, CycleCore cycle)
    @cython.locals(cycle=CycleCore)
    cpdef _reject(self, status, message)


cdef class CycleCore:
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

    cpdef feed_body(self, data)
    cpdef body_complete(self)
    cpdef _wake(self)
    @cython.locals(fields=dict, state=int)
    cpdef _dispatch(self, message)
    cpdef _start_response(self, dict message)
    cpdef _send_trailers(self, dict message)
    @cython.locals(remaining=cython.longlong, framing=int, ends=bint)
    cpdef _send_body(self, body, more)
    cpdef _write(self, bytes data)
    cpdef _hold(self, bytes data)
    cpdef _flush_held(self)
    cpdef _finish(self)
    cpdef _abort(self)
    cpdef _check_ending(self, result)
    cpdef _send_500(self)
