"""Template responses: ``JinjaContent`` and the renderer interface the Jinja2 plugin provides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from ..http.content_type import ContentType
from ..http.validators import entity_tag
from .contents import OutgoingContent, TextContent

if TYPE_CHECKING:
    from .roles import CallRole

__all__ = ["TEMPLATES_KEY", "JinjaContent", "TemplateRenderer"]

#: Key of the installed template renderer (the Jinja2 plugin) in ``Application.attributes``.
TEMPLATES_KEY = "fastresp.templates"

_HTML_UTF8 = ContentType.Text.Html.with_charset("UTF-8")


class TemplateRenderer(Protocol):
    """What a template plugin offers the application."""

    def render(self, name: str, model: Any) -> str:
        """Render template ``name`` with ``model``."""


class JinjaContent(OutgoingContent):
    """A Jinja2 template and its model, rendered when sent (Ktor's FreeMarkerContent).

    ``model`` is a mapping of template variables (or None); ``etag`` adds a quoted ETag;
    ``content_type`` defaults to ``text/html; charset=UTF-8``.
    """

    def __init__(
        self,
        name: str,
        model: Any = None,
        etag: str | None = None,
        content_type: ContentType | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self.model = model
        self.etag = etag
        self.content_type = content_type or _HTML_UTF8
        if etag is not None:
            self.add_header("ETag", entity_tag(etag))

    async def prepare(self, call: CallRole) -> OutgoingContent:
        """Render the template with the installed Jinja2 plugin into a ``TextContent``."""
        renderer = call.application.attributes.get(TEMPLATES_KEY)
        if renderer is None:
            raise RuntimeError(
                "JinjaContent needs the Jinja2 plugin: "
                "app.install(fastresp.plugins.Jinja2, directory='templates')"
            )
        text = renderer.render(self.name, self.model)
        content = TextContent(text, self.content_type, self.status)
        content.headers.extend(self.headers)
        return content
