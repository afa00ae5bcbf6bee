"""ConditionalHeaders: 304/412 in RFC 9110 §13.2.2 order, versions from every source, bad validators."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from plugin_support import Recorder, header_map, raw_request, run, running

from fastresp.api import (
    Application,
    CacheControl,
    ConditionalHeaders,
    EntityTagVersion,
    Jinja2,
    LastModifiedVersion,
)
from fastresp.app.contents import TextContent
from fastresp.core import http_date
from fastresp.http import validators
from fastresp.http.content_type import ContentType
from fastresp.http.validators import entity_tags_match, parse_entity_tag, parse_entity_tags, parse_http_date

MODIFIED = 784111777  # Sun, 06 Nov 1994 08:49:37 GMT
MODIFIED_TEXT = "Sun, 06 Nov 1994 08:49:37 GMT"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("conditional")
    (root / "page.txt").write_text("file body\n")
    os.utime(root / "page.txt", (MODIFIED + 0.9, MODIFIED + 0.9))  # sub-second part must not matter
    (root / "hello.html.j2").write_text("<p>{{ name }}</p>")
    return root


def make_app(site) -> tuple[Application, ConditionalHeaders]:
    app = Application()
    conditional = app.install(ConditionalHeaders)
    app.install(Jinja2, directory=site)

    @app.route("/etag", methods=["GET", "HEAD", "POST", "PUT"])
    async def etag(call):
        call.response.etag("v1")
        call.response.cache_control(CacheControl.MaxAge(60))
        call.response.header("Vary", "Accept")
        call.response.expires(MODIFIED + 3600)
        call.response.header("Set-Cookie", "a=b")
        await call.respond_text("entity body")

    @app.get("/weak")
    async def weak(call):
        call.response.etag('W/"w1"')
        await call.respond_text("weak body")

    @app.get("/modified")
    async def modified(call):
        call.response.last_modified(MODIFIED)
        await call.respond_text("dated body")

    @app.get("/file")
    async def file(call):
        await call.respond_file(site / "page.txt")

    @app.get("/template")
    async def template(call):
        await call.respond_template("hello.html.j2", {"name": "x"}, etag="tpl-7")

    @app.get("/provided")
    async def provided(call):
        await call.respond_text("provided body")

    @app.get("/missing")
    async def missing(call):
        call.response.etag("v1")
        await call.respond_text("gone", status=404)

    @conditional.version
    def versions(call, content):
        if call.request.path == "/provided":
            return [EntityTagVersion("p1"), LastModifiedVersion(datetime(1994, 11, 6, 8, 49, 37))]
        return None  # no versions for the other routes

    return app, conditional


@pytest.fixture(scope="module")
def app(site):
    return make_app(site)[0]


async def status_of(app, path, method="GET", **headers):
    recorder = await run(app, method, path, {k.replace("_", "-"): v for k, v in headers.items()})
    return recorder.start["status"], header_map(recorder), recorder.body


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("if_none_match", "status"),
    [
        ('"v1"', 304),
        ('"x", "v1"', 304),
        ('W/"v1"', 304),  # weak comparison (§13.1.2)
        ("*", 304),
        ('"x", "y"', 200),
        ('"x",,  ,"v1"', 304),  # empty list elements are skipped
        ("v1", 200),  # unquoted: malformed, ignored
        ('"v1', 200),
        ('"v1" "v2"', 200),
        ("", 200),
        ('"\x00"', 200),
    ],
)
async def test_if_none_match(app, if_none_match, status):
    code, _, body = await status_of(app, "/etag", if_none_match=if_none_match)
    assert code == status
    assert (body == b"") == (status == 304)


@pytest.mark.anyio
async def test_if_none_match_on_unsafe_method_is_412(app):
    assert (await status_of(app, "/etag", "POST", if_none_match='"v1"'))[0] == 412
    assert (await status_of(app, "/etag", "HEAD", if_none_match='"v1"'))[0] == 304


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "if_match", "status"),
    [
        ("/etag", '"v1"', 200),
        ("/etag", '"x", "v1"', 200),
        ("/etag", "*", 200),
        ("/etag", '"x"', 412),
        ("/etag", 'W/"v1"', 412),  # strong comparison
        ("/weak", 'W/"w1"', 412),
        ("/weak", '"w1"', 412),
        ("/etag", "garbage", 412),  # malformed: fails safe
        ("/modified", '"anything"', 412),  # no entity-tag at all
    ],
)
async def test_if_match(app, path, if_match, status):
    assert (await status_of(app, path, "PUT" if path == "/etag" else "GET", if_match=if_match))[0] == status


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("since", "status"),
    [
        (MODIFIED_TEXT, 304),
        ("Sun, 06 Nov 1994 08:49:38 GMT", 304),
        ("Sun, 06 Nov 1994 08:49:36 GMT", 200),
        ("Sunday, 06-Nov-94 08:49:37 GMT", 304),  # rfc850
        ("Sun Nov  6 08:49:37 1994", 304),  # asctime
        ("Sun, 06 Nov 1994 08:49:37 UTC", 200),  # invalid: ignored
        ("sun, 06 nov 1994 08:49:37 gmt", 200),
        ("Sun, 31 Feb 1994 08:49:37 GMT", 200),
        ("Sun, 06 Nov 1994 24:00:00 GMT", 200),
        ("Sun,  06 Nov 1994 08:49:37 GMT", 200),
        ("784111777", 200),
        ("", 200),
        ("x" * 5000, 200),
    ],
)
async def test_if_modified_since(app, since, status):
    assert (await status_of(app, "/modified", if_modified_since=since))[0] == status


@pytest.mark.anyio
async def test_if_none_match_takes_precedence_over_if_modified_since(app):
    # Step 3 before step 4: a non-matching If-None-Match ignores If-Modified-Since.
    assert (await status_of(app, "/etag", if_none_match='"other"', if_modified_since=MODIFIED_TEXT))[0] == 200


@pytest.mark.anyio
async def test_if_unmodified_since(app):
    assert (await status_of(app, "/modified", if_unmodified_since="Sun, 06 Nov 1994 08:49:36 GMT"))[0] == 412
    assert (await status_of(app, "/modified", if_unmodified_since=MODIFIED_TEXT))[0] == 200
    assert (await status_of(app, "/modified", if_unmodified_since="not a date"))[0] == 200
    # With If-Match present, If-Unmodified-Since is not evaluated (step 2).
    code = (
        await status_of(
            app, "/etag", "PUT", if_match='"v1"', if_unmodified_since="Sun, 06 Nov 1990 08:49:36 GMT"
        )
    )[0]
    assert code == 200


@pytest.mark.anyio
async def test_if_modified_since_ignored_for_post(app):
    assert (await status_of(app, "/etag", "POST", if_modified_since="Sun, 06 Nov 2094 08:49:37 GMT"))[
        0
    ] == 200


@pytest.mark.anyio
async def test_file_versions_are_strong_and_second_precise(app, site):
    code, headers, _ = await status_of(app, "/file")
    info = os.stat(site / "page.txt")
    assert code == 200
    assert headers["etag"] == [f'"{info.st_size:x}-{int(info.st_mtime * 1e9):x}"']
    assert headers["last-modified"] == [MODIFIED_TEXT]
    assert (await status_of(app, "/file", if_none_match=headers["etag"][0]))[0] == 304
    assert (await status_of(app, "/file", if_modified_since=MODIFIED_TEXT))[0] == 304
    assert (await status_of(app, "/file", if_match=headers["etag"][0]))[0] == 200


@pytest.mark.anyio
async def test_template_and_provider_versions(app):
    code, headers, _ = await status_of(app, "/template")
    assert code == 200 and headers["etag"] == ['"tpl-7"']
    assert (await status_of(app, "/template", if_none_match='"tpl-7"'))[0] == 304
    code, headers, _ = await status_of(app, "/provided")
    assert code == 200 and headers["etag"] == ['"p1"'] and headers["last-modified"] == [MODIFIED_TEXT]
    assert (await status_of(app, "/provided", if_none_match='"p1"'))[0] == 304
    assert (await status_of(app, "/provided", if_modified_since=MODIFIED_TEXT))[0] == 304


@pytest.mark.anyio
async def test_non_2xx_responses_ignore_preconditions(app):
    assert (await status_of(app, "/missing", if_none_match='"v1"'))[0] == 404
    assert (await status_of(app, "/missing", if_match='"nope"'))[0] == 404


@pytest.mark.anyio
async def test_without_the_plugin_no_304(site):
    app = Application()

    @app.get("/")
    async def index(call):
        call.response.etag("v1")
        await call.respond_text("x")

    assert (await status_of(app, "/", if_none_match='"v1"'))[0] == 200


@pytest.mark.anyio
async def test_304_headers(app):
    code, headers, body = await status_of(app, "/etag", if_none_match='"v1"')
    assert code == 304 and body == b""
    assert headers["etag"] == ['"v1"']
    assert headers["cache-control"] == ["max-age=60"]
    assert headers["vary"] == ["Accept"]
    assert headers["expires"] == [http_date(MODIFIED + 3600).decode()]
    assert headers["set-cookie"] == ["a=b"]
    assert "content-type" not in headers and "content-length" not in headers


def test_304_over_uvicorn_has_no_body_and_keeps_validators(site):
    app = make_app(site)[0]
    with running(app) as client:
        raw = raw_request(
            str(client.base_url),
            b"GET /file HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: "
            + MODIFIED_TEXT.encode()
            + b"\r\nConnection: close\r\n\r\n",
        )
        response = client.get("/etag", headers={"If-None-Match": '"v1"'})
        assert response.status_code == 304 and response.content == b""
        assert client.put("/etag", headers={"If-Match": '"v0"'}).status_code == 412
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 304 Not Modified\r\n")
    assert body == b""  # nothing after the head: no body, no chunk framing
    lower = head.lower()
    assert b"\r\nlast-modified: " + MODIFIED_TEXT.lower().encode() in lower
    assert b"\r\netag: " in lower
    assert b"content-length" not in lower and b"transfer-encoding" not in lower


def test_parse_http_date_forms():
    assert parse_http_date(MODIFIED_TEXT) == MODIFIED
    assert parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == MODIFIED
    assert parse_http_date("Sun Nov  6 08:49:37 1994") == MODIFIED
    assert parse_http_date("Sun Nov 06 08:49:37 1994") == MODIFIED
    assert parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT") == parse_http_date(
        "Sat, 31 Dec 2016 23:59:59 GMT"
    )
    for bad in (
        None,
        "",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:60:37 GMT",
        "Sun, 29 Feb 1900 00:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sun, \xb2\xb3 Nov 1994 08:49:37 GMT",
    ):
        assert parse_http_date(bad) is None, bad


def test_parse_rfc850_two_digit_year_window():
    this_year = datetime.now(timezone.utc).year
    future = (this_year + 60) % 100
    parsed = parse_http_date(f"Monday, 01-Jan-{future:02d} 00:00:00 GMT")
    assert datetime.fromtimestamp(parsed, timezone.utc).year <= this_year


def test_parse_entity_tags_linear_and_strict():
    many = ", ".join(f'"t{i}"' for i in range(20000))
    assert len(parse_entity_tags(many)) == 20000
    assert parse_entity_tags('"a", b') is None
    assert parse_entity_tags(" * ") == "*"
    assert parse_entity_tags('"a", *') is None


def _listed(field, etag, strong):
    """``entity_tags_match`` by the letter of §13.1.1/§13.1.2: parse the whole field, then compare."""
    tags = parse_entity_tags(field)
    if tags is None or tags == "*":
        return None if tags is None else True
    if etag is None:
        return False
    return any(tag.strong_match(etag) if strong else tag.weak_match(etag) for tag in tags)


_TAG_TEXT = st.sampled_from(['"v1"', 'W/"v1"', '"v2"', 'W/"v2"', '""', '"a,b"', "*", "v1", '"v1'])


@given(
    field=st.lists(_TAG_TEXT, max_size=3).map(", ".join) | _TAG_TEXT,
    etag=st.none() | _TAG_TEXT.map(parse_entity_tag),
    strong=st.booleans(),
)
def test_entity_tags_match_is_the_full_comparison(field, etag, strong):
    """The single-tag shortcut answers exactly as parsing the field and comparing every tag."""
    assert entity_tags_match(field, etag, strong) == _listed(field, etag, strong)


def test_entity_tags_match_shortcut_cases():
    """The field equal to the response's opaque-tag: weak comparison matches, strong needs a strong tag."""
    strong_tag, weak_tag = parse_entity_tag('"v1"'), parse_entity_tag('W/"v1"')
    assert entity_tags_match('"v1"', weak_tag, strong=False) is True
    assert entity_tags_match('"v1"', weak_tag, strong=True) is False
    assert entity_tags_match('"v1"', strong_tag, strong=True) is True
    assert entity_tags_match('W/"v1"', strong_tag, strong=True) is False
    assert entity_tags_match("v1", strong_tag, strong=False) is None


