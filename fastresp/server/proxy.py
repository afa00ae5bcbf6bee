"""uvicorn's ProxyHeadersMiddleware, done by the protocol while it builds the scope.

uvicorn wraps every app in ``ProxyHeadersMiddleware`` unless ``--no-proxy-headers``:
one more coroutine and a scan of the headers per request. When the loaded app is
exactly that middleware, the protocol serves its inner app and applies the same
rules itself (``ProtocolCore._apply_forwarded`` in ``_hotpath.py``, compiled with the
rest of the request path), with the middleware's own trusted-host set (so ``--forwarded-allow-ips``
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

