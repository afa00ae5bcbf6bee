"""The scenarios: what wrk requests, which stacks serve it, and the response every one must give."""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass, field

from .apps import common
from .sse_client import canonical_events

# Which kinds of stack serve a scenario (see stacks.Stack.kind): "ceiling" is nginx,
# the load generator's ceiling; "floor" the constant-answer httptools protocol.
FRAMEWORKS = ("framework",)
SERVERS = ("raw", "framework")


@dataclass(frozen=True)
class Expected:
    """The response a scenario requires: status, the headers that matter, cookies and body.

    ``headers`` maps a lowercase name to its value, compared case-insensitively for
    content-type (charset=UTF-8 and utf-8 are the same) and exactly otherwise.
    ``framing`` is ``length`` (Content-Length), ``chunked``, ``none`` (bodyless) or ``any``.
    ``encoding`` is a Content-Encoding the body is decoded from before comparing, or
    ``event-stream``: the events are compared, not their bytes (see ``canonical_events``).
    """

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    cookies: tuple[str, ...] = ()
    body: bytes = b""
    framing: str = "length"
    encoding: str | None = None


@dataclass(frozen=True)
class Scenario:
    """One request pattern measured on every stack that serves it."""

    name: str
    title: str
    path: str
    expected: Expected
    kinds: tuple[str, ...] = SERVERS
    connections: int = 64
    request_headers: dict[str, str] = field(default_factory=dict)
    #: Whether the servers' peak RSS growth is measured (the large file).
    measure_rss: bool = False
    #: What the tables and charts compare: requests/s, or MiB/s where a response takes
    #: longer than a short run lasts (a 100 MiB file: a 1 s run may complete none).
    metric: str = "req/s"
    #: The load generator: ``wrk`` (requests over ``connections``), or ``sse``: one
    #: event stream over one connection, read by ``sse_client`` (``events/s``).
    client: str = "wrk"

    def decode(self, body: bytes) -> bytes:
        """The body as compared: decompressed, or its events, when the scenario asks for it."""
        if self.expected.encoding == "gzip":
            return gzip.decompress(body)
        if self.expected.encoding == "event-stream":
            return canonical_events(body)
        return body


def _text(body: str, content_type: str = "text/plain; charset=utf-8", **extra: str) -> dict[str, str]:
    return {"content-type": content_type, "content-length": str(len(body.encode())), **extra}


_PLAIN = common.PLAINTEXT.encode()
_JSON = common.json_bytes(common.customer_dict())
_PAGE = common.page_html()
_TEMPLATE = _PAGE.rstrip("\n")  # Jinja2 drops a template's final newline
_CUSTOMERS = common.json_bytes([common.customer_dict(c) for c in common.CUSTOMERS])

SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in [
        Scenario(
            "plaintext",
            "Plaintext “Hello, world!”",
            "/plaintext",
            Expected(headers=_text(common.PLAINTEXT), body=_PLAIN),
            kinds=SERVERS + ("floor", "ceiling"),
        ),
        Scenario(
            "json",
            "JSON object (Customer)",
            "/json",
            Expected(
                headers={"content-type": "application/json", "content-length": str(len(_JSON))}, body=_JSON
            ),
        ),
        Scenario(
            "headers",
            "6 headers + 2 Set-Cookie",
            "/headers",
            Expected(
                headers=_text(common.PLAINTEXT, **dict(common.HEADERS)),
                cookies=tuple(common.SET_COOKIES),
                body=_PLAIN,
            ),
        ),
        Scenario(
            "html",
            "HTML page (HTML DSL)",
            "/html",
            Expected(headers=_text(_PAGE, "text/html; charset=utf-8"), body=_PAGE.encode()),
            kinds=FRAMEWORKS,
        ),
        Scenario(
            "template",
            "Jinja2 template",
            "/template",
            Expected(headers=_text(_TEMPLATE, "text/html; charset=utf-8"), body=_TEMPLATE.encode()),
            kinds=FRAMEWORKS,
        ),
        Scenario(
            "stream",
            "64 KiB streamed in 1 KiB chunks",
            "/stream",
            Expected(
                headers={"content-type": "application/octet-stream"},
                body=common.STREAM_CHUNK * common.STREAM_CHUNKS,
                framing="chunked",
            ),
        ),
        Scenario(
            "sse",
            "100,000 server-sent events, one connection",
            "/sse",
            Expected(body=common.sse_body(), framing="chunked", encoding="event-stream"),
            connections=1,
            metric="events/s",
            client="sse",
        ),
        Scenario(
            "file-1m",
            "1 MiB file",
            "/static/" + common.FILE_1M,
            Expected(
                headers={
                    "content-type": "application/octet-stream",
                    "content-length": str(common.FILE_SIZES[common.FILE_1M]),
                }
            ),
            kinds=SERVERS + ("ceiling",),
            connections=16,
        ),
        Scenario(
            "file-100m",
            "100 MiB file",
            "/static/" + common.FILE_100M,
            Expected(
                headers={
                    "content-type": "application/octet-stream",
                    "content-length": str(common.FILE_SIZES[common.FILE_100M]),
                }
            ),
            kinds=FRAMEWORKS + ("ceiling",),
            connections=4,
            measure_rss=True,
            metric="MiB/s",
        ),
        Scenario(
            "not-modified",
            "304 from If-None-Match",
            "/not-modified",
            Expected(status=304, headers={"etag": common.ETAG}, framing="none"),
            kinds=FRAMEWORKS,
            request_headers={"If-None-Match": common.ETAG},
        ),
        Scenario(
            "gzip",
            "gzip of a 32 KiB JSON",
            "/gzip",
            Expected(
                headers={"content-type": "application/json", "content-encoding": "gzip"},
                body=_CUSTOMERS,
                framing="any",
                encoding="gzip",
            ),
            kinds=FRAMEWORKS,
            request_headers={"Accept-Encoding": "gzip"},
        ),
    ]
}


def file_body(scenario: Scenario) -> bytes | None:
    """For file scenarios the expected body is the file itself, read once when first checked."""
    if scenario.path.startswith("/static/"):
        return _read_file(scenario.path.rsplit("/", 1)[1])
    return None


@functools.cache
def _read_file(name: str) -> bytes:
    return common.file_path(name).read_bytes()
