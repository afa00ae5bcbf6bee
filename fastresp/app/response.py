"""``call.response``: status, headers, cookies and header helpers (Ktor's ApplicationResponse).

Every header is validated once, when it is added, by the core's ``check_field`` rule
(see ``HeaderList``), so a bad name or value raises in the handler and never reaches the wire.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import overload

from ..core import check_field, http_date, render_set_cookie
from ..http.cache_control import CacheControl
from ..http.cookies import COOKIE_ATTRIBUTES, Cookie, CookieEncoding, render_cookie
from ..http.headers import HttpHeaders
from ..http.links import link_value
from ..http.status import HttpStatusCode
from ..http.validators import entity_tag
from .errors import ResponseAlreadySentError, UnsafeHeaderError
from .headers import HeaderList

__all__ = ["ApplicationResponse", "ResponseCookies", "ResponseHeaders"]

_UNSAFE_ADVICE = {
    "content-length": "the length comes from the payload: respond with bytes or text, or pass "
    "content_length= to respond_write / respond_bytes_writer",
    "transfer-encoding": "the server chooses the framing: respond_write without content_length "
    "streams the body (chunked on HTTP/1.1)",
    "upgrade": "protocol upgrades (WebSocket) are negotiated by the server, not by a response header",
}
_UNSAFE_NAMES = frozenset(name.encode("ascii") for name in _UNSAFE_ADVICE)

class ResponseHeaders(HeaderList):
    """The response's own headers, in order (Ktor's ResponseHeaders): a ``HeaderList``.

    Names compare case-insensitively and iterate once each. ``Content-Type`` is kept
    once: appending it again replaces it, and it overrides the payload's default type.
    """

    def __init__(self, response: ApplicationResponse) -> None:
        self._response = response

    def append(self, name: str, value: str, safe_only: bool = True) -> None:  # type: ignore[override]
        """Add a header; framing headers raise ``UnsafeHeaderError``, bad ones ``InvalidHeaderError``."""
        response = self._response
        if response.is_committed:
            response._check_open()
        if (type(name) is not str or type(value) is not str) and (
            not isinstance(name, str) or not isinstance(value, str)
        ):
            raise TypeError(
                f"header name and value must be str, got {type(name).__name__} and {type(value).__name__}"
            )
        try:
            lower, data = check_field(name, value)  # the core's single rule; raises on bad input
        except ValueError:
            if safe_only and name.lower() in _UNSAFE_ADVICE:
                _refuse_unsafe(name)  # an engine-controlled header is refused whatever its value
            raise
        if lower in _UNSAFE_NAMES and safe_only:
            _refuse_unsafe(name)
        if lower == b"content-type":
            self._drop(lower)
        items = self._items  # HeaderList._add, inlined: several headers per response
        if items:
            items.append((name, value))  # type: ignore[union-attr]
            self.names.append(lower)  # type: ignore[union-attr]
            self.pairs.append((lower, data))  # type: ignore[union-attr]
        else:
            self._items, self.names, self.pairs = [(name, value)], [lower], [(lower, data)]

    def append_if_absent(self, name: str, value: str, safe_only: bool = True) -> None:
        """Add a header only if none with this name is present."""
        if name not in self:
            self.append(name, value, safe_only)

    def remove(self, name: str) -> None:
        """Remove every header called ``name`` (for plugins rewriting a header before the head is built)."""
        self._response._check_open()
        self._drop(name.lower().encode("latin-1"))

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return iter(dict.fromkeys(item[0] for item in self._items))  # type: ignore[misc]

    def _append_set_cookie(self, value: bytes) -> None:
        """Add a ``Set-Cookie`` value already rendered and validated by the core."""
        response = self._response
        if response.is_committed:
            response._check_open()
        self._add(("Set-Cookie", value.decode("latin-1")), b"set-cookie", value)


def _refuse_unsafe(name: str) -> None:
    """Raise ``UnsafeHeaderError`` for a header the engine sets itself, saying what to do instead."""
    raise UnsafeHeaderError(
        f"Header {name} is controlled by the engine and cannot be set explicitly: "
        f"{_UNSAFE_ADVICE[name.lower()]}"
    )


class ResponseCookies:
    """Cookies of the response; each becomes its own ``Set-Cookie`` line (RFC 6265 §3)."""

    __slots__ = ("_cookies", "_headers")

    def __init__(self, headers: ResponseHeaders) -> None:
        self._headers = headers
        # A cookie appended as name, value and attributes is kept as that triple and built
        # as a ``Cookie`` only when asked for: rendering does not need the object.
        self._cookies: list[Cookie | tuple[str, str, dict[str, object]]] = []

    @overload
    def append(self, cookie: Cookie, /) -> None: ...

    @overload
    def append(
        self,
        name: str,
        value: str,
        *,
        encoding: CookieEncoding = CookieEncoding.URI_ENCODING,
        max_age: int | None = None,
        expires: datetime | float | None = None,
        domain: str | None = None,
        path: str | None = None,
        secure: bool = False,
        http_only: bool = False,
        same_site: str | None = None,
        partitioned: bool = False,
        extensions: dict[str, str | None] | None = None,
    ) -> None: ...

    def append(self, cookie: Cookie | str, value: str | None = None, **attributes: object) -> None:
        """Add a cookie, given as a ``Cookie`` or as name, value and attributes.

        Rendered and validated now by the core: a bad cookie raises here, naming it.
        """
        if isinstance(cookie, Cookie):
            if value is not None or attributes:
                raise TypeError("append(Cookie) takes no other arguments")
        else:
            if value is None:
                raise TypeError("append(name, value) needs a value")
            if "extensions" in attributes and attributes["extensions"] is None:
                del attributes["extensions"]
            rendered = None
            if "encoding" in attributes or "extensions" in attributes:
                if attributes.keys() <= COOKIE_ATTRIBUTES:
                    rendered = render_cookie(cookie, value, attributes)
            else:
                # The core takes the same keywords as ``Cookie``, with the same defaults. On
                # a TypeError (an unknown keyword, or a bad type) the path below repeats the
                # work through ``Cookie`` and so raises exactly what it always did.
                try:
                    rendered = render_set_cookie(cookie, value, **attributes)  # type: ignore[arg-type]
                except TypeError:
                    pass
            if rendered is not None:
                self._headers._append_set_cookie(rendered)
                # Cookie(...) accepts these arguments, so it can be built when asked for.
                self._cookies.append((cookie, value, attributes))  # type: ignore[arg-type]
                return
            cookie = Cookie(cookie, value, **attributes)  # type: ignore[arg-type]
        rendered = cookie.render()
        self._headers._append_set_cookie(rendered)
        self._cookies.append(cookie)

    def append_expired(self, name: str, domain: str | None = None, path: str | None = None) -> None:
        """Tell the client to delete a cookie: empty value, ``Max-Age=0`` and a 1970 ``Expires``."""
        self.append(Cookie(name, "", max_age=0, expires=0, domain=domain, path=path))

    def _cookie(self, index: int) -> Cookie:
        """The cookie at ``index``, built from its arguments on first use."""
        entry = self._cookies[index]
        if type(entry) is tuple:
            entry = self._cookies[index] = Cookie(entry[0], entry[1], **entry[2])  # type: ignore[arg-type]
        return entry  # type: ignore[return-value]

    def get(self, name: str) -> Cookie | None:
        """The last cookie appended with ``name``, or None."""
        cookies = self._cookies
        for index in range(len(cookies) - 1, -1, -1):
            entry = cookies[index]
            if (entry[0] if type(entry) is tuple else entry.name) == name:  # type: ignore[union-attr]
                return self._cookie(index)
        return None

    def __iter__(self) -> Iterator[Cookie]:
        return iter([self._cookie(index) for index in range(len(self._cookies))])

    def __len__(self) -> int:
        return len(self._cookies)


class ApplicationResponse:
    """The response of one call: status, headers and cookies, before the payload is sent."""

    __slots__ = ("_cookies", "_status", "headers", "is_committed", "is_sent")

    def __init__(self) -> None:
        self._status: HttpStatusCode | None = None
        self.headers = ResponseHeaders(self)
        self._cookies: ResponseCookies | None = None  # made on first use: most calls set none
        #: True once ``http.response.start`` went out (the head is fixed).
        self.is_committed = False
        #: True once the last body message went out.
        self.is_sent = False

    @property
    def cookies(self) -> ResponseCookies:
        """The response's cookies; each one appended becomes a ``Set-Cookie`` header."""
        if self._cookies is None:
            self._cookies = ResponseCookies(self.headers)
        return self._cookies

    def _check_open(self) -> None:
        if self.is_committed:
            raise ResponseAlreadySentError("Response headers have already been sent")

    @overload
    def status(self) -> HttpStatusCode | None: ...

    @overload
    def status(self, value: HttpStatusCode | int) -> None: ...

    def status(self, value: HttpStatusCode | int | None = None) -> HttpStatusCode | None:
        """``status()`` returns the status set so far (None if unset); ``status(code)`` sets it."""
        if value is None:
            return self._status
        self._check_open()
        self._status = as_status(value)
        return None

    def header(self, name: str, value: str | int | datetime) -> None:
        """Append a header; an int is written in decimal, a datetime as an HTTP-date."""
        self.headers.append(name, value if type(value) is str else header_text(value))

    def etag(self, value: str) -> None:
        """Append ``ETag``, quoted unless already a quoted or weak (``W/"..."``) entity-tag."""
        self.headers.append(HttpHeaders.ETag, entity_tag(value))

    def link(self, uri: str, *rel: str) -> None:
        """Append ``Link: <uri>; rel=...`` (RFC 8288); several rels are space-joined and quoted."""
        self.headers.append(HttpHeaders.Link, link_value(uri, rel))

    def cache_control(self, value: CacheControl) -> None:
        """Append ``Cache-Control`` from ``CacheControl.NoCache/NoStore/MaxAge``."""
        if not isinstance(value, CacheControl):
            raise TypeError(f"cache_control takes a CacheControl, got {type(value).__name__}")
        self.headers.append(HttpHeaders.CacheControl, str(value))

    def expires(self, value: datetime | float) -> None:
        """Append ``Expires`` as an HTTP-date (naive datetimes are UTC)."""
        self.headers.append(HttpHeaders.Expires, http_date(value).decode("ascii"))

    def last_modified(self, value: datetime | float) -> None:
        """Append ``Last-Modified`` as an HTTP-date (naive datetimes are UTC)."""
        self.headers.append(HttpHeaders.LastModified, http_date(value).decode("ascii"))

    def content_range(self, range: range | None, full_length: int | None = None, unit: str = "bytes") -> None:
        """Append ``Content-Range``: ``range(0, 100)`` with length 1000 gives ``bytes 0-99/1000``.

        A None range gives ``bytes */1000`` (RFC 9110 §14.4); a None length gives ``/*``.
        """
        self.headers.append(HttpHeaders.ContentRange, content_range_value(range, full_length, unit))


