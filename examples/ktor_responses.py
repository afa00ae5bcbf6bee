"""Every example of Ktor's "Responses" pages, translated one to one to fastresp.

Run it with ``python examples/ktor_responses.py`` (http://127.0.0.1:8000, where ``/``
lists and links every example), or see it with the wire it writes in ``fastresp demo``'s
tour (``tour.py``); the wheel ships this folder as ``fastresp.examples``. Ktor's examples all use ``get("/")``;
here each gets its own path, named after the section it comes from.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from fastresp.api import (
    HSTS,
    Application,
    CacheControl,
    CachingHeaders,
    CachingOptions,
    ConditionalHeaders,
    ContentDisposition,
    ContentNegotiation,
    ContentType,
    DefaultHeaders,
    HttpHeaders,
    HttpStatusCode,
    Jinja2,
    JinjaContent,
    ServerSentEvent,
)

HERE = Path(__file__).resolve().parent

app = Application()
app.install(ContentNegotiation)
app.install(Jinja2, directory=HERE / "templates")

# The plugins the Headers section points to: "Default headers, Caching headers,
# Conditional headers, HSTS".
app.install(DefaultHeaders)            # Date and Server: fastresp/<version>
caching = app.install(CachingHeaders)
app.install(ConditionalHeaders)        # 304 for If-None-Match / If-Modified-Since
app.install(HSTS)                      # Strict-Transport-Security, on HTTPS only


@caching.options
def cache_images(call, content):
    """Images (the downloadable logo) may be cached for a day; everything else is left alone."""
    if content.content_type is not None and content.content_type.match(ContentType.Image.Any):
        return CachingOptions(cache_control=CacheControl.MaxAge(86400))
    return None


@dataclass
class User:
    """The template model of the FreeMarker examples."""

    id: int
    name: str


@dataclass
class Customer:
    """The serialized object of the ContentNegotiation example."""

    id: int
    first_name: str
    last_name: str


# --- Set response parameters: status code ------------------------------------------------

@app.get("/status")
async def status(call):
    call.response.status(HttpStatusCode.OK)


@app.get("/status/custom")
async def custom_status(call):
    call.response.status(HttpStatusCode(418, "I'm a tea pot"))


# --- Content type --------------------------------------------------------------------------

@app.get("/content-type")
async def content_type(call):
    await call.respond_text("Hello, world!", ContentType.Text.Plain, HttpStatusCode.OK)


# --- Headers -----------------------------------------------------------------------------------

@app.get("/headers/append")
async def headers_append(call):
    call.response.headers.append(HttpHeaders.ETag, "7c876b7e")


@app.get("/headers/header")
async def headers_header(call):
    call.response.header(HttpHeaders.ETag, "7c876b7e")


@app.get("/headers/etag")
async def headers_etag(call):
    call.response.etag("7c876b7e")


@app.get("/headers/etag-value")
async def headers_etag_value(call):
    call.response.etag("Etag value")


@app.get("/headers/custom")
async def headers_custom(call):
    call.response.header("Custom", "sfjirjgiu")


@app.get("/headers/custom-header")
async def headers_custom_header(call):
    call.response.header("Custom-Header", "Some value")


# --- Cookies ---------------------------------------------------------------------------------

@app.get("/cookies")
async def cookies(call):
    call.response.cookies.append("custom-cookie", "ggg")


@app.get("/cookies/yummy")
async def yummy_cookie(call):
    call.response.cookies.append("yummy_cookie", "choco")


# --- Payload: plain text ---------------------------------------------------------------------------

@app.get("/text")
async def hello(call):
    await call.respond_text("Hello, world!")


# --- Payload: HTML DSL ------------------------------------------------------------------------------

@app.get("/html")
async def html(call):
    name = "Ktor"

    def page(h):
        with h.head():
            h.title(name)
        with h.body():
            h.h1(f"Hello from {name}!")

    await call.respond_html(page)


# --- Payload: templates (FreeMarker in Ktor, Jinja2 here) ------------------------------------------

@app.get("/index")
async def index(call):
    sample_user = User(1, "John")
    await call.respond(JinjaContent("index.html.j2", {"user": sample_user}))


@app.get("/index-template")
async def index_template(call):
    sample_user = User(1, "John")
    await call.respond_template("index.html.j2", {"user": sample_user})


# --- Payload: object (ContentNegotiation) -------------------------------------------------------------

@app.post("/customer")
async def customer(call):
    await call.respond(Customer(1, "Jet", "Brains"))


# --- Payload: file --------------------------------------------------------------------------------------

@app.get("/download")
async def download(call):
    file = HERE / "files" / "ktor_logo.png"
    call.response.header(
        HttpHeaders.ContentDisposition,
        str(ContentDisposition.Attachment.with_parameter(ContentDisposition.Parameters.FileName, "ktor_logo.png")),
    )
    await call.respond_file(file)


# --- Payload: raw ----------------------------------------------------------------------------------------

@app.get("/bytes")
async def raw_bytes(call):
    await call.respond_bytes(b"Hello, bytes!")


@app.get("/write")
async def raw_write(call):
    async def producer(writer):
        for line in ("Hello, ", "streamed ", "world!"):
            await writer.write(line)
            await writer.flush()

    await call.respond_write(producer)


# --- Redirects ---------------------------------------------------------------------------------------------

@app.get("/redirect")
async def redirect(call):
    await call.respond_redirect("/moved", permanent=True)


@app.get("/moved")
async def moved(call):
    await call.respond_text("Moved content")


@app.get("/events")
async def events(call):
    # An EventSource reconnects when the stream ends, sending the last id it saw.
    last = call.request.last_event_id or ""
    start = int(last) if last.isdecimal() else 0

    async def ticks():
        for n in range(start + 1, start + 6):
            yield ServerSentEvent({"tick": n}, event="tick", id=str(n), retry=500)
            await asyncio.sleep(0.3)

    await call.respond_sse(ticks())


# --- The demo's front page: every example above, linked ------------------------------------------

@app.get("/")
async def front_page(call):
    """List every route of this app, linking the ones a browser can open (GET)."""
    routes = [route for route in app.router.routes if route.handler is not front_page]

    def page(h):
        with h.head():
            h.title("fastresp: Ktor's Responses examples")
        with h.body():
            h.h1("Ktor's Responses examples, served by fastresp")
            with h.ul():
                for route in routes:
                    methods = ", ".join(sorted(route.methods))
                    with h.li():
                        if "GET" in route.methods:
                            h.a(route.path, href=route.path)
                        else:
                            h.code(route.path)
                        h.text(f" {methods}")

    await call.respond_html(page)


def main() -> None:
    """Serve the examples on http://127.0.0.1:8000."""
    import uvicorn

    # DefaultHeaders sends Date and Server; uvicorn's own would duplicate them.
    uvicorn.run(app, host="127.0.0.1", port=8000, server_header=False, date_header=False)


if __name__ == "__main__":
    main()
