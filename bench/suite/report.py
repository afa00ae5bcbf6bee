"""The results of a run as one JSON document and as Markdown tables."""

from __future__ import annotations

import json
from pathlib import Path

from .runner import Cell
from .scenarios import SCENARIOS
from .stacks import BASELINE, STACKS
from .stats import ratio, summarize

MIB = 1 << 20


def build(cells: dict[tuple[str, str], Cell], meta: dict, targets: list[dict], micro: dict | None) -> dict:
    """The JSON document: metadata, every cell with its summaries, the targets and the micro benchmarks."""
    rows = []
    for (scenario, stack), cell in cells.items():
        metric = SCENARIOS[scenario].metric
        row = cell.to_dict()
        row["metric"] = metric
        value = summarize(cell.samples(metric))
        row["value"] = value.to_dict() if value else None
        rates = summarize(cell.rates)
        row["requests_per_sec"] = rates.to_dict() if rates else None
        cpu = summarize(cell.cpu_us_per_request)
        row["cpu_us_per_request"] = cpu.to_dict() if cpu else None
        row["cpu_us_per_request_samples"] = cell.cpu_us_per_request
        mbps = summarize([run["bytes_read"] / run["seconds"] / MIB for run in cell.runs if run["seconds"]])
        row["mib_per_sec"] = mbps.to_dict() if mbps else None
        row["errors"] = sum(run["socket_errors"] + run["non_2xx_3xx"] for run in cell.runs)
        base = cells.get((scenario, BASELINE))
        measured = base and base.status == "ok" and cell.status == "ok"
        versus = ratio(cell.samples(metric), base.samples(metric)) if measured else None
        row["ratio_to_baseline"] = versus.to_dict() if versus else None
        rows.append(row)
    return {
        "meta": meta,
        "baseline": BASELINE,
        "stacks": {name: STACKS[name].label for name in dict.fromkeys(stack for _, stack in cells)},
        "scenarios": {
            name: SCENARIOS[name].title for name in dict.fromkeys(scenario for scenario, _ in cells)
        },
        "cells": rows,
        "targets": targets,
        "micro": micro,
    }


def _rate(row: dict) -> str:
    if row["status"] != "ok":
        return "n/a"
    value = row["value"]
    ratio_ = row["ratio_to_baseline"]
    text = f"{value['median']:,.0f}" if value else "–"
    if ratio_ and row["stack"] != BASELINE:
        text += f" ({ratio_['median']:.2f}×)"
    return text


def _target_value(target: dict) -> str:
    if target["value"] is None:
        return "not measured"
    if target["kind"] == "rss":
        return f"{target['value'] / MIB:.1f} MiB"
    return f"{target['value']:.2f}× ({target['min']:.2f}–{target['max']:.2f})"


def _verdict(target: dict) -> str:
    if target["kind"] == "info":
        return "shown"
    if target["met"] is None:
        return "not measured: " + target["note"]
    return "**met**" if target["met"] else "**missed**"


def _threshold(target: dict) -> str:
    if target["kind"] == "rss":
        return f"< {target['threshold'] / MIB:.0f} MiB"
    return "–" if target["kind"] == "info" else f"≥ {target['threshold']:g}×"


