"""uvicorn's ProxyHeadersMiddleware done natively: the same scope as the middleware gives, on both builds."""

from __future__ import annotations

import asyncio

import pytest
import uvicorn
from server_support import exchange, protocol_on
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.server import ServerState

#: The peer every request comes from (``RecordingTransport``'s peername).
PEER = ("127.0.0.1", 5000)

TRUSTED = ["127.0.0.1", "*", "10.0.0.0/8", "127.0.0.0/8, 1.2.3.4", "::1, 127.0.0.1"]
FORWARDED = [
    [],
    [(b"X-Forwarded-Proto", b"https")],
    [(b"X-Forwarded-Proto", b" wss ")],
    [(b"X-Forwarded-Proto", b"HTTPS")],
    [(b"X-Forwarded-Proto", b"https"), (b"X-Forwarded-Proto", b"gopher")],
    [(b"X-Forwarded-For", b"203.0.113.7")],
    [(b"X-Forwarded-For", b"203.0.113.7:4711")],
    [(b"X-Forwarded-For", b"203.0.113.7, 1.2.3.4")],
    [(b"X-Forwarded-For", b"203.0.113.7"), (b"X-Forwarded-For", b"1.2.3.4, 127.0.0.1")],
    [(b"X-Forwarded-For", b"[2001:db8::1]:8080")],
    [(b"X-Forwarded-For", b"")],
    [(b"X-Forwarded-For", b"203.0.113.7"), (b"X-Forwarded-Proto", b"https")],
]


def request_with(headers) -> bytes:
    return b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(name + b": " + value + b"\r\n" for name, value in headers) + b"\r\n"


def native_scope(hotpath, trusted: str, headers) -> tuple:
    seen = []

    async def app(scope, receive, send):
        seen.append((scope["client"], scope["scheme"]))
        await send({"type": "http.response.start", "status": 204})
        await send({"type": "http.response.body"})

    exchange(hotpath, request_with(headers), app, proxy_headers=True, forwarded_allow_ips=trusted)
    return seen[0]


def middleware_scope(trusted: str, headers) -> tuple:
    """What uvicorn's own middleware makes of the same request."""
    seen = []

    async def app(scope, receive, send):
        seen.append((scope["client"], scope["scheme"]))

    scope = {"type": "http", "client": PEER, "scheme": "http",
             "headers": [(name.lower(), value.strip()) for name, value in headers]}
    asyncio.run(ProxyHeadersMiddleware(app, trusted_hosts=trusted)(scope, None, None))
    return seen[0]


@pytest.mark.parametrize("headers", FORWARDED, ids=lambda h: b"|".join(n + b"=" + v for n, v in h).decode() or "none")
@pytest.mark.parametrize("trusted", TRUSTED)
def test_scope_matches_uvicorns_middleware(hotpath, trusted, headers):
    assert native_scope(hotpath, trusted, headers) == middleware_scope(trusted, headers)


def test_a_trusted_proxy_changes_the_scope(hotpath):
    """The comparison above would pass if nothing were applied at all: here something must be."""
    headers = [(b"X-Forwarded-For", b"203.0.113.7"), (b"X-Forwarded-Proto", b"https")]
    assert native_scope(hotpath, "127.0.0.1", headers) == (("203.0.113.7", 0), "https")
    assert native_scope(hotpath, "10.0.0.0/8", headers) == (PEER, "http")


def _loaded_protocol(hotpath, app, **config):
    settings = uvicorn.Config(app, lifespan="off", **config)
    settings.load()
    loop = asyncio.new_event_loop()
    try:
        return protocol_on(hotpath)(config=settings, server_state=ServerState(), app_state={}, _loop=loop)
    finally:
        loop.close()


async def _app(scope, receive, send):
    pass


def test_the_middleware_is_replaced_only_when_it_is_uvicorns_own(hotpath):
    protocol = _loaded_protocol(hotpath, _app)  # proxy_headers is uvicorn's default
    assert protocol.app is _app and protocol.proxy_trust is not None

    class Custom(ProxyHeadersMiddleware):
        pass

    custom = Custom(_app)
    protocol = _loaded_protocol(hotpath, custom, proxy_headers=False)
    assert protocol.app is custom and protocol.proxy_trust is None
    protocol = _loaded_protocol(hotpath, _app, proxy_headers=False)
    assert protocol.app is _app and protocol.proxy_trust is None
