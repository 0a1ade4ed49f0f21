"""The outbox sender as tasks: one email after its commit, and the due sweep."""

from django.conf import settings

from marketplace.background import background_task
from marketplace.emails import deliver_email, send_due_emails


@background_task("marketplace.send_email")
def send_email(pk: int) -> None:
    """Send one outbox email if it is still due.

    The sender claims the row first (marketplace/emails.py), so a second run,
    or a run while another sender holds it, sends nothing.
    """
    deliver_email(pk)


@background_task("marketplace.send_due_emails")
def send_due(max_batches: int = 20) -> dict[str, int]:
    """Send what is due (failures whose backoff ended, emails whose send task
    was lost), a bounded number of batches per run: beat runs it every minute."""
    sent = failed = 0
    for _batch in range(max_batches):
        result = send_due_emails()
        sent, failed = sent + result.sent, failed + result.failed
        if result.sent + result.failed < settings.OUTBOX_BATCH_SIZE:
            break
    return {"sent": sent, "failed": failed}
