"""The fast paths of ``call.response`` give the bytes and errors of the full rules.

Each case would fail if a fast path accepted, refused or spelled a value differently from
the rule it shortcuts: Link targets and relations, entity-tags, tokens, the known-name
header path, lazily built cookies and the cached ``Cache-Control`` text.
"""

from __future__ import annotations

import inspect
from dataclasses import fields

import pytest

from fastresp import _core_py
from fastresp.api import CacheControl, Cookie, CookieEncoding, InvalidHeaderError, ResponseAlreadySentError
from fastresp.app.response import ApplicationResponse
from fastresp.core import render_set_cookie
from fastresp.http._parameters import is_token
from fastresp.http.cookies import COOKIE_ATTRIBUTES, render_cookie
from fastresp.http.links import link_value
from fastresp.http.validators import entity_tag

# --- Link (RFC 8288 §3) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "rel", "expected"),
    [
        ("/style.css", ("stylesheet",), "</style.css>; rel=stylesheet"),
        ("/a", (), "</a>"),
        ("", (), "<>"),
        ("/a", ("preload", "prefetch"), '</a>; rel="preload prefetch"'),
        ("https://x.test/?q=1&r=%20#f", ("next",), "<https://x.test/?q=1&r=%20#f>; rel=next"),
        ("/caf\u00e9", ("x",), "</caf%C3%A9>; rel=x"),
        ("/\u20ac", (), "</%E2%82%AC>"),
        ("/del\x7f", (), "</del%7F>"),
        ("/a", ("!#$%&'()*+-./:<=>?@[]^_`{|}~",), "</a>; rel=!#$%&'()*+-./:<=>?@[]^_`{|}~"),
        ("/a", ("a", "b", "c"), '</a>; rel="a b c"'),
    ],
)
def test_link_values(uri, rel, expected):
    assert link_value(uri, rel) == expected
    assert link_value(uri, rel) == expected  # a second call may come from the cache
    assert link_value(uri, list(rel)) == expected


@pytest.mark.parametrize("uri", ["/a b", "/a<b", "/a>b", "<", ">", "/a\tb", "/a\nb", "\x00", " ", "/a\x1f"])
def test_link_targets_refused(uri):
    with pytest.raises(ValueError) as caught:
        link_value(uri, ("x",))
    assert str(caught.value) == f"link target {uri!r} must be a URI without spaces, '<', '>' or controls"


@pytest.mark.parametrize(
    "relation", ["", "a b", 'a"b', "a\\b", "a;b", "a,b", "a\tb", "a\x00", "a\x7f", "caf\u00e9", "\u212a"]
)
def test_link_relations_refused(relation):
    with pytest.raises(ValueError) as caught:
        link_value("/a", ("ok", relation))
    assert str(caught.value) == f"invalid link relation {relation!r}"


def test_link_target_must_be_str():
    with pytest.raises(ValueError) as caught:
        link_value(b"/a", ())  # type: ignore[arg-type]
    assert str(caught.value) == "link target b'/a' must be a URI without spaces, '<', '>' or controls"


def test_response_link_header():
    response = ApplicationResponse()
    response.link("/style.css", "stylesheet")
    with pytest.raises(ValueError, match="invalid link relation 'a,b'"):
        response.link("/style.css", "a,b")
    assert response.headers.asgi() == [(b"link", b"</style.css>; rel=stylesheet")]


# --- ETag (RFC 9110 §8.8.3) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7c876b7e", '"7c876b7e"'),
        ("", '""'),
        ("W/abc", '"W/abc"'),
        ("100%", '"100%"'),
        ("!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", '"!#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~"'),
        ('""', '""'),
        ('W/""', 'W/""'),
        ('"W/"', '"W/"'),
        ('"abc"', '"abc"'),
        ('W/"abc"', 'W/"abc"'),
        ('"', '"%22"'),
        ('W/"', '"W/%22"'),
        ('"a b"', '"%22a%20b%22"'),
        ('W/"a"b"', '"W/%22a%22b%22"'),
        ('"caf\u00e9"', '"%22caf%C3%A9%22"'),
        ("a\tb", '"a%09b"'),
        ("a\x7fb", '"a%7Fb"'),
        ("\u20ac", '"%E2%82%AC"'),
        ('w/"x"', '"w/%22x%22"'),
    ],
)
def test_entity_tags(value, expected):
    assert entity_tag(value) == expected


