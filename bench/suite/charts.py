"""PNG charts of a run (matplotlib): each scenario's metric per stack, and the ratio to the baseline.

Each scenario gets its own panel because absolute rates differ by orders of magnitude
between plaintext and a 100 MiB file; bars are medians, whiskers min–max over rounds.
"""

from __future__ import annotations

import math
from pathlib import Path

# Distinct colours per stack, so the same stack looks the same in every panel.
_PALETTE = [
    "#7f7f7f",
    "#1f77b4",
    "#9467bd",
    "#8c564b",
    "#ff7f0e",
    "#bcbd22",
    "#d62728",
    "#e377c2",
    "#2ca02c",
    "#17becf",
]


def _panels(doc: dict, value):
    """(scenario title, [(stack, median, low, high)]) per scenario, for the measured cells."""
    panels = []
    for scenario, title in doc["scenarios"].items():
        bars = []
        for row in doc["cells"]:
            if row["scenario"] == scenario and row["status"] == "ok":
                summary = value(row)
                if summary:
                    bars.append((row["stack"], summary["median"], summary["min"], summary["max"]))
        if bars:
            metric = next(row["metric"] for row in doc["cells"] if row["scenario"] == scenario)
            panels.append((f"{title} ({metric})", bars))
    return panels


def _draw(doc: dict, panels, path: Path, xlabel: str, reference: float | None) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    colours = {stack: _PALETTE[i % len(_PALETTE)] for i, stack in enumerate(doc["stacks"])}
    columns = 2
    rows = math.ceil(len(panels) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(13, 2.0 + 2.2 * rows), squeeze=False)
    for axis, (title, bars) in zip(axes.flat, panels):
        labels = [stack for stack, *_ in bars]  # short names; the report's legend spells them out
        medians = [median for _, median, _, _ in bars]
        errors = [
            [median - low for _, median, low, _ in bars],
            [high - median for _, median, _, high in bars],
        ]
        positions = range(len(bars))
        axis.barh(positions, medians, xerr=errors, color=[colours[stack] for stack, *_ in bars], capsize=2)
        axis.set_yticks(list(positions), labels, fontsize=7)
        axis.invert_yaxis()
        axis.set_title(title, fontsize=9)
        axis.tick_params(axis="x", labelsize=7)
        if reference is not None:
            axis.axvline(reference, color="black", linewidth=0.8, linestyle="--")
        for position, median in zip(positions, medians):
            axis.text(
                median,
                position,
                f" {median:,.2f}" if reference else f" {median:,.0f}",
                va="center",
                fontsize=6,
            )
    for axis in list(axes.flat)[len(panels) :]:
        axis.axis("off")
    figure.suptitle(
        f"{xlabel} — {doc['meta']['date']}, {doc['meta']['host']} "
        f"(median, whiskers min–max of {doc['meta']['repetitions']} rounds)",
        fontsize=10,
    )
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return path


def draw_all(doc: dict, directory: Path, stem: str) -> list[Path]:
    """Write ``<stem>-rps.png`` and ``<stem>-ratio.png``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    values = _panels(doc, lambda row: row["value"])
    if values:
        written.append(
            _draw(
                doc,
                values,
                directory / f"{stem}-rps.png",
                "requests/s (100 MiB file: MiB/s; server-sent events: events/s)",
                None,
            )
        )
    ratios = _panels(doc, lambda row: row["ratio_to_baseline"])
    if ratios:
        written.append(
            _draw(doc, ratios, directory / f"{stem}-ratio.png", f"ratio to {doc['baseline']}", 1.0)
        )
    return written
