"""The public surface of the core: both twins expose the same names, constants and error type.

Also checks in-process that ``fastresp.core`` serves the compiled twin whenever the
compiled twin is expected, so a missing build fails the run instead of passing as pure.
"""

from __future__ import annotations

import pytest

import fastresp
import fastresp.core
from fastresp import _core_py, _errors, _tables

FUNCTIONS = (
    "build_head",
    "check_field",
    "encode_chunk",
    "encode_headers",
    "encode_sse_event",
    "encode_sse_events",
    "http_date",
    "last_chunk",
    "render_set_cookie",
    "status_line",
)


def test_same_public_names(impl) -> None:
    """Both twins declare the same ``__all__`` and define every name in it."""
    assert sorted(impl.__all__) == sorted(_core_py.__all__)
    for name in _core_py.__all__:
        assert hasattr(impl, name), name


def test_issue_functions_are_public(impl) -> None:
    """The core's functions (issue 2's seven, ``check_field`` and the SSE encoders) are public in each twin and in ``fastresp.core``."""
    for name in FUNCTIONS:
        assert name in impl.__all__
        assert callable(getattr(impl, name))
        assert name in fastresp.core.__all__


def test_public_functions_have_docstrings(impl) -> None:
    """Every public function says what it does (DESIGN.md: every public name has a docstring)."""
    for name in FUNCTIONS:
        doc = getattr(impl, name).__doc__
        assert doc and doc.strip(), name


def test_framing_constants(impl) -> None:
    """The FRAMING_* values are the shared ones from ``_tables`` and are all distinct."""
    values = {
        "FRAMING_NONE": _tables.FRAMING_NONE,
        "FRAMING_LENGTH": _tables.FRAMING_LENGTH,
        "FRAMING_CHUNKED": _tables.FRAMING_CHUNKED,
        "FRAMING_CLOSE": _tables.FRAMING_CLOSE,
    }
    for name, value in values.items():
        assert getattr(impl, name) == value
        assert getattr(fastresp.core, name) == value
    assert len(set(values.values())) == 4


def test_invalid_header_error_is_one_class(impl) -> None:
    """Both twins raise the one shared InvalidHeaderError, a ValueError, so callers catch either."""
    assert impl.InvalidHeaderError is _errors.InvalidHeaderError
    assert fastresp.core.InvalidHeaderError is _errors.InvalidHeaderError
    assert fastresp.InvalidHeaderError is _errors.InvalidHeaderError
    assert issubclass(_errors.InvalidHeaderError, ValueError)
    with pytest.raises(fastresp.core.InvalidHeaderError):
        impl.encode_headers([("x", "\n")])


def test_core_serves_the_selected_twin() -> None:
    """``fastresp.core``'s functions are the selected twin's own objects, not copies or wrappers."""
    assert fastresp.core.IMPLEMENTATION in ("cython", "python")
    assert fastresp.IMPLEMENTATION == fastresp.core.IMPLEMENTATION
    module_name = "fastresp._core" if fastresp.core.IMPLEMENTATION == "cython" else "fastresp._core_py"
    module = __import__(module_name, fromlist=["status_line"])
    for name in FUNCTIONS:
        assert getattr(fastresp.core, name) is getattr(module, name), name


def test_compiled_twin_in_use_when_expected() -> None:
    """Unless FASTRESP_NO_EXTENSIONS (or a non-CPython interpreter) rules it out, the core is compiled.

    A wheel or checkout whose build silently failed would otherwise run, and pass,
    on the pure twin alone.
    """
    if fastresp.core.NO_EXTENSIONS:
        assert fastresp.core.IMPLEMENTATION == "python"
    else:
        assert fastresp.core.IMPLEMENTATION == "cython", (
            "the compiled core was expected but is not in use; build it with `pip install -e .`"
        )
