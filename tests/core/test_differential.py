"""Differential test: the compiled twin and the pure twin agree on every input Hypothesis finds.

For random, mostly hostile arguments to every public function, both twins must return
identical bytes (identical tuples for build_head, down to the types of their items),
or raise the same exception type with the same message. The pure twin is the
specification (DESIGN.md); any difference is a bug in one of them.

It needs the compiled twin: when it is expected but missing, ``load_implementation``
fails the test. It is deselected only when FASTRESP_NO_EXTENSIONS (or a non-CPython
interpreter) says no compiled twin exists to compare.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from http import HTTPStatus

import pytest
from core_support import outcome, property_settings, suite_conftest
from hypothesis import given
from hypothesis import strategies as st

from fastresp._tables import MAX_TIMESTAMP, MIN_TIMESTAMP

pytestmark = pytest.mark.compiled

SENTINEL = object()  # one object, so its repr (with its address) is the same in both messages


class Text(str):
    """A str subclass: a twin that checks ``type(x) is str`` would treat it differently."""


class Octets(bytes):
    """A bytes subclass, for the same reason."""


class Number(int):
    """An int subclass that is not a bool."""


class Pair(tuple):
    """A tuple subclass (a namedtuple is one): is it a "(name, value) pair"?"""


# --- strategies: valid values mixed with every kind of wrong one ----------------------------------

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.just(SENTINEL),
    st.lists(st.integers(0, 3), max_size=2),
    st.binary(max_size=3).map(bytearray),
    st.just(HTTPStatus.OK),
)
hashable_junk = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.just(SENTINEL)
)
hostile_chars = st.one_of(
    st.characters(max_codepoint=0x2FF),
    st.sampled_from(list('\r\n\t\x00\x01\x0b\x7f\x80\xff ;,="\\:()/') + ["\u20ac", "\ud800", "\U0001f600"]),
)
texts = st.text(hostile_chars, max_size=12)
tokens = st.text(st.sampled_from("!#$%&'*+-.^_`|~09AZaz"), min_size=1, max_size=8)
strings = st.one_of(
    texts,
    tokens,
    st.binary(max_size=12),
    tokens.map(str.encode),
    texts.map(Text),
    st.binary(max_size=12).map(Octets),
)

statuses = st.one_of(
    st.integers(90, 1010),
    st.sampled_from([100, 101, 103, 200, 204, 299, 304, 404, 599, 600, 999]),
    st.integers(),
    junk,
    st.text(max_size=4),
    st.integers(90, 1010).map(Number),
)
reasons = st.one_of(st.none(), strings, junk)
versions = st.sampled_from(["1.1", "1.0", b"1.1", b"1.0", "2", "", "1.1 ", "HTTP/1.1", None, 1.1, ["1.1"]])

header_names = st.one_of(
    st.sampled_from(
        [
            "content-length",
            "Content-Length",
            "transfer-encoding",
            "Transfer-Encoding",
            "connection",
            "Connection",
            "date",
            "Date",
            "server",
            "x-a",
            "set-cookie",
            "host",
            "Trailer",
            "te",
            "content-type",
            "upgrade",
            b"content-length",
            b"x-b",
        ]
    ),
    strings,
    junk,
)
header_values = st.one_of(
    st.sampled_from(
        [
            "5",
            "0",
            "007",
            "-1",
            " 5",
            "+5",
            "9223372036854775808",
            "chunked",
            "Chunked",
            "gzip",
            "close",
            "keep-alive, close",
            "Keep-Alive",
            "websocket",
            "upgrade",
            "Upgrade, close",
            "keep-alive, upgrade",
            ", close ,",
            b"5",
            b"chunked",
        ]
    ),
    strings,
    junk,
)
header_items = st.one_of(
    st.tuples(header_names, header_values),
    st.tuples(header_names, header_values).map(list),
    st.tuples(header_names, header_values).map(Pair),
    st.tuples(header_names, header_values, header_values),
    st.tuples(header_names),
    strings,
    junk,
)
# Mostly valid-looking pairs, so that whole heads get built, not just refused.
header_lists = st.one_of(
    st.lists(st.one_of(st.tuples(header_names, header_values), header_items), max_size=6),
    st.lists(st.tuples(header_names, header_values), max_size=6).map(tuple),
    junk,
)
# A "plausible" branch mostly builds heads and cookies, so the twins' success paths get
# compared too, not only their error paths (hostile input is refused ~98% of the time).
vchars = st.characters(min_codepoint=0x21, max_codepoint=0xFF, exclude_characters="\x7f")
plausible_names = st.one_of(
    st.sampled_from(
        [
            "content-length",
            "Content-Length",
            "transfer-encoding",
            "connection",
            "Date",
            "server",
            "set-cookie",
            "x-a",
            "etag",
            "content-type",
        ]
    ),
    tokens,
    tokens.map(str.encode),
)
plausible_values = st.one_of(
    st.sampled_from(
        [
            "5",
            "0",
            "007",
            "chunked",
            "close",
            "keep-alive",
            "upgrade",
            "Upgrade, close",
            "text/plain",
            "a=1; Path=/",
            b"12",
        ]
    ),
    st.text(vchars, max_size=8),
    st.text(vchars, min_size=1, max_size=8).map(lambda text: text.encode("latin-1")),
    st.builds(
        lambda a, b: f"{a} \t{b}",
        st.text(vchars, min_size=1, max_size=3),
        st.text(vchars, min_size=1, max_size=3),
    ),
)
plausible_headers = st.lists(st.tuples(plausible_names, plausible_values), max_size=6)
offsets = st.builds(
    timezone,
    st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)),
)
moments = st.one_of(
    st.integers(MIN_TIMESTAMP - 100, MAX_TIMESTAMP + 100),
    st.integers(),
    st.integers(-(10**6), 10**6).map(Number),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(MIN_TIMESTAMP - 2.0, MAX_TIMESTAMP + 2.0),
    st.datetimes(timezones=st.one_of(st.none(), offsets)),
    st.sampled_from([MIN_TIMESTAMP, MAX_TIMESTAMP, 0, -1]),
    st.datetimes(min_value=datetime(9999, 12, 31), timezones=offsets),
    st.datetimes(max_value=datetime(1, 1, 2), timezones=offsets),
    junk,
    st.text(max_size=3),
)
cookie_names = st.one_of(
    st.sampled_from(["sid", "__Secure-id", "__secure-id", "__Host-id", "__HOST-id", "", "a=b", "a b"]),
    tokens,
    strings,
    junk,
)
cookie_kwargs = st.fixed_dictionaries(
    {},
    optional={
        "encoding": st.sampled_from(["uri", "raw", "dquotes", "base64", "url", "", None, 5]),
        "max_age": st.one_of(st.none(), st.integers(-5, 10**11), st.integers(), junk),
        "expires": st.one_of(st.none(), moments),
        "domain": st.one_of(
            st.none(), st.sampled_from(["example.com", ".example.com", "/;x"]), strings, junk
        ),
        "path": st.one_of(st.none(), st.sampled_from(["/", b"/", "/app", "/" + "a" * 1024]), strings, junk),
        "secure": st.booleans(),
        "http_only": st.booleans(),
        "same_site": st.one_of(
            st.none(), st.sampled_from(["Strict", "lax", "NONE", "None", "Strictly", ""]), strings, junk
        ),
        "partitioned": st.booleans(),
        "extensions": st.one_of(
            st.none(),
            st.dictionaries(
                st.one_of(
                    st.sampled_from(["Priority", "max-age", "SameSite", "Foo"]), strings, hashable_junk
                ),
                st.one_of(st.none(), strings, junk),
                max_size=3,
            ),
            junk,
        ),
    },
)
plausible_cookie_kwargs = st.fixed_dictionaries(
    {},
    optional={
        "encoding": st.sampled_from(["uri", "raw", "dquotes", "base64"]),
        "max_age": st.one_of(st.none(), st.integers(0, 10**11)),
        "expires": st.one_of(
            st.none(),
            st.integers(MIN_TIMESTAMP, MAX_TIMESTAMP),
            st.datetimes(timezones=st.one_of(st.none(), offsets)),
        ),
        "domain": st.one_of(st.none(), st.sampled_from(["example.com", b".example.com"])),
        "path": st.one_of(st.none(), st.sampled_from(["/", b"/", "/app"])),
        "secure": st.booleans(),
        "http_only": st.booleans(),
        "same_site": st.one_of(st.none(), st.sampled_from(["Strict", "lax", "NONE"])),
        "partitioned": st.booleans(),
        "extensions": st.one_of(
            st.none(), st.dictionaries(tokens, st.one_of(st.none(), st.text(vchars, max_size=5)), max_size=3)
        ),
    },
)
cookie_values = st.one_of(
    strings,
    st.text(max_size=40),
    st.binary(max_size=40),
    junk,
    st.sampled_from(["x" * 4095, "x" * 4096, "\xe9" * 700]),
)
chunk_data = st.one_of(
    st.binary(max_size=64),
    st.binary(max_size=64).map(bytearray),
    st.binary(max_size=64).map(memoryview),
    st.binary(min_size=2, max_size=64).map(lambda data: memoryview(data)[::2]),
    st.binary(max_size=32).map(lambda data: memoryview(data + data).cast("H")),
    st.text(max_size=5),
    junk,
)
methods = st.sampled_from([b"GET", "GET", b"HEAD", "HEAD", b"head", b"POST", b"CONNECT", None, 5])


@pytest.fixture(scope="module")
def twins(pytestconfig):
    """``(compiled, pure)``: the compiled twin is loaded through the suite's failing loader."""
    loader = suite_conftest(pytestconfig).load_implementation
    return loader("cython"), loader("python")


