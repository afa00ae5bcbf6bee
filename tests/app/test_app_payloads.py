"""call.respond*: text, bytes, generic respond, HTML DSL, redirects, reason phrases."""

from __future__ import annotations

import pytest
from app_support import running

from fastresp.api import (
    Application,
    ByteArrayContent,
    ContentType,
    HttpStatusCode,
    TextContent,
)
from fastresp.app.html import HTML, escape, render_page


class Markup:
    def __init__(self, text):
        self.text = text

    def __html__(self):
        return self.text


def payload_app() -> Application:
    app = Application()

    @app.get("/text")
    async def text(call):
        await call.respond_text("h\u00e9llo")

    @app.get("/text/csv")
    async def text_csv(call):
        await call.respond_text("a,b", ContentType.Text.CSV, HttpStatusCode.Created)

    @app.get("/text/latin1")
    async def text_latin1(call):
        await call.respond_text("caf\u00e9", ContentType.Text.Plain.with_charset("ISO-8859-1"))

    @app.get("/text/status-int")
    async def text_status_int(call):
        await call.respond_text("gone", status=410)

    @app.get("/text/kept-status")
    async def kept_status(call):
        call.response.status(HttpStatusCode.Accepted)
        await call.respond_text("accepted")

    @app.get("/bytes")
    async def raw(call):
        await call.respond_bytes(b"\x00\x01", ContentType.Image.PNG, HttpStatusCode.PartialContent)

    @app.get("/respond/str")
    async def respond_str(call):
        await call.respond("plain")

    @app.get("/respond/bytes")
    async def respond_bytes(call):
        await call.respond(b"\xff")

    @app.get("/respond/status")
    async def respond_status(call):
        await call.respond(HttpStatusCode.NoContent)

    @app.get("/respond/content")
    async def respond_content(call):
        await call.respond(ByteArrayContent(b"<x/>", ContentType.Application.Xml))

    @app.get("/respond/with-status")
    async def respond_with_status(call):
        await call.respond("created", status=HttpStatusCode.Created)

    @app.get("/html/dsl")
    async def html_dsl(call):
        def page(h):
            h.html(lang="en")
            with h.head():
                h.title("<Ktor & co>")
                h.meta(charset="utf-8")
            with h.body(class_="main", data_id="1"):
                with h.div(id="x"):
                    h.p("it's \"quoted\"")
                    h.text("<script>alert(1)</script>")
                    h.raw("<b>bold</b>")
                h.input(type="checkbox", checked=True, disabled=False)

        await call.respond_html(page, status=HttpStatusCode.Created)

    @app.get("/html/str")
    async def html_str(call):
        await call.respond_html("<p>hi</p>")

    @app.get("/html/markup")
    async def html_markup(call):
        await call.respond_html(Markup("<!doctype html><p>m</p>"))

    @app.get("/redirect")
    async def redirect(call):
        await call.respond_redirect("/target")

    @app.get("/redirect/unicode")
    async def redirect_unicode(call):
        await call.respond_redirect("/caf\u00e9 x?q=\u00fc#frag")

    @app.get("/redirect/backslash")
    async def redirect_backslash(call):
        await call.respond_redirect("/\\evil.com")

    @app.get("/redirect/crlf")
    async def redirect_crlf(call):
        try:
            await call.respond_redirect("/ok\r\nSet-Cookie: pwned=1")
        except ValueError as error:
            await call.respond_text(f"refused: {type(error).__name__}", status=HttpStatusCode.BadRequest)

    return app


@pytest.fixture(scope="module")
def client():
    with running(payload_app()) as client:
        yield client


def test_respond_text_variants(client):
    text = client.get("/text")
    assert text.headers["content-type"] == "text/plain; charset=UTF-8"
    assert text.content == "h\u00e9llo".encode()
    assert text.headers["content-length"] == str(len("h\u00e9llo".encode()))
    csv = client.get("/text/csv")
    assert (csv.status_code, csv.headers["content-type"]) == (201, "text/csv; charset=UTF-8")
    latin = client.get("/text/latin1")
    assert latin.headers["content-type"] == "text/plain; charset=ISO-8859-1"
    assert latin.content == b"caf\xe9"
    assert client.get("/text/status-int").status_code == 410
    assert client.get("/text/kept-status").status_code == 202


def test_respond_bytes(client):
    response = client.get("/bytes")
    assert (response.status_code, response.headers["content-type"]) == (206, "image/png")
    assert response.content == b"\x00\x01"


