"""The measurement: start every stack, check its responses, then time them interleaved.

All selected servers run at once on the server core (an idle one costs nothing), so
each scenario can alternate stacks A B C A B C ... and drift hits every stack alike.
"""

from __future__ import annotations

import importlib
import subprocess
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from . import equivalence, sse_client, wrk
from .apps import common
from .scenarios import SCENARIOS, Scenario
from .servers import Server
from .stacks import EXPECTED_CORE, Stack

#: Seconds one event stream may take before its client gives up (a run, not the whole cell).
SSE_TIMEOUT = 120.0


@dataclass
class Config:
    """What to run: scenario and stack names, seconds per run, repetitions, wrk connections."""

    scenarios: list[str]
    stacks: list[Stack]
    duration: int = 5
    warmup: int = 1
    repetitions: int = 3
    connections: int | None = None  # None: each scenario's own default
    pin: bool = True


@dataclass
class Cell:
    """One scenario on one stack: its state and every measured run."""

    scenario: str
    stack: str
    status: str = "pending"  # ok, unavailable, excluded (response differs), failed
    reason: str = ""
    runs: list[dict] = field(default_factory=list)
    cpu_us_per_request: list[float] = field(default_factory=list)
    rss_before: int | None = None
    rss_peak: int | None = None

    def set(self, status: str, reason: str) -> None:
        """Mark the cell as not measurable, keeping the first reason given."""
        if self.status in ("pending", "ok"):
            self.status, self.reason = status, reason

    @property
    def rates(self) -> list[float]:
        """Requests/s of each measured run."""
        return [run["requests_per_sec"] for run in self.runs]

    def samples(self, metric: str) -> list[float]:
        """Each measured run's ``req/s`` or ``MiB/s`` (bytes read, partial responses included)."""
        if metric == "MiB/s":
            return [run["bytes_read"] / run["seconds"] / (1 << 20) for run in self.runs if run["seconds"]]
        return self.rates

    def to_dict(self) -> dict:
        """The cell as plain JSON values."""
        return dict(vars(self))


def load(
    scenario: Scenario, url: str, *, duration: int, connections: int | None = None, pin: bool = True
) -> wrk.WrkResult:
    """One run of the scenario's load generator against ``url`` (``connections`` overrides its own)."""
    if scenario.client == "sse":
        # One whole stream per run, whatever the duration: the scenario is its event count.
        return sse_client.run(url, events=common.SSE_EVENTS, timeout=SSE_TIMEOUT, pin=pin)
    return wrk.run(
        url,
        duration=duration,
        connections=connections or scenario.connections,
        headers=scenario.request_headers,
        pin=pin,
    )


def app_unavailable(stack: Stack) -> dict[str, str]:
    """Scenarios the stack's app declares it cannot serve (its ``UNAVAILABLE``); '*' if it fails to import."""
    if not stack.app:
        return {}
    module = "bench.suite.apps." + stack.app.split(":")[0]
    try:
        return dict(getattr(importlib.import_module(module), "UNAVAILABLE", {}))
    except Exception as error:  # noqa: BLE001 - any import-time failure makes the stack unavailable, not the run
        return {"*": f"app does not import: {error!r}"}


def plan(config: Config) -> dict[tuple[str, str], Cell]:
    """Every (scenario, stack) pair the stack's kind serves, marked unavailable where it must be."""
    cells: dict[tuple[str, str], Cell] = {}
    for stack in config.stacks:
        missing = stack.unavailable()
        declared = app_unavailable(stack) if missing is None else {}
        for name in config.scenarios:
            if stack.kind not in SCENARIOS[name].kinds:
                continue
            cell = cells[name, stack.name] = Cell(name, stack.name)
            reason = missing or declared.get("*") or declared.get(name)
            if reason:
                cell.set("unavailable", reason)
    return cells


def _check_core(server: Server, stack: Stack) -> tuple[str, str | None]:
    """The core twin the server runs, and the problem with it or None (see stacks.EXPECTED_CORE)."""
    try:
        with urllib.request.urlopen(server.url + "/__impl", timeout=10) as answer:
            running = answer.read().decode()
    except OSError as error:
        return "unknown", f"cannot ask which core it runs: {error!r}"
    want = EXPECTED_CORE[stack.name]
    if want and running != want:
        return (
            running,
            f"runs the {running} core, expected {want} (build the compiled core: pip install -e .)",
        )
    return running, None


