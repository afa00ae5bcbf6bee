"""Cookie value encodings as properties: every value round-trips through an independent decoder.

The golden table and the octet sweeps pin single values; here any text must come back
from the standard library's own decoders (``urllib.parse.unquote_to_bytes`` for "uri",
``base64.b64decode`` for "base64") and always stay within RFC 6265 cookie-octets.
"""

from __future__ import annotations

import base64
import re
from urllib.parse import unquote_to_bytes

from core_support import property_settings
from hypothesis import given
from hypothesis import strategies as st

#: RFC 6265 §4.1.1 cookie-value made of cookie-octets (no DQUOTE form needed here).
COOKIE_OCTETS = re.compile(rb"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*")
URI_FORM = re.compile(rb"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*")  # upper-case hex only
BASE64_FORM = re.compile(rb"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")

values = st.one_of(st.text(max_size=40), st.binary(max_size=40))


def utf8(value: str | bytes) -> bytes:
    """The octets a cookie value stands for: UTF-8 for text, as-is for bytes."""
    return value.encode("utf-8") if isinstance(value, str) else value


@property_settings(300)
@given(value=values)
def test_uri_encoding_round_trips(impl, value) -> None:
    """ "uri" output is unreserved characters and %XX (upper-case) only, and decodes to the UTF-8 value."""
    rendered = impl.render_set_cookie("c", value)
    encoded = rendered.removeprefix(b"c=")
    assert URI_FORM.fullmatch(encoded)
    assert COOKIE_OCTETS.fullmatch(encoded)
    assert unquote_to_bytes(encoded) == utf8(value)


@property_settings(300)
@given(value=values)
def test_base64_encoding_round_trips(impl, value) -> None:
    """ "base64" output is padded standard Base64 (RFC 4648 §4) of the UTF-8 value."""
    encoded = impl.render_set_cookie("c", value, encoding="base64").removeprefix(b"c=")
    assert BASE64_FORM.fullmatch(encoded)
    assert COOKIE_OCTETS.fullmatch(encoded)
    assert base64.b64decode(encoded, validate=True) == utf8(value)


@property_settings(200)
@given(value=st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30))
def test_dquotes_encoding(impl, value: str) -> None:
    """ "dquotes" refuses ", \\ and ;, quotes values with SP or a comma, and leaves others alone."""
    try:
        rendered = impl.render_set_cookie("c", value, encoding="dquotes")
    except ValueError:
        assert set(value) & set('"\\;')
        return
    assert not set(value) & set('"\\;')
    quoted = " " in value or "," in value
    assert rendered == b"c=" + (b'"%s"' % value.encode() if quoted else value.encode())
