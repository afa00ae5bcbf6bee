"""JSON for content negotiation: one conversion of Python values, then orjson or stdlib json.

Values are first turned into plain JSON data by one function (``to_json_data``), so
both encoders see the same input; data whose text the two would write differently
(floats in exponent form, integers past 64 bits) always goes through stdlib json.
The bytes are therefore identical with and without orjson.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import functools
import json
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

try:  # orjson is an optional speed-up (the "speedups" extra)
    import orjson
except ImportError:  # pragma: no cover - exercised by the no-orjson test through a flag
    orjson = None  # type: ignore[assignment]

__all__ = ["dumps", "loads", "to_json_data"]

_MAX_DEPTH = 256
_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1


class _Walk:
    """State of one conversion: whether stdlib json must write the result."""

    __slots__ = ("needs_stdlib",)

    def __init__(self) -> None:
        self.needs_stdlib = False


def to_json_data(value: Any) -> Any:
    """Convert dataclasses, Enums, datetimes, UUIDs, Decimals, pydantic models... to JSON data.

    Raises ``TypeError`` for a value JSON cannot carry and ``ValueError`` for NaN,
    infinities, or nesting deeper than 256 levels (which also stops cycles).
    """
    return _convert(value, _Walk(), 0)


def _convert(value: Any, walk: _Walk, depth: int) -> Any:
    kind = type(value)
    if kind is str:  # the common leaves first: exact types need no conversion
        return value
    if kind is int:
        if not _INT64_MIN <= value <= _UINT64_MAX:
            walk.needs_stdlib = True  # orjson refuses integers past 64 bits
        return value
    if depth > _MAX_DEPTH:
        raise ValueError("value is nested too deeply (or holds a cycle) to serialize as JSON")
    if value is None or value is True or value is False:
        return value
    names = _dataclass_fields(kind)
    if names is not None:
        return {name: _convert(getattr(value, name), walk, depth + 1) for name in names}
    if isinstance(value, enum.Enum):
        return _convert(value.value, walk, depth + 1)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        number = int(value)
        if not _INT64_MIN <= number <= _UINT64_MAX:
            walk.needs_stdlib = True  # orjson refuses integers past 64 bits
        return number
    if isinstance(value, float):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{number!r} is not a JSON number (RFC 8259 §6)")
        if "e" in repr(number):
            walk.needs_stdlib = True  # orjson writes 1e-05 as 0.00001
        return number
    if isinstance(value, Mapping):
        return {_key(key, walk): _convert(item, walk, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_convert(item, walk, depth + 1) for item in value]
    if isinstance(value, (set, frozenset)):
        return [_convert(item, walk, depth + 1) for item in value]
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        # A string keeps every digit; a JSON number would go through a float.
        return str(value)
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump) and not isinstance(value, type):  # pydantic v2 models
        return _convert(model_dump(mode="json"), walk, depth + 1)
    raise TypeError(f"cannot serialize {type(value).__name__} to JSON")


@functools.lru_cache(maxsize=1024)  # the app's own types; never grows with traffic
def _dataclass_fields(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type (None for other types), remembered per type.

    A dataclass that is also one of the types converted above it in ``_convert`` (an
    Enum, a str, a Mapping...) gets None, so it is still converted as that type.
    """
    names = None
    if dataclasses.is_dataclass(kind) and not issubclass(kind, _CONVERTED_BEFORE_DATACLASSES):
        names = tuple(field.name for field in dataclasses.fields(kind))
    return names


# What _convert turns into JSON before asking whether a value is a dataclass.
_CONVERTED_BEFORE_DATACLASSES = (
    enum.Enum, str, int, float, Mapping, list, tuple, set, frozenset,
    _dt.datetime, _dt.date, _dt.time, uuid.UUID, Decimal,
)  # fmt: skip


def _key(key: Any, walk: _Walk) -> str:
    """A dict key as JSON text, converted the way stdlib json does it."""
    if isinstance(key, enum.Enum):
        key = key.value
    if isinstance(key, str):
        return str(key)
    if key is True or key is False or key is None:
        return json.dumps(key)
    if isinstance(key, int):
        return str(int(key))
    if isinstance(key, float):
        if not math.isfinite(key):
            raise ValueError(f"{key!r} is not a valid JSON key")
        return repr(float(key))
    if isinstance(key, (uuid.UUID, Decimal)):
        return str(key)
    if isinstance(key, (_dt.datetime, _dt.date, _dt.time)):
        return key.isoformat()
    raise TypeError(f"cannot use a {type(key).__name__} as a JSON object key")


def dumps(value: Any, *, use_orjson: bool = True) -> bytes:
    """Serialize ``value`` to compact UTF-8 JSON; the same bytes with or without orjson."""
    walk = _Walk()
    data = _convert(value, walk, 0)
    if orjson is not None and use_orjson and not walk.needs_stdlib:
        try:
            return orjson.dumps(data)
        except orjson.JSONEncodeError:
            pass  # e.g. a lone surrogate: stdlib json decides below
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def loads(data: bytes) -> Any:
    """Parse JSON bytes; raises ``ValueError`` on invalid input, including NaN and Infinity."""
    return json.loads(data, parse_constant=_refuse_constant)


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259 §6), though Python's parser takes them.
    raise ValueError(f"{name} is not valid JSON")
