"""A small HTML DSL in the spirit of kotlinx.html, with ``with`` blocks for nesting.

    def page(h):
        with h.head():
            h.title("Ktor")
        with h.body():
            h.h1("Hello from Ktor!")

Every tag method takes text children and attributes (``class_="x"`` gives ``class``,
``data_id`` gives ``data-id``) and works as a context manager. Text and attribute
values are escaped (``& < > " '``); ``h.raw(s)`` inserts markup as is.

How it stays fast: there is no element tree. Each tag call writes its markup straight
into one list of strings, as two items: the start tag with its text, then the end tag.
``with tag:`` on the tag just added drops that end tag and writes it again on exit, so
the children land in between and a page renders with a single ``"".join``. Rarer orders
(entering an older tag, entering a tag twice, a Tag passed as a child) replace one slot
of the list with a nested list or a Tag reference, which ``render`` then walks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import FunctionType
from typing import Any

__all__ = ["HTML", "Tag", "escape", "render_page"]

# HTML void elements (WHATWG HTML §13.1.2): no content and no end tag.
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_ATTRIBUTE = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_.:-]*\Z")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})

# Caches are bounded so that names built from data cannot grow them without limit.
_CACHE_LIMIT = 1024
# Python keyword name -> validated HTML attribute name.
_ATTRIBUTE_NAMES: dict[str, str] = {}
# Tag name -> the function that adds that element (see _element_function).
_ELEMENTS: dict[str, Callable[..., Tag]] = {}
# The default of a tag method's one positional child: "no child".
_NO_CHILD: Any = object()
# object.__new__ then slot stores: cheaper than calling Tag(...), which runs __init__ as a frame.
_new_object = object.__new__
# How many tag methods __getattr__ has installed on the HTML class.
_installed = 0


def escape(text: str) -> str:
    """Escape ``& < > " '`` for HTML text and quoted attribute values."""
    return str(text).translate(_ESCAPES)


def _escape(text: str) -> str:
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


class _Raw:
    """Markup inserted without escaping."""

    __slots__ = ("markup",)

    def __init__(self, markup: str) -> None:
        self.markup = markup


class Tag:
    """One element; ``with tag:`` makes the tags created inside it its children.

    The element lives in its builder's output: its start tag is item ``_start`` of the
    list ``_home`` and its end tag is item ``_k`` of the list ``_cc`` (None while the
    element is open, its end tag not yet written).
    """

    # _b: builder; _close: "</name>"; _home/_start: where the start tag is; _cc/_k: where the
    # end tag is (children go just before it); _end: last item of the element in _home,
    # used once _cc is no longer _home; _kw: the keyword attributes, for ``attributes``.
    __slots__ = ("_b", "_cc", "_close", "_end", "_home", "_k", "_kw", "_start")

    def __init__(self, builder: HTML, close: str, out: list[Any], start: int) -> None:
        self._b = builder
        self._close = close
        self._home = self._cc = out
        self._start = start
        self._k = start + 1

    @property
    def name(self) -> str:
        """The tag name (``div``)."""
        return self._close[2:-1]

    @property
    def attributes(self) -> dict[str, str | None]:
        """A copy of the HTML attributes (None for a bare flag); changing it changes nothing."""
        try:
            attributes = self._kw  # set only when there are some: one store less per element
        except AttributeError:
            return {}
        return _attributes(attributes)

    def __enter__(self) -> Tag:  # noqa: PYI034 - Tag is final in practice; Self needs 3.11
        builder = self._b
        out = self._cc
        k = self._k
        if out is builder._out and k == len(out) - 1:
            # The usual case, ``with h.div():``: the element was just added, so its end tag is
            # the last item where we are writing; drop it, __exit__ writes it after the children.
            del out[-1]
        elif k is None:
            self._reenter()
            return self
        else:
            # An element added earlier: its children go in a list that takes the end tag's slot.
            if out is self._home:
                self._end = k
            out[k] = builder._out = self._cc = []
            builder._nested = True
        self._k = None
        builder._stack.append(self)
        return self

    def _reenter(self) -> None:
        """``with`` on an element that is already open: new children go after everything so far."""
        builder = self._b
        stack = builder._stack
        top = max(i for i, entry in enumerate(stack) if entry is self or getattr(entry, "tag", None) is self)
        out = stack[top]._cc
        # Elements opened inside this one still write to the same list; give each of them a
        # list of its own, innermost first, so their later children and end tags stay before
        # the ones added now.
        for entry in reversed(stack[top + 1 :]):
            if entry._cc is out:
                entry._cc = []
                out.append(entry._cc)
                if isinstance(entry, Tag) and entry._home is out:
                    entry._end = len(out) - 1
                builder._nested = True
        stack.append(_Reentry(self, out))
        builder._out = out

    def __exit__(self, *exc_info: object) -> None:
        stack = self._b._stack
        entry = stack.pop()
        if type(entry) is Tag:  # not a _Reentry: the element is complete now
            out = entry._cc
            out.append(entry._close)
            entry._k = len(out) - 1
        self._b._out = stack[-1]._cc

    def _extent(self) -> list[Any]:
        """The items that make up this element in the output (its end tag must be written)."""
        return self._home[self._start : (self._k if self._cc is self._home else self._end) + 1]

    def render(self, out: list[str]) -> None:
        """Append this element's markup to ``out``."""
        with _Closed(self._b):
            _flatten(self._extent(), out)