def test_entity_tag_must_be_str():
    with pytest.raises(TypeError) as caught:
        entity_tag(b"abc")  # type: ignore[arg-type]
    assert str(caught.value) == "etag must be str, got bytes"


# --- tokens (RFC 9110 §5.6.2) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("text", True),
        ("x-www-form-urlencoded", True),
        ("!#$%&'*+-.^_`|~09AZaz", True),
        ("", False),
        ("a b", False),
        ("text/html", False),
        ("a\n", False),
        ("\na", False),
        ("a;", False),
        ('a"', False),
        ("caf\u00e9", False),
        ("\u212a", False),
        ("a\x7f", False),
        ("(a)", False),
        ("{a}", False),
    ],
)
def test_is_token(text, expected):
    assert is_token(text) is expected


# --- header collection fast path ---------------------------------------------------------


def test_known_name_still_validates_the_value():
    response = ApplicationResponse()
    response.header("X-Known", "1")  # the name is now known
    with pytest.raises(InvalidHeaderError) as first:
        response.header("X-Known", "a\r\nb")
    with pytest.raises(InvalidHeaderError) as second:
        response.header("X-Known", "a\r\nb")
    assert str(first.value) == str(second.value)
    assert "X-Known" in str(first.value)
    with pytest.raises(InvalidHeaderError, match="leading or trailing whitespace"):
        response.header("X-Known", " x")
    with pytest.raises(TypeError, match="header name and value must be str, got str and bytes"):
        response.headers.append("X-Known", b"x")  # type: ignore[arg-type]
    response.header("X-Known", "caf\u00e9")
    assert response.headers.asgi() == [(b"x-known", b"1"), (b"x-known", b"caf\xe9")]
    assert response.headers.all_values() == [("X-Known", "1"), ("X-Known", "caf\u00e9")]


def test_content_type_is_replaced_on_both_paths():
    response = ApplicationResponse()
    for _ in range(3):
        response.header("Content-Type", "text/plain")
        response.header("content-type", "text/html")
    response.header("X-Other", "1")
    assert response.headers.asgi() == [(b"content-type", b"text/html"), (b"x-other", b"1")]
    assert "CONTENT-TYPE" in response.headers and 5 not in response.headers  # type: ignore[operator]


def test_asgi_returns_a_new_list_and_remove_keeps_order():
    response = ApplicationResponse()
    response.header("A", "1")
    response.cookies.append("sid", "x")
    response.header("B", "2")
    pairs = response.headers.asgi()
    pairs.append((b"x", b"y"))
    assert response.headers.asgi() == [(b"a", b"1"), (b"set-cookie", b"sid=x"), (b"b", b"2")]
    response.headers.remove("SET-COOKIE")
    assert response.headers.asgi() == [(b"a", b"1"), (b"b", b"2")]
    assert list(response.headers) == ["A", "B"] and len(response.headers) == 2
    with pytest.raises(UnicodeEncodeError):
        response.headers.remove("\u20ac")


def test_committed_response_refuses_every_path():
    response = ApplicationResponse()
    response.header("X-Known", "1")
    response.is_committed = True
    for call in (
        lambda: response.header("X-Known", "2"),
        lambda: response.header("X-New-Name", "2"),
        lambda: response.cookies.append("sid", "x"),
        lambda: response.cookies.append(Cookie("sid", "x")),
    ):
        with pytest.raises(ResponseAlreadySentError, match="already been sent"):
            call()
    assert response.headers.asgi() == [(b"x-known", b"1")]


# --- cookies --------------------------------------------------------------------------------


