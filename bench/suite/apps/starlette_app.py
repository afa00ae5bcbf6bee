"""The scenarios in idiomatic Starlette: Response classes, Jinja2Templates, GZipMiddleware."""

from __future__ import annotations

from dataclasses import asdict

from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from . import common

#: scenario name -> why this app cannot serve it (read by the harness).
UNAVAILABLE: dict[str, str] = {}
try:
    from sse_starlette import EventSourceResponse, ServerSentEvent
except ImportError:
    UNAVAILABLE["sse"] = "sse-starlette is not installed (pip install -e '.[bench]')"

templates = Jinja2Templates(directory=str(common.TEMPLATES))


async def plaintext(request):
    """Plaintext scenario: 13 bytes of text."""
    return PlainTextResponse(common.PLAINTEXT)


async def json_object(request):
    """JSON scenario: the seed's Customer."""
    return JSONResponse(asdict(common.CUSTOMER))


async def headers(request):
    """Headers scenario: six headers and two cookies."""
    response = PlainTextResponse(common.PLAINTEXT, headers=dict(common.HEADERS))
    for name, value, max_age in common.COOKIES:
        response.set_cookie(
            name, value, max_age=max_age, path="/", secure=True, httponly=True, samesite="lax"
        )
    return response


async def html_page(request):
    """HTML page scenario."""
    return HTMLResponse(common.page_html())


async def template(request):
    """Jinja2 template scenario."""
    return templates.TemplateResponse(request, "fortunes.html", {"title": common.TITLE, "rows": common.ROWS})


async def stream(request):
    """Streaming scenario: 64 chunks of 1 KiB."""

    async def chunks():
        for _ in range(common.STREAM_CHUNKS):
            yield common.STREAM_CHUNK

    return StreamingResponse(chunks(), media_type="application/octet-stream")


async def events(request):
    """Server-sent events scenario: 100,000 small events to one client, with sse-starlette."""

    async def tokens():
        data = common.SSE_DATA
        for i in range(common.SSE_EVENTS):
            yield ServerSentEvent(data[i % 4])

    return EventSourceResponse(tokens())


def file_endpoint(name):
    """An endpoint serving one benchmark file with FileResponse."""
    path = common.file_path(name)

    async def endpoint(request):
        return FileResponse(path)

    return endpoint


async def not_modified(request):
    # Starlette has no conditional-request support outside FileResponse: checked by hand.
    """304 scenario: answer If-None-Match."""
    if request.headers.get("if-none-match") == common.ETAG:
        return Response(status_code=304, headers={"etag": common.ETAG})
    return PlainTextResponse(common.PLAINTEXT, headers={"etag": common.ETAG})


async def _customers(scope, receive, send):
    await JSONResponse([asdict(c) for c in common.CUSTOMERS])(scope, receive, send)


routes = [
    Route("/plaintext", plaintext),
    Route("/json", json_object),
    Route("/headers", headers),
    Route("/html", html_page),
    Route("/template", template),
    Route("/stream", stream),
    Route("/sse", events),
    Route("/not-modified", not_modified),
    # Only this route is compressed, so the middleware costs the other scenarios nothing.
    Route("/gzip", GZipMiddleware(_customers, minimum_size=500, compresslevel=6)),
] + [Route("/static/" + name, file_endpoint(name)) for name in common.FILE_SIZES]

app = Starlette(routes=routes)