def shape(result: tuple) -> tuple:
    """An outcome with the types of a returned tuple's items, so ``True`` and ``1`` differ."""
    if result[0] == "ok":
        value = result[1]
        items = tuple(type(item) for item in value) if isinstance(value, tuple) else ()
        return (*result, type(value), items)
    return result


def assert_same(twins, name: str, *args, **kwargs) -> None:
    """Both twins give the same bytes, or the same exception type and message, for this call."""
    compiled, pure = twins
    expected = shape(outcome(getattr(pure, name), *args, **kwargs))
    got = shape(outcome(getattr(compiled, name), *args, **kwargs))
    assert got == expected, f"{name}(*{args!r}, **{kwargs!r})"


@property_settings(600)
@given(status=statuses, reason=reasons, version=versions, use_keyword=st.booleans())
def test_status_line(twins, status, reason, version, use_keyword) -> None:
    """status_line agrees for any status, reason and version (including refused ones)."""
    if use_keyword:
        assert_same(twins, "status_line", status, reason=reason, http_version=version)
    else:
        assert_same(twins, "status_line", status, reason, version)


@property_settings(600)
@given(headers=st.one_of(plausible_headers, header_lists))
def test_encode_headers(twins, headers) -> None:
    """encode_headers agrees for any list of pairs, non-pairs, and wrong types."""
    assert_same(twins, "encode_headers", headers)


