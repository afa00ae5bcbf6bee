"""A small HTML DSL in the spirit of kotlinx.html, with ``with`` blocks for nesting.

    def page(h):
        with h.head():
            h.title("Ktor")
        with h.body():
            h.h1("Hello from Ktor!")

The builder is ``fastresp/app/_htmlbuilder.py`` (its docstring says how it works), written
once and chosen by ``fastresp._puremode``: compiled by Cython's pure-Python mode, or run
from source under the name ``_htmlbuilder_py`` when ``FASTRESP_NO_EXTENSIONS=1``, the
interpreter or a missing build rules the compiled form out. Both give the same bytes.
``IMPLEMENTATION`` is ``"cython"`` or ``"python"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._puremode import implementation, select_module

__all__ = ["HTML", "IMPLEMENTATION", "Tag", "escape", "render_page"]

if TYPE_CHECKING:
    from . import _htmlbuilder
else:
    _htmlbuilder = select_module(f"{__package__}._htmlbuilder")

#: Which build is in use: ``"cython"`` or ``"python"``.
IMPLEMENTATION = implementation(_htmlbuilder)

HTML = _htmlbuilder.HTML
Tag = _htmlbuilder.Tag
escape = _htmlbuilder.escape
render_page = _htmlbuilder.render_page
