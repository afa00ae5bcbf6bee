"""``call.request``: method, path, query, headers, cookies and the body of the incoming request."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

from ..http.content_type import BadContentTypeFormatError, ContentType
from .errors import BadRequestError

__all__ = [
    "ApplicationRequest",
    "Parameters",
    "RequestHeaders",
    "RequestOrigin",
    "is_valid_host",
    "split_host_port",
]

# A DNS name (letters, digits, '-', '.' labels of 1-63), an IPv4 address, or a bracketed
# IPv6 literal: the hosts a redirect may point at. Anything else ('@', '\\', '/', '%',
# spaces) could turn a Location into someone else's site (security catalogue item 35).
_HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?"
    r"|\[[0-9a-f:.]+\]"
)


class Parameters:
    """A read-only multi-map of str to str: ``p["name"]`` is the first value, ``get_all`` all of them."""

    __slots__ = ("_items",)

    def __init__(self, items: list[tuple[str, str]] | None = None) -> None:
        self._items = list(items or [])

    def __getitem__(self, name: str) -> str:
        for key, value in self._items:
            if key == name:
                return value
        raise KeyError(name)

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of ``name``, or ``default``."""
        for key, value in self._items:
            if key == name:
                return value
        return default

    def get_all(self, name: str) -> list[str]:
        """Every value of ``name`` in order (a tail parameter gives one per path segment)."""
        return [value for key, value in self._items if key == name]

    def items(self) -> list[tuple[str, str]]:
        """Every ``(name, value)`` pair in order."""
        return list(self._items)

    def __contains__(self, name: object) -> bool:
        return any(key == name for key, _ in self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(key for key, _ in self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Parameters({self._items!r})"


class RequestHeaders:
    """Request headers: case-insensitive, multi-valued, decoded as latin-1 (RFC 9110 §5.5)."""

    __slots__ = ("_raw",)

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self._raw = raw

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of ``name``, or ``default``."""
        key = name.lower().encode("latin-1")
        for item_name, value in self._raw:
            if item_name.lower() == key:
                return value.decode("latin-1")
        return default

    def get_all(self, name: str) -> list[str]:
        """Every value of ``name`` in order."""
        key = name.lower().encode("latin-1")
        return [value.decode("latin-1") for item_name, value in self._raw if item_name.lower() == key]

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(name.decode("latin-1") for name, _ in self._raw))

    def items(self) -> list[tuple[str, str]]:
        """Every ``(name, value)`` pair in order, names lowercase."""
        return [(name.decode("latin-1").lower(), value.decode("latin-1")) for name, value in self._raw]


@dataclass(frozen=True)
class RequestOrigin:
    """Where the request came from as the client saw it (Ktor's ``call.request.origin``).

    Built from the ASGI scope; XForwardedHeaders replaces it with what a trusted proxy reports.
    """

    #: ``"http"`` or ``"https"``.
    scheme: str
    #: The host the client asked for (``Host`` header, without the port); may be empty.
    host: str
    #: The port the client connected to, or None when unknown.
    port: int | None
    #: The client's address, or None when the server does not say.
    remote_host: str | None


def _scope_origin(scope: dict[str, Any], headers: RequestHeaders) -> RequestOrigin:
    """The origin from the scope: scheme, ``Host`` header (else ``server``), client address."""
    scheme = scope.get("scheme") or "http"
    host_header = headers.get("host")
    server = scope.get("server")
    if host_header is not None:
        host, port = split_host_port(host_header)
        if port is None:
            port = 443 if scheme == "https" else 80  # RFC 9110 §4.2: the scheme's default port
    elif server:
        host, port = str(server[0]), (server[1] if len(server) > 1 else None)
    else:
        host, port = "", None
    client = scope.get("client")
    return RequestOrigin(scheme, host, port, client[0] if client else None)


def split_host_port(value: str) -> tuple[str, int | None]:
    """``"example.com:8080"`` -> ``("example.com", 8080)``; ``"[::1]"`` -> ``("[::1]", None)``.

    The host is lowercased; an unparsable port gives None (callers validate the host).
    """
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end == -1:
            return value, None
        host, rest = value[: end + 1], value[end + 1 :]
    else:
        host, sep, port_text = value.rpartition(":")
        if not sep:
            return value, None
        rest = ":" + port_text
    if rest.startswith(":") and rest[1:].isdigit() and rest[1:].isascii() and len(rest) <= 6:
        return host, int(rest[1:])
    return (host, None) if not rest else (value, None)


def is_valid_host(host: str) -> bool:
    """Whether ``host`` (lowercase, no port) is a DNS name, an IPv4 address or a ``[IPv6]`` literal."""
    if not host or len(host) > 253 or not _HOST.fullmatch(host):
        return False
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
    return True


class ApplicationRequest:
    """The incoming request of one call (a view over the ASGI scope and ``receive``)."""

    __slots__ = ("_body", "_cookies", "_origin", "_query", "_receive", "headers", "scope")

    def __init__(self, scope: dict[str, Any], receive: Any) -> None:
        self.scope = scope
        self._receive = receive
        self._body: bytes | None = None
        self.headers = RequestHeaders(scope.get("headers") or [])  # a read-only view: no copy
        self._query: Parameters | None = None
        self._cookies: dict[str, str] | None = None
        self._origin: RequestOrigin | None = None

    @property
    def origin(self) -> RequestOrigin:
        """Scheme, host, port and client address as the client saw them (see ``RequestOrigin``)."""
        if self._origin is None:
            self._origin = _scope_origin(self.scope, self.headers)
        return self._origin

    @origin.setter
    def origin(self, value: RequestOrigin) -> None:
        self._origin = value

    @property
    def last_event_id(self) -> str | None:
        """The ``Last-Event-ID`` an EventSource sends when it reconnects (WHATWG HTML §9.2.4), or None.

        It is the ``id`` of the last event the client received, sent back as UTF-8.
        """
        value = self.headers.get("last-event-id")
        if value is None:
            return None
        return value.encode("latin-1").decode("utf-8", "replace")

    @property
    def method(self) -> str:
        """The request method, e.g. ``"GET"``."""
        return self.scope["method"]

    @property
    def path(self) -> str:
        """The decoded request path, e.g. ``"/files/a b.txt"``."""
        return self.scope["path"]

    @property
    def query_string(self) -> str:
        """The raw query string (without ``?``)."""
        return (self.scope.get("query_string") or b"").decode("latin-1")

    @property
    def uri(self) -> str:
        """Path and query as requested."""
        query = self.query_string
        return self.path + ("?" + query if query else "")

    @property
    def query_parameters(self) -> Parameters:
        """Query parameters, percent-decoded, blank values kept."""
        if self._query is None:
            self._query = Parameters(parse_qsl(self.query_string, keep_blank_values=True))
        return self._query

    @property
    def cookies(self) -> dict[str, str]:
        """Request cookies by name; a malformed ``Cookie`` header gives what could be parsed."""
        if self._cookies is None:
            jar: dict[str, str] = {}
            for header in self.headers.get_all("cookie"):
                for piece in header.split(";"):
                    name, eq, value = piece.strip().partition("=")
                    if not eq or not name:
                        continue
                    try:
                        parsed = SimpleCookie()
                        parsed.load(f"{name}={value}")
                        morsel = parsed.get(name)
                        jar[name] = morsel.value if morsel is not None else value
                    except CookieError:
                        jar[name] = value
            self._cookies = jar
        return self._cookies

    @property
    def content_type(self) -> ContentType | None:
        """The body's ``Content-Type``, or None when absent or malformed."""
        value = self.headers.get("content-type")
        if value is None:
            return None
        try:
            return ContentType.parse(value)
        except BadContentTypeFormatError:
            return None

    async def body(self) -> bytes:
        """The whole request body (read once, then cached)."""
        if self._body is None:
            chunks = []
            while True:
                message = await self._receive()
                if message["type"] == "http.disconnect":
                    break
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            self._body = b"".join(chunks)
        return self._body

    async def text(self) -> str:
        """The body decoded with its charset (UTF-8 by default); undecodable text is a 400."""
        content_type = self.content_type
        charset = (content_type.charset() if content_type else None) or "utf-8"
        try:
            return (await self.body()).decode(charset)
        except (LookupError, UnicodeDecodeError) as error:
            raise BadRequestError(f"request body is not valid {charset} text") from error

    async def json(self) -> Any:
        """The body parsed as JSON; invalid JSON is a 400."""
        try:
            return json.loads(await self.body())
        except (ValueError, UnicodeDecodeError) as error:
            raise BadRequestError("request body is not valid JSON") from error
