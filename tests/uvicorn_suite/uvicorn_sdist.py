"""uvicorn's own protocol tests, fetched from the sdist of the installed uvicorn at test time.

The files are never part of this repository: ``pip download`` fetches the sdist of
exactly the installed version into a cache directory and the few files the HTTP
protocol tests need are extracted next to it. A failed download raises, so the run
fails rather than skipping uvicorn's checks.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

#: The sdist members the HTTP protocol tests import (``tests.response``, ``tests.utils``).
MEMBERS = (
    "tests/__init__.py",
    "tests/response.py",
    "tests/utils.py",
    "tests/protocols/__init__.py",
    "tests/protocols/test_http.py",
)


def cache_root() -> Path:
    """Where fetched sdists are kept between runs: ``$FASTRESP_TEST_CACHE`` or the user's cache."""
    explicit = os.environ.get("FASTRESP_TEST_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fastresp-tests"


def fetch_tests(version: str | None = None) -> Path:
    """Return a directory holding uvicorn's ``tests`` package for ``version`` (the installed one by default)."""
    version = version or importlib.metadata.version("uvicorn")
    target = cache_root() / f"uvicorn-{version}-tests"
    if all((target / member).is_file() for member in MEMBERS):
        return target
    downloads = cache_root() / "sdists"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = downloads / f"uvicorn-{version}.tar.gz"
    if not archive.is_file():
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:", "--no-deps",
            f"uvicorn=={version}", "--dest", str(downloads),
        ]
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not archive.is_file():
            raise RuntimeError(
                f"cannot fetch the uvicorn {version} sdist for its protocol tests "
                f"({' '.join(command)}): {done.stderr.strip()[-2000:]}"
            )
    with tarfile.open(archive) as tar:
        for member in MEMBERS:
            data = tar.extractfile(f"uvicorn-{version}/{member}")
            if data is None:
                raise RuntimeError(f"{archive} has no {member}")
            path = target / member
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.read())
    return target


def import_test_http(root: Path) -> ModuleType:
    """Import the sdist's ``tests/protocols/test_http.py`` with its own ``tests`` package.

    The package is registered under its own name, ``tests``, because the module
    imports ``tests.response``; this repository's tests are not a package, so
    nothing else claims that name.
    """
    if "tests" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "tests", root / "tests" / "__init__.py", submodule_search_locations=[str(root / "tests")]
        )
        package = importlib.util.module_from_spec(spec)
        sys.modules["tests"] = package
        spec.loader.exec_module(package)
    loaded = sys.modules["tests"]
    if Path(loaded.__path__[0]).resolve() != (root / "tests").resolve():
        raise RuntimeError(f"another 'tests' package is already imported: {loaded.__path__}")
    import tests.protocols.test_http as module  # the package registered above

    return module
