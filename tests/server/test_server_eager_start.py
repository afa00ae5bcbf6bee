"""The request's task starts eagerly where Python offers it (3.12+), and is a real Task inside the app."""

from __future__ import annotations

import asyncio
import contextvars
import sys

import anyio
import anyio.lowlevel
import pytest
import sniffio
import uvicorn
from server_support import DEFAULT_HEADERS, RecordingTransport, protocol_on
from uvicorn.server import ServerState

GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
_VAR: contextvars.ContextVar[str] = contextvars.ContextVar("eager_var", default="unset")


async def _answer(send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


def _serve(hotpath, app, *, reset: bool = False, task_factory=None):
    """Feed one request; return (bytes written before data_received returned, after the app ended, state)."""

    async def main():
        loop = asyncio.get_running_loop()
        if task_factory is not None:
            loop.set_task_factory(task_factory)
        config = uvicorn.Config(app, lifespan="off", proxy_headers=False, access_log=False)
        config.reset_contextvars = reset
        config.load()
        state = ServerState()
        state.default_headers = DEFAULT_HEADERS
        protocol = protocol_on(hotpath)(config=config, server_state=state, app_state={}, _loop=loop)
        transport = RecordingTransport()
        protocol.connection_made(transport)
        _VAR.set("server")
        protocol.data_received(GET)
        at_once = bytes(transport.data)
        state.waited_for = len(state.tasks)  # the app's task, if it has not ended yet
        for _ in range(2000):  # at most 2 s
            await asyncio.sleep(0.001)
            if not state.tasks:
                break
        protocol.connection_lost(None)
        return at_once, bytes(transport.data), state

    return asyncio.run(main())


def test_the_app_runs_before_data_received_returns_on_312(hotpath):
    async def app(scope, receive, send):
        await _answer(send)

    at_once, after, state = _serve(hotpath, app)
    assert after.endswith(b"\r\n\r\nok") and state.total_requests == 1 and not state.tasks
    # Eager on 3.12+: answered inside data_received. Before 3.12: on the loop's next turn.
    assert at_once == (after if sys.version_info >= (3, 12) else b"")


def test_a_task_factory_keeps_every_task_its_own(hotpath):
    made = []

    def factory(loop, coro, **kwargs):
        # Named now: a compiled coroutine forgets its name once it has finished.
        made.append(coro.__qualname__)
        return asyncio.Task(coro, loop=loop, **kwargs)

    async def app(scope, receive, send):
        await _answer(send)

    at_once, after, _ = _serve(hotpath, app, task_factory=factory)
    requests = [name for name in made if name.endswith("run_asgi")]
    assert at_once == b"" and after.endswith(b"ok") and len(requests) == 1


@pytest.mark.parametrize("reset", [False, True])
def test_task_apis_work_inside_the_app(hotpath, reset):
    seen = {}

    async def app(scope, receive, send):
        task = asyncio.current_task()
        seen["task"] = task is not None and not task.done()
        seen["context"] = _VAR.get()
        _VAR.set("app")  # must not leak out of the request's context
        seen["sniffio"] = sniffio.current_async_library()
        seen["anyio"] = anyio.get_current_task().id == id(task)
        if sys.version_info >= (3, 11):
            async with asyncio.timeout(5):
                await asyncio.sleep(0)
        with anyio.fail_after(5):
            await anyio.lowlevel.checkpoint()
        message = await receive()
        seen["receive"] = message["type"]
        await _answer(send)
        seen["same_task"] = asyncio.current_task() is task

    _, after, state = _serve(hotpath, app, reset=reset)
    assert seen == {"task": True, "context": "unset" if reset else "server", "sniffio": "asyncio",
                    "anyio": True, "receive": "http.request", "same_task": True}
    assert after.endswith(b"ok") and not state.tasks and _VAR.get() == "unset"


def test_an_app_that_waits_stays_in_the_task_set_until_it_ends(hotpath):
    async def app(scope, receive, send):
        await asyncio.sleep(0.01)
        await _answer(send)

    _, after, state = _serve(hotpath, app)
    assert state.waited_for == 1 and after.endswith(b"ok") and not state.tasks


def test_eager_start_only_where_create_task_is_plain():
    """A loop that overrides ``create_task`` (instrumentation, test doubles) is never bypassed."""
    import uvloop

    from fastresp.server.protocol import eager_start_allowed

    plain = asyncio.new_event_loop()

    class Counting(type(plain)):
        def create_task(self, coro, **kwargs):
            return super().create_task(coro, **kwargs)

    own, fast = Counting(), uvloop.new_event_loop()
    try:
        assert eager_start_allowed(plain) == eager_start_allowed(fast) == (sys.version_info >= (3, 12))
        assert not eager_start_allowed(own)
        plain.set_task_factory(lambda loop, coro, **kwargs: asyncio.Task(coro, loop=loop, **kwargs))
        assert not eager_start_allowed(plain)
    finally:
        for loop in (plain, own, fast):
            loop.close()
