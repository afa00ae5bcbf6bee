"""Applications streaming server-sent events, for the SSE tests (in-thread and in a server subprocess).

``Probe`` is shared with the test: the sources record there, from the server's thread,
when they start and when they are closed, so a test can wait for either.
"""

from __future__ import annotations

import asyncio
import sys
import threading

from fastresp import Application, ServerSentEvent
from fastresp.plugins import AutoHeadResponse, Compression, ConditionalHeaders, PartialContent


class Probe:
    """What the event sources did: started, closed (their ``finally`` ran), by name."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.started: dict[str, int] = {}
        self.closed: dict[str, int] = {}
        self.release = threading.Event()  # lets the "gated" source go on

    def count(self, table: dict[str, int], name: str) -> None:
        with self.lock:
            table[name] = table.get(name, 0) + 1


def sse_app(probe: Probe, *, plugins: bool = False) -> Application:
    """Routes of every kind of source: items of each type, a producer, quiet, endless, failing ones."""
    app = Application()
    if plugins:
        app.install(AutoHeadResponse)
        app.install(ConditionalHeaders)
        app.install(PartialContent)
        app.install(Compression, minimum_size=0)

    @app.get("/items")
    async def items(call):
        async def source():
            yield ServerSentEvent({"token": "hi"}, event="tick", id="1")
            yield "plain\r\nline two"
            yield b"bytes"
            yield {"data": [1, 2], "retry": 2500, "id": "2"}
            yield ServerSentEvent("ok", comment="note")

        await call.respond_sse(source())

    @app.get("/producer")
    async def producer(call):
        async def produce(sender):
            for n in range(3):
                await sender.send(ServerSentEvent(str(n), id=str(n)))

        await call.respond_sse(produce)

    @app.get("/resume")
    async def resume(call):
        start = int(call.request.last_event_id or 0)

        async def source():
            for n in range(start + 1, start + 4):
                yield ServerSentEvent(f"event {n}", id=str(n))

        await call.respond_sse(source())

    @app.get("/echo-id")
    async def echo_id(call):
        async def source():
            yield ServerSentEvent(repr(call.request.last_event_id))

        await call.respond_sse(source())

    @app.get("/quiet")
    async def quiet(call):
        async def source():
            await asyncio.sleep(float(call.parameters["wait"]))
            yield "late"

        await call.respond_sse(source(), ping=float(call.parameters["ping"]))

    @app.get("/endless")
    async def endless(call):
        name = call.parameters.get("name", "endless")

        async def source():
            probe.count(probe.started, name)
            try:
                yield ServerSentEvent("first", id="1")
                while True:
                    await asyncio.sleep(3600)
                    yield "never"
            finally:
                probe.count(probe.closed, name)

        await call.respond_sse(source(), ping=float(call.parameters.get("ping", "1")))

    @app.get("/endless-producer")
    async def endless_producer(call):
        async def produce(sender):
            probe.count(probe.started, "producer")
            try:
                await sender.send("first")
                await asyncio.sleep(3600)
            finally:
                probe.count(probe.closed, "producer")

        await call.respond_sse(produce, ping=1.0)

    @app.get("/gated")
    async def gated(call):
        async def source():
            yield ServerSentEvent("before", id="1")
            # The second event waits for the client to have read the first: a buffering
            # or compressing plugin would hold the first back and this would never end.
            while not probe.release.is_set():
                await asyncio.sleep(0.01)
            yield ServerSentEvent("after", id="2")

        await call.respond_sse(source())

    @app.get("/fails")
    async def fails(call):
        async def source():
            yield "one"
            raise RuntimeError("the feed broke")

        await call.respond_sse(source())

    @app.get("/bad-item")
    async def bad_item(call):
        async def source():
            yield "one"
            yield 3.5

        await call.respond_sse(source())

    @app.get("/stats")
    async def stats(call):
        with probe.lock:
            await call.respond_text(f"{sum(probe.started.values())} {sum(probe.closed.values())}")

    @app.get("/bad-ping")
    async def bad_ping(call):
        async def source():
            yield "never sent"

        await call.respond_sse(source(), ping=-1)

    return app


def main() -> None:
    """``python sse_apps.py PORT [HTTP]``: serve ``sse_app`` on 127.0.0.1 until interrupted."""
    import uvicorn

    port = int(sys.argv[1])
    http = sys.argv[2] if len(sys.argv) > 2 else "auto"
    uvicorn.run(sse_app(Probe()), host="127.0.0.1", port=port, http=http, log_level="warning", backlog=2048)


if __name__ == "__main__":
    main()
