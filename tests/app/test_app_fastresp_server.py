"""The seed examples over uvicorn with fastresp's own HTTP/1.1 backend, which advertises
the ``fastresp.reason_phrase`` and ``http.response.pathsend`` extensions."""

from __future__ import annotations

import ktor_responses
import pytest
from app_support import raw_request, running

PNG = (ktor_responses.HERE / "files" / "ktor_logo.png").read_bytes()


@pytest.fixture(scope="module")
def client():
    with running(ktor_responses.app, http="fastresp.server:HttpProtocol") as client:
        yield client


def test_custom_reason_phrase_reaches_the_wire(client):
    raw = raw_request(str(client.base_url), b"GET /status/custom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 418 I'm a tea pot\r\n")


def test_file_through_pathsend(client):
    response = client.get("/download")
    assert response.status_code == 200
    assert response.headers["content-length"] == str(len(PNG))
    assert response.headers["content-disposition"] == "attachment; filename=ktor_logo.png"
    assert response.content == PNG


@pytest.mark.parametrize("path", ["/text", "/html", "/index", "/write", "/bytes", "/content-type"])
def test_payload_examples(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.content


def test_object_and_redirect(client):
    assert client.post("/customer").json() == {"id": 1, "first_name": "Jet", "last_name": "Brains"}
    assert client.get("/redirect", follow_redirects=True).text == "Moved content"
