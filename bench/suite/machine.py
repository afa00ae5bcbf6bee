"""What the results were measured on: host, CPU, load, and the version of every component."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import socket
import subprocess
import sys
from datetime import datetime, timezone

from .stacks import nginx_path

PACKAGES = (
    "fastresp",
    "uvicorn",
    "httptools",
    "uvloop",
    "starlette",
    "blacksheep",
    "granian",
    "jinja2",
    "orjson",
    "matplotlib",
    "pytest-benchmark",
)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version_of(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    text = (done.stdout + done.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def _git_commit() -> str:
    # Read-only: which commit the harness and apps came from.
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10, check=False
        )
        return done.stdout.strip() or "unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def describe() -> dict:
    """Host, CPU, load average, Python, the fastresp core twin and the installed versions."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    try:
        import fastresp.core

        core = fastresp.core.IMPLEMENTATION
    except ImportError:
        core = "not importable"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": socket.gethostname(),
        "cpu_model": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "fastresp_core": core,
        "commit": _git_commit(),
        "versions": versions,
        "wrk": _version_of(["wrk", "--version"]),
        "nginx": _version_of([nginx_path() or "nginx", "-v"]),
    }
