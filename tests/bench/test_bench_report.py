"""Targets, the JSON document and the Markdown report, from hand-made cells."""

from __future__ import annotations

import json

import pytest

from bench.suite import report, targets
from bench.suite.runner import Cell

MIB = 1 << 20
META = {
    "date": "2026-11-21T21:45:00Z",
    "host": "h",
    "cpu_model": "cpu",
    "cpu_count": 2,
    "load_average": [0.1],
    "python": "3.11",
    "fastresp_core": "cython",
    "commit": "abc",
    "versions": {"fastresp": "0.1"},
    "wrk": "wrk 4",
    "nginx": "nginx 1",
    "command": "python -m bench",
    "warmup": 1,
    "repetitions": 2,
    "duration": 3,
}


def run(rate):
    """One wrk run's fields at ``rate`` requests/s."""
    return {
        "requests": int(rate * 3),
        "seconds": 3.0,
        "requests_per_sec": rate,
        "bytes_read": 1000,
        "latency_avg_ms": 1.0,
        "latency_max_ms": 2.0,
        "socket_errors": 0,
        "non_2xx_3xx": 0,
    }


def cell(scenario, stack, rates, status="ok", reason="", cpu=()):
    """A measured (or not) cell with one run per rate."""
    made = Cell(scenario, stack, status=status, reason=reason)
    made.runs = [run(rate) for rate in rates]
    made.cpu_us_per_request = list(cpu)
    return made


@pytest.fixture
def cells():
    """A small run: three stacks on plaintext, an excluded JSON cell, and a 100 MiB file."""
    made = {
        ("plaintext", "starlette"): cell("plaintext", "starlette", [1000, 900], cpu=[60, 62]),
        ("plaintext", "fastresp"): cell("plaintext", "fastresp", [3000, 2600], cpu=[20, 21]),
        ("plaintext", "fastresp-pure"): cell("plaintext", "fastresp-pure", [2000, 2100]),
        ("json", "starlette"): cell("json", "starlette", [1000, 1000]),
        ("json", "fastresp"): cell("json", "fastresp", [], status="excluded", reason="response differs: x"),
        ("file-100m", "fastresp"): cell("file-100m", "fastresp", [10, 11]),
    }
    made["file-100m", "fastresp"].rss_before, made["file-100m", "fastresp"].rss_peak = 40 * MIB, 50 * MIB
    return made


def by_description(rows, text):
    """The target row whose description ends with ``text``."""
    return next(row for row in rows if row["description"].endswith(text))


def test_targets_met_missed_and_not_measured(cells):
    rows = targets.evaluate(cells)
    plain = by_description(rows, "vs Starlette on uvicorn, plaintext")
    assert plain["met"] is True and plain["value"] == pytest.approx(2800 / 950)
    assert plain["cpu_ratio"] == pytest.approx(61 / 20.5)
    assert by_description(rows, "Starlette on uvicorn, JSON")["met"] is None
    assert "excluded" in by_description(rows, "Starlette on uvicorn, JSON")["note"]
    assert by_description(rows, "peak RSS growth")["value"] == 10 * MIB
    assert by_description(rows, "peak RSS growth")["met"] is True
    assert by_description(rows, "pure-Python fastresp, plaintext")["met"] is None  # shown, no threshold
    # Informational rows only appear for scenarios that ran.
    assert not [row for row in rows if row["description"].endswith("pure-Python fastresp, gzip")]


def test_document_and_markdown(cells, tmp_path):
    doc = report.build(cells, META, targets.evaluate(cells), {"unavailable": "skipped"})
    row = next(r for r in doc["cells"] if (r["scenario"], r["stack"]) == ("plaintext", "fastresp"))
    assert row["requests_per_sec"]["median"] == 2800
    assert row["ratio_to_baseline"]["median"] == pytest.approx(2800 / 950)
    text = report.markdown(doc, [str(tmp_path / "x-rps.png")])
    assert "| Plaintext “Hello, world!” (req/s) | 950 | 2,800 (2.95×) |" in text
    assert "`fastresp` = fastresp App · fastresp protocol" in text
    assert "**met**" in text and "excluded: response differs: x" in text
    assert "![x-rps](x-rps.png)" in text and "not run: skipped" in text
    written = report.write(doc, text, tmp_path / "out", "stem")
    assert json.loads(written[0].read_text())["meta"]["host"] == "h"


def test_charts_are_written(cells, tmp_path):
    from bench.suite import charts  # needs matplotlib, from the test extra

    doc = report.build(cells, META, [], None)
    paths = charts.draw_all(doc, tmp_path, "stem")
    assert [path.name for path in paths] == ["stem-rps.png", "stem-ratio.png"]
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in paths)
