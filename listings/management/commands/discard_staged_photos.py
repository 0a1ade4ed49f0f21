from datetime import timedelta

from django.core.management.base import BaseCommand

from listings.photos import delete_orphan_files
from listings.services import discard_stale_staged_photos


class Command(BaseCommand):
    help = (
        "Delete photos uploaded with a sell form that was never completed "
        "(staged, attached to no listing) after --hours hours, and photo files "
        "no photo row refers to that are as old. Safe to run from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        count = discard_stale_staged_photos(older_than=timedelta(hours=hours))
        self.stdout.write(f"Discarded {count} staged photos older than {hours} hours.")
        orphans = delete_orphan_files(older_than=timedelta(hours=hours))
        self.stdout.write(
            f"Deleted {orphans} photo files without a photo row older than "
            f"{hours} hours."
        )
