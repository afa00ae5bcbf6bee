"""Server-sent events: the ``ServerSentEvent`` value and the content that streams a source of them.

The wire format is the WHATWG HTML standard's event stream (§9.2.5), written by the
core's ``encode_sse_event``. The stream is live: it is sent as it is produced, never
buffered, compressed, sliced or answered from a cache (``OutgoingContent.live``), and
it ends, closing its source, as soon as the client goes away.
"""

from __future__ import annotations

import asyncio
import inspect
import math
from collections.abc import AsyncIterable, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core import encode_sse_event
from ..http.content_type import ContentType
from . import json_codec
from .contents import OutgoingContent, Send

__all__ = ["EventSender", "EventSource", "EventStreamContent", "ServerSentEvent", "encode_event"]

_EVENT_STREAM = ContentType.Text.EventStream
_FIELDS = frozenset(("data", "event", "id", "retry", "comment"))
#: The keep-alive sent when the source is quiet: a comment, which EventSource ignores
#: but which keeps proxies and load balancers from timing the connection out.
PING = encode_sse_event(comment="ping")


@dataclass(frozen=True)
class ServerSentEvent:
    """One event: ``data`` (str, bytes, or any other value, sent as JSON) and optional fields.

    ``event`` names its type (EventSource's ``addEventListener(type)``), ``id`` becomes
    the client's Last-Event-ID, ``retry`` sets its reconnection delay in milliseconds,
    ``comment`` adds ``:`` lines the client ignores.
    """

    data: Any = None
    event: str | None = None
    id: str | None = None
    retry: int | None = None
    comment: str | None = None


#: What ``encode_event`` accepts: an event, its data alone, or a dict of its fields.
EventItem = ServerSentEvent | str | bytes | Mapping[str, Any]


def _data(value: Any) -> str | bytes | None:
    """str and bytes go as they are; any other value (dict, list, number) as compact JSON."""
    if value is None or isinstance(value, (str, bytes)):
        return value
    return json_codec.dumps(value)  # JSON escapes CR and LF, so it stays one data line


def encode_event(item: EventItem) -> bytes:
    """The bytes of one item of an event source (raises TypeError/ValueError naming a bad one).

    A str or bytes is the data of an event; a dict has ``ServerSentEvent``'s fields as keys.
    """
    kind = type(item)
    if kind is str or kind is bytes:  # the usual item first: one call into the core
        return encode_sse_event(item)
    if kind is ServerSentEvent or isinstance(item, ServerSentEvent):
        return encode_sse_event(
            _data(item.data), event=item.event, id=item.id, retry=item.retry, comment=item.comment
        )
    if isinstance(item, (str, bytes)):
        return encode_sse_event(item)
    if isinstance(item, Mapping):
        for key in item:
            if key not in _FIELDS:
                raise TypeError(
                    f"unknown event field {key!r} in {item!r}: use data, event, id, retry or comment"
                )
        return encode_sse_event(
            _data(item.get("data")),
            event=item.get("event"),
            id=item.get("id"),
            retry=item.get("retry"),
            comment=item.get("comment"),
        )
    raise TypeError(f"an event must be a ServerSentEvent, str, bytes or dict, got {type(item).__name__}")


class _Stream:
    """The body being sent: one ASGI message per event, and when the last one left."""

    __slots__ = ("clock", "last", "send", "sending")

    def __init__(self, send: Send, clock: Callable[[], float]) -> None:
        self.send = send
        self.clock = clock
        self.last = clock()
        #: Messages inside ``send`` now (waiting for the socket to drain): then a ping is not needed.
        self.sending = 0

    async def write(self, data: bytes) -> None:
        """Send ``data`` as one body message, flushed at once (an event must not wait in a buffer)."""
        self.sending += 1
        try:
            await self.send({"type": "http.response.body", "body": data, "more_body": True})
        finally:
            self.sending -= 1
            self.last = self.clock()


class EventSender:
    """What a producer given to ``respond_sse`` gets: ``await sender.send(event)`` sends one event now."""

    __slots__ = ("_stream",)

    def __init__(self, stream: _Stream) -> None:
        self._stream = stream

    async def send(self, event: EventItem) -> None:
        """Send a ``ServerSentEvent``, a str or bytes (its data), or a dict of its fields."""
        await self._stream.write(encode_event(event))


