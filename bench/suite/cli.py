"""``python -m bench``: options, then run, report and chart the comparison."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from . import charts, machine, micro, report, targets, wrk
from .runner import Config, Runner
from .scenarios import SCENARIOS
from .stacks import STACKS, select

RESULTS = Path(__file__).resolve().parents[1] / "results"
#: --quick: one 1 s round of everything without warm-up, about two minutes; a smoke test, not a measurement.
QUICK = {"duration": 1, "warmup": 0, "repetitions": 1}
#: The full run, about 9 minutes: five short interleaved rounds rather than three long
#: ones, because the noise of a shared machine comes in bursts that spoil single runs,
#: which a median of five shrugs off.
FULL = {"duration": 1, "warmup": 1, "repetitions": 5}


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def parser() -> argparse.ArgumentParser:
    """The command-line options."""
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="fastresp against uvicorn, Starlette, Granian and BlackSheep, side by side. "
        "Writes bench/results/<date>-<host>.json, .md and .png charts.",
    )
    p.add_argument(
        "--scenarios",
        type=_names,
        default=None,
        metavar="A,B",
        help=f"scenarios to run (default all: {', '.join(SCENARIOS)})",
    )
    p.add_argument(
        "--stacks",
        type=_names,
        default=None,
        metavar="A,B",
        help=f"stacks to run (default all: {', '.join(STACKS)})",
    )
    p.add_argument(
        "--duration", type=int, default=None, help=f"seconds per measured run (default {FULL['duration']})"
    )
    p.add_argument(
        "--warmup",
        type=int,
        default=None,
        help=f"seconds of warm-up per stack and scenario (default {FULL['warmup']})",
    )
    p.add_argument(
        "--repetitions",
        "-r",
        type=int,
        default=None,
        help=f"measured rounds per stack and scenario (default {FULL['repetitions']})",
    )
    p.add_argument(
        "--connections",
        "-c",
        type=int,
        default=None,
        help="wrk connections for every scenario (default: 64; 16 for 1 MiB, 4 for 100 MiB)",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke test: 1 round of 1 s, no warm-up, quick micro benchmarks (~2 min)",
    )
    p.add_argument(
        "--output", type=Path, default=RESULTS, help="folder for the results (default bench/results)"
    )
    p.add_argument(
        "--no-micro", dest="micro", action="store_false", help="skip the pytest-benchmark micro benchmarks"
    )
    p.add_argument("--no-charts", dest="charts", action="store_false", help="skip the PNG charts")
    p.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="do not pin the server and wrk to cores 0 and 1 (for machines without taskset or 2 cores)",
    )
    p.add_argument("--list", action="store_true", help="list scenarios and stacks, then exit")
    return p


def options(argv: list[str]) -> tuple[argparse.Namespace, Config]:
    """Parse ``argv`` into the namespace and the runner's Config; SystemExit on a bad option."""
    p = parser()
    args = p.parse_args(argv)
    defaults = QUICK if args.quick else FULL
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.duration < 1 or args.repetitions < 1 or args.warmup < 0:
        p.error("--duration and --repetitions must be at least 1, --warmup at least 0")
    if args.connections is not None and args.connections < 1:
        p.error("--connections must be at least 1")
    scenarios = args.scenarios or list(SCENARIOS)
    unknown = [name for name in scenarios if name not in SCENARIOS]
    if unknown:
        p.error(f"unknown scenario(s) {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    try:
        stacks = select(args.stacks)
    except KeyError as error:
        p.error(error.args[0])
    config = Config(
        scenarios=scenarios,
        stacks=stacks,
        duration=args.duration,
        warmup=args.warmup,
        repetitions=args.repetitions,
        connections=args.connections,
        pin=args.pin,
    )
    return args, config


def _preflight(args: argparse.Namespace) -> None:
    wrk.find_wrk()
    if args.pin and (shutil.which("taskset") is None or len(os.sched_getaffinity(0)) < 2):
        raise SystemExit(
            "pinning needs taskset (util-linux) and 2 usable cores; use --no-pin to run unpinned"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the comparison; exit 1 when a stack failed or gave a different response."""
    argv = sys.argv[1:] if argv is None else argv
    args, config = options(argv)
    if args.list:
        for name, scenario in SCENARIOS.items():
            print(f"scenario {name:13} {scenario.title}  (stack kinds: {', '.join(scenario.kinds)})")
        for name, stack in STACKS.items():
            print(f"stack    {name:21} {stack.label}  [{stack.unavailable() or 'available'}]")
        return 0
    _preflight(args)
    meta = machine.describe()
    meta.update(
        command="python -m bench " + " ".join(argv),
        duration=config.duration,
        warmup=config.warmup,
        repetitions=config.repetitions,
        connections=config.connections,
    )
    started = time.monotonic()
    print(
        f"python -m bench: {len(config.scenarios)} scenarios x {len(config.stacks)} stacks, "
        f"{config.repetitions} x {config.duration} s after {config.warmup} s warm-up",
        flush=True,
    )
    runner = Runner(config, log=lambda line: print(line, flush=True))
    cells = runner.run()
    meta["fastresp_core_by_stack"] = runner.cores
    micro_result = micro.run(quick=args.quick, pin=args.pin) if args.micro else None
    doc = report.build(cells, meta, targets.evaluate(cells), micro_result)
    doc["meta"]["elapsed_seconds"] = round(time.monotonic() - started)
    stem = datetime.now(timezone.utc).strftime("%Y-%m-%d-%H%M") + "-" + meta["host"]
    pictures = charts.draw_all(doc, args.output, stem) if args.charts else []
    written = report.write(doc, report.markdown(doc, [str(p) for p in pictures]), args.output, stem)
    for path in written + pictures:
        print(f"wrote {path}")
    broken = [cell for cell in cells.values() if cell.status in ("failed", "excluded")]
    for cell in broken:
        print(f"ERROR: {cell.stack} / {cell.scenario}: {cell.status}: {cell.reason}", file=sys.stderr)
    return 1 if broken else 0
