"""Benchmarks of every core function on both twins, and of a typical head against uvicorn's way.

Run (pinned to one core on a shared machine; figures are only compared within one run):

    taskset -c 1 python -m pytest bench/test_core_bench.py --benchmark-only \
        --benchmark-json=/tmp/core-bench.json
    python bench/core_ratios.py /tmp/core-bench.json

The "typical head" group builds the same bytes three ways: the compiled core, the pure
twin, and ``uvicorn_style`` (list, regex validation, join). Issue 2's targets: compiled
at least 15x faster than pure and at least 10x faster than uvicorn-style.

Issue 11's targets: the "session cookie" group (``render_set_cookie`` with the usual
attributes) compiled at least 8x faster than pure and 40x faster than Starlette's
``Response.set_cookie``; the "head with cookies" group (``status_line`` + ``encode_headers``
of six headers and two cookies rendered in the same call) compiled at least 15x faster
than pure. Issue 14's: the "sse event" group (``encode_sse_event`` of three data lines with
``event`` and ``id``) compiled at least 10x faster than pure. The benchmarks time; they do
not assert timings (``core_ratios.py --check`` does).
"""

from __future__ import annotations

import importlib

import pytest
import uvicorn_style
from core_twins import TWINS, load_twin
from starlette.responses import Response

#: The server's default headers: uvicorn prepends them, the core takes them as ``default_headers``.
DEFAULT_HEADERS = [
    (b"date", b"Sat, 21 Nov 2026 19:00:00 GMT"),
    (b"server", b"fastresp"),
]

#: The application's headers. With the two defaults: eight header lines, two of them Set-Cookie.
#: Content-Length comes last because the core writes it after the other headers, so both
#: builders produce the same bytes (checked by ``test_builders_agree``).
APP_HEADERS = [
    (b"content-type", b"text/html; charset=utf-8"),
    (b"cache-control", b"private, max-age=0, must-revalidate"),
    (b"x-request-id", b"5f0c6ad2-8f3e-4a55-9d2c-0c4d7a1f9b3e"),
    (b"set-cookie", b"sid=3f9a1c2e7b8d4e6f; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax"),
    (b"set-cookie", b"theme=dark; Path=/; Max-Age=31536000; SameSite=Lax"),
    (b"content-length", b"5120"),
]

BODY_CHUNK = b"x" * 1024

#: Issue 11's session cookie: name, value and attributes in the core's spelling...
SESSION_COOKIE = ("session", "abc123")
SESSION_ATTRIBUTES = {"max_age": 3600, "path": "/", "secure": True, "http_only": True, "same_site": "Lax"}
#: ...and the same attributes in Starlette's spelling.
STARLETTE_ATTRIBUTES = {"max_age": 3600, "path": "/", "secure": True, "httponly": True, "samesite": "lax"}
#: A second cookie for the head: a preference kept for a year.
THEME_COOKIE = ("theme", "dark")
THEME_ATTRIBUTES = {"max_age": 31536000, "path": "/", "same_site": "Lax"}
#: Six header lines of the head besides the two cookies: the defaults and four of the app's.
SIX_HEADERS = DEFAULT_HEADERS + [pair for pair in APP_HEADERS if pair[0] != b"set-cookie"]

#: Issue 14's server-sent event: three data lines with an event type and an id.
SSE_DATA = '{"token": "Hello"}\n{"token": ","}\n{"token": " world"}'
SSE_EVENT = "completion"
SSE_ID = "msg-1024"
#: A batch of small events, as a model streams its tokens.
SSE_TOKENS = [f'{{"token": "{i}"}}' for i in range(64)]

_STARLETTE_RESPONSE = Response()


def starlette_set_cookie(key, value, **attributes):
    """Starlette's ``Response.set_cookie`` on one response, its header list emptied first."""
    _STARLETTE_RESPONSE.raw_headers = []
    _STARLETTE_RESPONSE.set_cookie(key, value, **attributes)
    return _STARLETTE_RESPONSE.raw_headers[0][1]


def session_cookie_call(name: str):
    """``(function, kwargs)`` rendering the session cookie with a core twin or Starlette."""
    if name == "starlette":
        return starlette_set_cookie, STARLETTE_ATTRIBUTES
    return load_twin(name).render_set_cookie, SESSION_ATTRIBUTES


