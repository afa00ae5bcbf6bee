"""Fixtures for the plugin tests; helpers come from ``tests/app/app_support.py``.

Async tests run on asyncio through anyio's pytest plugin (installed with httpx).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_APP_TESTS = str(Path(__file__).resolve().parents[1] / "app")
if _APP_TESTS not in sys.path:
    sys.path.insert(0, _APP_TESTS)


@pytest.fixture
def anyio_backend() -> str:
    """The application is asyncio-based (file reads use the loop's executor)."""
    return "asyncio"
