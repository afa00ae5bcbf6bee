"""Fixtures for the application-layer tests (helpers live in ``app_support``).

Async tests run on asyncio through anyio's pytest plugin (installed with httpx).
"""

from __future__ import annotations

import pytest
from app_support import HOTPATH_BUILDS, Recorder, load_hotpath
from support import PURE_MODE_BUILDS, load_build


@pytest.fixture
def anyio_backend() -> str:
    """The application is asyncio-based (file reads use the loop's executor)."""
    return "asyncio"


@pytest.fixture
def recorder() -> type[Recorder]:
    """The ``Recorder`` class, to build fake-server runs."""
    return Recorder


def load_html_build(build: str):
    """The HTML builder compiled or run from source, failing the test when the compiled one is missing."""
    return load_build("fastresp.app._htmlbuilder", build)


@pytest.fixture(params=PURE_MODE_BUILDS)
def html_build(request):
    """One build of the HTML builder (``fastresp.app._htmlbuilder`` compiled, or its ``_py`` source run)."""
    return load_html_build(request.param)


@pytest.fixture(params=HOTPATH_BUILDS)
def hotpath(request):
    """The application's hot path module under test: ``_hotpath`` compiled, or the same file as plain Python."""
    return load_hotpath(request.param)
