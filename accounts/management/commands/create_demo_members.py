from django.core.management.base import BaseCommand

from accounts.services import ensure_demo_members


class Command(BaseCommand):
    help = "Create the verified demo members (once) and print how to log in."

    def handle(self, *args, **options):
        for user, password, created in ensure_demo_members():
            state = "created" if created else "already there"
            self.stdout.write(
                f"Demo member {user.username!r} ({state}): "
                f"log in with {user.username} / {password}"
            )