def as_status(value: HttpStatusCode | int) -> HttpStatusCode:
    """An ``HttpStatusCode`` from itself or from an int (the predefined one when known)."""
    if isinstance(value, HttpStatusCode):
        return value
    if type(value) is int:
        return HttpStatusCode.from_value(value)
    raise TypeError(f"status must be an HttpStatusCode or int, got {type(value).__name__}")


def header_text(value: str | int | datetime) -> str:
    """The text of a header value given as str, int or datetime (HTTP-date)."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return http_date(value).decode("ascii")
    if type(value) is int:
        return str(value)
    raise TypeError(f"header value must be str, int or datetime, got {type(value).__name__}")


def content_range_value(span: range | None, full_length: int | None, unit: str) -> str:
    """The ``Content-Range`` value: ``unit first-last/length`` or ``unit */length``."""
    if full_length is not None and (type(full_length) is not int or full_length < 0):
        raise ValueError(f"full_length must be a non-negative int, got {full_length!r}")
    total = "*" if full_length is None else str(full_length)
    if span is None:
        if full_length is None:
            raise ValueError("content_range needs a range or a full_length")
        return f"{unit} */{total}"
    if not isinstance(span, range) or span.step != 1 or len(span) == 0 or span.start < 0:
        raise ValueError(f"range must be a non-empty range(start, stop) of step 1, got {span!r}")
    if full_length is not None and span.stop > full_length:
        raise ValueError(f"range {span!r} goes past full_length={full_length}")
    return f"{unit} {span.start}-{span.stop - 1}/{total}"
