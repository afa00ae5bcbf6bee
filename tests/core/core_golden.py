"""The golden-bytes table of the core: one table, read by the tests of both twins.

Every row is ``(id, function, args, kwargs, expected, ref)``. ``expected`` is the exact
return value (bytes, or build_head's 4-tuple) or a ``Raises`` with the exact exception
type and substrings its message must contain. The bytes were worked out by hand from
the RFCs and the issue text (never by running the code); ``ref`` names the source:
an RFC section, "issue" (issue 2's text) or "cat-N" (item N of section 4 of
shared/reference/http-security-catalogue.md).

Like h11's ``SIMPLE_CASES`` (style anchors, h11:h11/tests/test_io.py), one table drives
the tests, so the compiled and the pure twin are checked against the same facts.
The module is named ``core_golden`` rather than ``golden`` so that it cannot clash
with a helper of another test directory (tests/ has no ``__init__.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from http import HTTPStatus
from typing import Any

from fastresp._errors import InvalidHeaderError
from fastresp._tables import FRAMING_CHUNKED, FRAMING_CLOSE, FRAMING_LENGTH, FRAMING_NONE

__all__ = ["CASES", "Case", "Raises"]


@dataclass(frozen=True)
class Raises:
    """An expected exception: its exact type and substrings its message contains."""

    type: type[Exception]
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """One golden row: call ``function(*args, **kwargs)`` and expect ``expected``."""

    id: str
    function: str
    args: tuple
    expected: Any
    ref: str
    kwargs: dict = field(default_factory=dict)


CASES: list[Case] = []


def row(id: str, function: str, *args: Any, expected: Any, ref: str, **kwargs: Any) -> None:
    """Append one case to ``CASES`` (a helper so the table reads like a table)."""
    CASES.append(Case(id, function, args, expected, ref, kwargs))


def raises(kind: type[Exception], *messages: str) -> Raises:
    """Shorthand for ``Raises(kind, messages)``."""
    return Raises(kind, messages)


# fmt: off
# The rows below are laid out as a table (one call per row, continuation lines
# only where a row is long), which a formatter would spread over many lines each.
UTC = timezone.utc
TOKYO = timezone(timedelta(hours=9))
HONOLULU = timezone(timedelta(hours=-10))
# The RFC 9110 §5.6.7 example date and its POSIX time: 9075 days after 1970-01-01
# (24 years with 6 leap days = 8766, plus 304 days to 1 Nov and 5 more) and 8:49:37.
RFC_DATE = b"Sun, 06 Nov 1994 08:49:37 GMT"
RFC_TIMESTAMP = 9075 * 86400 + 8 * 3600 + 49 * 60 + 37  # 784111777

# --- status_line: RFC 9112 §4, RFC 9110 §15 ------------------------------------------------

row("status-200", "status_line", 200, expected=b"HTTP/1.1 200 OK\r\n", ref="RFC 9112 §4")
row("status-404", "status_line", 404, expected=b"HTTP/1.1 404 Not Found\r\n", ref="RFC 9112 §4")
row("status-100", "status_line", 100, expected=b"HTTP/1.1 100 Continue\r\n", ref="RFC 9110 §15.2.1")
row("status-103", "status_line", 103, expected=b"HTTP/1.1 103 Early Hints\r\n", ref="RFC 8297")
row("status-204", "status_line", 204, expected=b"HTTP/1.1 204 No Content\r\n", ref="RFC 9110 §15.3.5")
row("status-418", "status_line", 418, expected=b"HTTP/1.1 418 I'm a Teapot\r\n", ref="issue: http.HTTPStatus")
# RFC 9110 §15 names on every Python (3.10-3.12's http.HTTPStatus still has the old ones).
row("status-413-rfc9110", "status_line", 413, expected=b"HTTP/1.1 413 Content Too Large\r\n",
    ref="RFC 9110 §15.5.14")
row("status-422-rfc9110", "status_line", 422, expected=b"HTTP/1.1 422 Unprocessable Content\r\n",
    ref="RFC 9110 §15.5.21")
row("status-intenum", "status_line", HTTPStatus.NOT_FOUND, expected=b"HTTP/1.1 404 Not Found\r\n",
    ref="issue")
# An unknown code has an empty reason, but the space before it stays (RFC 9112 §4).
row("status-unknown-299", "status_line", 299, expected=b"HTTP/1.1 299 \r\n", ref="cat-12")
row("status-unknown-599", "status_line", 599, expected=b"HTTP/1.1 599 \r\n", ref="cat-12")
# "Any int 100-999" (issue): 600 and 999 are 3DIGIT status codes the grammar allows.
row("status-600", "status_line", 600, expected=b"HTTP/1.1 600 \r\n", ref="issue")
row("status-999", "status_line", 999, expected=b"HTTP/1.1 999 \r\n", ref="issue")
row("status-http10", "status_line", 200, None, "1.0", expected=b"HTTP/1.0 200 OK\r\n", ref="issue")
row("status-http10-kw", "status_line", 299, http_version="1.0", expected=b"HTTP/1.0 299 \r\n", ref="issue")
row("status-http11-kw", "status_line", 200, http_version="1.1", expected=b"HTTP/1.1 200 OK\r\n", ref="issue")
row("reason-str", "status_line", 200, "Fine", expected=b"HTTP/1.1 200 Fine\r\n", ref="RFC 9112 §4")
row("reason-bytes", "status_line", 200, b"All good", expected=b"HTTP/1.1 200 All good\r\n", ref="RFC 9112 §4")
row("reason-htab", "status_line", 200, "Tab\there", expected=b"HTTP/1.1 200 Tab\there\r\n", ref="RFC 9112 §4")
# obs-text (%x80-FF) is allowed: a str reason is written as latin-1.
row("reason-obs-text-str", "status_line", 200, "caf\xe9", expected=b"HTTP/1.1 200 caf\xe9\r\n",
    ref="RFC 9112 §4")
row("reason-obs-text-bytes", "status_line", 200, b"\x80\xff", expected=b"HTTP/1.1 200 \x80\xff\r\n",
    ref="RFC 9112 §4")
row("reason-script", "status_line", 200, "<script>", expected=b"HTTP/1.1 200 <script>\r\n", ref="cat-12")
row("reason-empty", "status_line", 200, "", expected=b"HTTP/1.1 200 \r\n", ref="cat-12")
row("reason-http10", "status_line", 404, "Gone Fishing", "1.0", expected=b"HTTP/1.0 404 Gone Fishing\r\n",
    ref="issue")

_STATUS_RANGE = "status must be an int from 100 to 999, got "
for _bad in (99, 1000, 0, -1, 10**20):
    row(f"status-out-of-range-{_bad}", "status_line", _bad,
        expected=raises(ValueError, _STATUS_RANGE + repr(_bad)), ref="cat-9")
for _name, _bad in (("str", "200"), ("float", 200.0), ("true", True), ("false", False), ("none", None),
                    ("bytes", b"200"), ("list", [200])):
    # bools are ints in Python but never status codes; strings and floats are not coerced.
    row(f"status-type-{_name}", "status_line", _bad,
        expected=raises(TypeError, _STATUS_RANGE + repr(_bad)), ref="cat-9")

_REASON = "invalid reason phrase "
for _name, _bad in (("crlf", "OK\r\nX-Injected: 1"), ("lf", "A\nB"), ("cr", "A\rB"), ("nul", "A\x00B"),
                    ("del", "A\x7f"), ("vt", "A\x0bB"), ("bytes-crlf", b"OK\r\n"), ("non-latin1", "\u20ac")):
    row(f"reason-{_name}", "status_line", 200, _bad, expected=raises(ValueError, _REASON + repr(_bad)),
        ref="cat-12")
row("reason-int", "status_line", 200, 5, expected=raises(TypeError, "reason must be str or bytes, got 5"),
    ref="issue")
row("reason-bytearray", "status_line", 200, bytearray(b"OK"),
    expected=raises(TypeError, "reason must be str or bytes, got bytearray(b'OK')"), ref="issue")

_VERSION = "http_version must be '1.0' or '1.1', got "
row("version-2", "status_line", 200, http_version="2", expected=raises(ValueError, _VERSION + "'2'"),
    ref="issue")
row("version-full", "status_line", 200, http_version="HTTP/1.1",
    expected=raises(ValueError, _VERSION + "'HTTP/1.1'"), ref="issue")
row("version-float", "status_line", 200, http_version=1.1, expected=raises(TypeError, _VERSION + "1.1"),
    ref="issue")
row("version-none", "status_line", 200, http_version=None, expected=raises(TypeError, _VERSION + "None"),
    ref="issue")
row("version-list", "status_line", 200, http_version=["1.1"],
    expected=raises(TypeError, _VERSION + "['1.1']"),
    ref="issue")

# --- encode_headers: RFC 9110 §5.1, §5.5, §5.6.2; RFC 9112 §5 --------------------------------

row("headers-empty", "encode_headers", [], expected=b"", ref="issue")
row("headers-one", "encode_headers", [("Content-Type", "text/html; charset=utf-8")],
    expected=b"Content-Type: text/html; charset=utf-8\r\n", ref="RFC 9112 §5")
row("headers-mixed-types", "encode_headers", [(b"x-a", b"1"), ("X-B", b"2"), (b"x-c", "3")],
    expected=b"x-a: 1\r\nX-B: 2\r\nx-c: 3\r\n", ref="issue")
row("headers-tuple-of-pairs", "encode_headers", (("a", "1"), ("b", "2")), expected=b"a: 1\r\nb: 2\r\n",
    ref="issue")
row("headers-list-pair", "encode_headers", [["x-list", "pair"]], expected=b"x-list: pair\r\n", ref="issue")
# field-value = *field-content: an empty value is allowed (RFC 9110 §5.5).
row("headers-empty-value", "encode_headers", [("x-empty", "")], expected=b"x-empty: \r\n",
    ref="RFC 9110 §5.5")
row("headers-inner-whitespace", "encode_headers", [("x", "a \t b")], expected=b"x: a \t b\r\n",
    ref="RFC 9110 §5.5")
row("headers-obs-text-str", "encode_headers", [("x", "caf\xe9")], expected=b"x: caf\xe9\r\n", ref="cat-3")
row("headers-obs-text-bytes", "encode_headers", [("x", b"\x80\xff")], expected=b"x: \x80\xff\r\n",
    ref="cat-3")
row("headers-htab", "encode_headers", [("x", "a\tb")], expected=b"x: a\tb\r\n", ref="cat-3")
_TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
row("headers-all-tchars", "encode_headers", [(_TCHARS, "v")], expected=_TCHARS.encode() + b": v\r\n",
    ref="RFC 9110 §5.6.2")
# Set-Cookie may not be comma-joined (RFC 9110 §5.3, RFC 6265 §3): two pairs, two lines.
row("headers-two-set-cookie", "encode_headers", [("set-cookie", b"a=1"), ("set-cookie", b"b=2")],
    expected=b"set-cookie: a=1\r\nset-cookie: b=2\r\n", ref="cat-18")
# Many headers and a 1 MB value are encoded whole (bounded time is the leak test's job).
row("headers-10k", "encode_headers", [(f"x-{i}", "v") for i in range(10_000)],
    expected=b"".join(b"x-%d: v\r\n" % i for i in range(10_000)), ref="cat-8")
row("headers-1mb-value", "encode_headers", [("x-big", "v" * 1_000_000)],
    expected=b"x-big: " + b"v" * 1_000_000 + b"\r\n", ref="cat-8")

_NAME = "invalid header name "
for _name, _bad in (("space", "x y"), ("colon", "x:"), ("nul", "x\x00"), ("paren", "x("), ("dquote", 'x"'),
                    ("del", "x\x7f"), ("latin1", "caf\xe9"), ("non-latin1", "\u20ac"), ("empty", ""),
                    ("empty-bytes", b""), ("crlf-bytes", b"x\r\n"), ("tab", "x\t"), ("slash", "x/y"),
                    ("at", "x@y"), ("brace", "x{")):
    row(f"header-name-{_name}", "encode_headers", [(_bad, "v")],
        expected=raises(InvalidHeaderError, _NAME + repr(_bad)), ref="cat-1")

_CONTROL = "contains a control character"
for _name, _bad in (("crlf-injection", "v\r\nSet-Cookie: x=1"), ("bare-lf", "a\nb"), ("bare-cr", "a\rb"),
                    ("nul", "a\x00b"), ("bytes-crlf", b"a\r\nb")):
    row(f"header-value-{_name}", "encode_headers", [("x-a", _bad)],
        expected=raises(InvalidHeaderError, f"invalid value for header 'x-a': {_bad!r} {_CONTROL}"),
            ref="cat-2")
for _name, _bad in (("soh", "a\x01"), ("vt", "a\x0bb"), ("ff", "a\x0cb"), ("del", "a\x7fb"), ("us", "\x1f")):
    row(f"header-value-{_name}", "encode_headers", [("x-a", _bad)],
        expected=raises(InvalidHeaderError, f"invalid value for header 'x-a': {_bad!r} {_CONTROL}"),
            ref="cat-3")
_WS = "has leading or trailing whitespace"
for _name, _bad in (("leading-sp", " v"), ("trailing-sp", "v "), ("leading-tab", "\tv"),
                    ("trailing-tab", "v\t"), ("only-sp", " "), ("bytes-trailing", b"v ")):
    row(f"header-value-{_name}", "encode_headers", [("x-a", _bad)],
        expected=raises(InvalidHeaderError, f"invalid value for header 'x-a': {_bad!r} {_WS}"), ref="cat-4")
# An obs-fold is never emitted (RFC 9112 §5.2): its CRLF is refused like any other.
row("header-value-obs-fold", "encode_headers", [("x-a", "a\r\n b")],
    expected=raises(InvalidHeaderError, "invalid value for header 'x-a'", _CONTROL), ref="cat-4")
row("header-value-non-latin1", "encode_headers", [("x-a", "\u20ac")],
    expected=raises(InvalidHeaderError, "invalid value for header 'x-a'", "cannot be encoded as latin-1"),
    ref="cat-5")
# The error names the bad header, not the first one; nothing partial comes back.
row("header-second-bad", "encode_headers", [("a", "1"), ("b", "\n")],
    expected=raises(InvalidHeaderError, "invalid value for header 'b'"), ref="issue")

_PAIR = "each header must be a (name, value) pair, got "
for _name, _bad in (("str", "x: y"), ("two-char-str", "ab"), ("triple", ("a", "b", "c")), ("single", ("x",)),
                    ("none", None), ("bytes", b"xy"), ("dict", {"a": "b"})):
    row(f"header-pair-{_name}", "encode_headers", [_bad], expected=raises(TypeError, _PAIR + repr(_bad)),
        ref="cat-5")
row("header-name-none", "encode_headers", [(None, "v")],
    expected=raises(TypeError, "header name must be str or bytes, got None"), ref="cat-5")
row("header-name-int", "encode_headers", [(1, "v")],
    expected=raises(TypeError, "header name must be str or bytes, got 1"), ref="cat-5")
row("header-value-none", "encode_headers", [("x", None)],
    expected=raises(TypeError, "value of header 'x' must be str or bytes, got None"), ref="cat-5")
row("header-value-int", "encode_headers", [("x", 1)],
    expected=raises(TypeError, "value of header 'x' must be str or bytes, got 1"), ref="cat-5")
row("header-value-bytearray", "encode_headers", [("x", bytearray(b"v"))],
    expected=raises(TypeError, "value of header 'x' must be str or bytes, got bytearray(b'v')"), ref="cat-5")
row("headers-none", "encode_headers", None, expected=raises(TypeError, "not iterable"), ref="cat-5")

# --- check_field: one header's rule, the name lower-cased for the application layer ------------

F = "check_field"
row("field-str", F, "X-Request-Id", "abc", expected=(b"x-request-id", b"abc"), ref="RFC 9110 §5.1")
row("field-bytes", F, b"ETag", b'"v1"', expected=(b"etag", b'"v1"'), ref="RFC 9110 §5.1")
row("field-all-tchars", F, _TCHARS, "v", expected=(_TCHARS.lower().encode(), b"v"), ref="RFC 9110 §5.6.2")
row("field-empty-value", F, "x", "", expected=(b"x", b""), ref="RFC 9110 §5.5")
row("field-obs-text", F, "x", "caf\xe9", expected=(b"x", b"caf\xe9"), ref="cat-3")
_INJECTION = "v\r\nSet-Cookie: x=1"
row("field-crlf-injection", F, "x-a", _INJECTION,
    expected=raises(InvalidHeaderError, f"invalid value for header 'x-a': {_INJECTION!r} {_CONTROL}"), ref="cat-2")
row("field-name-space", F, "x y", "v", expected=raises(InvalidHeaderError, _NAME + "'x y'"), ref="cat-1")
row("field-name-empty", F, "", "v", expected=raises(InvalidHeaderError, _NAME + "''"), ref="cat-1")
row("field-leading-space", F, "x-a", " v",
    expected=raises(InvalidHeaderError, "invalid value for header 'x-a': ' v' " + _WS), ref="cat-4")
row("field-non-latin1", F, "x-a", "\u20ac",
    expected=raises(InvalidHeaderError, "invalid value for header 'x-a'", "cannot be encoded as latin-1"),
    ref="cat-5")
row("field-name-none", F, None, "v", expected=raises(TypeError, "header name must be str or bytes, got None"),
    ref="cat-5")
row("field-value-int", F, "x", 1,
    expected=raises(TypeError, "value of header 'x' must be str or bytes, got 1"), ref="cat-5")

# --- http_date: RFC 9110 §5.6.7 IMF-fixdate ----------------------------------------------------

row("date-rfc-example", "http_date", RFC_TIMESTAMP, expected=RFC_DATE, ref="RFC 9110 §5.6.7")
row("date-float-floored", "http_date", RFC_TIMESTAMP + 0.999, expected=RFC_DATE, ref="issue")
row("date-epoch", "http_date", 0, expected=b"Thu, 01 Jan 1970 00:00:00 GMT", ref="RFC 9110 §5.6.7")
row("date-before-epoch", "http_date", -1, expected=b"Wed, 31 Dec 1969 23:59:59 GMT", ref="RFC 9110 §5.6.7")
row("date-negative-float-floored", "http_date", -0.5, expected=b"Wed, 31 Dec 1969 23:59:59 GMT", ref="issue")
# 2000-01-01 is 30 years (7 leap days) = 10957 days after the epoch, a Saturday.
row("date-y2k", "http_date", 10957 * 86400, expected=b"Sat, 01 Jan 2000 00:00:00 GMT", ref="RFC 9110 §5.6.7")
row("date-leap-day-2000", "http_date", (10957 + 59) * 86400, expected=b"Tue, 29 Feb 2000 00:00:00 GMT",
    ref="RFC 9110 §5.6.7")
row("date-mar-2000", "http_date", (10957 + 60) * 86400, expected=b"Wed, 01 Mar 2000 00:00:00 GMT",
    ref="RFC 9110 §5.6.7")
row("date-apr-2000", "http_date", (10957 + 91) * 86400, expected=b"Sat, 01 Apr 2000 00:00:00 GMT",
    ref="RFC 9110 §5.6.7")
row("date-may-2000", "http_date", (10957 + 121) * 86400, expected=b"Mon, 01 May 2000 00:00:00 GMT",
    ref="RFC 9110 §5.6.7")
row("date-jun-2000", "http_date", (10957 + 152) * 86400, expected=b"Thu, 01 Jun 2000 00:00:00 GMT",
    ref="RFC 9110 §5.6.7")
row("date-jul-2000", "http_date", (10957 + 182) * 86400, expected=b"Sat, 01 Jul 2000 00:00:00 GMT",
    ref="RFC 9110 §5.6.7")
row("date-aug-2000", "http_date", (10957 + 213) * 86400, expected=b"Tue, 01 Aug 2000 00:00:00 GMT",
    ref="RFC 9110 §5.6.7")
row("date-oct-2000", "http_date", (10957 + 274) * 86400, expected=b"Sun, 01 Oct 2000 00:00:00 GMT",
    ref="RFC 9110 §5.6.7")
row("date-billennium", "http_date", 1_000_000_000, expected=b"Sun, 09 Sep 2001 01:46:40 GMT",
    ref="RFC 9110 §5.6.7")
row("date-2009", "http_date", 1_234_567_890, expected=b"Fri, 13 Feb 2009 23:31:30 GMT", ref="RFC 9110 §5.6.7")
row("date-2038", "http_date", 2**31, expected=b"Tue, 19 Jan 2038 03:14:08 GMT", ref="RFC 9110 §5.6.7")
# 2100 is not a leap year (divisible by 100, not 400): 28 Feb is followed by 1 Mar.
# 2100-01-01 is 47482 days after the epoch (130 years, 32 leap days), a Friday.
row("date-2100-feb-28", "http_date", (47482 + 59) * 86400 - 1, expected=b"Sun, 28 Feb 2100 23:59:59 GMT",
    ref="RFC 9110 §5.6.7")
row("date-2100-mar-1", "http_date", (47482 + 59) * 86400, expected=b"Mon, 01 Mar 2100 00:00:00 GMT",
    ref="RFC 9110 §5.6.7")
row("date-year-1", "http_date", -62135596800, expected=b"Mon, 01 Jan 0001 00:00:00 GMT", ref="cat-17")
row("date-year-9999", "http_date", 253402300799, expected=b"Fri, 31 Dec 9999 23:59:59 GMT", ref="cat-17")
row("date-aware-tokyo", "http_date", datetime(1994, 11, 6, 17, 49, 37, tzinfo=TOKYO), expected=RFC_DATE,
    ref="cat-17")
row("date-aware-honolulu", "http_date", datetime(1994, 11, 5, 22, 49, 37, tzinfo=HONOLULU), expected=RFC_DATE,
    ref="cat-17")
row("date-naive-is-utc", "http_date", datetime(1994, 11, 6, 8, 49, 37, 999_999), expected=RFC_DATE,
    ref="cat-17")
row("date-datetime-year-1", "http_date", datetime(1, 1, 1, tzinfo=UTC),
    expected=b"Mon, 01 Jan 0001 00:00:00 GMT",
    ref="cat-17")
row("date-datetime-max", "http_date", datetime(9999, 12, 31, 23, 59, 59, 999_999),
    expected=b"Fri, 31 Dec 9999 23:59:59 GMT", ref="cat-17")

_RANGE = " is outside the years 1 to 9999 an HTTP-date can hold"
for _name, _bad in (("year-10000", 253402300800), ("year-0", -62135596801), ("nan", float("nan")),
                    ("inf", float("inf")), ("minus-inf", float("-inf")), ("huge-float", 1e300),
                    ("huge-int", 10**30)):
    row(f"date-{_name}", "http_date", _bad, expected=raises(ValueError, f"timestamp {_bad!r}{_RANGE}"),
        ref="cat-17")
# A datetime inside years 1-9999 locally can fall outside them in UTC.
row("date-datetime-before-year-1-utc", "http_date", datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
    expected=raises(ValueError, "timestamp datetime.datetime(1, 1, 1", _RANGE), ref="cat-17")
row("date-datetime-after-9999-utc", "http_date",
    datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2))),
    expected=raises(ValueError, "timestamp datetime.datetime(9999, 12, 31, 23", _RANGE), ref="cat-17")
_TS_TYPE = "timestamp must be a datetime or a POSIX timestamp, got "
for _name, _bad in (("true", True), ("str", "784111777"), ("date", date(1994, 11, 6)),
                    ("decimal", Decimal(1)),
                    ("bytes", b"0")):
    row(f"date-type-{_name}", "http_date", _bad, expected=raises(TypeError, _TS_TYPE + repr(_bad)),
        ref="issue")

# --- encode_chunk: RFC 9112 §7.1 ----------------------------------------------------------------

row("chunk-hello", "encode_chunk", b"hello", expected=b"5\r\nhello\r\n", ref="RFC 9112 §7.1")
row("chunk-16", "encode_chunk", b"x" * 16, expected=b"10\r\n" + b"x" * 16 + b"\r\n", ref="RFC 9112 §7.1")
row("chunk-255-lower-hex", "encode_chunk", b"x" * 255, expected=b"ff\r\n" + b"x" * 255 + b"\r\n",
    ref="RFC 9112 §7.1")
row("chunk-4096", "encode_chunk", b"y" * 4096, expected=b"1000\r\n" + b"y" * 4096 + b"\r\n",
    ref="RFC 9112 §7.1")
row("chunk-bytearray", "encode_chunk", bytearray(b"ab"), expected=b"2\r\nab\r\n", ref="issue")
row("chunk-memoryview", "encode_chunk", memoryview(b"abc"), expected=b"3\r\nabc\r\n", ref="issue")
row("chunk-memoryview-slice", "encode_chunk", memoryview(b"abcdef")[2:4], expected=b"2\r\ncd\r\n",
    ref="issue")
row("chunk-memoryview-strided", "encode_chunk", memoryview(b"abcdef")[::2], expected=b"3\r\nace\r\n",
    ref="issue")
# chunk-size counts octets (RFC 9112 §7.1), not the items of a multi-byte memoryview.
row("chunk-memoryview-uint16", "encode_chunk", memoryview(b"abcd").cast("H"), expected=b"4\r\nabcd\r\n",
    ref="RFC 9112 §7.1")
# The data is opaque: a body that looks like a last-chunk is still framed as data.
row("chunk-looks-like-terminator", "encode_chunk", b"0\r\n\r\n", expected=b"5\r\n0\r\n\r\n\r\n",
    ref="RFC 9112 §7.1")
# A zero-length write must not become "0\r\n", which would end the body.
row("chunk-empty-bytes", "encode_chunk", b"", expected=b"", ref="cat-22")
row("chunk-empty-bytearray", "encode_chunk", bytearray(), expected=b"", ref="cat-22")
row("chunk-empty-memoryview", "encode_chunk", memoryview(b""), expected=b"", ref="cat-22")
_CHUNK_TYPE = "chunk data must be bytes, bytearray or memoryview, got "
for _name, _bad in (("str", "abc"), ("none", None), ("int", 5), ("list", [b"a"])):
    row(f"chunk-type-{_name}", "encode_chunk", _bad, expected=raises(TypeError, _CHUNK_TYPE + repr(_bad)),
        ref="cat-22")

# --- last_chunk: RFC 9112 §7.1.2, RFC 9110 §6.5 --------------------------------------------------

row("last-chunk-none", "last_chunk", expected=b"0\r\n\r\n", ref="RFC 9112 §7.1")
row("last-chunk-explicit-none", "last_chunk", None, expected=b"0\r\n\r\n", ref="RFC 9112 §7.1")
row("last-chunk-empty", "last_chunk", [], expected=b"0\r\n\r\n", ref="RFC 9112 §7.1")
row("last-chunk-trailer", "last_chunk", [("x-checksum", "abc")], expected=b"0\r\nx-checksum: abc\r\n\r\n",
    ref="RFC 9112 §7.1.2")
row("last-chunk-two-trailers", "last_chunk", [(b"Server-Timing", b"db;dur=53"), ("x-b", "2")],
    expected=b"0\r\nServer-Timing: db;dur=53\r\nx-b: 2\r\n\r\n", ref="RFC 9112 §7.1.2")
# The list plus the rest of _tables.FORBIDDEN_TRAILERS, written out here so the
# table, not the code, is the reference; matched without regard to case.
for _bad in ("Content-Length", "transfer-encoding", "HOST", "Trailer", "connection", "TE", "Keep-Alive",
             "proxy-connection", "upgrade", "content-encoding", "Content-Type", "content-range", b"Host"):
    row(f"trailer-forbidden-{_bad!r}", "last_chunk", [("x-ok", "1"), (_bad, "1")],
        expected=raises(InvalidHeaderError, f"header {_bad!r} may not be sent as a trailer"), ref="cat-28")
row("trailer-crlf", "last_chunk", [("x-a", "1\r\nContent-Length: 5")],
    expected=raises(InvalidHeaderError, "invalid value for header 'x-a'", _CONTROL), ref="cat-28")
row("trailer-bad-name", "last_chunk", [("x a", "1")], expected=raises(InvalidHeaderError, _NAME + "'x a'"),
    ref="cat-28")
row("trailer-not-pair", "last_chunk", ["x-a: 1"], expected=raises(TypeError, _PAIR + "'x-a: 1'"), ref="cat-5")
row("trailers-not-iterable", "last_chunk", 5, expected=raises(TypeError, "not iterable"), ref="issue")

# --- render_set_cookie: RFC 6265 §4.1, draft-ietf-httpbis-rfc6265bis, CHIPS ----------------------

C = "render_set_cookie"
row("cookie-plain", C, "yummy_cookie", "choco", expected=b"yummy_cookie=choco", ref="issue")
row("cookie-issue-example", C, "sid", "abc", max_age=3600, path="/", secure=True, http_only=True,
    same_site="Lax",
    expected=b"sid=abc; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax", ref="issue")
# Attribute order is fixed whatever the keyword order: Max-Age, Expires, Domain, Path,
# Secure, HttpOnly, SameSite, Partitioned, then extensions in insertion order.
row("cookie-all-attributes", C, "sid", "abc", extensions={"Priority": "High", "Foo": None}, partitioned=True,
    same_site="none", http_only=True, secure=True, path="/", domain="example.com", expires=RFC_TIMESTAMP,
    max_age=0,
    expected=b"sid=abc; Max-Age=0; Expires=" + RFC_DATE + b"; Domain=example.com; Path=/; Secure; HttpOnly; "
    b"SameSite=None; Partitioned; Priority=High; Foo", ref="issue")
row("cookie-bytes-name-value", C, b"sid", b"abc", expected=b"sid=abc", ref="issue")
row("cookie-extensions-order", C, "sid", "v", extensions={"b": "1", "a": None, "c": b"x y"},
    expected=b"sid=v; b=1; a; c=x y", ref="issue")
row("cookie-extensions-empty", C, "sid", "v", extensions={}, expected=b"sid=v", ref="issue")
row("cookie-secure-false-omitted", C, "sid", "v", secure=False, http_only=False, partitioned=False,
    expected=b"sid=v", ref="issue")
# "uri": percent-encode (UTF-8, upper-case hex) all but A-Z a-z 0-9 - . _ ~ (RFC 3986 §2.3).
row("cookie-uri-specials", C, "sid", 'a b;c,d"e\\f', expected=b"sid=a%20b%3Bc%2Cd%22e%5Cf", ref="cat-13")
row("cookie-uri-unreserved", C, "sid", "AZaz09-._~", expected=b"sid=AZaz09-._~", ref="issue")
row("cookie-uri-reserved", C, "sid", "/=+%?&:@", expected=b"sid=%2F%3D%2B%25%3F%26%3A%40", ref="issue")
row("cookie-uri-utf8", C, "sid", "caf\xe9 \u20ac", expected=b"sid=caf%C3%A9%20%E2%82%AC", ref="issue")
row("cookie-uri-controls", C, "sid", "a\r\nb\x00\x7f", expected=b"sid=a%0D%0Ab%00%7F", ref="cat-13")
row("cookie-uri-bytes", C, "sid", b"\xff\x00", expected=b"sid=%FF%00", ref="issue")
row("cookie-uri-empty", C, "sid", "", expected=b"sid=", ref="issue")
row("cookie-uri-explicit", C, "sid", "a b", encoding="uri", expected=b"sid=a%20b", ref="issue")
# "raw": the value must already be cookie-octets, optionally in double quotes (RFC 6265 §4.1.1).
_OCTETS = "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"
row("cookie-raw-all-octets", C, "sid", _OCTETS, encoding="raw", expected=b"sid=" + _OCTETS.encode(),
    ref="RFC 6265 §4.1.1")
row("cookie-raw-quoted", C, "sid", '"abc"', encoding="raw", expected=b'sid="abc"', ref="RFC 6265 §4.1.1")
row("cookie-raw-empty", C, "sid", "", encoding="raw", expected=b"sid=", ref="RFC 6265 §4.1.1")
row("cookie-raw-empty-quotes", C, "sid", '""', encoding="raw", expected=b'sid=""', ref="RFC 6265 §4.1.1")
_RAW = "has characters outside RFC 6265 cookie-octets"
for _name, _bad in (("space", "a b"), ("comma", "a,b"), ("semicolon", "a;b"), ("dquote", 'a"b'),
                    ("backslash", "a\\b"), ("crlf", "a\r\nb"), ("del", "a\x7f"), ("tab", "a\tb"),
                    ("non-ascii", "caf\xe9"), ("lone-quote", '"'), ("quoted-space", '"a b"'),
                    ("bytes-high", b"\x80")):
    row(f"cookie-raw-{_name}", C, "sid", _bad, encoding="raw",
        expected=raises(ValueError, f"cookie 'sid': value {_bad!r} {_RAW}"), ref="cat-13")
# "dquotes": quote a value with a space or comma; refuse what quotes cannot carry.
row("cookie-dquotes-space", C, "sid", "a b", encoding="dquotes", expected=b'sid="a b"', ref="issue")
row("cookie-dquotes-comma", C, "sid", "a,b", encoding="dquotes", expected=b'sid="a,b"', ref="issue")
row("cookie-dquotes-plain", C, "sid", "a=b", encoding="dquotes", expected=b"sid=a=b", ref="issue")
row("cookie-dquotes-empty", C, "sid", "", encoding="dquotes", expected=b"sid=", ref="issue")
_DQ = "contains a double quote, backslash, semicolon or control character"
for _name, _bad in (("dquote", 'a"b'), ("backslash", "a\\b"), ("semicolon", "a;b"), ("crlf", "a\r\nb"),
                    ("tab", "a\tb"), ("nul", "\x00"), ("del", "a\x7f"), ("bytes-ctl", b"\x01")):
    row(f"cookie-dquotes-{_name}", C, "sid", _bad, encoding="dquotes",
        expected=raises(ValueError, f"cookie 'sid': value {_bad!r} {_DQ}"), ref="cat-13")
# "base64": standard alphabet (+ and /), padded (RFC 4648 §4).
row("cookie-base64", C, "sid", "hello", encoding="base64", expected=b"sid=aGVsbG8=", ref="RFC 4648 §4")
row("cookie-base64-utf8", C, "sid", "\xe9", encoding="base64", expected=b"sid=w6k=", ref="RFC 4648 §4")
row("cookie-base64-standard-alphabet", C, "sid", b"\xfb\xff", encoding="base64", expected=b"sid=+/8=",
    ref="RFC 4648 §4")
row("cookie-base64-specials", C, "sid", "a;b", encoding="base64", expected=b"sid=YTti", ref="cat-13")
row("cookie-base64-empty", C, "sid", "", encoding="base64", expected=b"sid=", ref="RFC 4648 §4")
for _bad in ("url", "URI", "", None, 1):
    row(f"cookie-encoding-unknown-{_bad!r}", C, "sid", "v", encoding=_bad,
        expected=raises(ValueError, f"cookie 'sid': unknown encoding {_bad!r}"), ref="issue")
row("cookie-value-none", C, "sid", None,
    expected=raises(TypeError, "cookie 'sid': value must be str or bytes, got None"), ref="issue")
row("cookie-value-int", C, "sid", 5,
    expected=raises(TypeError, "cookie 'sid': value must be str or bytes, got 5"),
    ref="issue")
row("cookie-value-surrogate", C, "sid", "\ud800",
    expected=raises(ValueError, "cookie 'sid': value is not valid Unicode"),
    ref="issue")

_CNAME = "invalid cookie name "
for _name, _bad in (("empty", ""), ("equals", "a=b"), ("space", "a b"), ("nameless-host", "=__Host-x"),
                    ("semicolon", "a;b"), ("nul", "a\x00"), ("crlf", "a\r\n"), ("non-ascii", "caf\xe9"),
                    ("non-latin1", "\u20ac"), ("empty-bytes", b"")):
    row(f"cookie-name-{_name}", C, _bad, "v", expected=raises(ValueError, _CNAME + repr(_bad)), ref="cat-14")
for _name, _bad in (("none", None), ("int", 5)):
    row(f"cookie-name-type-{_name}", C, _bad, "v",
        expected=raises(TypeError, f"cookie name must be str or bytes, got {_bad!r}"), ref="cat-14")

_ATTR = "must be non-empty ASCII without control characters or ';'"
row("cookie-domain", C, "sid", "v", domain=b".example.com", expected=b"sid=v; Domain=.example.com",
    ref="issue")
for _what in ("path", "domain"):
    for _name, _bad in (("semicolon-injection", "/;Domain=evil.com"), ("crlf", "/a\r\nSet-Cookie: x=1"),
                        ("nul", "a\x00"), ("del", "a\x7f"), ("empty", ""), ("non-ascii", "/caf\xe9"),
                        ("non-latin1", "/\u20ac"), ("bytes-semicolon", b"a;b")):
        row(f"cookie-{_what}-{_name}", C, "sid", "v", **{_what: _bad},
            expected=raises(ValueError, f"cookie 'sid': {_what} {_bad!r} {_ATTR}"), ref="cat-15")
    row(f"cookie-{_what}-type", C, "sid", "v", **{_what: 5},
        expected=raises(TypeError, f"cookie 'sid': {_what} must be str or bytes, got 5"), ref="issue")
# A user agent ignores an attribute over 1024 octets (RFC 6265bis §5.6): refuse it.
row("cookie-path-1024", C, "sid", "v", path="/" + "a" * 1023, expected=b"sid=v; Path=/" + b"a" * 1023,
    ref="cat-18")
row("cookie-path-1025", C, "sid", "v", path="/" + "a" * 1024,
    expected=raises(ValueError, "cookie 'sid': path is longer than 1024 bytes"), ref="cat-18")
# ... and a cookie whose name and value exceed 4096 octets (RFC 6265bis §5.6).
row("cookie-pair-4096", C, "a", "x" * 4095, expected=b"a=" + b"x" * 4095, ref="cat-18")
row("cookie-pair-4097", C, "a", "x" * 4096,
    expected=raises(ValueError, "cookie 'a': name and value are over the 4096 bytes"), ref="cat-18")
# The limit applies to the encoded value: 1366 "é" are 2732 UTF-8 bytes, 8196 once percent-encoded.
row("cookie-pair-4097-encoded", C, "a", "\xe9" * 1366,
    expected=raises(ValueError, "cookie 'a': name and value are over the 4096 bytes"), ref="cat-18")

row("cookie-samesite-strict-case", C, "sid", "v", same_site="STRICT", expected=b"sid=v; SameSite=Strict",
    ref="issue")
row("cookie-samesite-lax-case", C, "sid", "v", same_site="lAx", expected=b"sid=v; SameSite=Lax", ref="issue")
row("cookie-samesite-none-secure", C, "sid", "v", same_site="None", secure=True,
    expected=b"sid=v; Secure; SameSite=None", ref="issue")
row("cookie-samesite-strictly", C, "sid", "v", same_site="Strictly",
    expected=raises(ValueError, "cookie 'sid': same_site must be 'Strict', 'Lax' or 'None', got 'Strictly'"),
    ref="cat-16")
row("cookie-samesite-empty", C, "sid", "v", same_site="",
    expected=raises(ValueError, "cookie 'sid': same_site must be 'Strict', 'Lax' or 'None', got ''"),
        ref="cat-16")
row("cookie-samesite-bytes", C, "sid", "v", same_site=b"Lax",
    expected=raises(TypeError, "cookie 'sid': same_site must be 'Strict', 'Lax' or 'None', got b'Lax'"),
    ref="issue")
row("cookie-samesite-none-insecure", C, "sid", "v", same_site="none",
    expected=raises(ValueError, "cookie 'sid': SameSite=None requires secure=True"), ref="cat-16")
row("cookie-partitioned-secure", C, "sid", "v", secure=True, partitioned=True,
    expected=b"sid=v; Secure; Partitioned",
    ref="issue")
row("cookie-partitioned-insecure", C, "sid", "v", partitioned=True,
    expected=raises(ValueError, "cookie 'sid': Partitioned requires secure=True"), ref="cat-16")
row("cookie-secure-prefix-ok", C, "__Secure-id", "v", secure=True, expected=b"__Secure-id=v; Secure",
    ref="issue")
for _bad in ("__Secure-id", "__secure-id", "__SECURE-id"):
    # 6265bis §4.1.3.1; the prefix is matched without regard to case (6265bis §5.7).
    row(f"cookie-secure-prefix-insecure-{_bad}", C, _bad, "v",
        expected=raises(ValueError, f"cookie {_bad!r}: a __Secure- cookie requires secure=True"),
            ref="cat-16")
row("cookie-host-prefix-ok", C, "__Host-id", "v", secure=True, path="/",
    expected=b"__Host-id=v; Path=/; Secure",
    ref="issue")
row("cookie-host-prefix-bytes-path", C, "__Host-id", "v", secure=True, path=b"/",
    expected=b"__Host-id=v; Path=/; Secure", ref="issue")
row("cookie-host-prefix-domain", C, "__Host-id", "v", secure=True, path="/", domain="example.com",
    expected=raises(ValueError, "cookie '__Host-id': a __Host- cookie must not have a domain"), ref="cat-16")
row("cookie-host-prefix-insecure", C, "__Host-id", "v", path="/",
    expected=raises(ValueError, "cookie '__Host-id': a __Host- cookie requires secure=True"), ref="cat-16")
row("cookie-host-prefix-other-path", C, "__Host-id", "v", secure=True, path="/app",
    expected=raises(ValueError, "cookie '__Host-id': a __Host- cookie must have path='/'"), ref="cat-16")
row("cookie-host-prefix-no-path", C, "__Host-id", "v", secure=True,
    expected=raises(ValueError, "cookie '__Host-id': a __Host- cookie must have path='/'"), ref="cat-16")
row("cookie-host-prefix-lower", C, "__host-id", "v", secure=True, path="/app",
    expected=raises(ValueError, "cookie '__host-id': a __Host- cookie must have path='/'"), ref="cat-16")

row("cookie-max-age-zero", C, "sid", "v", max_age=0, expected=b"sid=v; Max-Age=0", ref="cat-17")
row("cookie-max-age-1e10", C, "sid", "v", max_age=10**10, expected=b"sid=v; Max-Age=10000000000",
    ref="cat-17")
row("cookie-max-age-negative", C, "sid", "v", max_age=-1,
    expected=raises(ValueError, "cookie 'sid': max_age must not be negative, got -1"), ref="cat-17")
for _name, _bad in (("float", 1.5), ("true", True), ("false", False), ("str", "60")):
    row(f"cookie-max-age-{_name}", C, "sid", "v", max_age=_bad,
        expected=raises(TypeError, f"cookie 'sid': max_age must be an int, got {_bad!r}"), ref="cat-17")
row("cookie-expires-timestamp", C, "sid", "v", expires=RFC_TIMESTAMP, expected=b"sid=v; Expires=" + RFC_DATE,
    ref="issue")
row("cookie-expires-float", C, "sid", "v", expires=RFC_TIMESTAMP + 0.5,
    expected=b"sid=v; Expires=" + RFC_DATE,
    ref="issue")
row("cookie-expires-naive", C, "sid", "v", expires=datetime(1994, 11, 6, 8, 49, 37),
    expected=b"sid=v; Expires=" + RFC_DATE, ref="cat-17")
row("cookie-expires-tokyo", C, "sid", "v", expires=datetime(1994, 11, 6, 17, 49, 37, tzinfo=TOKYO),
    expected=b"sid=v; Expires=" + RFC_DATE, ref="cat-17")
row("cookie-expires-year-1", C, "sid", "v", expires=datetime(1, 1, 1),
    expected=b"sid=v; Expires=Mon, 01 Jan 0001 00:00:00 GMT", ref="cat-17")
row("cookie-expires-year-10000", C, "sid", "v", expires=253402300800,
    expected=raises(ValueError, "cookie 'sid': expires 253402300800" + _RANGE), ref="cat-17")
row("cookie-expires-nan", C, "sid", "v", expires=float("nan"),
    expected=raises(ValueError, "cookie 'sid': expires nan" + _RANGE), ref="cat-17")
row("cookie-expires-str", C, "sid", "v", expires="tomorrow",
    expected=raises(TypeError,
                    "cookie 'sid': expires must be a datetime or a POSIX timestamp, got 'tomorrow'"),
    ref="issue")
row("cookie-expires-true", C, "sid", "v", expires=True,
    expected=raises(TypeError, "cookie 'sid': expires must be a datetime or a POSIX timestamp, got True"),
    ref="issue")

row("cookie-extension-standard-name", C, "sid", "v", extensions={"max-age": "1"},
    expected=raises(ValueError, "cookie 'sid': extension 'max-age' repeats a standard attribute"),
        ref="issue")
row("cookie-extension-standard-name-case", C, "sid", "v", extensions={"HttpOnly": None},
    expected=raises(ValueError, "cookie 'sid': extension 'HttpOnly' repeats a standard attribute"),
        ref="issue")
row("cookie-extension-not-token", C, "sid", "v", extensions={"a b": None},
    expected=raises(ValueError, "cookie 'sid': extension name 'a b' is not a token"), ref="cat-15")
row("cookie-extension-empty-name", C, "sid", "v", extensions={"": None},
    expected=raises(ValueError, "cookie 'sid': extension name '' is not a token"), ref="cat-15")
row("cookie-extension-name-type", C, "sid", "v", extensions={5: None},
    expected=raises(TypeError, "cookie 'sid': extension name must be str or bytes, got 5"), ref="issue")
row("cookie-extension-value-injection", C, "sid", "v", extensions={"Priority": "High; Domain=evil.com"},
    expected=raises(ValueError, "cookie 'sid': extension 'Priority' 'High; Domain=evil.com' " + _ATTR),
        ref="cat-15")
row("cookie-extension-value-crlf", C, "sid", "v", extensions={"Priority": "a\r\nb"},
    expected=raises(ValueError, "cookie 'sid': extension 'Priority'", _ATTR), ref="cat-15")
row("cookie-extension-value-type", C, "sid", "v", extensions={"Priority": 5},
    expected=raises(TypeError, "cookie 'sid': extension 'Priority' must be str or bytes, got 5"), ref="issue")
# ``extensions`` is a dict (issue); anything else is a TypeError naming the cookie, like
# every other violation ("Violations raise ValueError/TypeError naming the cookie").
row("cookie-extensions-not-dict", C, "sid", "v", extensions=[("Priority", "High")],
    expected=raises(TypeError, "cookie 'sid': extensions must be a dict, got [('Priority', 'High')]"),
    ref="issue")
row("cookie-extensions-str", C, "sid", "v", extensions="Priority=High",
    expected=raises(TypeError, "cookie 'sid': extensions must be a dict, got 'Priority=High'"), ref="issue")

# --- build_head: RFC 9112 §6, §9; RFC 9110 §6.4.1, §8.6 -------------------------------------------

B = "build_head"
D = b"Sun, 06 Nov 1994 08:49:37 GMT"
DEFAULTS = [("date", D), ("server", "fastresp")]
row("head-length", B, 200, [("content-type", "text/plain"), ("content-length", "5")],
    expected=(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\n",
              FRAMING_LENGTH, 5, True),
    ref="RFC 9112 §6.3")
# No Content-Length on HTTP/1.1: the server chunks the body (RFC 9112 §6.1).
row("head-chunked", B, 200, [], expected=(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n",
                                          FRAMING_CHUNKED, -1, True), ref="RFC 9112 §6.1")
row("head-app-chunked", B, 200, [("Transfer-Encoding", "chunked"), ("x-a", "1")],
    expected=(b"HTTP/1.1 200 OK\r\nx-a: 1\r\ntransfer-encoding: chunked\r\n\r\n", FRAMING_CHUNKED, -1, True),
    ref="RFC 9112 §6.1")
row("head-app-chunked-case", B, 200, [("transfer-encoding", "Chunked")],
    expected=(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n", FRAMING_CHUNKED, -1, True),
    ref="RFC 9112 §7")
# HTTP/1.0 has no chunked coding: the body ends when the connection closes (§6.3 item 8).
# The status line still says HTTP/1.1, the highest version we conform to (RFC 9110 §6.2),
# so a connection that will not be kept says "close" as HTTP/1.1 requires (RFC 9112 §9.3).
row("head-http10-close", B, 200, [], http_version="1.0",
    expected=(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n", FRAMING_CLOSE, -1, False), ref="RFC 9112 §6.3")
row("head-http10-app-chunked", B, 200, [("transfer-encoding", "chunked")], http_version="1.0",
    expected=(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n", FRAMING_CLOSE, -1, False), ref="cat-6")
row("head-http10-keep-alive", B, 200, [("content-length", "5")], http_version="1.0",
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: keep-alive\r\n\r\n",
              FRAMING_LENGTH, 5, True),
    ref="RFC 9112 §9.3")
row("head-http10-not-kept", B, 200, [("content-length", "5")], http_version="1.0", keep_alive=False,
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\n", FRAMING_LENGTH, 5, False),
    ref="RFC 9112 §9.3")
row("head-http10-app-close", B, 200, [("content-length", "5"), ("Connection", "close")], http_version="1.0",
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\n", FRAMING_LENGTH, 5, False),
    ref="RFC 9112 §9.6")
row("head-http11-not-kept", B, 200, [("content-length", "5")], keep_alive=False,
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\n", FRAMING_LENGTH, 5, False),
    ref="RFC 9112 §9.6")
row("head-app-connection-close", B, 200, [("content-length", "0"), ("Connection", "close")],
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", FRAMING_LENGTH, 0, False),
    ref="cat-7")
row("head-app-connection-close-list", B, 200, [("content-length", "0"), ("connection", "Keep-Alive, CLOSE")],
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n", FRAMING_LENGTH, 0, False),
    ref="cat-7")
# A 101 must send Connection: upgrade with Upgrade (RFC 9110 §7.8): Connection options
# other than close and keep-alive name the app's hop-by-hop fields, so its line stays.
row("head-101-upgrade", B, 101, [("upgrade", "websocket"), ("connection", "Upgrade")],
    expected=(b"HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n",
              FRAMING_NONE, -1, True), ref="cat-10")
# HEAD: no body follows, but the Content-Length a GET would have is kept (RFC 9110 §8.6).
row("head-method-head", B, 200, [], method=b"HEAD",
    expected=(b"HTTP/1.1 200 OK\r\n\r\n", FRAMING_NONE, -1, True), ref="RFC 9110 §6.4.1")
row("head-method-head-str", B, 200, [("content-length", "5")], method="HEAD",
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n", FRAMING_NONE, 5, True), ref="RFC 9110 §8.6")
row("head-method-head-http10", B, 200, [("content-length", "5")], method=b"HEAD", http_version="1.0",
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: keep-alive\r\n\r\n",
              FRAMING_NONE, 5, True),
    ref="RFC 9110 §6.4.1")
# 1xx and 204 never carry Content-Length or Transfer-Encoding (RFC 9110 §8.6, RFC 9112 §6.1).
row("head-204-drops-length", B, 204, [("content-length", "0")],
    expected=(b"HTTP/1.1 204 No Content\r\n\r\n", FRAMING_NONE, -1, True), ref="cat-11")
row("head-204-drops-te", B, 204, [("transfer-encoding", "chunked")],
    expected=(b"HTTP/1.1 204 No Content\r\n\r\n", FRAMING_NONE, -1, True), ref="cat-6")
row("head-100", B, 100, [], expected=(b"HTTP/1.1 100 Continue\r\n\r\n", FRAMING_NONE, -1, True), ref="cat-10")
# RFC 9110 §15.2: "A server MUST NOT send a 1xx response to an HTTP/1.0 client"; it
# would take the interim response for the final one and misread the real one.
for _code in (100, 103):
    row(f"head-{_code}-to-http10", B, _code, [], http_version="1.0",
        expected=raises(ValueError, f"a {_code} response must not be sent to an HTTP/1.0 client"),
        ref="cat-10")
row("head-103-drops-length", B, 103, [("link", "</a.css>; rel=preload"), ("content-length", "7")],
    expected=(b"HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\n", FRAMING_NONE, -1, True),
    ref="cat-10")
# 304 keeps the Content-Length of the 200 it stands for (RFC 9110 §8.6, §15.4.5).
row("head-304-keeps-length", B, 304, [("etag", '"x"'), ("content-length", "5")],
    expected=(b'HTTP/1.1 304 Not Modified\r\netag: "x"\r\ncontent-length: 5\r\n\r\n', FRAMING_NONE, 5, True),
    ref="cat-11")
row("head-304-no-te", B, 304, [("transfer-encoding", "chunked")],
    expected=(b"HTTP/1.1 304 Not Modified\r\n\r\n", FRAMING_NONE, -1, True), ref="cat-11")
row("head-unknown-code", B, 299, [], expected=(b"HTTP/1.1 299 \r\ntransfer-encoding: chunked\r\n\r\n",
                                                FRAMING_CHUNKED, -1, True), ref="cat-12")
row("head-custom-reason", B, 200, [("content-length", "0")], "Fine",
    expected=(b"HTTP/1.1 200 Fine\r\ncontent-length: 0\r\n\r\n", FRAMING_LENGTH, 0, True), ref="RFC 9112 §4")
# Content-Length is matched without regard to case and written once, in lower case.
row("head-upper-content-length", B, 200, [("CONTENT-LENGTH", "5")],
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n", FRAMING_LENGTH, 5, True), ref="cat-7")
row("head-duplicate-equal-lengths", B, 200, [("content-length", "5"), ("Content-Length", "005")],
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n", FRAMING_LENGTH, 5, True), ref="RFC 9110 §8.6")
row("head-length-max", B, 200, [("content-length", "9223372036854775807")],
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 9223372036854775807\r\n\r\n",
              FRAMING_LENGTH, 2**63 - 1, True),
    ref="RFC 9110 §8.6")
row("head-length-zero", B, 200, [("content-length", b"0")],
    expected=(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", FRAMING_LENGTH, 0, True), ref="RFC 9110 §8.6")
# Date and Server defaults come only when the app did not set them (case-insensitive).
row("head-defaults", B, 200, [("content-length", "0")], default_headers=DEFAULTS,
    expected=(b"HTTP/1.1 200 OK\r\ndate: " + D + b"\r\nserver: fastresp\r\ncontent-length: 0\r\n\r\n",
              FRAMING_LENGTH, 0, True), ref="issue")
row("head-defaults-app-date", B, 200, [("Date", "X"), ("content-length", "0")], default_headers=DEFAULTS,
    expected=(b"HTTP/1.1 200 OK\r\nserver: fastresp\r\nDate: X\r\ncontent-length: 0\r\n\r\n",
              FRAMING_LENGTH, 0, True),
    ref="issue")
row("head-defaults-app-server", B, 200, [(b"SERVER", b"app"), ("content-length", "0")],
    default_headers=DEFAULTS,
    expected=(b"HTTP/1.1 200 OK\r\ndate: " + D + b"\r\nSERVER: app\r\ncontent-length: 0\r\n\r\n",
              FRAMING_LENGTH, 0, True), ref="issue")
row("head-defaults-both-set", B, 200, [("server", "app"), ("DATE", "X"), ("content-length", "0")],
    default_headers=DEFAULTS,
    expected=(b"HTTP/1.1 200 OK\r\nserver: app\r\nDATE: X\r\ncontent-length: 0\r\n\r\n",
              FRAMING_LENGTH, 0, True),
    ref="issue")
# A 2xx to CONNECT makes the connection a tunnel (RFC 9110 §9.3.6): no Content-Length
# or Transfer-Encoding (RFC 9110 §8.6, RFC 9112 §6.1), no framed body, and the
# connection is not reused for HTTP. Any other status to CONNECT is an ordinary response.
row("head-connect-tunnel", B, 200, [], method=b"CONNECT",
    expected=(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n", FRAMING_NONE, -1, False),
    ref="RFC 9110 §9.3.6")
row("head-connect-tunnel-drops-length", B, 200, [("content-length", "0")], method="CONNECT",
    expected=(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n", FRAMING_NONE, -1, False), ref="RFC 9110 §8.6")
row("head-connect-tunnel-drops-te", B, 204, [("transfer-encoding", "chunked")], method=b"CONNECT",
    expected=(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n", FRAMING_NONE, -1, False),
    ref="RFC 9112 §6.1")
row("head-connect-refused", B, 407, [("content-length", "0")], method=b"CONNECT",
    expected=(b"HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n",
              FRAMING_LENGTH, 0, True),
    ref="RFC 9110 §9.3.6")
row("head-two-set-cookies", B, 200, [("set-cookie", "a=1"), ("set-cookie", "b=2"), ("content-length", "0")],
    expected=(b"HTTP/1.1 200 OK\r\nset-cookie: a=1\r\nset-cookie: b=2\r\ncontent-length: 0\r\n\r\n",
              FRAMING_LENGTH, 0, True), ref="cat-18")

_CL = "(Content-Length must be 1*DIGIT, at most 2**63-1)"
for _name, _bad in (("plus", "+5"), ("underscore", "5_0"), ("negative", "-1"), ("alpha", "abc"),
                    ("exponent", "1e3"), ("too-big", "99999999999999999999"),
                    ("just-too-big", "9223372036854775808"),
                    ("empty", ""), ("arabic-indic-bytes", "\u0665".encode()), ("list", "5, 5"),
                    ("hex", "0x5")):
    row(f"head-content-length-{_name}", B, 200, [("Content-Length", _bad)],
        expected=raises(InvalidHeaderError, "invalid value for header 'Content-Length'", _CL), ref="cat-6")
row("head-content-length-leading-space", B, 200, [("content-length", " 5")],
    expected=raises(InvalidHeaderError, "invalid value for header 'content-length'", _WS), ref="cat-6")
row("head-content-length-arabic-indic", B, 200, [("content-length", "\u0665")],
    expected=raises(InvalidHeaderError, "invalid value for header 'content-length'",
                    "cannot be encoded as latin-1"),
    ref="cat-6")
# Even on a 204, where it would be dropped, a bad Content-Length is refused.
row("head-204-bad-length", B, 204, [("content-length", "-1")],
    expected=raises(InvalidHeaderError, "invalid value for header 'content-length'", _CL), ref="cat-11")
row("head-conflicting-lengths", B, 200, [("content-length", "5"), ("content-length", "6")],
    expected=raises(InvalidHeaderError, "conflicting Content-Length values 5 and 6"), ref="cat-6")
# RFC 9112 §6.3: Transfer-Encoding overrides Content-Length, and never both go out (§6.2):
# the application's chunked framing wins and its length is dropped; bodyless responses carry neither.
_CHUNKED_200 = (b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n", FRAMING_CHUNKED, -1, True)
row("head-length-and-chunked", B, 200, [("content-length", "5"), ("transfer-encoding", "chunked")],
    expected=_CHUNKED_200, ref="cat-6")
row("head-chunked-and-length", B, 200, [("Transfer-Encoding", "chunked"), ("Content-Length", "5")],
    expected=_CHUNKED_200, ref="cat-6")
row("head-method-head-length-and-chunked", B, 200, [("content-length", "5"), ("transfer-encoding", "chunked")],
    method=b"HEAD", expected=(b"HTTP/1.1 200 OK\r\n\r\n", FRAMING_NONE, -1, True), ref="cat-6")
row("head-304-length-and-chunked", B, 304, [("content-length", "5"), ("transfer-encoding", "chunked")],
    expected=(b"HTTP/1.1 304 Not Modified\r\n\r\n", FRAMING_NONE, -1, True), ref="cat-6")
row("head-204-length-and-chunked", B, 204, [("content-length", "0"), ("transfer-encoding", "chunked")],
    expected=(b"HTTP/1.1 204 No Content\r\n\r\n", FRAMING_NONE, -1, True), ref="cat-6")
row("head-http10-length-and-chunked", B, 200, [("content-length", "5"), ("transfer-encoding", "chunked")],
    http_version="1.0", expected=(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n", FRAMING_CLOSE, -1, False),
    ref="cat-6")
for _bad in ("gzip", "gzip, chunked", "identity", "chunked, chunked"):
    row(f"head-te-{_bad}", B, 200, [("transfer-encoding", _bad)],
        expected=raises(InvalidHeaderError, f"unsupported transfer-encoding {_bad!r}"), ref="cat-6")
row("head-bad-status", B, 99, [], expected=raises(ValueError, _STATUS_RANGE + "99"), ref="cat-9")
row("head-bool-status", B, True, [], expected=raises(TypeError, _STATUS_RANGE + "True"), ref="cat-9")
row("head-str-status", B, "200", [], expected=raises(TypeError, _STATUS_RANGE + "'200'"), ref="cat-9")
row("head-bad-reason", B, 200, [], "OK\r\nX: y", expected=raises(ValueError, _REASON + repr("OK\r\nX: y")),
    ref="cat-12")
row("head-bad-version", B, 200, [], http_version="2.0", expected=raises(ValueError, _VERSION + "'2.0'"),
    ref="issue")
row("head-header-injection", B, 200, [("x-a", "1\r\nContent-Length: 0")],
    expected=raises(InvalidHeaderError, "invalid value for header 'x-a'", _CONTROL), ref="cat-2")
row("head-bad-header-name", B, 200, [("x a", "1")], expected=raises(InvalidHeaderError, _NAME + "'x a'"),
    ref="cat-1")
row("head-not-pair", B, 200, [("a", "b", "c")], expected=raises(TypeError, _PAIR + "('a', 'b', 'c')"),
    ref="cat-5")
# Framing and connection fields are decided per response, so a default cannot carry
# them: with one, a head could say Content-Length and Transfer-Encoding at once.
for _bad in ("Content-Length", "transfer-encoding", "CONNECTION", b"connection"):
    row(f"head-default-framing-{_bad!r}", B, 200, [("content-length", "0")], default_headers=[(_bad, "5")],
        expected=raises(InvalidHeaderError, f"header {_bad!r} cannot be a default header"),
        ref="RFC 9112 §6.2")
row("head-bad-default", B, 200, [], default_headers=[("date", "x\ny")],
    expected=raises(InvalidHeaderError, "invalid value for header 'date'", _CONTROL), ref="cat-2")
# fmt: on

# --- encode_sse_event / encode_sse_events: WHATWG HTML, "Server-sent events", event stream format --



def sse_row(case_id: str, function: str, *args: Any, expected: Any, ref: str, **kwargs: Any) -> None:
    """``row`` under another first name, so that ``id`` can be one of the keyword arguments."""
    CASES.append(Case(case_id, function, args, expected, ref, kwargs))


# fmt: off
S = "encode_sse_event"
_WHATWG = "WHATWG HTML §9.2.5"
sse_row("sse-data", S, "hello", expected=b"data: hello\n\n", ref=_WHATWG)
sse_row("sse-data-bytes", S, b"hello", expected=b"data: hello\n\n", ref=_WHATWG)
sse_row("sse-data-empty", S, "", expected=b"data: \n\n", ref=_WHATWG)
# Each of CRLF, CR and LF ends a line; each line becomes its own data field.
sse_row("sse-data-line-ends", S, "a\r\nb\rc\nd", expected=b"data: a\ndata: b\ndata: c\ndata: d\n\n", ref=_WHATWG)
sse_row("sse-data-bytes-line-ends", S, b"a\r\rb", expected=b"data: a\ndata: \ndata: b\n\n", ref=_WHATWG)
# A trailing line end is an empty last line: the client's data ends with LF, as sent.
sse_row("sse-data-trailing-lf", S, "a\n", expected=b"data: a\ndata: \n\n", ref=_WHATWG)
sse_row("sse-data-cr-then-lf-split", S, "a\n\rb", expected=b"data: a\ndata: \ndata: b\n\n", ref=_WHATWG)
# One leading space is dropped by the parser, so "data: " keeps a value's own space.
sse_row("sse-data-leading-space", S, " x", expected=b"data:  x\n\n", ref=_WHATWG)
sse_row("sse-data-utf8", S, "caf\xe9 \u20ac", expected=b"data: caf\xc3\xa9 \xe2\x82\xac\n\n", ref=_WHATWG)
sse_row("sse-data-colon", S, "a: b", expected=b"data: a: b\n\n", ref=_WHATWG)
sse_row("sse-all-fields", S, "x\ny", event="update", id="42", retry=3000, comment="note",
    expected=b": note\nevent: update\nid: 42\nretry: 3000\ndata: x\ndata: y\n\n", ref="issue")
sse_row("sse-comment-lines", S, comment="one\r\ntwo", expected=b": one\n: two\n\n", ref=_WHATWG)
sse_row("sse-comment-ping", S, comment=b"ping", expected=b": ping\n\n", ref=_WHATWG)
sse_row("sse-event-only", S, event="tick", expected=b"event: tick\n\n", ref=_WHATWG)
sse_row("sse-id-empty", S, id="", expected=b"id: \n\n", ref=_WHATWG)
sse_row("sse-retry-zero", S, retry=0, expected=b"retry: 0\n\n", ref=_WHATWG)
sse_row("sse-id-bytes", S, "d", id=b"7", expected=b"id: 7\ndata: d\n\n", ref=_WHATWG)
_BREAK = "contains CR or LF, which would end the field line"
for _field in ("event", "id"):
    for _bad in ("a\nb", "a\rb", "\r\n", b"x\ny"):
        sse_row(f"sse-{_field}-break-{_bad!r}", S, "d", **{_field: _bad},
            expected=raises(ValueError, f"SSE {_field} {_bad!r} {_BREAK}"), ref=_WHATWG)
    sse_row(f"sse-{_field}-type", S, "d", **{_field: 5},
        expected=raises(TypeError, f"SSE {_field} must be str or bytes, got 5"), ref="issue")
sse_row("sse-id-nul", S, "d", id="a\x00b", expected=raises(ValueError, "SSE id 'a\\x00b' contains NUL"), ref=_WHATWG)
sse_row("sse-id-nul-bytes", S, id=b"\x00", expected=raises(ValueError, "SSE id b'\\x00' contains NUL"), ref=_WHATWG)
# NUL is only an id's problem: an event type may carry it.
sse_row("sse-event-nul", S, event="a\x00", expected=b"event: a\x00\n\n", ref=_WHATWG)
for _bad, _kind in ((-1, ValueError), (True, TypeError), (1.5, TypeError), ("10", TypeError)):
    sse_row(f"sse-retry-{_bad!r}", S, retry=_bad,
        expected=raises(_kind, f"SSE retry must be a non-negative int (milliseconds), got {_bad!r}"), ref="issue")
for _bad in (5, bytearray(b"x"), ["a"]):
    sse_row(f"sse-data-type-{type(_bad).__name__}", S, _bad,
        expected=raises(TypeError, f"SSE data must be str or bytes, got {_bad!r}"), ref="issue")
sse_row("sse-comment-type", S, comment=1, expected=raises(TypeError, "SSE comment must be str or bytes, got 1"),
    ref="issue")
sse_row("sse-data-surrogate", S, "a\ud800", expected=raises(ValueError, "SSE data 'a\\ud800' is not valid Unicode"),
    ref="issue")
sse_row("sse-empty", S, expected=raises(ValueError, "an SSE event needs data, event, id, retry or comment"),
    ref="issue")

M = "encode_sse_events"
sse_row("sse-events-empty", M, [], expected=b"", ref="issue")
sse_row("sse-events-mixed", M, ["a", b"b\nc", {"data": "d", "id": "1"}, {"comment": "k"}],
    expected=b"data: a\n\ndata: b\ndata: c\n\nid: 1\ndata: d\n\n: k\n\n", ref="issue")
sse_row("sse-events-tuple", M, ("0", "1"), expected=b"data: 0\n\ndata: 1\n\n", ref="issue")
sse_row("sse-events-unknown-key", M, [{"data": "a", "name": "x"}],
    expected=raises(TypeError, "unknown SSE event key 'name'"), ref="issue")
sse_row("sse-events-bad-item", M, ["a", 3], expected=raises(TypeError, "each SSE event must be str, bytes or a mapping, got 3"),
    ref="issue")
sse_row("sse-events-bad-field", M, [{"event": "a\nb"}], expected=raises(ValueError, f"SSE event 'a\\nb' {_BREAK}"),
    ref=_WHATWG)
sse_row("sse-events-not-iterable", M, 5, expected=raises(TypeError, "not iterable"), ref="issue")
# fmt: on
