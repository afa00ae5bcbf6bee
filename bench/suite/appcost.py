"""What each framework's app costs per request by itself: called in-process, no server, no socket.

    python -m bench.suite.appcost                          # every app, every scenario it serves
    python -m bench.suite.appcost --apps fastresp_app,starlette_app --scenarios plaintext,html

Splits an end-to-end figure into its app share and its server share: the ASGI app is
awaited with a fixed scope, a receive returning an empty body and a send that drops every
message. Each figure is the best of ``--repeat`` timings of ``--requests`` calls, in µs.
Run with FASTRESP_NO_EXTENSIONS=1 for the pure-Python core.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import time

from .scenarios import SCENARIOS

APPS = ("raw", "starlette_app", "blacksheep_app", "fastresp_app")
_SERVES = {
    "raw": ("raw",),
    "starlette_app": ("framework",),
    "blacksheep_app": ("framework",),
    "fastresp_app": ("framework",),
}


def scope_for(path: str, headers: dict[str, str]) -> dict:
    """An HTTP/1.1 GET scope as uvicorn would build it for ``path``."""
    raw_headers = [(b"host", b"127.0.0.1:8000")] + [
        (k.lower().encode(), v.encode()) for k, v in headers.items()
    ]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": raw_headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
        "extensions": {},
    }


def _receiver():
    """A receive for one request: the empty body, then nothing (the client stays connected)."""
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            # Starlette's StreamingResponse listens for a disconnect; none comes.
            await asyncio.get_running_loop().create_future()
        sent = True
        return {"type": "http.request", "body": b"", "more_body": False}

    return receive


async def _send(message: dict) -> None:
    return None


async def measure(app, path: str, headers: dict[str, str], requests: int, repeat: int) -> float:
    """Best-of-``repeat`` µs per request for ``requests`` sequential calls of ``app``."""
    for _ in range(min(requests, 500)):  # warm caches (templates, routes, imports)
        await app(scope_for(path, headers), _receiver(), _send)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(requests):
            await app(scope_for(path, headers), _receiver(), _send)
        best = min(best, (time.perf_counter() - started) / requests * 1e6)
    return best


async def _run(apps: list[str], scenarios: list[str], requests: int, repeat: int) -> None:
    for name in apps:
        module = importlib.import_module(f"{__package__}.apps.{name}")
        if name == "blacksheep_app":
            await module.app.start()  # BlackSheep builds its routes on start-up (lifespan)
        declared = getattr(module, "UNAVAILABLE", {})
        for scenario_name in scenarios:
            scenario = SCENARIOS[scenario_name]
            if not set(_SERVES[name]) & set(scenario.kinds) or scenario_name in declared:
                continue
            cost = await measure(module.app, scenario.path, scenario.request_headers, requests, repeat)
            print(f"{name:16} {scenario_name:13} {cost:8.1f} µs/request", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Print µs per request of each app on each scenario it serves (files excluded: they need a server)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--apps", default=",".join(APPS))
    parser.add_argument(
        "--scenarios", default="plaintext,json,headers,html,template,stream,not-modified,gzip"
    )
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    import uvloop

    uvloop.run(_run(args.apps.split(","), args.scenarios.split(","), args.requests, args.repeat))


if __name__ == "__main__":
    main()
