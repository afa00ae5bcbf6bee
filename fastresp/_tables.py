"""Facts both core twins read: status phrases, character classes and framing names.

Keeping them in one plain-Python module means the compiled core and the pure
core cannot drift apart (the BlackSheep lesson in the style anchors).
"""

from __future__ import annotations

__all__ = [
    "COOKIE_ATTR_CLASS",
    "COOKIE_MAX_ATTRIBUTE",
    "COOKIE_MAX_PAIR",
    "COOKIE_OCTET_CLASS",
    "COOKIE_SAME_SITE",
    "COOKIE_STANDARD_ATTRIBUTES",
    "DAY_NAMES",
    "DEFAULT_FORBIDDEN",
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

#: Standard reason phrases, by code: the IANA HTTP Status Code Registry names of
#: RFC 9110 §15, as ``http.HTTPStatus`` spells them from Python 3.13 on. Written out
#: here so every interpreter sends the same bytes (3.10-3.12 still say, for example,
#: "Request Entity Too Large" for 413).
STATUS_PHRASES: dict[int, bytes] = {
    100: b"Continue", 101: b"Switching Protocols", 102: b"Processing", 103: b"Early Hints",
    200: b"OK", 201: b"Created", 202: b"Accepted", 203: b"Non-Authoritative Information",
    204: b"No Content", 205: b"Reset Content", 206: b"Partial Content", 207: b"Multi-Status",
    208: b"Already Reported", 226: b"IM Used",
    300: b"Multiple Choices", 301: b"Moved Permanently", 302: b"Found", 303: b"See Other",
    304: b"Not Modified", 305: b"Use Proxy", 307: b"Temporary Redirect", 308: b"Permanent Redirect",
    400: b"Bad Request", 401: b"Unauthorized", 402: b"Payment Required", 403: b"Forbidden",
    404: b"Not Found", 405: b"Method Not Allowed", 406: b"Not Acceptable",
    407: b"Proxy Authentication Required", 408: b"Request Timeout", 409: b"Conflict", 410: b"Gone",
    411: b"Length Required", 412: b"Precondition Failed", 413: b"Content Too Large",
    414: b"URI Too Long", 415: b"Unsupported Media Type", 416: b"Range Not Satisfiable",
    417: b"Expectation Failed", 418: b"I'm a Teapot", 421: b"Misdirected Request",
    422: b"Unprocessable Content", 423: b"Locked", 424: b"Failed Dependency", 425: b"Too Early",
    426: b"Upgrade Required", 428: b"Precondition Required", 429: b"Too Many Requests",
    431: b"Request Header Fields Too Large", 451: b"Unavailable For Legal Reasons",
    500: b"Internal Server Error", 501: b"Not Implemented", 502: b"Bad Gateway",
    503: b"Service Unavailable", 504: b"Gateway Timeout", 505: b"HTTP Version Not Supported",
    506: b"Variant Also Negotiates", 507: b"Insufficient Storage", 508: b"Loop Detected",
    510: b"Not Extended", 511: b"Network Authentication Required",
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

#: Fields that frame a message or manage the connection, decided per response by
#: ``build_head`` and so never accepted among a server's default headers.
DEFAULT_FORBIDDEN: frozenset[str] = frozenset({"content-length", "transfer-encoding", "connection"})

#: User agents drop a cookie whose name and value exceed 4096 octets, and an
#: attribute over 1024 octets (RFC 6265bis §5.6); we refuse them instead of letting
#: the cookie vanish silently.
COOKIE_MAX_PAIR = 4096
COOKIE_MAX_ATTRIBUTE = 1024

#: RFC 6265bis §4.1.2.7 SameSite values: the lower-case spelling an application may
#: give (any case) and the canonical spelling written on the wire.
COOKIE_SAME_SITE: dict[str, bytes] = {"strict": b"Strict", "lax": b"Lax", "none": b"None"}

#: Attribute names ``render_set_cookie`` writes from its own arguments (lower case): an
#: extension repeating one would let a second, conflicting value through.
COOKIE_STANDARD_ATTRIBUTES: frozenset[str] = frozenset(
    {"max-age", "expires", "domain", "path", "secure", "httponly", "samesite", "partitioned"}
)

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

#: The keys an event of ``encode_sse_events`` may have: ``encode_sse_event``'s arguments.
SSE_EVENT_KEYS = frozenset(("data", "event", "id", "retry", "comment"))
