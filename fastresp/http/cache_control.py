"""``Cache-Control`` response directives: Ktor's ``CacheControl`` (RFC 9111 §5.2.2)."""

from __future__ import annotations

import enum

__all__ = ["CacheControl"]


class CacheControl:
    """Base of the directive sets; ``str()`` gives the header value.

    Treat instances as immutable: the header value is built once, on the first ``str()``.
    """

    __slots__ = ("_text", "visibility")

    class Visibility(enum.Enum):
        """Who may store the response: any cache, or only the user's own (RFC 9111 §5.2.2.6-7)."""

        Public = "public"
        Private = "private"

    def __init__(self, visibility: CacheControl.Visibility | None = None) -> None:
        if visibility is not None and not isinstance(visibility, CacheControl.Visibility):
            raise TypeError(f"visibility must be CacheControl.Visibility or None, got {visibility!r}")
        self.visibility = visibility

    def _directives(self) -> list[str]:
        raise NotImplementedError

    def __str__(self) -> str:
        try:
            return self._text
        except AttributeError:
            pass
        parts = self._directives()
        if self.visibility is not None:
            parts.append(self.visibility.value)
        text = self._text = ", ".join(parts)
        return text

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CacheControl):
            return NotImplemented
        return type(self) is type(other) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash((type(self), str(self)))


class _NoCache(CacheControl):
    """``no-cache``: stored responses must be revalidated before use."""

    __slots__ = ()

    def _directives(self) -> list[str]:
        return ["no-cache"]


class _NoStore(CacheControl):
    """``no-store``: no cache may keep the response."""

    __slots__ = ()

    def _directives(self) -> list[str]:
        return ["no-store"]


class _MaxAge(CacheControl):
    """``max-age=N`` with optional ``s-maxage``, ``must-revalidate`` and ``proxy-revalidate``."""

    __slots__ = ("max_age_seconds", "must_revalidate", "proxy_max_age_seconds", "proxy_revalidate")

    def __init__(
        self,
        max_age_seconds: int,
        proxy_max_age_seconds: int | None = None,
        must_revalidate: bool = False,
        proxy_revalidate: bool = False,
        visibility: CacheControl.Visibility | None = None,
    ) -> None:
        super().__init__(visibility)
        for label, seconds in (
            ("max_age_seconds", max_age_seconds),
            ("proxy_max_age_seconds", proxy_max_age_seconds),
        ):
            if seconds is None and label == "proxy_max_age_seconds":
                continue
            # delta-seconds = 1*DIGIT (RFC 9111 §1.2.2): a non-negative integer.
            if type(seconds) is bool or not isinstance(seconds, int) or seconds < 0:
                raise ValueError(f"{label} must be a non-negative int, got {seconds!r}")
        self.max_age_seconds = max_age_seconds
        self.proxy_max_age_seconds = proxy_max_age_seconds
        self.must_revalidate = must_revalidate
        self.proxy_revalidate = proxy_revalidate

    def _directives(self) -> list[str]:
        parts = [f"max-age={self.max_age_seconds}"]
        if self.proxy_max_age_seconds is not None:
            parts.append(f"s-maxage={self.proxy_max_age_seconds}")
        if self.must_revalidate:
            parts.append("must-revalidate")
        if self.proxy_revalidate:
            parts.append("proxy-revalidate")
        return parts


_NoCache.__name__ = _NoCache.__qualname__ = "NoCache"
_NoStore.__name__ = _NoStore.__qualname__ = "NoStore"
_MaxAge.__name__ = _MaxAge.__qualname__ = "MaxAge"
CacheControl.NoCache = _NoCache  # type: ignore[attr-defined]
CacheControl.NoStore = _NoStore  # type: ignore[attr-defined]
CacheControl.MaxAge = _MaxAge  # type: ignore[attr-defined]
