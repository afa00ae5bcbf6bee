"""Every example of the seed documents, from examples/ktor_responses.py, over a real uvicorn."""

from __future__ import annotations

import json

import h11
import ktor_responses
import pytest
from app_support import raw_request, running

PNG = (ktor_responses.HERE / "files" / "ktor_logo.png").read_bytes()


@pytest.fixture(scope="module")
def client():
    # The examples install DefaultHeaders; uvicorn's own Date and Server would repeat them.
    with running(ktor_responses.app, server_header=False, date_header=False) as client:
        yield client


def test_plain_text(client):
    response = client.get("/text")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=UTF-8"
    assert response.headers["content-length"] == "13"
    assert response.text == "Hello, world!"


def test_status_ok_without_payload(client):
    response = client.get("/status")
    assert response.status_code == 200
    assert response.headers["content-length"] == "0"
    assert response.content == b""


def test_custom_status_falls_back_to_standard_phrase_on_plain_uvicorn(client):
    # uvicorn does not advertise fastresp.reason_phrase, so the standard phrase is sent.
    url = str(client.base_url)
    raw = raw_request(url, b"GET /status/custom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 418 I'm a Teapot\r\n")


def test_respond_text_with_type_and_status(client):
    response = client.get("/content-type")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=UTF-8"
    assert response.text == "Hello, world!"


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("/headers/append", "etag", "7c876b7e"),
        ("/headers/header", "etag", "7c876b7e"),
        ("/headers/etag", "etag", '"7c876b7e"'),
        ("/headers/etag-value", "etag", '"Etag%20value"'),
        ("/headers/custom", "custom", "sfjirjgiu"),
        ("/headers/custom-header", "custom-header", "Some value"),
    ],
)
def test_header_examples(client, path, name, value):
    response = client.get(path)
    assert response.headers.get_list(name) == [value]
    # Ktor's rule: a handler that sets no status and sends nothing answers 404.
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "cookie"), [("/cookies", "custom-cookie=ggg"), ("/cookies/yummy", "yummy_cookie=choco")]
)
def test_cookie_examples(client, path, cookie):
    response = client.get(path)
    assert response.headers.get_list("set-cookie") == [cookie]


def test_html_dsl(client):
    response = client.get("/html")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=UTF-8"
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.text == (
        "<!DOCTYPE html>\n<html><head><title>Ktor</title></head>"
        "<body><h1>Hello from Ktor!</h1></body></html>\n"
    )


@pytest.mark.parametrize("path", ["/index", "/index-template"])
def test_templates(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=UTF-8"
    assert "<h1>Hello, John!</h1>" in response.text
    assert "User id: 1" in response.text


def test_object_with_content_negotiation(client):
    response = client.post("/customer", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert json.loads(response.content) == {"id": 1, "first_name": "Jet", "last_name": "Brains"}


def test_download_file(client):
    response = client.get("/download")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == "attachment; filename=ktor_logo.png"
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-length"] == str(len(PNG))
    assert response.headers["last-modified"].endswith(" GMT")
    assert response.content == PNG


def test_respond_bytes(client):
    response = client.get("/bytes")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.content == b"Hello, bytes!"


def test_respond_write_streams_chunked(client):
    # h11 over a raw socket shows the framing uvicorn chose: chunked, no length.
    url = str(client.base_url)
    raw = raw_request(url, b"GET /write HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="GET", target="/write", headers=[("Host", "x")]))
    conn.receive_data(raw)
    head = conn.next_event()
    headers = dict(head.headers)
    assert headers[b"transfer-encoding"] == b"chunked"
    assert b"content-length" not in headers
    body = b""
    while True:
        event = conn.next_event()
        if isinstance(event, h11.Data):
            body += event.data
        elif isinstance(event, h11.EndOfMessage):
            break
    assert body == b"Hello, streamed world!"


def test_redirect(client):
    response = client.get("/redirect", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == "/moved"
    assert response.content == b""
    followed = client.get("/redirect", follow_redirects=True)
    assert followed.text == "Moved content"


def test_date_and_server_sent_once(client):
    """DefaultHeaders sends Date and Server, and nothing else repeats them on the wire."""
    raw = raw_request(str(client.base_url), b"GET /text HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head = raw.split(b"\r\n\r\n", 1)[0].lower()
    assert head.count(b"\r\ndate: ") == 1
    assert head.count(b"\r\nserver: fastresp/") == 1
