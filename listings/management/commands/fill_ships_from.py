from django.core.management.base import BaseCommand

from listings.models import Listing
from listings.places import city_state_for_zip


class Command(BaseCommand):
    help = (
        "Fill the ships-from city and state of listings that have none, from "
        "their ZIP code (rows inserted in bulk, e.g. by seed_demo). Idempotent."
    )

    def handle(self, *args, **options):
        zips = (
            Listing.objects.filter(ships_from_city="")
            .values_list("ships_from_zip", flat=True)
            .distinct()
        )
        filled = 0
        for zip_code in list(zips):
            city, state = city_state_for_zip(zip_code)
            if city:
                filled += Listing.objects.filter(
                    ships_from_zip=zip_code, ships_from_city=""
                ).update(ships_from_city=city, ships_from_state=state)
        self.stdout.write(f"listings filled: {filled}")
