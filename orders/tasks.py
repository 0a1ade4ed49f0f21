"""Orders' periodic jobs as tasks: deadlines every minute, the nightly ledger check."""

import hashlib
import logging

from django.core.cache import cache
from django.core.mail import mail_admins

from marketplace import metrics
from marketplace.background import background_task
from orders.photos import discard_stale_staged_dispute_photos
from orders.reconcile import reconcile
from orders.services import process_deadlines as run_deadlines

logger = logging.getLogger(__name__)

# The same differences are mailed to ADMINS once in this many seconds (a run
# delivered twice, or staff re-running it by hand, does not mail again); every
# run still logs them at ERROR.
ALERT_REPEAT_SECONDS = 20 * 60 * 60


@background_task("orders.process_deadlines")
def process_deadlines() -> dict[str, int]:
    """Every time-based transition (`manage.py process_deadlines`).

    Each transition is a conditional update on the state it leaves, so a
    second run, or two at once, finds nothing left to do.
    """
    counts = run_deadlines()
    counts["staged dispute photos discarded"] = discard_stale_staged_dispute_photos()
    return counts


@background_task("orders.reconcile_ledger")
def reconcile_ledger() -> int:
    """Check that money is conserved (`manage.py reconcile_ledger`); alert on a
    difference: logged at ERROR and mailed to ADMINS. Returns how many
    differences were found; writes nothing."""
    report = reconcile()
    count = len(report.differences)
    metrics.LEDGER_DIFFERENCES.set(count)
    if report.ok:
        logger.info(
            "Ledger reconciled: %s movements, %s orders, no differences.",
            report.movements,
            report.orders_checked,
        )
        return 0
    lines = "\n".join(str(difference) for difference in report.differences)
    logger.error(
        "Ledger does not reconcile: %d difference(s)\n%s",
        count,
        lines,
        extra={"ledger_differences": count},
    )
    digest = hashlib.sha256(lines.encode()).hexdigest()
    if cache.add(f"orders:reconcile-alert:{digest}", 1, ALERT_REPEAT_SECONDS):
        mail_admins(
            f"Ledger does not reconcile: {count} difference(s)",
            f"reconcile_ledger found {count} difference(s):\n\n{lines}\n\n"
            "Run `manage.py reconcile_ledger --verbose` for every order's figures.",
        )
    return count
