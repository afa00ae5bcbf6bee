"""The ConditionalHeaders plugin: 304 Not Modified and 412 Precondition Failed (RFC 9110 §13).

conditional = app.install(ConditionalHeaders)
conditional.version(lambda call, content: [EntityTagVersion("v1")])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import datetime, timezone

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.contents import LocalFileContent, NoContent, OutgoingContent
from ..app.plugin import Phase, Plugin, effective_status, header_value, replace_content
from ..core import http_date
from ..http.status import HttpStatusCode
from ..http.validators import EntityTag, entity_tag, entity_tags_match, parse_entity_tag, parse_http_date

__all__ = ["ConditionalHeaders", "EntityTagVersion", "LastModifiedVersion", "Version"]


class EntityTagVersion:
    """A version given as an entity-tag: ``EntityTagVersion("v1")``, or weak with ``weak=True``."""

    def __init__(self, etag: str, weak: bool = False) -> None:
        text = entity_tag(etag)
        if weak and not text.startswith("W/"):
            text = "W/" + text
        parsed = parse_entity_tag(text)
        if parsed is None:  # pragma: no cover - entity_tag always builds a valid tag
            raise ValueError(f"invalid entity-tag {etag!r}")
        self.tag = parsed

    def __repr__(self) -> str:
        return f"EntityTagVersion({str(self.tag)!r})"


class LastModifiedVersion:
    """A version given as a modification time: a datetime (naive = UTC) or epoch seconds."""

    def __init__(self, when: datetime | float) -> None:
        if isinstance(when, datetime):
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            seconds = when.timestamp()
        elif isinstance(when, (int, float)) and not isinstance(when, bool) and math.isfinite(when):
            seconds = float(when)
        else:
            raise TypeError(f"LastModifiedVersion takes a datetime or epoch seconds, got {when!r}")
        #: Whole seconds: HTTP-dates have second precision (§5.6.7), so comparisons use them.
        self.seconds = math.floor(seconds)

    def __repr__(self) -> str:
        return f"LastModifiedVersion({self.seconds})"


Version = EntityTagVersion | LastModifiedVersion
VersionProvider = Callable[[ApplicationCall, OutgoingContent], Iterable[Version]]

# A 304 stands for the 200 it replaces: it keeps ETag, Last-Modified, Cache-Control,
# Vary, Expires, Date and the rest, but no representation metadata beyond those
# (RFC 9110 §15.4.5) and nothing that describes a body it does not have.
_DROP_ON_304 = (
    "Content-Type",
    "Content-Encoding",
    "Content-Language",
    "Content-Range",
    "Content-Disposition",
)
_DROP_LOWER = frozenset(name.lower().encode("latin-1") for name in _DROP_ON_304)

# The request fields of RFC 9110 §13.1, by lower-case name: their slot in what
# ``_preconditions`` returns.
_PRECONDITION_SLOTS = {
    b"if-match": 0,
    b"if-unmodified-since": 1,
    b"if-none-match": 2,
    b"if-modified-since": 3,
}


class ConditionalHeaders(Plugin):
    """Answers conditional GET/HEAD with 304 and failed preconditions with 412.

    Versions: the content's and the response's ``ETag`` / ``Last-Modified`` headers, a
    file's size and mtime, and ``version(provider)`` functions.
    """

    phase = Phase.CONDITIONAL

    def __init__(self, app: Application) -> None:
        super().__init__(app)
        self.providers: list[VersionProvider] = []

    def version(self, provider: VersionProvider) -> VersionProvider:
        """Register ``provider(call, content) -> [EntityTagVersion | LastModifiedVersion, ...]`` (or None)."""
        if not callable(provider):
            raise TypeError("a version provider must be callable")
        self.providers.append(provider)
        return provider

    def versions(
        self, call: ApplicationCall, content: OutgoingContent
    ) -> tuple[EntityTag | None, int | None]:
        """The entity-tag and the Last-Modified seconds of ``content``, adding the missing headers."""
        etag = parse_entity_tag(header_value(call, content, "ETag"))
        modified_text = header_value(call, content, "Last-Modified")
        modified = None if modified_text is None else parse_http_date(modified_text)
        found_etag = found_modified = None
        for provider in self.providers:
            for version in provider(call, content) or ():
                if isinstance(version, EntityTagVersion):
                    found_etag = found_etag or version.tag
                elif isinstance(version, LastModifiedVersion):
                    found_modified = version.seconds if found_modified is None else found_modified
                else:
                    raise TypeError(f"a version provider returned {version!r}")
        if etag is None and found_etag is None and isinstance(content, LocalFileContent):
            # A strong validator for files: size and mtime in nanoseconds change with any write.
            found_etag = EntityTag(f'"{content.content_length:x}-{int(content.mtime * 1e9):x}"')
        if etag is None and found_etag is not None:
            etag = found_etag
            content.headers.append(("ETag", str(etag)))
        if modified is None and found_modified is not None:
            modified = found_modified
            content.headers.append(("Last-Modified", http_date(modified).decode("ascii")))
        return etag, modified

    async def transform(self, call: ApplicationCall, content: OutgoingContent) -> OutgoingContent:
        """Evaluate the preconditions in RFC 9110 §13.2.2 order; 304/412 replace ``content``."""
        # §13.2.1: preconditions are evaluated only when the response would be 2xx; a live
        # stream has no representation to validate, so it always goes out.
        if content.live or not 200 <= effective_status(call, content).value < 300:
            return content
        etag, modified = self.versions(call, content)
        # The scope, not ``call.request``: a handler that never reads the request builds no view of it.
        scope = call.scope
        outcome = evaluate(scope["method"], _preconditions(scope.get("headers") or ()), etag, modified)
        if outcome is None:
            return content
        if outcome == 304:
            return not_modified(call, content)
        failed = NoContent()
        failed.status = HttpStatusCode.PreconditionFailed
        failed.content_length = 0
        return replace_content(content, failed)


def _preconditions(raw: Iterable[tuple[bytes, bytes]]) -> list[str | None]:
    """The first If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since values, in one pass."""
    found: list[str | None] = [None, None, None, None]
    for name, value in raw:
        slot = _PRECONDITION_SLOTS.get(name.lower())
        if slot is not None and found[slot] is None:
            found[slot] = value.decode("latin-1")  # request fields are latin-1 (RFC 9110 §5.5)
    return found


def evaluate(
    method: str, fields: list[str | None], etag: EntityTag | None, modified: int | None
) -> int | None:
    """304, 412 or None (send the response) for the ``_preconditions`` fields, per RFC 9110 §13.2.2."""
    safe = method in ("GET", "HEAD")
    if_match, if_unmodified_since, if_none_match, if_modified_since = fields
    if if_match is not None:
        # Step 1: a malformed If-Match matches nothing (fail safe for writes).
        if not entity_tags_match(if_match, etag, strong=True):
            return 412
    elif if_unmodified_since is not None and modified is not None:
        # Step 2: If-Unmodified-Since, only without If-Match; invalid dates are ignored.
        since = parse_http_date(if_unmodified_since)
        if since is not None and modified > since:
            return 412
    if if_none_match is not None:
        # Step 3: weak comparison (§13.1.2); a malformed field is ignored.
        if entity_tags_match(if_none_match, etag, strong=False):
            return 304 if safe else 412
    elif safe and if_modified_since is not None and modified is not None:
        # Step 4: If-Modified-Since, only for GET/HEAD and without If-None-Match (§13.1.3).
        since = parse_http_date(if_modified_since)
        if since is not None and modified <= since:
            return 304
    return None


def not_modified(call: ApplicationCall, content: OutgoingContent) -> OutgoingContent:
    """The 304 for ``content``: its headers without representation metadata, and no body (§15.4.5)."""
    result = NoContent()
    result.status = HttpStatusCode.NotModified
    result.headers.extend(content.headers)
    if not _DROP_LOWER.isdisjoint(result.headers.names):
        result.headers.keep(lambda lower: lower not in _DROP_LOWER)
    #: The representation this 304 stands for (Compression reads it to keep ``Vary``).
    result.representation = content  # type: ignore[attr-defined]
    response_headers = call.response.headers
    if not _DROP_LOWER.isdisjoint(response_headers.names):
        for name in _DROP_ON_304:
            if name in response_headers:
                response_headers.remove(name)
    return result
