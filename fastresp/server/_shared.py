"""Facts the server's hot path and its Python subclasses share: response states, order errors, limits.

Plain Python, read by ``_hotpath`` (compiled or not), ``cycle.py`` and ``protocol.py``,
so the numbers, texts and exception classes are written once.
"""

from __future__ import annotations

from typing import Any

# Response states, in the only order they can follow each other.
WAITING = 0  # no http.response.start yet
HEAD_READY = 1  # head built and validated, not written
STREAMING = 2  # head written, body under way
TRAILERS = 3  # body done, waiting for http.response.trailers
DONE = 4  # response complete (or abandoned after an error)
FAILED = 5  # a send() raised: nothing more is written; run_asgi answers 500 or aborts

# What CycleCore._dispatch asks send() to do next.
SENT = 0  # the message is handled (or ignored: the client is gone)
PATHSEND = 1  # await the file transfer of an http.response.pathsend
DRAIN = 2  # wait for the transport to drain, then dispatch the message again

#: The RuntimeError text for a message that is not allowed in a state, by state.
ORDER_ERRORS = {
    WAITING: "Expected ASGI message 'http.response.start', but got %r.",
    HEAD_READY: "Unexpected ASGI message %r: the response has already started.",
    STREAMING: "Unexpected ASGI message %r while the body is being sent.",
    TRAILERS: "Unexpected ASGI message %r: only 'http.response.trailers' may follow the body.",
    DONE: "Unexpected ASGI message %r sent, after response already completed.",
    FAILED: "Unexpected ASGI message %r: an earlier send() failed.",
}

#: Requests parsed ahead of the one being answered before the connection stops reading.
MAX_PIPELINE = 16

#: Bodies up to this size are joined to the head and leave in one write.
COALESCE_LIMIT = 65536

#: The ASGI extensions a request scope offers, by HTTP version (RFC 9110 §15.2: no 1xx for 1.0).
EXTENSIONS_11: dict[str, Any] = {
    "http.response.pathsend": {},
    "http.response.early_hint": {},
    "fastresp.reason_phrase": {},
}
EXTENSIONS_10: dict[str, Any] = {"http.response.pathsend": {}, "fastresp.reason_phrase": {}}
#: Added when the client sent "TE: trailers" (RFC 9110 §10.1.4).
TRAILERS_EXTENSION: dict[str, Any] = {}


class ClientError(Exception):
    """Raised from a parser callback to refuse a request: answered with ``status`` and ``text``, then closed."""

    status = 400
    text = "Bad Request"
    #: The warning logged (uvicorn logs client errors at WARNING), or "" for none.
    log = ""


class HeadTooLarge(ClientError):
    """The request head is over the size limit (RFC 6585 §5: 431)."""

    status = 431
    text = "Request Header Fields Too Large"


class VersionNotSupported(ClientError):
    """The request line names a version other than HTTP/1.0 or HTTP/1.1 (RFC 9110 §15.6.6: 505)."""

    status = 505
    text = "HTTP Version Not Supported"
    log = "Unsupported HTTP version in request."


class UnsupportedTransferCoding(ClientError):
    """The request uses a transfer coding other than chunked (RFC 9112 §6.1: 501)."""

    status = 501
    text = "Not Implemented"
    log = "Unsupported transfer coding in request."
