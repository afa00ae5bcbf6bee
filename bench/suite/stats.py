"""Statistics over repeated runs: min–median–max, and ratios between stacks."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Summary:
    """Min, median and max of a set of samples."""

    min: float
    median: float
    max: float
    n: int

    def to_dict(self) -> dict:
        """The fields as plain JSON values."""
        return asdict(self)


def summarize(samples: list[float]) -> Summary | None:
    """The summary of ``samples``, or None when there are none."""
    if not samples:
        return None
    return Summary(min(samples), statistics.median(samples), max(samples), len(samples))


def ratio(numerator: list[float], denominator: list[float]) -> Summary | None:
    """How many times ``numerator`` is ``denominator``: the ratio of the medians, with the
    min and max of the per-round ratios as the range.

    The lists are paired by round (the stacks run interleaved, so round i of both saw
    the same machine); unpaired tails are ignored for the range.
    """
    if not numerator or not denominator or 0 in denominator:
        return None
    paired = [a / b for a, b in zip(numerator, denominator)]
    central = statistics.median(numerator) / statistics.median(denominator)
    return Summary(min(paired + [central]), central, max(paired + [central]), len(paired))
