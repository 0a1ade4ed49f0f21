from django.core.management.base import BaseCommand

from listings.models import ListingPhoto
from listings.photos import regenerate_derived
from marketplace.images import ImageRejected


class Command(BaseCommand):
    help = "Rebuild every photo's thumbnails from its stored display image."

    def handle(self, *args, **options):
        names = list(
            ListingPhoto.objects.order_by("image")
            .values_list("image", flat=True)
            .distinct()
        )
        total = len(names)
        rows = failed = 0
        for done, name in enumerate(names, start=1):
            try:
                rows += regenerate_derived(name)
            except (ImageRejected, OSError) as error:
                failed += 1
                self.stderr.write(f"\n{name}: {error}")
            if done % 50 == 0 or done == total:
                self.stdout.write(f"\r{done}/{total} images", ending="")
                self.stdout.flush()
        self.stdout.write(
            f"\nRegenerated thumbnails of {total - failed} images "
            f"({rows} photos); {failed} failed."
        )
