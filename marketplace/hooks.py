"""Extension points: a lower app asks, higher apps answer.

Apps form layers (see docs/architecture.md): an app imports only the apps
below it. When a lower app must cause work in a higher one (a paused listing
closes its offers), it declares a `Hook` in its own `hooks.py` and calls it
explicitly; the higher app registers a receiver in its `AppConfig.ready()`.
"""

from collections.abc import Callable
from typing import Any


class Hook:
    """A named extension point with receivers called in registration order.

    `call(**kwargs)` passes the same keyword arguments to every receiver and
    returns their results as a list. A receiver's exception propagates to the
    caller (and so rolls back the caller's transaction): nothing is swallowed.
    """

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._receivers: list[Callable[..., Any]] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receiver(s)>"

    @property
    def receivers(self) -> tuple[Callable[..., Any], ...]:
        return tuple(self._receivers)

    def register(self, receiver: Callable[..., Any]) -> Callable[..., Any]:
        """Add a receiver once (registering it again changes nothing)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def call(self, **kwargs: Any) -> list[Any]:
        """Call every receiver with `kwargs`; their results, in order."""
        return [receiver(**kwargs) for receiver in self._receivers]


def merged(parts: list[dict]) -> dict:
    """The page context parts receivers returned, as one dict (later wins)."""
    context: dict = {}
    for part in parts:
        context.update(part)
    return context
