"""Fixtures shared by the whole suite: the core twin under test.

Every core test takes ``impl`` and so runs on both twins. The compiled case fails,
never skips, when the compiled module was expected (FASTRESP_NO_EXTENSIONS unset on
CPython) but cannot be imported: a missing build must not pass as a green run.
"""

from __future__ import annotations

import importlib

import pytest

from fastresp.core import NO_EXTENSIONS

#: The twins this run must test: both, unless the pure twin was asked for.
IMPLEMENTATIONS = ("python",) if NO_EXTENSIONS else ("cython", "python")
_MODULES = {"cython": "fastresp._core", "python": "fastresp._core_py"}


def load_implementation(name: str):
    """Import one core twin by name, failing the test when the compiled one is missing."""
    try:
        return importlib.import_module(_MODULES[name])
    except ImportError as error:
        pytest.fail(
            f"the compiled core was expected but cannot be imported ({error}); "
            "build it with `pip install -e .` or run with FASTRESP_NO_EXTENSIONS=1",
            pytrace=False,
        )


def pytest_collection_modifyitems(config, items) -> None:
    """Deselect tests marked ``compiled`` when the pure twin was asked for.

    They compare the twins or check the compiled one is in use, so they do not apply
    to a pure run; they are left out (deselected), not reported as skipped.
    """
    if not NO_EXTENSIONS:
        return
    kept = [item for item in items if item.get_closest_marker("compiled") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture(params=IMPLEMENTATIONS)
def impl(request):
    """The core twin under test (``fastresp._core`` or ``fastresp._core_py``)."""
    return load_implementation(request.param)
