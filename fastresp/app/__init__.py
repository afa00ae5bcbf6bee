"""The application layer: Ktor's routing, call and respond API over ASGI."""

from __future__ import annotations

from .application import Application
from .call import ApplicationCall
from .contents import (
    ByteArrayContent,
    HttpStatusCodeContent,
    LocalFileContent,
    NoContent,
    OutgoingContent,
    StreamContent,
    TextContent,
    WriterContent,
)
from .errors import (
    BadRequestError,
    HttpError,
    NotFoundError,
    ResponseAlreadySentError,
    UnsafeHeaderError,
    UnsupportedMediaTypeError,
)
from .events import EventSender, EventStreamContent, ServerSentEvent
from .html import HTML
from .plugin import Phase, Plugin
from .request import ApplicationRequest, Parameters, RequestOrigin
from .response import ApplicationResponse, ResponseCookies, ResponseHeaders
from .templates import JinjaContent
from .writer import BodyLengthError, ResponseWriter

__all__ = [
    "HTML",
    "Application",
    "ApplicationCall",
    "ApplicationRequest",
    "ApplicationResponse",
    "BadRequestError",
    "BodyLengthError",
    "ByteArrayContent",
    "EventSender",
    "EventStreamContent",
    "HttpError",
    "HttpStatusCodeContent",
    "JinjaContent",
    "LocalFileContent",
    "NoContent",
    "NotFoundError",
    "OutgoingContent",
    "Parameters",
    "Phase",
    "Plugin",
    "RequestOrigin",
    "ResponseAlreadySentError",
    "ResponseCookies",
    "ResponseHeaders",
    "ResponseWriter",
    "ServerSentEvent",
    "StreamContent",
    "TextContent",
    "UnsafeHeaderError",
    "UnsupportedMediaTypeError",
    "WriterContent",
]
