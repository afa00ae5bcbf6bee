"""Exception types and error messages of the core, shared by both twins.

The compiled and the pure core call these same functions on their error paths,
so the two raise the same exception types with the same messages by construction.
"""

from __future__ import annotations

from datetime import datetime

from ._tables import describe

__all__ = [
    "InvalidHeaderError",
    "bad_chunk_type",
    "bad_cookie",
    "bad_cookie_name",
    "bad_header_name",
    "bad_header_pair",
    "bad_header_value",
    "bad_http_version",
    "bad_reason",
    "bad_sse_event",
    "bad_sse_field",
    "bad_sse_retry",
    "bad_status",
    "bad_timestamp",
    "cookie_problem",
    "empty_sse_event",
    "forbidden_default",
    "forbidden_trailer",
    "informational_to_http10",
]


class InvalidHeaderError(ValueError):
    """A header name or value that a strict HTTP/1.1 peer would refuse or misread."""


def bad_status(status: object) -> Exception:
    """Error for a status that is not an int from 100 to 999 (bools refused)."""
    kind = TypeError if type(status) is bool or not isinstance(status, int) else ValueError
    return kind(f"status must be an int from 100 to 999, got {describe(status)}")


def bad_reason(reason: object) -> Exception:
    """Error for a reason phrase outside RFC 9112 §4 (HTAB / SP / VCHAR / obs-text)."""
    if not isinstance(reason, (str, bytes)):
        return TypeError(f"reason must be str or bytes, got {describe(reason)}")
    return ValueError(
        f"invalid reason phrase {describe(reason)}: only HTAB, SP, visible ASCII "
        "and obs-text (latin-1) characters are allowed (RFC 9112 §4)"
    )


def bad_http_version(version: object) -> Exception:
    """Error for an HTTP version other than 1.0 and 1.1."""
    if not isinstance(version, (str, bytes)):
        return TypeError(f"http_version must be '1.0' or '1.1', got {describe(version)}")
    return ValueError(f"http_version must be '1.0' or '1.1', got {describe(version)}")


def bad_header_pair(item: object) -> TypeError:
    """Error for a header that is not a (name, value) tuple or list."""
    return TypeError(f"each header must be a (name, value) pair, got {describe(item)}")


def bad_header_name(name: object) -> Exception:
    """Error for a header name that is not a non-empty RFC 9110 token."""
    if not isinstance(name, (str, bytes)):
        return TypeError(f"header name must be str or bytes, got {describe(name)}")
    return InvalidHeaderError(
        f"invalid header name {describe(name)}: a name must be a non-empty "
        "RFC 9110 token (letters, digits and !#$%&'*+-.^_`|~)"
    )


def bad_header_value(name: object, value: object, problem: str) -> Exception:
    """Error for a header value that is not RFC 9110 §5.5 field-content."""
    if not isinstance(value, (str, bytes)):
        return TypeError(f"value of header {describe(name)} must be str or bytes, got {describe(value)}")
    return InvalidHeaderError(f"invalid value for header {describe(name)}: {describe(value)} {problem}")


def forbidden_trailer(name: object) -> InvalidHeaderError:
    """Error for a framing, routing or content field sent as a trailer."""
    return InvalidHeaderError(
        f"header {describe(name)} may not be sent as a trailer (RFC 9110 §6.5.1)"
    )


def forbidden_default(name: object) -> InvalidHeaderError:
    """Error for a framing or connection field given as a server default header."""
    return InvalidHeaderError(
        f"header {describe(name)} cannot be a default header: each response decides its own framing"
    )


def informational_to_http10(status: object) -> ValueError:
    """Error for a 1xx response addressed to an HTTP/1.0 client."""
    return ValueError(f"a {status} response must not be sent to an HTTP/1.0 client (RFC 9110 §15.2)")


def bad_chunk_type(data: object) -> TypeError:
    """Error for chunk data that is not a bytes-like object."""
    return TypeError(f"chunk data must be bytes, bytearray or memoryview, got {describe(data)}")


def bad_timestamp(value: object, what: str = "timestamp") -> Exception:
    """Error for a date that is not a datetime or POSIX time within years 1 to 9999."""
    if type(value) is bool or not isinstance(value, (int, float, datetime)):
        return TypeError(f"{what} must be a datetime or a POSIX timestamp, got {describe(value)}")
    return ValueError(f"{what} {describe(value)} is outside the years 1 to 9999 an HTTP-date can hold")


def bad_cookie_name(name: object) -> Exception:
    """Error for a cookie name that is not a non-empty token."""
    if not isinstance(name, (str, bytes)):
        return TypeError(f"cookie name must be str or bytes, got {describe(name)}")
    return ValueError(
        f"invalid cookie name {describe(name)}: a cookie name must be a non-empty "
        "RFC 9110 token (no '=', ';', spaces or control characters)"
    )


def bad_cookie(name: object, problem: str, kind: type[Exception] = ValueError) -> Exception:
    """Error naming the cookie whose value or attribute breaks RFC 6265 / 6265bis."""
    return kind(f"cookie {describe(name)}: {problem}")