class _VoidTag(Tag):
    """A void element (``<br>``): no children, so no ``with``."""

    __slots__ = ()

    def __enter__(self) -> Tag:
        raise ValueError(f"<{self.name}> is a void element and cannot have children")


class _Root(Tag):
    """The ``<html>`` element: its attributes can change until the page is rendered."""

    __slots__ = ("attributes",)  # type: ignore[misc]  # a real dict here, not the property

    def __init__(self, builder: HTML, out: list[Any]) -> None:
        self._b = builder
        self._close = "</html>"
        self._home = self._cc = out
        self._k = None  # always open: "</html>" is written by render
        self.attributes = {}  # type: ignore[misc]

    def _extent(self) -> list[Any]:
        return ["<html" + _attribute_markup(self.attributes), self._home, self._close]


class _Reentry:
    """A stack entry for ``with`` on an element that is already open; its exit writes nothing."""

    __slots__ = ("_cc", "tag")

    def __init__(self, tag: Tag, out: list[Any]) -> None:
        self.tag = tag
        self._cc = out


class _Closed:
    """Write the end tags of the open elements for the time of a render, then take them back."""

    __slots__ = ("_builder", "_open")

    def __init__(self, builder: HTML) -> None:
        self._builder = builder
        self._open: list[Tag] = []

    def __enter__(self) -> None:
        stack = self._builder._stack
        for entry in reversed(stack[1:]):  # the root's end tag is render's job
            if type(entry) is Tag:
                entry._cc.append(entry._close)
                entry._k = len(entry._cc) - 1
                self._open.append(entry)

    def __exit__(self, *exc_info: object) -> None:
        for entry in self._open:
            del entry._cc[-1]
            entry._k = None


def _flatten(items: list[Any], out: list[str]) -> None:
    """Append the strings of ``items`` to ``out``, walking nested lists and Tag references."""
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif type(item) is list:
            _flatten(item, out)
        else:  # a Tag passed as a child: rendered where it is now, as the tree version did
            _flatten(item._extent(), out)


