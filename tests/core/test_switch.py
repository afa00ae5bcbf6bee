"""The implementation switch in ``fastresp.core``, each case in a fresh interpreter.

The switch runs once, at import, so every case needs its own process: the environment
variable, a compiled module that cannot be imported, and a non-CPython interpreter
must all give ``IMPLEMENTATION == "python"`` quietly (nothing on stderr).
"""

from __future__ import annotations

import json

import pytest
from core_support import run_python

FLAG = "FASTRESP_NO_EXTENSIONS"

# Prints what the switch chose, whether the compiled module was ever imported, and
# whether the public functions are the pure twin's own objects.
REPORT = """
import json, sys
import fastresp.core as core
import fastresp._core_py as pure
print(json.dumps({
    "implementation": core.IMPLEMENTATION,
    "no_extensions": core.NO_EXTENSIONS,
    "compiled_imported": sys.modules.get("fastresp._core") is not None,
    "pure_functions": core.status_line is pure.status_line and core.build_head is pure.build_head,
    "works": core.status_line(200) == b"HTTP/1.1 200 OK\\r\\n",
}))
"""

# A meta-path finder that fails to load fastresp._core the way a broken build does
# (e.g. "undefined symbol" from the dynamic loader), whatever is on disk.
BROKEN_LOADER = """
import importlib.abc, importlib.machinery, sys

class BrokenCompiledCore(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name == "fastresp._core":
            return importlib.machinery.ModuleSpec(name, self)
        return None
    def create_module(self, spec):
        raise ImportError("fastresp/_core.so: undefined symbol: PyFake_Symbol")
    def exec_module(self, module):
        raise AssertionError("unreachable")

sys.meta_path.insert(0, BrokenCompiledCore())
"""

# Looks like PyPy to ``sys.implementation.name``, keeping every other attribute.
NOT_CPYTHON = """
import sys, types
sys.implementation = types.SimpleNamespace(**{**vars(sys.implementation), "name": "pypy"})
"""


def report(prelude: str = "", **kwargs) -> dict:
    """Run ``prelude`` then import the core in a subprocess; return its report, asserting quiet stderr."""
    result = run_python(prelude + REPORT, **kwargs)
    assert result.returncode == 0, result.stderr
    # "no crash, no warning spam": the fallback is silent (stderr also carries -W default warnings).
    assert result.stderr == ""
    return json.loads(result.stdout)


@pytest.mark.parametrize("value", ["1", "yes", "TRUE", " y "])
def test_env_var_forces_pure_twin(value: str) -> None:
    """FASTRESP_NO_EXTENSIONS set to a true value selects the pure twin without importing the compiled one."""
    state = report(env={FLAG: value})
    assert state == {
        "implementation": "python",
        "no_extensions": True,
        "compiled_imported": False,
        "pure_functions": True,
        "works": True,
    }


@pytest.mark.compiled
@pytest.mark.parametrize("value", ["", "0", "false", "No"])
def test_env_var_false_values_keep_compiled_twin(value: str) -> None:
    """Empty, 0, false and no do not disable the compiled twin (and a missing build fails here)."""
    state = report(env={FLAG: value})
    assert state == {
        "implementation": "cython",
        "no_extensions": False,
        "compiled_imported": True,
        "pure_functions": False,
        "works": True,
    }


def test_unimportable_compiled_module_falls_back() -> None:
    """``sys.modules['fastresp._core'] = None`` makes the import fail: the pure twin serves, silently."""
    state = report("import sys\nsys.modules['fastresp._core'] = None\n", unset=(FLAG,))
    assert state == {
        "implementation": "python",
        "no_extensions": False,
        "compiled_imported": False,
        "pure_functions": True,
        "works": True,
    }


def test_broken_compiled_module_falls_back() -> None:
    """A compiled module whose loading raises ImportError (a broken build) falls back silently."""
    state = report(BROKEN_LOADER, unset=(FLAG,))
    assert state == {
        "implementation": "python",
        "no_extensions": False,
        "compiled_imported": False,
        "pure_functions": True,
        "works": True,
    }


def test_non_cpython_uses_pure_twin() -> None:
    """On another interpreter the compiled module is never even tried."""
    state = report(NOT_CPYTHON, unset=(FLAG,))
    assert state == {
        "implementation": "python",
        "no_extensions": True,
        "compiled_imported": False,
        "pure_functions": True,
        "works": True,
    }
