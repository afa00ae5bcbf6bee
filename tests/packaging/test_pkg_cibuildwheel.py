"""The cibuildwheel configuration in pyproject.toml: which wheels it builds, how it tests them.

cibuildwheel prints the build identifiers of any platform from Linux without building
(``--print-build-identifiers --platform linux|macos|windows``), so the full release
matrix is checked here, cheaply, on every run of the suite.
"""

from __future__ import annotations

import os
import shlex
import sys

import pytest
from pkg_helpers import PYTHON_VERSIONS, REPO_ROOT, clean_env, load_pyproject, run

from fastresp.core import NO_EXTENSIONS

CPYTHONS = [f"cp{version.replace('.', '')}" for version in PYTHON_VERSIONS]

EXPECTED_IDENTIFIERS = {
    "linux": {
        f"{cp}-{libc}_{arch}"
        for cp in CPYTHONS
        for libc in ("manylinux", "musllinux")
        for arch in ("x86_64", "aarch64")
    },
    "macos": {f"{cp}-macosx_{arch}" for cp in CPYTHONS for arch in ("x86_64", "arm64")},
    "windows": {f"{cp}-win_amd64" for cp in CPYTHONS},
}


def cibuildwheel_command() -> list[str]:
    """cibuildwheel as argv: $FASTRESP_CIBUILDWHEEL where set (it needs Python 3.11+), else this Python's."""
    chosen = os.environ.get("FASTRESP_CIBUILDWHEEL")
    return [chosen] if chosen else [sys.executable, "-m", "cibuildwheel"]


@pytest.mark.parametrize("platform", sorted(EXPECTED_IDENTIFIERS))
def test_build_identifiers(platform):
    """cibuildwheel selects exactly CPython 3.10-3.14 for the platform's architectures.

    No free-threaded (cp314t), PyPy or 32-bit builds sneak in, and none is missing.
    """
    result = run(
        [*cibuildwheel_command(), "--print-build-identifiers", "--platform", platform],
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout
    printed = set(result.stdout.split())
    assert printed == EXPECTED_IDENTIFIERS[platform]


def test_wheel_tests_run_the_suite_from_copied_sources(pyproject):
    """Each wheel is tested with the wheel-test extra and the suite, run outside the source tree.

    With test-sources the suite runs from a temporary copy of tests/, so ``import
    fastresp`` finds the installed wheel rather than the checkout (which has no
    compiled module of that platform).
    """
    config = pyproject["tool"]["cibuildwheel"]
    assert config["test-extras"] == ["wheel-test"]
    # tests/app serves examples/ and pytest's settings live in pyproject.toml.
    assert {"tests", "examples", "pyproject.toml"} <= set(config["test-sources"])
    suite = config["test-command"][-1]
    assert shlex.split(suite)[0] == "pytest"
    assert "tests" in shlex.split(suite)
    assert "{project}" not in suite, "with test-sources the suite must not run from the checkout"


def implementation_check() -> list[str]:
    """The cibuildwheel test command that refuses a wheel without the compiled core, as argv."""
    commands = [command for command in _test_commands() if "IMPLEMENTATION" in command]
    assert len(commands) == 1, "one test command must check fastresp.core.IMPLEMENTATION"
    argv = shlex.split(commands[0])
    assert argv[0] == "python"
    return [sys.executable, *argv[1:]]


def checkout_env(**overrides: str) -> dict[str, str]:
    """A clean environment that imports fastresp from this checkout, installed or not."""
    env = clean_env(**overrides)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def _test_commands() -> list[str]:
    """The configured cibuildwheel test commands."""
    commands = load_pyproject()["tool"]["cibuildwheel"]["test-command"]
    return [commands] if isinstance(commands, str) else list(commands)


def test_wheel_check_refuses_the_pure_core(tmp_path):
    """The wheel test command fails when fastresp runs its pure twin.

    A compile that fell back to pure Python would otherwise ship a platform wheel
    without its compiled core while the suite (which then tests the pure twin) passes.
    """
    result = run(implementation_check(), cwd=tmp_path, env=checkout_env(FASTRESP_NO_EXTENSIONS="1"))
    assert result.returncode != 0
    assert "wheel has no compiled core: python" in result.stdout


if not NO_EXTENSIONS:
    # Only where the compiled twin is expected, as tests/conftest.py decides for ``impl``
    # (a pure install, as in CI's pure leg, has no compiled module to accept).

    def test_wheel_check_accepts_the_compiled_core(tmp_path):
        """The same command passes when the compiled core is importable, as in a good wheel."""
        result = run(implementation_check(), cwd=tmp_path, env=checkout_env())
        assert result.returncode == 0, result.stdout
