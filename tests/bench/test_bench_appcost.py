"""The in-process app cost: a real app awaited with a fixed scope, timed per request."""

from __future__ import annotations

import asyncio

from bench.suite import appcost
from bench.suite.apps import raw


def test_scope_carries_path_and_request_headers():
    scope = appcost.scope_for("/gzip", {"Accept-Encoding": "gzip"})
    assert scope["path"] == "/gzip" and scope["raw_path"] == b"/gzip"
    assert (b"accept-encoding", b"gzip") in scope["headers"]


def test_measure_times_a_real_app():
    cost = asyncio.run(appcost.measure(raw.app, "/plaintext", {}, requests=50, repeat=2))
    assert 0 < cost < 10_000


def test_receive_gives_the_body_once_then_waits():
    async def scenario():
        receive = appcost._receiver()
        first = await receive()
        waiting = asyncio.ensure_future(receive())
        await asyncio.sleep(0.01)
        still_waiting = not waiting.done()
        waiting.cancel()
        return first, still_waiting

    first, still_waiting = asyncio.run(scenario())
    assert first["type"] == "http.request" and still_waiting
