"""Validators: reading HTTP-dates (RFC 9110 §5.6.7) and entity-tags (§8.8.3), writing entity-tags.

Parsing is strict and never raises: anything malformed gives None, and callers treat
that as "no usable validator" (a client's broken header must never become a 500).
Writing dates is the core's job (``fastresp.core.http_date``), not this module's.
"""

from __future__ import annotations

import calendar
import functools
import re
import time
from dataclasses import dataclass
from urllib.parse import quote

__all__ = [
    "EntityTag",
    "entity_tag",
    "entity_tags_match",
    "parse_entity_tag",
    "parse_entity_tags",
    "parse_http_date",
]

# A response's validators repeat from call to call (one ETag per resource version), so the
# parsers keep what they read and entity_tag what it wrote, each in an lru_cache of
# _MEMO_SIZE values; a value longer than _MEMO_LENGTH characters is never kept, so no
# client can grow them. Results are immutable (str, int, EntityTag, None), safe to share.
_MEMO_SIZE = 256
_MEMO_LENGTH = 128
_memo = functools.lru_cache(maxsize=_MEMO_SIZE)

# RFC 9110 §8.8.3 etagc = %x21 / %x23-7E / obs-text; anything else inside the quotes
# would break the entity-tag, so it is percent-encoded ('%' is itself an etagc).
_ETAG_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '"')
# Fast paths: a value made only of etagc needs no percent-encoding, and one already
# quoted (optionally weak) around etagc is kept as is; anything else takes the full rule.
_ETAG_PLAIN = re.compile(r"[\x21\x23-\x7e]*").fullmatch
_ETAG_QUOTED = re.compile(r'(?:W/)?"[\x21\x23-\x7e]*"').fullmatch

