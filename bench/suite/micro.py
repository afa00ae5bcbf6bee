"""The micro benchmarks (pytest-benchmark, ``bench/test_core_bench.py``), run and summarized.

They stay where their owner keeps them; this only runs them on the load generator's
core (the servers are stopped by then) and reads the median time per call of each group.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .servers import REPO
from .wrk import WRK_CPU

BENCH_FILE = "bench/test_core_bench.py"


def command(json_path: Path, quick: bool, pin: bool = True) -> list[str]:
    """The pytest command writing the benchmark JSON.

    Every benchmark is capped (0.25 s, or 20 ms with ``quick``) so the micro part stays
    within a minute of the end-to-end run; medians of sub-microsecond calls settle well before.
    """
    argv = (["taskset", "-c", WRK_CPU] if pin else []) + [
        sys.executable,
        "-m",
        "pytest",
        BENCH_FILE,
        "-q",
        "-p",
        "no:cacheprovider",
        "--benchmark-only",
        f"--benchmark-json={json_path}",
    ]
    argv += (
        ["--benchmark-max-time=0.02", "--benchmark-min-rounds=3"] if quick else ["--benchmark-max-time=0.25"]
    )
    return argv


def summarize(report: dict) -> dict[str, dict[str, float]]:
    """``{group: {builder: median ns per call}}`` from a pytest-benchmark JSON report."""
    table: dict[str, dict[str, float]] = {}
    for bench in report.get("benchmarks", []):
        builder = bench.get("param") or bench["name"]
        table.setdefault(bench.get("group") or bench["name"], {})[builder] = bench["stats"]["median"] * 1e9
    return table


def run(quick: bool, pin: bool = True, timeout: float = 600) -> dict:
    """Run the micro benchmarks; ``{"groups": ...}`` or ``{"unavailable": reason}``."""
    if not (REPO / BENCH_FILE).exists():
        return {"unavailable": f"{BENCH_FILE} not found"}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "micro.json"
        argv = command(path, quick, pin)
        try:
            done = subprocess.run(
                argv, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return {"unavailable": f"timed out after {timeout:.0f} s"}
        if done.returncode != 0 or not path.exists():
            tail = " | ".join((done.stdout + done.stderr).strip().splitlines()[-3:])
            return {"unavailable": f"pytest exited {done.returncode}: {tail}"}
        shown = argv[argv.index(sys.executable) :]
        return {
            # As a person would type it: python, and a JSON path that is not a temporary one.
            "command": " ".join(shown).replace(sys.executable, "python").replace(str(path), "micro.json"),
            "groups": summarize(json.loads(path.read_text())),
        }
