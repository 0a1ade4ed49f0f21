from django.core.management.base import BaseCommand

from accounts.models import User
from orders.badges import refresh_all_badges


class Command(BaseCommand):
    help = (
        'Recompute every seller\'s "Ships fast" and "Reliable" badges from their '
        "orders (after changing a BADGE_* setting). Idempotent."
    )

    def handle(self, *args, **options):
        # Members who never sold hold neither badge.
        User.objects.filter(sales__isnull=True).update(
            badge_ships_fast=False, badge_reliable=False
        )
        count = refresh_all_badges()
        self.stdout.write(f"sellers refreshed: {count}")
