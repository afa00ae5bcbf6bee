"""fastresp: HTTP responses turned into bytes fast and correctly, with a Ktor-style API.

The application layer's names (``Application``, ``HttpStatusCode``, ``ContentType``, ...)
come from ``fastresp.api`` on first use, so importing ``fastresp.core`` or
``fastresp.server`` does not load the application layer or Jinja2.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .core import IMPLEMENTATION as IMPLEMENTATION
from .core import InvalidHeaderError as InvalidHeaderError

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import *

_OWN_NAMES = ("IMPLEMENTATION", "InvalidHeaderError", "__version__")


def __getattr__(name: str) -> Any:
    """Load ``__all__`` or an application-layer name the first time it is asked for."""
    api = importlib.import_module("fastresp.api")

    if name == "__all__":
        value: Any = sorted({*_OWN_NAMES, *api.__all__})
    elif name in api.__all__:
        value = getattr(api, name)
    else:
        raise AttributeError(f"module 'fastresp' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, including the application layer's not yet loaded."""
    api = importlib.import_module("fastresp.api")

    return sorted({*globals(), *api.__all__})
