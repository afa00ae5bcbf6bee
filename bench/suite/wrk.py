"""Running ``wrk`` pinned to its own core, and reading what it prints."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import asdict, dataclass

#: The core the load generator runs on; servers get the other one (see stacks.SERVER_CPU).
WRK_CPU = "1"
INSTALL_HINT = "wrk was not found on PATH; install it with `sudo apt-get install wrk` (Debian package `wrk`)"

_UNITS = {"": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9}
_BYTES = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}
_TIME = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


@dataclass
class WrkResult:
    """One wrk run: throughput, latency and every error counter it reports."""

    requests: int
    seconds: float
    requests_per_sec: float
    bytes_read: int
    latency_avg_ms: float
    latency_max_ms: float
    socket_errors: int
    non_2xx_3xx: int

    @property
    def errors(self) -> int:
        """Socket errors plus 4xx/5xx answers; a clean run has none."""
        return self.socket_errors + self.non_2xx_3xx

    def to_dict(self) -> dict:
        """The fields as plain JSON values."""
        return asdict(self)


def find_wrk() -> str:
    """The wrk executable, or SystemExit saying how to install it."""
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit(INSTALL_HINT)
    return path


def _size(text: str) -> int:
    match = re.fullmatch(r"([\d.]+)([KMGT]?B)", text)
    if not match:
        raise ValueError(f"unreadable size {text!r}")
    return int(float(match.group(1)) * _BYTES[match.group(2)])


def _duration(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"unreadable duration {text!r}")
    return float(match.group(1)) * _TIME[match.group(2)]


def parse(output: str) -> WrkResult:
    """Parse wrk 4's text summary (``--latency`` or not); ValueError if it has no totals."""
    totals = re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+[KMGT]?B) read", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not totals or not rate:
        raise ValueError(f"wrk printed no totals:\n{output}")
    latency = re.search(r"Latency\s+([\d.]+\w+)\s+([\d.]+\w+)\s+([\d.]+\w+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests=int(totals.group(1)),
        seconds=_duration(totals.group(2)),
        requests_per_sec=float(rate.group(1)),
        bytes_read=_size(totals.group(3)),
        latency_avg_ms=_duration(latency.group(1)) * 1e3 if latency else 0.0,
        latency_max_ms=_duration(latency.group(3)) * 1e3 if latency else 0.0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


def command(
    url: str,
    *,
    duration: int,
    connections: int,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
    wrk: str = "wrk",
    pin: bool = True,
) -> list[str]:
    """The argv of one pinned, single-threaded wrk run (one thread: it has one core).

    wrk takes whole seconds only, so ``duration`` is an int.
    """
    argv = ["taskset", "-c", WRK_CPU] if pin else []
    argv += [wrk, "-t1", f"-c{connections}", f"-d{int(duration)}s", f"--timeout={int(timeout)}s"]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    return argv + [url]


def run(url: str, **options) -> WrkResult:
    """Run wrk against ``url`` (see ``command`` for the options) and parse its summary."""
    argv = command(url, **options)
    duration = options.get("duration", 1)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    return parse(done.stdout)
