"""Fixtures for the application-layer tests (helpers live in ``app_support``).

Async tests run on asyncio through anyio's pytest plugin (installed with httpx).
"""

from __future__ import annotations

import pytest
from app_support import Recorder

from fastresp.app import html
from fastresp.core import NO_EXTENSIONS

#: The builds of the HTML builder this run must test: both, unless the pure build was asked for.
HTML_BUILDS = ("python",) if NO_EXTENSIONS else ("cython", "python")


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
    if build == "python":
        return html.source_builder()
    try:
        return html.compiled_builder()
    except ImportError as error:
        pytest.fail(
            f"the compiled HTML builder was expected but cannot be imported ({error}); "
            "build it with `pip install -e .` or run with FASTRESP_NO_EXTENSIONS=1",
            pytrace=False,
        )


@pytest.fixture(params=HTML_BUILDS)
def html_build(request):
    """One build of the HTML builder (``fastresp.app._htmlbuilder`` compiled, or its ``_py`` source run)."""
    return load_html_build(request.param)
