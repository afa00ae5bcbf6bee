"""Application: routing (Ktor path syntax), 404/405, lifespan, plugins, request access, error handling."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest
from app_support import asgi_client, running

from fastresp.api import (
    Application,
    BadRequestError,
    ContentNegotiation,
    ContentType,
    HttpStatusCode,
    NotFoundError,
    Plugin,
    ResponseAlreadySentError,
    TextContent,
)


def echo_app() -> Application:
    app = Application()

    async def echo(call):
        items = ";".join(f"{k}={v}" for k, v in call.parameters.items())
        await call.respond_text(f"{call.request.method} {items}")

    app.get("/users/{id}")(echo)
    app.get("/users/me")(echo)
    app.get("/opt/{name?}")(echo)
    app.get("/files/{path...}")(echo)
    app.get("/any/{...}")(echo)
    app.get("/star/*/x")(echo)
    app.post("/users/{id}")(echo)
    app.put("/users/{id}")(echo)
    app.patch("/users/{id}")(echo)
    app.delete("/users/{id}")(echo)
    app.options("/users/{id}")(echo)
    app.head("/users/{id}")(echo)
    app.route("/multi", methods=["GET", "POST"])(echo)
    return app


@pytest.fixture(scope="module")
def client():
    with running(echo_app()) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/users/42", "GET id=42"),
        ("/users/me", "GET "),  # a constant beats a parameter
        ("/users/a%2Fb", "GET id=a/b"),  # %2F stays inside one segment
        ("/users/42?x=1&x=2", "GET id=42;x=1;x=2"),  # query parameters follow path ones
        ("/opt/bob", "GET name=bob"),
        ("/opt", "GET "),
        ("/files/a/b/c.txt", "GET path=a;path=b;path=c.txt"),
        ("/files", "GET "),
        ("/any/x/y", "GET "),
        ("/star/q/x", "GET "),
        ("/multi", "GET "),
    ],
)
def test_paths_and_parameters(client, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    assert response.text == expected


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_method_decorators(client, method):
    response = client.request(method, "/users/7")
    assert response.text == f"{method} id=7"


def test_head_route(client):
    response = client.head("/users/7")
    assert response.status_code == 200
    assert response.headers["content-length"] == "9"
    assert response.content == b""


def test_no_route_is_404(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert client.get("/star/q/y").status_code == 404


def test_other_methods_only_is_405_with_allow(client):
    response = client.request("TRACE", "/users/1")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    assert client.delete("/multi").headers["allow"] == "GET, POST"


def test_bad_route_patterns_and_handlers():
    app = Application()

    async def handler(call):
        pass

    for bad in ["no-slash", "/{a...}/b", "/{}", "/{a-b}", "/x{a}"]:
        with pytest.raises(ValueError):
            app.get(bad)(handler)
    with pytest.raises(TypeError, match="async def"):
        app.get("/sync")(lambda call: None)


def test_lifespan_runs_startup_and_shutdown():
    app = Application()
    events = []

    @app.on_startup
    async def start():
        events.append("start")

    @app.on_shutdown
    def stop():
        events.append("stop")

    @app.get("/")
    async def index(call):
        await call.respond_text(",".join(events))

    with running(app, lifespan="on") as client:
        assert client.get("/").text == "start"
    assert events == ["start", "stop"]


def test_failing_startup_is_reported(caplog):
    app = Application()

    @app.on_startup
    async def start():
        raise RuntimeError("no database")

    messages = []

    async def receive():
        return {"type": "lifespan.startup"}

    async def send(message):
        messages.append(message)

    import asyncio

    with caplog.at_level(logging.ERROR, logger="fastresp.app"):
        asyncio.run(app({"type": "lifespan"}, receive, send))
    assert messages[0]["type"] == "lifespan.startup.failed"
    assert "no database" in messages[0]["message"]


# --- plugins --------------------------------------------------------------------------------


class Tagging(Plugin):
    """Test plugin using all three hooks."""

    def __init__(self, app, *, tag: str):
        super().__init__(app)
        self.tag = tag
        self.seen = []

    async def on_call(self, call):
        self.seen.append(call.request.path)
        if call.request.path == "/blocked":
            await call.respond_text("blocked by plugin", status=HttpStatusCode.Forbidden)

    async def transform(self, call, content):
        content.add_header("X-Tag", self.tag)
        return content

    async def on_error(self, call, error):
        if isinstance(error, KeyError):
            await call.respond_text("handled by plugin", status=HttpStatusCode.Conflict)
            return True
        return False


@pytest.mark.anyio
async def test_plugin_protocol():
    app = Application()
    plugin = app.install(Tagging, tag="t1")
    assert app.plugin(Tagging) is plugin and plugin.tag == "t1"
    with pytest.raises(ValueError, match="already installed"):
        app.install(Tagging, tag="again")
    with pytest.raises(TypeError, match="nonsense"):
        app.install(ContentNegotiation, nonsense=True)

    @app.get("/ok")
    async def ok(call):
        await call.respond_text("ok")

    @app.get("/boom")
    async def boom(call):
        raise KeyError("x")

    @app.get("/blocked")
    async def blocked(call):
        raise AssertionError("routing must not run")

    async with asgi_client(app) as client:
        ok_response = await client.get("/ok")
        assert ok_response.headers["x-tag"] == "t1"
        assert (await client.get("/blocked")).status_code == 403
        claimed = await client.get("/boom")
        assert (claimed.status_code, claimed.text) == (409, "handled by plugin")
    assert plugin.seen == ["/ok", "/blocked", "/boom"]


# --- request access -------------------------------------------------------------------------


@dataclass
class Item:
    name: str
    count: int


def request_app() -> Application:
    app = Application()
    app.install(ContentNegotiation)

    @app.post("/inspect")
    async def inspect(call):
        request = call.request
        await call.respond(
            {
                "method": request.method,
                "path": request.path,
                "query": request.query_parameters.get_all("q"),
                "header": request.headers.get("x-thing"),
                "cookies": request.cookies,
                "text": await request.text(),
                "json": await request.json(),
            }
        )

    @app.post("/item")
    async def item(call):
        received = await call.receive(Item)
        assert isinstance(received, Item)
        await call.respond_text(f"{received.name} x{received.count}")

    @app.post("/raw")
    async def raw(call):
        data = await call.receive(bytes)
        await call.respond_bytes(data[::-1])

    return app


def test_request_access_over_uvicorn():
    with running(request_app()) as client:
        response = client.post(
            "/inspect?q=1&q=two",
            content=b'{"a": [1, 2]}',
            headers={"X-Thing": "yes", "Cookie": "sid=abc; theme=dark", "Content-Type": "application/json"},
        )
        assert response.json() == {
            "method": "POST",
            "path": "/inspect",
            "query": ["1", "two"],
            "header": "yes",
            "cookies": {"sid": "abc", "theme": "dark"},
            "text": '{"a": [1, 2]}',
            "json": {"a": [1, 2]},
        }
        item = client.post("/item", json={"name": "pen", "count": 3})
        assert item.text == "pen x3"
        assert client.post("/item", json={"name": "pen"}).status_code == 400
        assert client.post("/item", content=b"{not json", headers={"Content-Type": "application/json"}).status_code == 400
        assert client.post("/item", content=b"name=pen", headers={"Content-Type": "text/plain"}).status_code == 415
        assert client.post("/raw", content=b"abc").content == b"cba"
        assert client.post("/inspect", content=b"{bad", headers={"Content-Type": "application/json"}).status_code == 400


# --- error handling and Ktor's unhandled-call rule ------------------------------------------


def errors_app(log: list) -> Application:
    app = Application()

    @app.get("/boom")
    async def boom(call):
        call.response.header("X-Leak", "must not be sent")
        raise RuntimeError("kaput")

    @app.get("/missing")
    async def missing(call):
        raise NotFoundError("no such user")

    @app.get("/bad")
    async def bad(call):
        raise BadRequestError("id must be a number")

    @app.get("/twice")
    async def twice(call):
        await call.respond_text("first")
        try:
            await call.respond_text("second")
        except ResponseAlreadySentError as error:
            log.append(error)

    @app.get("/twice-unhandled")
    async def twice_unhandled(call):
        await call.respond_text("first")
        await call.respond_text("second")

    @app.get("/status-only")
    async def status_only(call):
        call.response.status(HttpStatusCode.Accepted)
        call.response.header("X-Kept", "yes")

    @app.get("/nothing")
    async def nothing(call):
        pass

    @app.get("/not-content")
    async def not_content(call):
        await call.respond(object())

    @app.get("/bad-prepare")
    async def bad_prepare(call):
        class Broken(TextContent):
            async def prepare(self, call):
                raise ValueError("cannot render")

        await call.respond(Broken("x", ContentType.Text.Plain))

    return app


def test_errors_and_unhandled_calls(caplog):
    log: list = []
    with caplog.at_level(logging.ERROR, logger="fastresp.app"), running(errors_app(log)) as client:
        boom = client.get("/boom")
        assert (boom.status_code, boom.text) == (500, "Internal Server Error")
        assert boom.headers["content-type"] == "text/plain; charset=UTF-8"
        assert "x-leak" not in boom.headers
        assert any("kaput" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)

        missing = client.get("/missing")
        assert (missing.status_code, missing.text) == (404, "Not Found: no such user")
        bad = client.get("/bad")
        assert (bad.status_code, bad.text) == (400, "Bad Request: id must be a number")

        twice = client.get("/twice")
        assert twice.text == "first"
        assert len(log) == 1 and isinstance(log[0], ResponseAlreadySentError)
        again = client.get("/twice-unhandled")
        assert (again.status_code, again.text) == (200, "first")
        assert any(isinstance(r.exc_info[1], ResponseAlreadySentError) for r in caplog.records if r.exc_info)

        status_only = client.get("/status-only")
        assert (status_only.status_code, status_only.content) == (202, b"")
        assert status_only.headers["content-length"] == "0"
        assert status_only.headers["x-kept"] == "yes"
        assert client.get("/nothing").status_code == 404

        caplog.clear()
        not_content = client.get("/not-content")
        assert not_content.status_code == 500
        assert any("install ContentNegotiation" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
        assert client.get("/bad-prepare").status_code == 500
