"""The end-to-end targets (issues 6, 11, 12 and 14), evaluated on one run's cells."""

from __future__ import annotations

from dataclasses import dataclass

from .scenarios import SCENARIOS
from .stats import ratio

MIB = 1 << 20


@dataclass(frozen=True)
class Target:
    """``numerator`` / ``denominator`` (the scenario's metric) on ``scenario`` at least ``threshold``; for
    ``kind == "rss"``, the numerator stack's peak RSS growth below ``threshold`` bytes;
    ``kind == "info"`` is shown without a threshold."""

    description: str
    scenario: str
    numerator: str
    denominator: str = ""
    threshold: float = 0.0
    kind: str = "ratio"


TARGETS = [
    Target(
        "fastresp App on fastresp protocol vs Starlette on uvicorn, plaintext",
        "plaintext",
        "fastresp",
        "starlette",
        2.5,
    ),
    Target(
        "fastresp App on fastresp protocol vs Starlette on uvicorn, JSON",
        "json",
        "fastresp",
        "starlette",
        2.0,
    ),
    Target(
        "fastresp App on fastresp protocol vs Starlette on uvicorn, headers + cookies",
        "headers",
        "fastresp",
        "starlette",
        3.0,
    ),
    Target(
        "fastresp App on fastresp protocol vs Starlette on uvicorn, HTML page",
        "html",
        "fastresp",
        "starlette",
        1.5,
    ),
    Target(
        "fastresp App on stock uvicorn vs Starlette on uvicorn, plaintext",
        "plaintext",
        "fastresp-app-uvicorn",
        "starlette",
        1.2,
    ),
    Target(
        "raw ASGI on fastresp protocol vs raw ASGI on uvicorn, plaintext",
        "plaintext",
        "fastresp-raw",
        "uvicorn-raw",
        2.2,
    ),
    Target(
        "raw ASGI on fastresp protocol vs raw ASGI on Granian, plaintext",
        "plaintext",
        "fastresp-raw",
        "granian-raw",
        1.6,
    ),
    Target(
        "raw ASGI on fastresp protocol vs the floor (httptools answering a constant), plaintext",
        "plaintext",
        "fastresp-raw",
        "floor",
        0.5,
    ),
    Target(
        "64 × 1 KiB stream: raw ASGI on fastresp protocol vs raw ASGI on Granian",
        "stream",
        "fastresp-raw",
        "granian-raw",
        1.5,
    ),
    Target(
        "64 × 1 KiB stream: raw ASGI on fastresp protocol vs raw ASGI on uvicorn",
        "stream",
        "fastresp-raw",
        "uvicorn-raw",
        1.5,
    ),
    Target(
        "64 × 1 KiB writer stream: fastresp App vs raw ASGI, both on fastresp protocol",
        "stream",
        "fastresp",
        "fastresp-raw",
        0.9,
    ),
    Target(
        "64 × 1 KiB stream: fastresp App on fastresp protocol vs Starlette StreamingResponse on uvicorn",
        "stream",
        "fastresp",
        "starlette",
        2.0,
    ),
    Target(
        "100,000 server-sent events: fastresp respond_sse on fastresp protocol vs sse-starlette on uvicorn",
        "sse",
        "fastresp",
        "starlette",
        3.0,
    ),
    Target(
        "1 MiB file via http.response.pathsend: raw ASGI on fastresp protocol vs nginx (sendfile, tcp_nopush)",
        "file-1m",
        "fastresp-raw",
        "nginx",
        0.9,
    ),
    Target(
        "100 MiB file: fastresp server peak RSS growth",
        "file-100m",
        "fastresp",
        threshold=32 * MIB,
        kind="rss",
    ),
] + [
    Target(
        f"compiled vs pure-Python fastresp, {scenario}", scenario, "fastresp", "fastresp-pure", kind="info"
    )
    for scenario in (
        "plaintext",
        "json",
        "headers",
        "html",
        "template",
        "stream",
        "sse",
        "file-1m",
        "file-100m",
        "not-modified",
        "gzip",
    )
]


def evaluate(cells: dict[tuple[str, str], object]) -> list[dict]:
    """Each target with its measured value and whether it was met (None: not measurable)."""
    rows = []
    for target in TARGETS:
        row = {
            "description": target.description,
            "scenario": target.scenario,
            "kind": target.kind,
            "threshold": target.threshold,
            "value": None,
            "min": None,
            "max": None,
            "met": None,
            "note": "",
            "cpu_ratio": None,
        }
        top = cells.get((target.scenario, target.numerator))
        needed = [top] + ([cells.get((target.scenario, target.denominator))] if target.denominator else [])
        if any(cell is None for cell in needed):
            if target.kind != "info":  # informational rows only for what was run
                rows.append({**row, "note": "not selected in this run"})
            continue
        bad = [cell for cell in needed if cell.status != "ok"]
        if bad:
            row["note"] = "; ".join(f"{cell.stack}: {cell.status} ({cell.reason})" for cell in bad)
            rows.append(row)
            continue
        bottom = needed[-1]
        if target.kind == "rss":
            if top.rss_peak is None or top.rss_before is None:
                row["note"] = "no RSS reading"
            else:
                row["value"] = top.rss_peak - top.rss_before
                row["met"] = row["value"] < target.threshold
        else:
            metric = SCENARIOS[target.scenario].metric
            summary = ratio(top.samples(metric), bottom.samples(metric))
            if summary is not None:
                row.update(value=summary.median, min=summary.min, max=summary.max)
                if target.kind == "ratio":
                    row["met"] = summary.median >= target.threshold
            # The same comparison in server CPU time per request, which a busy machine
            # disturbs far less than requests/s: how many times less CPU the numerator uses.
            cpu = ratio(bottom.cpu_us_per_request, top.cpu_us_per_request)
            row["cpu_ratio"] = cpu.median if cpu else None
        rows.append(row)
    return rows
