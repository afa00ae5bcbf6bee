"""Modules written once in Cython's pure-Python mode: the compiled form, or the same file run as plain Python.

Such a module (``fastresp/server/_hotpath.py`` is one) is a ``.py`` file plus a
``.pxd`` giving its C types. Built, it sits beside its compiled form (``*.so``),
which Python imports in preference to the source; the pure build therefore loads
the source file itself, under the module's name plus ``_py``.
``FASTRESP_NO_EXTENSIONS=1``, an interpreter other than CPython, or a missing
compiled module selects the source, exactly as ``fastresp.core`` chooses its twin.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from importlib.machinery import ExtensionFileLoader, SourceFileLoader
from pathlib import Path
from types import ModuleType

from .core import NO_EXTENSIONS

__all__ = ["compiled_module", "implementation", "select_module", "source_module"]


def source_module(name: str) -> ModuleType:
    """Return module ``name``'s ``.py`` run as plain Python (module ``name + "_py"``), loading it once."""
    source_name = f"{name}_py"
    module = sys.modules.get(source_name)
    if module is None:
        package, _, leaf = name.rpartition(".")
        path = Path(importlib.import_module(package).__file__).with_name(f"{leaf}.py")
        loader = SourceFileLoader(source_name, str(path))
        spec = importlib.util.spec_from_file_location(source_name, path, loader=loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[source_name] = module
        try:
            loader.exec_module(module)
        except BaseException:
            del sys.modules[source_name]
            raise
    return module


def compiled_module(name: str) -> ModuleType:
    """Return module ``name`` compiled; ImportError when only the source is installed."""
    module = importlib.import_module(name)
    if not isinstance(getattr(module, "__loader__", None), ExtensionFileLoader):
        raise ImportError(f"{name} is not compiled (found {module.__file__})")  # noqa: TRY004 - "not built" is an import failure
    return module


def select_module(name: str) -> ModuleType:
    """The build this process uses: compiled unless extensions are disabled or it was not built."""
    if NO_EXTENSIONS:
        return source_module(name)
    try:
        return compiled_module(name)
    except ImportError:  # not built for this platform: the source serves
        return source_module(name)


def implementation(module: ModuleType) -> str:
    """Which build ``module`` is: ``"python"`` for the source run under its ``_py`` name, else ``"cython"``."""
    return "python" if module.__name__.endswith("_py") else "cython"
