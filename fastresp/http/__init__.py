"""HTTP value types: status codes, header names, media types, dispositions, cookies, caching."""

from __future__ import annotations

from .cache_control import CacheControl
from .content_disposition import ContentDisposition
from .content_type import BadContentTypeFormatError, ContentType
from .cookies import Cookie, CookieEncoding
from .headers import HttpHeaders
from .status import HttpStatusCode

__all__ = [
    "BadContentTypeFormatError",
    "CacheControl",
    "ContentDisposition",
    "ContentType",
    "Cookie",
    "CookieEncoding",
    "HttpHeaders",
    "HttpStatusCode",
]
