"""What the app layer's modules use of the call and of the application, as Protocols.

At run time the sending chain goes application → call → pipeline → sending → contents;
annotations go the same way. A module down the chain names the call or the application
it is handed by one of these roles, never by importing the module above it, so the
graph of imports, type-only ones included, has no cycle.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .request import ApplicationRequest
    from .response import ApplicationResponse

__all__ = ["ApplicationRole", "CallRole", "ContentSender"]


class ContentSender(Protocol):
    """What a call hands its content to: the application's plugin pipeline."""

    def send(self, call: CallRole, content: Any) -> Awaitable[None]:
        """Run ``content`` through the plugins and send it on ``call``."""


class ApplicationRole(Protocol):
    """What a call, a content and a plugin use of the ``Application``."""

    #: Application-wide storage (plugins register what the call layer looks up here).
    attributes: dict[str, Any]
    #: The plugin pipeline every response goes through.
    pipeline: ContentSender


class CallRole(Protocol):
    """What contents, the pipeline and plugins use of an ``ApplicationCall``."""

    application: ApplicationRole
    scope: dict[str, Any]
    asgi_send: Callable[[dict[str, Any]], Awaitable[None]]
    response: ApplicationResponse

    @property
    def request(self) -> ApplicationRequest:
        """The incoming request."""

    @property
    def attributes(self) -> dict[str, Any]:
        """Free-form per-call storage."""
