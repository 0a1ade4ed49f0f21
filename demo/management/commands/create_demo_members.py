from django.core.management.base import BaseCommand

from demo.members import ensure_demo_members, login_lines


class Command(BaseCommand):
    help = "Create the verified demo members (once) and print how to log in."

    def handle(self, *args, **options):
        for line in login_lines(ensure_demo_members()):
            self.stdout.write(line)
