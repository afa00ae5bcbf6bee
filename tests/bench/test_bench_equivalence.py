"""The pre-timing check: equivalent responses pass, any difference that matters is named."""

from __future__ import annotations

import gzip

from bench.suite.apps import common
from bench.suite.equivalence import Response, parse_cookie, problems
from bench.suite.scenarios import SCENARIOS

PLAINTEXT = SCENARIOS["plaintext"]
HEADERS = SCENARIOS["headers"]


def plain(content_type="text/plain; charset=utf-8", body=b"Hello, world!", extra=()):
    """A plaintext response as a server would send it, Date and Server included."""
    headers = [
        ("date", "Sat, 21 Nov 2026 20:00:00 GMT"),
        ("server", "x"),
        ("content-type", content_type),
        ("content-length", str(len(body))),
        *extra,
    ]
    return Response(200, headers, body)


def test_equivalent_plaintext_passes_whatever_date_server_and_charset_case():
    assert problems(PLAINTEXT, plain()) == []
    assert problems(PLAINTEXT, plain("text/plain; charset=UTF-8")) == []


def test_differences_that_matter_are_reported():
    assert problems(PLAINTEXT, Response(404, plain().headers, b"Hello, world!"))[0].startswith("status 404")
    found = problems(PLAINTEXT, plain("text/html; charset=utf-8"))
    assert found and found[0].startswith("content-type")
    found = problems(PLAINTEXT, plain(body=b"Hello, world?"))
    assert found == ["body differs (13 bytes, expected 13): b'Hello, world?'"]


def test_chunked_where_a_length_is_expected_is_a_difference():
    response = Response(
        200,
        [
            ("content-type", "text/plain; charset=utf-8"),
            ("content-length", "13"),
            ("transfer-encoding", "chunked"),
        ],
        b"Hello, world!",
    )
    assert any(item.startswith("framing chunked") for item in problems(PLAINTEXT, response))


def _headers_response(cookies):
    extra = [*common.HEADERS, *(("set-cookie", line) for line in cookies)]
    return plain(extra=extra)


def test_cookies_compare_by_attributes_not_spelling():
    # Starlette's spelling: other order, lowercase samesite value.
    starlette_style = [
        "theme=dark; HttpOnly; Max-Age=3600; Path=/; SameSite=lax; Secure",
        "session=abc123; HttpOnly; Path=/; SameSite=lax; Secure",
    ]
    assert problems(HEADERS, _headers_response(starlette_style)) == []


def test_a_missing_cookie_attribute_is_a_difference():
    lines = ["session=abc123; Path=/; Secure; SameSite=Lax", common.SET_COOKIES[1]]
    found = problems(HEADERS, _headers_response(lines))
    assert len(found) == 1 and found[0].startswith("set-cookie")


def test_parse_cookie():
    assert parse_cookie("a=b; Path=/; SameSite=Strict; Secure") == (
        "a",
        "b",
        frozenset({("path", "/"), ("samesite", "strict"), ("secure", "")}),
    )


def test_gzip_bodies_are_compared_decompressed():
    scenario = SCENARIOS["gzip"]
    body = gzip.compress(scenario.expected.body, compresslevel=1)
    response = Response(
        200,
        [
            ("content-type", "application/json"),
            ("content-encoding", "gzip"),
            ("vary", "Accept-Encoding"),
            ("content-length", str(len(body))),
        ],
        body,
    )
    assert problems(scenario, response) == []
    wrong = Response(200, response.headers, gzip.compress(b"[]"))
    assert any(item.startswith("body differs") for item in problems(scenario, wrong))
    garbage = Response(200, response.headers, b"not gzip")
    assert any("does not decode" in item for item in problems(scenario, garbage))


def test_not_modified_must_be_bodyless_with_the_etag():
    scenario = SCENARIOS["not-modified"]
    assert problems(scenario, Response(304, [("etag", common.ETAG)], b"")) == []
    found = problems(
        scenario, Response(200, [("etag", common.ETAG), ("content-length", "13")], b"Hello, world!")
    )
    assert found[0] == "status 200, expected 304"