class Runner:
    """Runs one configured comparison; ``log`` receives progress lines."""

    def __init__(self, config: Config, log: Callable[[str], None] = print) -> None:
        self.config = config
        self.log = log
        self.cells = plan(config)
        self.servers: dict[str, Server] = {}
        #: The fastresp core twin each fastresp stack reported it runs.
        self.cores: dict[str, str] = {}

    def _wanted(self) -> list[Stack]:
        used = {stack for (_, stack), cell in self.cells.items() if cell.status == "pending"}
        return [stack for stack in self.config.stacks if stack.name in used]

    def _fail_stack(self, name: str, status: str, reason: str) -> None:
        for (_, stack), cell in self.cells.items():
            if stack == name:
                cell.set(status, reason)

    def start(self) -> None:
        """Start every stack that has something to measure, and check each one's responses."""
        common.ensure_files()
        for stack in self._wanted():
            try:
                self.servers[stack.name] = Server(stack, common.DATA_DIR, pin=self.config.pin)
            except OSError as error:
                self._fail_stack(stack.name, "failed", f"cannot start: {error!r}")
        for name, server in list(self.servers.items()):
            try:
                server.wait_ready()
            except RuntimeError as error:
                self._fail_stack(name, "failed", str(error))
                continue
            if name in EXPECTED_CORE:
                self.cores[name], problem = _check_core(server, server.stack)
                if problem:
                    self._fail_stack(name, "unavailable", problem)
        for (scenario, stack), cell in self.cells.items():
            if cell.status != "pending":
                continue
            found = equivalence.check(self.servers[stack].url, SCENARIOS[scenario])
            if found:
                cell.set("excluded", "response differs: " + "; ".join(found))
                self.log(f"  ! {stack} / {scenario}: {cell.reason}")
            else:
                cell.status = "ok"

    def stop(self) -> None:
        """Stop every server started."""
        for server in self.servers.values():
            server.stop()

    def measure(self, scenario: Scenario) -> None:
        """Warm every stack up on ``scenario``, then run the rounds, stacks interleaved."""
        cells = [
            cell for (name, _), cell in self.cells.items() if name == scenario.name and cell.status == "ok"
        ]
        for cell in cells:
            server = self.servers[cell.stack]
            if scenario.measure_rss:
                cell.rss_before = server.reset_peak_rss()
            if self.config.warmup:
                self._guarded(cell, scenario, self.config.warmup)
        for round_ in range(self.config.repetitions):
            for cell in cells:
                if cell.status != "ok":
                    continue
                server = self.servers[cell.stack]
                before = server.cpu_seconds()
                result = self._guarded(cell, scenario, self.config.duration)
                if result is None:
                    continue
                cpu = server.cpu_seconds() - before
                cell.runs.append(result.to_dict())
                if result.requests:
                    cell.cpu_us_per_request.append(cpu / result.requests * 1e6)
                if scenario.measure_rss:
                    cell.rss_peak = max(cell.rss_peak or 0, server.peak_rss())
                flag = f"  {result.errors} errors" if result.errors else ""
                mib = result.bytes_read / result.seconds / (1 << 20) if result.seconds else 0.0
                unit = "events/s" if scenario.client == "sse" else "req/s"
                self.log(
                    f"  {scenario.name:12} {cell.stack:22} round {round_ + 1}: "
                    f"{result.requests_per_sec:11,.0f} {unit} {mib:9,.0f} MiB/s{flag}"
                )

    def _guarded(self, cell: Cell, scenario: Scenario, duration: int) -> wrk.WrkResult | None:
        """Run the load on the cell's server; a crash of the server or of the client fails the cell, not the run."""
        server = self.servers[cell.stack]
        try:
            result = load(
                scenario,
                server.url + scenario.path,
                duration=duration,
                connections=self.config.connections,
                pin=self.config.pin,
            )
        except (RuntimeError, ValueError, OSError, subprocess.SubprocessError) as error:
            cell.set("failed", f"{scenario.client} failed: {error}")
            return None
        if server.proc.poll() is not None:
            cell.set("failed", f"server exited: {server.log_tail()}")
            return None
        return result

    def run(self) -> dict[tuple[str, str], Cell]:
        """Start, check, measure every scenario in order, stop; return the cells."""
        started = time.monotonic()
        try:
            self.start()
            for name in self.config.scenarios:
                self.log(f"scenario {name}")
                self.measure(SCENARIOS[name])
        finally:
            self.stop()
        self.log(f"measured in {time.monotonic() - started:.0f} s")
        return self.cells
