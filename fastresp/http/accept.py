"""Parsing ``Accept`` (RFC 9110 §12.5.1) and quality values (§12.4.2) without ever failing.

Malformed members are skipped, never an error: a client's broken header must not
become a 500 (security catalogue item 36). Work is bounded by a member cap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._parameters import split_unquoted
from .content_type import BadContentTypeFormatError, ContentType

__all__ = ["MAX_ACCEPT_ITEMS", "AcceptItem", "parse_accept", "parse_qvalue"]

#: Members read from one Accept header; real browsers send fewer than ten.
MAX_ACCEPT_ITEMS = 64

# qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )  (RFC 9110 §12.4.2)
_QVALUE = re.compile(r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)\Z")


def parse_qvalue(text: str) -> float | None:
    """The weight a ``q`` parameter gives, or None when it is not a qvalue (``inf``, ``1.5``, ``-1``)."""
    if _QVALUE.match(text) is None:
        return None
    return float(text)


@dataclass(frozen=True)
class AcceptItem:
    """One media range of an Accept header, with its weight and specificity."""

    range: ContentType
    q: float
    specificity: int


def parse_accept(header: str | None) -> list[AcceptItem] | None:
    """The usable media ranges of an Accept header, or None when there are none.

    None means "accept anything": the header is absent, empty, or nothing in it parses.
    """
    if header is None or not header.strip():
        return None
    items: list[AcceptItem] = []
    # Commas inside quoted strings (a/b;p="x,y") do not split; the cap bounds the work on
    # absurd headers (10k members).
    members, _ = split_unquoted(header, ",", MAX_ACCEPT_ITEMS * 4)
    for member in members:
        if len(items) >= MAX_ACCEPT_ITEMS:
            break
        item = _parse_member(member)
        if item is not None:
            items.append(item)
    return items or None


def _parse_member(member: str) -> AcceptItem | None:
    """One media range with its q, or None when it is malformed."""
    if not member.strip():
        return None
    try:
        parsed = ContentType.parse(member)
    except (BadContentTypeFormatError, ValueError):
        return None
    q = 1.0
    params = []
    for name, value in parsed.parameters:
        if name.lower() == "q":
            weight = parse_qvalue(value)
            if weight is None:
                return None  # q=inf, q=nan, q=-1, q=1.5: not a qvalue, member ignored
            q = weight
            break  # parameters after q are accept-ext, not media-type parameters
        if name.lower() == "charset":
            continue  # Accept-Charset's business; "application/json; charset=utf-8" still means JSON
        params.append((name, value))
    media = ContentType(parsed.content_type, parsed.content_subtype, params)
    if media.content_type == "*":
        specificity = 0
    elif media.content_subtype == "*":
        specificity = 1
    else:
        specificity = 2 + len(params)
    return AcceptItem(media, q, specificity)
