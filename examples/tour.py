"""The app ``fastresp demo`` serves: a tour of Ktor's "Responses" examples in front of them.

``/`` shows one card per example of ``ktor_responses.py``, in the order of Ktor's
"Responses" page: the Kotlin snippet from the page, the Python route that translates
it (read from ``ktor_responses.py`` when the page is built, so it cannot drift), and the
response head this server wrote for it. The page's script asks ``/_demo/wire`` for
that head; ``/_demo/wire`` sends the example's request to the serving process over a
loopback socket and answers with the bytes read back (see ``wire.py``). Every other
path goes to the examples app unchanged.
"""

from __future__ import annotations

import inspect
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jinja2

from . import ktor_responses, wire
from .ktor_responses import app as examples_app

ASSETS = Path(__file__).resolve().parent / "demo"
#: The path the page's script asks for a capture; outside every example's path.
WIRE_PATH = "/_demo/wire"
#: Characters of a text body shown under its head.
PREVIEW_CHARS = 400
#: What the form may put in the POST example's Accept header: visible ASCII and spaces.
ACCEPT_VALUE = re.compile(r"[\x20-\x7e]{1,200}")
_SNIPPET_START = re.compile(r"^// == (?P<method>[A-Z]+) (?P<path>\S+) \| (?P<title>.+)$")


@dataclass(frozen=True)
class Example:
    """One card of the tour: a Ktor snippet, its Python route and the request to show it with."""

    method: str
    path: str
    title: str
    kotlin: str
    python: str

    @property
    def key(self) -> str:
        """The card's id in the page and its ``example`` value for ``/_demo/wire``."""
        return self.path.strip("/").replace("/", "-")

    @property
    def live(self) -> bool:
        """Whether the route streams server-sent events, which the page also reads live with an EventSource."""
        return "respond_sse" in self.python


def read_snippets(text: str) -> list[tuple[str, str, str, str]]:
    """Split ``ktor_snippets.kt`` into (method, path, title, code) in file order."""
    snippets: list[tuple[str, str, str, list[str]]] = []
    for line in text.splitlines():
        start = _SNIPPET_START.match(line)
        if start:
            snippets.append((start["method"], start["path"], start["title"], []))
        elif snippets:
            snippets[-1][3].append(line)
    return [(method, path, title, "\n".join(code).strip("\n")) for method, path, title, code in snippets]


def load_examples() -> list[Example]:
    """Pair each Ktor snippet with the route of ``ktor_responses.app`` that serves it."""
    routes = {(method, route.path): route for route in examples_app.router.routes for method in route.methods}
    examples = []
    for method, path, title, kotlin in read_snippets((ASSETS / "ktor_snippets.kt").read_text(encoding="utf-8")):
        route = routes.get((method, path))
        if route is None:
            raise LookupError(f"ktor_snippets.kt names {method} {path}, which ktor_responses.py does not serve")
        python = textwrap.dedent(inspect.getsource(route.handler)).strip("\n")
        examples.append(Example(method, path, title, kotlin, python))
    return examples


EXAMPLES = {example.key: example for example in load_examples()}


def render_page() -> bytes:
    """The tour page, with its stylesheet and script inlined (one request, nothing external)."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=True)
    page = environment.get_template("tour.html.j2").render(
        examples=list(EXAMPLES.values()),
        source=Path(inspect.getsourcefile(ktor_responses)).name,
        wire_path=WIRE_PATH,
        style=(ASSETS / "tour.css").read_text(encoding="utf-8"),
        script=(ASSETS / "tour.js").read_text(encoding="utf-8"),
    )
    return page.encode("utf-8")


def describe(result: wire.Capture) -> dict[str, Any]:
    """The JSON the page shows for one capture: request, raw head, body sizes and a preview."""
    content_type = (result.header(b"content-type") or b"").decode("latin-1")
    textual = content_type.startswith("text/") or "json" in content_type or "xml" in content_type
    body = bytes(result.body)
    return {
        "request": result.request.decode("latin-1"),
        "head": result.head.decode("latin-1"),
        "body_size": len(body),
        "wire_body_size": len(result.wire_body),
        "chunked": (result.header(b"transfer-encoding") or b"").lower() == b"chunked",
        "preview": body[:PREVIEW_CHARS].decode("utf-8", "replace") if textual else None,
        "content_type": content_type,
    }


async def _send(send: Any, status: int, content_type: bytes, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", b"%d" % len(body)),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


async def _send_json(send: Any, status: int, value: Any) -> None:
    await _send(send, status, b"application/json", json.dumps(value).encode("utf-8"))


async def _read_body(receive: Any, limit: int = 4096) -> bytes | None:
    """The request body, or None when it is longer than ``limit``."""
    body = b""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b""
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body", False):
            return body


async def wire_endpoint(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Send one example's request to this server over loopback and answer with what came back."""
    query = parse_qs(scope["query_string"].decode("latin-1"))
    example = EXAMPLES.get((query.get("example") or [""])[0])
    if example is None:
        await _send_json(send, 404, {"error": f"no such example: {query.get('example')!r}"})
        return
    if scope["method"] != example.method:
        await _send_json(send, 405, {"error": f"{example.path} is sent with {example.method}"})
        return
    headers = [("Accept", "*/*")]
    if example.method == "POST":
        form = await _read_body(receive)
        if form is None:
            await _send_json(send, 413, {"error": "the form is larger than 4096 bytes"})
            return
        accept = (parse_qs(form.decode("latin-1")).get("accept") or ["*/*"])[0]
        if not ACCEPT_VALUE.fullmatch(accept):
            await _send_json(send, 400, {"error": f"Accept must be 1-200 visible ASCII characters: {accept!r}"})
            return
        headers = [("Accept", accept)]
    server = scope.get("server")
    if not server or server[1] is None:
        await _send_json(send, 503, {"error": "the demo captures over TCP; this server listens elsewhere"})
        return
    host = dict(scope["headers"]).get(b"host", b"").decode("latin-1") or f"{server[0]}:{server[1]}"
    request = wire.build_request(example.method, example.path, host, headers)
    try:
        result = await wire.capture((server[0], server[1]), request)
    except wire.CaptureError as error:
        await _send_json(send, 502, {"error": str(error)})
        return
    await _send_json(send, 200, describe(result))


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Serve the tour on ``/`` and ``/_demo/wire``; hand everything else to the examples."""
    if scope["type"] == "http" and scope["path"] == "/":
        await _send(send, 200, b"text/html; charset=utf-8", render_page())
    elif scope["type"] == "http" and scope["path"] == WIRE_PATH:
        await wire_endpoint(scope, receive, send)
    else:
        await examples_app(scope, receive, send)
