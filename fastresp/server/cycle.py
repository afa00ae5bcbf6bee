"""One request/response exchange: the ASGI ``receive`` and ``send`` of a single HTTP request.

The head is built by the core as soon as ``http.response.start`` arrives, so an
invalid status, reason or header raises in the application while nothing has
been written, and the server can still answer a clean 500. The head is then held
back and written together with the first body bytes if they are sent in the same
turn of the event loop; otherwise it leaves alone at the end of that turn, as on
uvicorn, so that a client (an EventSource, a proxy's first-byte timeout) never
waits for a head the app has already given. Later body parts are held the same way
(``CycleCore._hold``): the parts sent in one turn leave in one write at its end.
"""

from __future__ import annotations

from .speedups import CycleCore

__all__ = ["RequestCycle"]


class RequestCycle(CycleCore):
    """The ASGI side of one HTTP request: buffers its body and frames its response.

    All of it, the ``receive``/``send`` coroutines and ``run_asgi`` included, is in
    ``CycleCore`` (``_hotpath.py``), compiled by Cython when the extension is built.
    """

    __slots__ = ()
