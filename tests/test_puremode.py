"""Modules written in Cython's pure-Python mode: each is chosen like the core, and its source runs beside the build.

``fastresp._puremode`` picks the compiled form of each module, or runs its ``.py`` under
the module's name plus ``_py``; the switch modules re-export what they picked.
"""

from __future__ import annotations

import importlib
import os

import pytest
from support import load_build

from fastresp import _puremode
from fastresp.core import NO_EXTENSIONS

#: Each pure-Python-mode module, the switch that picks its build, and a name the switch re-exports.
MODULES = [
    ("fastresp.server._hotpath", "fastresp.server.speedups", "CycleCore"),
    ("fastresp.app._hotpath", "fastresp.app.speedups", "ResponseWriter"),
    ("fastresp.app._htmlbuilder", "fastresp.app.html", "HTML"),
]


@pytest.mark.parametrize(("module", "switch", "name"), MODULES)
def test_the_build_in_use_is_chosen_like_the_core(module, switch, name):
    picked = importlib.import_module(switch)
    expected = "python" if NO_EXTENSIONS else "cython"  # a missing build must not pass unnoticed
    assert picked.IMPLEMENTATION == expected
    assert getattr(picked, name) is getattr(load_build(module, expected), name)


@pytest.mark.parametrize(("module", "switch", "name"), MODULES)
def test_the_source_is_loaded_once_from_the_file_beside_the_compiled_module(module, switch, name):
    source = _puremode.source_module(module)
    package, _, leaf = module.rpartition(".")
    assert source.__name__ == f"{module}_py"
    assert source.__file__.endswith(os.path.join(package.rpartition(".")[2], f"{leaf}.py"))
    assert _puremode.source_module(module) is source
    assert _puremode.implementation(source) == "python"


@pytest.mark.compiled
@pytest.mark.parametrize(("module", "switch", "name"), MODULES)
def test_the_compiled_form_is_an_extension_module(module, switch, name):
    built = load_build(module, "cython")
    assert built.__file__.endswith((".so", ".pyd"))
    assert _puremode.implementation(built) == "cython"


def test_a_module_without_a_build_is_refused_as_compiled():
    with pytest.raises(ImportError, match="is not compiled"):
        _puremode.compiled_module("fastresp.app.speedups")
