"""Exhaustive sweeps: every status code 100-999 and every octet 0-255 in every validated position.

The allowed sets below are written out from the RFC grammars, independently of
``fastresp._tables``, so a wrong table entry shows up as a failing octet.
"""

from __future__ import annotations

from http import HTTPStatus

import pytest

DIGIT = set(range(0x30, 0x3A))
ALPHA = set(range(0x41, 0x5B)) | set(range(0x61, 0x7B))
VCHAR = set(range(0x21, 0x7F))
OBS_TEXT = set(range(0x80, 0x100))
SP, HTAB = 0x20, 0x09
#: RFC 9110 §5.6.2 tchar.
TCHAR = DIGIT | ALPHA | set(b"!#$%&'*+-.^_`|~")
#: RFC 9110 §5.5 field-content, inside a value: field-vchar, SP, HTAB.
FIELD_INNER = VCHAR | OBS_TEXT | {SP, HTAB}
#: RFC 9112 §4 reason-phrase characters.
REASON = {HTAB, SP} | VCHAR | OBS_TEXT
#: RFC 6265 §4.1.1 cookie-octet.
COOKIE_OCTET = (
    {0x21} | set(range(0x23, 0x2C)) | set(range(0x2D, 0x3B)) | set(range(0x3C, 0x5C)) | set(range(0x5D, 0x7F))
)
#: RFC 6265 §4.1.1 path-value / extension-av: CHAR (US-ASCII) except CTLs and ";".
COOKIE_ATTR = set(range(0x20, 0x7F)) - {0x3B}
#: RFC 3986 §2.3 unreserved, left alone by the "uri" cookie encoding.
UNRESERVED = ALPHA | DIGIT | set(b"-._~")
OCTETS = range(256)


def accepts(function, *args, **kwargs) -> bool:
    """Whether ``function`` returns (True) or raises ValueError (False); other errors propagate."""
    try:
        function(*args, **kwargs)
    except ValueError:
        return False
    return True


#: The four names RFC 9110 §15 changed, which ``http.HTTPStatus`` adopted in Python 3.13.
#: The core sends these on every Python, so one server never answers differently
#: depending on the interpreter it runs on.
RFC_9110_RENAMES = {
    413: b"Content Too Large",  # RFC 9110 §15.5.14 (was "Request Entity Too Large")
    414: b"URI Too Long",  # §15.5.15 (was "Request-URI Too Long")
    416: b"Range Not Satisfiable",  # §15.5.17 (was "Requested Range Not Satisfiable")
    422: b"Unprocessable Content",  # §15.5.21 (was "Unprocessable Entity")
}


@pytest.mark.parametrize("version", ["1.1", "1.0"])
def test_every_status_code(impl, version: str) -> None:
    """100-999 all give a status line: the http.HTTPStatus phrase (RFC 9110 spelling), or none.

    An unknown code keeps the space before its empty reason (RFC 9112 §4).
    """
    phrases = {int(status): status.phrase.encode("latin-1") for status in HTTPStatus}
    phrases.update(RFC_9110_RENAMES)
    for code in range(100, 1000):
        expected = b"HTTP/%s %d %s\r\n" % (version.encode(), code, phrases.get(code, b""))
        assert impl.status_line(code, http_version=version) == expected


def test_reason_octets(impl) -> None:
    """A reason phrase takes HTAB, SP, VCHAR and obs-text, as bytes or latin-1 text (RFC 9112 §4)."""
    for octet in OCTETS:
        for reason in (bytes([octet]), chr(octet)):
            if octet in REASON:
                assert impl.status_line(200, reason) == b"HTTP/1.1 200 " + bytes([octet]) + b"\r\n"
            else:
                assert not accepts(impl.status_line, 200, reason), octet


def test_header_name_octets(impl) -> None:
    """A header name is a token: exactly the tchar octets are allowed (RFC 9110 §5.6.2)."""
    for octet in OCTETS:
        for name in (b"x" + bytes([octet]), "x" + chr(octet)):
            if octet in TCHAR:
                assert impl.encode_headers([(name, "v")]) == b"x" + bytes([octet]) + b": v\r\n"
            else:
                assert not accepts(impl.encode_headers, [(name, "v")]), octet


