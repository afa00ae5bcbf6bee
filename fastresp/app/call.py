"""``ApplicationCall``: one request, its response, and Ktor's ``call.respond*`` functions."""

from __future__ import annotations

import os
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..http.content_type import BadContentTypeFormatError, ContentType
from ..http.headers import HttpHeaders
from ..http.status import HttpStatusCode
from . import files
from .contents import (
    ByteArrayContent,
    HttpStatusCodeContent,
    OutgoingContent,
    Producer,
    TextContent,
    WriterContent,
)
from .errors import ResponseAlreadySentError
from .events import EventSource, EventStreamContent
from .html import render_page
from .negotiation import NEGOTIATION_KEY
from .request import ApplicationRequest, Parameters
from .response import ApplicationResponse, as_status
from .templates import JinjaContent

if TYPE_CHECKING:
    from .roles import ApplicationRole

__all__ = ["ApplicationCall"]

_TEXT_PLAIN_UTF8 = ContentType.Text.Plain.with_charset("UTF-8")
_HTML_UTF8 = ContentType.Text.Html.with_charset("UTF-8")
_OCTET_STREAM = ContentType.Application.OctetStream

# RFC 3986 reserved and unreserved characters stay; '%' stays so encoded URLs are
# not encoded twice. Everything else (non-ASCII, space, '\', '"', '<', '>') is
# percent-encoded, which also defuses "/\evil.com" (security catalogue item 35).
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


