"""The Jinja2 plugin: templates for ``respond_template`` and ``JinjaContent``.

    app.install(Jinja2, directory="templates")       # or loader=jinja2.PackageLoader(...)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import jinja2

from ..app.application import Application
from ..app.plugin import Plugin
from ..app.templates import TEMPLATES_KEY

__all__ = ["Jinja2"]


#: Template names whose output is HTML-escaped: .html, .htm and .xml, also with a
#: trailing .j2 / .jinja / .jinja2 (``index.html.j2``), a common way to mark templates.
AUTOESCAPE_EXTENSIONS = tuple(
    base + suffix for base in ("html", "htm", "xml") for suffix in ("", ".j2", ".jinja", ".jinja2")
)


class Jinja2(Plugin):
    """Holds a ``jinja2.Environment``; HTML autoescaping is on for .html, .htm and .xml templates.

    Options: ``directory`` or ``loader`` (one of them), and ``environment_options``
    passed to ``jinja2.Environment``.
    """

    def __init__(
        self,
        app: Application,
        *,
        directory: str | os.PathLike[str] | None = None,
        loader: jinja2.BaseLoader | None = None,
        environment_options: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(app)
        if (directory is None) == (loader is None):
            raise TypeError("Jinja2 needs exactly one of directory= or loader=")
        if loader is None:
            loader = jinja2.FileSystemLoader(os.fspath(directory))  # type: ignore[arg-type]
        options = {"autoescape": jinja2.select_autoescape(AUTOESCAPE_EXTENSIONS, default_for_string=True)}
        options.update(environment_options or {})
        #: The Jinja2 environment; add filters and globals here.
        self.environment = jinja2.Environment(loader=loader, **options)
        app.attributes[TEMPLATES_KEY] = self

    def render(self, name: str, model: Any) -> str:
        """Render template ``name``; ``model`` is a mapping of variables (or None)."""
        if model is None:
            variables: Mapping[str, Any] = {}
        elif isinstance(model, Mapping):
            variables = model
        else:
            raise TypeError(f"template model must be a mapping, got {type(model).__name__}")
        return self.environment.get_template(name).render(variables)
