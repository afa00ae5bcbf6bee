"""Writing ``Link`` header values (RFC 8288 §3)."""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

__all__ = ["link_value"]

# RFC 8288 §3: a link target is a URI-Reference (printable ASCII; other characters are
# percent-encoded), and a relation type has no quote, backslash, ';', ',' or control.
_LINK_SAFE = "".join(chr(c) for c in range(0x21, 0x7F))
# Fast paths: printable ASCII without '<' or '>' is a target kept as is, and printable
# ASCII without '"', ',', ';' or '\\' is a valid relation; anything else takes the full rule.
_LINK_PLAIN_TARGET = re.compile(r"[\x21-\x3b\x3d\x3f-\x7e]*").fullmatch
_LINK_PLAIN_RELATION = re.compile(r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+").fullmatch


def link_value(uri: str, rel: tuple[str, ...]) -> str:
    """``<uri>; rel=...`` for the Link header (RFC 8288 §3)."""
    if type(uri) is str and type(rel) is tuple:
        for item in rel:
            if type(item) is not str:
                break
        else:
            text = _plain_link(uri, rel)
            if text is not None:
                return text
    if not isinstance(uri, str) or any(c in uri for c in "<>") or any(ord(c) < 0x21 for c in uri):
        raise ValueError(f"link target {uri!r} must be a URI without spaces, '<', '>' or controls")
    for item in rel:
        if not item or any(c in item for c in '"\\;,') or any(ord(c) < 0x21 or ord(c) > 0x7E for c in item):
            raise ValueError(f"invalid link relation {item!r}")
    target = quote(uri, safe=_LINK_SAFE)
    if not rel:
        return f"<{target}>"
    joined = " ".join(rel)
    return f"<{target}>; rel={joined}" if len(rel) == 1 else f'<{target}>; rel="{joined}"'


@functools.lru_cache(maxsize=256)  # links are mostly constants; bounded against request data
def _plain_link(uri: str, rel: tuple[str, ...]) -> str | None:
    """The Link value of a target and relations that need no encoding, else None."""
    if _LINK_PLAIN_TARGET(uri) is None:
        return None
    for item in rel:
        if _LINK_PLAIN_RELATION(item) is None:
            return None
    if not rel:
        return f"<{uri}>"
    if len(rel) == 1:
        return f"<{uri}>; rel={rel[0]}"
    joined = " ".join(rel)
    return f'<{uri}>; rel="{joined}"'
