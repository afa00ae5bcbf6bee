"""Leak test: a million calls of each core function leave the process's memory flat.

Half the calls take valid input and half take input refused late, after the twin has
already built part of its output, because error paths are where compiled code most
often forgets a reference. Memory is the resident set size (psutil), which also sees
leaks outside Python's allocator, measured after a warm-up so that first-use caches and
interned objects do not count; growth must stay under 4 MiB.

Marked ``slow`` (CI's wheel smoke test skips it; the full run does not).
"""

from __future__ import annotations

import gc
import os
from datetime import datetime, timedelta, timezone

import psutil
import pytest

pytestmark = pytest.mark.slow

#: Calls per function, on each twin: the issue's million (half valid, half invalid).
#: The pure twin needs about 40 s for all seven functions on the shared 2-core
#: machine (build_head and render_set_cookie take several microseconds a call),
#: within the minute per twin the suite allows, so it gets the full count too.
CALLS = 1_000_000
WARMUP = 20_000
LIMIT = 4 * 1024 * 1024

TOKYO = timezone(timedelta(hours=9))
EXPIRES = datetime(2030, 1, 2, 3, 4, 5, tzinfo=TOKYO)
HEADERS = [
    ("content-type", "text/html; charset=utf-8"),
    (b"x-request-id", b"abc123"),
    ("cache-control", "no-store"),
]
DEFAULTS = [("date", "Sun, 06 Nov 1994 08:49:37 GMT"), ("server", "fastresp")]


def workloads(core) -> dict:
    """For each function: a valid call and an invalid one, as zero-argument callables."""
    view = memoryview(b"0123456789" * 10)
    return {
        "status_line": (
            lambda: core.status_line(404, "Not Here", "1.0"),
            lambda: core.status_line(200, "OK\r\nX-Injected: 1"),
        ),
        "encode_headers": (
            lambda: core.encode_headers(HEADERS),
            # Two good lines are built before the third is refused.
            lambda: core.encode_headers(HEADERS[:2] + [("x-bad", "v\r\nSet-Cookie: a=1")]),
        ),
        "render_set_cookie": (
            lambda: core.render_set_cookie(
                "sid",
                "caf\xe9 au lait",
                max_age=3600,
                expires=EXPIRES,
                domain="example.com",
                path="/",
                secure=True,
                http_only=True,
                same_site="lax",
                partitioned=True,
                extensions={"Priority": "High"},
            ),
            # Value, Max-Age, Expires and Path are rendered before the prefix check refuses it.
            lambda: core.render_set_cookie(
                "__Host-sid", "v", max_age=60, expires=EXPIRES, path="/", extensions={"Priority": "High"}
            ),
        ),
        "http_date": (
            lambda: core.http_date(EXPIRES),
            lambda: core.http_date(float("nan")),
        ),
        "encode_chunk": (
            lambda: core.encode_chunk(view[3:77]),
            lambda: core.encode_chunk("not bytes"),
        ),
        "last_chunk": (
            lambda: core.last_chunk([("x-checksum", "abc"), ("server-timing", "db;dur=53")]),
            lambda: core.last_chunk([("x-checksum", "abc"), ("Content-Length", "5")]),
        ),
        "build_head": (
            lambda: core.build_head(200, HEADERS + [("content-length", "5")], default_headers=DEFAULTS),
            # Every header is validated and collected before the Content-Length conflict is found.
            lambda: core.build_head(
                200,
                HEADERS + [("content-length", "5"), ("content-length", "6")],
                default_headers=DEFAULTS,
            ),
        ),
    }


def exercise(valid, invalid, calls: int) -> None:
    """Make ``calls`` calls, alternating the valid and the invalid one."""
    for _ in range(calls // 2):
        valid()
        try:
            invalid()
        except (TypeError, ValueError):
            pass
        else:  # pragma: no cover - the invalid call must really take the error path
            raise AssertionError("the invalid call did not raise")


def resident_bytes() -> int:
    """The process's resident set size after a full garbage collection."""
    gc.collect()
    return psutil.Process(os.getpid()).memory_info().rss


@pytest.mark.timeout(180)
@pytest.mark.parametrize(
    "function",
    [
        "status_line",
        "encode_headers",
        "render_set_cookie",
        "http_date",
        "encode_chunk",
        "last_chunk",
        "build_head",
    ],
)
def test_memory_stays_flat(impl, function: str) -> None:
    """A million calls (valid and invalid) of one function grow the RSS by less than 4 MiB."""
    valid, invalid = workloads(impl)[function]
    exercise(valid, invalid, WARMUP)
    before = resident_bytes()
    exercise(valid, invalid, CALLS)
    growth = resident_bytes() - before
    assert growth < LIMIT, f"{function}: RSS grew by {growth / 2**20:.1f} MiB over {CALLS} calls"


def test_measurement_sees_a_leak() -> None:
    """The measurement is sensitive: keeping 64 bytes per call over the same loop breaks the limit."""
    kept = []

    def leaky() -> None:
        kept.append(bytes(64))

    def refused() -> None:
        raise ValueError("invalid")

    before = resident_bytes()
    exercise(leaky, refused, CALLS)
    assert resident_bytes() - before > LIMIT
