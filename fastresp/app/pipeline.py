"""``Pipeline``: the installed plugins' hooks, in phase order, and the road a content takes out.

An ``Application`` owns one. ``ApplicationCall.send`` hands each content to it: the
content is prepared, transformed by every plugin in turn, and sent by ``sending``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .contents import OutgoingContent
from .plugin import Phase, Plugin
from .sending import send_content

if TYPE_CHECKING:
    from .roles import CallRole

__all__ = ["Pipeline"]

CallHook = Callable[["CallRole"], Awaitable[None]]
Transformer = Callable[["CallRole", OutgoingContent], Awaitable[OutgoingContent]]
ErrorHook = Callable[["CallRole", BaseException], Awaitable[bool]]


class Pipeline:
    """The ``on_call``, ``transform`` and ``on_error`` hooks of installed plugins, each list in phase order."""

    def __init__(self) -> None:
        #: Run before routing (``Plugin.on_call``).
        self.call_hooks: list[CallHook] = []
        #: Run on every content before its head is built (``Plugin.transform``).
        self.transformers: list[Transformer] = []
        #: Run when a handler failed before responding (``Plugin.on_error``).
        self.error_hooks: list[ErrorHook] = []
        self._phases: dict[Any, int] = {}

    def add(self, instance: Any) -> None:
        """Take the hooks ``instance`` defines; within a phase, install order is kept."""
        for name, hooks in (
            ("on_call", self.call_hooks),
            ("transform", self.transformers),
            ("on_error", self.error_hooks),
        ):
            hook = getattr(instance, name, None)
            if hook is not None and not _is_base_hook(instance, name):
                self._phases[hook] = int(getattr(instance, "phase", Phase.HEADERS))
                hooks.append(hook)
                # Stable sort: by phase, then install order (see fastresp.app.plugin.Phase).
                hooks.sort(key=self._phases.__getitem__)

    async def send(self, call: CallRole, content: OutgoingContent) -> None:
        """Prepare ``content``, run it through the transformers and send what comes out.

        Every content seen on the way is closed at the end, sent or not.
        """
        if not self.transformers and type(content).prepare is OutgoingContent.prepare:
            try:  # no plugin hooks and nothing to prepare (the usual call): straight out
                await send_content(call.asgi_send, call.scope, call.response, content)
            finally:
                content.close()
            return
        sent = [content]
        try:
            if type(content).prepare is not OutgoingContent.prepare:  # most contents are ready as they are
                content = await content.prepare(call)
                sent.append(content)
            for transform in self.transformers:
                content = await transform(call, content)
                sent.append(content)
                if call.response.is_committed:
                    return  # the plugin responded itself (StatusPages): nothing left to send
            await send_content(call.asgi_send, call.scope, call.response, content)
        finally:
            for item in sent:
                item.close()


def _is_base_hook(instance: Any, name: str) -> bool:
    """Whether ``instance.name`` is the do-nothing default of ``Plugin``."""
    method = getattr(type(instance), name, None)
    return method is getattr(Plugin, name)
