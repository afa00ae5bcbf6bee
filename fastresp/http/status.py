"""HTTP status codes as values: Ktor's ``HttpStatusCode`` in Python spelling."""

from __future__ import annotations

from typing import ClassVar

from .._tables import STATUS_PHRASES
from ..core import status_line

__all__ = ["HttpStatusCode"]


class HttpStatusCode:
    """A status code and its description (reason phrase); equal and hashed by ``value`` only.

    The description is validated as an RFC 9112 §4 reason phrase when the value is built,
    so a bad one fails in the handler, never on the wire.
    """

    __slots__ = ("_standard", "description", "value")

    value: int
    description: str

    # Ktor's constants (and the IANA codes Ktor lacks), filled in below the class.
    Continue: ClassVar[HttpStatusCode]
    SwitchingProtocols: ClassVar[HttpStatusCode]
    Processing: ClassVar[HttpStatusCode]
    EarlyHints: ClassVar[HttpStatusCode]
    OK: ClassVar[HttpStatusCode]
    Created: ClassVar[HttpStatusCode]
    Accepted: ClassVar[HttpStatusCode]
    NonAuthoritativeInformation: ClassVar[HttpStatusCode]
    NoContent: ClassVar[HttpStatusCode]
    ResetContent: ClassVar[HttpStatusCode]
    PartialContent: ClassVar[HttpStatusCode]
    MultiStatus: ClassVar[HttpStatusCode]
    AlreadyReported: ClassVar[HttpStatusCode]
    IMUsed: ClassVar[HttpStatusCode]
    MultipleChoices: ClassVar[HttpStatusCode]
    MovedPermanently: ClassVar[HttpStatusCode]
    Found: ClassVar[HttpStatusCode]
    SeeOther: ClassVar[HttpStatusCode]
    NotModified: ClassVar[HttpStatusCode]
    UseProxy: ClassVar[HttpStatusCode]
    SwitchProxy: ClassVar[HttpStatusCode]
    TemporaryRedirect: ClassVar[HttpStatusCode]
    PermanentRedirect: ClassVar[HttpStatusCode]
    BadRequest: ClassVar[HttpStatusCode]
    Unauthorized: ClassVar[HttpStatusCode]
    PaymentRequired: ClassVar[HttpStatusCode]
    Forbidden: ClassVar[HttpStatusCode]
    NotFound: ClassVar[HttpStatusCode]
    MethodNotAllowed: ClassVar[HttpStatusCode]
    NotAcceptable: ClassVar[HttpStatusCode]
    ProxyAuthenticationRequired: ClassVar[HttpStatusCode]
    RequestTimeout: ClassVar[HttpStatusCode]
    Conflict: ClassVar[HttpStatusCode]
    Gone: ClassVar[HttpStatusCode]
    LengthRequired: ClassVar[HttpStatusCode]
    PreconditionFailed: ClassVar[HttpStatusCode]
    PayloadTooLarge: ClassVar[HttpStatusCode]
    RequestURITooLong: ClassVar[HttpStatusCode]
    UnsupportedMediaType: ClassVar[HttpStatusCode]
    RequestedRangeNotSatisfiable: ClassVar[HttpStatusCode]
    ExpectationFailed: ClassVar[HttpStatusCode]
    ImATeapot: ClassVar[HttpStatusCode]
    MisdirectedRequest: ClassVar[HttpStatusCode]
    UnprocessableEntity: ClassVar[HttpStatusCode]
    Locked: ClassVar[HttpStatusCode]
    FailedDependency: ClassVar[HttpStatusCode]
    TooEarly: ClassVar[HttpStatusCode]
    UpgradeRequired: ClassVar[HttpStatusCode]
    PreconditionRequired: ClassVar[HttpStatusCode]
    TooManyRequests: ClassVar[HttpStatusCode]
    RequestHeaderFieldTooLarge: ClassVar[HttpStatusCode]
    UnavailableForLegalReasons: ClassVar[HttpStatusCode]
    InternalServerError: ClassVar[HttpStatusCode]
    NotImplemented: ClassVar[HttpStatusCode]
    BadGateway: ClassVar[HttpStatusCode]
    ServiceUnavailable: ClassVar[HttpStatusCode]
    GatewayTimeout: ClassVar[HttpStatusCode]
    VersionNotSupported: ClassVar[HttpStatusCode]
    VariantAlsoNegotiates: ClassVar[HttpStatusCode]
    InsufficientStorage: ClassVar[HttpStatusCode]
    LoopDetected: ClassVar[HttpStatusCode]
    NotExtended: ClassVar[HttpStatusCode]
    NetworkAuthenticationRequired: ClassVar[HttpStatusCode]

    def __init__(self, value: int, description: str) -> None:
        # status_line is the core's single rule for codes (100-999) and reason phrases.
        status_line(value, description)
        if not isinstance(description, str):
            raise TypeError(f"description must be str, got {type(description).__name__}")
        self.value = value
        self.description = description
        # Whether a server would send this phrase anyway; asked for every response sent.
        self._standard = STATUS_PHRASES.get(value, b"") == description.encode("latin-1")

    @classmethod
    def from_value(cls, value: int) -> HttpStatusCode:
        """Return the predefined code for ``value``, or one described "Unknown Status Code"."""
        known = _BY_VALUE.get(value)
        if known is not None:
            return known
        return cls(value, "Unknown Status Code")

    @classmethod
    def all_status_codes(cls) -> list[HttpStatusCode]:
        """Every predefined status code, in ascending order."""
        return sorted(_BY_VALUE.values(), key=lambda code: code.value)

    def with_description(self, description: str) -> HttpStatusCode:
        """Return a copy of this code with another description (reason phrase)."""
        return HttpStatusCode(self.value, description)

    def is_success(self) -> bool:
        """Whether the code is in the 2xx range."""
        return 200 <= self.value < 300

    @property
    def standard_description(self) -> bool:
        """Whether the description is the standard phrase a server would send anyway."""
        return self._standard

    def __eq__(self, other: object) -> bool:
        # Ktor compares by value only (ktor#905): HttpStatusCode(404, "x") == NotFound.
        if isinstance(other, HttpStatusCode):
            return self.value == other.value
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"HttpStatusCode({self.value}, {self.description!r})"

    def __str__(self) -> str:
        return f"{self.value} {self.description}"


