"""``Application``: an ASGI 3 app that routes requests to Ktor-style handlers.

    app = Application()

    @app.get("/")
    async def index(call):
        await call.respond_text("Hello, world!")
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from ..http.content_type import ContentType
from ..http.status import HttpStatusCode
from .call import ApplicationCall
from .contents import HttpStatusCodeContent, TextContent
from .errors import HttpError
from .pipeline import Pipeline
from .plugin import AUTO_HEAD_KEY
from .routing import Handler, Router, split_path
from .sending import send_content

__all__ = ["Application"]

logger = logging.getLogger("fastresp.app")

H = TypeVar("H", bound=Handler)
P = TypeVar("P")
_PLAIN = ContentType.Text.Plain.with_charset("UTF-8")


class Application:
    """An ASGI application (HTTP and lifespan) with Ktor-style routing, plugins and responses."""

    def __init__(self) -> None:
        self.router = Router()
        #: Installed plugins by class, in install order.
        self.plugins: dict[type, Any] = {}
        #: Application-wide storage; plugins register what the call layer looks up here.
        self.attributes: dict[str, Any] = {}
        self._startup: list[Callable[[], Awaitable[None] | None]] = []
        self._shutdown: list[Callable[[], Awaitable[None] | None]] = []
        #: The installed plugins' hooks, and the road every content takes out.
        self.pipeline = Pipeline()

    # --- routing ------------------------------------------------------------------------

    def route(self, path: str, methods: list[str] | tuple[str, ...] = ("GET",)) -> Callable[[H], H]:
        """Register the decorated ``async def handler(call)`` for ``methods`` on ``path``."""

        def register(handler: H) -> H:
            self.router.add(path, methods, handler)
            return handler

        return register

    def get(self, path: str) -> Callable[[H], H]:
        """Register a GET handler."""
        return self.route(path, ["GET"])

    def post(self, path: str) -> Callable[[H], H]:
        """Register a POST handler."""
        return self.route(path, ["POST"])

    def put(self, path: str) -> Callable[[H], H]:
        """Register a PUT handler."""
        return self.route(path, ["PUT"])

    def patch(self, path: str) -> Callable[[H], H]:
        """Register a PATCH handler."""
        return self.route(path, ["PATCH"])

    def delete(self, path: str) -> Callable[[H], H]:
        """Register a DELETE handler."""
        return self.route(path, ["DELETE"])

    def head(self, path: str) -> Callable[[H], H]:
        """Register a HEAD handler."""
        return self.route(path, ["HEAD"])

    def options(self, path: str) -> Callable[[H], H]:
        """Register an OPTIONS handler."""
        return self.route(path, ["OPTIONS"])

    # --- plugins and lifespan ------------------------------------------------------------

    def install(self, plugin: type[P], **options: Any) -> P:
        """Install a plugin class with options and return its instance (see ``fastresp.app.plugin``)."""
        if plugin in self.plugins:
            raise ValueError(f"{plugin.__name__} is already installed")
        if isinstance(inspect.getattr_static(plugin, "install", None), classmethod):
            instance = plugin.install(self, **options)  # type: ignore[attr-defined]
        else:
            instance = plugin(self, **options)
        self.plugins[plugin] = instance
        self.pipeline.add(instance)
        return instance

    def plugin(self, plugin: type[P]) -> P | None:
        """The installed instance of ``plugin``, or None."""
        return self.plugins.get(plugin)

    def on_startup(self, function: Callable[[], Any]) -> Callable[[], Any]:
        """Run ``function`` (sync or async) at ASGI lifespan startup."""
        self._startup.append(function)
        return function

    def on_shutdown(self, function: Callable[[], Any]) -> Callable[[], Any]:
        """Run ``function`` (sync or async) at ASGI lifespan shutdown."""
        self._shutdown.append(function)
        return function

    # --- ASGI -----------------------------------------------------------------------------

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        kind = scope["type"]
        if kind != "http":
            await self._other_scope(kind, receive, send)
            return
        call = ApplicationCall(self, scope, receive, send)
        try:
            for hook in self.pipeline.call_hooks:
                await hook(call)
                if call.responded:
                    return
            await self._route(call)
        except Exception as error:  # noqa: BLE001 - any handler failure becomes a 500, logged
            await self._fail(call, error)

    async def _other_scope(self, kind: str, receive: Any, send: Any) -> None:
        """Lifespan and WebSocket scopes (there are no WebSocket routes)."""
        if kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1000})  # no WebSocket routes
        else:
            raise RuntimeError(f"unsupported ASGI scope type {kind!r}")

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    for function in self._startup:
                        await _maybe_await(function())
                except Exception as error:
                    logger.exception("startup failed")
                    await send({"type": "lifespan.startup.failed", "message": repr(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                try:
                    for function in self._shutdown:
                        await _maybe_await(function())
                except Exception as error:
                    logger.exception("shutdown failed")
                    await send({"type": "lifespan.shutdown.failed", "message": repr(error)})
                    return
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _route(self, call: ApplicationCall) -> None:
        scope = call.scope
        route = self.router.constant_route(scope["method"], scope.get("raw_path") or b"")
        if route is not None:  # the usual case: no splitting, decoding or pattern scan
            await route.handler(call)
        else:
            await self._route_by_pattern(call)
        if not call.responded:
            # Ktor's rule: an unanswered call sends the status set so far, else 404.
            await call.send(HttpStatusCodeContent(call.response.status() or HttpStatusCode.NotFound))

    async def _route_by_pattern(self, call: ApplicationCall) -> None:
        """Route by the decoded path segments: patterns, AutoHeadResponse, 405 and 404."""
        parts = split_path(call.scope)
        if parts is None:
            await call.send(_error_content(HttpStatusCode.BadRequest, "Bad Request: malformed path"))
            return
        method = call.request.method
        found = self.router.resolve(method, parts)
        if found.route is None and method == "HEAD" and self.attributes.get(AUTO_HEAD_KEY):
            # AutoHeadResponse: HEAD runs the GET route; the sender drops the body (RFC 9110 §9.3.2).
            head = self.router.resolve("GET", parts)
            if head.route is not None:
                found = head
        if found.route is None:
            if found.allowed:
                # RFC 9110 §15.5.6: a 405 must list the methods the resource supports.
                content = _error_content(HttpStatusCode.MethodNotAllowed, "Method Not Allowed")
                allowed = set(found.allowed)
                if "GET" in allowed and self.attributes.get(AUTO_HEAD_KEY):
                    allowed.add("HEAD")
                content.add_header("Allow", ", ".join(sorted(allowed)))
                await call.send(content)
            else:
                await call.send(HttpStatusCodeContent(HttpStatusCode.NotFound))
            return
        call.bind_path_parameters(found.parameters)
        await found.route.handler(call)

    async def _fail(self, call: ApplicationCall, error: Exception) -> None:
        """Answer a failed call: 404/400 for HttpErrors, 500 otherwise; abort if the head is out."""
        if call.response.is_sent:
            # Complete already (say, a second respond): the client has its answer.
            logger.error("error after the response was sent", exc_info=error)
            return
        if call.response.is_committed:
            # The head is on the wire: only aborting the connection is honest now.
            # The server logs the re-raised error (once) and closes the connection.
            raise error
        # A fresh response: headers the handler set are not sent with an error, and
        # a respond that failed before the head (a broken template) may be replaced.
        call.reset_response()
        for hook in self.pipeline.error_hooks:
            if await hook(call, error):
                return
        if isinstance(error, HttpError):
            status = HttpStatusCode.from_value(error.status_value)
            body = f"{status.description}: {error.message}" if error.message else status.description
        else:
            logger.error(
                "unhandled error in %s %s", call.request.method, call.request.path, exc_info=error
            )
            status, body = HttpStatusCode.InternalServerError, "Internal Server Error"
        try:
            await call.send(_error_content(status, body))
        except Exception as plugin_error:
            if call.response.is_committed:
                raise
            # A plugin that fails on every response (a broken provider) must not turn the
            # error page into a dropped connection: send it once more without plugins.
            logger.error("a plugin failed while sending the error response", exc_info=plugin_error)
            call.reset_response()
            fallback = _error_content(HttpStatusCode.InternalServerError, "Internal Server Error")
            await send_content(call.asgi_send, call.scope, call.response, fallback)


def _error_content(status: HttpStatusCode, body: str) -> TextContent:
    return TextContent(body, _PLAIN, status)


async def _maybe_await(result: Any) -> None:
    if hasattr(result, "__await__"):
        await result
