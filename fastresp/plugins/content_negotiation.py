"""The ContentNegotiation plugin: ``call.respond(obj)`` and ``call.receive(Type)`` through converters.

    negotiation = app.install(ContentNegotiation)            # JSON registered
    negotiation.register(ContentType.Text.CSV, to_csv)       # more formats
"""

from __future__ import annotations

import functools
from typing import Any

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.contents import ByteArrayContent, OutgoingContent, TextContent
from ..app.errors import BadRequestError, HttpError, UnsupportedMediaTypeError
from ..app.negotiation import (
    NEGOTIATION_KEY,
    Converter,
    FunctionConverter,
    JsonConverter,
    parse_accept,
    select,
)
from ..app.plugin import Plugin
from ..http.content_type import ContentType
from ..http.status import HttpStatusCode

__all__ = ["ContentNegotiation", "NotAcceptableError"]


# Bounded, so that clients sending ever new Accept values cannot grow it.
_CHOSEN_CACHE_SIZE = 256


class NotAcceptableError(HttpError):
    """No registered format is acceptable to the client: 406 Not Acceptable."""

    status_value = 406


class ContentNegotiation(Plugin):
    """Serializes response objects by the request's ``Accept`` and decodes request bodies.

    Options: ``json=True`` registers ``application/json`` (orjson when installed,
    stdlib json otherwise, the same bytes either way).
    """

    def __init__(self, app: Application, *, json: bool = True) -> None:
        super().__init__(app)
        self.converters: list[tuple[ContentType, Converter]] = []
        # Accept header value (None when absent) -> the format chosen for it: clients send
        # a handful of distinct values, and parsing one costs more than the rest of a call.
        self._chosen = functools.lru_cache(maxsize=_CHOSEN_CACHE_SIZE)(self._choose)
        if json:
            self.register(ContentType.Application.Json, JsonConverter())
        app.attributes[NEGOTIATION_KEY] = self

    def register(self, content_type: ContentType | str, converter: Any) -> None:
        """Add a format: a converter with ``serialize``/``deserialize``, or a ``fn(value) -> bytes|str``."""
        kind = ContentType.parse(content_type) if isinstance(content_type, str) else content_type
        if kind.content_type == "*" or kind.content_subtype == "*":
            raise ValueError(f"register a concrete media type, not {kind}")
        if not hasattr(converter, "serialize"):
            if not callable(converter):
                raise TypeError("converter must have serialize() or be a callable")
            converter = FunctionConverter(converter)
        self.converters.append((kind, converter))
        self._chosen.cache_clear()  # another format may now be the better answer

    def convert(self, call: ApplicationCall, value: Any) -> OutgoingContent:
        """The content for ``value`` in the format the client prefers; 406 if none is acceptable."""
        header = call.request.headers.get("accept")
        chosen = self._chosen(header)
        if chosen is None:
            offered = ", ".join(str(kind) for kind, _ in self.converters) or "none"
            return TextContent(
                f"Not Acceptable: this resource is available as {offered}",
                ContentType.Text.Plain.with_charset("UTF-8"),
                HttpStatusCode.NotAcceptable,
            )
        converter = next(conv for kind, conv in self.converters if kind is chosen)
        return ByteArrayContent(converter.serialize(value, chosen), chosen)

    def _choose(self, accept: str | None) -> ContentType | None:
        """The registered format the ``Accept`` value prefers, or None (RFC 9110 §12.5.1)."""
        return select(parse_accept(accept), [kind for kind, _ in self.converters])

    async def receive(self, call: ApplicationCall, target: Any) -> Any:
        """Decode the request body into ``target`` with the converter for its Content-Type."""
        kind = call.request.content_type
        converter = None
        if kind is not None:
            for registered, candidate in self.converters:
                if kind.match(registered.without_parameters()) and hasattr(candidate, "deserialize"):
                    converter = candidate
                    break
        if converter is None:
            raise UnsupportedMediaTypeError(f"cannot read a {kind or 'body without Content-Type'}")
        data = await call.request.body()
        try:
            return converter.deserialize(data, target, kind)
        except (ValueError, TypeError, UnicodeDecodeError) as error:
            raise BadRequestError(f"cannot read the body as {getattr(target, '__name__', target)}: {error}") from error
