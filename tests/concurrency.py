"""Contenders released together, each in its own thread and database connection.

As gunicorn workers are: real races need MariaDB's row locks (SQLite has none).
"""

import threading
from functools import partial

from django.db import connections


def race(*contenders, timeout: float = 120) -> list:
    """Run each callable in its own thread and connection, all started at once.

    Returns, in order, what each returned or the exception it raised.
    """
    barrier = threading.Barrier(len(contenders))
    outcomes = [None] * len(contenders)

    def run(position, contender):
        try:
            barrier.wait(timeout=10)
            outcomes[position] = contender()
        except Exception as exc:  # the test inspects it
            outcomes[position] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(position, contender))
        for position, contender in enumerate(contenders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def run_in_threads(count: int, work) -> tuple[list, list]:
    """`work(0)` … `work(count - 1)` raced; (what they returned, what they raised)."""
    outcomes = race(*(partial(work, index) for index in range(count)))
    raised = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    returned = [outcome for outcome in outcomes if not isinstance(outcome, Exception)]
    return returned, raised
