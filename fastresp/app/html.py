"""A small HTML DSL in the spirit of kotlinx.html, with ``with`` blocks for nesting.

    def page(h):
        with h.head():
            h.title("Ktor")
        with h.body():
            h.h1("Hello from Ktor!")

Every tag method takes text children and attributes (``class_="x"`` gives ``class``,
``data_id`` gives ``data-id``) and works as a context manager. Text and attribute
values are escaped (``& < > " '``); ``h.raw(s)`` inserts markup as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["HTML", "Tag", "escape", "render_page"]

# HTML void elements (WHATWG HTML §13.1.2): no content and no end tag.
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_ATTRIBUTE = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_.:-]*\Z")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def escape(text: str) -> str:
    """Escape ``& < > " '`` for HTML text and quoted attribute values."""
    return str(text).translate(_ESCAPES)


class _Raw:
    """Markup inserted without escaping."""

    __slots__ = ("markup",)

    def __init__(self, markup: str) -> None:
        self.markup = markup


class Tag:
    """One element; ``with tag:`` makes the tags created inside it its children."""

    __slots__ = ("_builder", "attributes", "children", "name")

    def __init__(self, builder: HTML, name: str, attributes: dict[str, str | None]) -> None:
        self._builder = builder
        self.name = name
        self.attributes = attributes
        self.children: list[Tag | str | _Raw] = []

    def __enter__(self) -> Tag:  # noqa: PYI034 - Tag is final in practice; Self needs 3.11
        if self.name in _VOID:
            raise ValueError(f"<{self.name}> is a void element and cannot have children")
        self._builder._stack.append(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._builder._stack.pop()

    def render(self, out: list[str]) -> None:
        """Append this element's markup to ``out``."""
        out.append("<" + self.name)
        for key, value in self.attributes.items():
            out.append(f" {key}" if value is None else f' {key}="{escape(value)}"')
        out.append(">")
        if self.name in _VOID:
            return
        for child in self.children:
            if isinstance(child, Tag):
                child.render(out)
            elif isinstance(child, _Raw):
                out.append(child.markup)
            else:
                out.append(escape(child))
        out.append(f"</{self.name}>")


class HTML:
    """The builder handed to a page function; ``h.<tag>(...)`` adds an element where you are."""

    def __init__(self) -> None:
        self.root = Tag(self, "html", {})
        self._stack: list[Tag] = [self.root]

    def tag(self, name: str, *children: Any, **attributes: Any) -> Tag:
        """Add element ``name`` with text children and attributes; usable with ``with``."""
        if not _NAME.match(name):
            raise ValueError(f"invalid tag name {name!r}")
        if name in _VOID and children:
            raise ValueError(f"<{name}> is a void element and cannot have children")
        element = Tag(self, name, _attributes(attributes))
        for child in children:
            element.children.append(child if isinstance(child, (Tag, _Raw)) else str(child))
        self._stack[-1].children.append(element)
        return element

    def html(self, **attributes: Any) -> Tag:
        """The root ``<html>`` element, to set its attributes (``lang="en"``)."""
        self.root.attributes.update(_attributes(attributes))
        return self.root

    def text(self, text: Any) -> None:
        """Add escaped text where you are (kotlinx.html's ``+"text"``)."""
        self._stack[-1].children.append(str(text))

    def raw(self, markup: str) -> None:
        """Add markup without escaping (kotlinx.html's ``unsafe { +"..." }``); never for user input."""
        self._stack[-1].children.append(_Raw(str(markup)))

    def __getattr__(self, name: str) -> Callable[..., Tag]:
        if name.startswith("_"):
            raise AttributeError(name)
        tag_name = name.rstrip("_").replace("_", "-")

        def make(*children: Any, **attributes: Any) -> Tag:
            return self.tag(tag_name, *children, **attributes)

        make.__name__ = name
        make.__doc__ = f"Add a <{tag_name}> element."
        return make

    def render(self) -> str:
        """The page: ``<!DOCTYPE html>`` and the ``<html>`` element."""
        out = ["<!DOCTYPE html>\n"]
        self.root.render(out)
        out.append("\n")
        return "".join(out)


def _attributes(attributes: dict[str, Any]) -> dict[str, str | None]:
    """Python keyword names to HTML attribute names; True is a bare flag, False/None omitted."""
    result: dict[str, str | None] = {}
    for key, value in attributes.items():
        name = key.rstrip("_").replace("_", "-") if key != "_" else key
        if not _ATTRIBUTE.match(name):
            raise ValueError(f"invalid attribute name {key!r}")
        if value is True:
            result[name] = None
        elif value is False or value is None:
            continue
        else:
            result[name] = str(value)
    return result


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
        raise TypeError(f"respond_html takes a page function, a str or an __html__ object, got {type(block).__name__}")
    if text.lstrip()[:9].lower() != "<!doctype":
        text = "<!DOCTYPE html>\n" + text
    return text
