"""Helpers for the packaging checks: where the repository is, clean environments, tools.

The tools come from the ``test`` extra (``pip install -e ".[test]"``). A missing tool
fails the test with that advice instead of skipping it, so a CI run that lost the
extra cannot pass green.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the test extra installs tomli
    import tomli as tomllib

#: The repository checkout these tests describe.
REPO_ROOT = Path(__file__).resolve().parents[2]

#: The CPython versions fastresp supports and ships wheels for.
PYTHON_VERSIONS = ("3.10", "3.11", "3.12", "3.13", "3.14")

#: Environment settings that change what a build produces or what cibuildwheel selects.
_BUILD_SETTINGS = ("FASTRESP_NO_EXTENSIONS", "CC", "CXX", "CFLAGS", "LDSHARED", "PIP_NO_BUILD_ISOLATION")


def clean_env(**overrides: str) -> dict[str, str]:
    """The current environment without settings that would change a build, plus ``overrides``.

    The pure pass of the suite runs with FASTRESP_NO_EXTENSIONS=1; it must not leak into
    the builds and cibuildwheel calls whose outcome these tests pin down.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _BUILD_SETTINGS and not key.startswith("CIBW_")
    }
    env.update(overrides)
    return env


def find_tool(name: str) -> str:
    """Path of a console script from the ``test`` extra, beside this interpreter or on PATH."""
    # The interpreter's own scripts folder first: pytest may run from an unactivated venv.
    for folder in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        candidate = shutil.which(name, path=folder)
        if candidate:
            return candidate
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f'`{name}` is not installed; install the test tools with: pip install -e ".[test]"',
            pytrace=False,
        )
    return found


def require_module(name: str):
    """Import a module from the ``test`` extra, failing (not skipping) with install advice."""
    try:
        return __import__(name)
    except ImportError:
        pytest.fail(
            f'module `{name}` is missing; install the test tools with: pip install -e ".[test]"',
            pytrace=False,
        )


def run(
    args: list[str],
    *,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run a command with stdout and stderr captured together as text; never raises on exit code."""
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env if env is not None else clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )


def load_pyproject() -> dict:
    """The parsed pyproject.toml of the repository."""
    with open(REPO_ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)
