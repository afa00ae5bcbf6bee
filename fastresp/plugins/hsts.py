"""The HSTS plugin: ``Strict-Transport-Security`` on HTTPS responses (RFC 6797).

hsts = app.install(HSTS)                                     # max-age=31536000; includeSubDomains
hsts.with_host("static.example.com", max_age=600, include_subdomains=False)
"""

from __future__ import annotations

from collections.abc import Mapping

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.contents import OutgoingContent
from ..app.plugin import Phase, Plugin, has_header
from ..core import encode_headers

__all__ = ["HSTS", "hsts_value"]

_DEFAULT_MAX_AGE = 365 * 24 * 3600


def hsts_value(
    max_age: int, include_subdomains: bool, preload: bool, custom_directives: Mapping[str, str | None]
) -> str:
    """The header value: ``max-age=N`` then the flags and custom directives (RFC 6797 §6.1)."""
    if type(max_age) is not int or max_age < 0:
        raise ValueError(f"max_age must be a non-negative int, got {max_age!r}")
    parts = [f"max-age={max_age}"]
    if include_subdomains:
        parts.append("includeSubDomains")
    if preload:
        parts.append("preload")  # not in RFC 6797; the browsers' preload list asks for it
    for name, value in custom_directives.items():
        parts.append(name if value is None else f"{name}={value}")
    text = "; ".join(parts)
    encode_headers([("Strict-Transport-Security", text)])  # the core validates the whole value
    return text


class HSTS(Plugin):
    """Adds ``Strict-Transport-Security`` to responses over HTTPS only (RFC 6797 §7.2: never over HTTP).

    Options: ``max_age`` (seconds, default one year), ``include_subdomains`` (True),
    ``preload`` (False), ``custom_directives`` (name -> value or None). The scheme is
    ``call.request.origin.scheme``, so it works behind XForwardedHeaders.
    """

    phase = Phase.HEADERS

    def __init__(
        self,
        app: Application,
        *,
        max_age: int = _DEFAULT_MAX_AGE,
        include_subdomains: bool = True,
        preload: bool = False,
        custom_directives: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(app)
        self.value = hsts_value(max_age, include_subdomains, preload, custom_directives or {})
        self.hosts: dict[str, str] = {}

    def with_host(
        self,
        host: str,
        *,
        max_age: int = _DEFAULT_MAX_AGE,
        include_subdomains: bool = True,
        preload: bool = False,
        custom_directives: Mapping[str, str | None] | None = None,
    ) -> None:
        """Use other settings for requests to ``host`` (Ktor's ``withHost``)."""
        self.hosts[host.lower()] = hsts_value(max_age, include_subdomains, preload, custom_directives or {})

    async def transform(self, call: ApplicationCall, content: OutgoingContent) -> OutgoingContent:
        """Add the header on HTTPS, with the settings of the request's host."""
        origin = call.request.origin
        if origin.scheme == "https" and not has_header(call, content, "Strict-Transport-Security"):
            content.headers.append(("Strict-Transport-Security", self.hosts.get(origin.host, self.value)))
        return content
