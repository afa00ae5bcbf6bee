"""Pure-Python core: the readable specification of fastresp's HTTP/1.1 serializer.

Every function turns values into HTTP/1.1 bytes, or raises before returning
anything when a strict peer would refuse or misread the result. The compiled
twin (``_core.pyx``) must give the same bytes and the same errors for every input.
"""

from __future__ import annotations

import base64
import math
import re
import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from urllib.parse import quote_from_bytes

from . import _errors
from ._errors import InvalidHeaderError
from ._tables import (
    COOKIE_ATTR_CLASS,
    COOKIE_MAX_ATTRIBUTE,
    COOKIE_MAX_PAIR,
    COOKIE_OCTET_CLASS,
    COOKIE_SAME_SITE,
    COOKIE_STANDARD_ATTRIBUTES,
    DAY_NAMES,
    DEFAULT_FORBIDDEN,
    FIELD_CHAR_CLASS,
    FORBIDDEN_TRAILERS,
    FRAMING_CHUNKED,
    FRAMING_CLOSE,
    FRAMING_LENGTH,
    FRAMING_NONE,
    MAX_CONTENT_LENGTH,
    MAX_TIMESTAMP,
    MIN_TIMESTAMP,
    MONTH_NAMES,
    REASON_CHAR_CLASS,
    SSE_EVENT_KEYS,
    STATUS_PHRASES,
    TOKEN_CLASS,
)

__all__ = [
    "FRAMING_CHUNKED",
    "FRAMING_CLOSE",
    "FRAMING_LENGTH",
    "FRAMING_NONE",
    "InvalidHeaderError",
    "build_head",
    "check_field",
    "encode_chunk",
    "encode_headers",
    "encode_sse_event",
    "encode_sse_events",
    "http_date",
    "last_chunk",
    "render_set_cookie",
    "status_line",
]

Header = tuple[str | bytes, str | bytes]


def _members(char_class: bytes) -> bytes:
    """The bytes a class allows, as the ``delete`` argument of ``bytes.translate``."""
    return bytes(i for i in range(256) if char_class[i])


# ``data.translate(None, ALLOWED)`` leaves exactly the characters a class refuses.
_TOKEN_CHARS = _members(TOKEN_CLASS)
_FIELD_CHARS = _members(FIELD_CHAR_CLASS)
_REASON_CHARS = _members(REASON_CHAR_CLASS)
_COOKIE_OCTETS = _members(COOKIE_OCTET_CLASS)
_COOKIE_ATTR_CHARS = _members(COOKIE_ATTR_CLASS)
_WHITESPACE = (b" ", b"\t")

_VERSIONS = {"1.1": b"HTTP/1.1 ", "1.0": b"HTTP/1.0 ", b"1.1": b"HTTP/1.1 ", b"1.0": b"HTTP/1.0 "}
_STATUS_LINES = {
    (version, code): b"%s%d %s\r\n" % (prefix, code, STATUS_PHRASES.get(code, b""))
    for version, prefix in _VERSIONS.items()
    for code in range(100, 1000)
}


def _status_code(status: object) -> int:
    """Return ``status`` as an int from 100 to 999; bools, floats and strings are refused."""
    if type(status) is bool or not isinstance(status, int) or not 100 <= status <= 999:
        raise _errors.bad_status(status)
    return int(status)


def _version_prefix(http_version: object) -> bytes:
    """Return ``b"HTTP/1.x "`` for an HTTP version of ``"1.0"`` or ``"1.1"``."""
    try:
        return _VERSIONS[http_version]  # type: ignore[index]
    except (KeyError, TypeError):
        raise _errors.bad_http_version(http_version) from None


def status_line(status: int, reason: str | bytes | None = None, http_version: str = "1.1") -> bytes:
    """Return the status line, e.g. ``b"HTTP/1.1 200 OK\\r\\n"`` (RFC 9112 §4).

    An unknown code gets an empty reason but keeps the space before it.
    """
    code = _status_code(status)
    prefix = _version_prefix(http_version)
    if reason is None:
        return _STATUS_LINES[(http_version, code)]  # type: ignore[index]
    return b"%s%d %s\r\n" % (prefix, code, _reason_bytes(reason))


def _reason_bytes(reason: object) -> bytes:
    """Validate a custom reason phrase and return it as bytes."""
    if isinstance(reason, str):
        try:
            data = reason.encode("latin-1")
        except UnicodeEncodeError:
            raise _errors.bad_reason(reason) from None
    elif isinstance(reason, bytes):
        data = bytes(reason)
    else:
        raise _errors.bad_reason(reason)
    if data.translate(None, _REASON_CHARS):
        raise _errors.bad_reason(reason)
    return data


