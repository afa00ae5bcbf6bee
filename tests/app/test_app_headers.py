"""``HeaderList``: the one validated header container of the application layer.

Each case fails if a header were checked anywhere but on the way in, if the bytes sent
were derived again later, or if the response's and the contents' headers were
different kinds of container.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import fastresp.app.headers as headers_module
from fastresp.api import InvalidHeaderError
from fastresp.app.contents import TextContent
from fastresp.app.headers import HeaderList
from fastresp.app.response import ApplicationResponse
from fastresp.app.sending import build_start
from fastresp.http.content_type import ContentType
from fastresp.http.headers import HttpHeaders


def test_response_and_content_headers_are_one_container():
    """``call.response.headers`` and ``content.headers`` are both a ``HeaderList``."""
    assert isinstance(ApplicationResponse().headers, HeaderList)
    assert isinstance(TextContent("x", ContentType.Text.Plain).headers, HeaderList)


def test_append_checks_once_and_keeps_the_bytes(monkeypatch):
    """The core checks a header once, when it is added; asgi() reuses the checked bytes."""
    calls = []
    real = headers_module.check_field

    def counting(name, value):
        calls.append(name)
        return real(name, value)

    monkeypatch.setattr(headers_module, "check_field", counting)
    fields = HeaderList()
    fields.append("X-Tag", "Caf\u00e9")
    fields.append(("ETag", '"v1"'))
    assert calls == ["X-Tag", "ETag"]
    first = fields.asgi()
    assert first == [(b"x-tag", b"Caf\xe9"), (b"etag", b'"v1"')]
    assert fields.asgi() == first and fields.asgi() is not first  # a copy, not re-derived
    assert calls == ["X-Tag", "ETag"]
    assert list(fields) == [("X-Tag", "Caf\u00e9"), ("ETag", '"v1"')]


@pytest.mark.parametrize("bad", [("X-A", "a\r\nSet-Cookie: x=1"), ("bad name", "v"), ("X-A", " v")])
def test_every_way_in_is_checked(bad):
    """append, the pair form, item assignment and the constructor all refuse a bad header."""
    fields = HeaderList.of([("X-Ok", "1")])
    for add in (
        lambda: fields.append(*bad),
        lambda: fields.append(bad),
        lambda: fields.__setitem__(0, bad),
        lambda: HeaderList.of([bad]),
    ):
        with pytest.raises(InvalidHeaderError):
            add()
    assert fields.asgi() == [(b"x-ok", b"1")]


def test_not_a_pair_is_a_type_error():
    """Anything but a (name, value) pair is refused with the core's message."""
    with pytest.raises(TypeError, match=r"each header must be a \(name, value\) pair"):
        HeaderList().append(("a", "b", "c"))


def test_extend_from_another_list_copies_checked_fields(monkeypatch):
    """Fields moved between lists (a plugin replacing a content) are not checked again."""
    source = HeaderList.of([("A", "1"), ("B", "2")])
    monkeypatch.setattr(headers_module, "check_field", None)  # any new check would fail
    target = HeaderList()
    target.extend(source)
    front = HeaderList()
    front.prepend(source)
    assert target.asgi() == front.asgi() == [(b"a", b"1"), (b"b", b"2")]


def test_start_message_is_a_copy_of_the_checked_pairs():
    """build_start puts the response's and the content's checked pairs in the message as they are."""
    call = SimpleNamespace(scope={"type": "http", "method": "GET"}, response=ApplicationResponse())
    call.response.headers.append("X-Own", "1")
    content = TextContent("ok", ContentType.Text.Plain)
    content.headers.append("X-Own", "shadowed")  # the handler's own header wins
    content.headers.append("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT")
    start = build_start(call.scope, call.response, content)
    assert start["headers"] == [
        (b"content-type", b"text/plain"),
        (b"last-modified", b"Sun, 06 Nov 1994 08:49:37 GMT"),
        (b"x-own", b"1"),
        (b"content-length", b"2"),
    ]


def test_get_and_contains_are_case_insensitive():
    """Names compare case-insensitively; a name no header can have is simply absent."""
    fields = HeaderList.of([("Vary", "Accept"), ("vary", "Cookie")])
    assert fields.get("VARY") == "Accept" and fields.values("vary") == ["Accept", "Cookie"]
    assert "vArY" in fields and "\u20ac" not in fields and fields.get("\u20ac") is None
    fields.keep(lambda lower: lower != b"vary")
    assert len(fields) == 0 and not fields.has(b"vary")


def test_known_names_are_looked_up_without_lower_casing(monkeypatch):
    """Every ``HttpHeaders`` name, as spelled there or in lower case, finds its field from a table."""
    names = [v for k, v in vars(HttpHeaders).items() if not k.startswith("_") and type(v) is str]
    fields = HeaderList.of([(name.upper(), str(index)) for index, name in enumerate(names)])

    def refuse(name):
        raise AssertionError(f"{name!r} was lower-cased and encoded on lookup")

    monkeypatch.setattr(headers_module, "_lower_bytes", refuse)
    for index, name in enumerate(names):
        for spelling in (name, name.lower()):
            assert fields.get(spelling) == str(index) and spelling in fields
            assert fields.values(spelling) == [str(index)]
    monkeypatch.undo()
    # Other spellings and other names take the general path, with the same answers.
    assert fields.get("ETAG") == fields.get("ETag") and "x-unknown" not in fields
    assert fields.get(b"etag") is None and b"etag" not in fields  # type: ignore[arg-type]
