"""Content negotiation: parsing ``Accept`` (RFC 9110 §12.5.1), choosing a converter, decoding bodies.

The ``ContentNegotiation`` plugin (``fastresp.plugins.content_negotiation``) holds the
converters; this module holds the rules, so the application needs no plugin import.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import types
import typing
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from ..http.accept import AcceptItem, parse_accept
from ..http.content_type import ContentType
from . import json_codec

__all__ = [
    "NEGOTIATION_KEY",
    "AcceptItem",
    "Converter",
    "JsonConverter",
    "build_value",
    "parse_accept",
    "select",
]

#: Key of the installed ContentNegotiation plugin in ``Application.attributes``.
NEGOTIATION_KEY = "fastresp.content_negotiation"


class Converter(Protocol):
    """Turns values into bytes of one media type, and (optionally) bytes back into values."""

    def serialize(self, value: Any, content_type: ContentType) -> bytes:
        """The body for ``value``."""

    def deserialize(self, data: bytes, target: Any, content_type: ContentType) -> Any:
        """A value of type ``target`` from a request body."""


class JsonConverter:
    """JSON (RFC 8259): dataclasses, dicts, lists, Enums, datetimes, UUIDs, Decimals, pydantic."""

    def serialize(self, value: Any, content_type: ContentType) -> bytes:
        """Compact UTF-8 JSON, identical with and without orjson."""
        return json_codec.dumps(value)

    def deserialize(self, data: bytes, target: Any, content_type: ContentType) -> Any:
        """Parse JSON and build ``target`` from it (see ``build_value``)."""
        return build_value(target, json_codec.loads(data))


class FunctionConverter:
    """Adapts a plain ``fn(value) -> bytes | str`` to a serialize-only converter."""

    def __init__(self, function: Callable[[Any], bytes | str]) -> None:
        self.function = function

    def serialize(self, value: Any, content_type: ContentType) -> bytes:
        """Call the function; a str result is encoded with the type's charset (UTF-8 default)."""
        result = self.function(value)
        if isinstance(result, str):
            return result.encode(content_type.charset() or "utf-8")
        if not isinstance(result, (bytes, bytearray)):
            raise TypeError(f"converter for {content_type} returned {type(result).__name__}, not bytes")
        return bytes(result)


def select(accept: list[AcceptItem] | None, offers: list[ContentType]) -> ContentType | None:
    """The offer the client prefers: highest q of its most specific matching range.

    ``accept`` None means any type (no or unusable header); ties keep offer order.
    Returns None when every offer is unacceptable (q=0 or unmatched): a 406.
    """
    if not offers:
        return None
    if accept is None:
        return offers[0]
    best: ContentType | None = None
    best_q = 0.0
    for offer in offers:
        q = _quality(accept, offer)
        if q > best_q:
            best, best_q = offer, q
    return best


def _quality(accept: list[AcceptItem], offer: ContentType) -> float:
    """The q the client gives ``offer``: from the most specific range that matches it (§12.5.1)."""
    found = -1
    quality = 0.0
    for item in accept:
        if offer.match(item.range) and item.specificity > found:
            found, quality = item.specificity, item.q
    return quality


# --- building typed values from decoded data ------------------------------------------


def build_value(target: Any, data: Any) -> Any:
    """Build a ``target`` (dataclass, pydantic model, list[T], dict[str, T], Optional, Enum,
    datetime, UUID, Decimal or a JSON primitive) from decoded JSON data.

    Raises ``ValueError`` or ``TypeError`` describing the first mismatch.
    """
    return _build(target, data, "body")


def _build(target: Any, data: Any, where: str) -> Any:
    if target is Any or target is object or target is None:
        return data
    origin = typing.get_origin(target)
    if origin is typing.Union or origin is types.UnionType:
        options = typing.get_args(target)
        if data is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _build(option, data, where)
            except (TypeError, ValueError) as error:
                errors.append(str(error))
        raise ValueError(f"{where}: no type of {target} fits ({'; '.join(errors)})")
    if origin in (list, set, frozenset, tuple) or target in (list, tuple, set, frozenset):
        if not isinstance(data, list):
            raise TypeError(f"{where}: expected a JSON array")
        args = typing.get_args(target)
        item_type = args[0] if args else Any
        items = [_build(item_type, item, f"{where}[{index}]") for index, item in enumerate(data)]
        container = origin or target
        return container(items) if container is not list else items
    if origin is dict or target is dict:
        if not isinstance(data, dict):
            raise TypeError(f"{where}: expected a JSON object")
        args = typing.get_args(target)
        value_type = args[1] if len(args) == 2 else Any
        return {key: _build(value_type, item, f"{where}.{key}") for key, item in data.items()}
    if isinstance(target, type):
        return _build_class(target, data, where)
    raise TypeError(f"{where}: cannot build a {target!r}")


def _build_class(target: type, data: Any, where: str) -> Any:
    if dataclasses.is_dataclass(target):
        if not isinstance(data, dict):
            raise TypeError(f"{where}: expected a JSON object for {target.__name__}")
        hints = typing.get_type_hints(target)
        values = {}
        for field in dataclasses.fields(target):
            if not field.init:
                continue
            if field.name in data:
                values[field.name] = _build(hints.get(field.name, Any), data[field.name], f"{where}.{field.name}")
            elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise ValueError(f"{where}: missing field {field.name!r}")
        return target(**values)
    validate = getattr(target, "model_validate", None)
    if callable(validate):  # pydantic v2
        try:
            return validate(data)
        except ValueError as error:  # pydantic's ValidationError is a ValueError
            raise ValueError(f"{where}: {error}") from None
    if issubclass(target, enum.Enum):
        return target(data)
    if target is bool:
        if not isinstance(data, bool):
            raise TypeError(f"{where}: expected true or false")
        return data
    if target is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise TypeError(f"{where}: expected an integer")
        return data
    if target is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise TypeError(f"{where}: expected a number")
        return float(data)
    if target is str:
        if not isinstance(data, str):
            raise TypeError(f"{where}: expected a string")
        return data
    if target in (_dt.datetime, _dt.date, _dt.time):
        if not isinstance(data, str):
            raise TypeError(f"{where}: expected an ISO 8601 string")
        return target.fromisoformat(data)
    if target is uuid.UUID:
        return uuid.UUID(str(data))
    if target is Decimal:
        try:
            return Decimal(str(data))
        except InvalidOperation:
            raise ValueError(f"{where}: not a decimal number") from None
    if isinstance(data, target):
        return data
    raise TypeError(f"{where}: cannot build a {target.__name__}")
