"""Which core twins the benchmarks measure, and how to load one.

The compiled twin is measured whenever it is expected (FASTRESP_NO_EXTENSIONS unset on
CPython) and fails, never skips, when it is missing, so no figure silently comes from
the wrong twin. Mirrors ``tests/conftest.py``.
"""

from __future__ import annotations

import importlib

import pytest

from fastresp.core import NO_EXTENSIONS

#: The twins to benchmark: both, unless the pure twin was asked for.
TWINS = ("python",) if NO_EXTENSIONS else ("cython", "python")
_MODULES = {"cython": "fastresp._core", "python": "fastresp._core_py"}


def load_twin(name: str):
    """Import one core twin by name, failing the benchmark when the compiled one is missing."""
    try:
        return importlib.import_module(_MODULES[name])
    except ImportError as error:
        pytest.fail(
            f"the compiled core was expected but cannot be imported ({error}); "
            "build it with `pip install -e .` or run with FASTRESP_NO_EXTENSIONS=1",
            pytrace=False,
        )
