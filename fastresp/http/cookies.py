"""Response cookies as values: Ktor's ``Cookie`` and ``CookieEncoding``.

Rendering and validation are the core's ``render_set_cookie`` (RFC 6265 §4.1, 6265bis);
this module only holds the values and the mapping to the core's encoding names.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime

from ..core import render_set_cookie

__all__ = ["Cookie", "CookieEncoding"]


class CookieEncoding(enum.Enum):
    """How a cookie value is written on the wire."""

    #: The value as is; it must already be RFC 6265 cookie-octets.
    RAW = "raw"
    #: Wrapped in double quotes when it holds a space or a comma.
    DQUOTES = "dquotes"
    #: Percent-encoded UTF-8 outside RFC 3986 unreserved characters (the default).
    URI_ENCODING = "uri"
    #: Standard Base64 with padding.
    BASE64_ENCODING = "base64"


@dataclass(frozen=True)
class Cookie:
    """A cookie to send with ``Set-Cookie``: name, value and RFC 6265 attributes.

    ``expires`` is a datetime (naive means UTC) or a POSIX timestamp.
    """

    name: str
    value: str
    encoding: CookieEncoding = CookieEncoding.URI_ENCODING
    max_age: int | None = None
    expires: datetime | float | None = None
    domain: str | None = None
    path: str | None = None
    secure: bool = False
    http_only: bool = False
    same_site: str | None = None
    partitioned: bool = False
    extensions: Mapping[str, str | None] = field(default_factory=dict, hash=False)

    def render(self) -> bytes:
        """The ``Set-Cookie`` field value; raises ``ValueError``/``TypeError`` naming the cookie."""
        return render_cookie(self.name, self.value, {name: getattr(self, name) for name in COOKIE_ATTRIBUTES})


#: The keyword arguments of ``Cookie`` after name and value.
COOKIE_ATTRIBUTES = frozenset(item.name for item in fields(Cookie)) - {"name", "value"}


def render_cookie(name: str, value: str, attributes: dict[str, object]) -> bytes:
    """``Cookie(name, value, **attributes).render()`` without building the ``Cookie``.

    ``attributes`` must be a subset of ``COOKIE_ATTRIBUTES``; the bytes and errors are the same.
    """
    if "encoding" in attributes or "extensions" in attributes:
        encoding = attributes.get("encoding", CookieEncoding.URI_ENCODING)
        if not isinstance(encoding, CookieEncoding):
            raise TypeError(f"cookie {name!r}: encoding must be a CookieEncoding, got {encoding!r}")
        extensions = attributes.get("extensions")
        attributes = {
            **attributes,
            "encoding": encoding.value,
            "extensions": dict(extensions) if extensions else None,  # type: ignore[call-overload]
        }
    # Every other default of ``Cookie`` is the core's default for the same argument.
    return render_set_cookie(name, value, **attributes)  # type: ignore[arg-type]
