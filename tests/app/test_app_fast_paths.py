"""The Application's per-request shortcuts give the same answers as the long way round.

Constant routes are looked up by path before the pattern scan, the query is parsed
only when ``call.parameters`` is read, and the content's headers are checked once
by the core's rule while the head is built. Each test here would fail if a shortcut
answered differently from the rule it skips.
"""

from __future__ import annotations

import itertools

import pytest
from app_support import asgi_client

from fastresp.api import Application, ContentType, Plugin
from fastresp.app.routing import Router
from fastresp.core import InvalidHeaderError


async def _handler(call):
    await call.respond_text("x")


def _routes() -> list[tuple[str, tuple[str, ...]]]:
    return [
        ("/", ("GET",)),
        ("/a", ("GET", "POST")),
        ("/a/b", ("GET",)),
        ("/a/b", ("GET", "PUT")),  # same path and method again: the first one must win
        ("/a/{x}", ("GET", "DELETE")),
        ("/a/{x?}", ("PATCH",)),
        ("/a/{...}", ("GET",)),
        ("/{x}/b", ("POST",)),
        ("/c/*", ("GET",)),
        ("/c/d", ("HEAD",)),
        ("/files/{path...}", ("GET",)),
        ("/files/index", ("GET",)),
    ]


def _routers() -> tuple[Router, Router]:
    """The same routes twice: one router as built, one with its constant index emptied (scan only)."""
    indexed = Router()
    for path, methods in _routes():
        indexed.add(path, methods, _handler)
    scanning = Router()
    scanning.routes = list(indexed.routes)
    assert scanning._constant == {}
    return indexed, scanning


_PATHS = [
    [],
    ["a"],
    ["a", "b"],
    ["a", "c"],
    ["a", "b", "c"],
    ["a/b"],  # one segment holding "/" (from %2F): never the two-segment "/a/b"
    ["z", "b"],
    ["c", "d"],
    ["c", "e"],
    ["files", "index"],
    ["files", "index", "more"],
    ["nowhere"],
]


@pytest.mark.parametrize(
    ("method", "parts"),
    list(itertools.product(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "TRACE"], _PATHS)),
)
def test_constant_index_resolves_like_the_scan(method, parts):
    indexed, scanning = _routers()
    fast, slow = indexed.resolve(method, parts), scanning.resolve(method, parts)
    assert fast.route is slow.route
    assert fast.parameters == slow.parameters
    if slow.route is None:
        assert fast.allowed == slow.allowed  # the 405's Allow list is the scan's


def test_first_registered_constant_route_wins():
    indexed, _ = _routers()
    found = indexed.resolve("GET", ["a", "b"])
    assert found.route is indexed.routes[2]
    assert indexed.resolve("PUT", ["a", "b"]).route is indexed.routes[3]


@pytest.mark.anyio
async def test_query_is_parsed_only_when_parameters_are_read():
    app = Application()
    seen = {}

    @app.get("/lazy")
    async def lazy(call):
        seen["query parsed before reading"] = call.request._query is not None
        seen["scope"] = call.scope["path"], call.scope["query_string"]
        await call.respond_text("ok")

    @app.get("/read/{id}")
    async def read(call):
        await call.respond_text(";".join(f"{k}={v}" for k, v in call.parameters.items()))

    async with asgi_client(app) as client:
        assert (await client.get("/lazy?a=1")).text == "ok"
        assert (await client.get("/read/7?a=1&a=2")).text == "id=7;a=1;a=2"
    assert seen == {"query parsed before reading": False, "scope": ("/lazy", b"a=1")}


def test_content_type_header_value_is_checked_once_and_cached():
    kind = ContentType.Text.Plain.with_charset("UTF-8")
    assert kind.header_value() == b"text/plain; charset=UTF-8"
    assert kind.header_value() is kind.header_value()
    assert kind is ContentType.Text.Plain.with_charset("UTF-8")  # remembered per charset
    assert kind == ContentType.Text.Plain.with_parameter("charset", "UTF-8")
    assert ContentType.Text.Plain.with_charset("ISO-8859-1").charset() == "ISO-8859-1"
    bad = ContentType("text", "plain", [("title", "caf\u00e9 \u20ac")])  # € is not latin-1
    with pytest.raises(InvalidHeaderError, match="content-type.*latin-1"):
        bad.header_value()


class _BadHeaderPlugin(Plugin):
    """Adds a content header straight to the list, as plugins do, with a CR LF inside."""

    async def transform(self, call, content):
        content.headers.append(("X-Injected", "a\r\nSet-Cookie: evil=1"))
        return content


