"""Plugins installed with ``app.install(Plugin, **options)``; one module per plugin."""

from __future__ import annotations

from .content_negotiation import ContentNegotiation, NotAcceptableError
from .jinja2 import Jinja2

__all__ = ["ContentNegotiation", "Jinja2", "NotAcceptableError"]
