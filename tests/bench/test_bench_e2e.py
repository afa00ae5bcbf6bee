"""One real, tiny ``python -m bench`` on loopback: 2 stacks x 1 scenario, about 2 s of load."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.suite.apps import common
from fastresp.core import NO_EXTENSIONS

REPO = Path(__file__).resolve().parents[2]
# The fastresp stack matching the core this run tests (the pure pass sets FASTRESP_NO_EXTENSIONS=1).
FASTRESP = "fastresp-pure" if NO_EXTENSIONS else "fastresp"


def quick_run(tmp_path: Path, scenario: str, stacks: str) -> Path:
    """Run ``python -m bench --quick`` on one scenario and the stacks named; return its JSON report."""
    argv = [
        sys.executable,
        "-m",
        "bench",
        "--quick",
        "--scenarios",
        scenario,
        "--stacks",
        stacks,
        "--no-micro",
        "--output",
        str(tmp_path),
    ]
    if shutil.which("taskset") is None or len(os.sched_getaffinity(0)) < 2:
        argv.append("--no-pin")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        argv.append("--no-charts")
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    [result] = tmp_path.glob("*.json")
    return result


def test_quick_run_end_to_end(tmp_path):
    assert shutil.which("wrk"), "wrk is not installed (Debian: apt-get install wrk; .ci/run installs it)"
    result = quick_run(tmp_path, "plaintext", f"starlette,{FASTRESP}")
    doc = json.loads(result.read_text())
    cells = {row["stack"]: row for row in doc["cells"]}
    assert set(cells) == {"starlette", FASTRESP}
    for row in cells.values():
        assert row["status"] == "ok", row["reason"]
        assert row["requests_per_sec"]["median"] > 0 and row["errors"] == 0
    assert cells[FASTRESP]["ratio_to_baseline"]["median"] > 0
    markdown = result.with_suffix(".md").read_text()
    assert "| Plaintext “Hello, world!” (req/s) |" in markdown and "## Targets" in markdown


def test_quick_run_of_the_sse_scenario_end_to_end(tmp_path):
    """``--scenarios sse``: one real stream of every event per stack, in events/s."""
    result = quick_run(tmp_path, "sse", f"fastresp-raw,{FASTRESP}")
    cells = {row["stack"]: row for row in json.loads(result.read_text())["cells"]}
    assert set(cells) == {"fastresp-raw", FASTRESP}
    for row in cells.values():
        assert row["status"] == "ok", row["reason"]
        assert row["metric"] == "events/s" and row["errors"] == 0
        assert row["runs"][0]["requests"] == common.SSE_EVENTS
    assert (
        "| 100,000 server-sent events, one connection (events/s) |" in result.with_suffix(".md").read_text()
    )
