"""Fixtures for the packaging checks, which describe the repository rather than the core.

They take no ``impl`` fixture: workflows, pyproject.toml and the build do not depend
on which core twin the suite runs. Helpers live in ``pkg_helpers``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pkg_helpers import REPO_ROOT, load_pyproject


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout under test."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def pyproject() -> dict:
    """The parsed pyproject.toml of the repository."""
    return load_pyproject()
