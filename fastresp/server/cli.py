"""The ``fastresp`` command: ``fastresp run module:app`` and ``fastresp demo``.

Both start uvicorn with :class:`~fastresp.server.HttpProtocol` and uvloop when
it is installed; every other choice (workers, reload, TLS, limits) is uvicorn's.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Sequence
from typing import Any

#: Import string of the protocol, so that worker processes can import it too.
PROTOCOL = "fastresp.server:HttpProtocol"
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")


def default_loop() -> str:
    """Return ``"uvloop"`` when it can be imported, else ``"asyncio"``."""
    return "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"


def demo_app() -> str:
    """Return the import string of the app ``fastresp demo`` serves (one place to repoint it).

    The tour of the seed documents' examples (``examples/``, installed as
    ``fastresp.examples``); the raw ASGI demo when they are not installed (a copy of
    ``fastresp`` without them).
    """
    if importlib.util.find_spec("fastresp.examples") is not None:
        return "fastresp.examples.tour:app"
    return "fastresp.server.demo:app"


def _header(value: str) -> tuple[str, str]:
    name, sep, content = value.partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME:VALUE, got {value!r}")
    return name.strip(), content.strip()


def _add_server_options(parser: argparse.ArgumentParser, *, port: int = 8000) -> None:
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="bind to this address (default: %(default)s)")
    add("--port", type=int, default=port, help="bind to this port (default: %(default)s)")
    add("--uds", help="bind to this Unix domain socket")
    add("--fd", type=int, help="bind to the socket behind this file descriptor")
    add("--workers", type=int, default=None, help="number of worker processes (uvicorn's supervisor)")
    add("--reload", action="store_true", help="restart when source files change (development)")
    add("--log-level", choices=LOG_LEVELS, default=None, help="log level (default: info)")
    add("--access-log", action=argparse.BooleanOptionalAction, default=True, help="log every request")
    add("--root-path", default="", help="ASGI root_path, when mounted below a prefix by a proxy")
    add("--proxy-headers", action=argparse.BooleanOptionalAction, default=True,
        help="trust X-Forwarded-For/-Proto from --forwarded-allow-ips")
    add("--forwarded-allow-ips", default=None, help="comma-separated proxy addresses to trust")
    add("--timeout-keep-alive", type=float, default=5, help="close idle connections after this many seconds")
    add("--timeout-graceful-shutdown", type=float, default=None, help="seconds to wait for requests on shutdown")
    add("--timeout-request-head", type=float, default=None,
        help="answer 408 when a request head takes longer than this many seconds (default: 30)")
    add("--timeout-request-body", type=float, default=None,
        help="answer 408 when a request body stalls for this many seconds (default: 60)")
    add("--timeout-send", type=float, default=None,
        help="drop a client that reads none of its response for this many seconds (default: 60)")
    add("--limit-concurrency", type=int, default=None, help="answer 503 above this many connections/tasks")
    add("--limit-max-requests", type=int, default=None, help="exit a worker after this many requests")
    add("--backlog", type=int, default=2048, help="listen backlog (default: %(default)s)")
    add("--ssl-keyfile", help="TLS private key file")
    add("--ssl-certfile", help="TLS certificate chain file")
    add("--ssl-keyfile-password", help="password of the TLS key")
    add("--ssl-ca-certs", help="CA certificates to verify clients with")
    add("--header", dest="headers", action="append", type=_header, default=[], metavar="NAME:VALUE",
        help="add a response header to every response (repeatable)")
    add("--server-header", action=argparse.BooleanOptionalAction, default=True, help="send 'server: uvicorn'")
    add("--date-header", action=argparse.BooleanOptionalAction, default=True, help="send a Date header")
    add("--loop", choices=("auto", "asyncio", "uvloop"), default=None, help="event loop (default: uvloop if installed)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``fastresp`` command."""
    parser = argparse.ArgumentParser(prog="fastresp", description="Serve ASGI apps with fastresp's HTTP/1.1 protocol.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="serve an ASGI app given as module:attribute")
    run.add_argument("app", help="import string of the ASGI app, e.g. main:app")
    run.add_argument("--factory", action="store_true", help="the import string names a function returning the app")
    run.add_argument("--app-dir", default=".", help="directory added to sys.path first (default: .)")
    _add_server_options(run)
    demo = commands.add_parser("demo", help="serve the demo app on 127.0.0.1:8000")
    _add_server_options(demo)
    return parser


def uvicorn_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """Translate parsed options into ``uvicorn.run`` keyword arguments."""
    kwargs: dict[str, Any] = {
        "http": PROTOCOL,
        "loop": args.loop or default_loop(),
        "host": args.host,
        "port": args.port,
        "uds": args.uds,
        "fd": args.fd,
        "workers": args.workers,
        "reload": args.reload,
        "access_log": args.access_log,
        "root_path": args.root_path,
        "proxy_headers": args.proxy_headers,
        "forwarded_allow_ips": args.forwarded_allow_ips,
        "timeout_keep_alive": args.timeout_keep_alive,
        "limit_concurrency": args.limit_concurrency,
        "limit_max_requests": args.limit_max_requests,
        "backlog": args.backlog,
        "ssl_keyfile": args.ssl_keyfile,
        "ssl_certfile": args.ssl_certfile,
        "ssl_keyfile_password": args.ssl_keyfile_password,
        "ssl_ca_certs": args.ssl_ca_certs,
        "headers": [list(pair) for pair in args.headers],
        "server_header": args.server_header,
        "date_header": args.date_header,
    }
    if args.log_level is not None:
        kwargs["log_level"] = args.log_level
    if args.timeout_graceful_shutdown is not None:
        kwargs["timeout_graceful_shutdown"] = args.timeout_graceful_shutdown
    if getattr(args, "factory", False):
        kwargs["factory"] = True
    return kwargs


def timeout_environment(args: argparse.Namespace) -> dict[str, str]:
    """The environment variables that carry the ``--timeout-*`` options to every server process."""
    from .protocol import TIMEOUT_VARIABLES

    return {
        variable: repr(getattr(args, option))
        for option, variable in TIMEOUT_VARIABLES.items()
        if getattr(args, option) is not None
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``fastresp`` and ``python -m fastresp``."""
    import uvicorn

    args = build_parser().parse_args(argv)
    kwargs = uvicorn_kwargs(args)
    # uvicorn's Config has no field for these; workers and reloaded servers inherit the environment.
    os.environ.update(timeout_environment(args))
    if args.command == "run":
        app = args.app
        if args.app_dir:
            sys.path.insert(0, args.app_dir)
        kwargs["app_dir"] = args.app_dir
    else:
        app = demo_app()
    uvicorn.run(app, **kwargs)
    return 0