def _phrase(value: int) -> str:
    """The standard phrase the core sends for ``value`` (one place for that fact)."""
    return STATUS_PHRASES[value].decode("latin-1")


# Ktor's names; the description is the core's phrase table, so app and server agree.
# 306 is "(Unused)" at IANA and absent from that table; Ktor keeps it as "Switch Proxy".
_NAMES = {
    "Continue": 100, "SwitchingProtocols": 101, "Processing": 102, "EarlyHints": 103,
    "OK": 200, "Created": 201, "Accepted": 202, "NonAuthoritativeInformation": 203,
    "NoContent": 204, "ResetContent": 205, "PartialContent": 206, "MultiStatus": 207,
    "AlreadyReported": 208, "IMUsed": 226,
    "MultipleChoices": 300, "MovedPermanently": 301, "Found": 302, "SeeOther": 303,
    "NotModified": 304, "UseProxy": 305, "TemporaryRedirect": 307, "PermanentRedirect": 308,
    "BadRequest": 400, "Unauthorized": 401, "PaymentRequired": 402, "Forbidden": 403,
    "NotFound": 404, "MethodNotAllowed": 405, "NotAcceptable": 406,
    "ProxyAuthenticationRequired": 407, "RequestTimeout": 408, "Conflict": 409, "Gone": 410,
    "LengthRequired": 411, "PreconditionFailed": 412, "PayloadTooLarge": 413,
    "RequestURITooLong": 414, "UnsupportedMediaType": 415, "RequestedRangeNotSatisfiable": 416,
    "ExpectationFailed": 417, "ImATeapot": 418, "MisdirectedRequest": 421,
    "UnprocessableEntity": 422, "Locked": 423, "FailedDependency": 424, "TooEarly": 425,
    "UpgradeRequired": 426, "PreconditionRequired": 428, "TooManyRequests": 429,
    "RequestHeaderFieldTooLarge": 431, "UnavailableForLegalReasons": 451,
    "InternalServerError": 500, "NotImplemented": 501, "BadGateway": 502,
    "ServiceUnavailable": 503, "GatewayTimeout": 504, "VersionNotSupported": 505,
    "VariantAlsoNegotiates": 506, "InsufficientStorage": 507, "LoopDetected": 508,
    "NotExtended": 510, "NetworkAuthenticationRequired": 511,
}

_BY_VALUE: dict[int, HttpStatusCode] = {}
for _name, _value in _NAMES.items():
    _code = HttpStatusCode(_value, _phrase(_value))
    setattr(HttpStatusCode, _name, _code)
    _BY_VALUE[_value] = _code
HttpStatusCode.SwitchProxy = _BY_VALUE[306] = HttpStatusCode(306, "Switch Proxy")
del _name, _value, _code
