"""File extension to media type: one table, the same on every platform.

``mimetypes.MimeTypes()`` built without files uses only Python's built-in table, never
``/etc/mime.types``, so a file is served with the same type on every machine. A few
entries are corrected to current registrations.
"""

from __future__ import annotations

import mimetypes

__all__ = ["media_type_for_path"]

_BUILTIN = mimetypes.MimeTypes(filenames=())

# RFC 9239 made text/javascript the one JavaScript type; the rest are missing or
# outdated in older Python tables.
_OVERRIDES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".md": "text/markdown",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".mp4": "video/mp4",
    ".svg": "image/svg+xml",
    ".ico": "image/vnd.microsoft.icon",
}

_COMPRESSED = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
    "compress": "application/x-compress",
}


def media_type_for_path(path: str) -> str:
    """The media type for a file name, ``application/octet-stream`` when unknown."""
    dot = path.rfind(".")
    if dot != -1 and "/" not in path[dot:]:
        known = _OVERRIDES.get(path[dot:].lower())
        if known is not None:
            return known
    guessed, encoding = _BUILTIN.guess_type(path, strict=False)
    if encoding is not None:
        # "x.tar.gz" holds gzip bytes: sending the inner type would make clients
        # misread them, and Content-Encoding would make them unpack a download.
        return _COMPRESSED.get(encoding, "application/octet-stream")
    return guessed or "application/octet-stream"
