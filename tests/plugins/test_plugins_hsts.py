"""HSTS: the header on HTTPS only, options, per-host settings, and behind a trusted proxy."""

from __future__ import annotations

import pytest
from plugin_support import header_map, run, running

from fastresp.api import HSTS, Application, InvalidHeaderError, XForwardedHeaders


def make_app(**options) -> tuple[Application, HSTS]:
    app = Application()
    hsts = app.install(HSTS, **options)

    @app.get("/")
    async def index(call):
        await call.respond_text("secure")

    return app, hsts


@pytest.mark.anyio
async def test_default_on_https_only():
    app, _ = make_app()
    assert header_map(await run(app, scheme="https"))["strict-transport-security"] == [
        "max-age=31536000; includeSubDomains"
    ]
    assert "strict-transport-security" not in header_map(await run(app, scheme="http"))


@pytest.mark.anyio
async def test_options_and_per_host():
    app, hsts = make_app(
        max_age=600, include_subdomains=False, preload=True, custom_directives={"x-extra": None}
    )
    hsts.with_host("static.example.com", max_age=10)
    headers = header_map(await run(app, scheme="https", headers={"Host": "www.example.com"}))
    assert headers["strict-transport-security"] == ["max-age=600; preload; x-extra"]
    headers = header_map(await run(app, scheme="https", headers={"Host": "STATIC.example.com:443"}))
    assert headers["strict-transport-security"] == ["max-age=10; includeSubDomains"]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"max_age": -1}, ValueError),
        ({"max_age": "1"}, ValueError),
        ({"custom_directives": {"a": "b\r\nX: y"}}, InvalidHeaderError),
    ],
)
def test_bad_options(options, error):
    with pytest.raises(error):
        make_app(**options)


def test_behind_a_tls_terminating_proxy_over_uvicorn():
    app, _ = make_app()
    app.install(XForwardedHeaders, trusted_proxies=["127.0.0.1"])
    # uvicorn's own proxy-header rewriting is off, so only the plugin acts.
    with running(app, proxy_headers=False) as client:
        response = client.get("/", headers={"X-Forwarded-Proto": "https"})
        assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        assert "strict-transport-security" not in client.get("/").headers


def test_spoofed_proto_from_untrusted_peer_over_uvicorn():
    app, _ = make_app()
    app.install(XForwardedHeaders, trusted_proxies=["10.0.0.0/8"])
    with running(app, proxy_headers=False) as client:
        response = client.get("/", headers={"X-Forwarded-Proto": "https", "Forwarded": "proto=https"})
        assert "strict-transport-security" not in response.headers
