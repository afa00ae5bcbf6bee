"""Per-request cost of a protocol class without sockets: requests fed through a fake transport.

Usage: python bench/server/micro.py [fastresp|httptools] [N]

It serves the load benchmark's plaintext app (``apps.py``). Under callgrind it
counts instructions, which do not depend on what else the machine is doing;
``instructions.sh`` runs it that way and prints instructions per request.
"""

from __future__ import annotations

import asyncio
import sys
import time

import uvicorn
from apps import plaintext as app
from uvicorn.server import ServerState

REQUEST = b"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: wrk\r\nAccept: */*\r\n\r\n"


class Transport(asyncio.Transport):
    """Counts bytes written; never closes."""

    def __init__(self):
        super().__init__()
        self.written = 0

    def get_extra_info(self, name, default=None):
        return {"peername": ("127.0.0.1", 5000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def write(self, data):
        self.written += len(data)

    def writelines(self, data):
        for item in data:
            self.write(item)

    def is_closing(self):
        return False

    def pause_reading(self):
        pass

    def resume_reading(self):
        pass

    def close(self):
        pass


async def main(kind: str, count: int) -> None:
    if kind == "fastresp":
        cls = "fastresp.server:HttpProtocol"
    else:
        cls = "httptools"
    config = uvicorn.Config(app, http=cls, access_log=False, log_level="warning", lifespan="off")
    config.load()
    state = ServerState()
    state.default_headers = [(b"date", b"Sat, 21 Nov 2026 19:38:59 GMT"), (b"server", b"uvicorn")]
    protocol = config.http_protocol_class(config=config, server_state=state, app_state={})
    transport = Transport()
    protocol.connection_made(transport)
    start = time.process_time()
    for _ in range(count):
        protocol.data_received(REQUEST)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    elapsed = time.process_time() - start
    print(f"{kind}: {count / elapsed:,.0f} requests/s ({elapsed / count * 1e6:.2f} us each), {transport.written} bytes")
    protocol.connection_lost(None)


if __name__ == "__main__":
    import uvloop

    uvloop.run(main(sys.argv[1] if len(sys.argv) > 1 else "fastresp", int(sys.argv[2]) if len(sys.argv) > 2 else 100000))