class HTML:
    """The builder handed to a page function; ``h.<tag>(...)`` adds an element where you are."""

    def __init__(self) -> None:
        # _out: the list the next element goes to; _nested: _out holds more than strings.
        self._out: list[Any] = []
        self._nested = False
        self.root: Tag = _Root(self, self._out)
        self._stack: list[Any] = [self.root]

    def tag(self, name: str, /, *children: Any, **attributes: Any) -> Tag:
        """Add element ``name`` with text children and attributes; usable with ``with``."""
        try:
            add = _ELEMENTS[name]
        except (KeyError, TypeError):
            add = _element_function(name)  # raises ValueError for an invalid name
        return add(self, *children, **attributes)

    def html(self, **attributes: Any) -> Tag:
        """The root ``<html>`` element, to set its attributes (``lang="en"``)."""
        self.root.attributes.update(_attributes(attributes))
        return self.root

    def text(self, text: Any) -> None:
        """Add escaped text where you are (kotlinx.html's ``+"text"``)."""
        self._out.append(_escape(str(text)))

    def raw(self, markup: str) -> None:
        """Add markup without escaping (kotlinx.html's ``unsafe { +"..." }``); never for user input."""
        self._out.append(str(markup))

    def __getattr__(self, name: str) -> Callable[..., Tag]:
        global _installed
        if name.startswith("_"):
            raise AttributeError(name)
        tag_name = name.rstrip("_").replace("_", "-")
        try:
            add = _ELEMENTS.get(tag_name) or _element_function(tag_name)
        except ValueError:
            add = None
        if add is None or _installed >= _CACHE_LIMIT:

            def make(*children: Any, **attributes: Any) -> Tag:
                return self.tag(tag_name, *children, **attributes)

            make.__name__ = name
            make.__doc__ = f"Add a <{tag_name}> element."
            return make
        # Install the method on the class: later lookups, on every builder, find it without
        # coming back here (a page makes a new builder, so caching on the instance would not help).
        method = _rename(add, name, tag_name)
        setattr(HTML, name, method)
        _installed += 1
        return method.__get__(self, HTML)  # type: ignore[no-any-return]

    def render(self) -> str:
        """The page: ``<!DOCTYPE html>`` and the ``<html>`` element."""
        if len(self._stack) > 1:  # rendered from inside a ``with`` block
            with _Closed(self):
                return self._render()
        return self._render()

    def _render(self) -> str:
        """``render`` once every element but the root has its end tag."""
        if self._nested:
            body: list[str] = []
            _flatten(self.root._home, body)
        else:
            body = self.root._home
        return (
            "<!DOCTYPE html>\n<html" + _attribute_markup(self.root.attributes) + "".join(body) + "</html>\n"
        )


def _rename(function: Callable[..., Tag], name: str, tag_name: str) -> Callable[..., Tag]:
    """``function`` under the name ``name``, for ``h.<name>``; the same code, so no extra call."""
    method = FunctionType(
        function.__code__, function.__globals__, name, function.__defaults__, function.__closure__
    )  # type: ignore[attr-defined]
    method.__qualname__ = f"HTML.{name}"
    method.__doc__ = f"Add a <{tag_name}> element."
    return method


def _element_function(name: str) -> Callable[..., Tag]:
    """The function ``(builder, *children, **attributes)`` that adds element ``name``, cached."""
    if not isinstance(name, str):  # re's own message differs between Python versions
        raise TypeError(f"tag name must be a str, got {type(name).__name__!r}")
    if not _NAME.match(name):
        raise ValueError(f"invalid tag name {name!r}")
    start = "<" + name + ">"
    close = "</" + name + ">"

    if name in _VOID:

        def add(builder: HTML, /, *children: Any, **attributes: Any) -> Tag:
            if children:
                raise ValueError(f"<{name}> is a void element and cannot have children")
            out = builder._out
            out.append("<" + name + _attribute_markup(_attributes(attributes)) if attributes else start)
            # No end tag: the element ends at its start tag (entering it raises anyway).
            tag = _VoidTag(builder, close, out, len(out) - 1)
            tag._k = tag._start
            if attributes:
                tag._kw = attributes
            return tag

    else:
        # ``child`` is positional-only, so ``h.td(child="x")`` is still an attribute; one child
        # is the common case, and this signature spares a len() and an index per element.
        def add(builder: HTML, child: Any = _NO_CHILD, /, *more: Any, **attributes: Any) -> Tag:
            if attributes or more:
                return _add_mixed(builder, name, close, child, more, attributes)
            kind = type(child)
            if kind is str:
                # _escape's test inlined: a call per element is measurable here.
                if "&" in child or "<" in child or ">" in child or '"' in child or "'" in child:
                    child = _escape(child)
                head = start + child
            elif child is _NO_CHILD:
                head = start
            elif kind is int:  # digits and "-": nothing to escape
                head = start + str(child)
            elif isinstance(child, (Tag, _Raw)):
                return _add_mixed(builder, name, close, child, more, attributes)
            else:
                head = start + _escape(str(child))
            out = builder._out
            out.append(head)
            out.append(close)
            # Tag.__init__ inlined: object.__new__ and slot stores save a frame per element.
            tag = _new_object(Tag)
            tag._b = builder
            tag._close = close
            tag._home = tag._cc = out
            tag._k = len(out) - 1
            tag._start = tag._k - 1
            return tag

    add.__name__ = add.__qualname__ = name
    if len(_ELEMENTS) < _CACHE_LIMIT:
        _ELEMENTS[name] = add
    return add


