"""The server's hot path: ``_hotpath`` compiled by Cython, or the same file run as plain Python.

``fastresp/server/_hotpath.py`` is written once. Built, it sits beside its compiled
form (``_hotpath.*.so``), which Python imports in preference to the source; the pure
build therefore loads the source file itself, under the name ``_hotpath_py``.
``FASTRESP_NO_EXTENSIONS=1``, an interpreter other than CPython, or a missing compiled
module selects the source, exactly as ``fastresp.core`` chooses its twin.
``IMPLEMENTATION`` is ``"cython"`` or ``"python"``.
"""

from __future__ import annotations

import importlib.util
import sys
from importlib.machinery import ExtensionFileLoader, SourceFileLoader
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..core import NO_EXTENSIONS

__all__ = ["EAGER_START", "IMPLEMENTATION", "CycleCore", "ProtocolCore", "compiled_hotpath", "source_hotpath"]

_SOURCE = Path(__file__).with_name("_hotpath.py")
_SOURCE_NAME = f"{__package__}._hotpath_py"


def source_hotpath() -> ModuleType:
    """Return ``_hotpath.py`` run as plain Python (module ``fastresp.server._hotpath_py``), loading it once."""
    module = sys.modules.get(_SOURCE_NAME)
    if module is None:
        loader = SourceFileLoader(_SOURCE_NAME, str(_SOURCE))
        spec = importlib.util.spec_from_file_location(_SOURCE_NAME, _SOURCE, loader=loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[_SOURCE_NAME] = module
        try:
            loader.exec_module(module)
        except BaseException:
            del sys.modules[_SOURCE_NAME]
            raise
    return module


def compiled_hotpath() -> ModuleType:
    """Return the compiled ``_hotpath``; ImportError when only the source is installed."""
    module = importlib.import_module(f"{__package__}._hotpath")
    if not isinstance(getattr(module, "__loader__", None), ExtensionFileLoader):
        raise ImportError(f"fastresp.server._hotpath is not compiled (found {module.__file__})")  # noqa: TRY004 - "not built" is an import failure
    return module


if TYPE_CHECKING:
    from . import _hotpath
elif NO_EXTENSIONS:
    _hotpath = source_hotpath()
else:
    try:
        _hotpath = compiled_hotpath()
    except ImportError:  # not built for this platform: the source serves
        _hotpath = source_hotpath()

#: Which build is in use: ``"cython"`` or ``"python"``.
IMPLEMENTATION = "python" if _hotpath.__name__ == _SOURCE_NAME else "cython"

ProtocolCore = _hotpath.ProtocolCore
CycleCore = _hotpath.CycleCore
EAGER_START = _hotpath.EAGER_START
