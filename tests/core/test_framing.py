"""``build_head`` framing decisions (RFC 9112 §6, §9; RFC 9110 §6.4.1, §8.6) checked by rule.

A property test draws heads from a palette of framing-relevant headers and checks each
result against the issue's rules, restated here independently of the code.
Exact cases (CONNECT tunnels, framing fields among the defaults, a 101's Connection:
upgrade, 1xx to HTTP/1.0) are rows of ``core_golden``.
"""

from __future__ import annotations

import pytest
from core_support import property_settings
from hypothesis import given
from hypothesis import strategies as st

from fastresp._errors import InvalidHeaderError
from fastresp._tables import FRAMING_CHUNKED, FRAMING_CLOSE, FRAMING_LENGTH, FRAMING_NONE

DATE = "Sun, 06 Nov 1994 08:49:37 GMT"
PALETTE = [
    ("content-type", "text/plain"),
    ("Content-Length", "5"),
    ("content-length", "5"),
    ("content-length", "007"),
    ("content-length", "0"),
    ("transfer-encoding", "chunked"),
    ("Transfer-Encoding", "CHUNKED"),
    ("Connection", "close"),
    ("connection", "keep-alive"),
    ("Date", "X"),
    ("SERVER", "app"),
    ("x-a", "1"),
    ("set-cookie", "a=1"),
    ("set-cookie", "b=2"),
    ("etag", '"e"'),
]
STATUSES = [100, 102, 103, 200, 201, 204, 205, 206, 299, 301, 304, 307, 404, 500, 599, 600, 999]


def parse_head(head: bytes) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """Split a head into its status line and ``(lower-case name, value)`` fields; check its shape."""
    assert head.endswith(b"\r\n\r\n")
    lines = head[:-4].split(b"\r\n")
    fields = []
    for line in lines[1:]:
        name, sep, value = line.partition(b": ")
        assert sep, line
        fields.append((name.lower(), value))
    return lines[0], fields


def values(fields: list[tuple[bytes, bytes]], name: bytes) -> list[bytes]:
    """The values of every field called ``name`` (lower case), in order."""
    return [value for field, value in fields if field == name]


def check_consistent(head: bytes, framing: int, length: int, keep: bool) -> None:
    """What any head must satisfy: one framing field at most, and it agrees with the returned framing."""
    _, fields = parse_head(head)
    lengths, codings = values(fields, b"content-length"), values(fields, b"transfer-encoding")
    # RFC 9112 §6.2: never Content-Length and Transfer-Encoding together; neither repeated.
    assert not (lengths and codings), head
    assert len(lengths) <= 1 and len(codings) <= 1, head
    if framing == FRAMING_CHUNKED:
        assert codings == [b"chunked"], head
    if framing == FRAMING_LENGTH:
        assert lengths == [b"%d" % length], head
    if framing == FRAMING_CLOSE:
        assert not lengths and not codings and not keep, head
    options = [
        option.strip().lower() for value in values(fields, b"connection") for option in value.split(b",")
    ]
    # RFC 9112 §9.6: a server that sends "close" must close; one that will close should say so.
    assert (b"close" in options) == (not keep), head


@property_settings(400)
@given(
    status=st.sampled_from(STATUSES),
    headers=st.lists(st.sampled_from(PALETTE), max_size=6),
    method=st.sampled_from([b"GET", "GET", b"HEAD", "HEAD", b"POST"]),
    version=st.sampled_from(["1.1", "1.0"]),
    keep_alive=st.booleans(),
    defaults=st.sampled_from(
        [[], [("date", DATE)], [("server", "fastresp")], [("date", DATE), ("server", "fastresp")]]
    ),
)
def test_framing_follows_the_rules(impl, status, headers, method, version, keep_alive, defaults) -> None:
    """Framing, Content-Length, Transfer-Encoding, Connection and defaults follow issue 2's rules."""
    lengths = {int(value) for name, value in headers if name.lower() == "content-length"}
    chunked = any(name.lower() == "transfer-encoding" for name, _ in headers)
    app_close = any(name.lower() == "connection" and value == "close" for name, value in headers)
    call = {"method": method, "http_version": version, "keep_alive": keep_alive, "default_headers": defaults}
    if status < 200 and version == "1.0":
        # RFC 9110 §15.2: a server must not send a 1xx to an HTTP/1.0 client.
        with pytest.raises(ValueError):  # the issue does not specify the message
            impl.build_head(status, headers, **call)
        return
    if len(lengths) > 1:
        with pytest.raises(InvalidHeaderError):
            impl.build_head(status, headers, **call)
        return
    if chunked:
        lengths = set()  # RFC 9112 §6.3: the app's Transfer-Encoding wins over its Content-Length
    head, framing, length, keep = impl.build_head(status, headers, **call)
    status_line, fields = parse_head(head)
    # The status line says HTTP/1.1 whatever the request version (RFC 9110 §6.2).
    assert status_line.startswith(b"HTTP/1.1 %d " % status)

    no_body = method in (b"HEAD", "HEAD") or status < 200 or status in (204, 304)
    if no_body:
        expected_framing = FRAMING_NONE
    elif lengths:
        expected_framing = FRAMING_LENGTH
    else:
        expected_framing = FRAMING_CHUNKED if version == "1.1" else FRAMING_CLOSE
    assert framing == expected_framing
    # HEAD and 304 keep the length a GET would have; 1xx and 204 never carry one (RFC 9110 §8.6).
    expected_length = lengths.pop() if lengths and not (status < 200 or status == 204) else -1
    assert length == expected_length
    assert values(fields, b"content-length") == ([b"%d" % expected_length] if expected_length != -1 else [])
    assert values(fields, b"transfer-encoding") == ([b"chunked"] if framing == FRAMING_CHUNKED else [])

    expected_keep = keep_alive and not app_close and framing != FRAMING_CLOSE
    assert keep is expected_keep
    # The head says HTTP/1.1 (persistent unless "close"); a kept HTTP/1.0 peer hears keep-alive.
    if version == "1.1" or not keep:
        assert values(fields, b"connection") == ([] if keep else [b"close"])
    else:
        assert values(fields, b"connection") == [b"keep-alive"]

    # Defaults fill in Date and Server only when the app has none: a default is never
    # added next to the app's own field, and never lost when the app has none.
    for name in (b"date", b"server"):
        app_count = sum(field.lower().encode() == name for field, _ in headers)
        default_has = any(field.encode() == name for field, _ in defaults)
        assert len(values(fields, name)) == (app_count or (1 if default_has else 0))
    # Other app headers keep their order and repetitions (two Set-Cookie stay two lines).
    ordinary = [
        (n.lower().encode(), v.encode())
        for n, v in headers
        if n.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server")
    ]
    assert [
        f
        for f in fields
        if f[0] not in (b"content-length", b"transfer-encoding", b"connection", b"date", b"server")
    ] == ordinary
    check_consistent(head, framing, length, keep)
