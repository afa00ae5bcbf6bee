"""Media types: Ktor's ``ContentType`` with its groups, parsing and matching (RFC 9110 §8.3.1)."""

from __future__ import annotations

import functools
from typing import ClassVar

from ..core import encode_headers
from ._parameters import format_parameter, is_token, parse_parameters
from .mimes import media_type_for_path

__all__ = ["BadContentTypeFormatError", "ContentType"]


_CONTENT_TYPE = "content-type"


class BadContentTypeFormatError(ValueError):
    """A media type string that does not parse as ``type/subtype; name=value``."""


class ContentType:
    """A media type ``type/subtype`` with parameters, e.g. ``text/plain; charset=UTF-8``.

    Type and subtype compare case-insensitively; so do parameter names.
    """

    __slots__ = (
        "_charset",
        "_hash",
        "_header",
        "_text",
        "content_subtype",
        "content_type",
        "parameters",
    )

    content_type: str
    content_subtype: str
    parameters: tuple[tuple[str, str], ...]

    Any: ClassVar[ContentType]
    Application: ClassVar[type]
    Audio: ClassVar[type]
    Font: ClassVar[type]
    Image: ClassVar[type]
    Message: ClassVar[type]
    MultiPart: ClassVar[type]
    Text: ClassVar[type]
    Video: ClassVar[type]

    def __init__(
        self, content_type: str, content_subtype: str, parameters: tuple[tuple[str, str], ...] | list = ()
    ) -> None:
        if not (content_type == "*" or is_token(content_type)) or not (
            content_subtype == "*" or is_token(content_subtype)
        ):
            raise BadContentTypeFormatError(f"invalid media type {content_type!r}/{content_subtype!r}")
        if content_type == "*" and content_subtype != "*":
            raise BadContentTypeFormatError("a wildcard type needs a wildcard subtype (*/*)")
        params = tuple((str(name), str(value)) for name, value in parameters)
        for name, value in params:
            if not is_token(name):
                raise BadContentTypeFormatError(f"invalid parameter name {name!r}")
            if any(ord(c) < 0x20 and c != "\t" or ord(c) == 0x7F for c in value):
                raise BadContentTypeFormatError(f"parameter {name!r} holds a control character")
        self.content_type = content_type
        self.content_subtype = content_subtype
        self.parameters = params
        # Derived values, computed once: an instance never changes after __init__.
        self._text: str | None = None
        self._header: bytes | None = None
        self._hash: int | None = None
        self._charset: str | None = self.parameter("charset")

    @classmethod
    def parse(cls, value: str) -> ContentType:
        """Parse ``type/subtype; name=value``; a blank string is ``*/*``.

        Raises ``BadContentTypeFormatError`` on anything else that does not parse.
        """
        if not value.strip():
            return cls.Any
        try:
            head, params = parse_parameters(value)
        except ValueError as error:
            raise BadContentTypeFormatError(f"invalid content type {value!r}: {error}") from None
        main, slash, sub = head.partition("/")
        if not slash:
            if head == "*":  # a lone "*" is an old shorthand for */*
                main, sub = "*", "*"
            else:
                raise BadContentTypeFormatError(f"invalid content type {value!r}: no '/'")
        return cls(main.strip(), sub.strip(), params)

    @classmethod
    def default_for_file(cls, path: str) -> ContentType:
        """The type for a file name by extension; text types get ``charset=UTF-8``."""
        return cls.parse(media_type_for_path(str(path))).with_charset_if_needed("UTF-8")

    def with_parameter(self, name: str, value: str) -> ContentType:
        """Return a copy with parameter ``name`` set to ``value`` (replacing a previous one)."""
        lower = name.lower()
        kept = [(n, v) for n, v in self.parameters if n.lower() != lower]
        return ContentType(self.content_type, self.content_subtype, (*kept, (name, value)))

    def with_charset(self, charset: str) -> ContentType:
        """Return a copy with ``charset=...``."""
        # Remembered: respond_text(..., ContentType.Text.Html) asks on every call.
        return _with_charset(self, charset)

    def with_charset_if_needed(self, charset: str) -> ContentType:
        """Add ``charset`` to text types that have none (Ktor 2.3.4+ rule); others unchanged."""
        if self.is_text() and self.parameter("charset") is None:
            return self.with_charset(charset)
        return self

    def without_parameters(self) -> ContentType:
        """Return ``type/subtype`` alone."""
        return ContentType(self.content_type, self.content_subtype)

    def parameter(self, name: str) -> str | None:
        """The value of the first parameter called ``name``, or None."""
        lower = name.lower()
        for key, value in self.parameters:
            if key.lower() == lower:
                return value
        return None

    def charset(self) -> str | None:
        """The ``charset`` parameter, or None."""
        return self._charset

    def is_text(self) -> bool:
        """Whether the body is text a charset applies to: ``text/*`` and the XML/JS/SVG types."""
        if self.content_type.lower() == "text":
            return True
        return f"{self.content_type}/{self.content_subtype}".lower() in _TEXT_LIKE

    def match(self, pattern: ContentType | str) -> bool:
        """Whether this type matches ``pattern``, which may use ``*`` and must have its parameters."""
        if isinstance(pattern, str):
            pattern = ContentType.parse(pattern)
        if pattern.content_type != "*" and pattern.content_type.lower() != self.content_type.lower():
            return False
        if pattern.content_subtype != "*" and pattern.content_subtype.lower() != self.content_subtype.lower():
            return False
        for name, value in pattern.parameters:
            if name == "*" and value == "*":
                continue
            own = self.parameter(name)
            if own is None or (value != "*" and own.lower() != value.lower()):
                return False
        return True

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContentType):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:  # an instance never changes, so neither does its hash
            self._hash = hash(self._key())
        return self._hash

    def _key(self) -> tuple:
        return (
            self.content_type.lower(),
            self.content_subtype.lower(),
            tuple((name.lower(), value) for name, value in self.parameters),
        )

    def __str__(self) -> str:
        if self._text is None:
            parts = [f"{self.content_type}/{self.content_subtype}"]
            parts.extend(format_parameter(name, value) for name, value in self.parameters)
            self._text = "; ".join(parts)
        return self._text

    def header_value(self) -> bytes:
        """The ``Content-Type`` field value as bytes, checked once by the core's header rule.

        Raises ``InvalidHeaderError`` for a value no header may carry (a parameter
        value that is not latin-1, say).
        """
        if self._header is None:
            line = encode_headers([(_CONTENT_TYPE, str(self))])
            self._header = line[len(_CONTENT_TYPE) + 2 : -2]
        return self._header

    def __repr__(self) -> str:
        return f"ContentType.parse({str(self)!r})"