def _name_bytes(name: object) -> bytes:
    """Validate a header name as an RFC 9110 token and return it as bytes."""
    if isinstance(name, str):
        try:
            data = name.encode("latin-1")
        except UnicodeEncodeError:
            raise _errors.bad_header_name(name) from None
    elif isinstance(name, bytes):
        data = bytes(name)
    else:
        raise _errors.bad_header_name(name)
    if not data or data.translate(None, _TOKEN_CHARS):
        raise _errors.bad_header_name(name)
    return data


def _value_bytes(name: object, value: object) -> bytes:
    """Validate a header value as RFC 9110 §5.5 field-content and return it as bytes."""
    if isinstance(value, str):
        try:
            data = value.encode("latin-1")
        except UnicodeEncodeError:
            raise _errors.bad_header_value(name, value, "cannot be encoded as latin-1") from None
    elif isinstance(value, bytes):
        data = bytes(value)
    else:
        raise _errors.bad_header_value(name, value, "")
    if data.translate(None, _FIELD_CHARS):
        # CR, LF and NUL would split the response; other controls are invalid too.
        raise _errors.bad_header_value(name, value, "contains a control character")
    if data[:1] in _WHITESPACE or data[-1:] in _WHITESPACE:
        # field-content has no leading or trailing whitespace (RFC 9110 §5.5).
        raise _errors.bad_header_value(name, value, "has leading or trailing whitespace")
    return data


def _header_pair(item: object) -> tuple[bytes, bytes]:
    """Validate one ``(name, value)`` pair and return both as bytes."""
    if type(item) is not tuple and type(item) is not list or len(item) != 2:  # type: ignore[arg-type]
        raise _errors.bad_header_pair(item)
    name, value = item  # type: ignore[misc]
    return _name_bytes(name), _value_bytes(name, value)


def check_field(name: str | bytes, value: str | bytes) -> tuple[bytes, bytes]:
    """Validate one header field; return its lower-case name bytes and its value bytes.

    The name must be an RFC 9110 §5.6.2 token and the value §5.5 field-content;
    raises ``InvalidHeaderError`` (``TypeError`` for a wrong type) naming the header.
    """
    return _name_bytes(name).lower(), _value_bytes(name, value)


def encode_headers(headers: Iterable[Header]) -> bytes:
    """Return the header lines ``name: value\\r\\n`` for ``(name, value)`` pairs.

    Raises ``InvalidHeaderError`` naming the first bad header; nothing partial is returned.
    """
    lines = []
    for item in headers:
        name, value = _header_pair(item)
        lines.append(b"%s: %s\r\n" % (name, value))
    return b"".join(lines)


# --- dates ---------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_now_second = -1
_now_date = b""


def _civil_from_days(days: int) -> tuple[int, int, int]:
    """Return (year, month, day) of the proleptic Gregorian day ``days`` after 1970-01-01."""
    # Howard Hinnant's days-to-civil algorithm: exact for every representable year.
    z = days + 719468
    era = z // 146097
    day_of_era = z - era * 146097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    year = year_of_era + era * 400 + (1 if month <= 2 else 0)
    return year, month, day


def _format_seconds(seconds: int) -> bytes:
    """Return the IMF-fixdate of a whole POSIX second (RFC 9110 §5.6.7)."""
    days, second_of_day = divmod(seconds, 86400)
    year, month, day = _civil_from_days(days)
    hour, rest = divmod(second_of_day, 3600)
    minute, second = divmod(rest, 60)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    return b"%s, %02d %s %04d %02d:%02d:%02d GMT" % (
        DAY_NAMES[weekday], day, MONTH_NAMES[month - 1], year, hour, minute, second,
    )


