"""Call one benchmark app on one scenario N times in process, with no event loop and no server.

    python -m bench.suite.appcalls fastresp_app plaintext 1000

What ``bench/suite/app_instructions.sh`` counts with callgrind: each call builds the scope
uvicorn would, awaits the app with a send that drops every message, and must finish
without suspending (every scenario below does), so the loop machinery is not counted.
"""

from __future__ import annotations

import argparse
import importlib

from .appcost import _receiver, _send, scope_for
from .scenarios import SCENARIOS

#: The scenarios an app finishes without awaiting anything real.
SCENARIO_NAMES = ("plaintext", "json", "headers", "html", "stream", "not-modified")
#: The apps counted, each with the scenarios it serves that way (Starlette's
#: StreamingResponse waits in an anyio task group; the raw app has no HTML page).
APPS = {
    "raw": ("plaintext", "json", "headers", "stream"),
    "starlette_app": ("plaintext", "json", "headers", "html"),
    "fastresp_app": SCENARIO_NAMES,
}


def call_once(app, path: str, headers: dict[str, str]) -> None:
    """Run one request through ``app`` by stepping its coroutine; it must complete at once."""
    coroutine = app(scope_for(path, headers), _receiver(), _send)
    try:
        coroutine.send(None)
    except StopIteration:
        return
    coroutine.close()
    raise RuntimeError(f"the app suspended on {path}: this scenario needs an event loop")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and make the calls."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("app", choices=tuple(APPS))
    parser.add_argument("scenario", choices=SCENARIO_NAMES)
    parser.add_argument("calls", type=int)
    args = parser.parse_args(argv)
    if args.scenario not in APPS[args.app]:
        parser.error(f"{args.app} cannot serve {args.scenario} without an event loop")
    app = importlib.import_module(f"{__package__}.apps.{args.app}").app
    scenario = SCENARIOS[args.scenario]
    for _ in range(args.calls):
        call_once(app, scenario.path, scenario.request_headers)


if __name__ == "__main__":
    main()
