"""The plugin protocol: what ``app.install(Plugin, **options)`` expects (Ktor's ``install(Feature)``).

A plugin is a class. ``install`` calls ``Plugin(app, **options)`` (or the classmethod
``Plugin.install(app, **options)`` when the class defines one) and keeps the instance.
An instance may define any of these hooks; the application calls them in install order:

``async def on_call(self, call) -> None``
    Before routing. Responding here (``call.response.is_committed`` or a sent
    response) ends the call: the route handler does not run. For HttpsRedirect,
    XForwardedHeaders and the like.

``async def transform(self, call, content) -> OutgoingContent``
    After a ``respond*`` built its content and before the head is built: return the
    content to send (the same one, changed, or a new one). Compression,
    ConditionalHeaders, PartialContent, CachingHeaders, DefaultHeaders and
    AutoHeadResponse work here, on values, never on bytes. A plugin that replaces
    a content must ``close()`` the one it drops.

``async def on_error(self, call, error) -> bool``
    When a handler raised before the response started. Return True after responding
    to claim the error (StatusPages); otherwise the default 500/404/400 is sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .application import Application
    from .call import ApplicationCall
    from .contents import OutgoingContent

__all__ = ["Plugin"]


class Plugin:
    """Optional base class for plugins: stores ``app`` and refuses unknown options."""

    def __init__(self, app: Application, **options: Any) -> None:
        if options:
            raise TypeError(f"{type(self).__name__} got unknown options: {', '.join(sorted(options))}")
        self.app = app

    async def on_call(self, call: ApplicationCall) -> None:
        """Runs before routing; see the module docstring."""

    async def transform(self, call: ApplicationCall, content: OutgoingContent) -> OutgoingContent:
        """Runs before the head is built; returns the content to send."""
        return content

    async def on_error(self, call: ApplicationCall, error: BaseException) -> bool:
        """Runs when a handler failed before responding; True claims the error."""
        return False