def test_parsed_validators_are_kept_within_bounds():
    """Repeated values are parsed once; the memos never hold more than their size, nor long values."""
    memos = (validators._kept_entity_tag, validators._kept_http_date, validators._kept_written_tag)
    for memo in memos:
        memo.cache_clear()
    tag = parse_entity_tag('"memo-1"')
    assert parse_entity_tag('"memo-1"') is tag and validators._kept_entity_tag.cache_info().hits == 1
    written = validators.entity_tag("memo-1")
    assert validators.entity_tag("memo-1") is written == '"memo-1"'
    assert validators._kept_written_tag.cache_info().hits == 1
    for index in range(3 * validators._MEMO_SIZE):
        parse_entity_tag(f'"t{index}"')
        parse_http_date(http_date(MODIFIED + index).decode())
        validators.entity_tag(f"t{index}")
    for memo in memos:
        assert memo.cache_info().currsize == validators._MEMO_SIZE
    long_tag = '"' + "x" * validators._MEMO_LENGTH + '"'
    misses = validators._kept_entity_tag.cache_info().misses
    assert parse_entity_tag(long_tag) is not None
    assert validators._kept_entity_tag.cache_info().misses == misses  # never looked up, never kept


def test_rfc850_dates_are_read_again_each_time(monkeypatch):
    """A two-digit year is relative to today (§5.6.7), so an rfc850 date is never taken from the memo."""
    value = "Monday, 01-Jan-80 00:00:00 GMT"
    today_reading = parse_http_date(value)
    real_gmtime = validators.time.gmtime
    a_century_on = MODIFIED + 100 * 365 * 86400
    monkeypatch.setattr(validators.time, "gmtime", lambda: real_gmtime(a_century_on))
    assert datetime.fromtimestamp(today_reading, timezone.utc).year == 1980
    assert datetime.fromtimestamp(parse_http_date(value), timezone.utc).year == 2080


