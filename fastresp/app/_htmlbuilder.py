"""A small HTML DSL in the spirit of kotlinx.html, with ``with`` blocks for nesting.

    def page(h):
        with h.head():
            h.title("Ktor")
        with h.body():
            h.h1("Hello from Ktor!")

Every tag method takes text children and attributes (``class_="x"`` gives ``class``,
``data_id`` gives ``data-id``) and works as a context manager. Text and attribute
values are escaped (``& < > " '``); ``h.raw(s)`` inserts markup as is.

How it works: there is no element tree. Each tag call writes its markup straight into
the list of strings of the element you are in: the start tag, its text (if any), then
the end tag. Nesting is lexical, as in kotlinx.html: ``with h.div():`` opens
the element just written by taking its end tag off the end of the list; the children
land after its start tag and ``__exit__`` writes the end tag again, so a page is one
list and one ``"".join``. The rarer orders of the first, tree-based version still give
its bytes: ``with`` on an element that has markup after it gives the element a list of
its own in its end tag's slot; ``with`` on an element that is already open moves the
open elements inside it to lists of their own so that new children go after them; and
an element passed as a child is kept as a reference and rendered as it is at render
time. Items of a list are only appended, taken off the end, or replaced one for one,
so an element's position (list and index) stays valid.

The tag methods of the standard elements are built once, at import, by
``_element_function``; ``h.<other_name>`` builds one for a custom element on first use.

This file is compiled by Cython's pure-Python mode (``_htmlbuilder.pxd`` makes the
elements, the document and the builder's state typed fields) and also runs as it is;
``fastresp.app.html`` picks the build. Compiled, a parameter annotated with a builtin
type refuses that type's subclasses (so does a return annotation), so what a user may
hand in, or a function may hand back unchanged, is annotated ``Any``.
"""

from __future__ import annotations

import functools
import keyword
import re
from collections.abc import Callable, MutableSequence
from types import MethodType
from typing import Any

__all__ = ["HTML", "Tag", "escape", "render_page"]

# HTML void elements (WHATWG HTML §13.1.2): no content and no end tag.
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
# The elements of WHATWG HTML's element index (§ Index, "Elements"), but ``html``, which is
# the root (``h.html`` sets its attributes); each gets a tag method at import.
# fmt: off
_STANDARD_ELEMENTS = (
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
    "blockquote", "body", "br", "button", "canvas", "caption", "cite", "code", "col", "colgroup",
    "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hgroup", "hr", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li",
    "link", "main", "map", "mark", "menu", "meta", "meter", "nav", "noscript", "object", "ol",
    "optgroup", "option", "output", "p", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s",
    "samp", "script", "search", "section", "select", "slot", "small", "source", "span", "strong",
    "style", "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th",
    "thead", "time", "title", "tr", "track", "u", "ul", "var", "video", "wbr",
)
# fmt: on
_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_ATTRIBUTE = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_.:-]*\Z")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
# Caches of names are bounded so that names built from data cannot grow them without limit.
_CACHE_LIMIT = 1024
# The default of a tag method's one positional child: "no child".
_NO_CHILD: Any = object()


def escape(text: object) -> str:
    """Escape ``& < > " '`` for HTML text and quoted attribute values."""
    return str(text).translate(_ESCAPES)


def _escape(text: Any) -> Any:
    """``escape`` for an exact str, faster: most text needs no escaping at all."""
    # Five substring tests (memchr) beat a regex search or one translate by 3-8x on
    # typical text; chained replace is also faster than translate when a character is found.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&quot;")
            .replace("'", "&#39;")
        )
    return text


class _Document:
    """What a builder writes to: the list the next element goes to and the open elements."""

    # out: the list of the element you are in; stack: the root's entry, then each open element
    # (or _Reentry) innermost last; nested: some list holds more than strings (see _flatten).
    # No __init__, as for Tag: HTML.__init__ fills it in (an __init__ frame per page is measurable).
    __slots__ = ("nested", "out", "stack")

    def reenter(self, tag: Tag) -> None:
        """``with`` on an element that is already open: new children go after everything so far."""
        stack = self.stack
        # The last entry for this element; the root's is the bottom one when it has no other.
        top = max(
            (i for i, entry in enumerate(stack) if entry is tag or getattr(entry, "tag", None) is tag),
            default=0,
        )
        out = stack[top]._children
        # Elements opened inside this one still write to its list; give each of them a list
        # of its own, innermost first, so that their later children and end tags stay before
        # what is added now.
        for entry in reversed(stack[top + 1 :]):
            if entry._children is out:
                entry._children = []
                out.append(entry._children)
                if type(entry) is Tag and entry._home is out:
                    entry._slot = len(out) - 1
                self.nested = True
        stack.append(_Reentry(tag, out))
        self.out = out


