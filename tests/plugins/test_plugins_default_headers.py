"""DefaultHeaders: Date from the core, Server, configured headers, each once."""

from __future__ import annotations

import re

import pytest
from plugin_support import header_map, raw_request, run, running

from fastresp.api import Application, DefaultHeaders, HttpStatusCode, InvalidHeaderError
from fastresp.core import http_date

IMF_FIXDATE = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$")


def make_app(**options) -> Application:
    app = Application()
    app.install(DefaultHeaders, **options)

    @app.get("/")
    async def index(call):
        await call.respond_text("hi")

    @app.get("/own")
    async def own(call):
        call.response.header("Server", "mine/1")
        call.response.header("X-Frame-Options", "SAMEORIGIN")
        call.response.header("Date", "Sun, 06 Nov 1994 08:49:37 GMT")
        await call.respond_text("hi")

    @app.get("/error")
    async def error(call):
        raise RuntimeError("boom")

    return app


@pytest.mark.anyio
async def test_date_and_server_added():
    headers = header_map(await run(make_app()))
    assert IMF_FIXDATE.match(headers["date"][0])
    assert headers["server"] == ["fastresp/0.1.0"]


@pytest.mark.anyio
async def test_nothing_without_the_plugin():
    app = Application()

    @app.get("/")
    async def index(call):
        await call.respond_text("hi")

    headers = header_map(await run(app))
    assert "date" not in headers and "server" not in headers


@pytest.mark.anyio
async def test_configured_headers_and_custom_server():
    app = make_app(server="shop/2", headers={"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"})
    headers = header_map(await run(app))
    assert headers["server"] == ["shop/2"]
    assert headers["x-frame-options"] == ["DENY"]
    assert headers["x-content-type-options"] == ["nosniff"]


@pytest.mark.anyio
async def test_server_off():
    headers = header_map(await run(make_app(server=None)))
    assert "server" not in headers and "date" in headers


@pytest.mark.anyio
async def test_handler_headers_are_never_duplicated():
    headers = header_map(await run(make_app(headers={"X-Frame-Options": "DENY"}), path="/own"))
    assert headers["server"] == ["mine/1"]
    assert headers["x-frame-options"] == ["SAMEORIGIN"]
    assert headers["date"] == ["Sun, 06 Nov 1994 08:49:37 GMT"]


@pytest.mark.anyio
async def test_error_and_404_responses_get_them_too():
    app = make_app()
    for path, status in (("/error", 500), ("/missing", 404)):
        recorder = await run(app, path=path)
        assert recorder.start["status"] == status
        assert "date" in header_map(recorder) and "server" in header_map(recorder)


def test_date_is_the_cores_rendering_cached_per_second(monkeypatch):
    plugin = DefaultHeaders(Application())
    monkeypatch.setattr("fastresp.plugins.default_headers.time.time", lambda: 784111777.9)
    assert plugin.date() == http_date(784111777).decode() == "Sun, 06 Nov 1994 08:49:37 GMT"


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"headers": {"X-Bad": "a\r\nSet-Cookie: x=1"}}, InvalidHeaderError),
        ({"headers": {"Bad Name": "x"}}, InvalidHeaderError),
        ({"headers": {"Date": "Sun, 06 Nov 1994 08:49:37 GMT"}}, ValueError),
        ({"server": "fastresp\n"}, InvalidHeaderError),
        ({"unknown": 1}, TypeError),
    ],
)
def test_bad_configuration_fails_at_install(options, error):
    with pytest.raises(error):
        Application().install(DefaultHeaders, **options)


def test_over_uvicorn_each_header_once():
    app = make_app(headers={"X-Frame-Options": "DENY"})
    # uvicorn's own Server and Date would duplicate ours: the guide says to turn them off.
    with running(app, server_header=False, date_header=False) as client:
        response = client.get("/")
        assert response.headers.get_list("server") == ["fastresp/0.1.0"]
        assert IMF_FIXDATE.match(response.headers["date"])
        raw = raw_request(str(client.base_url), b"GET /own HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head = raw.split(b"\r\n\r\n")[0].lower()
    assert head.count(b"\r\nserver: ") == 1 and b"server: mine/1" in head
    assert head.count(b"\r\ndate: ") == 1
    assert head.count(b"\r\nx-frame-options: ") == 1
    assert HttpStatusCode.OK.value == int(raw.split(b" ")[1])
