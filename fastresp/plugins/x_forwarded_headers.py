"""The XForwardedHeaders plugin: the client's scheme, host and address as a trusted proxy reports them.

app.install(XForwardedHeaders, trusted_proxies=["127.0.0.1", "10.0.0.0/8"])
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.plugin import Phase, Plugin
from ..app.request import RequestOrigin, is_valid_host, split_host_port

__all__ = ["XForwardedHeaders", "parse_forwarded"]

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network
#: Elements read from one Forwarded / X-Forwarded-For value; longer proxy chains are cut.
MAX_FORWARDED_ELEMENTS = 32


class XForwardedHeaders(Plugin):
    """Sets ``call.request.origin`` from ``Forwarded`` (RFC 7239) or ``X-Forwarded-Proto/Host/For``.

    Only when the peer is in ``trusted_proxies`` (addresses or networks); from anyone
    else the headers are ignored, so a client cannot claim HTTPS or another host.
    """

    phase = Phase.ORIGIN

    def __init__(self, app: Application, *, trusted_proxies: Iterable[str] = ("127.0.0.1", "::1")) -> None:
        super().__init__(app)
        if isinstance(trusted_proxies, str):
            trusted_proxies = [trusted_proxies]
        #: The proxies whose forwarding headers are believed.
        self.trusted: list[_Network] = [ipaddress.ip_network(item, strict=False) for item in trusted_proxies]

    def is_trusted(self, address: str | None) -> bool:
        """Whether ``address`` is one of the trusted proxies."""
        if not address:
            return False
        try:
            ip = ipaddress.ip_address(address.strip("[]"))
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    async def on_call(self, call: ApplicationCall) -> None:
        """Replace the request origin with the forwarded one when the peer is trusted."""
        origin = call.request.origin
        if not self.is_trusted(origin.remote_host):
            return
        headers = call.request.headers
        forwarded = headers.get_all("forwarded")
        if forwarded:
            elements = parse_forwarded(",".join(forwarded))
            proto, host, client = self._from_elements(elements)
        else:
            proto = _last(headers.get_all("x-forwarded-proto"))
            host = _last(headers.get_all("x-forwarded-host"))
            client = self._client_from_chain(_members(headers.get_all("x-forwarded-for")))
        scheme, port = origin.scheme, origin.port
        if proto is not None and proto.lower() in ("http", "https"):
            scheme = proto.lower()
            port = 443 if scheme == "https" else 80
        new_host = origin.host
        if host is not None:
            name, host_port = split_host_port(host)
            if is_valid_host(name):
                new_host = name
                port = host_port if host_port is not None else (443 if scheme == "https" else 80)
        remote = origin.remote_host
        if client is not None and _is_address(client):
            remote = client.strip("[]")
        call.request.origin = RequestOrigin(scheme, new_host, port, remote)

    def _from_elements(self, elements: list[dict[str, str]]) -> tuple[str | None, str | None, str | None]:
        """proto and host from the element our proxy added (the last); ``for`` walked past trusted hops."""
        if not elements:
            return None, None, None
        last = elements[-1]
        client = self._client_from_chain([element.get("for", "") for element in elements])
        return last.get("proto"), last.get("host"), client

    def _client_from_chain(self, chain: list[str]) -> str | None:
        """The rightmost address that is not a trusted proxy: the first hop we cannot vouch past."""
        for address in reversed(chain):
            address = _strip_port(address)
            if not self.is_trusted(address):
                return address or None
        return _strip_port(chain[0]) if chain else None


def parse_forwarded(value: str) -> list[dict[str, str]]:
    """The elements of a ``Forwarded`` value (RFC 7239 §4): a list of lowercase-keyed pairs.

    A malformed element is dropped; quoted-strings may hold commas and semicolons.
    """
    elements: list[dict[str, str]] = []
    current: dict[str, str] = {}
    pair = ""
    in_quotes = escaped = False
    broken = False

    def end_pair() -> None:
        nonlocal pair, broken
        text = pair.strip(" \t")
        pair = ""
        if not text:
            return
        name, equals, raw = text.partition("=")
        if not equals or not name.strip() or name != name.strip():
            broken = True
            return
        raw = raw.strip(" \t")
        if raw.startswith('"'):
            if len(raw) < 2 or not raw.endswith('"'):
                broken = True
                return
            raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        current[name.lower()] = raw

    for char in value:
        if in_quotes:
            pair += char
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_quotes = False
        elif char == '"':
            in_quotes = True
            pair += char
        elif char == ";":
            end_pair()
        elif char == ",":
            end_pair()
            if current and not broken:
                elements.append(current)
            current, broken = {}, False
            if len(elements) >= MAX_FORWARDED_ELEMENTS:
                break
        else:
            pair += char
    else:
        end_pair()
        if current and not broken and not in_quotes:
            elements.append(current)
    return elements


def _members(values: list[str]) -> list[str]:
    items = [item.strip(" \t") for value in values for item in value.split(",")]
    return [item for item in items if item][-MAX_FORWARDED_ELEMENTS:]


def _last(values: list[str]) -> str | None:
    """The value the nearest proxy set: the last member of the last field line."""
    members = _members(values)
    return members[-1] if members else None


def _strip_port(address: str) -> str:
    """``1.2.3.4:80`` -> ``1.2.3.4``, ``[::1]:80`` -> ``::1``; RFC 7239 node names keep their form."""
    address = address.strip(" \t")
    if address.startswith("["):
        return address[1 : address.find("]")] if "]" in address else address
    if address.count(":") == 1:
        return address.partition(":")[0]
    return address


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        return False
    return True
