"""Test helpers for running real servers on loopback."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from fastresp import _puremode
from fastresp.core import NO_EXTENSIONS

#: The builds of a pure-Python-mode module (``fastresp._puremode``) a run must test: both,
#: unless the pure one was asked for.
PURE_MODE_BUILDS = ("python",) if NO_EXTENSIONS else ("cython", "python")


def load_build(module: str, build: str):
    """Module ``module`` compiled (``build="cython"``) or run from source, failing the test when the compiled one is missing."""
    if build == "python":
        return _puremode.source_module(module)
    try:
        return _puremode.compiled_module(module)
    except ImportError as error:
        pytest.fail(
            f"the compiled {module} was expected but cannot be imported ({error}); "
            "build it with `pip install -e .` or run with FASTRESP_NO_EXTENSIONS=1",
            pytrace=False,
        )


@contextlib.contextmanager
def serve(app, **config) -> Iterator[str]:
    """Run ``app`` on a real uvicorn bound to 127.0.0.1 in a thread; yield its base URL.

    Extra keyword arguments go to ``uvicorn.Config`` (``http=``, ``lifespan=``, ...).
    The server is stopped, and its thread joined, when the block exits.
    """
    with serve_server(app, **config) as (url, _server, _thread):
        yield url


@contextlib.contextmanager
def serve_server(
    app, *, startup_timeout: float = 10.0, **config
) -> Iterator[tuple[str, uvicorn.Server, threading.Thread]]:
    """Like ``serve``, but yield ``(url, server, thread)`` for tests that stop or inspect the server."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config.setdefault("log_level", "warning")
    config.setdefault("lifespan", "auto")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **config))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start on 127.0.0.1")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}", server, thread
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