@pytest.mark.anyio
async def test_plugin_content_headers_are_still_checked():
    app = Application()
    app.install(_BadHeaderPlugin)

    @app.get("/")
    async def index(call):
        await call.respond_text("never sent")

    async with asgi_client(app) as client:
        response = await client.get("/")
    assert response.status_code == 500
    assert "set-cookie" not in response.headers
    assert "x-injected" not in response.headers


@pytest.mark.anyio
async def test_content_headers_keep_their_bytes_and_lowercase_names():
    app = Application()

    class Tagging(Plugin):
        async def transform(self, call, content):
            content.headers.append(("X-Tag", "Mixed Case \u00e9"))
            return content

    app.install(Tagging)

    @app.get("/")
    async def index(call):
        call.response.headers.append("X-Own", "1")
        await call.respond_text("ok", ContentType.Text.Html)

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "raw_path": b"/", "query_string": b"", "headers": []}
    await app(scope, None, send)
    assert sent[0]["headers"] == [
        (b"content-type", b"text/html; charset=UTF-8"),
        (b"x-tag", "Mixed Case \u00e9".encode("latin-1")),
        (b"x-own", b"1"),
        (b"content-length", b"2"),
    ]


def test_json_dataclass_fields_are_looked_up_per_type():
    from dataclasses import dataclass, field

    from fastresp.app.json_codec import dumps

    @dataclass
    class Empty:
        pass

    @dataclass
    class Point:
        x: int
        y: int

    @dataclass
    class Labelled:
        y: str
        tags: list = field(default_factory=list)

    value = [Point(1, 2), Labelled("a", [Empty()]), Point(3, 2**64), Empty()]
    expected = b'[{"x":1,"y":2},{"y":"a","tags":[{}]},{"x":3,"y":18446744073709551616},{}]'
    assert dumps(value) == expected  # twice: the second run uses the remembered fields
    assert dumps(value) == expected
    assert dumps(value, use_orjson=False) == expected


@pytest.mark.parametrize(
    "raw",
    [b"/", b"", b"/a", b"/a/", b"//a", b"/a/b", b"/a//b", b"/a%2Fb", b"/a/b?x=1", b"/c/d", b"/files/index",
     b"/A", b"/nowhere"],
)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "HEAD"])
def test_raw_path_lookup_agrees_with_resolve(method, raw):
    from fastresp.app.routing import split_path

    indexed, scanning = _routers()
    route = indexed.constant_route(method, raw)
    expected = scanning.resolve(method, split_path({"raw_path": raw}))
    if route is not None:  # a hit must be what the scan picks; a miss just means "ask resolve"
        assert route is expected.route
        assert expected.parameters == []


def test_raw_path_lookup_hits_canonical_constant_paths_only():
    indexed, _ = _routers()
    assert indexed.constant_route("GET", b"/") is indexed.routes[0]
    assert indexed.constant_route("POST", b"/a") is indexed.routes[1]
    assert indexed.constant_route("PUT", b"/a/b") is indexed.routes[3]
    assert indexed.constant_route("GET", b"/files/index") is indexed.routes[11]
    for other_form in (b"/a/", b"//a", b"/%61", b"/a?x"):
        assert indexed.constant_route("GET", other_form) is None


def test_json_dataclass_that_is_also_a_mapping_or_enum_keeps_that_conversion():
    import enum
    from dataclasses import dataclass

    from fastresp.app.json_codec import dumps

    @dataclass
    class Bag(dict):
        label: str = "x"

    @dataclass(frozen=True)  # noqa: RUF049 - the odd case under test: it must stay an Enum
    class Level(enum.Enum):
        LOW = 1

    bag = Bag(label="ignored")
    bag["k"] = 1
    assert dumps([bag, bag]) == b'[{"k":1},{"k":1}]'  # a Mapping's items, not its fields
    assert dumps([Level.LOW, Level.LOW]) == b"[1,1]"  # an Enum's value


def test_split_unquoted_is_the_one_quoted_string_splitter():
    from fastresp.http._parameters import parse_parameters, split_unquoted

    assert split_unquoted('a/b;p="x,y", c/d', ",") == (['a/b;p="x,y"', " c/d"], False)
    assert split_unquoted('a; b="x\\";y"; c', ";") == (["a", ' b="x\\";y"', " c"], False)
    assert split_unquoted('a; b="open;', ";") == (["a", ' b="open;'], True)
    assert split_unquoted("a,b,c,d", ",", 2) == (["a", "b"], False)  # capped: the rest is dropped
    # The first error in the text is the one raised, as when pieces were split one by one.
    with pytest.raises(ValueError, match="malformed parameter 'x'"):
        parse_parameters('a/b; x; y="z')
    with pytest.raises(ValueError, match="unterminated quoted string in ' y=\"z'"):
        parse_parameters('a/b; x=1; y="z')
