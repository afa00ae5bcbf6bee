"""fastresp's HTTP/1.1 server layer: a drop-in protocol class for uvicorn.

Select it with ``uvicorn.Config(app, http="fastresp.server:HttpProtocol")`` or
``uvicorn app:app --http fastresp.server:HttpProtocol``, or run ``fastresp run app:app``.
"""

from __future__ import annotations

from .protocol import HttpProtocol

__all__ = ["HttpProtocol"]
