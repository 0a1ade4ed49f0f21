"""The order services' retry of lost locks; it lives in marketplace.retry so
that every app's services can use it (docs/galera.md)."""

from marketplace.retry import (
    DEADLOCK,
    LOCK_WAIT_TIMEOUT,
    atomic_with_retry,
    is_lost_lock,
    retry_lost_locks,
)

__all__ = [
    "DEADLOCK",
    "LOCK_WAIT_TIMEOUT",
    "atomic_with_retry",
    "is_lost_lock",
    "retry_lost_locks",
]