class Tag:
    """One element; ``with tag:`` makes the tags created inside it its children.

    Created by the tag methods only (no ``__init__``: ``Tag()`` and slot stores are the
    cheapest way to make one).
    """

    # _document: where it is written; _end_tag: "</name>"; _home/_start: the list and index of
    # its start tag; _children/_end: the list its children go to and the index of its end tag
    # there (None while open); _slot: the index in _home of its own list, once _children is not
    # _home; _attributes: its keyword attributes, set only when there are some.
    __slots__ = ("_attributes", "_children", "_document", "_end", "_end_tag", "_home", "_slot", "_start")

    @property
    def name(self) -> str:
        """The tag name (``div``)."""
        return self._end_tag[2:-1]

    @property
    def attributes(self) -> dict[str, str | None]:
        """A copy of the HTML attributes (None for a bare flag); changing it changes nothing."""
        attributes = getattr(self, "_attributes", None)  # unset (None when compiled): no attributes
        return {} if attributes is None else _attributes(attributes)

    def __enter__(self) -> Tag:  # noqa: PYI034 - Tag is final in practice; Self needs 3.11
        document = self._document
        children = self._children
        end = self._end
        if end is None:
            document.reenter(self)
            return self
        if end == len(children) - 1:
            # The usual case, ``with h.div():``: the end tag is the last item of its list;
            # take it off, the children go after the start tag and __exit__ writes it again.
            del children[-1]
        else:
            # Markup follows the element: its children get a list of their own in the end
            # tag's slot, and __exit__ writes the end tag at the end of that list.
            own: list[Any] = []
            children[end] = own
            if children is self._home:
                self._slot = end
            self._children = children = own
            document.nested = True
        self._end = None
        document.out = children
        document.stack.append(self)
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        document = self._document
        stack = document.stack
        entry = stack.pop()
        if type(entry) is Tag:  # not a _Reentry: the element is complete now
            children = entry._children
            children.append(entry._end_tag)
            entry._end = len(children) - 1
        document.out = stack[-1]._children

    def _extent(self) -> list[Any]:
        """The items that make up this element (its end tag must be written)."""
        stop = self._end if self._children is self._home else self._slot
        return self._home[self._start : stop + 1]

    def render(self, out: MutableSequence[str]) -> None:
        """Append this element's markup to ``out``."""
        with _Closed(self._document):
            _flatten(self._extent(), out)


class _VoidTag(Tag):
    """A void element (``<br>``): no children, so no ``with``."""

    __slots__ = ()

    def __enter__(self) -> Tag:
        raise ValueError(f"<{self.name}> is a void element and cannot have children")


class _Root(Tag):
    """The ``<html>`` element: always open, its attributes can change until the page is rendered."""

    __slots__ = ()

    @property
    def attributes(self) -> dict[str, str | None]:
        """The HTML attributes of ``<html>`` (the dict itself: ``h.html(...)`` updates it)."""
        return self._attributes

    def _extent(self) -> list[Any]:
        return ["<html" + _attribute_markup(self._attributes), self._home, self._end_tag]


class _Reentry:
    """A stack entry whose exit writes nothing: ``with`` on an open element, or the root."""

    __slots__ = ("_children", "tag")

    def __init__(self, tag: Tag | None, children: list[Any]) -> None:
        self.tag = tag
        self._children = children


class _Closed:
    """Write the end tags of the open elements for the time of a render, then take them back."""

    __slots__ = ("_document", "_open")

    def __init__(self, document: _Document) -> None:
        self._document = document
        self._open: list[Tag] = []

    def __enter__(self) -> None:
        for entry in reversed(self._document.stack[1:]):  # the root's end tag is render's job
            if type(entry) is Tag:
                entry._children.append(entry._end_tag)
                entry._end = len(entry._children) - 1
                self._open.append(entry)

    def __exit__(self, *exc_info: object) -> None:
        for entry in self._open:
            del entry._children[-1]
            entry._end = None


def _flatten(items: list[Any], out: MutableSequence[str]) -> None:
    """Append the strings of ``items`` to ``out``, walking nested lists and Tag references."""
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif type(item) is list:
            _flatten(item, out)
        else:  # a Tag passed as a child: rendered where it is now, as the tree version did
            _flatten(item._extent(), out)