#: ``respond_sse``'s source: an async iterable of events, or ``async def producer(sender)``.
EventSource = AsyncIterable[EventItem] | Callable[[EventSender], Awaitable[None]]


async def _until_disconnect(receive: Callable[[], Awaitable[dict[str, Any]]]) -> None:
    """Return when the server reports ``http.disconnect`` (any unread request body is skipped)."""
    while (await receive())["type"] != "http.disconnect":
        pass


class EventStreamContent(OutgoingContent):
    """A ``text/event-stream`` body sent from an event source until it ends or the client leaves.

    Built by ``call.respond_sse``. A comment ping goes out whenever nothing was sent for
    ``ping`` seconds (None: never).
    """

    live = True

    def __init__(
        self,
        source: EventSource,
        receive: Callable[[], Awaitable[dict[str, Any]]],
        ping: float | None = 15.0,
    ) -> None:
        super().__init__()
        if inspect.isasyncgenfunction(source):
            raise TypeError(
                f"source is the generator function {source.__qualname__}: pass the generator it makes, "
                f"{source.__name__}()"
            )
        if not (hasattr(source, "__aiter__") or callable(source)):
            raise TypeError(
                "source must be an async iterable of events or an async function taking a sender, "
                f"got {type(source).__name__}"
            )
        if ping is not None and (
            type(ping) is bool or not isinstance(ping, (int, float)) or not (0 < ping < math.inf)
        ):
            raise ValueError(f"ping must be a positive number of seconds or None, got {ping!r}")
        self.source = source
        self.ping = ping
        self._receive = receive
        self.content_type = _EVENT_STREAM
        # Nothing may keep a copy of a live stream, and nginx must pass each event on
        # at once rather than fill its proxy buffer first (its X-Accel-Buffering header).
        self.headers.append("Cache-Control", "no-cache")
        self.headers.append("X-Accel-Buffering", "no")

    async def send_body(self, send: Send, extensions: dict[str, Any]) -> None:
        """Send events as the source yields them, pinging when it is quiet; stop when the client leaves.

        A source that raises (or yields a bad event) raises out of here after the head,
        so the server aborts the connection; a client that leaves ends the stream quietly.
        """
        loop = asyncio.get_running_loop()
        stream = _Stream(send, loop.time)
        pump = loop.create_task(self._pump(stream))
        watcher = loop.create_task(_until_disconnect(self._receive))
        try:
            while not pump.done() and not watcher.done():
                timeout = None if self.ping is None else stream.last + self.ping - loop.time()
                if timeout is not None and timeout <= 0:
                    if stream.sending:
                        stream.last = loop.time()  # a send waiting on the socket is not quiet
                    else:
                        await stream.write(PING)
                    continue
                await asyncio.wait((pump, watcher), timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            left = watcher.done()
            watcher.cancel()
            if not pump.done():
                pump.cancel()  # the client left (or this call was cancelled): end the source
            await asyncio.wait((pump, watcher))
        error = None if pump.cancelled() else pump.exception()
        if left:
            watcher.exception()  # a receive() that failed is a connection gone, as a disconnect is
        elif error is not None:
            raise error
        # The end of the body, also when the client left: a server whose client only
        # half-closed still completes the response; one whose client is gone ignores it.
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _pump(self, stream: _Stream) -> None:
        """Run the source to its end, sending each event; an iterator is closed however it ends."""
        source = self.source
        if not hasattr(source, "__aiter__"):
            await source(EventSender(stream))
            return
        iterator = aiter(source)
        try:
            async for item in iterator:
                # stream.write(), inlined: one coroutine less per event on the hot path.
                # (A send that raises ends the stream, so ``sending`` need not be restored.)
                data = encode_event(item)
                stream.sending += 1
                await stream.send({"type": "http.response.body", "body": data, "more_body": True})
                stream.sending -= 1
                stream.last = stream.clock()
        finally:
            aclose = getattr(iterator, "aclose", None)
            if aclose is not None:
                await aclose()
