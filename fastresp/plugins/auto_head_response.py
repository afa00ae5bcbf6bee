"""The AutoHeadResponse plugin: HEAD requests run the GET route and get its head without the body.

app.install(AutoHeadResponse)
"""

from __future__ import annotations

from ..app.application import Application
from ..app.plugin import AUTO_HEAD_KEY, Plugin

__all__ = ["AutoHeadResponse"]


class AutoHeadResponse(Plugin):
    """Answers HEAD on every GET route (RFC 9110 §9.3.2): the same status and headers, no body.

    An explicit ``@app.head`` route still wins. The sender never produces the body of a
    HEAD response: a writer's producer does not run, a file is not read.
    """

    def __init__(self, app: Application) -> None:
        super().__init__(app)
        # Routing reads the flag (Application._route); the sender already drops HEAD bodies.
        app.attributes[AUTO_HEAD_KEY] = True
