"""Values remembered across requests are kept by ``functools.lru_cache``, each with a bound.

Each case feeds more distinct keys than the bound, as a client sending ever new values
would, and fails if a cache grew past its size or stopped being one shared kind of cache.
"""

from __future__ import annotations

from dataclasses import make_dataclass

import pytest

from fastresp.api import Application, ContentNegotiation
from fastresp.app import contents, json_codec
from fastresp.http import content_type, links
from fastresp.http.content_type import ContentType


def _bounded(cached, fill) -> None:
    """Fill ``cached`` past its bound and check it stayed within it."""
    limit = cached.cache_info().maxsize
    assert limit is not None and limit <= 1024
    for index in range(limit + 50):
        fill(index)
    assert cached.cache_info().currsize <= limit


def test_link_values_are_bounded():
    """Link values built from request data (say, a page number) cannot grow memory."""
    _bounded(links._plain_link, lambda index: links.link_value(f"/page/{index}", ("next",)))
    assert links.link_value("/page/1", ("next",)) == "</page/1>; rel=next"


def test_charsets_and_content_types_are_bounded():
    """Codec names and charset variants are remembered, within their bounds."""
    _bounded(contents._codec_name, lambda index: contents._codec_name("utf-8" if index % 2 else "latin-1"))
    plain = ContentType.Text.Plain
    _bounded(content_type._with_charset, lambda index: plain.with_charset(f"x-{index}"))
    assert plain.with_charset("UTF-8") is plain.with_charset("UTF-8")


def test_dataclass_fields_are_bounded():
    """Field names are remembered per type, for at most the bound's number of types."""
    kinds = [make_dataclass(f"Kind{index}", [("a", int)]) for index in range(1100)]
    _bounded(json_codec._dataclass_fields, lambda index: json_codec._dataclass_fields(kinds[index]))


@pytest.mark.parametrize("count", [300])
def test_negotiation_choices_are_bounded_per_plugin(count):
    """ContentNegotiation remembers its choice per Accept value, bounded, and forgets on register."""
    plugin = Application().install(ContentNegotiation)
    for index in range(count):
        plugin._chosen(f"application/x-{index}, application/json;q=0.5")
    info = plugin._chosen.cache_info()
    assert info.currsize <= info.maxsize < count
    plugin.register("text/csv", lambda value: "a,b")
    assert plugin._chosen.cache_info().currsize == 0