def _element_function(attribute: Any, name: Any) -> Callable[..., Tag]:
    """The tag method ``h.<attribute>(*children, **attributes)`` that adds element ``name``."""
    start_tag = "<" + name + ">"
    end_tag = "</" + name + ">"

    if name in _VOID:

        def element(builder: _Builder, /, *children: Any, **attributes: Any) -> Tag:
            if children:
                raise ValueError(f"<{name}> is a void element and cannot have children")
            document: _Document = builder._document
            out: list = document.out
            out.append("<" + name + _attribute_markup(_attributes(attributes)) if attributes else start_tag)
            tag: Tag = _VoidTag()
            tag._document = document
            tag._end_tag = end_tag
            tag._home = tag._children = out
            tag._start = tag._end = len(out) - 1  # no end tag: the element ends at its start tag
            if attributes:
                tag._attributes = attributes
            return tag

    else:
        # ``child`` is positional-only, so ``h.td(child="x")`` is still an attribute; one child
        # is the common case, and this signature spares a len() and an index per element.
        def element(builder: _Builder, child: Any = _NO_CHILD, /, *more: Any, **attributes: Any) -> Tag:
            if attributes or more:
                return _add_element(builder._document, name, end_tag, child, more, attributes)
            # The start tag and its text are two items: ``"".join`` copies them once, where
            # concatenating them here would copy them twice.
            kind = type(child)
            if kind is str:
                # _escape's test inlined: a call per element is measurable here.
                if "&" in child or "<" in child or ">" in child or '"' in child or "'" in child:
                    child = _escape(child)
            elif child is _NO_CHILD:
                child = None
            elif kind is int:  # digits and "-": nothing to escape
                child = str(child)
            elif isinstance(child, Tag):
                return _add_element(builder._document, name, end_tag, child, more, attributes)
            else:
                child = _escape(str(child))
            document: _Document = builder._document
            out: list = document.out
            tag: Tag = Tag()
            tag._start = len(out)
            out.append(start_tag)
            if child is not None:
                out.append(child)
            out.append(end_tag)
            tag._document = document
            tag._end_tag = end_tag
            tag._home = tag._children = out
            tag._end = len(out) - 1
            return tag

    element.__name__ = attribute
    element.__qualname__ = "HTML." + attribute
    element.__doc__ = f"Add a <{name}> element."
    return element


def _add_element(
    document: _Document,
    name: str,
    end_tag: str,
    child: Any,
    more: tuple[Any, ...],
    attributes: dict[str, Any],
) -> Tag:
    """Add an element with attributes, several children, or a Tag child."""
    # The tree version's order: attribute names are checked first, then children str()'d.
    start = "<" + name + _attribute_markup(_attributes(attributes))
    items: list[Any] = []
    for item in more if child is _NO_CHILD else (child, *more):
        if isinstance(item, Tag):
            # The tree version rendered the child element itself, as it is at render time.
            items.append(start)
            items.append(item)
            start = ""
            document.nested = True
        else:
            start += _escape(str(item))
    items.append(start)
    out = document.out
    tag = Tag()
    tag._document = document
    tag._end_tag = end_tag
    tag._home = tag._children = out
    tag._start = len(out)
    out.extend(items)
    out.append(end_tag)
    tag._end = len(out) - 1
    if attributes:
        tag._attributes = attributes
    return tag


@functools.lru_cache(maxsize=_CACHE_LIMIT)
def _element_for_name(name: Any) -> Callable[..., Tag]:
    """The tag method for ``h.tag(name)``, ``name`` a valid tag name (see ``_checked_tag_name``)."""
    return _element_function(name, name)


@functools.lru_cache(maxsize=_CACHE_LIMIT)
def _element_for_attribute(attribute: Any) -> Callable[..., Tag]:
    """The tag method for ``h.<attribute>`` (``my_widget`` adds ``<my-widget>``)."""
    name = attribute.rstrip("_").replace("_", "-")
    try:
        return _element_function(attribute, _checked_tag_name(name))
    except ValueError as error:
        message = str(error)

    def invalid(builder: HTML, /, *children: Any, **attributes: Any) -> Tag:
        raise ValueError(message)  # as the tree version did: on the call, not on ``h.<name>``

    invalid.__name__ = attribute
    invalid.__qualname__ = "HTML." + attribute
    invalid.__doc__ = f"Add a <{name}> element."
    return invalid


def _checked_tag_name(name: object) -> Any:
    """``name`` if it is a valid tag name; ValueError otherwise (TypeError if not a str)."""
    if not isinstance(name, str):  # re's own message differs between Python versions
        raise TypeError(f"tag name must be a str, got {type(name).__name__!r}")
    if not _NAME.match(name):
        raise ValueError(f"invalid tag name {name!r}")
    return name


def _python_name(name: str) -> str:
    """The attribute of the tag method for element ``name`` (``del_`` for ``del``)."""
    return name + "_" if keyword.iskeyword(name) else name


class _Builder:
    """What every builder holds: the document it writes and its root element."""

    __slots__ = ("_document", "root")


# The tag methods of the standard elements, built once at import: the base class of HTML.
_StandardElements = type(
    "_StandardElements",
    (_Builder,),
    {
        "__slots__": (),
        "__doc__": "The tag methods of the standard elements (``h.div``, ``h.del_``...).",
        **{_python_name(name): _element_function(_python_name(name), name) for name in _STANDARD_ELEMENTS},
    },
)