_MONTHS = {
    name: index
    for index, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_SHORT_DAYS = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_LONG_DAYS = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIME = "([0-9]{2}):([0-9]{2}):([0-9]{2})"
# The three forms of §5.6.7, case-sensitive ("GMT" is %s"GMT"), single spaces only.
_IMF_FIXDATE = re.compile(f"{_SHORT_DAYS}, ([0-9]{{2}}) {_MONTH} ([0-9]{{4}}) {_TIME} GMT")
_RFC850 = re.compile(f"{_LONG_DAYS}, ([0-9]{{2}})-{_MONTH}-([0-9]{{2}}) {_TIME} GMT")
_ASCTIME = re.compile(f"{_SHORT_DAYS} {_MONTH} ([0-9]{{2}}| [0-9]) {_TIME} ([0-9]{{4}})")


def parse_http_date(value: str | None) -> int | None:
    """Seconds since the epoch for an IMF-fixdate, rfc850 or asctime date; None if invalid."""
    if value is None or len(value) > 40:
        return None
    # An rfc850 date's two-digit year depends on today's date (§5.6.7), so it is not kept;
    # only that form has a '-'.
    return _read_http_date(value) if "-" in value else _kept_http_date(value)


def _read_http_date(value: str) -> int | None:
    """``parse_http_date`` without the memo: the §5.6.7 grammar."""
    if match := _IMF_FIXDATE.fullmatch(value):
        day, month, year, hour, minute, second = match.groups()
        year_number = int(year)
    elif match := _RFC850.fullmatch(value):
        day, month, year, hour, minute, second = match.groups()
        year_number = _two_digit_year(int(year))
    elif match := _ASCTIME.fullmatch(value):
        month, day, hour, minute, second, year = match.groups()
        year_number = int(year)
    else:
        return None
    fields = (year_number, _MONTHS[month], int(day), int(hour), int(minute), int(second))
    # time-of-day allows second 60 (a leap second, §5.6.7); it names the last second of the minute.
    if fields[3] > 23 or fields[4] > 59 or fields[5] > 60 or fields[2] < 1:
        return None
    if fields[2] > calendar.monthrange(fields[0], fields[1])[1]:
        return None
    return calendar.timegm((*fields[:5], min(fields[5], 59), 0, 0, 0))


_kept_http_date = _memo(_read_http_date)


def _two_digit_year(year: int) -> int:
    """§5.6.7: a two-digit year more than 50 years in the future is the most recent past such year."""
    now = time.gmtime().tm_year
    candidate = now - now % 100 + year
    if candidate > now + 50:
        candidate -= 100
    return candidate


@dataclass(frozen=True)
class EntityTag:
    """An entity-tag: its opaque-tag (with the quotes) and whether it is weak (``W/``)."""

    opaque: str
    weak: bool = False

    def __str__(self) -> str:
        return ("W/" if self.weak else "") + self.opaque

    def strong_match(self, other: EntityTag) -> bool:
        """§8.8.3.2 strong comparison: both strong and the same opaque-tag."""
        return not self.weak and not other.weak and self.opaque == other.opaque

    def weak_match(self, other: EntityTag) -> bool:
        """§8.8.3.2 weak comparison: the same opaque-tag, weak or not."""
        return self.opaque == other.opaque


# entity-tag = [ %s"W/" ] DQUOTE *etagc DQUOTE ; etagc = %x21 / %x23-7E / obs-text
_TAG = re.compile(r'(W/)?("[\x21\x23-\x7e\x80-\xff]*")')
_OWS = re.compile(r"[ \t]*")


def parse_entity_tag(value: str | None) -> EntityTag | None:
    """One entity-tag (an ``ETag`` or ``If-Range`` value), or None when it is not one."""
    if value is None:
        return None
    return _kept_entity_tag(value) if len(value) <= _MEMO_LENGTH else _read_entity_tag(value)


def _read_entity_tag(value: str) -> EntityTag | None:
    """``parse_entity_tag`` without the memo."""
    match = _TAG.fullmatch(value.strip(" \t"))
    return EntityTag(match.group(2), bool(match.group(1))) if match else None


_kept_entity_tag = _memo(_read_entity_tag)


def parse_entity_tags(value: str | None) -> list[EntityTag] | str | None:
    """An ``If-Match`` / ``If-None-Match`` value: ``"*"``, a list of tags, or None when malformed.

    Linear in the length of the value; empty list elements are skipped (§5.6.1.2).
    """
    if value is None:
        return None
    if value.strip(" \t") == "*":
        return "*"
    tags: list[EntityTag] = []
    position, end = 0, len(value)
    while True:
        position = _OWS.match(value, position).end()
        if position < end and value[position] == ",":
            position += 1  # an empty element
            continue
        if position >= end:
            break
        match = _TAG.match(value, position)
        if match is None:
            return None
        tags.append(EntityTag(match.group(2), bool(match.group(1))))
        position = _OWS.match(value, match.end()).end()
        if position < end:
            if value[position] != ",":
                return None
            position += 1
    return tags or None


def entity_tags_match(field: str, etag: EntityTag | None, strong: bool) -> bool | None:
    """Whether an ``If-Match`` (``strong``) / ``If-None-Match`` value lists ``etag`` or is ``*``.

    None when ``field`` is malformed. Comparison is §8.8.3.2's strong or weak one.
    """
    if etag is not None and field == etag.opaque:
        # The common request: one strong tag, the opaque-tag of the response's own.
        return not (strong and etag.weak)
    tags = parse_entity_tags(field)
    if tags is None or tags == "*":
        return None if tags is None else True
    if etag is None:
        return False
    if strong:
        return any(tag.strong_match(etag) for tag in tags)
    return any(tag.weak_match(etag) for tag in tags)


def entity_tag(value: str) -> str:
    """``value`` as an RFC 9110 §8.8.3 entity-tag: kept when already quoted or weak, else quoted."""
    if type(value) is str and len(value) <= _MEMO_LENGTH:
        return _kept_written_tag(value)
    if not isinstance(value, str):
        raise TypeError(f"etag must be str, got {type(value).__name__}")
    return _write_entity_tag(value)


def _write_entity_tag(value: str) -> str:
    """``entity_tag`` without the memo."""
    if _ETAG_PLAIN(value) is not None:
        return '"' + value + '"'
    if _ETAG_QUOTED(value) is not None:
        return value
    for prefix in ('W/"', '"'):
        if value.startswith(prefix) and value.endswith('"') and len(value) > len(prefix):
            inner = value[len(prefix) : -1]
            if inner == quote(inner, safe=_ETAG_SAFE + "%"):
                return value
    return '"' + quote(value, safe=_ETAG_SAFE) + '"'


_kept_written_tag = _memo(_write_entity_tag)
