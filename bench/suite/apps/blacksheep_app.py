"""The scenarios in idiomatic BlackSheep: response helpers, Cookie, StreamedContent, serve_files."""

from __future__ import annotations

import jinja2
from blacksheep import Application, Response, StreamedContent
from blacksheep.cookies import Cookie, CookieSameSiteMode
from blacksheep.server.compression import GzipMiddleware
from blacksheep.server.responses import html, json, text
from blacksheep.server.sse import ServerSentEventsResponse, TextServerSentEvent

from . import common

app = Application()
# BlackSheep's own view() adds Cache-Control: no-cache, which the other stacks do not
# send: the environment is used directly, with the same autoescape rule as Starlette.
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(common.TEMPLATES)), autoescape=jinja2.select_autoescape()
)
_HEADERS = [(name.encode(), value.encode()) for name, value in common.HEADERS]
_gzip = GzipMiddleware(min_size=500, comp_level=6)


@app.router.get("/plaintext")
async def plaintext():
    """Plaintext scenario: 13 bytes of text."""
    return text(common.PLAINTEXT)


@app.router.get("/json")
async def json_object():
    """JSON scenario: the seed's Customer."""
    return json(common.customer_dict())


@app.router.get("/headers")
async def headers():
    """Headers scenario: six headers and two cookies."""
    response = text(common.PLAINTEXT)
    for name, value in _HEADERS:
        response.add_header(name, value)
    for name, value, max_age in common.COOKIES:
        response.set_cookie(
            Cookie(
                name,
                value,
                path="/",
                http_only=True,
                secure=True,
                max_age=-1 if max_age is None else max_age,
                same_site=CookieSameSiteMode.LAX,
            )
        )
    return response


@app.router.get("/html")
async def html_page():
    """HTML page scenario."""
    return html(common.page_html())


@app.router.get("/template")
async def template():
    """Jinja2 template scenario."""
    page = _templates.get_template("fortunes.html").render(title=common.TITLE, rows=common.ROWS)
    return html(page)


@app.router.get("/stream")
async def stream():
    """Streaming scenario: 64 chunks of 1 KiB."""

    async def chunks():
        for _ in range(common.STREAM_CHUNKS):
            yield common.STREAM_CHUNK

    return Response(200, None, StreamedContent(b"application/octet-stream", chunks))


@app.router.get("/sse")
async def events():
    """Server-sent events scenario: 100,000 small events to one client."""

    async def tokens():
        data = common.SSE_DATA
        for i in range(common.SSE_EVENTS):
            yield TextServerSentEvent(data[i % 4])

    return ServerSentEventsResponse(tokens)


@app.router.get("/not-modified")
async def not_modified(request):
    # BlackSheep leaves conditional requests to the app (see blacksheep.server.responses.file).
    """304 scenario: answer If-None-Match."""
    if request.get_first_header(b"if-none-match") == common.ETAG.encode():
        return Response(304, [(b"etag", common.ETAG.encode())])
    response = text(common.PLAINTEXT)
    response.add_header(b"etag", common.ETAG.encode())
    return response


@app.router.get("/gzip")
async def gzip_json(request):
    # The middleware wraps this handler only, so the other scenarios do not pay for it.
    """gzip scenario: 32 KiB of JSON, compressed."""

    async def handler(request):
        return json([common.customer_dict(c) for c in common.CUSTOMERS])

    return await _gzip(request, handler)


app.serve_files(str(common.DATA_DIR), root_path="static", extensions={".bin"})
