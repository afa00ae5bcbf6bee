"""Summaries and ratios over repeated, interleaved rounds."""

from __future__ import annotations

import pytest

from bench.suite.stats import ratio, summarize


def test_summarize_min_median_max():
    summary = summarize([3.0, 1.0, 2.0, 10.0])
    assert (summary.min, summary.median, summary.max, summary.n) == (1.0, 2.5, 10.0, 4)
    assert summarize([]) is None


def test_ratio_is_the_ratio_of_medians_with_paired_round_range():
    # Round 2 was slow for both stacks (drift): the paired ratios stay close.
    fast = [200.0, 100.0, 210.0]
    slow = [100.0, 50.0, 100.0]
    result = ratio(fast, slow)
    assert result.median == pytest.approx(200.0 / 100.0)
    assert result.min == pytest.approx(2.0)
    assert result.max == pytest.approx(2.1)
    assert result.n == 3


def test_ratio_without_samples_or_with_zero_is_none():
    assert ratio([], [1.0]) is None
    assert ratio([1.0], []) is None
    assert ratio([1.0], [0.0]) is None