def _posix_seconds(value: object, what: str) -> int:
    """Return a datetime (naive means UTC) or POSIX timestamp as whole seconds, floored."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            value = value.replace(tzinfo=timezone.utc)
        delta = value - _EPOCH
        seconds = delta.days * 86400 + delta.seconds
    elif type(value) is bool or not isinstance(value, (int, float)):
        raise _errors.bad_timestamp(value, what)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _errors.bad_timestamp(value, what)
        seconds = math.floor(value)
    else:
        seconds = int(value)
    if not MIN_TIMESTAMP <= seconds <= MAX_TIMESTAMP:
        raise _errors.bad_timestamp(value, what)
    return seconds


def http_date(timestamp: float | datetime | None = None) -> bytes:
    """Return an IMF-fixdate such as ``b"Sun, 06 Nov 1994 08:49:37 GMT"``; now when None.

    Independent of locale and time zone; the current date is cached for one second.
    """
    global _now_second, _now_date
    if timestamp is None:
        now = int(time.time())
        if now != _now_second:
            _now_date = _format_seconds(now)
            _now_second = now
        return _now_date
    return _format_seconds(_posix_seconds(timestamp, "timestamp"))


# --- chunked coding ----------------------------------------------------------------


def encode_chunk(data: bytes | bytearray | memoryview) -> bytes:
    """Return one chunk ``size-hex CRLF data CRLF`` (RFC 9112 §7.1); ``b""`` for no data.

    An empty write yields nothing, because a zero-size chunk would end the body.
    """
    if isinstance(data, memoryview):
        data = data.tobytes()
    elif not isinstance(data, (bytes, bytearray)):
        raise _errors.bad_chunk_type(data)
    if not data:
        return b""
    return b"%x\r\n%s\r\n" % (len(data), data)


def last_chunk(trailers: Iterable[Header] | None = None) -> bytes:
    """Return the last chunk with optional trailer fields: ``b"0\\r\\n" trailers b"\\r\\n"``."""
    if trailers is None:
        return b"0\r\n\r\n"
    lines = [b"0\r\n"]
    for item in trailers:
        name, value = _header_pair(item)
        if name.decode("latin-1").lower() in FORBIDDEN_TRAILERS:
            raise _errors.forbidden_trailer(item[0])  # type: ignore[index]
        lines.append(b"%s: %s\r\n" % (name, value))
    lines.append(b"\r\n")
    return b"".join(lines)


# --- Set-Cookie ----------------------------------------------------------------------



def _cookie_value(name: object, value: object, encoding: object) -> bytes:
    """Encode a cookie value with one of the encodings "uri", "raw", "dquotes", "base64"."""
    if isinstance(value, str):
        try:
            data = value.encode("utf-8")
        except UnicodeEncodeError:
            raise _errors.cookie_problem(name, "value-unicode") from None
    elif isinstance(value, bytes):
        data = bytes(value)
    else:
        raise _errors.cookie_problem(name, "value-type", value)
    if encoding == "uri":
        # Percent-encode (UTF-8, uppercase hex) everything outside RFC 3986 unreserved.
        return quote_from_bytes(data, safe="").encode("ascii")
    if encoding == "base64":
        return base64.b64encode(data)
    if encoding == "raw":
        inner = data[1:-1] if len(data) >= 2 and data[:1] == data[-1:] == b'"' else data
        if inner.translate(None, _COOKIE_OCTETS):
            raise _errors.cookie_problem(name, "value-raw", value)
        return data
    if encoding == "dquotes":
        if any(c < 0x20 or c == 0x7F or c in b'"\\;' for c in data):
            raise _errors.cookie_problem(name, "value-dquotes", value)
        if b" " in data or b"," in data:
            return b'"%s"' % data
        return data
    raise _errors.cookie_problem(name, "encoding", encoding)


def _cookie_attribute(name: object, what: str, value: object) -> bytes:
    """Validate a Domain, Path or extension value: ASCII, no control character, no ';'."""
    if isinstance(value, str):
        try:
            data = value.encode("latin-1")
        except UnicodeEncodeError:
            data = b"\x00"  # not ASCII: refused below with the common message
    elif isinstance(value, bytes):
        data = bytes(value)
    else:
        raise _errors.cookie_problem(name, "attribute-type", value, what)
    if not data or data.translate(None, _COOKIE_ATTR_CHARS):
        raise _errors.cookie_problem(name, "attribute-chars", value, what)
    if len(data) > COOKIE_MAX_ATTRIBUTE:
        raise _errors.cookie_problem(name, "attribute-size", what=what, limit=COOKIE_MAX_ATTRIBUTE)
    return data


def render_set_cookie(
    name: str | bytes,
    value: str | bytes,
    *,
    encoding: str = "uri",
    max_age: int | None = None,
    expires: datetime | float | None = None,
    domain: str | bytes | None = None,
    path: str | bytes | None = None,
    secure: bool = False,
    http_only: bool = False,
    same_site: str | None = None,
    partitioned: bool = False,
    extensions: dict[str, str | bytes | None] | None = None,
) -> bytes:
    """Return a Set-Cookie field value, e.g. ``b"sid=abc; Path=/; Secure; HttpOnly"``.

    Validates per RFC 6265 §4.1 and the 6265bis prefixes; errors name the cookie.
    """
    if isinstance(name, str):
        try:
            name_bytes = name.encode("latin-1")
        except UnicodeEncodeError:
            raise _errors.bad_cookie_name(name) from None
    elif isinstance(name, bytes):
        name_bytes = bytes(name)
    else:
        raise _errors.bad_cookie_name(name)
    if not name_bytes or name_bytes.translate(None, _TOKEN_CHARS):
        raise _errors.bad_cookie_name(name)

    parts = [name_bytes + b"=" + _cookie_value(name, value, encoding)]
    if len(parts[0]) - 1 > COOKIE_MAX_PAIR:
        raise _errors.cookie_problem(name, "pair-size", limit=COOKIE_MAX_PAIR)

    if max_age is not None:
        if type(max_age) is bool or not isinstance(max_age, int):
            raise _errors.cookie_problem(name, "max-age-type", max_age)
        if max_age < 0:
            raise _errors.cookie_problem(name, "max-age-negative", max_age)
        parts.append(b"Max-Age=%d" % max_age)
    if expires is not None:
        try:
            parts.append(b"Expires=" + _format_seconds(_posix_seconds(expires, "expires")))
        except (TypeError, ValueError) as error:
            raise _errors.bad_cookie(name, str(error), type(error)) from None
    if domain is not None:
        if _has_host_prefix(name_bytes):
            raise _errors.cookie_problem(name, "host-domain")
        parts.append(b"Domain=" + _cookie_attribute(name, "domain", domain))
    if path is not None:
        parts.append(b"Path=" + _cookie_attribute(name, "path", path))
    elif _has_host_prefix(name_bytes):
        raise _errors.cookie_problem(name, "host-path")
    if secure:
        parts.append(b"Secure")
    if http_only:
        parts.append(b"HttpOnly")
    if same_site is not None:
        if not isinstance(same_site, str):
            raise _errors.cookie_problem(name, "same-site-type", same_site)
        canonical = COOKIE_SAME_SITE.get(same_site.lower())
        if canonical is None:
            raise _errors.cookie_problem(name, "same-site-value", same_site)
        if canonical == b"None" and not secure:
            raise _errors.cookie_problem(name, "same-site-none")
        parts.append(b"SameSite=" + canonical)
    if partitioned:
        if not secure:
            raise _errors.cookie_problem(name, "partitioned")
        parts.append(b"Partitioned")
    if not secure and name_bytes[:9].lower() == b"__secure-":
        raise _errors.cookie_problem(name, "secure-prefix")
    if _has_host_prefix(name_bytes):
        if not secure:
            raise _errors.cookie_problem(name, "host-secure")
        if path not in ("/", b"/"):
            raise _errors.cookie_problem(name, "host-path")
    if extensions is not None and not isinstance(extensions, Mapping):
        raise _errors.cookie_problem(name, "extensions-type", extensions)
    if extensions:
        for key, extension in extensions.items():
            parts.append(_cookie_extension(name, key, extension))
    return b"; ".join(parts)


def _has_host_prefix(name: bytes) -> bool:
    """Whether a cookie name carries the ``__Host-`` prefix (matched case-insensitively)."""
    return name[:7].lower() == b"__host-"


def _cookie_extension(name: object, key: object, value: object) -> bytes:
    """Render one extension attribute, ``key=value`` or a bare ``key`` flag."""
    if isinstance(key, str):
        try:
            key_bytes = key.encode("latin-1")
        except UnicodeEncodeError:
            key_bytes = b""
    elif isinstance(key, bytes):
        key_bytes = bytes(key)
    else:
        raise _errors.cookie_problem(name, "extension-name-type", key)
    if not key_bytes or key_bytes.translate(None, _TOKEN_CHARS):
        raise _errors.cookie_problem(name, "extension-name", key)
    if key_bytes.decode("latin-1").lower() in COOKIE_STANDARD_ATTRIBUTES:
        raise _errors.cookie_problem(name, "extension-standard", key)
    if value is None:
        return key_bytes
    return key_bytes + b"=" + _cookie_attribute(name, f"extension {_errors.describe(key)}", value)


# --- whole response head -------------------------------------------------------------


def _content_length(name: object, value: bytes) -> int:
    """Parse an application's Content-Length: ``1*DIGIT`` only (RFC 9110 §8.6)."""
    if not value.isdigit() or not value.isascii() or int(value) > MAX_CONTENT_LENGTH:
        raise InvalidHeaderError(
            f"invalid value for header {_errors.describe(name)}: {_errors.describe(value)} "
            "(Content-Length must be 1*DIGIT, at most 2**63-1)"
        )
    return int(value)


