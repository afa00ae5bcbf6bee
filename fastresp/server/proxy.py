"""uvicorn's ProxyHeadersMiddleware, done by the protocol while it builds the scope.

uvicorn wraps every app in ``ProxyHeadersMiddleware`` unless ``--no-proxy-headers``:
one more coroutine and a scan of the headers per request. When the loaded app is
exactly that middleware, the protocol serves its inner app and applies the same
rules itself, with the middleware's own trusted-host set (so ``--forwarded-allow-ips``
means the same thing): whether the peer is trusted is decided once per connection,
and the client address is chosen by the middleware's own
``get_trusted_client_address``. WebSocket connections keep the middleware (uvicorn's
WebSocket protocols read ``config.loaded_app`` themselves).
"""

from __future__ import annotations

from typing import Any

from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

#: The X-Forwarded-Proto values uvicorn accepts as a scheme.
FORWARDED_SCHEMES = frozenset({"http", "https", "ws", "wss"})


def unwrap_proxy_headers(app: Any) -> tuple[Any, Any]:
    """Return ``(inner app, trusted hosts)`` for uvicorn's own middleware, else ``(app, None)``.

    A subclass, or a middleware of a uvicorn whose trusted-host set lacks the method
    used here, is left to run as it is.
    """
    if type(app) is ProxyHeadersMiddleware:
        trusted = getattr(app, "trusted_hosts", None)
        if hasattr(trusted, "get_trusted_client_address") and hasattr(trusted, "__contains__"):
            return app.app, trusted
    return app, None


def apply_forwarded(scope: dict[str, Any], trusted: Any) -> None:
    """Set the scope's ``scheme`` and ``client`` from X-Forwarded-Proto/-For, as the middleware does.

    Only called for a connection whose peer is a trusted proxy. The last
    X-Forwarded-Proto counts; X-Forwarded-For fields are joined in order.
    """
    proto = None
    forwarded_for = []
    for name, value in scope["headers"]:
        if name == b"x-forwarded-for":
            forwarded_for.append(value)
        elif name == b"x-forwarded-proto":
            proto = value
    if proto is not None:
        scheme = proto.decode("latin1").strip()
        if scheme in FORWARDED_SCHEMES:
            scope["scheme"] = scheme
    if forwarded_for:
        host, port = trusted.get_trusted_client_address(b", ".join(forwarded_for).decode("latin1"))
        if host:  # an empty X-Forwarded-For names no one: the peer stays the client
            scope["client"] = (host, port)
