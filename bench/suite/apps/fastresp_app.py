"""The scenarios in fastresp's Ktor-style API: ``call.respond_*``, ``call.response``, plugins.

fastresp's plugins apply to a whole Application, while Starlette's and BlackSheep's
compression wrap the one route. To keep the other scenarios free of plugin work on
every stack alike, the 304 and gzip scenarios get their own Applications, picked by
path in ``app``. Plugins not importable yet are reported through ``UNAVAILABLE``.
"""

from __future__ import annotations

import fastresp.plugins
from fastresp.api import (
    Application,
    CacheControl,
    ContentNegotiation,
    ContentType,
    Jinja2,
    ServerSentEvent,
)
from fastresp.core import IMPLEMENTATION

from . import common

main = Application()
main.install(ContentNegotiation)
main.install(Jinja2, directory=common.TEMPLATES)

#: scenario name -> why this app cannot serve it (read by the harness).
UNAVAILABLE: dict[str, str] = {}

_CACHE = CacheControl.MaxAge(3600, visibility=CacheControl.Visibility.Public)
_CUSTOM = [(name, value) for name, value in common.HEADERS if name not in ("etag", "cache-control", "link")]


@main.get("/__impl")
async def implementation(call):
    """Which core twin this process runs (the harness checks the pure-Python stack)."""
    await call.respond_text(IMPLEMENTATION)


@main.get("/plaintext")
async def plaintext(call):
    """Plaintext scenario: 13 bytes of text."""
    await call.respond_text(common.PLAINTEXT)


@main.get("/json")
async def json_object(call):
    """JSON scenario: the seed's Customer."""
    await call.respond(common.CUSTOMER)


@main.get("/headers")
async def headers(call):
    """Headers scenario: six headers and two cookies."""
    response = call.response
    response.etag("7c876b7e")
    response.cache_control(_CACHE)
    response.link("/style.css", "stylesheet")
    for name, value in _CUSTOM:
        response.header(name, value)
    for name, value, max_age in common.COOKIES:
        response.cookies.append(
            name, value, max_age=max_age, path="/", secure=True, http_only=True, same_site="Lax"
        )
    await call.respond_text(common.PLAINTEXT)


def _page(h):
    h.html(lang="en")
    with h.head():
        h.meta(charset="utf-8")
        h.title(common.TITLE)
    with h.body():
        h.h1(common.TITLE)
        with h.table():
            with h.tr():
                h.th("id")
                h.th("message")
            for row in common.ROWS:
                with h.tr():
                    h.td(row["id"])
                    h.td(row["message"])


@main.get("/html")
async def html_page(call):
    """HTML page scenario."""
    await call.respond_html(_page)


@main.get("/template")
async def template(call):
    """Jinja2 template scenario."""
    await call.respond_template("fortunes.html", {"title": common.TITLE, "rows": common.ROWS})


@main.get("/stream")
async def stream(call):
    """Streaming scenario: 64 chunks of 1 KiB."""

    async def producer(writer):
        for _ in range(common.STREAM_CHUNKS):
            await writer.write(common.STREAM_CHUNK)
            await writer.flush()  # one chunk per KiB, as the scenario asks

    await call.respond_write(producer, ContentType.Application.OctetStream)


@main.get("/sse")
async def events(call):
    """Server-sent events scenario: 100,000 small events to one client."""

    async def tokens():
        data = common.SSE_DATA
        for i in range(common.SSE_EVENTS):
            yield ServerSentEvent(data[i % 4])

    await call.respond_sse(tokens())


@main.get("/static/{name}")
async def static(call):
    """File scenarios: a file of the data folder."""
    await call.respond_file(common.DATA_DIR, call.parameters["name"])


_BY_PATH: dict[str, Application] = {}

_conditional = getattr(fastresp.plugins, "ConditionalHeaders", None)
if _conditional is None:
    UNAVAILABLE["not-modified"] = "fastresp.plugins.ConditionalHeaders is not available yet"
else:
    conditional = _BY_PATH["/not-modified"] = Application()
    conditional.install(_conditional)

    @conditional.get("/not-modified")
    async def not_modified(call):
        """304 scenario: answer If-None-Match."""
        call.response.etag(common.ETAG)
        await call.respond_text(common.PLAINTEXT)


_compression = getattr(fastresp.plugins, "Compression", None)
if _compression is None:
    UNAVAILABLE["gzip"] = "fastresp.plugins.Compression is not available yet"
else:
    compressed = _BY_PATH["/gzip"] = Application()
    compressed.install(ContentNegotiation)
    compressed.install(_compression, encoders=("gzip",))

    @compressed.get("/gzip")
    async def gzip_json(call):
        """gzip scenario: 32 KiB of JSON, compressed."""
        await call.respond(common.CUSTOMERS)


async def app(scope, receive, send):
    """The ASGI entry point: the plugin scenarios' Applications by path, else ``main`` (and lifespan)."""
    await _BY_PATH.get(scope.get("path"), main)(scope, receive, send)