def build_head(
    status: int,
    headers: Iterable[Header],
    reason: str | bytes | None = None,
    *,
    method: bytes | str = b"GET",
    http_version: str = "1.1",
    keep_alive: bool = True,
    default_headers: Iterable[Header] = (),
) -> tuple[bytes, int, int, bool]:
    """Build a whole response head and decide its framing (RFC 9112 §6, §9.3).

    ``http_version`` is the request's version: it decides framing and keep-alive,
    while the status line always says HTTP/1.1 (RFC 9110 §6.2). Returns
    ``(head, framing, content_length, keep_alive)``: ``head`` ends with the blank line; ``framing`` is one of the ``FRAMING_*`` constants; ``content_length``
    is the length the head declares or -1; ``keep_alive`` is whether the connection
    may carry another request. ``default_headers`` (Date, Server, ...) are added only
    when the application did not set a header of the same name.
    """
    code = _status_code(status)
    is_http11 = _version_prefix(http_version) == b"HTTP/1.1 "
    # RFC 9110 §6.2: answer with the highest version we conform to whose major
    # version the client sent, so an HTTP/1.0 request still gets "HTTP/1.1".
    line = status_line(code, reason, "1.1")
    if code < 200 and not is_http11:
        raise _errors.informational_to_http10(code)
    head_request = method in (b"HEAD", "HEAD")
    # A 2xx to CONNECT turns the connection into a tunnel (RFC 9110 §9.3.6), which
    # this head does not frame: no content, no framing fields, and the connection ends.
    tunnel = method in (b"CONNECT", "CONNECT") and 200 <= code < 300

    lines = [line]
    names = set()
    length = -1
    chunked = False
    close = False
    close_sent = False
    for item in headers:
        name, value = _header_pair(item)
        lower = name.lower()
        names.add(lower)
        if lower == b"content-length":
            declared = _content_length(item[0], value)  # type: ignore[index]
            if length not in (-1, declared):
                raise InvalidHeaderError(
                    f"conflicting Content-Length values {length} and {declared}"
                )
            if length == -1:
                length = declared
            continue
        if lower == b"transfer-encoding":
            # The server frames the body itself (ASGI); only "chunked" keeps its meaning.
            if value.lower() != b"chunked":
                raise InvalidHeaderError(
                    f"unsupported transfer-encoding {_errors.describe(item[1])}: "  # type: ignore[index]
                    "the server only applies chunked framing itself"
                )
            chunked = True
            continue
        if lower == b"connection":
            options = {option.strip().lower() for option in value.split(b",")} - {b""}
            # RFC 9112 §9.6: a "close" option from the application ends the connection.
            if b"close" in options:
                close = True
            if not options <= {b"close", b"keep-alive"}:
                # Other options (such as "upgrade" on a 101) name hop-by-hop fields the
                # application sends (RFC 9110 §7.6.1): keep its line as it is.
                close_sent = close_sent or b"close" in options
                lines.append(b"%s: %s\r\n" % (name, value))
            continue
        lines.append(b"%s: %s\r\n" % (name, value))

    if chunked:
        # RFC 9112 §6.3: Transfer-Encoding overrides Content-Length, and a sender never
        # sends both (§6.2): the application's chunked framing wins, its length is dropped.
        length = -1

    defaults = []
    for item in default_headers:
        name, value = _header_pair(item)
        if name.decode("latin-1").lower() in DEFAULT_FORBIDDEN:
            raise _errors.forbidden_default(item[0])  # type: ignore[index]
        if name.lower() not in names:
            defaults.append(b"%s: %s\r\n" % (name, value))
    lines[1:1] = defaults

    if head_request or tunnel or code < 200 or code == 204 or code == 304:
        # RFC 9110 §6.4.1: no content follows. A 1xx, a 204 or a 2xx to CONNECT must
        # not carry Content-Length (§8.6); HEAD and 304 keep the length a GET would have.
        framing = FRAMING_NONE
        if code < 200 or code == 204 or tunnel:
            length = -1
        if tunnel:
            close = True
    elif length != -1:
        framing = FRAMING_LENGTH
    elif is_http11:
        framing = FRAMING_CHUNKED
        lines.append(b"transfer-encoding: chunked\r\n")
    else:
        # RFC 9112 §6.3 item 8: an HTTP/1.0 peer gets a close-delimited body.
        framing = FRAMING_CLOSE
        close = True
    if length != -1:
        lines.append(b"content-length: %d\r\n" % length)

    keep = bool(keep_alive) and not close
    if not keep and not close_sent:
        # The head says HTTP/1.1, whose connections persist unless "close" is sent
        # (RFC 9112 §9.3), so an HTTP/1.0 peer is told too.
        lines.append(b"connection: close\r\n")
    elif not is_http11 and keep:
        lines.append(b"connection: keep-alive\r\n")
    lines.append(b"\r\n")
    return b"".join(lines), framing, length, keep


