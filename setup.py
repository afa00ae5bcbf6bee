"""Build script: compiles the Cython core, or installs pure Python when it cannot.

``FASTRESP_NO_EXTENSIONS=1`` or a non-CPython interpreter skips the compiled core;
a failed compile (no C compiler, no Cython) falls back to the pure twin with a warning.
"""

import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

NO_EXTENSIONS = (
    os.environ.get("FASTRESP_NO_EXTENSIONS", "").strip().lower() not in ("", "0", "false", "no")
    or sys.implementation.name != "cpython"
)
CYTHON_DIRECTIVES = {
    "language_level": "3",
    "embedsignature": True,
}


def without_machine_paths(command: list[str]) -> list[str]:
    """The link command minus ``-rpath`` options (pyenv's Pythons pass their own lib directory)."""
    return [arg for arg in command if not arg.startswith(("-Wl,-rpath", "-Wl,-R"))]


class OptionalBuildExt(build_ext):
    """Build the extensions, but leave a working pure install when compiling fails."""

    def build_extensions(self):
        # A wheel must not record the machine that built it: debug info names the build
        # directory and the Python headers' path (-g0 drops it; it comes after the
        # interpreter's -g), and an RUNPATH of the building Python's lib directory
        # serves no purpose in an extension, which never links libpython on Linux.
        if hasattr(self.compiler, "linker_so"):
            self.compiler.linker_so = without_machine_paths(self.compiler.linker_so)
            for ext in self.extensions:
                ext.extra_compile_args = [*ext.extra_compile_args, "-g0"]
        super().build_extensions()

    def run(self):
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - any build failure means "go pure"
            self.warn(f"fastresp: compiled core not built ({error}); using the pure-Python core")

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as error:  # noqa: BLE001
            self.warn(f"fastresp: {ext.name} not built ({error}); using the pure-Python core")


def extensions():
    """The Cython extension list, empty when the pure build was asked for or Cython is absent."""
    if NO_EXTENSIONS:
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("fastresp: Cython is not installed; building the pure-Python core", file=sys.stderr)
        return []
    modules = [
        Extension("fastresp._core", ["fastresp/_core.pyx"]),
        # Pure-Python mode: the .py is the source, its .pxd gives the C types.
        Extension("fastresp.server._hotpath", ["fastresp/server/_hotpath.py"]),
        Extension("fastresp.app._hotpath", ["fastresp/app/_hotpath.py"]),
        Extension("fastresp.app._htmlbuilder", ["fastresp/app/_htmlbuilder.py"]),
    ]
    return cythonize(modules, compiler_directives=CYTHON_DIRECTIVES)


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
