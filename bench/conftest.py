"""Fixtures for the core benchmarks: the core twin under test.

Benchmarks run with pytest-benchmark (``pytest bench/test_core_bench.py``); they time,
they do not assert timings.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The benchmark helpers (core_twins, uvicorn_style) are plain modules beside this file.
# pytest puts this folder on sys.path only while bench/ is not a package; bench/ is
# also imported as a namespace package (bench.suite), so make it explicit.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

# Imported after the path is set up above.
from core_twins import TWINS, load_twin


@pytest.fixture(params=TWINS)
def impl(request):
    """The core twin under benchmark (``fastresp._core`` or ``fastresp._core_py``)."""
    return load_twin(request.param)
