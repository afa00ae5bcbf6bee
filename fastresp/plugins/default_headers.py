"""The DefaultHeaders plugin: ``Date``, ``Server`` and configured headers on every response.

app.install(DefaultHeaders)                                   # Date + Server: fastresp/<version>
app.install(DefaultHeaders, server="shop/2", headers={"X-Frame-Options": "DENY"})
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.contents import OutgoingContent
from ..app.plugin import Phase, Plugin, has_header
from ..core import encode_headers, http_date

__all__ = ["DefaultHeaders"]

_UNSET = object()


def _default_server() -> str:
    from .. import __version__  # late: fastresp/__init__ imports the plugins

    return f"fastresp/{__version__}"


class DefaultHeaders(Plugin):
    """Adds ``Date`` (RFC 9110 §6.6.1), ``Server`` and configured headers, each only when absent.

    Options: ``server`` (a product string; None turns it off), ``headers`` (name -> value).
    """

    phase = Phase.HEADERS

    def __init__(
        self,
        app: Application,
        *,
        server: str | None | object = _UNSET,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(app)
        self.headers: list[tuple[str, str]] = []
        if server is _UNSET:
            server = _default_server()
        if server is not None:
            self.header("Server", server)  # type: ignore[arg-type]
        for name, value in (headers or {}).items():
            self.header(name, value)
        self._date_second = -1
        self._date = ""

    def header(self, name: str, value: str) -> None:
        """Add a header sent on every response (Ktor's ``header(name, value)``); validated now."""
        if name.lower() == "date":
            raise ValueError("Date is always the current time; it cannot be configured")
        encode_headers([(name, value)])  # the core's rule: a bad header fails at install
        self.headers.append((name, value))

    def date(self) -> str:
        """The current IMF-fixdate from the core, rendered once per second."""
        now = int(time.time())
        if now != self._date_second:
            self._date, self._date_second = http_date(now).decode("ascii"), now
        return self._date

    async def transform(self, call: ApplicationCall, content: OutgoingContent) -> OutgoingContent:
        """Add the missing ``Date``, ``Server`` and configured headers to the content."""
        # An origin server with a clock MUST send Date in 2xx-4xx and MAY in 1xx/5xx (§6.6.1).
        if not has_header(call, content, "Date"):
            content.headers.append(("Date", self.date()))
        for name, value in self.headers:
            if not has_header(call, content, name):
                content.headers.append((name, value))
        return content
