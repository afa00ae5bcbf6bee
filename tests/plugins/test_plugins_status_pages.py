"""StatusPages: exception handlers by nearest base class, status handlers run once, any payload."""

from __future__ import annotations

import pytest
from plugin_support import header_map, run, running

from fastresp.api import (
    Application,
    ContentNegotiation,
    DefaultHeaders,
    HttpStatusCode,
    NotFoundError,
    StatusPages,
)


class AppError(Exception):
    pass


class PaymentError(AppError):
    pass


class CardDeclined(PaymentError):
    pass


def make_app() -> tuple[Application, StatusPages, list]:
    app = Application()
    app.install(ContentNegotiation)
    pages = app.install(StatusPages)
    seen: list = []

    @pages.exception(AppError)
    async def app_error(call, cause):
        seen.append(("AppError", type(cause).__name__))
        await call.respond_text(f"app error: {cause}", status=HttpStatusCode.BadRequest)

    @pages.exception(PaymentError)
    async def payment_error(call, cause):
        seen.append(("PaymentError", type(cause).__name__))
        await call.respond(
            {"error": "payment", "detail": str(cause)}, status=HttpStatusCode(402, "Payment Required")
        )

    @pages.exception(KeyError)
    async def silent(call, cause):
        seen.append(("KeyError", None))  # does not respond: the default 500 goes out

    @pages.status(HttpStatusCode.NotFound, HttpStatusCode.Unauthorized)
    async def not_found(call, status):
        seen.append(("status", status.value))
        await call.respond_html(f"<h1>{status.value} here</h1>", status=status)

    @pages.status(418)
    async def teapot_passes(call, status):
        seen.append(("teapot", status.value))

    @app.get("/payment")
    async def payment(call):
        raise CardDeclined("card declined")

    @app.get("/app")
    async def app_fail(call):
        raise AppError("plain")

    @app.get("/key")
    async def key(call):
        raise KeyError("k")

    @app.get("/notfound")
    async def notfound(call):
        raise NotFoundError("nope")

    @app.get("/unauthorized")
    async def unauthorized(call):
        await call.respond_text("go away", status=401)

    @app.get("/teapot")
    async def teapot(call):
        await call.respond_text("short and stout", status=418)

    @app.get("/ok")
    async def ok(call):
        await call.respond_text("fine")

    return app, pages, seen


@pytest.mark.anyio
async def test_exception_handler_by_nearest_base_class():
    app, _, seen = make_app()
    recorder = await run(app, path="/payment")
    assert recorder.start["status"] == 402
    assert recorder.body == b'{"error":"payment","detail":"card declined"}'
    assert seen == [("PaymentError", "CardDeclined")]
    recorder = await run(app, path="/app")
    assert recorder.start["status"] == 400 and recorder.body == b"app error: plain"


@pytest.mark.anyio
async def test_handler_that_does_not_respond_leaves_the_default():
    app, _, seen = make_app()
    recorder = await run(app, path="/key")
    assert recorder.start["status"] == 500 and recorder.body == b"Internal Server Error"
    assert seen == [("KeyError", None)]


@pytest.mark.anyio
async def test_status_handlers_run_once_for_any_source_of_the_status():
    app, _, seen = make_app()
    for path in ("/missing", "/notfound"):
        recorder = await run(app, path=path)
        assert recorder.start["status"] == 404
        assert recorder.body.endswith(b"<h1>404 here</h1>")
        assert header_map(recorder)["content-type"] == ["text/html; charset=UTF-8"]
    recorder = await run(app, path="/unauthorized")
    assert recorder.body.endswith(b"<h1>401 here</h1>")
    assert seen == [("status", 404), ("status", 404), ("status", 401)]


@pytest.mark.anyio
async def test_status_handler_not_responding_sends_the_original():
    app, _, seen = make_app()
    recorder = await run(app, path="/teapot")
    assert recorder.start["status"] == 418 and recorder.body == b"short and stout"
    assert seen == [("teapot", 418)]
    assert (await run(app, path="/ok")).body == b"fine"


@pytest.mark.anyio
async def test_without_the_plugin_defaults_apply():
    app = Application()

    @app.get("/")
    async def index(call):
        raise AppError("x")

    assert (await run(app)).start["status"] == 500
    assert (await run(app, path="/missing")).body == b""


def test_bad_registrations():
    pages = Application().install(StatusPages)
    with pytest.raises(TypeError):
        pages.exception("ValueError")
    with pytest.raises(ValueError):
        pages.status(1000)


def test_over_uvicorn_with_other_plugins():
    app, _, _ = make_app()
    app.install(DefaultHeaders)
    with running(app, server_header=False, date_header=False) as client:
        response = client.get("/missing")
        assert response.status_code == 404 and response.text.endswith("<h1>404 here</h1>")
        assert response.headers["server"].startswith("fastresp/") and "date" in response.headers
        response = client.get("/payment")
        assert response.status_code == 402 and response.reason_phrase == "Payment Required"
        assert response.json() == {"error": "payment", "detail": "card declined"}


@pytest.mark.anyio
async def test_status_handlers_see_statuses_other_plugins_produce():
    from fastresp.api import ConditionalHeaders, PartialContent

    app = Application()
    app.install(ConditionalHeaders)
    app.install(PartialContent)
    pages = app.install(StatusPages)  # installed last, yet it sees the final status
    seen = []

    @pages.status(412, 416)
    async def explain(call, status):
        seen.append(status.value)
        await call.respond_text(f"status {status.value} explained", status=status)

    @app.route("/", methods=["GET", "PUT"])
    async def index(call):
        call.response.etag("v1")
        await call.respond_bytes(b"0123456789")

    recorder = await run(app, "PUT", "/", {"If-Match": '"v2"'})
    assert recorder.start["status"] == 412 and recorder.body == b"status 412 explained"
    recorder = await run(app, "GET", "/", {"Range": "bytes=50-60"})
    assert recorder.start["status"] == 416 and recorder.body == b"status 416 explained"
    assert seen == [412, 416]


@pytest.mark.anyio
async def test_failing_status_handler_sends_the_original():
    app = Application()
    pages = app.install(StatusPages)

    @pages.status(404)
    async def broken(call, status):
        raise RuntimeError("the error page is broken")

    recorder = await run(app, path="/missing")
    assert recorder.start["status"] == 404 and recorder.body == b""
