"""Legal but unusual inputs: iterators, views, subclasses, and arguments that change mid-call.

A compiled twin is tempted to special-case exact types and to keep pointers into
its arguments; these tests hold both twins to the pure twin's plain-Python meaning.
"""

from __future__ import annotations

import pytest


class Text(str):
    """A str subclass (e.g. a str-based enum or a markup-safe string)."""


class Octets(bytes):
    """A bytes subclass."""


def test_headers_from_iterators(impl) -> None:
    """Any iterable of pairs works, including one-shot generators and ``dict.items()``."""
    expected = b"a: 1\r\nb: 2\r\n"
    assert impl.encode_headers(pair for pair in [("a", "1"), ("b", "2")]) == expected
    assert impl.encode_headers({"a": "1", "b": "2"}.items()) == expected
    assert impl.encode_headers(iter([("a", "1"), ("b", "2")])) == expected
    assert impl.last_chunk(pair for pair in [("a", "1")]) == b"0\r\na: 1\r\n\r\n"
    head, *_ = impl.build_head(
        200,
        (pair for pair in [("content-length", "0")]),
        default_headers=(pair for pair in [("server", "s")]),
    )
    assert head == b"HTTP/1.1 200 OK\r\nserver: s\r\ncontent-length: 0\r\n\r\n"


def test_str_and_bytes_subclasses(impl) -> None:
    """Subclasses of str and bytes are accepted exactly like str and bytes."""
    assert (
        impl.encode_headers([(Text("x-a"), Text("1")), (Octets(b"x-b"), Octets(b"2"))])
        == b"x-a: 1\r\nx-b: 2\r\n"
    )
    assert impl.status_line(200, Text("Fine")) == b"HTTP/1.1 200 Fine\r\n"
    assert impl.status_line(200, http_version=Text("1.0")) == b"HTTP/1.0 200 OK\r\n"
    assert impl.render_set_cookie(Text("sid"), Octets(b"a b"), path=Text("/"), same_site=Text("lax")) == (
        b"sid=a%20b; Path=/; SameSite=Lax"
    )


@pytest.mark.parametrize("container", [list, tuple], ids=["list", "tuple"])
def test_default_headers_read_after_app_headers(impl, container) -> None:
    """A default is read after the app's headers, as the pure twin does, never from freed memory.

    The app's headers here are a generator that replaces the value of a default
    pair (a list, so mutable) and then allocates strings of the same size. A twin
    that kept a pointer into the old value would write freed, reused memory.
    """
    pair = ["x-default", "".join(["v"] * 40)]  # a fresh str owned only by ``pair``

    def app_headers():
        pair[1] = "replaced"
        filler = ["".join([chr(65 + i % 26)] * 40) for i in range(2000)]  # reuse the freed memory
        yield ("x-app", "1")
        del filler

    head, *_ = impl.build_head(200, app_headers(), default_headers=container([pair]))
    assert head == b"HTTP/1.1 200 OK\r\nx-default: replaced\r\nx-app: 1\r\ntransfer-encoding: chunked\r\n\r\n"


def test_default_headers_cannot_be_mutated_into_a_duplicate(impl) -> None:
    """Whether a default is skipped is decided by the names the app really sent."""
    pair = ["x-default", "v"]

    def app_headers():
        pair[0] = "date"
        yield ("Date", "app")

    head, *_ = impl.build_head(200, app_headers(), default_headers=[pair])
    assert head == b"HTTP/1.1 200 OK\r\nDate: app\r\ntransfer-encoding: chunked\r\n\r\n"
