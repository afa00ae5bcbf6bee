"""The ASGI apps the server benchmarks load, identical whichever protocol serves them."""

from __future__ import annotations

import os

#: The 1 MiB file the file benchmark serves (created by run.py before the servers start).
FILE = os.environ.get("FASTRESP_BENCH_FILE", "/tmp/fastresp-bench-1mib.bin")


async def plaintext(scope, receive, send):
    """TechEmpower-style plaintext: 13 bytes with a Content-Length."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"13")]})
    await send({"type": "http.response.body", "body": b"Hello, world!"})


def _starlette_file_app():
    from starlette.responses import FileResponse

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        # Starlette uses http.response.pathsend when the server advertises it, else 64 KiB reads.
        await FileResponse(FILE, stat_result=os.stat(FILE))(scope, receive, send)

    return app


file = _starlette_file_app()
