"""The HttpsRedirect plugin: plain-HTTP requests are redirected to the same URL over HTTPS.

app.install(HttpsRedirect)                                          # 301 to https://host/path
app.install(HttpsRedirect, ssl_port=8443, permanent=False, exclude_prefixes=["/health"])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.contents import HttpStatusCodeContent
from ..app.plugin import Phase, Plugin
from ..app.request import is_valid_host
from ..core import InvalidHeaderError
from ..http.status import HttpStatusCode

__all__ = ["HttpsRedirect"]

# Path characters kept as sent; everything else is percent-encoded (RFC 3986 §3.3).
_PATH_SAFE = frozenset(b"!$&'()*+,;=:@/%-._~ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_QUERY_SAFE = _PATH_SAFE | frozenset(b"?")


class HttpsRedirect(Plugin):
    """Redirects requests whose origin scheme is ``http`` to ``https``: 301, or 302 with ``permanent=False``.

    Options: ``ssl_port`` (443, omitted from the URL), ``permanent``, ``exclude_prefixes``,
    ``exclude_suffixes``, ``exclude`` (a predicate on the call), and ``hosts``: when given,
    only these hosts are redirected to and any other Host gets a 400 (no open redirect).
    """

    phase = Phase.HEADERS

    def __init__(
        self,
        app: Application,
        *,
        ssl_port: int = 443,
        permanent: bool = True,
        exclude_prefixes: Iterable[str] = (),
        exclude_suffixes: Iterable[str] = (),
        exclude: Callable[[ApplicationCall], bool] | None = None,
        hosts: Iterable[str] | None = None,
    ) -> None:
        super().__init__(app)
        if type(ssl_port) is not int or not 0 < ssl_port < 65536:
            raise ValueError(f"ssl_port must be a port number, got {ssl_port!r}")
        self.ssl_port = ssl_port
        self.status = HttpStatusCode.MovedPermanently if permanent else HttpStatusCode.Found
        self.exclude_prefixes = tuple(exclude_prefixes)
        self.exclude_suffixes = tuple(exclude_suffixes)
        self.predicates: list[Callable[[ApplicationCall], bool]] = [exclude] if exclude else []
        self.hosts = None if hosts is None else {host.lower() for host in hosts}
        for host in self.hosts or ():
            if not is_valid_host(host):
                raise ValueError(f"invalid host {host!r}")

    def exclude(self, predicate: Callable[[ApplicationCall], bool]) -> Callable[[ApplicationCall], bool]:
        """Add a predicate; calls it returns True for are not redirected. Usable as a decorator."""
        self.predicates.append(predicate)
        return predicate

    def excluded(self, call: ApplicationCall) -> bool:
        """Whether ``call`` stays on plain HTTP."""
        path = call.request.path
        return (
            (path.startswith(self.exclude_prefixes) if self.exclude_prefixes else False)
            or (path.endswith(self.exclude_suffixes) if self.exclude_suffixes else False)
            or any(predicate(call) for predicate in self.predicates)
        )

    async def on_call(self, call: ApplicationCall) -> None:
        """Answer a plain-HTTP call with the redirect, before routing."""
        origin = call.request.origin
        if origin.scheme != "http" or self.excluded(call):
            return
        host = origin.host
        if not is_valid_host(host) or (self.hosts is not None and host not in self.hosts):
            # A Host we cannot vouch for must not become the redirect target (catalogue item 35).
            await call.respond_text("Bad Request: unknown host", status=HttpStatusCode.BadRequest)
            return
        authority = host if self.ssl_port == 443 else f"{host}:{self.ssl_port}"
        location = f"https://{authority}{_target(call)}"
        try:
            call.response.headers.append("Location", location)
        except InvalidHeaderError:
            await call.respond_text("Bad Request", status=HttpStatusCode.BadRequest)
            return
        await call.send(HttpStatusCodeContent(self.status))


def _target(call: ApplicationCall) -> str:
    """The request's path and query as sent, percent-encoded where RFC 3986 requires."""
    scope = call.request.scope
    raw = scope.get("raw_path") or call.request.path.encode("utf-8")
    path = _encode(raw.split(b"?", 1)[0], _PATH_SAFE)
    if not path.startswith("/"):
        path = "/" + path  # an absolute-form or "*" target never becomes part of the authority
    query = scope.get("query_string") or b""
    return path + ("?" + _encode(query, _QUERY_SAFE) if query else "")


def _encode(data: bytes, safe: frozenset[int]) -> str:
    return "".join(chr(byte) if byte in safe else f"%{byte:02X}" for byte in data)
