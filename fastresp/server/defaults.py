"""uvicorn's default response headers (Date, Server, ``--header``), made safe for the core once."""

from __future__ import annotations

from ..core import encode_headers
from .logs import error_logger

Headers = list[tuple[bytes, bytes]]

# uvicorn's Server publishes a new list every second; the clean copy is cached per
# list (one tuple, so threads running servers side by side never see a torn pair).
_cache: tuple[object, Headers] = (None, [])
_warned: set[bytes] = set()


def clean_default_headers(raw: Headers) -> Headers:
    """Return ``raw`` with values trimmed of spaces and invalid fields dropped (and logged once).

    ``--header "X-A: b"`` reaches uvicorn as the value ``" b"``; RFC 9110 §5.5 field
    values have no leading or trailing whitespace, so it is trimmed rather than refused.
    """
    global _cache
    cached_raw, cached = _cache
    if raw is cached_raw:
        return cached
    clean = []
    for name, value in raw:
        value = value.strip(b" \t")
        try:
            encode_headers([(name, value)])
        except (TypeError, ValueError) as error:
            if name not in _warned:
                _warned.add(name)
                error_logger.warning("Ignoring invalid default header %r: %s", name, error)
            continue
        clean.append((name, value))
    _cache = (raw, clean)
    return clean
