"""The app-calls driver that app_instructions.sh counts: real apps, stepped without a loop."""

from __future__ import annotations

import asyncio

import pytest

from bench.suite import appcalls


@pytest.mark.parametrize(
    ("app", "scenario"),
    [(app, scenario) for app, scenarios in appcalls.APPS.items() for scenario in scenarios],
)
def test_every_counted_app_completes_each_scenario_without_a_loop(app, scenario):
    appcalls.main([app, scenario, "2"])  # raises if an app suspended or failed


def test_an_app_that_suspends_is_refused_not_half_counted():
    async def suspends(scope, receive, send):
        await asyncio.sleep(0)

    with pytest.raises(RuntimeError, match="suspended on /plaintext"):
        appcalls.call_once(suspends, "/plaintext", {})


def messages_of(monkeypatch, path: str) -> list[dict]:
    """The ASGI messages fastresp's benchmark app sends for ``path`` through ``call_once``."""
    sent = []

    async def recording(message):
        sent.append(message)

    monkeypatch.setattr(appcalls, "_send", recording)
    from bench.suite.apps import fastresp_app

    appcalls.call_once(fastresp_app.app, path, {})
    return sent


def test_the_calls_reach_the_app(monkeypatch):
    sent = messages_of(monkeypatch, "/plaintext")
    assert sent[0]["status"] == 200
    assert sent[1]["body"] == b"Hello, world!"


def test_a_scenario_the_app_cannot_serve_without_a_loop_is_refused():
    with pytest.raises(SystemExit):
        appcalls.main(["starlette_app", "stream", "1"])


def test_the_stream_sends_every_chunk_of_the_scenario(monkeypatch):
    from bench.suite.apps import common

    sent = messages_of(monkeypatch, "/stream")
    body = b"".join(message.get("body", b"") for message in sent[1:])
    assert body == common.STREAM_CHUNK * common.STREAM_CHUNKS
    assert sent[-1]["more_body"] is False
