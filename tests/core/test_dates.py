"""``http_date``: IMF-fixdate (RFC 9110 §5.6.7) whatever the locale, time zone or moment.

The golden table pins exact dates; here the standard library's own RFC 5322 formatter
(``email.utils``, English names by construction) is an independent oracle for random
instants, a subprocess checks a German locale and Tokyo time, and the "now" form is
checked against the clock, including after the second it may be cached for has passed.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from core_support import property_settings, run_python
from hypothesis import given
from hypothesis import strategies as st

from fastresp._tables import MAX_TIMESTAMP, MIN_TIMESTAMP

#: RFC 9110 §5.6.7 IMF-fixdate, as the catalogue's item 37 spells it.
IMF_FIXDATE = re.compile(rb"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")
RFC_DATE = "Sun, 06 Nov 1994 08:49:37 GMT"
RFC_TIMESTAMP = 784111777


def oracle(seconds: int) -> bytes:
    """The IMF-fixdate of a whole POSIX second, from the standard library's RFC 5322 formatter.

    The instant is computed by datetime arithmetic rather than ``gmtime``, which
    refuses negative timestamps on Windows (cibuildwheel runs this suite there).
    """
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)
    return format_datetime(moment, usegmt=True).encode("ascii")


@property_settings(300)
@given(seconds=st.integers(MIN_TIMESTAMP, MAX_TIMESTAMP))
def test_http_date_matches_stdlib_for_any_second(impl, seconds: int) -> None:
    """Every second from year 1 to 9999 formats as the standard library's RFC 5322 date in GMT."""
    assert impl.http_date(seconds) == oracle(seconds)


@property_settings(200)
@given(
    moment=st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
    offset_minutes=st.integers(-(24 * 60 - 1), 24 * 60 - 1),
)
def test_http_date_converts_aware_datetimes_to_gmt(impl, moment: datetime, offset_minutes: int) -> None:
    """An aware datetime in any fixed offset is written as the same instant in GMT."""
    aware = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    expected = format_datetime(aware.astimezone(timezone.utc), usegmt=True).encode("ascii")
    assert impl.http_date(aware) == expected


def _away_from_second_boundary() -> None:
    """Sleep, if needed, until the clock is at least 50 ms from a second boundary.

    A twin may read the clock with C ``time()``, which on Linux reads the kernel's
    coarse clock, up to one tick behind ``time.time()``; away from a boundary both
    name the same second, so "now" can be checked exactly.
    """
    fraction = time.time() % 1
    if fraction < 0.05:
        time.sleep(0.05 - fraction)
    elif fraction > 0.9:
        time.sleep(1.05 - fraction)


def _seconds_around(call) -> tuple[bytes, set[bytes]]:
    """Call ``call()`` and return its result with the dates of every second it may have seen."""
    _away_from_second_boundary()
    before = int(time.time())
    value = call()
    after = int(time.time())
    return value, {oracle(second) for second in range(before, after + 1)}


def test_http_date_now(impl) -> None:
    """With no argument, the date is the current second, as bytes, in IMF-fixdate."""
    value, possible = _seconds_around(impl.http_date)
    assert type(value) is bytes
    assert IMF_FIXDATE.fullmatch(value)
    assert value in possible


def test_http_date_now_cache_expires(impl) -> None:
    """The "now" date may be cached for one second, never longer: after the next tick it moves on."""
    impl.http_date()  # fill the cache, if there is one
    now = time.time()
    time.sleep(math.ceil(now) - now + 0.06)  # into the next second, clear of the boundary
    before = int(time.time())
    value = impl.http_date()
    possible = {oracle(second) for second in range(before, int(time.time()) + 1)}
    assert value in possible


# --- locale and time zone independence, in a subprocess -------------------------------------

LOCALE_SCRIPT = """
import importlib, json, locale, sys, time
from datetime import datetime
active = locale.setlocale(locale.LC_ALL, "")
time.tzset()
core = importlib.import_module(sys.argv[1])
fraction = time.time() % 1  # keep clear of a second boundary, as _away_from_second_boundary does
if fraction < 0.05 or fraction > 0.9:
    time.sleep((1.05 - fraction) % 1)
before = int(time.time())
now = core.http_date().decode("latin-1")
after = int(time.time())
print(json.dumps({
    "locale": active,
    "strftime": time.strftime("%a, %d %b", time.gmtime(784111777)),
    "tz_hour_at_epoch": time.localtime(0).tm_hour,
    "timestamp": core.http_date(784111777).decode("latin-1"),
    "naive": core.http_date(datetime(1994, 11, 6, 8, 49, 37)).decode("latin-1"),
    "cookie": core.render_set_cookie("sid", "v", expires=datetime(1994, 11, 6, 8, 49, 37)).decode("latin-1"),
    "before": before,
    "now": now,
    "after": after,
}))
"""


@pytest.fixture(scope="module")
def foreign_locale(tmp_path_factory) -> dict[str, str]:
    """Environment variables selecting a non-C locale, preferably de_DE.UTF-8.

    German day and month names ("So", "Okt", ...) differ from the English ones an
    IMF-fixdate needs, so a locale-dependent formatter (strftime) would be caught.
    de_DE comes from ``locale -a`` or is compiled with localedef into a temporary
    directory (LOCPATH); failing both, any installed non-C locale is used.
    """
    if sys.platform == "win32":
        pytest.skip("LC_ALL and TZ (with time.tzset) select the locale and zone on POSIX only")
    installed = []
    if shutil.which("locale"):
        listing = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False)
        installed = listing.stdout.split()
    for name in installed:
        if name.lower().replace("-", "") == "de_de.utf8":
            return {"LC_ALL": name}
    if shutil.which("localedef"):
        directory = tmp_path_factory.mktemp("locales")
        subprocess.run(
            ["localedef", "-i", "de_DE", "-f", "UTF-8", str(directory / "de_DE.UTF-8")],
            capture_output=True,
            check=False,
        )
        if (directory / "de_DE.UTF-8").is_dir():  # localedef may warn yet succeed
            return {"LC_ALL": "de_DE.UTF-8", "LOCPATH": str(directory)}
    for name in installed:
        if name.split(".")[0].upper() not in ("C", "POSIX"):
            return {"LC_ALL": name}
    pytest.skip("no non-C locale is installed and localedef cannot build de_DE.UTF-8")


def test_http_date_ignores_locale_and_time_zone(impl, foreign_locale: dict[str, str]) -> None:
    """Under a foreign locale and TZ=Asia/Tokyo dates stay English and GMT; naive means UTC, not local."""
    result = run_python(LOCALE_SCRIPT, env={**foreign_locale, "TZ": "Asia/Tokyo"}, args=(impl.__name__,))
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout)
    # The environment really is foreign: the locale took effect (German names from
    # strftime when it is de_DE) and local time is 9 hours ahead of UTC.
    assert state["locale"] == foreign_locale["LC_ALL"]
    if state["locale"].lower().startswith("de_de"):
        assert state["strftime"] != "Sun, 06 Nov"  # "So, 06 Nov" with glibc
    assert state["tz_hour_at_epoch"] == 9
    assert state["timestamp"] == RFC_DATE
    assert state["naive"] == RFC_DATE
    assert state["cookie"] == "sid=v; Expires=" + RFC_DATE
    assert state["now"].encode() in {oracle(second) for second in range(state["before"], state["after"] + 1)}
