"""The CachingHeaders plugin: ``Cache-Control`` and ``Expires`` from per-call option providers.

caching = app.install(CachingHeaders)
caching.options(lambda call, content: CachingOptions(CacheControl.MaxAge(3600))
                if content.content_type and content.content_type.match("text/css") else None)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.contents import OutgoingContent
from ..app.plugin import Phase, Plugin, has_header
from ..core import http_date
from ..http.cache_control import CacheControl

__all__ = ["CachingHeaders", "CachingOptions", "merge_cache_controls"]


@dataclass(frozen=True)
class CachingOptions:
    """What a provider asks for: a ``CacheControl`` and/or an ``Expires`` time (datetime or epoch)."""

    cache_control: CacheControl | None = None
    expires: datetime | float | None = None


OptionsProvider = Callable[[ApplicationCall, OutgoingContent], "CachingOptions | None"]


class CachingHeaders(Plugin):
    """Adds ``Cache-Control`` (several provider values merged into one) and ``Expires``.

    A handler's own ``Cache-Control`` / ``Expires`` header wins: nothing is added then.
    """

    phase = Phase.HEADERS

    def __init__(self, app: Application) -> None:
        super().__init__(app)
        self.providers: list[OptionsProvider] = []

    def options(self, provider: OptionsProvider) -> OptionsProvider:
        """Register ``provider(call, content) -> CachingOptions | None``; usable as a decorator."""
        if not callable(provider):
            raise TypeError("a caching options provider must be callable")
        self.providers.append(provider)
        return provider

    async def transform(self, call: ApplicationCall, content: OutgoingContent) -> OutgoingContent:
        """Collect the providers' options and add the merged headers to the content."""
        controls: list[CacheControl] = []
        expires: datetime | float | None = None
        for provider in self.providers:
            option = provider(call, content)
            if option is None:
                continue
            if not isinstance(option, CachingOptions):
                raise TypeError(f"a caching options provider returned {option!r}, not CachingOptions")
            if option.cache_control is not None:
                controls.append(option.cache_control)
            if expires is None:
                expires = option.expires  # Ktor's rule: the first Expires wins
        if controls and not has_header(call, content, "Cache-Control"):
            content.headers.append(("Cache-Control", merge_cache_controls(controls)))
        if expires is not None and not has_header(call, content, "Expires"):
            if isinstance(expires, (int, float)) and not math.isfinite(expires):
                raise ValueError(f"Expires must be a finite time, got {expires!r}")
            content.headers.append(("Expires", http_date(expires).decode("ascii")))
        return content


def merge_cache_controls(controls: list[CacheControl]) -> str:
    """One ``Cache-Control`` value for several (RFC 9111 §5.2.2): the most restrictive of each kind.

    no-store and no-cache stay if any asks; the smallest max-age and s-maxage win;
    must-revalidate and proxy-revalidate combine; private beats public.
    """
    no_store = no_cache = must_revalidate = proxy_revalidate = False
    max_age: int | None = None
    s_maxage: int | None = None
    visibility: CacheControl.Visibility | None = None
    for control in controls:
        if not isinstance(control, CacheControl):
            raise TypeError(f"cache_control must be a CacheControl, got {control!r}")
        if isinstance(control, CacheControl.NoStore):  # type: ignore[attr-defined]
            no_store = True
        elif isinstance(control, CacheControl.NoCache):  # type: ignore[attr-defined]
            no_cache = True
        elif isinstance(control, CacheControl.MaxAge):  # type: ignore[attr-defined]
            max_age = control.max_age_seconds if max_age is None else min(max_age, control.max_age_seconds)
            if control.proxy_max_age_seconds is not None:
                s_maxage = (
                    control.proxy_max_age_seconds
                    if s_maxage is None
                    else min(s_maxage, control.proxy_max_age_seconds)
                )
            must_revalidate |= control.must_revalidate
            proxy_revalidate |= control.proxy_revalidate
        if control.visibility is CacheControl.Visibility.Private:
            visibility = CacheControl.Visibility.Private
        elif control.visibility is CacheControl.Visibility.Public and visibility is None:
            visibility = CacheControl.Visibility.Public
    parts = []
    if no_store:
        parts.append("no-store")
    if no_cache:
        parts.append("no-cache")
    if max_age is not None:
        parts.append(f"max-age={max_age}")
    if s_maxage is not None:
        parts.append(f"s-maxage={s_maxage}")
    if must_revalidate:
        parts.append("must-revalidate")
    if proxy_revalidate:
        parts.append("proxy-revalidate")
    if visibility is not None:
        parts.append(visibility.value)
    return ", ".join(parts)
