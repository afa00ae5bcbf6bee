"""The plugin protocol: what ``app.install(Plugin, **options)`` expects (Ktor's ``install(Feature)``).

A plugin is a class. ``install`` calls ``Plugin(app, **options)`` (or the classmethod
``Plugin.install(app, **options)`` when the class defines one) and keeps the instance.
An instance may define any of these hooks; the application calls them ordered by the
plugin's ``phase`` (see ``Phase``), then in install order:

``async def on_call(self, call) -> None``
    Before routing. Responding here (``call.response.is_committed`` or a sent
    response) ends the call: the route handler does not run. For HttpsRedirect,
    XForwardedHeaders and the like.

``async def transform(self, call, content) -> OutgoingContent``
    After a ``respond*`` built its content and before the head is built: return the
    content to send (the same one, changed, or a new one). Compression,
    ConditionalHeaders, PartialContent, CachingHeaders, DefaultHeaders and
    StatusPages work here, on values, never on bytes. A plugin that replaces
    a content must carry the headers over (``replace_content``); the dropped one is
    closed by the call. A transform may also respond itself (StatusPages): once
    ``call.response.is_committed`` is true after a transform, the remaining ones are
    skipped and the original content is not sent.

``async def on_error(self, call, error) -> bool``
    When a handler raised before the response started. Return True after responding
    to claim the error (StatusPages); otherwise the default 500/404/400 is sent.

Helpers for plugins: ``effective_status`` (the status a content will be sent with),
``header_value`` / ``has_header`` (a header on the response or on the content, the way
the head will be built) and ``replace_content``.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from ..http.status import HttpStatusCode

if TYPE_CHECKING:
    from .contents import OutgoingContent
    from .roles import ApplicationRole, CallRole

__all__ = [
    "AUTO_HEAD_KEY",
    "Phase",
    "Plugin",
    "effective_status",
    "has_header",
    "header_value",
    "replace_content",
]

#: ``Application.attributes`` key: when true, a HEAD request with no HEAD route runs the GET route.
AUTO_HEAD_KEY = "fastresp.auto_head"


class Phase(enum.IntEnum):
    """Where a plugin's hooks run; lower first, install order within a phase."""

    #: Fixes ``call.request.origin`` before anyone reads it (XForwardedHeaders).
    ORIGIN = 0
    #: Adds headers (DefaultHeaders, CachingHeaders, HSTS, HttpsRedirect); the default.
    HEADERS = 200
    #: Decides 304/412 from the validators the earlier phases set (ConditionalHeaders).
    CONDITIONAL = 300
    #: Slices the body (PartialContent).
    RANGES = 400
    #: Encodes the body; sees the final status, so 206 and 304 are skipped (Compression).
    ENCODING = 500
    #: Sees the status that will really be sent (a 304, 412 or 416 included) and may
    #: replace the whole response (StatusPages).
    STATUS = 600


class Plugin:
    """Optional base class for plugins: stores ``app`` and refuses unknown options."""

    #: Ordering of this plugin's hooks relative to other plugins.
    phase: Phase = Phase.HEADERS

    def __init__(self, app: ApplicationRole, **options: Any) -> None:
        if options:
            raise TypeError(f"{type(self).__name__} got unknown options: {', '.join(sorted(options))}")
        self.app = app

    async def on_call(self, call: CallRole) -> None:
        """Runs before routing; see the module docstring."""

    async def transform(self, call: CallRole, content: OutgoingContent) -> OutgoingContent:
        """Runs before the head is built; returns the content to send."""
        return content

    async def on_error(self, call: CallRole, error: BaseException) -> bool:
        """Runs when a handler failed before responding; True claims the error."""
        return False


def effective_status(call: CallRole, content: OutgoingContent) -> HttpStatusCode:
    """The status ``content`` will be sent with: its own, else the one set on the response, else 200."""
    return content.status or call.response.status() or HttpStatusCode.OK


def header_value(call: CallRole, content: OutgoingContent, name: str) -> str | None:
    """The value the head will carry for ``name``: the handler's header wins over the content's."""
    value = call.response.headers.get(name)
    if value is not None:
        return value
    return content.headers.get(name)


def has_header(call: CallRole, content: OutgoingContent, name: str) -> bool:
    """Whether the head will carry ``name`` (set by the handler or on the content)."""
    return header_value(call, content, name) is not None


def replace_content(old: OutgoingContent, new: OutgoingContent) -> OutgoingContent:
    """Give ``new`` the extra headers of ``old`` (ETag, Last-Modified, ...) and return it."""
    new.headers.prepend(old.headers)
    return new
