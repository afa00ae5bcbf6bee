"""The StatusPages plugin: handlers for exceptions and for statuses about to be sent.

pages = app.install(StatusPages)

@pages.exception(ValueError)
async def bad_value(call, cause):
    await call.respond_text(f"bad value: {cause}", status=HttpStatusCode.BadRequest)

@pages.status(HttpStatusCode.NotFound)
async def not_found(call, status):
    await call.respond_html("<h1>Nothing here</h1>", status=status)
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.contents import OutgoingContent
from ..app.plugin import Phase, Plugin, effective_status
from ..app.response import as_status
from ..http.status import HttpStatusCode

__all__ = ["StatusPages"]

logger = logging.getLogger("fastresp.app")

ExceptionHandler = Callable[[ApplicationCall, BaseException], Awaitable[None]]
StatusHandler = Callable[[ApplicationCall, HttpStatusCode], Awaitable[None]]
H = TypeVar("H", bound=Callable[..., Awaitable[None]])

# Per-call flag: a status handler ran, so the response it sends is not handled again.
_HANDLED = "fastresp.status_pages.handled"


class StatusPages(Plugin):
    """Ktor's StatusPages: ``exception(Type)`` handlers by nearest base class, ``status(code)`` handlers.

    A status handler runs once per call, when a response with its status is about to be
    sent; if it responds, its response replaces the original, else the original is sent.
    """

    phase = Phase.STATUS

    def __init__(self, app: Application) -> None:
        super().__init__(app)
        self.exceptions: dict[type[BaseException], ExceptionHandler] = {}
        self.statuses: dict[int, StatusHandler] = {}

    def exception(self, *types: type[BaseException]) -> Callable[[H], H]:
        """Decorator: ``async def handler(call, cause)`` for exceptions of ``types`` and their subclasses."""
        for kind in types:
            if not (isinstance(kind, type) and issubclass(kind, BaseException)):
                raise TypeError(f"exception() takes exception classes, got {kind!r}")

        def register(handler: H) -> H:
            for kind in types:
                self.exceptions[kind] = handler
            return handler

        return register

    def status(self, *codes: HttpStatusCode | int) -> Callable[[H], H]:
        """Decorator: ``async def handler(call, status)`` run when a response with these statuses is sent."""
        values = [as_status(code).value for code in codes]

        def register(handler: H) -> H:
            for value in values:
                self.statuses[value] = handler
            return handler

        return register

    def handler_for(self, error: BaseException) -> ExceptionHandler | None:
        """The handler registered for the nearest class in ``type(error).__mro__``."""
        for kind in type(error).__mro__:
            handler = self.exceptions.get(kind)
            if handler is not None:
                return handler
        return None

    async def on_error(self, call: ApplicationCall, error: BaseException) -> bool:
        """Run the exception handler for ``error``; True when it responded."""
        handler = self.handler_for(error)
        if handler is None:
            return False
        try:
            await handler(call, error)
        except Exception:
            if call.response.is_committed:
                raise  # the head is out: only aborting is honest (see Application._fail)
            logger.exception("StatusPages exception handler failed for %r", error)
            call.responded = False
            return False
        return call.responded

    async def transform(self, call: ApplicationCall, content: OutgoingContent) -> OutgoingContent:
        """Before sending a status with a handler, run the handler once; its response wins."""
        if not self.statuses or call.attributes.get(_HANDLED):
            return content
        status = effective_status(call, content)
        handler = self.statuses.get(status.value)
        if handler is None:
            return content
        call.attributes[_HANDLED] = True
        # Let the handler respond: its content runs through every plugin again.
        call.responded = False
        try:
            await handler(call, status)
        except Exception:
            if call.response.is_committed:
                raise
            logger.exception("StatusPages status handler failed for %s", status.value)
        if not call.response.is_committed:
            call.responded = True  # it did not respond: the original goes out
        return content
