"""``Content-Disposition`` values (RFC 6266), with RFC 8187 ``filename*`` for non-ASCII names."""

from __future__ import annotations

import unicodedata
from typing import ClassVar
from urllib.parse import quote as percent_encode

from ._parameters import format_parameter, is_token, parse_parameters

__all__ = ["ContentDisposition"]


class ContentDisposition:
    """A disposition type and its parameters: ``attachment; filename="a b.png"``."""

    __slots__ = ("disposition", "parameters")

    Attachment: ClassVar[ContentDisposition]
    Inline: ClassVar[ContentDisposition]
    File: ClassVar[ContentDisposition]
    Mixed: ClassVar[ContentDisposition]

    class Parameters:
        """Parameter names of RFC 6266 and RFC 2183."""

        FileName = "filename"
        FileNameAsterisk = "filename*"
        Name = "name"
        CreationDate = "creation-date"
        ModificationDate = "modification-date"
        ReadDate = "read-date"
        Size = "size"
        Handling = "handling"

    def __init__(self, disposition: str, parameters: tuple[tuple[str, str], ...] = ()) -> None:
        if not is_token(disposition):
            raise ValueError(f"invalid disposition type {disposition!r}")
        self.disposition = disposition
        self.parameters = tuple(parameters)

    @classmethod
    def parse(cls, value: str) -> ContentDisposition:
        """Parse ``type; name=value`` (quoted values unescaped)."""
        head, params = parse_parameters(value)
        return cls(head, tuple(params))

    def with_parameter(self, key: str, value: str, encode_value: bool = True) -> ContentDisposition:
        """Return a copy with parameter ``key`` added.

        A non-ASCII ``filename`` adds an ASCII ``filename`` fallback and a ``filename*``
        in RFC 8187 form (``UTF-8''%E2%82%AC.txt``); ``filename*`` is always encoded that way.
        """
        if not is_token(key.rstrip("*")):
            raise ValueError(f"invalid parameter name {key!r}")
        _check_text(key, value)
        lower = key.lower()
        if encode_value and lower == "filename*":
            return self._plus((key, _ext_value(value)))
        if encode_value and lower == "filename" and not value.isascii():
            # RFC 6266 §4.3: send both; clients that know filename* prefer it.
            return self._plus((key, _ascii_fallback(value)), ("filename*", _ext_value(value)))
        if not value.isascii():
            raise ValueError(f"parameter {key!r} must be ASCII (use filename* for other names)")
        return self._plus((key, value))

    def with_parameters(self, parameters: list[tuple[str, str]]) -> ContentDisposition:
        """Return a copy with every ``(key, value)`` added in order."""
        result = self
        for key, value in parameters:
            result = result.with_parameter(key, value)
        return result

    def parameter(self, name: str) -> str | None:
        """The value of the first parameter called ``name`` as written, or None."""
        for key, value in self.parameters:
            if key.lower() == name.lower():
                return value.value if isinstance(value, _Encoded) else value
        return None

    def _plus(self, *items: tuple[str, str]) -> ContentDisposition:
        return ContentDisposition(self.disposition, (*self.parameters, *items))

    def __str__(self) -> str:
        parts = [self.disposition]
        for key, value in self.parameters:
            if isinstance(value, _Encoded):
                parts.append(f"{key}={value.value}")  # ext-value is never quoted (RFC 8187 §3.2)
            else:
                parts.append(format_parameter(key, value))
        return "; ".join(parts)

    def __repr__(self) -> str:
        return f"ContentDisposition.parse({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContentDisposition):
            return NotImplemented
        return str(self).lower() == str(other).lower()

    def __hash__(self) -> int:
        return hash(str(self).lower())


class _Encoded(str):
    """A parameter value already in RFC 8187 ext-value form, written without quotes."""

    @property
    def value(self) -> str:
        return str(self)


def _check_text(key: str, value: str) -> None:
    """Refuse control characters, which would corrupt or split the header."""
    if not isinstance(value, str):
        raise TypeError(f"parameter {key!r} must be str, got {type(value).__name__}")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise ValueError(f"parameter {key!r} contains a control character")


def _ext_value(value: str) -> _Encoded:
    """RFC 8187 §3.2.1 ext-value: ``UTF-8''`` and the percent-encoded UTF-8 bytes."""
    # attr-char is ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else is %XX-encoded.
    return _Encoded("UTF-8''" + percent_encode(value.encode("utf-8"), safe="!#$&+-.^_`|~"))


def _ascii_fallback(value: str) -> str:
    """An ASCII stand-in for a non-ASCII file name: accents dropped, other letters as '_'."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isascii() else "_" for c in stripped)


ContentDisposition.Attachment = ContentDisposition("attachment")
ContentDisposition.Inline = ContentDisposition("inline")
ContentDisposition.File = ContentDisposition("file")
ContentDisposition.Mixed = ContentDisposition("mixed")
