"""CachingHeaders: providers, merging several Cache-Control values, Expires, handler precedence."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from plugin_support import header_map, run, running

from fastresp.api import Application, CacheControl, CachingHeaders, CachingOptions, ContentType
from fastresp.plugins.caching_headers import merge_cache_controls

Private = CacheControl.Visibility.Private
Public = CacheControl.Visibility.Public


def make_app() -> tuple[Application, CachingHeaders]:
    app = Application()
    caching = app.install(CachingHeaders)

    @caching.options
    def css(call, content):
        if content.content_type is not None and content.content_type.match(ContentType.Text.CSS):
            return CachingOptions(
                CacheControl.MaxAge(3600, visibility=Public),
                expires=datetime(2030, 1, 1, tzinfo=timezone.utc),
            )
        return None

    @caching.options
    def user(call, content):
        if call.request.path.startswith("/user"):
            return CachingOptions(
                CacheControl.MaxAge(60, must_revalidate=True, visibility=Private), expires=0
            )
        return None

    @app.get("/style.css")
    async def style(call):
        await call.respond_text("a{}", ContentType.Text.CSS)

    @app.get("/user/style.css")
    async def user_style(call):
        await call.respond_text("b{}", ContentType.Text.CSS)

    @app.get("/own")
    async def own(call):
        call.response.cache_control(CacheControl.NoStore())
        await call.respond_text("c{}", ContentType.Text.CSS)

    @app.get("/plain")
    async def plain(call):
        await call.respond_text("plain")

    return app, caching


@pytest.mark.anyio
async def test_one_provider():
    headers = header_map(await run(make_app()[0], path="/style.css"))
    assert headers["cache-control"] == ["max-age=3600, public"]
    assert headers["expires"] == ["Tue, 01 Jan 2030 00:00:00 GMT"]


@pytest.mark.anyio
async def test_two_providers_merge_into_one_header():
    headers = header_map(await run(make_app()[0], path="/user/style.css"))
    assert headers["cache-control"] == ["max-age=60, must-revalidate, private"]
    assert headers["expires"] == ["Tue, 01 Jan 2030 00:00:00 GMT"]  # the first Expires wins


@pytest.mark.anyio
async def test_handler_header_wins_and_no_options_no_header():
    headers = header_map(await run(make_app()[0], path="/own"))
    assert headers["cache-control"] == ["no-store"]
    assert "cache-control" not in header_map(await run(make_app()[0], path="/plain"))


@pytest.mark.anyio
async def test_bad_provider_result_is_a_500():
    app, caching = make_app()
    caching.options(lambda call, content: "max-age=1")
    assert (await run(app, path="/plain")).start["status"] == 500


def test_merge_rules():
    assert (
        merge_cache_controls(
            [
                CacheControl.MaxAge(100, visibility=Public),
                CacheControl.MaxAge(10, proxy_max_age_seconds=50, visibility=Private),
                CacheControl.MaxAge(30, proxy_max_age_seconds=5, proxy_revalidate=True),
            ]
        )
        == "max-age=10, s-maxage=5, proxy-revalidate, private"
    )
    assert merge_cache_controls([CacheControl.NoCache(), CacheControl.MaxAge(5)]) == "no-cache, max-age=5"
    assert (
        merge_cache_controls([CacheControl.NoStore(), CacheControl.NoCache(Public)])
        == "no-store, no-cache, public"
    )
    with pytest.raises(TypeError):
        merge_cache_controls(["max-age=1"])


def test_over_uvicorn():
    with running(make_app()[0]) as client:
        response = client.get("/user/style.css")
        assert response.headers.get_list("cache-control") == ["max-age=60, must-revalidate, private"]
        assert response.headers["expires"] == "Tue, 01 Jan 2030 00:00:00 GMT"
