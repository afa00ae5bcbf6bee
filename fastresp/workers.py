"""A gunicorn worker that serves ASGI apps with uvicorn's Server and fastresp's protocol.

Use it as ``gunicorn -k fastresp.workers.FastRespWorker module:app``: gunicorn
manages the processes and the listening sockets, each worker runs one uvicorn
``Server`` whose connections are :class:`fastresp.server.HttpProtocol`.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import Any, ClassVar

from gunicorn.arbiter import Arbiter
from gunicorn.workers.base import Worker
from uvicorn.config import Config
from uvicorn.server import Server

from .server.cli import PROTOCOL, default_loop

__all__ = ["FastRespWorker"]


class FastRespWorker(Worker):
    """gunicorn worker class running an ASGI app on uvicorn with ``HttpProtocol`` (uvloop if installed)."""

    #: Extra ``uvicorn.Config`` arguments; subclasses may override.
    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn logs to its own loggers: send them where gunicorn's logs go.
        for name, source in (("uvicorn.error", self.log.error_log), ("uvicorn.access", self.log.access_log)):
            logger = logging.getLogger(name)
            logger.handlers = source.handlers
            logger.setLevel(source.level)
            logger.propagate = False
        options: dict[str, Any] = {
            "app": None,
            "http": PROTOCOL,
            "loop": default_loop(),
            "log_config": None,
            "timeout_keep_alive": self.cfg.keepalive,
            "timeout_notify": self.timeout,
            "callback_notify": self.callback_notify,
            "limit_max_requests": self.max_requests,
            "forwarded_allow_ips": self.cfg.forwarded_allow_ips,
        }
        if self.cfg.is_ssl:
            ssl = self.cfg.ssl_options
            options.update(
                ssl_keyfile=ssl.get("keyfile"),
                ssl_certfile=ssl.get("certfile"),
                ssl_keyfile_password=ssl.get("password"),
                ssl_version=ssl.get("ssl_version"),
                ssl_cert_reqs=ssl.get("cert_reqs"),
                ssl_ca_certs=ssl.get("ca_certs"),
                ssl_ciphers=ssl.get("ciphers"),
            )
        if self.cfg.settings["backlog"].value:
            options["backlog"] = self.cfg.settings["backlog"].value
        options.update(self.CONFIG_KWARGS)
        self.config = Config(**options)

    def init_signals(self) -> None:
        """Restore default signal handling: uvicorn's Server installs its own handlers."""
        for sig in self.SIGNALS:
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGUSR1, self.handle_usr1)
        signal.siginterrupt(signal.SIGUSR1, False)  # log reopening must not break system calls

    async def _serve(self) -> None:
        self.config.app = self.wsgi  # gunicorn loads the app object under this name
        server = Server(config=self.config)
        # gunicorn stops workers with SIGQUIT as well; treat it as a graceful exit.
        asyncio.get_running_loop().add_signal_handler(signal.SIGQUIT, server.handle_exit, signal.SIGQUIT, None)
        await server.serve(sockets=self.sockets)
        if not server.started:
            sys.exit(Arbiter.WORKER_BOOT_ERROR)

    def run(self) -> None:
        """Run the worker's event loop until uvicorn's Server exits."""
        get_factory = getattr(self.config, "get_loop_factory", None)
        if get_factory is None:  # uvicorn before loop factories: it installs the loop policy
            self.config.setup_event_loop()
            asyncio.run(self._serve())
            return
        factory = get_factory()
        if factory is None:
            asyncio.run(self._serve())
        elif sys.version_info >= (3, 11):
            with asyncio.Runner(loop_factory=factory) as runner:
                runner.run(self._serve())
        else:  # Python 3.10 has no asyncio.Runner
            loop = factory()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._serve())
            finally:
                loop.close()
                asyncio.set_event_loop(None)

    async def callback_notify(self) -> None:
        """Tell gunicorn's arbiter this worker is alive (called by uvicorn's Server)."""
        self.notify()
