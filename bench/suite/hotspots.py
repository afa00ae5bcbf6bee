"""Where a stack's server spends its time on one scenario: py-spy samples under its load (wrk, or event streams).

    python -m bench.suite.hotspots fastresp plaintext          # needs py-spy (pip install py-spy)
    python -m bench.suite.hotspots fastresp html --seconds 10 --top 30

The server runs pinned as in the benchmark; py-spy samples it (200 Hz, without pausing
it) while wrk loads it, and the frames with the most samples are printed, by their own
time and including what they call.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from . import wrk
from .apps import common
from .runner import load
from .scenarios import SCENARIOS
from .servers import Server
from .stacks import STACKS


def collapse(lines: list[str]) -> tuple[int, collections.Counter, collections.Counter]:
    """Total samples, own samples per frame and inclusive samples per frame, from py-spy's raw output."""
    own: collections.Counter = collections.Counter()
    inclusive: collections.Counter = collections.Counter()
    total = 0
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        own[frames[-1]] += samples
        for frame in set(frames):  # a recursive frame counts once per sample
            inclusive[frame] += samples
    return total, own, inclusive


def table(total: int, counter: collections.Counter, top: int, skip_root: bool = False) -> list[str]:
    """The ``top`` frames as "percent frame" lines; ``skip_root`` leaves out the frames on
    (nearly) every busy sample: the interpreter's and uvicorn's start-up chain, which says nothing."""
    lines = []
    root = max(counter.values(), default=0) * 0.98 if skip_root else float("inf")
    for frame, samples in counter.most_common():
        if samples >= root:
            continue
        lines.append(f"{100 * samples / total:5.1f}%  {frame}")
        if len(lines) == top:
            break
    return lines


def main(argv: list[str] | None = None) -> None:
    """Profile one stack on one scenario and print its hot frames."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("stack", choices=[name for name, s in STACKS.items() if s.server != "nginx"])
    parser.add_argument("scenario", choices=list(SCENARIOS))
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    if shutil.which("py-spy") is None:
        raise SystemExit("py-spy is not installed: pip install py-spy")
    wrk.find_wrk()
    scenario = SCENARIOS[args.scenario]
    common.ensure_files()
    server = Server(STACKS[args.stack], common.DATA_DIR)
    try:
        server.wait_ready()
        url = server.url + scenario.path
        load(scenario, url, duration=1)  # warm-up
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "samples.txt"
            # The last process of the tree is the one serving (Granian's worker; else the server itself).
            spy = subprocess.Popen(
                [
                    "py-spy",
                    "record",
                    "--pid",
                    str(server.pids()[-1]),
                    "--duration",
                    str(args.seconds),
                    "--rate",
                    "200",
                    "--format",
                    "raw",
                    "--nonblocking",
                    "--output",
                    str(out),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            time.sleep(0.5)  # let py-spy attach before the load starts
            started = time.monotonic()
            result = load(scenario, url, duration=args.seconds)
            while time.monotonic() - started < args.seconds:  # an event stream: another one
                result = load(scenario, url, duration=args.seconds)
            spy.wait(args.seconds + 30)
            lines = out.read_text().splitlines() if out.exists() else []
    finally:
        server.stop()
    total, own, inclusive = collapse(lines)
    print(
        f"{args.stack} / {args.scenario}: {result.requests_per_sec:,.0f} {scenario.metric} under py-spy, "
        f"{total} samples"
    )
    print("-- own time")
    print("\n".join(table(total, own, args.top)))
    print("-- including callees")
    print("\n".join(table(total, inclusive, args.top, skip_root=True)))


if __name__ == "__main__":
    main()
