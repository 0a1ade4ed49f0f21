"""Demo data: members and listings with drawn photos, the same for the same seed.

`seed_demo` plans everything in memory from `random.Random` streams derived from
the seed, draws each listing's photos of its item through the real image
pipeline and saves their files, then writes members, listings and photo rows
with bulk inserts.
"""

import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from demo.bulk import Progress
from demo.listings import (
    LISTED_OVER_DAYS,
    Catalogue,
    assign_sellers,
    draw_listing_photos,
    insert_listings,
    plan_listings,
)
from demo.members import ensure_demo_members, insert_members, plan_members
from listings.models import Listing


@dataclass
class SeedResult:
    """What `seed_demo` did; `seeded` is False when --if-empty found listings."""

    demo_members: list
    seeded: bool = False
    members: int = 0
    listings: int = 0
    photos: int = 0
    images: int = 0
    statuses: Counter = field(default_factory=Counter)


def seed_demo(
    *,
    members: int,
    listings: int,
    seed: int,
    if_empty: bool = False,
    progress: Progress | None = None,
) -> SeedResult:
    """Ensure the demo members, then add `members` members and `listings` listings.

    With `if_empty`, nothing is added when any listing exists. Raises
    ListingError when the catalogue (categories, shipping tiers) is missing.
    """
    progress = progress or (lambda stage, done, total: None)
    result = SeedResult(demo_members=ensure_demo_members())
    if if_empty and Listing.objects.exists():
        return result
    catalogue = Catalogue.load()
    demo_seller = next(
        user for user, _, _ in result.demo_members if user.username == "demo"
    )

    member_plans = plan_members(
        random.Random(f"nomi-demo:{seed}:members"),
        members,
        departments=catalogue.departments,
        joined_days_ago=LISTED_OVER_DAYS + 5,
    )
    listing_plans = plan_listings(
        random.Random(f"nomi-demo:{seed}:listings"), listings, catalogue
    )
    assign_sellers(
        random.Random(f"nomi-demo:{seed}:sellers"),
        listing_plans,
        member_plans,
        demo_seller=demo_seller,
    )
    images = draw_listing_photos(seed, listing_plans, progress)

    with transaction.atomic():
        users = insert_members(member_plans, progress)
        for plan in listing_plans:
            plan.seller = users.get(id(plan.member), demo_seller)
        photos = insert_listings(listing_plans, progress)

    result.seeded = True
    result.members = len(member_plans)
    result.listings = len(listing_plans)
    result.photos = photos
    result.images = images
    result.statuses = Counter(plan.status for plan in listing_plans)
    return result