class ApplicationCall:
    """A request being handled: ``call.request``, ``call.response``, ``call.parameters``, ``call.respond*``."""

    def __init__(self, application: ApplicationRole, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.application = application
        #: The ASGI scope of the request (``call.request`` is a view over it).
        self.scope = scope
        self._receive = receive
        self._request: ApplicationRequest | None = None  # made on first use
        self.response = ApplicationResponse()
        self._attributes: dict[str, Any] | None = None
        #: The request's ASGI ``send`` callable (the pipeline sends the response with it).
        self.asgi_send = send
        self._responded = False
        # The route's path parameters; call.parameters adds the query on first use,
        # so a handler that never reads them never parses the query string.
        self._path_parameters: list[tuple[str, str]] = []
        self._parameters: Parameters | None = None

    @property
    def request(self) -> ApplicationRequest:
        """The incoming request: method, path, headers, query, cookies and body."""
        if self._request is None:
            self._request = ApplicationRequest(self.scope, self._receive)
        return self._request

    @property
    def attributes(self) -> dict[str, Any]:
        """Free-form per-call storage for plugins and handlers (made on first use)."""
        if self._attributes is None:
            self._attributes = {}
        return self._attributes

    @property
    def parameters(self) -> Parameters:
        """Path parameters, then query parameters (Ktor's ``call.parameters``)."""
        if self._parameters is None:
            self._parameters = Parameters(self._path_parameters + self.request.query_parameters.items())
        return self._parameters

    @parameters.setter
    def parameters(self, value: Parameters) -> None:
        self._parameters = value

    def bind_path_parameters(self, parameters: list[tuple[str, str]]) -> None:
        """Set the matched route's path parameters; ``call.parameters`` adds the query on first use."""
        self._path_parameters = parameters
        self._parameters = None

    @property
    def responded(self) -> bool:
        """Whether a ``respond*`` (or ``send``) has begun for this call.

        Set it back to False to let the call respond again: after a respond that failed
        before the head (the error page replaces it), or for a plugin answering in place
        of a content (StatusPages). Refused once the head is out.
        """
        return self._responded

    @responded.setter
    def responded(self, value: bool) -> None:
        if not value and self.response.is_committed:
            raise ResponseAlreadySentError("Response headers have already been sent")
        self._responded = bool(value)

    def reset_response(self) -> None:
        """Start the response afresh (status, headers, cookies) and allow a new respond.

        For error pages: headers the handler set are not sent with an error.
        """
        self.response = ApplicationResponse()
        self._responded = False

    # --- generic respond --------------------------------------------------------------

    async def respond(self, message: Any, status: HttpStatusCode | int | None = None) -> None:
        """Send ``message``: content, str, bytes, an ``HttpStatusCode``, or an object for ContentNegotiation."""
        if status is not None:
            self.response.status(status)
        if isinstance(message, OutgoingContent):
            content = message
        elif isinstance(message, HttpStatusCode):
            content = HttpStatusCodeContent(message)
        elif isinstance(message, str):
            content = TextContent(message, _TEXT_PLAIN_UTF8)
        elif isinstance(message, (bytes, bytearray, memoryview)):
            content = ByteArrayContent(bytes(message), _OCTET_STREAM)
        else:
            negotiation = self.application.attributes.get(NEGOTIATION_KEY)
            if negotiation is None:
                raise TypeError(
                    f"cannot respond with a {type(message).__name__}: it is not content; "
                    "install ContentNegotiation (app.install(fastresp.plugins.ContentNegotiation)) "
                    "to serialize objects"
                )
            content = negotiation.convert(self, message)
        await self.send(content)

    def send(self, content: OutgoingContent) -> Awaitable[None]:
        """Run ``content`` through the installed plugins and send it (await this); the last step of every respond."""
        if self._responded:
            content.close()
            raise ResponseAlreadySentError()
        self._responded = True
        # The pipeline's coroutine is the call's: ``await call.send(c)`` runs it, with no
        # coroutine of the call's own in between.
        return self.application.pipeline.send(self, content)

    # --- payload helpers ----------------------------------------------------------------

    async def respond_text(
        self, text: str, content_type: ContentType | None = None, status: HttpStatusCode | int | None = None
    ) -> None:
        """Send text; default ``text/plain; charset=UTF-8``, a charset is added to ``text/*`` only."""
        kind = content_type or self._header_content_type()
        if kind is None:
            kind = _TEXT_PLAIN_UTF8
        elif kind.content_type.lower() == "text" and kind.charset() is None:
            kind = kind.with_charset("UTF-8")
        await self.send(TextContent(text, kind, _status(status)))

    async def respond_bytes(
        self, data: bytes, content_type: ContentType | None = None, status: HttpStatusCode | int | None = None
    ) -> None:
        """Send bytes as they are; default ``application/octet-stream``."""
        await self.send(ByteArrayContent(data, content_type or _OCTET_STREAM, _status(status)))

    async def respond_html(self, block: Any, status: HttpStatusCode | int = HttpStatusCode.OK) -> None:
        """Send an HTML page built by ``block(h)`` with the HTML DSL, or given as str / ``__html__``."""
        await self.send(TextContent(render_page(block), _HTML_UTF8, _status(status)))

    async def respond_template(
        self,
        name: str,
        model: Any = None,
        etag: str | None = None,
        content_type: ContentType | None = None,
    ) -> None:
        """Render a Jinja2 template (``app.install(Jinja2, ...)`` first) and send it."""
        await self.send(JinjaContent(name, model, etag=etag, content_type=content_type))

    async def respond_file(
        self, path: str | os.PathLike[str], relative_path: str | os.PathLike[str] | None = None
    ) -> None:
        """Send a file: ``respond_file(path)`` or ``respond_file(base_dir, relative_path)``.

        Missing files, directories, special files and paths leaving ``base_dir`` are a 404.
        """
        target = path if relative_path is None else files.resolve_inside(path, relative_path)
        await self.send(files.open_file(target))

    async def respond_write(
        self,
        producer: Producer,
        content_type: ContentType | None = None,
        status: HttpStatusCode | int | None = None,
        content_length: int | None = None,
    ) -> None:
        """Stream a body written by ``async def producer(writer)``; default ``text/plain; charset=UTF-8``."""
        kind = content_type or _TEXT_PLAIN_UTF8
        await self.send(WriterContent(producer, kind, _status(status), content_length))

    async def respond_text_writer(
        self,
        producer: Producer,
        content_type: ContentType | None = None,
        status: HttpStatusCode | int | None = None,
        content_length: int | None = None,
    ) -> None:
        """Ktor's ``respondTextWriter``: like ``respond_write``, text by default."""
        await self.respond_write(producer, content_type, status, content_length)

    async def respond_bytes_writer(
        self,
        producer: Producer,
        content_type: ContentType | None = None,
        status: HttpStatusCode | int | None = None,
        content_length: int | None = None,
    ) -> None:
        """Ktor's ``respondBytesWriter``: a streamed body, ``application/octet-stream`` by default."""
        await self.respond_write(producer, content_type or _OCTET_STREAM, status, content_length)

    async def respond_sse(self, source: EventSource, *, ping: float | None = 15.0) -> None:
        """Stream server-sent events from an async iterable or ``async def producer(sender)`` (docs/guide.md).

        Items are ``ServerSentEvent`` values, str or bytes (the data) or dicts of its fields.
        A ``: ping`` comment goes out after ``ping`` quiet seconds (None: never); the
        source is closed (its ``aclose()``, or the producer cancelled) when the client leaves.
        """
        await self.send(EventStreamContent(source, self._receive, ping))

    async def respond_redirect(self, url: str, permanent: bool = False) -> None:
        """Redirect: 302 Found, or 301 Moved Permanently, with ``Location`` and an empty body.

        Control characters raise ``ValueError``; non-ASCII is percent-encoded as UTF-8.
        """
        self.response.headers.append(HttpHeaders.Location, redirect_location(url))
        await self.respond(HttpStatusCode.MovedPermanently if permanent else HttpStatusCode.Found)

    # --- request body -----------------------------------------------------------------

    async def receive(self, target: Any = bytes) -> Any:
        """The request body as ``target``: bytes, str, or a type ContentNegotiation can build."""
        if target is bytes:
            return await self.request.body()
        if target is str:
            return await self.request.text()
        negotiation = self.application.attributes.get(NEGOTIATION_KEY)
        if negotiation is None:
            raise TypeError(
                f"cannot receive a {getattr(target, '__name__', target)}: install ContentNegotiation "
                "(app.install(fastresp.plugins.ContentNegotiation)) to decode request bodies"
            )
        return await negotiation.receive(self, target)

    def _header_content_type(self) -> ContentType | None:
        """A Content-Type already set as a response header, if it parses."""
        headers = self.response.headers
        if not headers:
            return None
        value = headers.get(HttpHeaders.ContentType)
        if value is None:
            return None
        try:
            return ContentType.parse(value)
        except BadContentTypeFormatError:
            return None


def _status(status: HttpStatusCode | int | None) -> HttpStatusCode | None:
    return None if status is None else as_status(status)


def redirect_location(url: str) -> str:
    """A safe ``Location`` value: no control characters; non-ASCII percent-encoded (RFC 3986 §2.1)."""
    if not isinstance(url, str):
        raise TypeError(f"redirect URL must be str, got {type(url).__name__}")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        raise ValueError(f"redirect URL {url!r} contains a control character (CR, LF, NUL, ...)")
    if not url:
        raise ValueError("redirect URL is empty")
    return quote(url, safe=_URL_SAFE)