@property_settings(600)
@given(name=header_names, value=st.one_of(plausible_values, header_values))
def test_check_field(twins, name, value) -> None:
    """check_field agrees for any name and value: the same lower-cased bytes or the same error."""
    assert_same(twins, "check_field", name, value)


@property_settings(600)
@given(
    call=st.one_of(
        st.tuples(
            st.one_of(st.sampled_from(["sid", "__Secure-id", "__Host-id"]), tokens),
            st.one_of(st.text(max_size=20), st.binary(max_size=20), st.text(vchars, max_size=20)),
            plausible_cookie_kwargs,
        ),
        st.tuples(cookie_names, cookie_values, cookie_kwargs),
    )
)
def test_render_set_cookie(twins, call) -> None:
    """render_set_cookie agrees for any name, value, encoding, attributes and prefixes."""
    name, value, kwargs = call
    assert_same(twins, "render_set_cookie", name, value, **kwargs)


@property_settings(600)
@given(moment=moments)
def test_http_date(twins, moment) -> None:
    """http_date agrees for any timestamp or datetime, in or out of years 1-9999."""
    assert_same(twins, "http_date", moment)


@property_settings(300)
@given(data=chunk_data)
def test_encode_chunk(twins, data) -> None:
    """encode_chunk agrees for bytes, bytearray, memoryviews (sliced, strided, multi-byte) and others."""
    assert_same(twins, "encode_chunk", data)


