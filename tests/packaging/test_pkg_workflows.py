"""The GitHub workflows: actionlint passes on both, and they cover what issue 2 asks.

``ci.yml`` must lint and run the suite on every supported Python, once compiled and
once pure; ``wheels.yml`` must build an sdist and the cibuildwheel matrix and upload
both. actionlint (from the ``test`` extra) checks syntax, expressions and runner labels.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pkg_helpers import PYTHON_VERSIONS, REPO_ROOT, find_tool, require_module, run

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
WHEELS = WORKFLOWS / "wheels.yml"


def load_workflow(path: Path) -> dict:
    """Parse a workflow file; PyYAML reads the ``on:`` key as True, so it is renamed back."""
    yaml = require_module("yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def step_commands(job: dict) -> str:
    """All ``run:`` scripts of a job, joined, for searching."""
    return "\n".join(step.get("run", "") for step in job["steps"])


def step_actions(job: dict) -> list[str]:
    """The ``uses:`` actions of a job, without their version."""
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


@pytest.mark.parametrize("workflow", [CI, WHEELS], ids=lambda path: path.name)
def test_actionlint_passes(workflow):
    """actionlint reports nothing on the workflow (syntax, expressions, runner labels)."""
    assert workflow.is_file(), f"{workflow} is missing"
    result = run([find_tool("actionlint"), "-no-color", str(workflow)], cwd=REPO_ROOT)
    assert result.returncode == 0, result.stdout


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The installed actionlint really lints: an unknown runner and a bad expression fail.

    Without this, a wrapper package that installs a no-op ``actionlint`` would make the
    test above pass on anything.
    """
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: no-such-runner-label\n"
        "    steps:\n"
        "      - run: echo ${{ matrix.nothing.here }}\n",
        encoding="utf-8",
    )
    result = run([find_tool("actionlint"), "-no-color", str(broken)], cwd=tmp_path)
    assert result.returncode != 0
    assert "no-such-runner-label" in result.stdout


def test_ci_tests_every_python_compiled_and_pure(pyproject):
    """ci.yml runs pytest on each supported Python (matching the classifiers), compiled and pure."""
    workflow = load_workflow(CI)
    assert {"push", "pull_request"} <= set(workflow["on"])
    test = workflow["jobs"]["test"]
    matrix = test["strategy"]["matrix"]
    assert tuple(matrix["python-version"]) == PYTHON_VERSIONS
    classified = tuple(
        entry.rsplit(" ", 1)[1]
        for entry in pyproject["project"]["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", entry)
    )
    assert classified == PYTHON_VERSIONS, "pyproject classifiers and the CI matrix disagree"
    assert sorted(matrix["core"]) == ["compiled", "pure"]
    # The pure leg must really set the switch, at install time and at import time.
    assert "matrix.core == 'pure'" in test["env"]["FASTRESP_NO_EXTENSIONS"]
    commands = step_commands(test)
    assert 'pip install -e ".[test]"' in commands
    assert "IMPLEMENTATION" in commands, "the job must check which core it is testing"
    assert re.search(r"^(python -m )?pytest\b", commands, re.MULTILINE)


def test_ci_lints():
    """ci.yml has a lint job that runs ruff and actionlint."""
    lint = load_workflow(CI)["jobs"]["lint"]
    commands = step_commands(lint)
    assert "ruff check" in commands
    assert "actionlint" in commands


def test_wheels_builds_sdist_and_all_platforms_and_uploads():
    """wheels.yml builds and twine-checks an sdist, runs cibuildwheel on every OS/arch, uploads both."""
    jobs = load_workflow(WHEELS)["jobs"]
    sdist = jobs["sdist"]
    assert "python -m build --sdist" in step_commands(sdist)
    assert "twine check" in step_commands(sdist)
    assert "actions/upload-artifact" in step_actions(sdist)

    wheels = jobs["wheels"]
    assert "pypa/cibuildwheel" in step_actions(wheels)
    assert "actions/upload-artifact" in step_actions(wheels)
    targets = {
        (entry["os"].split("-")[0], entry["archs"]) for entry in wheels["strategy"]["matrix"]["include"]
    }
    # manylinux and musllinux come from the same Linux runner; cibuildwheel builds both.
    assert targets == {
        ("ubuntu", "x86_64"),
        ("ubuntu", "aarch64"),
        ("macos", "x86_64"),
        ("macos", "arm64"),
        ("windows", "AMD64"),
    }