def test_cookie_attributes_match_the_core_keywords():
    assert COOKIE_ATTRIBUTES == {item.name for item in fields(Cookie)} - {"name", "value"}
    # ``ResponseCookies.append`` passes its keywords straight to the core: same names, same defaults.
    core = inspect.signature(_core_py.render_set_cookie).parameters
    assert COOKIE_ATTRIBUTES == set(core) - {"name", "value"}
    for item in fields(Cookie):
        if item.name in COOKIE_ATTRIBUTES - {"encoding", "extensions"}:
            assert core[item.name].default == item.default, item.name
    assert core["encoding"].default == CookieEncoding.URI_ENCODING.value
    assert core["extensions"].default is None
    cookie = Cookie("a", "b c", encoding=CookieEncoding.DQUOTES, extensions={"Foo": None}, max_age=5)
    attributes = {"encoding": CookieEncoding.DQUOTES, "extensions": {"Foo": None}, "max_age": 5}
    assert render_cookie("a", "b c", attributes) == cookie.render() == b'a="b c"; Max-Age=5; Foo'
    assert render_set_cookie("a", "b") == Cookie("a", "b").render()


def test_cookies_appended_by_name_are_built_on_demand():
    response = ApplicationResponse()
    response.cookies.append("session", "abc123", path="/", secure=True, http_only=True, same_site="Lax")
    response.cookies.append("theme", "dark", max_age=3600, extensions=None)
    response.cookies.append("raw", '"x"', encoding=CookieEncoding.RAW, extensions={"Priority": "High"})
    assert response.headers.values("Set-Cookie") == [
        "session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax",
        "theme=dark; Max-Age=3600",
        'raw="x"; Priority=High',
    ]
    session = response.cookies.get("session")
    assert session == Cookie("session", "abc123", path="/", secure=True, http_only=True, same_site="Lax")
    assert response.cookies.get("session") is session
    assert response.cookies.get("theme") == Cookie("theme", "dark", max_age=3600)
    assert response.cookies.get("missing") is None
    assert list(response.cookies) == [
        session,
        Cookie("theme", "dark", max_age=3600),
        Cookie("raw", '"x"', encoding=CookieEncoding.RAW, extensions={"Priority": "High"}),
    ]
    assert len(response.cookies) == 3


def test_cookie_errors_are_unchanged():
    response = ApplicationResponse()
    with pytest.raises(TypeError) as caught:
        response.cookies.append("a", "b", bogus=1)  # type: ignore[call-overload]
    assert "unexpected keyword argument 'bogus'" in str(caught.value)
    assert "Cookie.__init__()" in str(caught.value)
    with pytest.raises(TypeError) as caught:
        response.cookies.append("a", "b", name="c")  # type: ignore[call-overload]
    assert "multiple values for argument 'name'" in str(caught.value)
    with pytest.raises(TypeError) as caught:
        response.cookies.append("a", "b", encoding="uri")  # type: ignore[arg-type]
    assert str(caught.value) == "cookie 'a': encoding must be a CookieEncoding, got 'uri'"
    with pytest.raises(TypeError) as caught:
        response.cookies.append("a", "b", max_age="1")  # type: ignore[arg-type]
    assert caught.value.__context__ is None
    with pytest.raises(TypeError) as direct:
        Cookie("a", "b", max_age="1").render()  # type: ignore[arg-type]
    assert str(caught.value) == str(direct.value)
    with pytest.raises(ValueError, match="SameSite=None requires secure=True"):
        response.cookies.append("a", "b", same_site="None")
    assert len(response.cookies) == 0 and len(response.headers) == 0


# --- Cache-Control ------------------------------------------------------------------------------


def test_cache_control_text_is_stable():
    value = CacheControl.MaxAge(3600, visibility=CacheControl.Visibility.Public)
    text = str(value)
    assert text == "max-age=3600, public"
    assert str(value) is text  # built once
    assert value == CacheControl.MaxAge(3600, visibility=CacheControl.Visibility.Public)
    assert hash(value) == hash(CacheControl.MaxAge(3600, visibility=CacheControl.Visibility.Public))
    assert value != CacheControl.MaxAge(60)
    assert repr(CacheControl.NoStore()) == "<NoStore 'no-store'>"
    response = ApplicationResponse()
    response.cache_control(value)
    response.cache_control(value)
    assert response.headers.asgi() == [(b"cache-control", b"max-age=3600, public")] * 2