@property_settings(300)
@given(trailers=st.one_of(st.none(), plausible_headers, header_lists))
def test_last_chunk(twins, trailers) -> None:
    """last_chunk agrees for any trailers, including forbidden fields and bad values."""
    assert_same(twins, "last_chunk", trailers)


plausible_heads = st.fixed_dictionaries(
    {
        "status": st.sampled_from([100, 101, 103, 200, 204, 205, 299, 304, 404, 500, 599, 999]),
        "headers": plausible_headers,
        "reason": st.one_of(st.none(), st.text(vchars, max_size=6)),
        "method": st.sampled_from([b"GET", "GET", b"HEAD", "HEAD", b"POST", b"CONNECT"]),
        "version": st.sampled_from(["1.1", "1.0"]),
        "keep_alive": st.booleans(),
        "defaults": st.one_of(st.just(()), plausible_headers),
    }
)
hostile_heads = st.fixed_dictionaries(
    {
        "status": statuses,
        "headers": header_lists,
        "reason": reasons,
        "method": methods,
        "version": versions,
        "keep_alive": st.one_of(st.booleans(), st.sampled_from([0, 1, None, "", "yes"])),
        "defaults": st.one_of(st.just(()), header_lists),
    }
)


@property_settings(800)
@given(call=st.one_of(plausible_heads, hostile_heads))
def test_build_head(twins, call) -> None:
    """build_head agrees on head, framing, length and keep-alive, or on the error, for any input."""
    assert_same(
        twins,
        "build_head",
        call["status"],
        call["headers"],
        call["reason"],
        method=call["method"],
        http_version=call["version"],
        keep_alive=call["keep_alive"],
        default_headers=call["defaults"],
    )


# --- server-sent events: any mix of line ends, NULs, surrogates and wrong types ------------------

sse_pieces = st.one_of(
    st.characters(max_codepoint=0x2FF), st.sampled_from(["\r", "\n", "\r\n", "\x00", "\ud800", "\u20ac"])
)
sse_texts = st.lists(sse_pieces, max_size=12).map("".join)
sse_values = st.one_of(
    st.none(),
    sse_texts,
    sse_texts.map(Text),
    st.binary(max_size=12),
    st.binary(max_size=12).map(Octets),
    st.sampled_from(["x" * 600, "\xe9" * 300]),  # past the compiled twin's stack buffer
    junk,
)
sse_retries = st.one_of(st.none(), st.integers(-3, 2**70), st.integers(0, 9).map(Number), junk)
sse_calls = st.fixed_dictionaries(
    {"event": sse_values, "id": sse_values, "retry": sse_retries, "comment": sse_values}
)


@property_settings(600)
@given(data=sse_values, fields=sse_calls)
def test_encode_sse_event(twins, data, fields) -> None:
    """encode_sse_event agrees for any data, event, id, retry and comment, refused ones included."""
    assert_same(twins, "encode_sse_event", data, **fields)


sse_items = st.one_of(
    sse_values,
    st.dictionaries(
        st.sampled_from(["data", "event", "id", "retry", "comment", "name", 1]), sse_values, max_size=3
    ),
)


@property_settings(300)
@given(events=st.lists(sse_items, max_size=4))
def test_encode_sse_events(twins, events) -> None:
    """encode_sse_events agrees for any list of strs, bytes, mappings (unknown keys too) and others."""
    assert_same(twins, "encode_sse_events", events)
