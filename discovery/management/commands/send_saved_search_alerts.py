from django.core.management.base import BaseCommand

from discovery.services import send_saved_search_alerts


class Command(BaseCommand):
    help = (
        "Email each member one digest of the items listed since the last run "
        "that match their saved searches with alerts on. Safe to run from cron."
    )

    def handle(self, *args, **options):
        def progress(members):
            if members % 100 == 0:
                self.stdout.write(f"\r{members} members", ending="")
                self.stdout.flush()

        summary = send_saved_search_alerts(progress=progress)
        skipped = (
            f"; skipped {summary.skipped_searches} searches whose brand or "
            "category no longer exists"
            if summary.skipped_searches
            else ""
        )
        self.stdout.write(
            f"\nChecked {summary.members} members; sent {summary.emails} emails "
            f"with {summary.items} new matches{skipped}."
        )
