"""Building and installing fastresp the ways issue 2 promises (slow: real builds in fresh venvs).

- ``python -m build`` makes an sdist and a wheel from it; ``twine check`` passes; the
  wheel carries the compiled core; the sdist carries the Cython source.
- ``pip install .`` compiles the core; ``FASTRESP_NO_EXTENSIONS=1 pip install .``
  installs a pure build; with a broken C compiler (``CC=false``) the install still
  succeeds, pure, instead of failing.

Each build runs on a copy of the checkout (never in it: another build may be running
there) with a pip cache of its own, so a wheel cached by one scenario cannot stand in
for another's build. Builds run without FASTRESP_NO_EXTENSIONS unless a test sets it,
so the checks mean the same in the pure pass of the suite.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from pkg_helpers import REPO_ROOT, clean_env, load_pyproject, require_module, run

pytestmark = pytest.mark.slow

#: What the compiled core is called inside a wheel, per platform.
COMPILED_CORE = "fastresp/_core.*.pyd" if os.name == "nt" else "fastresp/_core.*.so"
#: The modules written in Cython's pure-Python mode (a ``.py`` plus its ``.pxd``): the
#: server's and the application's hot paths and the HTML builder.
PURE_MODE_MODULES = ("fastresp/server/_hotpath", "fastresp/app/_hotpath", "fastresp/app/_htmlbuilder")
#: What each of them is called compiled inside a wheel.
COMPILED_PURE_MODE = tuple(f"{module}.*.pyd" if os.name == "nt" else f"{module}.*.so" for module in PURE_MODE_MODULES)
#: Their sources and C types: the wheel's pure fallback and the sdist's build input.
PURE_MODE_SOURCES = tuple(f"{module}.{suffix}" for module in PURE_MODE_MODULES for suffix in ("py", "pxd"))

#: Build artefacts never copied from the checkout (an in-place build would change the result).
_ARTEFACTS = (
    "*.so",
    "*.pyd",
    "*.c",
    "*.egg-info",
    "build",
    "dist",
    "__pycache__",
    ".venv",
    "venv",
    "wheelhouse",
)


def copy_checkout(target: Path) -> Path:
    """Copy the files git would commit (tracked plus untracked, not ignored) to ``target``."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=False,
    )
    if listing.returncode == 0:
        for name in filter(None, listing.stdout.decode().split("\0")):
            source = REPO_ROOT / name
            if source.is_file():  # a tracked file deleted in the work tree is skipped
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:  # not a git checkout (an unpacked sdist): copy all but build artefacts
        shutil.copytree(
            REPO_ROOT, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git", *_ARTEFACTS)
        )
    missing = [
        name
        for name in ("pyproject.toml", "setup.py", "README.md", "fastresp/_core.pyx")
        if not (target / name).is_file()
    ]
    assert not missing, f"the checkout lacks {missing}, which the build needs"
    return target


def bin_path(env_dir: Path, name: str) -> Path:
    """Path of an executable inside a venv."""
    return env_dir / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


@pytest.fixture(scope="module")
def pip_cache(tmp_path_factory) -> Path:
    """A pip cache for this module only: downloads are shared, stale built wheels are not."""
    return tmp_path_factory.mktemp("pip-cache")


