"""The stacks compared: which server runs which app, and the command that starts it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from dataclasses import dataclass, field

#: The stack every ratio is taken against.
BASELINE = "starlette"

_APPS = "bench.suite.apps"


@dataclass(frozen=True)
class Stack:
    """One server + app combination; ``argv(port)`` starts it serving 127.0.0.1:port.

    ``kind`` says which scenarios it serves: ``raw`` (a hand-written ASGI app),
    ``framework`` (every scenario), ``floor`` or ``ceiling`` (plaintext and files only).
    """

    name: str
    label: str
    kind: str
    server: str  # uvicorn protocol name, "granian", "floor" or "nginx"
    app: str = ""  # module:attribute under bench.suite.apps
    env: dict[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()

    def argv(self, port: int) -> list[str]:
        """The command (without the CPU pinning) that serves this stack on ``port``."""
        if self.server == "granian":
            return [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "asgi",
                "--loop",
                "uvloop",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--runtime-threads",
                "1",
                "--http",
                "1",
                "--no-ws",
                "--log-level",
                "warning",
                f"{_APPS}.{self.app}",
            ]
        if self.server == "floor":
            return [sys.executable, "-m", f"{_APPS}.floor", "--port", str(port)]
        if self.server == "nginx":
            raise ValueError("nginx is started from its configuration (see nginx.py)")
        # Every uvicorn stack: uvloop, no access log, lifespan on, otherwise uvicorn's defaults.
        return [
            sys.executable,
            "-m",
            "uvicorn",
            f"{_APPS}.{self.app}",
            "--http",
            self.server,
            "--loop",
            "uvloop",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--lifespan",
            "on",
        ]

    def unavailable(self) -> str | None:
        """Why this stack cannot run here, or None when everything it needs is installed."""
        for module in self.requires:
            try:
                found = importlib.util.find_spec(module) is not None
            except (ImportError, ValueError):
                found = False
            if not found:
                return f"module {module} is not installed"
        if self.server == "nginx" and nginx_path() is None:
            return "nginx is not installed (Debian package nginx-light)"
        return None


def nginx_path() -> str | None:
    """nginx's executable: on PATH, or where Debian puts it (/usr/sbin is not on every PATH)."""
    found = shutil.which("nginx")
    if found is None and os.access("/usr/sbin/nginx", os.X_OK):
        found = "/usr/sbin/nginx"
    return found


_FASTRESP = "fastresp.server:HttpProtocol"
_UVICORN = ("uvicorn", "httptools", "uvloop")

STACKS: dict[str, Stack] = {
    s.name: s
    for s in [
        Stack("uvicorn-raw", "raw ASGI · uvicorn", "raw", "httptools", "raw:app", requires=_UVICORN),
        Stack(
            "starlette",
            "Starlette · uvicorn",
            "framework",
            "httptools",
            "starlette_app:app",
            requires=_UVICORN + ("starlette",),
        ),
        Stack(
            "blacksheep",
            "BlackSheep · uvicorn",
            "framework",
            "httptools",
            "blacksheep_app:app",
            requires=_UVICORN + ("blacksheep",),
        ),
        Stack(
            "granian-raw", "raw ASGI · Granian", "raw", "granian", "raw:app", requires=("granian", "uvloop")
        ),
        Stack(
            "fastresp-app-uvicorn",
            "fastresp App · uvicorn",
            "framework",
            "httptools",
            "fastresp_app:app",
            requires=_UVICORN,
        ),
        Stack(
            "fastresp-raw",
            "raw ASGI · fastresp protocol",
            "raw",
            _FASTRESP,
            "raw:app",
            requires=_UVICORN + ("fastresp.server",),
        ),
        Stack(
            "fastresp",
            "fastresp App · fastresp protocol",
            "framework",
            _FASTRESP,
            "fastresp_app:app",
            requires=_UVICORN + ("fastresp.server",),
        ),
        Stack(
            "fastresp-pure",
            "fastresp App · fastresp protocol (pure Python)",
            "framework",
            _FASTRESP,
            "fastresp_app:app",
            env={"FASTRESP_NO_EXTENSIONS": "1"},
            requires=_UVICORN + ("fastresp.server",),
        ),
        Stack("floor", "floor: httptools constant", "floor", "floor", requires=("httptools", "uvloop")),
        Stack("nginx", "nginx (load generator ceiling)", "ceiling", "nginx"),
    ]
}

#: Stacks that report which fastresp core twin they run, and the one they must run.
EXPECTED_CORE = {"fastresp-app-uvicorn": None, "fastresp": "cython", "fastresp-pure": "python"}


def select(names: list[str] | None) -> list[Stack]:
    """The stacks named (all when None), in the fixed order above; KeyError for an unknown name."""
    if not names:
        return list(STACKS.values())
    unknown = [name for name in names if name not in STACKS]
    if unknown:
        raise KeyError(f"unknown stack(s) {', '.join(unknown)}; choose from {', '.join(STACKS)}")
    return [stack for stack in STACKS.values() if stack.name in names]