# Types whose text a charset parameter applies to, besides text/* (Ktor 2.3.12+ list).
# application/json is absent on purpose: JSON is always UTF-8 and RFC 8259 §11 defines
# no charset parameter for it.
_TEXT_LIKE = frozenset(
    {
        "application/javascript",
        "application/xml",
        "application/xml-dtd",
        "application/atom+xml",
        "application/rss+xml",
        "image/svg+xml",
    }
)


def _group(name: str, main: str, members: dict[str, str]) -> type:
    """Build a constant group such as ``ContentType.Text`` (``Text.Plain`` is ``text/plain``)."""
    attrs: dict[str, object] = {
        "__doc__": f"Constants for ``{main}/*`` media types.",
        "Any": ContentType(main, "*"),
        "TYPE": main,
    }
    for attr, subtype in members.items():
        attrs[attr] = ContentType(main, subtype)
    return type(name, (), attrs)


ContentType.Any = ContentType("*", "*")
ContentType.Application = _group(
    "Application",
    "application",
    {
        "Atom": "atom+xml", "Cbor": "cbor", "Json": "json", "HalJson": "hal+json",
        "JavaScript": "javascript", "OctetStream": "octet-stream", "Rss": "rss+xml",
        "Xml": "xml", "Xml_Dtd": "xml-dtd", "Yaml": "yaml", "Zip": "zip", "GZip": "gzip",
        "FormUrlEncoded": "x-www-form-urlencoded", "Pdf": "pdf", "ProtoBuf": "protobuf",
        "Wasm": "wasm", "ProblemJson": "problem+json", "ProblemXml": "problem+xml",
        "Docx": "vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Xlsx": "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Pptx": "vnd.openxmlformats-officedocument.presentationml.presentation",
    },
)
ContentType.Audio = _group("Audio", "audio", {"MP4": "mp4", "MPEG": "mpeg", "OGG": "ogg"})
ContentType.Font = _group(
    "Font", "font", {"Collection": "collection", "Otf": "otf", "Sfnt": "sfnt", "Ttf": "ttf",
                     "Woff": "woff", "Woff2": "woff2"},
)
ContentType.Image = _group(
    "Image", "image", {"GIF": "gif", "JPEG": "jpeg", "PNG": "png", "SVG": "svg+xml",
                       "XIcon": "x-icon", "WEBP": "webp", "AVIF": "avif"},
)
ContentType.Message = _group("Message", "message", {"Http": "http"})
ContentType.MultiPart = _group(
    "MultiPart", "multipart", {"Mixed": "mixed", "Alternative": "alternative", "Related": "related",
                               "FormData": "form-data", "Signed": "signed", "Encrypted": "encrypted",
                               "ByteRanges": "byteranges"},
)
ContentType.Text = _group(
    "Text", "text", {"Plain": "plain", "CSS": "css", "CSV": "csv", "Html": "html",
                     "JavaScript": "javascript", "VCard": "vcard", "Xml": "xml",
                     "EventStream": "event-stream"},
)
ContentType.Video = _group(
    "Video", "video", {"MPEG": "mpeg", "MP4": "mp4", "OGG": "ogg", "QuickTime": "quicktime"},
)


@functools.lru_cache(maxsize=256)  # the app's own types and charsets
def _with_charset(content_type: ContentType, charset: str) -> ContentType:
    """``content_type`` with ``charset=...``; one instance per equal type and charset."""
    return content_type.with_parameter("charset", charset)
