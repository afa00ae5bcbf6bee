"""HttpsRedirect: 301/302 to the https URL, ports, exclusions, host validation (no open redirect)."""

from __future__ import annotations

import pytest
from plugin_support import header_map, raw_request, run, running

from fastresp.api import Application, HttpsRedirect, XForwardedHeaders


def make_app(**options) -> Application:
    app = Application()
    app.install(HttpsRedirect, **options)

    @app.get("/{path...}")
    async def anything(call):
        await call.respond_text("served over " + call.request.origin.scheme)

    return app


async def location(app, path="/", host="example.com", scheme="http"):
    recorder = await run(app, path=path, headers={"Host": host}, scheme=scheme)
    return recorder.start["status"], header_map(recorder).get("location", [None])[0], recorder.body


@pytest.mark.anyio
async def test_redirects_to_https_permanently():
    status, target, body = await location(make_app(), "/a/b?x=1&y=%20z")
    assert (status, target, body) == (301, "https://example.com/a/b?x=1&y=%20z", b"")


@pytest.mark.anyio
async def test_temporary_and_port():
    app = make_app(permanent=False, ssl_port=8443)
    assert await location(app, "/p", host="example.com:8080") == (302, "https://example.com:8443/p", b"")


@pytest.mark.anyio
async def test_https_is_served():
    assert (await location(make_app(), scheme="https"))[0] == 200


@pytest.mark.anyio
async def test_exclusions():
    app = make_app(
        exclude_prefixes=["/health"],
        exclude_suffixes=[".well-known"],
        exclude=lambda call: call.request.headers.get("x-internal") == "1",
    )
    assert (await location(app, "/health/live"))[0] == 200
    assert (await location(app, "/a/.well-known"))[0] == 200
    recorder = await run(app, path="/x", headers={"Host": "example.com", "X-Internal": "1"})
    assert recorder.start["status"] == 200
    assert (await location(app, "/healthy"))[0] == 200  # a prefix, by design
    assert (await location(app, "/other"))[0] == 301


@pytest.mark.anyio
@pytest.mark.parametrize(
    "host",
    [
        "evil.com@example.com",
        "example.com/evil",
        "example.com\\evil",
        "",
        "exa mple.com",
        "[::1",
        "a..b",
        "example.com:abc",
        "%65vil.com",
        "例え.jp".encode().decode("latin-1"),
    ],
)
async def test_invalid_hosts_are_refused(host):
    status, target, _ = await location(make_app(), "/", host=host)
    assert status == 400 and target is None


@pytest.mark.anyio
async def test_configured_hosts_only():
    app = make_app(hosts=["example.com", "www.example.com"])
    assert (await location(app, "/", host="WWW.example.com"))[1] == "https://www.example.com/"
    assert (await location(app, "/", host="evil.com"))[0] == 400


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("//evil.com", "https://example.com//evil.com"),
        ("/\\evil.com", "https://example.com/%5Cevil.com"),
        ("/caf\u00e9", "https://example.com/caf%C3%A9"),
    ],
)
async def test_open_redirect_shapes_stay_on_the_host(path, expected):
    app = make_app()
    recorder = await run(app, path=path, headers={"Host": "example.com"})  # raw_path is UTF-8
    assert header_map(recorder)["location"] == [expected]


def test_without_the_plugin_http_is_served():
    app = Application()

    @app.get("/")
    async def index(call):
        await call.respond_text("plain")

    with running(app) as client:
        assert client.get("/").status_code == 200


def test_over_uvicorn_and_behind_a_proxy():
    app = make_app()
    app.install(XForwardedHeaders, trusted_proxies=["127.0.0.1"])
    # uvicorn's own proxy-header rewriting is off, so only the plugin acts.
    with running(app, proxy_headers=False) as client:
        url = str(client.base_url)
        response = client.get("/a?b=c", headers={"Host": "example.com"}, follow_redirects=False)
        assert response.status_code == 301 and response.headers["location"] == "https://example.com/a?b=c"
        response = client.get("/a", headers={"Host": "example.com", "X-Forwarded-Proto": "https"})
        assert response.status_code == 200 and response.text == "served over https"
        raw = raw_request(
            url, b"GET //evil.com/%2e%2e HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"
        )
        assert b"\r\nlocation: https://example.com//evil.com/%2e%2e\r\n" in raw.lower()
        raw = raw_request(url, b"GET / HTTP/1.1\r\nHost: evil.com@example.com\r\nConnection: close\r\n\r\n")
        assert raw.startswith(b"HTTP/1.1 400 ") and b"location" not in raw.lower()
