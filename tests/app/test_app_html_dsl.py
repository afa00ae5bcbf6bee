"""The HTML DSL (fastresp.app.html): exact output and error messages.

The expected strings were produced by the first implementation, which built an element
tree and walked it; the streaming implementation must give the same bytes, including
for the unusual orders (entering an element added earlier, entering an open element
again, an element passed as a child, rendering from inside a ``with`` block).
"""

from __future__ import annotations

import pytest

from fastresp.app.html import HTML, Tag, escape, render_page


def fortunes(h):
    h.html(lang="en")
    with h.head():
        h.meta(charset="utf-8")
        h.title("Fortunes")
    with h.body():
        h.h1("Fortunes")
        with h.table():
            with h.tr():
                h.th("id")
                h.th("message")
            for i, message in [(1, "plain"), (11, "<script>alert(1);</script> & friends"), (12, "フレーム")]:
                with h.tr():
                    h.td(i)
                    h.td(message)


def children_and_attributes(h):
    h.p("a", 1, None, True, 2.5, "<&>\"'")
    h.div(class_="x", data_user_id=7, hidden=True, disabled=False, title=None, alt='it\'s "q" <&>')
    h.tag("custom-el", "x", aria_label="y")
    h.my_widget("w")
    h.del_("gone")
    h.span(_="underscore", x__="y", **{"on:click": "f", "a.b": "c", "class": "k"})
    h.td(class_="first", **{"class": "second"})
    h.td(a_=True, a=None)
    h.td(a="1", a_=False)
    h.input(type="checkbox", checked=True)
    h.br()
    h.img(src="a.png", alt="<x>")
    h.text("<t>")
    h.text(42)
    h.raw("<b>raw</b>")


def later_with(h):
    first = h.div(id="first")
    second = h.div(id="second")
    h.p("after")
    with first:
        h.span("in first")
    with second:
        h.span("in second")
    with first:
        h.span("first again")
        with second:
            h.em("second again")


def reentry_while_open(h):
    with h.html(lang="en"), h.body() as body:
        with h.ul() as ul:
            h.li("one")
            with body:
                h.p("body, after the list")
            with ul:
                h.li("two")
            h.li("three")
        h.footer("end")


def tag_as_child(h):
    inner = h.b("bold")
    h.p("see ", inner, "!")
    with inner:
        h.i("added later")


def html_attributes(h):
    h.html(lang="en", hidden=True)
    h.p("x")
    h.html(lang="fr", dir="ltr", hidden=False)


GOLDEN = [
    (
        fortunes,
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Fortunes</title></head><body><h1>Fortunes</h1><table><tr><th>id</th><th>message</th></tr><tr><td>1</td><td>plain</td></tr><tr><td>11</td><td>&lt;script&gt;alert(1);&lt;/script&gt; &amp; friends</td></tr><tr><td>12</td><td>フレーム</td></tr></table></body></html>\n',
    ),
    (
        children_and_attributes,
        '<!DOCTYPE html>\n<html><p>a1NoneTrue2.5&lt;&amp;&gt;&quot;&#39;</p><div class="x" data-user-id="7" hidden alt="it&#39;s &quot;q&quot; &lt;&amp;&gt;"></div><custom-el aria-label="y">x</custom-el><my-widget>w</my-widget><del>gone</del><span _="underscore" x="y" on:click="f" a.b="c" class="k"></span><td class="second"></td><td a></td><td a="1"></td><input type="checkbox" checked><br><img src="a.png" alt="&lt;x&gt;">&lt;t&gt;42<b>raw</b></html>\n',
    ),
    (
        later_with,
        '<!DOCTYPE html>\n<html><div id="first"><span>in first</span><span>first again</span></div><div id="second"><span>in second</span><em>second again</em></div><p>after</p></html>\n',
    ),
    (
        reentry_while_open,
        '<!DOCTYPE html>\n<html lang="en"><body><ul><li>one</li><li>two</li><li>three</li></ul><p>body, after the list</p><footer>end</footer></body></html>\n',
    ),
    (
        tag_as_child,
        "<!DOCTYPE html>\n<html><b>bold<i>added later</i></b><p>see <b>bold<i>added later</i></b>!</p></html>\n",
    ),
    (html_attributes, '<!DOCTYPE html>\n<html lang="fr" hidden dir="ltr"><p>x</p></html>\n'),
]


@pytest.mark.parametrize(("page", "expected"), GOLDEN, ids=[page.__name__ for page, _ in GOLDEN])
def test_golden_pages(page, expected):
    assert render_page(page) == expected
    assert render_page(page) == expected  # cached tag methods give the same page again


