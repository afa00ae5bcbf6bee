"""wrk's summary is parsed into numbers, and its command line is pinned and bounded."""

from __future__ import annotations

import pytest

from bench.suite import wrk

CLEAN = """\
Running 3s test @ http://127.0.0.1:8000/plaintext
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.12ms  412.50us   9.87ms   91.20%
    Req/Sec    20.51k     1.02k   22.03k    80.00%
  61234 requests in 3.00s, 8.47MB read
Requests/sec:  20401.33
Transfer/sec:      2.82MB
"""

ERRORS = """\
Running 1s test @ http://127.0.0.1:8000/missing
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.91ms    1.98ms  1.20s    83.66%
    Req/Sec     1.28k   466.45     2.08k    80.00%
  Latency Distribution
     50%    0.86ms
     99%    8.19ms
  1279 requests in 1.01s, 649.49KB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 1279
Requests/sec:   1268.01
Transfer/sec:    643.91KB
"""


def test_parse_clean_run():
    result = wrk.parse(CLEAN)
    assert result.requests == 61234
    assert result.seconds == pytest.approx(3.0)
    assert result.requests_per_sec == pytest.approx(20401.33)
    assert result.bytes_read == int(8.47 * (1 << 20))
    assert result.latency_avg_ms == pytest.approx(3.12)
    assert result.latency_max_ms == pytest.approx(9.87)
    assert result.errors == 0


def test_parse_counts_socket_errors_and_bad_statuses():
    result = wrk.parse(ERRORS)
    assert result.socket_errors == 6
    assert result.non_2xx_3xx == 1279
    assert result.errors == 1285
    assert result.bytes_read == int(649.49 * 1024)
    assert result.latency_max_ms == pytest.approx(1200.0)


def test_parse_refuses_output_without_totals():
    with pytest.raises(ValueError, match="no totals"):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_command_is_pinned_single_threaded_and_bounded():
    argv = wrk.command(
        "http://127.0.0.1:1/x", duration=3, connections=16, headers={"If-None-Match": '"v1"'}, timeout=10
    )
    assert argv[:3] == ["taskset", "-c", wrk.WRK_CPU]
    assert argv[3:] == [
        "wrk",
        "-t1",
        "-c16",
        "-d3s",
        "--timeout=10s",
        "-H",
        'If-None-Match: "v1"',
        "http://127.0.0.1:1/x",
    ]
    assert wrk.command("http://h/", duration=1, connections=1, pin=False)[0] == "wrk"


def test_missing_wrk_says_how_to_install(monkeypatch):
    monkeypatch.setattr(wrk.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit, match="apt-get install wrk"):
        wrk.find_wrk()
