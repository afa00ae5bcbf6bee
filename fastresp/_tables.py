"""Facts both core twins read: status phrases, character classes and framing names.

Keeping them in one plain-Python module means the compiled core and the pure
core cannot drift apart (the BlackSheep lesson in the style anchors).
"""

from __future__ import annotations

from http import HTTPStatus

__all__ = [
    "COOKIE_ATTR_CLASS",
    "COOKIE_MAX_ATTRIBUTE",
    "COOKIE_MAX_PAIR",
    "COOKIE_OCTET_CLASS",
    "DAY_NAMES",
    "FIELD_CHAR_CLASS",
    "FORBIDDEN_TRAILERS",
    "MAX_CONTENT_LENGTH",
    "MAX_TIMESTAMP",
    "MIN_TIMESTAMP",
    "MONTH_NAMES",
    "REASON_CHAR_CLASS",
    "STATUS_PHRASES",
    "TOKEN_CLASS",
    "URI_UNRESERVED_CLASS",
    "describe",
]

#: Standard reason phrases, by code (RFC 9110 §15 via ``http.HTTPStatus``).
STATUS_PHRASES: dict[int, bytes] = {
    int(status): status.phrase.encode("latin-1") for status in HTTPStatus
}


def _char_class(predicate) -> bytes:
    """Return a 256-byte table whose byte ``i`` is 1 when ``predicate(i)`` holds."""
    return bytes(1 if predicate(i) else 0 for i in range(256))


_TCHAR_PUNCT = frozenset(b"!#$%&'*+-.^_`|~")

#: RFC 9110 §5.6.2 ``tchar``: the characters of a token (header and cookie names).
TOKEN_CLASS: bytes = _char_class(
    lambda c: (0x30 <= c <= 0x39)
    or (0x41 <= c <= 0x5A)
    or (0x61 <= c <= 0x7A)
    or c in _TCHAR_PUNCT
)

#: RFC 9110 §5.5 field-content characters: field-vchar (VCHAR / obs-text), SP and HTAB.
#: Every other control character, including DEL, is refused: CR, LF and NUL are
#: "invalid and dangerous", and the rest are invalid in any field value.
FIELD_CHAR_CLASS: bytes = _char_class(
    lambda c: c == 0x09 or c == 0x20 or (0x21 <= c <= 0x7E) or c >= 0x80
)

#: RFC 9112 §4 reason-phrase characters: HTAB / SP / VCHAR / obs-text.
REASON_CHAR_CLASS: bytes = FIELD_CHAR_CLASS

#: RFC 6265 §4.1.1 cookie-octet: US-ASCII minus CTLs, whitespace, DQUOTE, comma,
#: semicolon and backslash.
COOKIE_OCTET_CLASS: bytes = _char_class(
    lambda c: c == 0x21
    or (0x23 <= c <= 0x2B)
    or (0x2D <= c <= 0x3A)
    or (0x3C <= c <= 0x5B)
    or (0x5D <= c <= 0x7E)
)

#: RFC 6265 §4.1.1 path-value / extension-av: any CHAR except CTLs or ";".
#: CHAR is US-ASCII, so non-ASCII (which a user agent would mangle) is refused too.
COOKIE_ATTR_CLASS: bytes = _char_class(lambda c: 0x20 <= c <= 0x7E and c != 0x3B)

#: RFC 3986 §2.3 unreserved characters, left as they are by the "uri" cookie encoding.
URI_UNRESERVED_CLASS: bytes = _char_class(
    lambda c: (0x30 <= c <= 0x39)
    or (0x41 <= c <= 0x5A)
    or (0x61 <= c <= 0x7A)
    or c in b"-._~"
)

#: Fields that may never be sent as trailers: message framing (RFC 9110 §6.5.1),
#: routing (Host), connection-specific fields (RFC 9110 §7.6.1) and the fields that
#: say how to process the content (Content-Encoding, -Type, -Range), all lower case.
FORBIDDEN_TRAILERS: frozenset[str] = frozenset(
    {
        "content-length",
        "transfer-encoding",
        "host",
        "trailer",
        "connection",
        "te",
        "keep-alive",
        "proxy-connection",
        "upgrade",
        "content-encoding",
        "content-type",
        "content-range",
    }
)

#: User agents drop a cookie whose name and value exceed 4096 octets, and an
#: attribute over 1024 octets (RFC 6265bis §5.6); we refuse them instead of letting
#: the cookie vanish silently.
COOKIE_MAX_PAIR = 4096
COOKIE_MAX_ATTRIBUTE = 1024

#: Largest Content-Length we accept from an application (fits a signed 64-bit int,
#: which is what every peer parser stores it in).
MAX_CONTENT_LENGTH = 2**63 - 1

#: IMF-fixdate names (RFC 9110 §5.6.7), written by hand so no locale can change them.
DAY_NAMES: tuple[bytes, ...] = (b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun")
MONTH_NAMES: tuple[bytes, ...] = (
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun",
    b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
)
#: IMF-fixdate has a four-digit year, so dates run from 0001-01-01 to 9999-12-31.
MIN_TIMESTAMP = -62135596800
MAX_TIMESTAMP = 253402300799

_DESCRIBE_LIMIT = 60


def describe(value: object) -> str:
    """Return ``repr(value)`` cut to a readable length, for error messages."""
    text = repr(value)
    if len(text) > _DESCRIBE_LIMIT:
        return text[: _DESCRIBE_LIMIT - 3] + "..."
    return text

#: How a response body is delimited, as decided by ``build_head`` (RFC 9112 §6.3).
FRAMING_NONE = 0  # no body may follow the head: HEAD, 1xx, 204, 304
FRAMING_LENGTH = 1  # exactly Content-Length bytes follow
FRAMING_CHUNKED = 2  # chunked transfer coding, ended by last_chunk()
FRAMING_CLOSE = 3  # the body ends when the connection closes (HTTP/1.0 without a length)