# --- server-sent events: the WHATWG HTML "event stream" format --------------------

#: A line end in an event stream: CRLF, a lone CR or a lone LF (WHATWG HTML, "end-of-line").
_SSE_LINE_END = re.compile(rb"\r\n|\r|\n")


def _sse_octets(field: str, value: object) -> bytes:
    """A field's value as UTF-8 octets (the stream's only encoding); bytes are taken as they are."""
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError:
            raise _errors.bad_sse_field(field, value, "unicode") from None
    if isinstance(value, bytes):
        return bytes(value)
    raise _errors.bad_sse_field(field, value)


def _sse_lines(prefix: bytes, field: str, value: object) -> bytes:
    """One ``prefix line LF`` per line of ``value``, split at CR, LF or CRLF."""
    return b"".join(prefix + line + b"\n" for line in _SSE_LINE_END.split(_sse_octets(field, value)))


def _sse_single_line(name: bytes, field: str, value: object) -> bytes:
    """``name: value LF`` for a one-line field (event, id): a CR or LF in it is refused."""
    octets = _sse_octets(field, value)
    if b"\r" in octets or b"\n" in octets:
        raise _errors.bad_sse_field(field, value, "line-break")
    # A NUL in an id makes the EventSource ignore the field (WHATWG HTML, "process the field").
    if field == "id" and b"\0" in octets:
        raise _errors.bad_sse_field(field, value, "nul")
    return name + octets + b"\n"


