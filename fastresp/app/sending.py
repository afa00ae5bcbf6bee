"""Turning an ``OutgoingContent`` into ASGI messages: one head, then the body.

Everything that can fail is checked before ``http.response.start`` goes out (DESIGN:
validate before the first byte). After it, a failure raises out of the application,
and the server aborts the connection instead of completing a wrong response
(RFC 9112 §8: an incomplete message must not look complete).
"""

from __future__ import annotations

from typing import Any

from ..http.status import HttpStatusCode
from .contents import FILE_CHUNK, NoContent, OutgoingContent, Send
from .response import ApplicationResponse

__all__ = ["FILE_CHUNK", "REASON_EXTENSION", "build_start", "send_content"]

#: ASGI extension a server advertises when it sends a custom reason phrase.
REASON_EXTENSION = "fastresp.reason_phrase"


def _no_body_status(code: int) -> bool:
    """1xx, 204 and 304 never carry content, nor (1xx, 204) Content-Length (RFC 9110 §6.4.1, §8.6)."""
    return code < 200 or code == 204 or code == 304


def build_start(scope: dict[str, Any], response: ApplicationResponse, content: OutgoingContent) -> dict[str, Any]:
    """The ``http.response.start`` message; raises on any invalid value, sending nothing."""
    status = content.status or response.status() or HttpStatusCode.OK
    own = response.headers  # both header lists were checked by the core's rule as they were added
    content_type = content.content_type
    # A Content-Type set as a header replaces the payload's default (never two).
    if content_type is not None and b"content-type" not in own.names:
        head = [(b"content-type", content_type.header_value())]
    else:
        head = []
    if content.headers.pairs:
        # The handler's own headers win over the content's (a Last-Modified set by hand, say).
        head.extend(content.headers.asgi(own))
    if own.pairs:
        head.extend(own.pairs)
    if content.content_length is not None and not _no_body_status(status.value):
        head.append((b"content-length", b"%d" % content.content_length))
    message: dict[str, Any] = {"type": "http.response.start", "status": status.value, "headers": head}
    if not status.standard_description and REASON_EXTENSION in _extensions(scope):
        # The description was validated as a reason phrase when the code was built.
        message["reason"] = status.description.encode("latin-1")
    return message


def _extensions(scope: dict[str, Any]) -> dict[str, Any]:
    return scope.get("extensions") or {}


async def send_content(
    send: Send, scope: dict[str, Any], response: ApplicationResponse, content: OutgoingContent
) -> None:
    """Send ``content`` with ASGI ``send`` as the response to ``scope``: head, then body."""
    start = build_start(scope, response, content)
    no_body_status = _no_body_status(start["status"])
    empty = isinstance(content, NoContent)
    if empty and content.content_length is None and not no_body_status:
        # An empty body needs an explicit length, or HTTP/1.1 servers would chunk it.
        start["headers"].append((b"content-length", b"0"))
    response.is_committed = True
    await send(start)
    if no_body_status or empty or scope["method"] == "HEAD":
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    elif content.data is not None:  # a body in memory: one message, no coroutine of its own
        await send({"type": "http.response.body", "body": content.data, "more_body": False})
    else:
        await content.send_body(send, _extensions(scope))
    response.is_sent = True
