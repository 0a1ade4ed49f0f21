import time
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.members import login_lines
from demo.seed import seed_demo
from demo.trades import seed_demo_trades
from listings.exceptions import ListingError
from listings.models import Listing

BAR_WIDTH = 30
STATUS_WORDS = {  # (one, many)
    Listing.Status.ON_SALE: ("on sale", "on sale"),
    Listing.Status.SOLD: ("sold", "sold"),
    Listing.Status.PAUSED: ("paused", "paused"),
    Listing.Status.DRAFT: ("draft", "drafts"),
}


# The demo trades notify their demo members by email (sold, shipped, rated...):
# while seeding, those go to memory, not to the console (make run) nor to a
# mail server, since the demo addresses are not real.
QUIET_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@contextmanager
def emails_kept_quiet():
    """Send every email of the block to memory (outbox rows still record them)."""
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = QUIET_EMAIL_BACKEND
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend


class Command(BaseCommand):
    help = (
        "Fill the database with demo members and listings with photos (the same "
        "for the same --seed), after creating the demo members to log in with."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--members", type=int, default=40, help="Members to add (default 40)."
        )
        parser.add_argument(
            "--listings", type=int, default=300, help="Listings to add (default 300)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Add nothing when any listing exists (demo members are still made).",
        )

    def handle(self, *args, members, listings, seed, if_empty, verbosity, **options):
        if members < 0 or listings < 0:
            raise CommandError("--members and --listings cannot be negative.")
        started = time.monotonic()
        with emails_kept_quiet():
            try:
                result = seed_demo(
                    members=members,
                    listings=listings,
                    seed=seed,
                    if_empty=if_empty,
                    progress=self.show_progress if verbosity else None,
                )
            except ListingError as error:
                raise CommandError(str(error)) from error
            trades = self.seed_trades(result) if result.seeded else 0
        if not verbosity:
            return
        for line in login_lines(result.demo_members):
            self.stdout.write(line)
        if not result.seeded:
            self.stdout.write("Listings already exist, so nothing was added.")
            return
        if trades:
            self.stdout.write(
                f"The demo buyer bought {trades - 1} of the demo seller's items "
                "(completed and rated, shipped, to ship) and made an offer."
            )
        statuses = ", ".join(
            f"{count:,} {words[count != 1]}"
            for status, words in STATUS_WORDS.items()
            if (count := result.statuses[status])
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {result.members:,} members and {result.listings:,} listings "
                f"({statuses or 'none'}) with {result.photos:,} photos drawn from "
                f"{result.images:,} images in {time.monotonic() - started:.1f}s."
            )
        )

    def seed_trades(self, result) -> int:
        """Trades between the demo members, so the buying pages have content."""
        members = {user.username: user for user, _, _ in result.demo_members}
        return seed_demo_trades(seller=members["demo"], buyer=members["buyer"])

    def show_progress(self, stage: str, done: int, total: int) -> None:
        """A one-line bar redrawn in place; only the finished line when not a TTY."""
        finished = done >= total
        if not (finished or self.stdout.isatty()):
            return
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stdout.write(
            f"{stage:<15} [{bar}] {done:>6,}/{total:,}",
            ending="\n" if finished else "\r",
        )
        self.stdout.flush()