def head_with_cookies(core) -> bytes:
    """Status line, six headers and two Set-Cookie lines, the cookies rendered here."""
    session = core.render_set_cookie(*SESSION_COOKIE, **SESSION_ATTRIBUTES)
    theme = core.render_set_cookie(*THEME_COOKIE, **THEME_ATTRIBUTES)
    return core.status_line(200) + core.encode_headers(
        [*SIX_HEADERS, (b"set-cookie", session), (b"set-cookie", theme)]
    )


def bench_group(name: str):
    """The benchmark marker for a group, with rounds long enough for sub-microsecond calls.

    pytest-benchmark's default round (5 us) holds only a few calls of a fast function,
    so timer and loop overhead would dominate; 200 us rounds after a warm-up do not.
    """
    return pytest.mark.benchmark(group=name, min_time=0.0002, warmup=True, warmup_iterations=10_000)


def typical_head_builders():
    """The typical head's builders, by name: the core twins under test, then uvicorn-style."""
    return [*TWINS, "uvicorn"]


def head_builder(name: str):
    """The function that builds the typical head with the named builder (called with HEAD_ARGS)."""
    if name == "uvicorn":
        return uvicorn_style.build_head
    return load_twin(name).build_head


#: The arguments every builder gets for the typical head: status, app headers, server defaults.
HEAD_ARGS = (200, APP_HEADERS)
HEAD_KWARGS = {"default_headers": DEFAULT_HEADERS}


# --- not timed: the comparison is fair only if both sides do the same work ----------------


def test_builders_agree():
    """Every builder gives the same bytes for the typical head, and the head has 8 header lines."""
    heads = {name: head_builder(name)(*HEAD_ARGS, **HEAD_KWARGS)[0] for name in typical_head_builders()}
    reference = heads["uvicorn"]
    assert all(head == reference for head in heads.values()), heads
    lines = reference.split(b"\r\n")
    assert len(lines) == 1 + 8 + 2  # status line, eight headers, blank line, empty tail
    assert sum(line.startswith(b"set-cookie: ") for line in lines) == 2


def test_session_cookie_builders_agree():
    """Starlette's cookie carries the same attributes as the core's (its order and case differ)."""
    ours = {load_twin(name).render_set_cookie(*SESSION_COOKIE, **SESSION_ATTRIBUTES) for name in TWINS}
    assert ours == {b"session=abc123; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax"}
    theirs = starlette_set_cookie(*SESSION_COOKIE, **STARLETTE_ATTRIBUTES)
    assert sorted(theirs.lower().split(b"; ")) == sorted(ours.pop().lower().split(b"; "))


def test_head_with_cookies_agrees():
    """Both twins build the same head of one status line and eight header lines."""
    heads = {head_with_cookies(load_twin(name)) for name in TWINS}
    assert len(heads) == 1
    lines = heads.pop().split(b"\r\n")
    assert len(lines) == 1 + 8 + 1
    assert sum(line.startswith(b"set-cookie: ") for line in lines) == 2


def test_uvicorn_style_validates():
    """The uvicorn-style builder does refuse a header injection, so it pays for validation too."""
    with pytest.raises(RuntimeError):
        uvicorn_style.build_head(200, [(b"x-evil", b"a\r\nset-cookie: stolen=1")])
    with pytest.raises(RuntimeError):
        uvicorn_style.build_head(200, [(b"bad name", b"1")])


# --- the headline comparison ---------------------------------------------------------------


@bench_group("typical head")
@pytest.mark.parametrize("builder", typical_head_builders())
def test_typical_head(benchmark, builder):
    """200 with eight headers (two Set-Cookie), built by a core twin or the uvicorn way."""
    # The builder itself is timed, with no wrapper call adding the same overhead to both sides.
    benchmark(head_builder(builder), *HEAD_ARGS, **HEAD_KWARGS)


# --- every core function, both twins ----------------------------------------------------------


@bench_group("status_line")
def test_status_line(benchmark, impl):
    """A known status with its standard reason phrase."""
    benchmark(impl.status_line, 200)


