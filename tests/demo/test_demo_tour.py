"""The tour app behind ``fastresp demo``: its cards, and ``/_demo/wire`` on fastresp's protocol."""

from __future__ import annotations

import html
import inspect
import socket

import httpx
import pytest
from fastresp.examples import ktor_responses, tour
from support import serve

from fastresp.server import HttpProtocol


@pytest.fixture(scope="module")
def url():
    with serve(tour.app, http=HttpProtocol, server_header=False, date_header=False) as base:
        yield base


def raw_head(base: str, path: str) -> bytes:
    """The response head to one keep-alive GET, as the socket received it."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            assert chunk, f"connection closed before the head ended: {data!r}"
            data += chunk
    return data.split(b"\r\n\r\n")[0]


def test_one_card_per_route_in_the_examples_order():
    """Every route but the front page has a card, in ktor_responses.py's (the Ktor page's) order."""
    routes = [(method, route.path) for route in ktor_responses.app.router.routes if route.path != "/"
              for method in sorted(route.methods)]
    assert [(example.method, example.path) for example in tour.EXAMPLES.values()] == routes


def test_python_pane_is_the_handler_source(url):
    """The page shows each handler's source as ktor_responses.py has it, read when it is built."""
    page = httpx.get(url + "/").text
    for example in tour.EXAMPLES.values():
        route = next(r for r in ktor_responses.app.router.routes if r.path == example.path)
        assert inspect.getsource(route.handler).strip() in html.unescape(page)
        assert example.kotlin in html.unescape(page)


def test_snippet_without_a_route_is_refused(tmp_path, monkeypatch):
    """A snippet naming a path the examples do not serve stops the tour, naming it."""
    (tmp_path / "ktor_snippets.kt").write_text('// header\n// == GET /nowhere | Lost\nget("/") {}\n')
    assert tour.read_snippets((tmp_path / "ktor_snippets.kt").read_text()) == [
        ("GET", "/nowhere", "Lost", 'get("/") {}')]
    monkeypatch.setattr(tour, "ASSETS", tmp_path)
    with pytest.raises(LookupError, match="GET /nowhere"):
        tour.load_examples()


def test_wire_returns_the_head_the_server_wrote(url):
    """/_demo/wire reports the same status line and headers a raw client reads (less the Date)."""
    captured = httpx.get(url + "/_demo/wire", params={"example": "status-custom"}).json()
    assert captured["head"].startswith("HTTP/1.1 418 I'm a tea pot\r\n")
    direct = raw_head(url, "/status/custom").decode("latin-1")

    def without_date(head: str) -> list[str]:
        return [line for line in head.split("\r\n") if line and not line.startswith("date:")]

    assert without_date(captured["head"]) == without_date(direct)
    assert captured["request"].startswith("GET /status/custom HTTP/1.1\r\n")


def test_wire_reports_chunked_framing(url):
    """A streamed body: the decoded size and the larger size with its chunk framing."""
    captured = httpx.get(url + "/_demo/wire", params={"example": "write"}).json()
    assert "transfer-encoding: chunked\r\n" in captured["head"]
    assert captured["preview"] == "Hello, streamed world!"
    assert (captured["chunked"], captured["body_size"]) == (True, 22)
    assert captured["wire_body_size"] > captured["body_size"]


def test_wire_posts_the_customer_with_the_forms_accept(url):
    captured = httpx.post(url + "/_demo/wire", params={"example": "customer"},
                          data={"accept": "application/json"}).json()
    assert "Accept: application/json\r\n" in captured["request"]
    assert captured["preview"] == '{"id":1,"first_name":"Jet","last_name":"Brains"}'


def test_binary_body_is_sized_not_shown(url):
    captured = httpx.get(url + "/_demo/wire", params={"example": "download"}).json()
    assert captured["preview"] is None and captured["content_type"] == "image/png"
    assert captured["body_size"] == (ktor_responses.HERE / "files" / "ktor_logo.png").stat().st_size


@pytest.mark.parametrize(
    ("method", "params", "data", "status", "error"),
    [
        ("GET", {"example": "nowhere"}, None, 404, "no such example"),
        ("GET", {}, None, 404, "no such example"),
        ("POST", {"example": "status"}, None, 405, "is sent with GET"),
        ("GET", {"example": "customer"}, None, 405, "is sent with POST"),
        ("POST", {"example": "customer"}, {"accept": "a\x01b"}, 400, "visible ASCII"),
        ("POST", {"example": "customer"}, {"accept": "x" * 5000}, 413, "larger than"),
    ],
)
def test_wire_refuses_what_it_cannot_send(url, method, params, data, status, error):
    """Only the tour's own examples are sent, and only with what their form allows."""
    response = httpx.request(method, url + "/_demo/wire", params=params, data=data)
    assert response.status_code == status
    assert error in response.json()["error"]


def test_other_paths_reach_the_examples(url):
    assert httpx.get(url + "/text").text == "Hello, world!"