def test_render_from_inside_with_blocks_and_tag_render():
    h = HTML()
    with h.body():
        with h.div() as div:
            h.p("x")
            assert h.render() == "<!DOCTYPE html>\n<html><body><div><p>x</p></div></body></html>\n"
            out: list[str] = []
            div.render(out)
            assert "".join(out) == "<div><p>x</p></div>"
        h.p("y")
    assert h.render() == "<!DOCTYPE html>\n<html><body><div><p>x</p></div><p>y</p></body></html>\n"
    out = []
    h.root.render(out)
    assert "".join(out) == "<html><body><div><p>x</p></div><p>y</p></body></html>"


def test_tag_objects():
    h = HTML()
    div = h.div(class_="a", hidden=True, title=None)
    assert isinstance(div, Tag)
    assert div.name == "div"
    assert div.attributes == {"class": "a", "hidden": None}
    assert h.span().attributes == {}
    assert h.html(lang="en") is h.root
    assert h.root.name == "html"
    assert h.root.attributes == {"lang": "en"}
    assert h.my_el.__name__ == "my_el"
    assert h.my_el.__doc__ == "Add a <my-el> element."


def test_attributes_named_like_parameters():
    # The tree version passed attributes through ``tag(self, name, ...)``, so
    # ``h.input(name="q")`` raised TypeError; the parameters are positional-only now.
    page = render_page(lambda h: (h.input(name="q", self="s"), h.tag("a", builder="b", child="c")))
    assert page == '<!DOCTYPE html>\n<html><input name="q" self="s"><a builder="b" child="c"></a></html>\n'


def test_each_escaped_character_alone():
    page = render_page(lambda h: [h.i(text) for text in ["it's", '"q"', "a>b", "a<b", "a&b", "ok"]])
    assert page == (
        "<!DOCTYPE html>\n<html><i>it&#39;s</i><i>&quot;q&quot;</i><i>a&gt;b</i><i>a&lt;b</i>"
        "<i>a&amp;b</i><i>ok</i></html>\n"
    )


def test_text_needing_escaping_and_subclasses():
    class Text(str):
        def __str__(self) -> str:
            return "<sub>"

    page = render_page(lambda h: (h.p(Text("x")), h.p(False), h.p(-3), h.text(Text("y"))))
    assert page == "<!DOCTYPE html>\n<html><p>&lt;sub&gt;</p><p>False</p><p>-3</p>&lt;sub&gt;</html>\n"
    assert escape("&<>\"'") == "&amp;&lt;&gt;&quot;&#39;"
    assert escape(5) == "5"


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda h: h.tag("Div"), ValueError, "invalid tag name 'Div'"),
        (lambda h: h.Div(), ValueError, "invalid tag name 'Div'"),
        (lambda h: h.tag("1a"), ValueError, "invalid tag name '1a'"),
        (lambda h: h.tag(""), ValueError, "invalid tag name ''"),
        (lambda h: h.tag("div\n"), ValueError, "invalid tag name 'div\\n'"),
        (lambda h: h.tag(5), TypeError, "tag name must be a str, got 'int'"),
        (lambda h: h.div(**{"on click": "x"}), ValueError, "invalid attribute name 'on click'"),
        (lambda h: h.div("child", **{"on click": "x"}), ValueError, "invalid attribute name 'on click'"),
        (lambda h: h.div(__="x"), ValueError, "invalid attribute name '__'"),
        (lambda h: h.html(**{"-x": "x"}), ValueError, "invalid attribute name '-x'"),
        (lambda h: h.br("x"), ValueError, "<br> is a void element and cannot have children"),
        (lambda h: h.tag("br", "x"), ValueError, "<br> is a void element and cannot have children"),
        (lambda h: h._private, AttributeError, "_private"),
    ],
)
def test_errors(build, error, message):
    h = HTML()
    with pytest.raises(error) as caught:
        build(h)
    assert str(caught.value) == message
    h.p("ok")  # a failed call adds nothing
    assert h.render() == "<!DOCTYPE html>\n<html><p>ok</p></html>\n"


def test_failed_void_with_keeps_the_element():
    def page(h):
        img = h.img(src="a")
        with pytest.raises(ValueError, match="void element"):
            img.__enter__()
        h.p("after")

    assert render_page(page) == '<!DOCTYPE html>\n<html><img src="a"><p>after</p></html>\n'


def test_render_page_other_blocks():
    class Markup:
        def __html__(self) -> str:
            return "<p>m</p>"

    assert render_page("<p>hi</p>") == "<!DOCTYPE html>\n<p>hi</p>"
    assert render_page("  <!doctype html><p>x</p>") == "  <!doctype html><p>x</p>"
    assert render_page(Markup()) == "<!DOCTYPE html>\n<p>m</p>"
    with pytest.raises(TypeError) as caught:
        render_page(None)
    assert (
        str(caught.value) == "respond_html takes a page function, a str or an __html__ object, got NoneType"
    )

    async def async_page(h):
        h.p("x")

    with pytest.raises(TypeError) as caught:
        render_page(async_page)
    assert str(caught.value) == "the page function must be a plain def, not async def"
