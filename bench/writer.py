"""Background writes during a load test: listings published and likes added.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... CACHE_URL=... \\
        .venv/bin/python bench/writer.py --listing-every 0.5 --like-every 0.2

Run by bench/mix.py with the server's environment (so the same database and
the same Redis cache, whose page-cache version every write bumps). After
loading its pools it prints `WRITER_READY`, then keeps a fixed schedule until
SIGTERM (or --seconds):

- every --listing-every seconds a random member (active, verified, not away,
  under the active-listing limit) publishes a listing through
  `listings.services.create_listing`, its fields copied from a random public
  listing and its one photo a staged row reusing an existing photo's files
  (no image is encoded: the bench media pool's files are shared, as
  bench/generate.py's rows share them);
- every --like-every seconds a random member likes a random public listing
  on sale through `discovery.services.like_listing` (another pair is tried
  if that like exists or the listing is the member's own).

A write that falls behind runs at once (the schedule is not shifted). At the
end it prints one line `WRITER_JSON {...}`: what it did, its actual rates,
how late it ran, and every error (counted, the first few quoted).
"""

import argparse
import json
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sessions import eligible_members, random_on_sale_ids  # noqa: E402

stopping = False


def stop(signum, frame):
    global stopping
    stopping = True


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


class Writer:
    def __init__(self, rng: random.Random, pool: int):
        from django.conf import settings
        from django.db.models import Count

        from listings.models import Listing, ListingPhoto
        from listings.places import city_state_for_zip

        self.rng = rng
        ids = list(eligible_members().values_list("pk", flat=True))
        members = rng.sample(ids, min(len(ids), pool * 2))
        busy = dict(
            Listing.objects.active()
            .filter(seller_id__in=members)
            .values_list("seller_id")
            .annotate(n=Count("pk"))
            .values_list("seller_id", "n")
        )
        # Room for every listing this run could publish (the base limit; a
        # seller's completed sales only raise it).
        room = settings.ACTIVE_LISTING_LIMIT_BASE - 20
        self.sellers = list(
            eligible_members().filter(
                pk__in=[pk for pk in members if busy.get(pk, 0) < room][:pool]
            )
        )
        self.members = self.sellers  # likers too
        self.targets = random_on_sale_ids(rng, pool * 5)
        self.templates = list(
            Listing.objects.filter(pk__in=self.targets[:pool]).select_related(
                "category", "shipping_tier"
            )
        )
        self.files = list(
            {
                row["image"]: row
                for row in ListingPhoto.objects.filter(listing__isnull=False)
                .order_by("pk")
                .values("image", "thumb_320", "thumb_640", "width", "height")[:500]
            }.values()
        )
        if not (self.sellers and self.templates and self.files):
            raise SystemExit("no sellers, listings or photo files to write with")
        self.counts = {
            "listings_published": 0,
            "likes_added": 0,
            "likes_already_there": 0,
            "likes_refused_own_listing": 0,
        }
        # The first listing would otherwise pay for loading the ZIP code table
        # (gunicorn.conf.py loads it when a worker starts, for the same reason).
        city_state_for_zip("10001")
        self.errors: dict[str, int] = {}
        self.error_samples: list[str] = []
        self.op_seconds = {"listing": [], "like": []}
        self.new_listing_ids: list[int] = []

    def publish_listing(self) -> None:
        from django.db import transaction

        from listings.models import ListingPhoto
        from listings.services import EDITABLE_FIELDS, create_listing

        seller = self.rng.choice(self.sellers)
        template = self.rng.choice(self.templates)
        fields = {name: getattr(template, name) for name in EDITABLE_FIELDS}
        fields["title"] = fields["title"][:80]
        files = self.rng.choice(self.files)
        # One transaction: a refused listing leaves no staged photo behind.
        with transaction.atomic():
            photo = ListingPhoto.objects.create(owner=seller, **files)
            listing = create_listing(
                seller=seller, fields=fields, photo_ids=[photo.pk], publish=True
            )
        self.new_listing_ids.append(listing.pk)
        self.counts["listings_published"] += 1

    def add_like(self) -> None:
        """One new like: another pair is tried when the member already likes
        the listing or it is their own (at most five tries)."""
        from discovery.exceptions import DiscoveryError
        from discovery.services import like_listing
        from listings.models import Listing

        for _try in range(5):
            member = self.rng.choice(self.members)
            listing = Listing(pk=self.rng.choice(self.targets))
            try:
                added = like_listing(user=member, listing=listing)
            except DiscoveryError:
                self.counts["likes_refused_own_listing"] += 1
                continue
            if added:
                self.counts["likes_added"] += 1
                return
            self.counts["likes_already_there"] += 1
        raise RuntimeError("five likes in a row were already there or refused")

    def run(self, task: str) -> None:
        started = time.perf_counter()
        try:
            (self.publish_listing if task == "listing" else self.add_like)()
        except Exception as error:
            key = f"{task}: {type(error).__name__}"
            self.errors[key] = self.errors.get(key, 0) + 1
            if len(self.error_samples) < 5:
                self.error_samples.append(f"{key}: {error}"[:300])
        self.op_seconds[task].append(time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listing-every", type=float, default=0.5)
    parser.add_argument("--like-every", type=float, default=0.2)
    parser.add_argument("--seconds", type=float, default=600, help="stop by then")
    parser.add_argument("--pool", type=int, default=200, help="members and listings")
    parser.add_argument(
        "--seed", help="default: a new one each run (repeated likes add nothing)"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    import django

    django.setup()
    rng = random.Random(f"nomi-bench:writer:{args.seed}" if args.seed else None)
    writer = Writer(rng, args.pool)
    print("WRITER_READY", flush=True)

    intervals = {"listing": args.listing_every, "like": args.like_every}
    started = time.monotonic()
    due = {"listing": started, "like": started}
    lateness = []
    while not stopping and time.monotonic() - started < args.seconds:
        task = min(due, key=due.get)
        wait = due[task] - time.monotonic()
        if wait > 0:
            time.sleep(min(wait, 0.05))
            continue
        lateness.append(-wait)
        writer.run(task)
        due[task] += intervals[task]
    seconds = time.monotonic() - started

    listings = writer.counts["listings_published"]
    likes = writer.counts["likes_added"]
    report = {
        "seconds": round(seconds, 2),
        **writer.counts,
        "listings_per_second": round(listings / seconds, 3) if seconds else None,
        "likes_per_second": round(likes / seconds, 3) if seconds else None,
        "target_listings_per_second": round(1 / args.listing_every, 3),
        "target_likes_per_second": round(1 / args.like_every, 3),
        "late_p95_ms": round((percentile(lateness, 95) or 0) * 1000, 1),
        "late_max_ms": round(max(lateness, default=0) * 1000, 1),
        "listing_ms_p50": round(
            (percentile(writer.op_seconds["listing"], 50) or 0) * 1000, 1
        ),
        "like_ms_p50": round(
            (percentile(writer.op_seconds["like"], 50) or 0) * 1000, 1
        ),
        "errors": sum(writer.errors.values()),
        "errors_by_kind": writer.errors,
        "error_samples": writer.error_samples,
        "new_listing_ids": writer.new_listing_ids[:5],
    }
    print("WRITER_JSON " + json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