def encode_sse_event(
    data: str | bytes | None = None,
    *,
    event: str | bytes | None = None,
    id: str | bytes | None = None,
    retry: int | None = None,
    comment: str | bytes | None = None,
) -> bytes:
    """Return one server-sent event: comment, event, id, retry and data lines, then a blank line.

    ``data`` and ``comment`` may span lines (split at CR, LF or CRLF, one field line
    each); ``event`` and ``id`` may not. str is sent as UTF-8, bytes as they are.
    """
    if data is None and event is None and id is None and retry is None and comment is None:
        raise _errors.empty_sse_event()
    parts = []
    if comment is not None:
        parts.append(_sse_lines(b": ", "comment", comment))
    if event is not None:
        parts.append(_sse_single_line(b"event: ", "event", event))
    if id is not None:
        parts.append(_sse_single_line(b"id: ", "id", id))
    if retry is not None:
        if type(retry) is bool or not isinstance(retry, int) or retry < 0:
            raise _errors.bad_sse_retry(retry)
        parts.append(b"retry: %d\n" % retry)
    if data is not None:
        # "data: " with its space: the parser drops one leading space, so a line that
        # starts with a space keeps it.
        parts.append(_sse_lines(b"data: ", "data", data))
    parts.append(b"\n")
    return b"".join(parts)


def encode_sse_events(events: Iterable[str | bytes | Mapping[str, object]]) -> bytes:
    """Return several events in one buffer; each is data (str, bytes) or a mapping of ``encode_sse_event``'s arguments."""
    parts = []
    for item in events:
        if isinstance(item, (str, bytes)):
            parts.append(encode_sse_event(item))
        elif isinstance(item, Mapping):
            for key in item:
                if key not in SSE_EVENT_KEYS:
                    raise _errors.bad_sse_event(item, key)
            parts.append(
                encode_sse_event(
                    item.get("data"),
                    event=item.get("event"),
                    id=item.get("id"),
                    retry=item.get("retry"),
                    comment=item.get("comment"),
                )
            )
        else:
            raise _errors.bad_sse_event(item)
    return b"".join(parts)
