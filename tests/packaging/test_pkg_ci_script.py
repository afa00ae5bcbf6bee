"""``.ci/run``, the script CI runs: valid bash, strict mode, both passes, and exit 5 as failure.

CI judges a submission by this script's exit code, so a pytest run that collected
nothing (exit 5) must fail it, and the README's test command must be what it runs.
"""

from __future__ import annotations

import re
import shutil
import sys

import pytest
from pkg_helpers import REPO_ROOT, run

SCRIPT = REPO_ROOT / ".ci" / "run"
README_TEST_COMMAND = 'pip install -e ".[test]" && pytest'


def script_text() -> str:
    """The text of .ci/run."""
    return SCRIPT.read_text(encoding="utf-8")


def bash() -> str:
    """The bash executable (CI runs ``bash .ci/run``)."""
    found = shutil.which("bash")
    assert found, "bash is needed to run .ci/run"
    return found


def test_script_is_valid_strict_bash():
    """``bash -n`` accepts the script and it stops on any error, unset name or failed pipe."""
    result = run([bash(), "-n", SCRIPT])
    assert result.returncode == 0, result.stdout
    assert re.search(r"^set -euo pipefail$", script_text(), re.MULTILINE)


def test_script_runs_the_readme_test_command_both_ways():
    """The README's test command runs, then the same suite with FASTRESP_NO_EXTENSIONS=1."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert README_TEST_COMMAND in readme
    text = script_text()
    install = text.index('\npip install -e ".[test]"\n')
    compiled = text.index("\nrun_pytest pytest\n", install)
    pure = text.index("\nrun_pytest env FASTRESP_NO_EXTENSIONS=1 pytest\n", compiled)
    assert install < compiled < pure
    # Each pass first proves which core it is about to test.
    assert text.index("expect_core cython", install) < compiled
    assert text.index("FASTRESP_NO_EXTENSIONS=1 expect_core python", compiled) < pure


def run_pytest_wrapper(tmp_path, exit_code: int):
    """Run the script's ``run_pytest`` function on a command that exits with ``exit_code``."""
    function = re.search(r"^run_pytest\(\) \{\n.*?^\}\n", script_text(), re.MULTILINE | re.DOTALL)
    assert function, "run_pytest() not found in .ci/run"
    probe = tmp_path / "probe.sh"
    probe.write_text(
        "set -euo pipefail\n"
        + function.group(0)
        + f"run_pytest bash -c 'exit {exit_code}'\necho reached-the-end\n",
        encoding="utf-8",
    )
    return run([bash(), probe], cwd=tmp_path)


@pytest.mark.parametrize("exit_code", [1, 2, 5])
def test_failed_or_empty_pytest_fails_the_script(tmp_path, exit_code):
    """A failing run, a usage error and "no tests collected" (5) all stop the script non-zero."""
    result = run_pytest_wrapper(tmp_path, exit_code)
    assert result.returncode != 0
    assert "reached-the-end" not in result.stdout
    # An empty run is named as such, so the CI log says why it failed.
    assert ("collected no tests" in result.stdout) == (exit_code == 5)


def test_passing_pytest_lets_the_script_go_on(tmp_path):
    """A passing run continues to the next step."""
    result = run_pytest_wrapper(tmp_path, 0)
    assert result.returncode == 0, result.stdout
    assert "reached-the-end" in result.stdout


def shell_function(name: str) -> str:
    """The text of one function defined in .ci/run."""
    function = re.search(rf"^{name}\(\) \{{\n.*?^\}}\n", script_text(), re.MULTILINE | re.DOTALL)
    assert function, f"{name}() not found in .ci/run"
    return function.group(0)


def test_every_claimed_python_is_looked_for_and_a_missing_one_is_named(tmp_path):
    """find_python finds pythonX.Y on PATH and finds nothing for a version the machine lacks.

    The script reads the versions from pyproject.toml's classifiers, and one it cannot
    find becomes a WARNING line and a NOT FOUND line of the summary, never a silent skip.
    """
    tools = tmp_path / "bin"
    tools.mkdir()
    version = "{}.{}".format(*sys.version_info[:2])
    (tools / f"python{version}").symlink_to(sys.executable)
    # A pyenv folder (its command is not on PATH) holding two patch releases of "3.98".
    for release in ("3.98.1", "3.98.10"):
        folder = tmp_path / ".pyenv" / "versions" / release / "bin"
        folder.mkdir(parents=True)
        (folder / "python3.98").symlink_to(sys.executable)
    probe = tmp_path / "probe.sh"
    probe.write_text(
        "set -euo pipefail\n" + shell_function("find_python")
        + f'echo "found=$(find_python {version})"\n'
        + 'echo "pyenv=$(find_python 3.98)"\n'
        + 'echo "missing=$(find_python 3.99 || echo none)"\n',
        encoding="utf-8",
    )
    result = run([bash(), probe], cwd=tmp_path, env={"PATH": f"{tools}:/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout
    assert f"found={tools}/python{version}\n" in result.stdout  # pythonX.Y on PATH
    assert f"pyenv={tmp_path}/.pyenv/versions/3.98.10/bin/python3.98\n" in result.stdout  # newest release
    assert "missing=none\n" in result.stdout
    text = script_text()
    assert "Programming Language :: Python :: (3" in text
    assert 'echo "WARNING: Python $version is claimed in pyproject.toml but not found' in text
    assert 'SUMMARY+=("$version: NOT FOUND, NOT TESTED")' in text
    assert text.index('section "Summary"') > text.index("\n        bash .ci/wheel-check\n")


def test_wheel_check_is_strict_bash_run_by_the_script():
    """.ci/wheel-check parses, stops on any error, and .ci/run calls it."""
    wheel_check = REPO_ROOT / ".ci" / "wheel-check"
    result = run([bash(), "-n", wheel_check])
    assert result.returncode == 0, result.stdout
    assert re.search(r"^set -euo pipefail$", wheel_check.read_text(encoding="utf-8"), re.MULTILINE)
    assert "\n        bash .ci/wheel-check\n" in script_text()
