"""Reads that may lag go to the read replica; everything else to the primary.

With DATABASE_REPLICA_URL set (docs/replica.md), the pages everyone browses
(item, search and category, profile) read from an asynchronous replica, so
the primary keeps its capacity for writes, checkouts and members' own pages.
A replica lags, so its use has rules, all checked on every query:

- only views decorated with `reads_from_replica` read from it, and only the
  queries they run themselves; who is asking (the session and the member)
  is loaded from the primary before the view runs;
- only safe requests (GET, HEAD) that do not `wants_fresh`: a member who
  wrote in the last REPLICA_FRESH_SECONDS carries the fresh cookie
  (marketplace.shared.FreshAfterWriteMiddleware) and reads from the primary,
  so they see their own change at once (read-your-writes); a request that
  writes (an unsafe method, or a GET that called `mark_written`) reads from
  the primary from then on;
- never inside a transaction: what a transaction reads it may write back;
- never while the replica is unreachable: a refused connection sends reads
  to the primary for REPLICA_RETRY_SECONDS, and a view that lost its replica
  mid-way, or found nothing there (an item published a second ago, whose link
  was shared at once), is run again on the primary.

Writes always go to the primary, whatever database an object was read from.
"""

import contextvars
import logging
import time
from contextlib import contextmanager, suppress
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import Http404

from marketplace.shared import SAFE_METHODS, wants_fresh

REPLICA = "replica"

logger = logging.getLogger(__name__)

# The request whose reads may go to the replica, while its view runs.
_reading_for: contextvars.ContextVar = contextvars.ContextVar(
    "replica_request", default=None
)
# Until when (time.monotonic()) this process leaves an unreachable replica alone.
_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in connections.settings


def may_read_replica(request) -> bool:
    """Whether `request` may see data a few seconds old: a safe request from
    someone who has not written lately and that has not written itself."""
    return request.method in SAFE_METHODS and not wants_fresh(request)


def _in_transaction() -> bool:
    # A test case's own atomic blocks (the test's rollback) do not count.
    return any(
        not getattr(block, "_from_testcase", False)
        for block in connections[DEFAULT_DB_ALIAS].atomic_blocks
    )


def _mark_down(error: Exception) -> None:
    global _down_until
    _down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
    logger.warning(
        "read replica unavailable, reading from the primary for %ss: %s",
        settings.REPLICA_RETRY_SECONDS,
        error,
    )


def _replica_up() -> bool:
    if time.monotonic() < _down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as error:
        _mark_down(error)
        return False
    return True


def _replica_lost() -> bool:
    """Whether the replica's connection is gone (the error came from it)."""
    replica = connections[REPLICA]
    return replica.connection is None or not replica.is_usable()


def reading_replica() -> bool:
    """Whether a read now goes to the replica (the rules above)."""
    request = _reading_for.get()
    return (
        request is not None
        and may_read_replica(request)
        and not _in_transaction()
        and _replica_up()
    )


@contextmanager
def reading_from_replica(request):
    """Let the reads made inside the block go to the replica, as far as
    `request` allows."""
    token = _reading_for.set(request)
    try:
        yield
    finally:
        _reading_for.reset(token)


def reads_from_replica(view):
    """Run `view` with its reads on the replica when the request allows it,
    and again on the primary when the replica had nothing (a 404) or failed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not replica_configured() or not may_read_replica(request):
            return view(request, *args, **kwargs)
        # The viewer comes from the primary: a member just logged in, out or
        # blocked is who the primary says, whatever the replica has applied.
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 (loads the session and the member)
        try:
            with reading_from_replica(request):
                return view(request, *args, **kwargs)
        except Http404:
            pass
        except DatabaseError as error:
            if not _replica_lost():
                raise
            _mark_down(error)
            with suppress(DatabaseError):
                connections[REPLICA].close()
        # The replica had nothing or failed: ask the primary.
        return view(request, *args, **kwargs)

    return wrapper


class PrimaryReplicaRouter:
    """Reads to the replica inside `reading_from_replica` when the rules
    allow; every other read and every write to the primary."""

    def db_for_read(self, model, **hints):
        # Never None: Django would then use the database the instance in the
        # hints came from, and a row read from the replica would lead its
        # related reads (and, in db_for_write, its saves) there.
        return REPLICA if reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both databases hold the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica gets its tables by replication.
        return False if db == REPLICA else None
