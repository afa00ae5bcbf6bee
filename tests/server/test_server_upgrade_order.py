"""A WebSocket upgrade pipelined behind a plain request: the plain response goes out first, never inside the WebSocket."""

from __future__ import annotations

import asyncio
import base64

from server_support import Client, request, run


async def app(scope, receive, send):
    """``/slow`` answers after a pause; ``/ws`` echoes one text message."""
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        message = await receive()
        await send({"type": "websocket.send", "text": message["text"]})
        await send({"type": "websocket.close"})
        return
    if scope["type"] != "http":
        return
    await asyncio.sleep(0.2)  # the upgrade request has been read by now
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4")]})
    await send({"type": "http.response.body", "body": b"slow"})


def test_pipelined_request_is_answered_before_the_switch_to_websocket():
    key = base64.b64encode(b"pipelined-upgr16").decode()
    upgrade = request("GET", "/ws", headers=("Upgrade: websocket", "Connection: Upgrade",
                                              f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"))
    with run(app, ws="websockets-sansio") as url:
        client = Client(url)
        client.send(request("GET", "/slow") + upgrade)
        # RFC 9112 §9.3.2: responses in the order of the requests, so the 200 comes
        # first, whole, and only then the 101 that switches the connection.
        first = client.response()
        assert (first.status, first.body) == (200, b"slow")
        head = client.buffer
        while b"\r\n\r\n" not in head:
            chunk = client.sock.recv(4096)
            assert chunk, f"closed before the 101: {head!r}"
            head += chunk
        assert head.startswith(b"HTTP/1.1 101 "), head
        mask, text = b"\x01\x02\x03\x04", b"hi"
        client.send(bytes([0x81, 0x80 | len(text)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(text)))
        rest = head.partition(b"\r\n\r\n")[2]
        while len(rest) < 4:
            chunk = client.sock.recv(4096)
            assert chunk, f"closed before the echo: {rest!r}"
            rest += chunk
        assert rest[:4] == b"\x81\x02hi"
