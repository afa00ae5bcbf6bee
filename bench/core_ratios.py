"""Print the core benchmark's speed ratios from a pytest-benchmark JSON file.

    python bench/core_ratios.py /tmp/core-bench.json [--check]

For each group, the ratio of every builder's time (median per call unless ``--stat``) to the
compiled twin's.
``--check`` exits 1 when a target is missed: for the typical head (issue 2), the
compiled core at least 15x faster than the pure twin and 10x faster than uvicorn-style;
for the session cookie (issue 11), 8x faster than pure and 40x faster than Starlette;
for the head with cookies rendered in the call (issue 11), 15x faster than pure.
"""

from __future__ import annotations

import argparse
import json
import sys

#: (group, slower builder, minimum ratio slower/compiled) that issues 2, 11 and 14 set.
TARGETS = [
    ("typical head", "python", 15.0),
    ("typical head", "uvicorn", 10.0),
    ("session cookie", "python", 8.0),
    ("session cookie", "starlette", 40.0),
    ("head with cookies", "python", 15.0),
    ("sse event", "python", 10.0),
]
#: The builders a group may compare with the compiled twin, in column order.
OTHERS = ("python", "uvicorn", "starlette")


def timings(path: str, stat: str) -> dict[str, dict[str, float]]:
    """``{group: {builder: seconds}}`` for one statistic (min, median) of a pytest-benchmark report."""
    with open(path, encoding="utf-8") as file:
        report = json.load(file)
    table: dict[str, dict[str, float]] = {}
    for bench in report["benchmarks"]:
        table.setdefault(bench["group"], {})[bench["param"]] = bench["stats"][stat]
    return table


def main(argv: list[str] | None = None) -> int:
    """Print a Markdown table of times and ratios; with --check, return 1 on a missed target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", help="JSON written by pytest --benchmark-json")
    parser.add_argument("--check", action="store_true", help="fail when a target is missed")
    parser.add_argument(
        "--stat",
        choices=("min", "median", "mean"),
        default="median",
        help="which per-round time to compare (min is the least disturbed on a shared machine)",
    )
    args = parser.parse_args(argv)
    table = timings(args.report, args.stat)
    print(f"statistic: {args.stat} time per call")

    print(
        "| group | cython (ns) | python (ns) | uvicorn-style (ns) | starlette (ns) "
        "| python / cython | uvicorn / cython | starlette / cython |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for group, times in table.items():
        compiled = times.get("cython")
        cells = []
        for builder in ("cython", *OTHERS):
            cells.append(f"{times[builder] * 1e9:,.0f}" if builder in times else "")
        for builder in OTHERS:
            ok = compiled and builder in times
            cells.append(f"{times[builder] / compiled:.1f}x" if ok else "")
        print(f"| {group} | " + " | ".join(cells) + " |")

    missed = []
    for group, builder, minimum in TARGETS:
        times = table.get(group, {})
        if "cython" not in times or builder not in times:
            missed.append(f"{group}: no {builder}/cython pair in the report")
            continue
        ratio = times[builder] / times["cython"]
        verdict = "met" if ratio >= minimum else "MISSED"
        print(f"\ntarget {group}: {builder} / cython = {ratio:.1f}x (>= {minimum:g}x) {verdict}", end="")
        if ratio < minimum:
            missed.append(f"{group}: {builder} / cython = {ratio:.1f}x < {minimum:g}x")
    print()
    if args.check and missed:
        print("targets missed:\n  " + "\n  ".join(missed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
