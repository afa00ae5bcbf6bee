"""The access log shows the request target exactly as received, as uvicorn's does, made safe for terminals."""

from __future__ import annotations

import pytest
from server_support import fetch, plaintext, request, run


@pytest.mark.parametrize(
    ("target", "logged"),
    [
        ("/one%2Ftwo", "/one%2Ftwo"),  # not the decoded /one/two
        ("/caf%C3%A9/%2e%2e/x", "/caf%C3%A9/%2e%2e/x"),
        ("/a?b=%20c&d", "/a?b=%20c&d"),
        ('/q"uote', "/q%22uote"),  # the quote that ends the request field in the line
    ],
)
def test_access_log_shows_the_raw_target(uvicorn_logs, target, logged):
    with run(plaintext, log_config=None, log_level="info") as url:
        fetch(url, request("GET", target))
    lines = [r.getMessage() for r in uvicorn_logs.records if r.name == "uvicorn.access"]
    assert len(lines) == 1
    assert f'"GET {logged} HTTP/1.1" 200' in lines[0]


def test_access_log_keeps_the_root_path_prefix_like_uvicorn(uvicorn_logs):
    with run(plaintext, log_config=None, log_level="info", root_path="/api") as url:
        fetch(url, request("GET", "/x%2Fy"))
    lines = [r.getMessage() for r in uvicorn_logs.records if r.name == "uvicorn.access"]
    assert '"GET /api/x%2Fy HTTP/1.1" 200' in lines[0]
