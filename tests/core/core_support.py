"""Helpers shared by the core tests: the suite's twin loader, outcomes and subprocesses.

Named ``core_support`` (not ``support``) because tests/ has no ``__init__.py`` and
tests/support.py already owns the plain name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import fastresp

#: The checkout whose ``fastresp`` the tests import; subprocesses get it on PYTHONPATH.
REPO_ROOT = Path(fastresp.__file__).resolve().parent.parent
_SUITE_CONFTEST = Path(__file__).resolve().parent.parent / "conftest.py"


def suite_conftest(config) -> Any:
    """Return the loaded tests/conftest.py module (it owns ``load_implementation``).

    Found through pytest's plugin manager rather than ``import conftest``: every test
    directory may have a conftest.py, and which one ``sys.modules["conftest"]`` holds
    depends on collection order.
    """
    for plugin in config.pluginmanager.get_plugins():
        path = getattr(plugin, "__file__", None)
        if path and Path(path).resolve() == _SUITE_CONFTEST:
            return plugin
    raise RuntimeError(f"{_SUITE_CONFTEST} is not loaded as a pytest plugin")


def outcome(function, *args: Any, **kwargs: Any) -> tuple:
    """Call ``function`` and return ``("ok", result)`` or ``("raised", type, message)``.

    Two twins agree on an input exactly when their outcomes are equal: the same
    bytes, or the same exception type with the same message.
    """
    try:
        return ("ok", function(*args, **kwargs))
    except Exception as error:  # noqa: BLE001 - any exception is an outcome to compare
        return ("raised", type(error), str(error))


#: ``-W`` options showing every warning attributed to a core module (exact module names).
_CORE_WARNINGS = [
    option
    for module in (
        "fastresp",
        "fastresp.core",
        "fastresp._core",
        "fastresp._core_py",
        "fastresp._errors",
        "fastresp._tables",
        "__main__",
    )
    for option in ("-W", f"default:::{module}")
]


def run_python(
    code: str, *, env: dict[str, str] | None = None, unset: tuple[str, ...] = (), args: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter that imports this checkout's fastresp.

    ``env`` adds variables, ``unset`` removes inherited ones. Every warning raised in
    a core module is shown on stderr (by default Python hides DeprecationWarning
    and PendingDeprecationWarning there), so "no warning spam" can be asserted;
    third-party modules keep the default filters, so their deprecations do not count.
    """
    environ = dict(os.environ)
    for name in unset:
        environ.pop(name, None)
    environ.update(env or {})
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), environ.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, *_CORE_WARNINGS, "-c", code, *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=str(REPO_ROOT),
        timeout=60,
        check=False,
    )


def property_settings(max_examples: int):
    """Hypothesis settings for the core's property tests.

    No deadline (the 2-core CI machine is shared), no example database (nothing is
    written outside the test tree), and the ``impl`` fixture allowed: it returns a
    module, which no example can change.
    """
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