def test_generic_respond(client):
    assert client.get("/respond/str").headers["content-type"] == "text/plain; charset=UTF-8"
    raw = client.get("/respond/bytes")
    assert (raw.headers["content-type"], raw.content) == ("application/octet-stream", b"\xff")
    no_content = client.get("/respond/status")
    assert no_content.status_code == 204
    assert "content-length" not in no_content.headers  # RFC 9110 §8.6: never on a 204
    content = client.get("/respond/content")
    assert (content.headers["content-type"], content.text) == ("application/xml", "<x/>")
    created = client.get("/respond/with-status")
    assert (created.status_code, created.text) == (201, "created")


def test_respond_html_dsl(client):
    response = client.get("/html/dsl")
    assert response.status_code == 201
    assert response.headers["content-type"] == "text/html; charset=UTF-8"
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.text == (
        '<!DOCTYPE html>\n<html lang="en"><head><title>&lt;Ktor &amp; co&gt;</title>'
        '<meta charset="utf-8"></head><body class="main" data-id="1"><div id="x">'
        "<p>it&#39;s &quot;quoted&quot;</p>&lt;script&gt;alert(1)&lt;/script&gt;<b>bold</b></div>"
        '<input type="checkbox" checked></body></html>\n'
    )


def test_respond_html_str_and_markup(client):
    assert client.get("/html/str").text == "<!DOCTYPE html>\n<p>hi</p>"
    assert client.get("/html/markup").text == "<!doctype html><p>m</p>"


def test_html_dsl_errors():
    with pytest.raises(ValueError):
        render_page(lambda h: h.br("text"))
    with pytest.raises(ValueError):

        def page(h):
            with h.img():
                pass

        render_page(page)
    with pytest.raises(ValueError):
        render_page(lambda h: h.div(**{"on click": "x"}))
    with pytest.raises(TypeError):
        render_page(42)

    async def async_page(h):
        h.p("x")

    with pytest.raises(TypeError, match="plain def"):
        render_page(async_page)
    assert escape("&<>\"'") == "&amp;&lt;&gt;&quot;&#39;"
    builder = HTML()
    builder.tag("custom-el", "x")
    assert "<custom-el>x</custom-el>" in builder.render()


def test_redirects(client):
    found = client.get("/redirect")
    assert (found.status_code, found.headers["location"], found.content) == (302, "/target", b"")
    assert found.headers["content-length"] == "0"
    unicode = client.get("/redirect/unicode")
    assert unicode.headers["location"] == "/caf%C3%A9%20x?q=%C3%BC#frag"
    assert client.get("/redirect/backslash").headers["location"] == "/%5Cevil.com"
    refused = client.get("/redirect/crlf")
    assert (refused.status_code, refused.text) == (400, "refused: ValueError")
    assert "set-cookie" not in refused.headers


# --- reason phrases through the ASGI extension -------------------------------------------------


def teapot_app() -> Application:
    app = Application()

    @app.get("/")
    async def index(call):
        call.response.status(HttpStatusCode(418, "I'm a tea pot"))

    @app.get("/standard")
    async def standard(call):
        await call.respond_text("x", status=HttpStatusCode.NotFound)

    return app


@pytest.mark.anyio
async def test_custom_reason_phrase_sent_when_server_advertises_it(recorder):
    advertised = await recorder(extensions={"fastresp.reason_phrase": {}}).run(teapot_app())
    assert advertised.start["status"] == 418
    assert advertised.start["reason"] == b"I'm a tea pot"
    plain = await recorder().run(teapot_app())
    assert "reason" not in plain.start
    standard = await recorder(extensions={"fastresp.reason_phrase": {}}).run(teapot_app(), path="/standard")
    assert "reason" not in standard.start  # the standard phrase needs no extension


def test_invalid_reason_phrase_fails_at_construction():
    for bad in ("tea\r\npot", "t\x00", "caf\u20ac"):
        with pytest.raises(ValueError):
            HttpStatusCode(418, bad)


@pytest.mark.anyio
async def test_head_requests_send_no_body(recorder):
    app = Application()

    @app.head("/")
    async def head(call):
        await call.respond(TextContent("twelve bytes", ContentType.Text.Plain))

    run = await recorder().run(app, method="HEAD")
    assert (b"content-length", b"12") in run.headers
    assert run.body == b""