# h.tag(name) for a standard element: the same function as h.<name>.
_STANDARD_BY_NAME: dict[str, Callable[..., Tag]] = {
    name: getattr(_StandardElements, _python_name(name)) for name in _STANDARD_ELEMENTS
}


class HTML(_StandardElements):  # type: ignore[misc,valid-type]  # a class built by type()
    """The builder handed to a page function; ``h.<tag>(...)`` adds an element where you are."""

    def __init__(self) -> None:
        document = _Document()
        document.out = out = []
        document.nested = False
        root = _Root()
        root._document = document
        root._end_tag = "</html>"
        root._home = root._children = out
        root._end = None  # always open: "</html>" is written by render
        root._attributes = {}
        # The root is open at the bottom of the stack, as an entry that does not refer to it:
        # with no cycle between the root and its document, a rendered page is freed by
        # reference counting rather than left to the cycle collector.
        document.stack = [_Reentry(None, out)]
        self._document = document
        self.root: Tag = root

    def tag(self, name: object, /, *children: Any, **attributes: Any) -> Tag:
        """Add element ``name`` with text children and attributes; usable with ``with``."""
        element = _STANDARD_BY_NAME.get(name) if type(name) is str else None
        if element is None:
            element = _element_for_name(_checked_tag_name(name))
        return element(self, *children, **attributes)

    def html(self, /, **attributes: Any) -> Tag:
        """The root ``<html>`` element, to set its attributes (``lang="en"``)."""
        self.root.attributes.update(_attributes(attributes))
        return self.root

    def text(self, text: Any) -> None:
        """Add escaped text where you are (kotlinx.html's ``+"text"``)."""
        self._document.out.append(_escape(str(text)))

    def raw(self, markup: object) -> None:
        """Add markup without escaping (kotlinx.html's ``unsafe { +"..." }``); never for user input."""
        self._document.out.append(str(markup))

    def __getattr__(self, name: Any) -> Callable[..., Tag]:
        """``h.<name>`` for an element without a built-in method (a custom element)."""
        if name.startswith("_"):
            raise AttributeError(name)
        return MethodType(_element_for_attribute(name), self)

    def render(self) -> str:
        """The page: ``<!DOCTYPE html>`` and the ``<html>`` element."""
        document = self._document
        if len(document.stack) > 1:  # rendered from inside a ``with`` block
            with _Closed(document):
                return self._render()
        return self._render()

    def _render(self) -> str:
        """``render`` once every element but the root has its end tag."""
        body = self.root._home
        if self._document.nested:
            body = []
            _flatten(self.root._home, body)
        return (
            "<!DOCTYPE html>\n<html" + _attribute_markup(self.root.attributes) + "".join(body) + "</html>\n"
        )


@functools.lru_cache(maxsize=_CACHE_LIMIT)
def _attribute_name(key: Any) -> Any:
    """The HTML attribute name of keyword ``key``: ``class_`` -> ``class``, ``data_id`` -> ``data-id``."""
    name = key.rstrip("_").replace("_", "-") if key != "_" else key
    if not _ATTRIBUTE.match(name):
        raise ValueError(f"invalid attribute name {key!r}")
    return name


def _attributes(attributes: dict[str, Any]) -> dict[str, str | None]:
    """Python keyword names to HTML attribute names; True is a bare flag, False/None omitted."""
    result: dict[str, str | None] = {}
    for key, value in attributes.items():
        name = _attribute_name(key)
        if value is True:
            result[name] = None
        elif value is not False and value is not None:
            result[name] = str(value)
    return result


def _attribute_markup(attributes: dict[str, str | None]) -> str:
    """`` key="value"`` for each attribute, and the closing ``>`` of the start tag."""
    markup = ""
    for key, value in attributes.items():
        markup += " " + key if value is None else " " + key + '="' + _escape(value) + '"'
    return markup + ">"


def render_page(block: Any) -> str:
    """The HTML of ``block``: a page function taking an ``HTML`` builder, a str, or an ``__html__`` object."""
    if hasattr(block, "__html__"):
        text = str(block.__html__())
    elif callable(block):
        builder = HTML()
        result = block(builder)
        if result is not None and hasattr(result, "__await__"):
            close = getattr(result, "close", None)
            if close is not None:
                close()  # no "never awaited" warning on top of the error
            raise TypeError("the page function must be a plain def, not async def")
        return builder.render()
    elif isinstance(block, str):
        text = block
    else:
        raise TypeError(
            f"respond_html takes a page function, a str or an __html__ object, got {type(block).__name__}"
        )
    if text.lstrip()[:9].lower() != "<!doctype":
        return "<!DOCTYPE html>\n" + text
    return text[:]  # the same characters as an exact str: a subclass handed in is copied
