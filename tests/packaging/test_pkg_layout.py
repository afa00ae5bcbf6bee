"""The hand-written package list in pyproject.toml covers every package in the tree.

pyproject.toml lists packages by name because ``examples/`` ships as
``fastresp.examples``; a package directory missing from that list would be left out
of every wheel while the tests, run from the checkout, still pass.
"""

from __future__ import annotations


def test_every_package_directory_is_listed(repo_root, pyproject) -> None:
    """Each directory under fastresp/ with an __init__.py, and examples/, is a listed package."""
    settings = pyproject["tool"]["setuptools"]
    on_disk = {
        ".".join(init.parent.relative_to(repo_root).parts)
        for init in (repo_root / "fastresp").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    on_disk.add("fastresp.examples")
    assert set(settings["packages"]) == on_disk
    assert settings["package-dir"] == {"fastresp.examples": "examples"}
    assert (repo_root / "examples" / "__init__.py").is_file()