def test_header_value_octets(impl) -> None:
    """Inside a value: field-vchar, SP and HTAB are allowed, every other control refused (RFC 9110 §5.5)."""
    for octet in OCTETS:
        for value in (b"a" + bytes([octet]) + b"a", "a" + chr(octet) + "a"):
            if octet in FIELD_INNER:
                assert impl.encode_headers([("x", value)]) == b"x: a" + bytes([octet]) + b"a\r\n"
            else:
                assert not accepts(impl.encode_headers, [("x", value)]), octet
            # The same rule holds for trailers and for the headers of a whole head.
            assert accepts(impl.last_chunk, [("x", value)]) == (octet in FIELD_INNER)
            assert accepts(impl.build_head, 200, [("x", value)]) == (octet in FIELD_INNER)


def test_header_value_edges(impl) -> None:
    """A value may not start or end with SP or HTAB, but may start or end with any field-vchar."""
    for octet in OCTETS:
        for value in (bytes([octet]) + b"a", b"a" + bytes([octet])):
            allowed = octet in VCHAR | OBS_TEXT
            assert accepts(impl.encode_headers, [("x", value)]) == allowed, (octet, value)


def test_cookie_name_octets(impl) -> None:
    """A cookie name is a token (RFC 6265 §4.1.1 via RFC 9110 §5.6.2)."""
    for octet in OCTETS:
        name = "c" + chr(octet)
        if octet in TCHAR:
            assert impl.render_set_cookie(name, "v") == name.encode("latin-1") + b"=v"
        else:
            assert not accepts(impl.render_set_cookie, name, "v"), octet


def test_raw_cookie_value_octets(impl) -> None:
    """The "raw" encoding passes cookie-octets through unchanged and refuses everything else."""
    for octet in OCTETS:
        value = bytes([octet])
        if octet in COOKIE_OCTET:
            assert impl.render_set_cookie("c", value, encoding="raw") == b"c=" + value
        else:
            assert not accepts(impl.render_set_cookie, "c", value, encoding="raw"), octet


def test_uri_cookie_value_octets(impl) -> None:
    """The "uri" encoding keeps unreserved octets and writes every other one as %XX, upper-case hex."""
    for octet in OCTETS:
        expected = bytes([octet]) if octet in UNRESERVED else b"%%%02X" % octet
        assert impl.render_set_cookie("c", bytes([octet])) == b"c=" + expected


def test_dquotes_cookie_value_octets(impl) -> None:
    """The "dquotes" encoding refuses ", \\, ; and controls, and quotes a value with SP or a comma."""
    refused = set(range(0x20)) | {0x7F} | set(b'"\\;')
    for octet in OCTETS:
        value = b"a" + bytes([octet])
        if octet in refused:
            assert not accepts(impl.render_set_cookie, "c", value, encoding="dquotes"), octet
        elif octet in (SP, ord(",")):
            assert impl.render_set_cookie("c", value, encoding="dquotes") == b'c="' + value + b'"'
        else:
            assert impl.render_set_cookie("c", value, encoding="dquotes") == b"c=" + value


@pytest.mark.parametrize("attribute", ["path", "domain"])
def test_cookie_attribute_octets(impl, attribute: str) -> None:
    """Path and Domain take any US-ASCII CHAR except controls and ";" (RFC 6265 §4.1.1)."""
    for octet in OCTETS:
        for value in (b"a" + bytes([octet]), "a" + chr(octet)):
            if octet in COOKIE_ATTR:
                label = attribute.capitalize().encode()
                rendered = impl.render_set_cookie("c", "v", **{attribute: value})
                assert rendered == b"c=v; " + label + b"=a" + bytes([octet])
            else:
                assert not accepts(impl.render_set_cookie, "c", "v", **{attribute: value}), octet
