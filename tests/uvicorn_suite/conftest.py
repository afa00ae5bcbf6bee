"""Fixtures uvicorn's protocol tests expect (from its own conftest), with fastresp's protocol added.

``http_protocol_cls`` is parametrised over uvicorn's two HTTP/1.1 protocols and
fastresp's, so every one of uvicorn's cases runs on all three. A fastresp case
that fails must be listed, with its reason, in docs/compat.md (see
``tests/compat_doc.py``); it is then an expected failure, strict: if it starts to
pass, the run fails until the entry is removed.
"""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path

import pytest
from compat_doc import expected_failures
from mock_adaptations import close_unrun_tasks
from uvicorn.config import LOGGING_CONFIG
from uvicorn.importer import import_from_string

#: The protocol classes, as uvicorn's fixture names them, and fastresp's.
FASTRESP = "fastresp.server:HttpProtocol"
HTTP_PROTOCOLS = {
    "httptools": "uvicorn.protocols.http.httptools_impl:HttpToolsProtocol",
    "h11": "uvicorn.protocols.http.h11_impl:H11Protocol",
    "fastresp": FASTRESP,
}
WS_PROTOCOLS = {
    "wsproto": "uvicorn.protocols.websockets.wsproto_impl:WSProtocol",
    "websockets-sansio": "uvicorn.protocols.websockets.websockets_sansio_impl:WebSocketsSansIOProtocol",
}


@pytest.fixture(params=list(HTTP_PROTOCOLS.values()), ids=list(HTTP_PROTOCOLS))
def http_protocol_cls(request):
    """The HTTP protocol class under test."""
    return import_from_string(request.param)


@pytest.fixture(params=list(WS_PROTOCOLS.values()), ids=list(WS_PROTOCOLS))
def ws_protocol_cls(request):
    """The WebSocket protocol class an upgrade is handed to."""
    return import_from_string(request.param)


@pytest.fixture
def anyio_backend() -> str:
    """uvicorn's tests run on asyncio (anyio's pytest plugin drives the coroutines)."""
    return "asyncio"


@pytest.fixture
def unused_tcp_port() -> int:
    """A free port on 127.0.0.1."""
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _uvicorn_logs_propagate(monkeypatch):
    """Let caplog see uvicorn's loggers, as uvicorn's conftest does (it sets this for its whole run)."""
    monkeypatch.setitem(LOGGING_CONFIG["loggers"]["uvicorn"], "propagate", True)


@pytest.fixture(autouse=True)
def _close_unrun_tasks():
    """After each case, close the tasks its mock loop never ran."""
    yield
    close_unrun_tasks()


#: uvicorn cases that call pytest.skip() for one of uvicorn's own protocols: not run for it
#: (deselected, so a green run shows no skips), as in uvicorn's own suite.
SELF_SKIPPING = {"test_keepalive_timeout_with_pipelined_websocket_upgrade": "uvicorn.protocols.http.httptools_impl"}


def pytest_collection_modifyitems(config, items) -> None:
    """Mark the fastresp cases docs/compat.md lists as strict expected failures, with their reasons."""
    table = None
    here = Path(__file__).parent
    deselected = []
    for item in items:
        if item.path.parent != here:
            continue  # (this hook sees the whole session's items)
        callspec = getattr(item, "callspec", None)
        skipping = SELF_SKIPPING.get(item.originalname)
        if callspec is not None and skipping and callspec.params["http_protocol_cls"].startswith(skipping):
            deselected.append(item)
            continue
        if callspec is None or callspec.params.get("http_protocol_cls") != FASTRESP:
            continue
        if table is None:
            table = expected_failures()
        reason = table.reason_for(item.name)
        if reason is not None:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]