@bench_group("status_line custom reason")
def test_status_line_custom_reason(benchmark, impl):
    """A status with an application-supplied reason phrase, which must be validated."""
    benchmark(impl.status_line, 418, "I'm a teapot, really")


@bench_group("encode_headers")
def test_encode_headers(benchmark, impl):
    """The eight typical header lines validated and encoded."""
    benchmark(impl.encode_headers, DEFAULT_HEADERS + APP_HEADERS)


@bench_group("http_date now")
def test_http_date_now(benchmark, impl):
    """The current date, cached for a second (the per-response case)."""
    benchmark(impl.http_date)


@bench_group("http_date timestamp")
def test_http_date_timestamp(benchmark, impl):
    """A given timestamp, formatted from scratch (Last-Modified, Expires)."""
    benchmark(impl.http_date, 784111777)


@bench_group("encode_chunk")
def test_encode_chunk(benchmark, impl):
    """One 1 KiB chunk of a chunked body."""
    benchmark(impl.encode_chunk, BODY_CHUNK)


@bench_group("last_chunk")
def test_last_chunk(benchmark, impl):
    """The last chunk without trailers."""
    benchmark(impl.last_chunk)


@bench_group("last_chunk trailers")
def test_last_chunk_trailers(benchmark, impl):
    """The last chunk with one trailer field, validated."""
    benchmark(impl.last_chunk, [(b"x-checksum", b"sha256=9f86d081884c7d659a2feaa0c55ad015")])


@bench_group("render_set_cookie")
def test_render_set_cookie(benchmark, impl):
    """A session cookie with the usual attributes, value percent-encoded."""
    benchmark(
        impl.render_set_cookie,
        "sid",
        "3f9a1c2e 7b8d4e6f",
        path="/",
        max_age=3600,
        secure=True,
        http_only=True,
        same_site="Lax",
    )


@bench_group("session cookie")
@pytest.mark.parametrize("builder", [*TWINS, "starlette"])
def test_render_set_cookie_session(benchmark, builder):
    """Issue 11's session cookie: Max-Age, Path, Secure, HttpOnly and SameSite=Lax."""
    function, attributes = session_cookie_call(builder)
    benchmark(function, *SESSION_COOKIE, **attributes)


@bench_group("head with cookies")
def test_status_line_head_with_cookies(benchmark, impl):
    """``status_line(200)`` + ``encode_headers`` of six headers and two cookies rendered in the call."""
    benchmark(head_with_cookies, impl)


@bench_group("check_field")
def test_check_field(benchmark, impl):
    """One header validated, its name lower-cased (what the app's header container stores)."""
    benchmark(impl.check_field, "Cache-Control", "private, max-age=0, must-revalidate")


@bench_group("build_head minimal")
def test_build_head_minimal(benchmark, impl):
    """The smallest head: 204 with no headers."""
    benchmark(impl.build_head, 204, [])


@bench_group("build_head chunked")
def test_build_head_chunked(benchmark, impl):
    """A streamed response: no Content-Length, so the core adds chunked framing."""
    benchmark(impl.build_head, 200, APP_HEADERS[:-1], default_headers=DEFAULT_HEADERS)


@bench_group("sse event")
def test_encode_sse_event(benchmark, impl):
    """Issue 14's event: three data lines (split on LF), with ``event`` and ``id``."""
    benchmark(impl.encode_sse_event, SSE_DATA, event=SSE_EVENT, id=SSE_ID)


@bench_group("sse events batch")
def test_encode_sse_events(benchmark, impl):
    """64 one-line token events (``data: {"token": ...}``) encoded into one buffer."""
    benchmark(impl.encode_sse_events, SSE_TOKENS)


def test_every_core_function_is_benchmarked():
    """Each public function of the core has a benchmark here, so a new one cannot be missed."""
    core_py = importlib.import_module("fastresp._core_py")
    functions = {name for name in core_py.__all__ if callable(getattr(core_py, name)) and name[0].islower()}
    benchmarked = {name.split("test_", 1)[1] for name in globals() if name.startswith("test_")}
    missing = {name for name in functions if not any(bench.startswith(name) for bench in benchmarked)}
    assert not missing, f"core functions without a benchmark: {sorted(missing)}"