#: Everything ``render_set_cookie`` can refuse after the name, by key: the message
#: (``{value}`` is the offending argument, described; ``{what}`` names the attribute)
#: and the exception type. Both twins raise through ``cookie_problem`` with these keys.
COOKIE_PROBLEMS: dict[str, tuple[str, type[Exception]]] = {
    "value-type": ("value must be str or bytes, got {value}", TypeError),
    "value-unicode": ("value is not valid Unicode", ValueError),
    "value-raw": (
        "value {value} has characters outside RFC 6265 cookie-octets; use another encoding",
        ValueError,
    ),
    "value-dquotes": (
        (
            "value {value} contains a double quote, backslash, semicolon or control character, "
            "which the dquotes encoding cannot carry"
        ),
        ValueError,
    ),
    "encoding": ("unknown encoding {value}: use 'uri', 'raw', 'dquotes' or 'base64'", ValueError),
    "pair-size": ("name and value are over the {limit} bytes user agents keep", ValueError),
    "max-age-type": ("max_age must be an int, got {value}", TypeError),
    "max-age-negative": ("max_age must not be negative, got {raw}", ValueError),
    "attribute-type": ("{what} must be str or bytes, got {value}", TypeError),
    "attribute-chars": (
        "{what} {value} must be non-empty ASCII without control characters or ';'",
        ValueError,
    ),
    "attribute-size": ("{what} is longer than {limit} bytes", ValueError),
    "host-domain": ("a __Host- cookie must not have a domain", ValueError),
    "host-path": ("a __Host- cookie must have path='/'", ValueError),
    "host-secure": ("a __Host- cookie requires secure=True", ValueError),
    "secure-prefix": ("a __Secure- cookie requires secure=True", ValueError),
    "same-site-type": ("same_site must be 'Strict', 'Lax' or 'None', got {value}", TypeError),
    "same-site-value": ("same_site must be 'Strict', 'Lax' or 'None', got {value}", ValueError),
    # Browsers drop SameSite=None and Partitioned cookies that are not Secure.
    "same-site-none": ("SameSite=None requires secure=True", ValueError),
    "partitioned": ("Partitioned requires secure=True", ValueError),
    "extensions-type": ("extensions must be a dict, got {value}", TypeError),
    "extension-name-type": ("extension name must be str or bytes, got {value}", TypeError),
    "extension-name": ("extension name {value} is not a token", ValueError),
    "extension-standard": ("extension {value} repeats a standard attribute; use its argument", ValueError),
}


def cookie_problem(name: object, key: str, value: object = None, what: str = "", limit: int = 0) -> Exception:
    """Error ``key`` of ``COOKIE_PROBLEMS`` for the cookie ``name``, naming the bad argument."""
    template, kind = COOKIE_PROBLEMS[key]
    return bad_cookie(name, template.format(value=describe(value), raw=value, what=what, limit=limit), kind)


#: What an event-stream field may not hold, by key: the problem, named in ``bad_sse_field``.
#: CR and LF end a field line (WHATWG HTML "Parsing an event stream"); a NUL makes the
#: EventSource ignore an ``id`` field; a lone surrogate cannot be sent as UTF-8.
SSE_PROBLEMS: dict[str, str] = {
    "line-break": "contains CR or LF, which would end the field line",
    "nul": "contains NUL, which makes EventSource ignore the id",
    "unicode": "is not valid Unicode (a lone surrogate cannot be sent as UTF-8)",
}


def bad_sse_field(field: str, value: object, key: str = "") -> Exception:
    """Error for an SSE ``data``, ``event``, ``id`` or ``comment`` that cannot be sent as given.

    Without ``key`` the value is of the wrong type; else ``key`` picks its problem in ``SSE_PROBLEMS``.
    """
    if not key:
        return TypeError(f"SSE {field} must be str or bytes, got {describe(value)}")
    return ValueError(f"SSE {field} {describe(value)} {SSE_PROBLEMS[key]}")


def bad_sse_retry(retry: object) -> Exception:
    """Error for an SSE ``retry`` that is not a non-negative int of milliseconds."""
    kind = TypeError if type(retry) is bool or not isinstance(retry, int) else ValueError
    return kind(f"SSE retry must be a non-negative int (milliseconds), got {describe(retry)}")


def bad_sse_event(item: object, key: object = None) -> Exception:
    """Error for an item of ``encode_sse_events`` that is not str, bytes or a mapping of known keys."""
    if key is not None:
        return TypeError(
            f"unknown SSE event key {describe(key)} in {describe(item)}: "
            "use data, event, id, retry or comment"
        )
    return TypeError(f"each SSE event must be str, bytes or a mapping, got {describe(item)}")


def empty_sse_event() -> ValueError:
    """Error for an event with no field at all: its blank line alone would dispatch nothing."""
    return ValueError("an SSE event needs data, event, id, retry or comment; got none of them")