@pytest.fixture(scope="module")
def dist(tmp_path_factory, pip_cache) -> dict[str, Path]:
    """The sdist and the wheel ``python -m build`` makes (the wheel is built from the sdist)."""
    require_module("build")
    source = copy_checkout(tmp_path_factory.mktemp("build-src"))
    outdir = tmp_path_factory.mktemp("dist")
    result = run(
        [sys.executable, "-m", "build", "--outdir", outdir, source],
        env=clean_env(PIP_CACHE_DIR=str(pip_cache)),
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    sdists = list(outdir.glob("*.tar.gz"))
    wheels = list(outdir.glob("*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, sorted(path.name for path in outdir.iterdir())
    return {"sdist": sdists[0], "wheel": wheels[0]}


@pytest.fixture(scope="module")
def runtime_venv(tmp_path_factory, pip_cache) -> Path:
    """A fresh venv holding fastresp's runtime dependencies, but not fastresp itself."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.create(env_dir, with_pip=True)
    dependencies = load_pyproject()["project"]["dependencies"]
    result = run(
        [bin_path(env_dir, "python"), "-m", "pip", "install", "--disable-pip-version-check", *dependencies],
        env=clean_env(PIP_CACHE_DIR=str(pip_cache)),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    return env_dir


def pip_install(env_dir: Path, target: Path | str, pip_cache: Path, **environment: str):
    """``pip install -v --no-deps target`` into the venv (replacing any fastresp there), verbose output."""
    python = bin_path(env_dir, "python")
    run([python, "-m", "pip", "uninstall", "-y", "fastresp"])
    return run(
        [python, "-m", "pip", "install", "-v", "--no-deps", "--disable-pip-version-check", target],
        env=clean_env(PIP_CACHE_DIR=str(pip_cache), **environment),
        timeout=900,
    )


def installed_core(env_dir: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """``fastresp.core.IMPLEMENTATION`` in the venv and every compiled module installed in fastresp.

    Compiled modules are listed relative to the package (``_core.cpython-...so``,
    ``server/_hotpath...``), so a pure build can be checked to have none at all. Runs
    in ``tmp_path`` without FASTRESP_NO_EXTENSIONS, so only the installed build decides.
    """
    probe = (
        "import pathlib, fastresp, fastresp.core as c; "
        "root = pathlib.Path(fastresp.__file__).parent; "
        "print(c.IMPLEMENTATION); "
        "print(*sorted(p.relative_to(root).as_posix() for p in root.rglob('*') if p.suffix in ('.so', '.pyd')))"
    )
    result = run([bin_path(env_dir, "python"), "-c", probe], cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    implementation, compiled = result.stdout.splitlines()[:2]
    return implementation, compiled.split()


def test_twine_check_passes(dist):
    """The sdist and the wheel have valid metadata and a README PyPI can render."""
    require_module("twine")
    result = run([sys.executable, "-m", "twine", "check", "--strict", dist["sdist"], dist["wheel"]])
    assert result.returncode == 0, result.stdout


def test_wheel_contains_the_compiled_core(dist):
    """The wheel is platform-specific and carries the compiled core and hot path beside their pure forms."""
    assert not dist["wheel"].name.endswith("-none-any.whl"), dist["wheel"].name
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = wheel.namelist()
    assert fnmatch.filter(names, COMPILED_CORE), f"no {COMPILED_CORE} in {names}"
    for pattern in COMPILED_PURE_MODE:
        assert fnmatch.filter(names, pattern), f"no {pattern} in {names}"
    for required in ("fastresp/_core_py.py", "fastresp/core.py", "fastresp/_tables.py", "fastresp/py.typed"):
        assert required in names
    for required in PURE_MODE_SOURCES:
        assert required in names


def test_sdist_contains_the_cython_source(dist):
    """The sdist can rebuild the compiled core: it ships the .pyx, setup.py and pyproject.toml."""
    with tarfile.open(dist["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"fastresp/_core.pyx", "fastresp/_core_py.py", "setup.py", "pyproject.toml", "README.md"} <= names
    assert set(PURE_MODE_SOURCES) <= names


def test_built_wheel_installs_and_uses_the_compiled_core(dist, runtime_venv, pip_cache, tmp_path):
    """Installing the built wheel gives IMPLEMENTATION == "cython"."""
    result = pip_install(runtime_venv, dist["wheel"], pip_cache)
    assert result.returncode == 0, result.stdout[-5000:]
    implementation, compiled = installed_core(runtime_venv, tmp_path)
    assert implementation == "cython", compiled


def test_pip_install_source_compiles_the_core(runtime_venv, pip_cache, tmp_path):
    """``pip install .`` (build isolation, Cython from [build-system]) compiles the core."""
    source = copy_checkout(tmp_path / "src")
    result = pip_install(runtime_venv, source, pip_cache)
    assert result.returncode == 0, result.stdout[-5000:]
    implementation, compiled = installed_core(runtime_venv, tmp_path)
    assert implementation == "cython", compiled
    assert any(name.startswith("_core.") for name in compiled), compiled
    for module in PURE_MODE_MODULES:
        assert any(name.startswith(module.removeprefix("fastresp/") + ".") for name in compiled), compiled


def test_no_extensions_install_is_pure(runtime_venv, pip_cache, tmp_path):
    """``FASTRESP_NO_EXTENSIONS=1 pip install .`` installs no compiled module at all, core or other."""
    source = copy_checkout(tmp_path / "src")
    result = pip_install(runtime_venv, source, pip_cache, FASTRESP_NO_EXTENSIONS="1")
    assert result.returncode == 0, result.stdout[-5000:]
    implementation, compiled = installed_core(runtime_venv, tmp_path)
    assert implementation == "python"
    assert compiled == [], "a pure build must install no compiled module"


def test_broken_compiler_still_installs_pure(runtime_venv, pip_cache, tmp_path):
    """With ``CC=false`` (a compiler that always fails) the install succeeds and is pure.

    The build log must show setup.py's fallback warning: the compile was tried and
    given up, rather than skipped for some other reason.
    """
    source = copy_checkout(tmp_path / "src")
    result = pip_install(runtime_venv, source, pip_cache, CC="false")
    assert result.returncode == 0, result.stdout[-5000:]
    assert "using the pure-Python core" in result.stdout, result.stdout[-5000:]
    implementation, compiled = installed_core(runtime_venv, tmp_path)
    assert implementation == "python"
    assert compiled == [], "a pure build must install no compiled module"
