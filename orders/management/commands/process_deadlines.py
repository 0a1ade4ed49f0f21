from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from orders.photos import discard_stale_staged_dispute_photos
from orders.services import process_deadlines


def aware_datetime(value: str):
    """An ISO 8601 date and time; naive ones are in the site's time zone."""
    parsed = parse_datetime(value)
    if parsed is None:
        raise CommandError(f"--now {value!r} is not an ISO date and time.")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class Command(BaseCommand):
    help = (
        "Perform every time-based transition: expire offers, cancel unshipped "
        "orders, complete shipped ones, close rating windows, finish gateway "
        "calls a crash interrupted, and delete unused dispute photo uploads. "
        "Idempotent; safe to run every minute, even twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Act as if it were this ISO date and time (default: now).",
        )

    def handle(self, *args, now=None, **options):
        counts = process_deadlines(now=aware_datetime(now) if now else None)
        # Photos of problem reports never sent (DISPUTE_STAGED_PHOTO_HOURS old).
        counts["staged dispute photos discarded"] = (
            discard_stale_staged_dispute_photos()
        )
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
