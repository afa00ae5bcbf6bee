"""The HTML builder's two builds: the one in use is chosen like the core, and both take the same inputs.

``fastresp/app/_htmlbuilder.py`` is compiled by Cython's pure-Python mode and also runs from
source. Tests taking ``html_build`` run on both builds (the compiled one fails, never skips,
when it was expected but is missing); the golden pages and the frozen random programs of
``test_app_html_dsl.py`` do the same.
"""

from __future__ import annotations

import pytest
from support import load_build

from fastresp.app import html
from fastresp.core import NO_EXTENSIONS

compiled = pytest.mark.compiled


class _Text(str):
    """A str subclass, as a user's markup-safe or translated string type may be."""


def test_build_is_chosen_like_the_core():
    if NO_EXTENSIONS:
        assert html.IMPLEMENTATION == "python"
    else:
        assert html.IMPLEMENTATION == "cython"  # a missing build must not pass unnoticed
        assert html.HTML is load_build("fastresp.app._htmlbuilder", "cython").HTML


def test_str_subclasses_are_taken_wherever_a_str_is(html_build):
    # Compiled, a parameter annotated ``str`` would refuse a subclass with a TypeError.
    class Rendered:
        def __str__(self) -> str:
            return _Text("<x>")

    def page(h):
        h.tag(_Text("my-el"), _Text("a<"))
        getattr(h, _Text("my_widget"))(Rendered())
        h.div(**{_Text("data_id"): _Text("7&")})
        h.text(Rendered())
        h.raw(_Text("<hr>"))

    assert html_build.render_page(page) == (
        "<!DOCTYPE html>\n<html><my-el>a&lt;</my-el><my-widget>&lt;x&gt;</my-widget>"
        '<div data-id="7&amp;"></div>&lt;x&gt;<hr></html>\n'
    )
    assert html_build.escape(_Text("'")) == "&#39;"
    page = html_build.render_page(_Text("<!doctype html><p>x</p>"))
    assert page == "<!doctype html><p>x</p>" and type(page) is str


def test_an_element_renders_into_any_list(html_build):
    class Parts(list):
        """A list subclass, as a caller collecting output may pass."""

    h = html_build.HTML()
    with h.ul() as ul:
        h.li("x")
    out = Parts()
    ul.render(out)
    assert "".join(out) == "<ul><li>x</li></ul>"


@compiled
def test_both_builds_offer_the_same_names():
    source, built = (
        load_build("fastresp.app._htmlbuilder", "python"),
        load_build("fastresp.app._htmlbuilder", "cython"),
    )
    for name in ("HTML", "Tag"):
        pure = {n for n in dir(getattr(source, name)) if not n.startswith("__")}
        fast = {n for n in dir(getattr(built, name)) if not n.startswith("__")}
        assert pure == fast, name
    assert set(source.__all__) == set(built.__all__)
