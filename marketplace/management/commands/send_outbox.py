"""Send the emails waiting in the outbox: a worker loop, or one pass with --once."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from marketplace.emails import send_due_emails


class Command(BaseCommand):
    help = (
        "Send due outbox emails, retrying failures with exponential backoff. "
        "Runs until stopped (safe to run several copies); --once sends what is "
        "due and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Send what is due now, then exit."
        )
        parser.add_argument(
            "--sleep",
            type=float,
            default=None,
            help="Seconds to wait when nothing is due (default OUTBOX_POLL_SECONDS).",
        )

    def handle(self, *args, once, sleep, **options):
        pause = settings.OUTBOX_POLL_SECONDS if sleep is None else sleep
        self.stopping = False
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, self.stop)
        sent = failed = 0
        while not self.stopping:
            if not once:
                # A worker lives for days: drop a connection the server closed.
                close_old_connections()
            result = send_due_emails()
            sent, failed = sent + result.sent, failed + result.failed
            if result.sent or result.failed:
                self.stdout.write(f"{result.sent} sent, {result.failed} failed")
                continue  # a full batch: more may be due
            if once:
                break
            time.sleep(pause)
        self.stdout.write(f"Outbox: {sent} sent, {failed} failed.")

    def stop(self, signum, frame):
        """Finish the batch in hand, then exit."""
        self.stopping = True
