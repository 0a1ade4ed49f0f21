from django.core.management.base import BaseCommand
from django.db import connection

from listings.search import rebuild_search_index


class Command(BaseCommand):
    help = (
        "Recompute every listing's search document and department (after "
        "renaming categories or brands, or a bulk import)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, batch, **options):
        def progress(done):
            self.stdout.write(f"\r{done:,} listings", ending="")
            self.stdout.flush()

        total = rebuild_search_index(batch_size=batch, progress=progress)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO listings_fts(listings_fts) VALUES ('rebuild')"
                )
        self.stdout.write(f"\nRebuilt the search index of {total:,} listings.")
