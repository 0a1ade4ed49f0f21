"""Run a short transaction again when the database gives up on it.

MySQL/MariaDB roll back a whole transaction that loses a deadlock (error 1213,
also raised at COMMIT by a Galera certification conflict) or whose lock wait
timed out (1205). Nothing of it was kept, so running it again from the start
is safe, and usually succeeds: the winner has committed meanwhile.

On a Galera cluster (docs/galera.md) every transaction that writes a row
another node may write at the same time can lose this way, so each service's
whole transaction runs through `atomic_with_retry` or `@retry_lost_locks`.
"""

import functools
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction

T = TypeVar("T")
P = ParamSpec("P")

DEADLOCK = 1213
LOCK_WAIT_TIMEOUT = 1205


def is_lost_lock(error: BaseException) -> bool:
    """True for a deadlock or lock wait timeout: the transaction may be retried."""
    return (
        isinstance(error, OperationalError)
        and bool(error.args)
        and error.args[0] in (DEADLOCK, LOCK_WAIT_TIMEOUT)
    )


def atomic_with_retry(work: Callable[[], T], *, attempts: int | None = None) -> T:
    """Run `work()` in a transaction, again when it loses a lock (up to `attempts`).

    `attempts` defaults to ORDER_TRANSACTION_ATTEMPTS. Inside an outer
    transaction it runs once: a deadlock has rolled the outer one back too, so
    only its owner can start again. Other errors, and the last lost lock, are
    raised as they are.
    """
    attempts = max(1, attempts or settings.ORDER_TRANSACTION_ATTEMPTS)
    nested = connection.in_atomic_block
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                return work()
        except DatabaseError as error:
            if nested or attempt == attempts or not is_lost_lock(error):
                raise
        # A short, jittered pause lets the winner commit before we try again.
        time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def retry_lost_locks(function: Callable[P, T]) -> Callable[P, T]:
    """`@transaction.atomic` that runs the whole function again when it loses a
    lock (atomic_with_retry): for services whose rows another node may write."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        return atomic_with_retry(lambda: function(*args, **kwargs))

    return run