def _add_mixed(
    builder: HTML, name: str, close: str, child: Any, more: tuple[Any, ...], attributes: dict[str, Any]
) -> Tag:
    """Add an element with attributes, several children, or a Tag or raw child."""
    # The same order as the tree version: attribute names are checked, then children str()'d.
    items: list[Any] = ["<" + name + _attribute_markup(_attributes(attributes))]
    for item in more if child is _NO_CHILD else (child, *more):
        if isinstance(item, Tag):
            # The tree version rendered the child element itself, as it is at render time.
            items.append(item)
            builder._nested = True
        elif isinstance(item, _Raw):
            items.append(item.markup)
        else:
            items.append(_escape(str(item)))
    items[:2] = ["".join(items[:2])] if len(items) > 1 and isinstance(items[1], str) else items[:2]
    out = builder._out
    start = len(out)
    out.extend(items)
    out.append(close)
    tag = Tag(builder, close, out, start)
    tag._k = len(out) - 1
    if attributes:
        tag._kw = attributes
    return tag


def _attributes(attributes: dict[str, Any]) -> dict[str, str | None]:
    """Python keyword names to HTML attribute names; True is a bare flag, False/None omitted."""
    result: dict[str, str | None] = {}
    for key, value in attributes.items():
        name = _ATTRIBUTE_NAMES.get(key)
        if name is None:
            name = key.rstrip("_").replace("_", "-") if key != "_" else key
            if not _ATTRIBUTE.match(name):
                raise ValueError(f"invalid attribute name {key!r}")
            if len(_ATTRIBUTE_NAMES) < _CACHE_LIMIT:
                _ATTRIBUTE_NAMES[key] = name
        if value is True:
            result[name] = None
        elif value is False or value is None:
            continue
        else:
            result[name] = str(value)
    return result


def _attribute_markup(attributes: dict[str, str | None]) -> str:
    """`` key="value"`` for each attribute, and the closing ``>`` of the start tag."""
    return (
        "".join(
            f" {key}" if value is None else f' {key}="{_escape(value)}"' for key, value in attributes.items()
        )
        + ">"
    )


def render_page(block: Any) -> str:
    """The HTML of ``block``: a page function taking an ``HTML`` builder, a str, or an ``__html__`` object."""
    if callable(block) and not hasattr(block, "__html__"):
        builder = HTML()
        result = block(builder)
        if hasattr(result, "__await__"):
            close = getattr(result, "close", None)
            if close is not None:
                close()  # no "never awaited" warning on top of the error
            raise TypeError("the page function must be a plain def, not async def")
        return builder.render()
    if hasattr(block, "__html__"):
        text = str(block.__html__())
    elif isinstance(block, str):
        text = block
    else:
        raise TypeError(
            f"respond_html takes a page function, a str or an __html__ object, got {type(block).__name__}"
        )
    if text.lstrip()[:9].lower() != "<!doctype":
        text = "<!DOCTYPE html>\n" + text
    return text
