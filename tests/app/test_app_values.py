"""Value types: HttpStatusCode, ContentType, ContentDisposition, HttpHeaders, CacheControl, Cookie."""

from __future__ import annotations

import pytest

from fastresp.api import (
    BadContentTypeFormatError,
    CacheControl,
    ContentDisposition,
    ContentType,
    Cookie,
    CookieEncoding,
    HttpHeaders,
    HttpStatusCode,
)

IANA = [
    100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305,
    307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417,
    421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]


def test_status_codes():
    assert {code.value for code in HttpStatusCode.all_status_codes()} >= set(IANA) | {418}
    assert HttpStatusCode.OK.value == 200 and HttpStatusCode.OK.description == "OK"
    assert HttpStatusCode.NotFound == HttpStatusCode(404, "Nope")
    assert hash(HttpStatusCode.NotFound) == hash(HttpStatusCode(404, "x"))
    assert len({HttpStatusCode.OK, HttpStatusCode(200, "Fine")}) == 1
    assert HttpStatusCode.from_value(404) is HttpStatusCode.NotFound
    assert HttpStatusCode.from_value(299) == HttpStatusCode(299, "Unknown Status Code")
    teapot = HttpStatusCode(418, "I'm a tea pot")
    assert str(teapot) == "418 I'm a tea pot"
    assert teapot.with_description("Short").description == "Short"
    assert HttpStatusCode.Created.is_success() and not HttpStatusCode.Found.is_success()
    names = {
        "MovedPermanently": 301, "Found": 302, "NotModified": 304, "PartialContent": 206,
        "MethodNotAllowed": 405, "NotAcceptable": 406, "ImATeapot": 418, "MisdirectedRequest": 421,
        "TooEarly": 425, "PreconditionRequired": 428, "UnavailableForLegalReasons": 451,
        "NetworkAuthenticationRequired": 511, "SwitchProxy": 306, "VersionNotSupported": 505,
        "RequestHeaderFieldTooLarge": 431, "NoContent": 204, "Created": 201,
    }
    for name, value in names.items():
        assert getattr(HttpStatusCode, name).value == value
    for bad in (99, 1000, 0, -1):
        with pytest.raises(ValueError):
            HttpStatusCode(bad, "x")
    for bad in ("200", 200.0, True, None):
        with pytest.raises(TypeError):
            HttpStatusCode(bad, "x")


def test_content_types():
    assert str(ContentType.Text.Plain) == "text/plain"
    assert str(ContentType.Text.Html.with_charset("UTF-8")) == "text/html; charset=UTF-8"
    assert str(ContentType.Application.Json) == "application/json"
    assert str(ContentType.Application.OctetStream) == "application/octet-stream"
    assert str(ContentType.Text.CSS) == "text/css"
    parsed = ContentType.parse('Text/HTML; Charset="utf-8"; q=x')
    assert parsed == ContentType("text", "html", [("charset", "utf-8"), ("q", "x")])
    assert parsed.charset() == "utf-8"
    assert ContentType.parse("") == ContentType.Any
    assert ContentType.Text.Plain.match("text/*") and ContentType.Text.Plain.match(ContentType.Any)
    assert not ContentType.Text.Plain.match("image/*")
    assert ContentType.Text.Plain.with_charset("UTF-8").match("text/plain; charset=utf-8")
    assert not ContentType.Text.Plain.match("text/plain; charset=utf-8")
    assert str(ContentType.Text.Plain.with_charset("a").with_charset("b")) == "text/plain; charset=b"
    assert str(ContentType("a", "b", [("p", "x y")])) == 'a/b; p="x y"'
    assert ContentType.default_for_file("x.JSON") == ContentType.Application.Json
    assert str(ContentType.default_for_file("a.svg")) == "image/svg+xml; charset=UTF-8"
    assert str(ContentType.default_for_file("a.tar.gz")) == "application/gzip"
    for bad in ("text", "a b/c", "text/plain; charset", "a/b; p=\"x", "*/html", "a/b\r\nX: y"):
        with pytest.raises(BadContentTypeFormatError):
            ContentType.parse(bad)
    with pytest.raises(BadContentTypeFormatError):
        ContentType.Text.Plain.with_parameter("p", "a\r\nb")


def test_content_disposition():
    attachment = ContentDisposition.Attachment.with_parameter(ContentDisposition.Parameters.FileName, "ktor_logo.png")
    assert str(attachment) == "attachment; filename=ktor_logo.png"
    assert str(ContentDisposition.Inline.with_parameter("filename", "a b.txt")) == 'inline; filename="a b.txt"'
    assert str(ContentDisposition.Attachment.with_parameter("filename", 'q"b\\.txt')) == (
        'attachment; filename="q\\"b\\\\.txt"'
    )
    assert str(ContentDisposition.Attachment.with_parameter("filename", "r\u00e9sum\u00e9 \u20ac.pdf")) == (
        "attachment; filename=\"resume _.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E2%82%AC.pdf"
    )
    assert str(ContentDisposition.Attachment.with_parameter(ContentDisposition.Parameters.FileNameAsterisk, "a.txt")) == (
        "attachment; filename*=UTF-8''a.txt"
    )
    with pytest.raises(ValueError):
        ContentDisposition.Attachment.with_parameter("filename", "a\r\nb")
    assert ContentDisposition.parse('attachment; filename="a b"').parameter("filename") == "a b"


def test_headers_and_misc():
    assert HttpHeaders.ETag == "ETag"
    assert HttpHeaders.ContentDisposition == "Content-Disposition"
    assert HttpHeaders.Location == "Location"
    assert HttpHeaders.is_unsafe("content-length") and not HttpHeaders.is_unsafe("Content-Type")
    assert str(CacheControl.MaxAge(10)) == "max-age=10"
    assert CacheControl.NoCache(None) == CacheControl.NoCache()
    assert [e.name for e in CookieEncoding] == ["RAW", "DQUOTES", "URI_ENCODING", "BASE64_ENCODING"]
    assert Cookie("a", "b c").render() == b"a=b%20c"
    with pytest.raises(TypeError):
        Cookie("a", "b", encoding="uri").render()


def test_public_names_are_documented():
    import inspect

    from fastresp import api

    for name in api.__all__:
        value = getattr(api, name)
        assert inspect.getdoc(value), f"{name} has no docstring"
        if inspect.isclass(value):
            for member_name, member in vars(value).items():
                if member_name.startswith("_") or not callable(member):
                    continue
                assert inspect.getdoc(member), f"{name}.{member_name} has no docstring"


def test_cookies_are_hashable_values():
    assert Cookie("a", "b", extensions={"Priority": "High"}) == Cookie("a", "b", extensions={"Priority": "High"})
    assert len({Cookie("a", "b"), Cookie("a", "b")}) == 1