@pytest.mark.anyio
async def test_request_fields_found_in_any_case_first_value_wins(app):
    """Conditional fields are read in one pass of the raw headers: any case, the first of repeats."""
    recorder = Recorder()
    headers = [(b"If-None-Match", b'"v1"'), (b"if-none-match", b'"other"'), (b"IF-MATCH", b'"x"')]
    await app(recorder.scope("GET", "/etag", headers), recorder.receive, recorder.send)
    assert recorder.start["status"] == 412  # If-Match '"x"' fails first (step 1)
    recorder = Recorder()
    await app(recorder.scope("GET", "/etag", headers[:2]), recorder.receive, recorder.send)
    assert recorder.start["status"] == 304


@pytest.mark.anyio
async def test_304_drops_representation_metadata_from_either_source():
    """Content-Language and Content-Disposition set by the handler or the content do not reach a 304."""
    app = Application()
    app.install(ConditionalHeaders)

    @app.get("/")
    async def index(call):
        call.response.etag("v1")
        call.response.header("Content-Language", "en")
        call.response.header("Cache-Control", "no-cache")
        content = TextContent("x", ContentType.Text.Plain)
        content.headers.append("Content-Disposition", "inline")
        await call.respond(content)

    code, headers, _ = await status_of(app, "/", if_none_match='"v1"')
    assert code == 304 and headers["cache-control"] == ["no-cache"] and headers["etag"] == ['"v1"']
    assert "content-language" not in headers and "content-disposition" not in headers
    code, headers, _ = await status_of(app, "/")
    assert (
        code == 200 and headers["content-language"] == ["en"] and headers["content-disposition"] == ["inline"]
    )
