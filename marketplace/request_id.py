"""The id of the request (or task) being served, for logs and for the tasks it queues.

A contextvar, so each thread and each task sees its own. The web side sets it
from `X-Request-ID` (or a new one) for the length of a request; a task sets it
from the id it was queued with, so one id follows the work across processes.
"""

import contextvars
import re
import uuid

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# What we accept from a client or proxy: short, and nothing that could break a
# log line or a header.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def new_id() -> str:
    """A fresh random id (32 hex characters)."""
    return uuid.uuid4().hex


def clean(value: str | None) -> str:
    """`value` when it is a safe id to carry, else a fresh one."""
    if value and _ACCEPTABLE.match(value):
        return value
    return new_id()


def get() -> str:
    """The current id, or "" outside any request or task."""
    return _current.get()


def set(value: str) -> contextvars.Token:
    """Make `value` the current id; pass the token to `reset()` when done."""
    return _current.set(value)


def reset(token: contextvars.Token) -> None:
    """Restore the id that was current before the matching `set()`."""
    _current.reset(token)
