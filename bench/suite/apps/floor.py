"""The floor: a minimal httptools protocol on uvloop answering one constant response.

No ASGI, no Date, no routing: the fastest a Python server on this event loop can
answer, so the other stacks' figures can be read as "how far from the floor".

    python -m bench.suite.apps.floor --port 8000
"""

from __future__ import annotations

import argparse
import asyncio

import httptools
import uvloop

RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 13\r\n\r\nHello, world!"
)


class FloorProtocol(asyncio.Protocol):
    """Parse requests with httptools and answer each complete one with ``RESPONSE``."""

    def connection_made(self, transport):
        """Keep the transport and start a parser for this connection."""
        self.transport = transport
        self.parser = httptools.HttpRequestParser(self)

    def data_received(self, data):
        """Feed the parser; a malformed request closes the connection."""
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self.transport.close()

    def on_message_complete(self):
        """Answer the request just parsed."""
        self.transport.write(RESPONSE)


def main() -> None:
    """Serve on 127.0.0.1 until killed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port

    async def serve():
        server = await asyncio.get_running_loop().create_server(
            FloorProtocol, "127.0.0.1", port, backlog=1024
        )
        await server.serve_forever()

    uvloop.run(serve())


if __name__ == "__main__":
    main()
