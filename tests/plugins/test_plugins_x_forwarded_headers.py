"""XForwardedHeaders: forwarding headers believed only from trusted proxies; RFC 7239 Forwarded."""

from __future__ import annotations

import pytest
from plugin_support import run, running

from fastresp.api import Application, XForwardedHeaders
from fastresp.plugins.x_forwarded_headers import parse_forwarded


def make_app(**options) -> Application:
    app = Application()
    app.install(XForwardedHeaders, **options)

    @app.get("/")
    async def index(call):
        origin = call.request.origin
        await call.respond_text(f"{origin.scheme} {origin.host} {origin.port} {origin.remote_host}")

    return app


async def origin_of(app, headers, client="127.0.0.1"):
    recorder = await run(app, headers={"Host": "internal:8000", **headers}, client=(client, 40000))
    return recorder.body.decode()


@pytest.mark.anyio
async def test_x_forwarded_from_a_trusted_proxy():
    app = make_app(trusted_proxies=["127.0.0.1"])
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "shop.example.com",
        "X-Forwarded-For": "203.0.113.7, 127.0.0.1",
    }
    assert await origin_of(app, headers) == "https shop.example.com 443 203.0.113.7"


@pytest.mark.anyio
async def test_spoofed_headers_from_an_untrusted_peer_are_ignored():
    app = make_app(trusted_proxies=["10.0.0.0/8"])
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "evil.com",
        "X-Forwarded-For": "1.2.3.4",
        "Forwarded": "for=1.2.3.4;proto=https;host=evil.com",
    }
    assert await origin_of(app, headers, client="192.0.2.9") == "http internal 8000 192.0.2.9"
    # The same headers from a trusted peer are believed (Forwarded wins over X-Forwarded-*).
    assert await origin_of(app, headers, client="10.1.2.3") == "https evil.com 443 1.2.3.4"


@pytest.mark.anyio
async def test_forwarded_header_wins_and_is_parsed():
    app = make_app(trusted_proxies=["127.0.0.1", "10.0.0.0/8"])
    headers = {
        "Forwarded": 'for="[2001:db8::1]:4711";proto=https;host="shop.example.com:8443", for=10.0.0.5',
        "X-Forwarded-Proto": "http",
    }
    assert await origin_of(app, headers) == "http internal 8000 2001:db8::1"  # last element sets proto/host
    headers = {"Forwarded": 'for=10.0.0.5, for=198.51.100.2;proto=https;host="shop.example.com:8443"'}
    assert await origin_of(app, headers) == "https shop.example.com 8443 198.51.100.2"


@pytest.mark.anyio
@pytest.mark.parametrize(
    "headers",
    [
        {
            "X-Forwarded-Proto": "javascript",
            "X-Forwarded-Host": "evil.com/path",
            "X-Forwarded-For": "not-an-ip",
        },
        {"X-Forwarded-Proto": "", "X-Forwarded-Host": "a@b", "X-Forwarded-For": ""},
        {"Forwarded": 'for="unterminated;proto=https'},
        {"Forwarded": "proto=https host=x"},
        {"Forwarded": ";;;,,,===,"},
        {"X-Forwarded-For": ",".join(["1.1.1.1"] * 10000)},
    ],
)
async def test_garbage_is_ignored(headers):
    app = make_app(trusted_proxies=["127.0.0.1"])
    result = await origin_of(app, headers)
    scheme, host, _port, _ = result.split(" ")
    assert (scheme, host) == ("http", "internal")


def test_parse_forwarded():
    assert parse_forwarded('for=192.0.2.60;proto=http;by=203.0.113.43, For="[2001:db8:cafe::17]"') == [
        {"for": "192.0.2.60", "proto": "http", "by": "203.0.113.43"},
        {"for": "[2001:db8:cafe::17]"},
    ]
    assert parse_forwarded('host="a,b;c"') == [{"host": "a,b;c"}]
    assert parse_forwarded("for") == []


def test_bad_trusted_proxy_fails_at_install():
    with pytest.raises(ValueError):
        make_app(trusted_proxies=["not an address"])


def test_over_uvicorn():
    trusted = make_app(trusted_proxies=["127.0.0.1"])
    untrusted = make_app(trusted_proxies=["10.0.0.1"])
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "shop.example.com",
        "X-Forwarded-For": "203.0.113.7",
    }
    # uvicorn's own proxy-header rewriting is off, so only the plugin acts.
    with running(trusted, proxy_headers=False) as client:
        assert client.get("/", headers=headers).text == "https shop.example.com 443 203.0.113.7"
    with running(untrusted, proxy_headers=False) as client:
        text = client.get("/", headers=headers).text
        assert text.startswith("http 127.0.0.1 ") and text.endswith(" 127.0.0.1")
