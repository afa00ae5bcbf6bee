"""What uvicorn's protocol-test mocks lack for fastresp's protocol, added without editing their file.

uvicorn's protocols only call ``loop.call_later``; fastresp's protocol keeps one
timer per connection and re-arms it at an absolute deadline (``loop.time()`` and
``loop.call_at``), sends a response head that no body followed on the loop's next
turn (``loop.call_soon``), asks whether a request's task is still running
(``Task.done()``), watches the transport's write buffer for its send timeout
(``get_write_buffer_size``) and asks the transport whether it can half-close before a
lingering close (``can_write_eof``). The additions keep the mocks' meaning for
uvicorn's own protocols, which must still pass every case.
"""

from __future__ import annotations

import asyncio
from types import ModuleType

#: The mock loops made by the current test (see ``close_unrun_tasks``).
LOOPS: list = []


def close_unrun_tasks() -> None:
    """Close the coroutines of tasks a test created but never ran, as a real loop cancels them at shutdown.

    Some cases leave a task unrun (a pipelined request, say); left to the garbage
    collector, its coroutine warns "never awaited" in whichever later test collects it.
    """
    while LOOPS:
        loop = LOOPS.pop()
        for coroutine in [*loop._tasks, *loop.coroutines]:
            coroutine.close()  # a no-op for one that finished


def adapt_mocks(module: ModuleType) -> None:
    """Replace ``module.MockLoop`` by a clocked subclass and give ``MockTransport`` ``can_write_eof``."""
    base_loop = module.MockLoop

    class ClockedMockLoop(base_loop):
        """MockLoop with a clock: ``run_later(t)`` moves it to ``t`` and fires the timers due by then.

        Timers are stored with absolute due times (``delay`` is measured from the clock's
        start, which is how ``run_later(with_delay=...)`` already reads it), and a timer
        armed by a firing callback stays scheduled instead of being dropped.
        """

        def __init__(self) -> None:
            super().__init__()
            self._now = 0.0
            self.coroutines = []  # every coroutine given to create_task
            LOOPS.append(self)

        def time(self) -> float:
            return self._now

        def call_later(self, delay, callback, *args):
            return super().call_later(self._now + delay, callback, *args)

        def call_at(self, when, callback, *args):
            return super().call_later(when, callback, *args)

        def create_task(self, coroutine, **kwargs):
            # A task that can say whether its coroutine has finished (Task.done()), which
            # fastresp checks before it closes a connection whose request failed.
            task = TrackedMockTask()
            self.coroutines.append(coroutine)
            self._tasks.insert(0, task.track(coroutine))
            return task

        def call_soon(self, callback, *args, context=None):
            # The tests await run_one() on a real event loop: "soon" is that loop's next
            # turn, as it would be in a server.
            return asyncio.get_running_loop().call_soon(callback, *args, context=context)

        def run_later(self, with_delay: float) -> None:
            self._now = max(self._now, with_delay)
            for handle in [handle for handle in self._later if handle.delay <= self._now]:
                if not handle.cancelled:  # an earlier callback may have cancelled it
                    handle.cancel()  # off the list; a fired handle's cancel() is a no-op, as in asyncio
                    handle.callback(*handle.args)

    class TrackedMockTask(module.MockTask):
        """MockTask whose ``done()`` turns true when the coroutine run_one() awaits has finished."""

        def __init__(self) -> None:
            self._done = False

        async def track(self, coroutine):
            try:
                return await coroutine
            finally:
                self._done = True

        def done(self) -> bool:
            return self._done

    module.MockLoop = ClockedMockLoop

    # Like a TLS transport, the mock cannot half-close: a lingering close (RFC 9112
    # §9.6) then closes at once, which is what the tests observe with is_closing().
    module.MockTransport.can_write_eof = lambda self: False
    # The mock's writes complete at once: nothing is ever waiting in its buffer (fastresp
    # reads this for its send timeout).
    module.MockTransport.get_write_buffer_size = lambda self: 0
