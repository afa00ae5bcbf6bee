"""The check run before timing: every stack must give the scenario's response.

Status, the headers that matter, the cookies (as parsed attributes: frameworks order
and capitalize them differently) and the body bytes are compared; Date, Server and
validators a scenario does not name (Last-Modified, ETag on files) are not.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass

from .scenarios import Scenario, file_body


@dataclass
class Response:
    """A response as read from the wire: status, header list (repeats kept) and the decoded body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def values(self, name: str) -> list[str]:
        """Every value of header ``name`` (case-insensitive), in order."""
        return [value for key, value in self.headers if key.lower() == name]


def fetch(base_url: str, scenario: Scenario, timeout: float = 30.0) -> Response:
    """Send the scenario's request once, as wrk would, and read the whole response."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", scenario.path, headers=scenario.request_headers)
        answer = connection.getresponse()
        body = answer.read()  # de-chunked by http.client
        return Response(answer.status, answer.getheaders(), body)
    finally:
        connection.close()


def parse_cookie(line: str) -> tuple[str, str, frozenset]:
    """A Set-Cookie line as (name, value, attributes): names lowercased, order ignored.

    SameSite's value is lowercased (``Lax`` and ``lax`` mean the same, RFC 6265bis §4.1.2.7).
    """
    pair, *attributes = [part.strip() for part in line.split(";")]
    name, _, value = pair.partition("=")
    parsed = set()
    for attribute in attributes:
        if not attribute:
            continue
        key, _, attr_value = attribute.partition("=")
        key = key.strip().lower()
        attr_value = attr_value.strip()
        if key == "samesite":
            attr_value = attr_value.lower()
        parsed.add((key, attr_value))
    return name.strip(), value.strip(), frozenset(parsed)


def _framing(response: Response) -> str:
    if any("chunked" in value.lower() for value in response.values("transfer-encoding")):
        return "chunked"
    if response.values("content-length"):
        return "length" if response.body or response.status not in (204, 304) else "none"
    return "none" if not response.body else "close"


def problems(scenario: Scenario, response: Response) -> list[str]:
    """What differs from the scenario's expected response; an empty list means equivalent."""
    expected = scenario.expected
    found: list[str] = []
    if response.status != expected.status:
        found.append(f"status {response.status}, expected {expected.status}")
    for name, want in expected.headers.items():
        got = response.values(name)
        if name == "content-type":
            same = [value.lower().replace(" ", "") for value in got] == [want.lower().replace(" ", "")]
        else:
            same = got == [want]
        if not same:
            found.append(f"{name}: {got or 'missing'}, expected {want!r}")
    cookies = sorted(parse_cookie(line) for line in response.values("set-cookie"))
    if cookies != sorted(parse_cookie(line) for line in expected.cookies):
        found.append(f"set-cookie: {response.values('set-cookie')}, expected {list(expected.cookies)}")
    framing = _framing(response)
    if expected.framing != "any" and framing != expected.framing:
        found.append(f"framing {framing}, expected {expected.framing}")
    want_body = file_body(scenario)
    if want_body is None:
        want_body = expected.body
    try:
        body = scenario.decode(response.body)
    except OSError as error:
        found.append(f"body does not decode as {expected.encoding}: {error}")
    else:
        if body != want_body:
            found.append(f"body differs ({len(body)} bytes, expected {len(want_body)}): {body[:60]!r}")
    return found


def check(base_url: str, scenario: Scenario) -> list[str]:
    """Fetch once and compare; a failed request is reported as a problem, not raised."""
    try:
        return problems(scenario, fetch(base_url, scenario))
    except (OSError, http.client.HTTPException) as error:
        return [f"request failed: {error!r}"]
