"""Ktor-style path patterns and the router: ``/users/{id}``, ``{name?}``, ``{...}``, ``{path...}``, ``*``."""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import unquote

__all__ = ["Route", "RouteMatch", "Router", "split_path"]

Handler = Callable[[Any], Awaitable[None]]

_PARAM = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)?(\?|\.\.\.)?\}$")

# How specific a segment is; a more specific route wins (Ktor's selector qualities).
# Ending exactly where the pattern ends beats going on; a skipped optional ranks lowest.
_END, _CONSTANT, _PARAMETER, _WILDCARD, _OPTIONAL, _TAILCARD, _SKIPPED = 5, 4, 3, 2, 1, 0, -1


@dataclass(frozen=True)
class _Segment:
    kind: int
    text: str  # literal text, or the parameter name ("" for an anonymous tail)


def _parse_pattern(path: str) -> tuple[_Segment, ...]:
    """Compile ``/a/{b}/{c?}/{d...}`` into segments; raises ValueError on bad syntax."""
    if not path.startswith("/"):
        raise ValueError(f"route path must start with '/', got {path!r}")
    segments = []
    parts = [part for part in path.split("/") if part]
    for index, part in enumerate(parts):
        if "{" not in part and "}" not in part:
            segments.append(_Segment(_WILDCARD, "*") if part == "*" else _Segment(_CONSTANT, part))
            continue
        match = _PARAM.match(part)
        if match is None:
            raise ValueError(f"invalid path segment {part!r} in {path!r}")
        name, suffix = match.group(1) or "", match.group(2)
        if suffix == "...":
            if index != len(parts) - 1:
                raise ValueError(f"a tail parameter must be the last segment in {path!r}")
            segments.append(_Segment(_TAILCARD, name))
        elif not name:
            raise ValueError(f"parameter without a name in {path!r}")
        else:
            segments.append(_Segment(_OPTIONAL if suffix == "?" else _PARAMETER, name))
    return tuple(segments)


def split_path(scope: dict[str, Any]) -> list[str] | None:
    """The request path as decoded segments, empty segments dropped.

    Splitting the raw path before decoding keeps ``%2F`` inside one segment. Returns
    None when the raw path is not valid percent-encoded UTF-8.
    """
    raw = scope.get("raw_path")
    if raw is None:
        return [segment for segment in scope.get("path", "/").split("/") if segment]
    raw = raw.split(b"?", 1)[0]
    try:
        text = raw.decode("ascii")
        if "%" not in text:  # nothing to decode (most paths): skip unquote per segment
            return [segment for segment in text.split("/") if segment]
        return [unquote(segment, errors="strict") for segment in text.split("/") if segment]
    except UnicodeDecodeError:
        return None


@dataclass(frozen=True)
class Route:
    """A handler registered for some methods on one path pattern."""

    path: str
    methods: frozenset[str]
    handler: Handler
    segments: tuple[_Segment, ...]

    def match(self, parts: list[str]) -> tuple[tuple[int, ...], list[tuple[str, str]]] | None:
        """Match path segments; return (quality, parameters) or None."""
        return _match(self.segments, 0, parts, 0)


def _match(
    segments: tuple[_Segment, ...], si: int, parts: list[str], pi: int
) -> tuple[tuple[int, ...], list[tuple[str, str]]] | None:
    if si == len(segments):
        return ((_END,), []) if pi == len(parts) else None
    segment = segments[si]
    if segment.kind == _TAILCARD:
        params = [(segment.text, part) for part in parts[pi:]] if segment.text else []
        return (_TAILCARD,), params
    if segment.kind == _OPTIONAL:
        # Try consuming one segment first (more specific), then skipping it.
        if pi < len(parts):
            rest = _match(segments, si + 1, parts, pi + 1)
            if rest is not None:
                return (_OPTIONAL, *rest[0]), [(segment.text, parts[pi]), *rest[1]]
        rest = _match(segments, si + 1, parts, pi)
        if rest is not None:
            return (_SKIPPED, *rest[0]), rest[1]
        return None
    if pi == len(parts):
        return None
    if segment.kind == _CONSTANT and parts[pi] != segment.text:
        return None
    rest = _match(segments, si + 1, parts, pi + 1)
    if rest is None:
        return None
    params = [(segment.text, parts[pi])] if segment.kind == _PARAMETER else []
    return (segment.kind, *rest[0]), params + rest[1]


class RouteMatch(NamedTuple):
    """The outcome of routing: the route and its path parameters, or the methods allowed instead."""

    route: Route | None
    parameters: list[tuple[str, str]]
    allowed: frozenset[str]


class Router:
    """Routes in registration order; the most specific matching pattern wins.

    Routes made only of constant segments are also indexed by path: such a route is
    the most specific match there is (every segment scores the top quality), so a hit
    in the index for the request's method needs no scan of the patterns.
    """

    def __init__(self) -> None:
        self.routes: list[Route] = []
        # path segments -> method -> the first constant route registered for it.
        self._constant: dict[tuple[str, ...], dict[str, Route]] = {}
        # The same, keyed by the raw path a client sends for those segments when it needs
        # no percent-decoding and has no empty segment: b"/a/b" splits into exactly ("a", "b").
        self._constant_raw: dict[bytes, dict[str, Route]] = {}

    def add(self, path: str, methods: list[str] | tuple[str, ...] | frozenset[str], handler: Handler) -> Route:
        """Register ``handler`` for ``methods`` on ``path``."""
        if not (
            inspect.iscoroutinefunction(handler)
            or (callable(handler) and inspect.iscoroutinefunction(type(handler).__call__))
        ):
            # A plain def would only fail at request time, as a 500; say so at startup.
            raise TypeError(f"handler {handler!r} must be an async def taking the call")
        names = frozenset(method.upper() for method in methods)
        if not names:
            raise ValueError("a route needs at least one method")
        route = Route(path, names, handler, _parse_pattern(path))
        self.routes.append(route)
        if all(segment.kind == _CONSTANT for segment in route.segments):
            texts = tuple(segment.text for segment in route.segments)
            by_method = self._constant.setdefault(texts, {})
            for method in names:
                by_method.setdefault(method, route)  # on a tie the first registered wins
            raw = "/" + "/".join(texts)
            if raw.isascii() and "%" not in raw and "?" not in raw:
                self._constant_raw[raw.encode("ascii")] = by_method
        return route

    def constant_route(self, method: str, raw_path: bytes) -> Route | None:
        """The constant route for ``method`` whose path is exactly ``raw_path``, if any.

        Such a route is what ``resolve`` would pick for that path (see the class docs);
        None means "ask ``resolve``", not "no route".
        """
        by_method = self._constant_raw.get(raw_path)
        return None if by_method is None else by_method.get(method)

    def resolve(self, method: str, parts: list[str]) -> RouteMatch:
        """Find the best route for ``method`` on the path; ``allowed`` lists other methods that match."""
        by_method = self._constant.get(tuple(parts))
        if by_method is not None:
            route = by_method.get(method)
            if route is not None:
                return RouteMatch(route, [], route.methods)
        best: tuple[tuple[int, ...], Route, list[tuple[str, str]]] | None = None
        allowed: set[str] = set()
        for route in self.routes:
            found = route.match(parts)
            if found is None:
                continue
            allowed |= route.methods
            if method not in route.methods:
                continue
            if best is None or found[0] > best[0]:
                best = (found[0], route, found[1])
        if best is None:
            return RouteMatch(None, [], frozenset(allowed))
        return RouteMatch(best[1], best[2], frozenset(allowed))