def markdown(doc: dict, charts: list[str]) -> str:
    """The report: machine, command, the main table, targets, details, problems, micro benchmarks."""
    meta = doc["meta"]
    stacks, scenarios = doc["stacks"], doc["scenarios"]
    by_key = {(row["scenario"], row["stack"]): row for row in doc["cells"]}
    out = [f"# fastresp end-to-end benchmark, {meta['date']}", ""]
    versions = ", ".join(f"{name} {version}" for name, version in meta["versions"].items() if version)
    out += [
        f"- Command: `{meta['command']}`",
        (
            f"- Machine: {meta['host']}, {meta['cpu_model']}, {meta['cpu_count']} cores "
            f"(server on core 0, wrk on core 1), load average before the run {meta['load_average']}"
        ),
        (
            f"- Python {meta['python']}, fastresp core `{meta['fastresp_core']}`, commit {meta['commit']}; "
            f"{versions}"
        ),
        f"- {meta['wrk']}; {meta['nginx']}",
        "- fastresp core each fastresp stack reported running: "
        + (", ".join(f"`{k}` {v}" for k, v in meta.get("fastresp_core_by_stack", {}).items()) or "none ran"),
        (
            f"- Each cell: {meta['warmup']} s warm-up, then {meta['repetitions']} × {meta['duration']} s"
            " runs, stacks interleaved; median requests/s (MiB/s for the 100 MiB file; events/s for"
            " server-sent events: one whole stream per run and per warm-up), and its ratio to "
            "Starlette on uvicorn."
        ),
        "",
    ]
    ceiling = by_key.get(("plaintext", "nginx"))
    if ceiling and ceiling["requests_per_sec"]:
        out += [
            (
                f"Load generator ceiling: nginx `return 200` on the server core answers "
                f"{ceiling['requests_per_sec']['median']:,.0f} plaintext req/s to this wrk."
            ),
            "",
        ]
    out += [
        "Stacks: " + "; ".join(f"`{name}` = {label}" for name, label in stacks.items()) + ".",
        "",
        "| scenario | " + " | ".join(stacks) + " |",
        "|---|" + "---:|" * len(stacks),
    ]
    for scenario, title in scenarios.items():
        cells = [_rate(by_key[scenario, stack]) if (scenario, stack) in by_key else "" for stack in stacks]
        out.append(f"| {title} ({SCENARIOS[scenario].metric}) | " + " | ".join(cells) + " |")
    growth = [
        f"`{row['stack']}` {(row['rss_peak'] - row['rss_before']) / MIB:.1f} MiB"
        for row in doc["cells"]
        if row["status"] == "ok" and row["rss_peak"] is not None and row["rss_before"] is not None
    ]
    if growth:
        out += [
            "",
            "Server peak RSS growth while serving the 100 MiB file (peak during warm-up and runs, "
            "minus RSS before): " + ", ".join(growth) + ".",
        ]
    out += [
        "",
        "## Targets",
        "",
        (
            "Ratio of the medians (requests/s), with the range of the per-round ratios; the CPU column"
            " is the same comparison in server CPU time per request (how many times less the first"
            " stack uses)."
        ),
        "",
        "| target | req/s ratio (round range) | CPU/request ratio | asked | verdict |",
        "|---|---|---:|---|---|",
    ]
    for target in doc["targets"]:
        cpu = f"{target['cpu_ratio']:.2f}×" if target.get("cpu_ratio") else ""
        out.append(
            f"| {target['description']} | {_target_value(target)} | {cpu} | {_threshold(target)} | "
            f"{_verdict(target)} |"
        )
    out += [
        "",
        "## Details",
        "",
        (
            "| scenario | stack | req/s min | median | max | ratio (range) | server CPU µs/req | MiB/s"
            " | peak RSS growth | errors |"
        ),
        "|---|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    problems = []
    for row in doc["cells"]:
        if row["status"] != "ok":
            problems.append(
                f"- {scenarios[row['scenario']]} on {stacks[row['stack']]}: "
                + f"{row['status']}: {row['reason']}"
            )
            continue
        rps, ratio_, cpu, mib = (
            row[key] for key in ("requests_per_sec", "ratio_to_baseline", "cpu_us_per_request", "mib_per_sec")
        )
        growth = (
            f"{(row['rss_peak'] - row['rss_before']) / MIB:.1f} MiB"
            if row["rss_peak"] is not None and row["rss_before"] is not None
            else ""
        )
        out.append(
            f"| {row['scenario']} | {row['stack']} | "
            + (f"{rps['min']:,.0f} | {rps['median']:,.0f} | {rps['max']:,.0f} | " if rps else "| | | ")
            + (f"{ratio_['median']:.2f}× ({ratio_['min']:.2f}–{ratio_['max']:.2f}) | " if ratio_ else "| ")
            + (f"{cpu['median']:,.1f} | " if cpu else "| ")
            + (f"{mib['median']:,.0f} | " if mib else "| ")
            + f"{growth} | {row['errors']} |"
        )
    if problems:
        out += ["", "## Not measured", ""] + problems
    micro = doc.get("micro")
    if micro:
        out += ["", "## Micro benchmarks (pytest-benchmark, median ns per call)", ""]
        if "groups" in micro:
            builders = list(dict.fromkeys(b for times in micro["groups"].values() for b in times))
            out += [
                f"`{micro['command']}`",
                "",
                "| group | " + " | ".join(builders) + " | python / cython |",
                "|---|" + "---:|" * (len(builders) + 1),
            ]
            for group, times in micro["groups"].items():
                speedup = (
                    f"{times['python'] / times['cython']:.1f}×"
                    if "python" in times and times.get("cython")
                    else ""
                )
                out.append(
                    f"| {group} | "
                    + " | ".join(f"{times[b]:,.0f}" if b in times else "" for b in builders)
                    + f" | {speedup} |"
                )
        else:
            out.append(f"not run: {micro['unavailable']}")
    if charts:
        out += ["", "## Charts", ""] + [f"![{Path(chart).stem}]({Path(chart).name})" for chart in charts]
    return "\n".join(out) + "\n"


def write(doc: dict, markdown_text: str, directory: Path, stem: str) -> list[Path]:
    """Write ``<stem>.json`` and ``<stem>.md`` into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / f"{stem}.json", directory / f"{stem}.md"
    json_path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    md_path.write_text(markdown_text)
    return [json_path, md_path]
