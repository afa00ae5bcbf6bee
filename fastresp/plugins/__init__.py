"""Plugins installed with ``app.install(Plugin, **options)``; one module per plugin."""

from __future__ import annotations

from .auto_head_response import AutoHeadResponse
from .caching_headers import CachingHeaders, CachingOptions
from .compression import Compression
from .conditional_headers import ConditionalHeaders, EntityTagVersion, LastModifiedVersion
from .content_negotiation import ContentNegotiation, NotAcceptableError
from .default_headers import DefaultHeaders
from .hsts import HSTS
from .https_redirect import HttpsRedirect
from .jinja2 import Jinja2
from .partial_content import PartialContent
from .status_pages import StatusPages
from .x_forwarded_headers import XForwardedHeaders

__all__ = [
    "HSTS",
    "AutoHeadResponse",
    "CachingHeaders",
    "CachingOptions",
    "Compression",
    "ConditionalHeaders",
    "ContentNegotiation",
    "DefaultHeaders",
    "EntityTagVersion",
    "HttpsRedirect",
    "Jinja2",
    "LastModifiedVersion",
    "NotAcceptableError",
    "PartialContent",
    "StatusPages",
    "XForwardedHeaders",
]
