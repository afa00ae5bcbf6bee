"""Response cookies as values: Ktor's ``Cookie`` and ``CookieEncoding``.

Rendering and validation are the core's ``render_set_cookie`` (RFC 6265 §4.1, 6265bis);
this module only holds the values and the mapping to the core's encoding names.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
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
        encoding = self.encoding
        if not isinstance(encoding, CookieEncoding):
            raise TypeError(f"cookie {self.name!r}: encoding must be a CookieEncoding, got {encoding!r}")
        return render_set_cookie(
            self.name,
            self.value,
            encoding=encoding.value,
            max_age=self.max_age,
            expires=self.expires,
            domain=self.domain,
            path=self.path,
            secure=self.secure,
            http_only=self.http_only,
            same_site=self.same_site,
            partitioned=self.partitioned,
            extensions=dict(self.extensions) if self.extensions else None,
        )
