"""Exceptions of the application layer; handlers raise some of them to pick a status."""

from __future__ import annotations

from .._errors import InvalidHeaderError

__all__ = [
    "BadRequestError",
    "BodyLengthError",
    "HttpError",
    "InvalidHeaderError",
    "NotFoundError",
    "ResponseAlreadySentError",
    "UnsafeHeaderError",
    "UnsupportedMediaTypeError",
]


class BodyLengthError(RuntimeError):
    """A writer body longer or shorter than the Content-Length it declared (RFC 9112 §8)."""


class UnsafeHeaderError(ValueError):
    """A framing header (Content-Length, Transfer-Encoding, Upgrade) set by hand."""


class ResponseAlreadySentError(RuntimeError):
    """A second ``respond*`` on a call whose response was already sent (Ktor's rule)."""

    def __init__(self, message: str = "Response has already been sent") -> None:
        super().__init__(message)


class HttpError(Exception):
    """An error that becomes a response with ``status`` and a short plain-text body."""

    status_value = 500

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "")
        self.message = message


class NotFoundError(HttpError):
    """Raise in a handler to answer 404 Not Found."""

    status_value = 404


class BadRequestError(HttpError):
    """Raise in a handler to answer 400 Bad Request."""

    status_value = 400


class UnsupportedMediaTypeError(HttpError):
    """The request body's type has no converter: 415 Unsupported Media Type."""

    status_value = 415
