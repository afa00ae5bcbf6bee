"""call.response: status, headers (validated at the call), header helpers, cookies, commit state."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from app_support import raw_request, running

from fastresp.api import (
    Application,
    CacheControl,
    ContentType,
    Cookie,
    CookieEncoding,
    HttpHeaders,
    HttpStatusCode,
    InvalidHeaderError,
    ResponseAlreadySentError,
    UnsafeHeaderError,
)
from fastresp.app.response import ApplicationResponse

# --- status and the header collection (unit level) -----------------------------------------


def test_status_get_and_set():
    response = ApplicationResponse()
    assert response.status() is None
    response.status(HttpStatusCode.Created)
    assert response.status() == HttpStatusCode.Created
    response.status(418)
    assert response.status().value == 418
    with pytest.raises(TypeError):
        response.status("200")


def test_headers_collection():
    headers = ApplicationResponse().headers
    headers.append("X-One", "1")
    headers.append("x-one", "2")
    headers.append_if_absent("X-One", "3")
    headers.append_if_absent("X-Two", "2")
    assert headers.get("X-ONE") == "1"
    assert headers.values("x-one") == ["1", "2"]
    assert "x-two" in headers and "x-three" not in headers
    assert headers.get("missing") is None
    assert headers.asgi() == [(b"x-one", b"1"), (b"x-one", b"2"), (b"x-two", b"2")]


@pytest.mark.parametrize("name", ["Content-Length", "content-length", "Transfer-Encoding", "Upgrade"])
def test_unsafe_headers_raise_naming_the_api(name):
    response = ApplicationResponse()
    with pytest.raises(UnsafeHeaderError, match="controlled by the engine") as caught:
        response.headers.append(name, "5")
    assert any(hint in str(caught.value) for hint in ("content_length=", "respond_write", "server"))
    with pytest.raises(UnsafeHeaderError):
        response.header(name, 5)
    assert len(response.headers) == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X-Evil", "v\r\nSet-Cookie: x=1"),
        ("X-Evil", "v\nInjected: 1"),
        ("X-Evil", "v\rInjected: 1"),
        ("X-Evil", "v\x00"),
        ("X-Evil", "v\x01"),
        ("X-Evil", "v\x0b"),
        ("X-Evil", "v\x7f"),
        ("X-Evil", " leading"),
        ("X-Evil", "trailing\t"),
        ("X-Evil", "a\r\n b"),
        ("X-Evil", "caf\u20ac"),
        ("Bad Name", "v"),
        ("Bad:Name", "v"),
        ("", "v"),
        ("X\x00", "v"),
        ('X"', "v"),
        ("Na\u00efve", "v"),
    ],
)
def test_invalid_headers_raise_at_the_call(name, value):
    response = ApplicationResponse()
    with pytest.raises(InvalidHeaderError):
        response.headers.append(name, value)
    with pytest.raises(InvalidHeaderError):
        response.header(name, value)
    assert len(response.headers) == 0


def test_header_value_types():
    response = ApplicationResponse()
    response.header("X-Int", 42)
    response.header("X-Date", datetime(1994, 11, 6, 8, 49, 37))
    response.header("X-Aware", datetime(1994, 11, 6, 9, 49, 37, tzinfo=timezone(timedelta(hours=1))))
    assert response.headers.get("X-Int") == "42"
    assert response.headers.get("X-Date") == "Sun, 06 Nov 1994 08:49:37 GMT"
    assert response.headers.get("X-Aware") == "Sun, 06 Nov 1994 08:49:37 GMT"
    for bad in (True, 1.5, None, b"bytes"):
        with pytest.raises(TypeError):
            response.header("X-Bad", bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7c876b7e", '"7c876b7e"'),
        ('"7c876b7e"', '"7c876b7e"'),
        ('W/"7c876b7e"', 'W/"7c876b7e"'),
        ("Etag value", '"Etag%20value"'),
        ('a"b', '"a%22b"'),
        ("caf\u00e9", '"caf%C3%A9"'),
        ('"half', '"%22half"'),
    ],
)
def test_etag_quoting(value, expected):
    response = ApplicationResponse()
    response.etag(value)
    assert response.headers.get("ETag") == expected


def test_link_cache_control_dates_and_ranges():
    response = ApplicationResponse()
    response.link("/a.css", "stylesheet")
    response.link("/font.woff2", "preload", "prefetch")
    response.link("/caf\u00e9")
    assert response.headers.values("Link") == [
        "</a.css>; rel=stylesheet",
        '</font.woff2>; rel="preload prefetch"',
        "</caf%C3%A9>",
    ]
    with pytest.raises(ValueError):
        response.link("/a>b", "x")
    with pytest.raises(ValueError):
        response.link("/a", 'x"; evil')

    response.cache_control(CacheControl.NoCache(None))
    response.cache_control(CacheControl.NoCache(CacheControl.Visibility.Private))
    response.cache_control(CacheControl.NoStore(CacheControl.Visibility.Public))
    response.cache_control(CacheControl.MaxAge(3600, 60, True, True, CacheControl.Visibility.Public))
    assert response.headers.values("Cache-Control") == [
        "no-cache",
        "no-cache, private",
        "no-store, public",
        "max-age=3600, s-maxage=60, must-revalidate, proxy-revalidate, public",
    ]
    with pytest.raises(ValueError):
        CacheControl.MaxAge(-1)

    response.expires(datetime(2030, 1, 2, 3, 4, 5))
    response.last_modified(datetime(2020, 2, 29, 12, 0, 0, tzinfo=timezone.utc))
    assert response.headers.get("Expires") == "Wed, 02 Jan 2030 03:04:05 GMT"
    assert response.headers.get("Last-Modified") == "Sat, 29 Feb 2020 12:00:00 GMT"

    response.content_range(range(100), 1000)
    response.content_range(None, 1000)
    response.content_range(range(5, 10))
    response.content_range(range(1), 5, unit="items")
    assert response.headers.values("Content-Range") == [
        "bytes 0-99/1000",
        "bytes */1000",
        "bytes 5-9/*",
        "items 0-0/5",
    ]
    for bad in [(range(0), 10), (range(20), 10), (range(0, 10, 2), None), (None, None)]:
        with pytest.raises(ValueError):
            response.content_range(*bad)


# --- cookies -----------------------------------------------------------------------------------


def test_cookie_rendering():
    response = ApplicationResponse()
    cookies = response.cookies
    cookies.append("yummy_cookie", "choco")
    cookies.append(
        "sid", "a b;c", max_age=3600, expires=datetime(2030, 1, 1), domain="example.com", path="/",
        secure=True, http_only=True, same_site="Lax", partitioned=True, extensions={"Priority": "High"},
    )
    cookies.append(Cookie("raw", "abc", encoding=CookieEncoding.RAW))
    cookies.append(Cookie("b64", "hi!", encoding=CookieEncoding.BASE64_ENCODING))
    cookies.append(Cookie("dq", "a b", encoding=CookieEncoding.DQUOTES))
    cookies.append_expired("old", path="/")
    assert response.headers.values("Set-Cookie") == [
        "yummy_cookie=choco",
        (
            "sid=a%20b%3Bc; Max-Age=3600; Expires=Tue, 01 Jan 2030 00:00:00 GMT; Domain=example.com; "
            "Path=/; Secure; HttpOnly; SameSite=Lax; Partitioned; Priority=High"
        ),
        "raw=abc",
        "b64=aGkh",
        'dq="a b"',
        "old=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
    ]
    assert cookies.get("raw").value == "abc"
    assert [c.name for c in cookies] == ["yummy_cookie", "sid", "raw", "b64", "dq", "old"]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("bad name", "v"), {}),
        (("a=b", "v"), {}),
        (("", "v"), {}),
        (("c", "v;x"), {"encoding": CookieEncoding.RAW}),
        (("c", "v\r\nX: 1"), {"encoding": CookieEncoding.RAW}),
        (("c", 'v"'), {"encoding": CookieEncoding.DQUOTES}),
        (("c", "v"), {"path": "/;Domain=evil.com"}),
        (("c", "v"), {"domain": "a\r\nb"}),
        (("__Host-c", "v"), {"secure": True, "path": "/", "domain": "x.com"}),
        (("__Host-c", "v"), {"path": "/"}),
        (("__Secure-c", "v"), {}),
        (("c", "v"), {"same_site": "None"}),
        (("c", "v"), {"same_site": "Strictly", "secure": True}),
        (("c", "v"), {"partitioned": True}),
        (("c", "v"), {"max_age": -1}),
        (("c", "v"), {"max_age": 1.5}),
        (("c", "v"), {"max_age": True}),
        (("c", "v"), {"expires": "tomorrow"}),
        (("c", "v"), {"expires": 253402300800}),  # past year 9999
        (("c", "x" * 5000), {}),
        (("c", "v"), {"extensions": {"Path": "/"}}),
        (("c", "v"), {"encoding": "uri"}),
    ],
)
def test_invalid_cookies_raise_naming_the_cookie(args, kwargs):
    response = ApplicationResponse()
    with pytest.raises((ValueError, TypeError)) as caught:
        response.cookies.append(*args, **kwargs)
    if args[0] and " " not in args[0] and "=" not in args[0]:
        assert repr(args[0]) in str(caught.value)
    assert "Set-Cookie" not in response.headers


# --- over a real server --------------------------------------------------------------------


def headers_app(events: list) -> Application:
    app = Application()

    @app.get("/type-override")
    async def type_override(call):
        call.response.header(HttpHeaders.ContentType, "text/csv; charset=ISO-8859-1")
        await call.respond_text("caf\u00e9")

    @app.get("/type-override-bytes")
    async def type_override_bytes(call):
        call.response.header("content-type", "image/png")
        await call.respond_bytes(b"\x89PNG")

    @app.get("/cookies")
    async def cookies(call):
        call.response.cookies.append("a", "1")
        call.response.cookies.append("b", "2", path="/", http_only=True)
        call.response.cookies.append_expired("c")
        await call.respond_text("ok")

    @app.get("/injection")
    async def injection(call):
        call.response.header("X-Evil", "v\r\nSet-Cookie: pwned=1")
        await call.respond_text("unreachable")

    @app.get("/commit")
    async def commit(call):
        events.append(("before", call.response.is_committed, call.response.is_sent))
        await call.respond_text("done")
        events.append(("after", call.response.is_committed, call.response.is_sent))
        try:
            call.response.header("X-Late", "1")
        except ResponseAlreadySentError:
            events.append("late header refused")

    return app


def test_headers_and_cookies_over_uvicorn():
    events: list = []
    with running(headers_app(events)) as client:
        override = client.get("/type-override")
        assert override.headers.get_list("content-type") == ["text/csv; charset=ISO-8859-1"]
        assert override.content == "caf\u00e9".encode("latin-1")
        png = client.get("/type-override-bytes")
        assert png.headers.get_list("content-type") == ["image/png"]

        url = str(client.base_url)
        raw = raw_request(url, b"GET /cookies HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        assert [line for line in head if line.lower().startswith(b"set-cookie:")] == [
            b"set-cookie: a=1",
            b"set-cookie: b=2; Path=/; HttpOnly",
            b"set-cookie: c=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ]

        raw = raw_request(url, b"GET /injection HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert raw.startswith(b"HTTP/1.1 500 ")
        assert b"pwned" not in raw and b"X-Evil" not in raw and b"x-evil" not in raw

        assert client.get("/commit").text == "done"
    assert events == [("before", False, False), ("after", True, True), "late header refused"]


def test_content_type_constant_reaches_the_wire():
    app = Application()

    @app.get("/")
    async def index(call):
        await call.respond_text("{}", ContentType.Application.Json)

    with running(app) as client:
        # A charset is added to text/* only (Ktor 2.3.4+).
        assert client.get("/").headers["content-type"] == "application/json"


# --- property: whatever a handler passes, no header can break the head --------------------

from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=300, deadline=None)
@given(name=st.text(max_size=12), value=st.text(max_size=24))
def test_any_header_is_refused_or_safe(name, value):
    response = ApplicationResponse()
    try:
        response.headers.append(name, value)
    except (InvalidHeaderError, UnsafeHeaderError):
        assert len(response.headers) == 0
        return
    ((raw_name, raw_value),) = response.headers.asgi()
    assert raw_name == name.lower().encode("latin-1")
    assert not any(c < 0x20 and c != 0x09 or c == 0x7F for c in raw_value)
    assert raw_value[:1] not in (b" ", b"\t") and raw_value[-1:] not in (b" ", b"\t")
