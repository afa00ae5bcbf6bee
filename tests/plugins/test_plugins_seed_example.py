"""examples/ktor_responses.py installs the plugins the seeds name: Default/Caching/Conditional headers, HSTS."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))

import ktor_responses
from plugin_support import header_map, run, running

from fastresp.api import HSTS, CachingHeaders, ConditionalHeaders, DefaultHeaders


def test_plugins_installed():
    for plugin in (DefaultHeaders, CachingHeaders, ConditionalHeaders, HSTS):
        assert ktor_responses.app.plugin(plugin) is not None


@pytest.mark.anyio
async def test_hsts_on_https_only():
    https = header_map(await run(ktor_responses.app, scheme="https"))
    assert https["strict-transport-security"] == ["max-age=31536000; includeSubDomains"]
    assert "strict-transport-security" not in header_map(await run(ktor_responses.app))


def test_download_is_cacheable_and_conditional_over_uvicorn():
    with running(ktor_responses.app, server_header=False, date_header=False) as client:
        response = client.get("/download")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "max-age=86400"
        assert response.headers.get_list("server") == [response.headers["server"]]
        assert response.headers["server"].startswith("fastresp/")
        etag = response.headers["etag"]
        again = client.get("/download", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag and again.headers["cache-control"] == "max-age=86400"
        since = client.get("/download", headers={"If-Modified-Since": response.headers["last-modified"]})
        assert since.status_code == 304
        assert "cache-control" not in client.get("/").headers
