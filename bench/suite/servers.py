"""Starting the stacks' server processes pinned to one core, and reading their CPU and memory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from . import nginx
from .stacks import Stack, nginx_path

#: The core every server runs on; wrk gets the other one (wrk.WRK_CPU).
SERVER_CPU = "0"
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One stack's server process (and its children), started in its own process group."""

    def __init__(self, stack: Stack, data_dir: Path, pin: bool = True) -> None:
        self.stack = stack
        self.port = free_port()
        self._tmp = tempfile.TemporaryDirectory(prefix=f"bench-{stack.name}-")
        # Open for the server's whole life (closed in stop()), so no context manager.
        self._log = open(Path(self._tmp.name) / "server.log", "w+b")  # noqa: SIM115
        env = dict(os.environ, FASTRESP_BENCH_DATA=str(data_dir), **stack.env)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        if stack.server == "nginx":
            argv = nginx.argv(nginx_path() or "nginx", Path(self._tmp.name) / "nginx", self.port)
        else:
            argv = stack.argv(self.port)
        # taskset execs the server in place, so self.proc.pid is the server itself.
        self.argv = (["taskset", "-c", SERVER_CPU] if pin else []) + argv
        self.proc = subprocess.Popen(
            self.argv, cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Return once the port accepts connections; RuntimeError with the log tail if it never does."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"did not start: {self.log_tail()}") from None
                time.sleep(0.05)

    def log_tail(self, lines: int = 5) -> str:
        """The last lines the server printed, on one line."""
        self._log.flush()
        self._log.seek(0)
        text = self._log.read().decode(errors="replace").strip().splitlines()
        return " | ".join(text[-lines:]) or f"exit code {self.proc.poll()}"

    def pids(self) -> list[int]:
        """The server's process and all its descendants (Granian forks a worker)."""
        found, queue = [], [self.proc.pid]
        while queue:
            pid = queue.pop()
            found.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    queue += [int(child) for child in (task / "children").read_text().split()]
                except OSError:
                    pass
        return found

    def cpu_seconds(self) -> float:
        """User plus system CPU time of the whole process tree so far."""
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def reset_peak_rss(self) -> int:
        """Reset the peak-RSS mark of every process (clear_refs 5); return their summed RSS in bytes."""
        total = 0
        for pid in self.pids():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            except OSError:
                pass  # not permitted: the peak then counts from process start, an upper bound
            total += _status_kib(pid, "VmRSS")
        return total * 1024

    def peak_rss(self) -> int:
        """The summed peak RSS (VmHWM) of the process tree, in bytes."""
        return sum(_status_kib(pid, "VmHWM") for pid in self.pids()) * 1024

    def stop(self) -> None:
        """Stop the whole process group: SIGTERM, then SIGKILL after 10 s."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self._log.close()
        self._tmp.cleanup()


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
