"""Demo listings: planned in memory from a random stream, then bulk inserted.

Every listing gets its own drawn photos of the item its title names
(demo.photos), stored before the rows are inserted.
"""

import math
import os
import random
from bisect import bisect_right
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from itertools import accumulate

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from demo.bulk import BATCH_SIZE, Progress, bulk_insert
from demo.members import MemberPlan, random_zip_code
from demo.objects import choose_object
from demo.photos import draw_photo
from demo.vocabulary.catalogue import CATALOGUE, GENERIC_KIND, GENERIC_KINDS
from demo.vocabulary.kinds import Kind
from demo.vocabulary.people import HOUR_WEIGHTS
from demo.vocabulary.wording import (
    CLOSERS,
    COLOURS,
    CONDITION_LINES,
    CONDITION_PRICE_FACTORS,
    CONDITION_WEIGHTS,
    DEPARTMENT_WEIGHTS,
    LUXURY_BRANDS,
    NEW_TAGS,
    OPENERS,
    SIZES,
)
from listings.exceptions import ListingError
from listings.models import Brand, Category, Listing, ListingPhoto, ShippingTier
from listings.places import city_state_for_zip
from listings.rules import listing_limit
from listings.search import refresh_search_fields
from marketplace.images import encode_fit

User = get_user_model()

PHOTO_SIDE = 800  # display JPEG; thumbnails are ListingPhoto.THUMBNAIL_SIDES
# Pictures drawn per seed: every photo of a few hundred listings is its own
# (`make run` seeds 300, about 700 photos); past this, listings show pictures
# already drawn of the same object and colour, so large seeds stay fast.
PHOTO_DRAW_MAX = 800
PHOTO_WORKERS = min(4, os.cpu_count() or 1)
DEMO_LISTINGS_MAX = 20
LISTED_OVER_DAYS = 60

STATUS_WEIGHTS = {
    Listing.Status.ON_SALE: 78,
    Listing.Status.SOLD: 12,
    Listing.Status.PAUSED: 6,
    Listing.Status.DRAFT: 4,
}
# The demo member's own listings fill every tab of the selling dashboard.
DEMO_STATUSES = [
    Listing.Status.ON_SALE,
    Listing.Status.SOLD,
    Listing.Status.PAUSED,
    Listing.Status.DRAFT,
    Listing.Status.ON_SALE,
    Listing.Status.ON_SALE,
    Listing.Status.SOLD,
    Listing.Status.ON_SALE,
    Listing.Status.ON_SALE,
    Listing.Status.PAUSED,
]
PHOTO_COUNT_WEIGHTS = {1: 30, 2: 30, 3: 22, 4: 18}


@dataclass
class Catalogue:
    """The stored categories, brands and shipping tiers listings are made from."""

    leaves: list[Category]
    brands: dict[str, Brand]
    tiers: list[ShippingTier]

    @classmethod
    def load(cls) -> "Catalogue":
        leaves = list(
            Category.objects.leaves()
            .select_related("parent")
            .order_by("parent__position", "parent__name", "position", "name", "pk")
        )
        tiers = list(
            ShippingTier.objects.filter(is_active=True).order_by("max_weight_oz", "pk")
        )
        if not leaves or not tiers:
            raise ListingError(
                "The catalogue is empty: run `manage.py migrate` to seed categories "
                "and shipping tiers first."
            )
        brands = {brand.key: brand for brand in Brand.objects.all()}
        return cls(leaves=leaves, brands=brands, tiers=tiers)

    @cached_property
    def departments(self) -> list[str]:
        return list(dict.fromkeys(leaf.parent.name for leaf in self.leaves))

    def brand(self, name: str) -> Brand | None:
        return self.brands.get(" ".join(name.split()).lower())

    def tier_for(self, weight_oz: int) -> ShippingTier:
        for tier in self.tiers:
            if tier.max_weight_oz >= weight_oz:
                return tier
        return self.tiers[-1]


@dataclass
class StoredPhoto:
    """A drawn photo's stored files: the display JPEG and its thumbnails."""

    name: str
    thumbs: dict[int, str]
    width: int
    height: int


@dataclass
class ListingPlan:
    """One listing as planned in memory, before its seller and row exist."""

    category: Category
    kind: "Kind"
    title: str = ""
    description: str = ""
    brand: Brand | None = None
    brand_name: str = ""
    condition: str = Listing.Condition.GOOD
    size: str = ""
    colour: str = ""
    price_cents: int = 100
    shipping_payer: str = Listing.ShippingPayer.BUYER
    tier: ShippingTier | None = None
    status: str = Listing.Status.ON_SALE
    published_at: datetime | None = None
    photo_count: int = 1
    photos: list[StoredPhoto] = field(default_factory=list)
    zip_roll: float = 0.0
    member: MemberPlan | None = None
    seller: User | None = None
    ships_from_zip: str = ""


def plan_listings(
    rng: random.Random, count: int, catalogue: Catalogue
) -> list[ListingPlan]:
    """`count` listings in every category, described, priced and photographed."""
    now = timezone.now()
    plans = []
    for category in _categories_for(rng, count, catalogue):
        kind = CATALOGUE.get(
            (category.parent.name, category.name)
        ) or GENERIC_KINDS.get(category.parent.name, GENERIC_KIND)
        plan = ListingPlan(category=category, kind=kind)
        _describe_item(rng, plan, catalogue)
        plan.status = _weighted(rng, STATUS_WEIGHTS)
        plan.published_at = _published_at(rng, now, plan.status)
        plan.photo_count = _weighted(rng, PHOTO_COUNT_WEIGHTS)
        plan.zip_roll = rng.random()
        plans.append(plan)
    return plans


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _categories_for(
    rng: random.Random, count: int, catalogue: Catalogue
) -> list[Category]:
    """Every department first, then every other category, then by popularity."""
    by_department: dict[str, list[Category]] = {}
    for leaf in catalogue.leaves:
        by_department.setdefault(leaf.parent.name, []).append(leaf)
    firsts = [rng.choice(leaves) for leaves in by_department.values()]
    rng.shuffle(firsts)
    rest = [leaf for leaf in catalogue.leaves if leaf not in firsts]
    rng.shuffle(rest)
    chosen = (firsts + rest)[:count]
    weights = [
        DEPARTMENT_WEIGHTS.get(leaf.parent.name, 0.5)
        / len(by_department[leaf.parent.name])
        for leaf in catalogue.leaves
    ]
    chosen += rng.choices(catalogue.leaves, weights, k=count - len(chosen))
    rng.shuffle(chosen)
    return chosen


def _describe_item(rng: random.Random, plan: ListingPlan, catalogue: Catalogue):
    kind = plan.kind
    item = rng.choice(kind.parsed_items)
    brand_name = item.brand
    if not brand_name and kind.brand_names and rng.random() < kind.brand_share:
        brand_name = rng.choice(kind.brand_names)
    plan.brand = catalogue.brand(brand_name) if brand_name else None
    plan.brand_name = plan.brand.name if plan.brand else ""

    style = ""
    if not item.brand and kind.style_names and rng.random() < 0.5:
        style = rng.choice(kind.style_names)
        if style.lower() in item.name.lower():
            style = ""
    plan.condition = rng.choices(
        list(Listing.Condition), CONDITION_WEIGHTS[kind.conditions]
    )[0]
    if kind.sizes and rng.random() < 0.95:
        plan.size = rng.choice(SIZES[kind.sizes])
    if kind.colours and rng.random() < 0.8:
        plan.colour = rng.choice(COLOURS[kind.colours])

    low, high = item.price or kind.price
    dollars = math.exp(rng.uniform(math.log(low), math.log(high)))
    if not item.price and plan.brand_name in LUXURY_BRANDS:
        dollars *= rng.uniform(4, 8)
    dollars *= CONDITION_PRICE_FACTORS[plan.condition]
    plan.price_cents = _round_price(rng, dollars) * 100

    weight = item.weight or rng.randint(*kind.weight)
    plan.tier = catalogue.tier_for(max(1, round(weight * rng.uniform(0.8, 1.2))))
    free_shipping = 0.25 + (0.25 if plan.price_cents >= 5000 else 0)
    if plan.tier.price_cents >= 1400:
        free_shipping -= 0.2
    if rng.random() < free_shipping:
        plan.shipping_payer = Listing.ShippingPayer.SELLER

    core = " ".join(part for part in (plan.brand_name, style, item.name) if part)
    plan.title = _title(rng, core, plan)
    plan.description = _description(rng, core, plan)


def _round_price(rng: random.Random, dollars: float) -> int:
    """Whole dollars the way people price things: $7, $25, $49, $120, $450."""
    if dollars < 10:
        price = round(dollars)
    elif dollars < 50:
        price = round(dollars) if rng.random() < 0.4 else 5 * round(dollars / 5)
    elif dollars < 300:
        price = 5 * round(dollars / 5) - (1 if rng.random() < 0.4 else 0)
    else:
        price = 25 * round(dollars / 25)
    return min(
        max(price, settings.LISTING_MIN_PRICE_DOLLARS),
        settings.LISTING_MAX_PRICE_DOLLARS,
    )


def _title(rng: random.Random, core: str, plan: ListingPlan) -> str:
    extras = []
    if plan.size and rng.random() < 0.6:
        extras.append(f"size {plan.size}" if len(plan.size) < 6 else plan.size)
    if plan.colour and rng.random() < 0.25:
        extras.append(plan.colour.lower())
    if plan.condition == Listing.Condition.NEW and rng.random() < 0.5:
        extras.append(NEW_TAGS[plan.kind.family])
    title = core
    for extra in extras:
        if extra and len(f"{title} — {extra}") <= 80:
            title = f"{title}, {extra}" if "—" in title else f"{title} — {extra}"
    return title[:80].strip()


def _description(rng: random.Random, core: str, plan: ListingPlan) -> str:
    kind = plan.kind
    values = {
        "thing": core,
        "pit": rng.randint(17, 26),
        "length": rng.randint(22, 31),
        "inseam": rng.randint(26, 34),
        "battery": rng.randint(81, 100),
        "year": timezone.now().year + rng.randint(1, 3),
        "decade": rng.choice([50, 60, 70, 80, 90]),
        "width": rng.randint(12, 72),
        "depth": rng.randint(10, 30),
        "height": rng.randint(10, 60),
        "pieces": rng.randint(2, 12),
        "uses": rng.randint(2, 10),
    }
    # A broken item gets no upbeat notes ("fully working") next to its flaws.
    notes = () if plan.condition == Listing.Condition.POOR else kind.notes
    first = [
        rng.choice(OPENERS),
        rng.choice(CONDITION_LINES[plan.condition]),
        *rng.sample(notes, min(len(notes), rng.randint(0, 2))),
    ]
    paragraphs = [" ".join(first).format(**values)]
    details = []
    if plan.brand_name:
        details.append(f"Brand: {plan.brand_name}")
    if plan.size:
        details.append(f"Size: {plan.size}")
    if plan.colour:
        details.append(f"Color: {plan.colour}")
    if details:
        paragraphs.append(" · ".join(details))
    closing = rng.sample(CLOSERS, rng.randint(1, 2))
    if plan.shipping_payer == Listing.ShippingPayer.SELLER:
        closing.insert(0, "Free shipping!")
    paragraphs.append(" ".join(closing))
    return "\n\n".join(paragraphs)[:1000]


def _published_at(rng: random.Random, now: datetime, status: str) -> datetime | None:
    """Listed over the last LISTED_OVER_DAYS days, more of them lately, by day."""
    if status == Listing.Status.DRAFT:
        return None
    days_ago = int(LISTED_OVER_DAYS * rng.random() ** 1.4)
    if status == Listing.Status.SOLD:
        days_ago = min(days_ago + rng.randint(2, 10), LISTED_OVER_DAYS)
    local = timezone.localtime(now)
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    moment = local.replace(
        hour=hour,
        minute=rng.randrange(60),
        second=rng.randrange(60),
        microsecond=rng.randrange(1_000_000),
    )
    moment -= timedelta(days=days_ago)
    if moment > now:
        moment = now - timedelta(seconds=rng.randint(60, 4 * 3600))
    return moment


def assign_sellers(
    rng: random.Random,
    plans: list[ListingPlan],
    members: list[MemberPlan],
    *,
    demo_seller: User,
) -> None:
    """Sellers mostly list in their own departments, within their listing limit."""
    demo_count = min(DEMO_LISTINGS_MAX, max(1, len(plans) // 10)) if plans else 0
    if not members:
        demo_count = len(plans)
    demo_indices = set(rng.sample(range(len(plans)), demo_count))
    for position, index in enumerate(sorted(demo_indices)):
        plan = plans[index]
        plan.member = None
        plan.status = DEMO_STATUSES[position % len(DEMO_STATUSES)]
        if plan.status == Listing.Status.DRAFT:
            plan.published_at = None
        elif plan.published_at is None:
            plan.published_at = _published_at(rng, timezone.now(), plan.status)
    state = demo_seller.state or "CA"
    _set_zip(
        rng,
        [plans[i] for i in sorted(demo_indices)],
        state,
        random_zip_code(rng, state),
    )
    if not members:
        return

    by_department: dict[str, list] = {}
    for member in members:
        for department in member.departments:
            by_department.setdefault(department, []).append(member)
    pickers = {
        department: _Picker(group) for department, group in by_department.items()
    }
    everyone = _Picker(members)
    active = Counter()
    sold = Counter()
    counts_as_active = {Listing.Status.ON_SALE, Listing.Status.PAUSED}
    for index, plan in enumerate(plans):
        if index in demo_indices:
            continue
        picker = pickers.get(plan.category.parent.name)
        if picker is None or rng.random() < 0.25:
            picker = everyone
        member = picker.pick(rng)
        if plan.status in counts_as_active:
            for _ in range(5):
                if active[id(member)] < listing_limit(sold[id(member)]):
                    break
                member = everyone.pick(rng)
            active[id(member)] += 1
        elif plan.status == Listing.Status.SOLD:
            sold[id(member)] += 1
        plan.member = member
        _set_zip(rng, [plan], member.state, member.zip_code)


def _set_zip(rng: random.Random, plans: list, state: str, home_zip: str) -> None:
    for plan in plans:
        # Most items ship from home; some from work or a storage unit nearby.
        plan.ships_from_zip = (
            home_zip if plan.zip_roll < 0.9 else random_zip_code(rng, state)
        )


class _Picker:
    """Weighted choice of members by activity, in O(log n) per pick."""

    def __init__(self, members: list[MemberPlan]):
        self.members = members
        self.cumulative = list(accumulate(member.activity for member in members))

    def pick(self, rng: random.Random) -> MemberPlan:
        point = rng.random() * self.cumulative[-1]
        index = bisect_right(self.cumulative, point)
        return self.members[min(index, len(self.members) - 1)]


def insert_listings(plans: list[ListingPlan], progress: Progress) -> int:
    """Insert the planned listings and their photo rows; returns the photo count."""
    # Oldest first (drafts last), so ids grow with the listing date as they do
    # for real listings.
    now = timezone.now()
    plans = sorted(plans, key=lambda plan: plan.published_at or now)
    listings = [
        Listing(
            seller=plan.seller,
            title=plan.title,
            description=plan.description,
            category=plan.category,
            brand=plan.brand,
            brand_name=plan.brand_name,
            condition=plan.condition,
            size=plan.size,
            colour=plan.colour,
            price_cents=plan.price_cents,
            shipping_payer=plan.shipping_payer,
            shipping_tier=plan.tier,
            shipping_cents=plan.tier.price_cents,
            ships_from_zip=plan.ships_from_zip,
            status=plan.status,
            published_at=plan.published_at,
        )
        for plan in plans
    ]
    places = {}
    for listing in listings:
        refresh_search_fields(listing)
        # What listings.services fills on a real listing: the seller card's
        # "Ships from City, ST" (bulk inserts skip the services).
        zip_code = listing.ships_from_zip
        if zip_code not in places:
            places[zip_code] = city_state_for_zip(zip_code)
        listing.ships_from_city, listing.ships_from_state = places[zip_code]
    bulk_insert(Listing, listings, progress=progress, stage="Listings")
    # created_at/updated_at are set to "now" on insert; match the listing date.
    published_pks = [listing.pk for listing in listings if listing.published_at]
    for start in range(0, len(published_pks), BATCH_SIZE):
        Listing.objects.filter(pk__in=published_pks[start : start + BATCH_SIZE]).update(
            created_at=F("published_at"), updated_at=F("published_at")
        )

    photos = []
    for listing, plan in zip(listings, plans, strict=True):
        for position, image in enumerate(plan.photos):
            photos.append(
                ListingPhoto(
                    owner_id=listing.seller_id,
                    listing=listing,
                    position=position,
                    image=image.name,
                    **{f"thumb_{side}": name for side, name in image.thumbs.items()},
                    width=image.width,
                    height=image.height,
                )
            )
    for start in range(0, len(photos), BATCH_SIZE):
        batch = photos[start : start + BATCH_SIZE]
        ListingPhoto.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        progress("Photo rows", min(start + BATCH_SIZE, len(photos)), len(photos))
    return len(photos)


def draw_listing_photos(seed: int, plans: list[ListingPlan], progress: Progress) -> int:
    """Draw, encode and store each listing's photos; returns how many were drawn.

    Photo `shot` of the listing planned `index`-th is drawn from its own
    random stream, so the same seed draws the same pictures. Once
    PHOTO_DRAW_MAX pictures are drawn, a listing shows pictures already drawn
    of the same object in the same colour (as many as there are, up to its
    photo count), or a single new one when there are none.
    """
    reuse_rng = random.Random(f"nomi-demo:{seed}:photo-reuse")
    jobs: list[dict] = []
    drawn: dict[tuple[str, str], list[int]] = {}
    picks: list[list[int]] = []
    for index, plan in enumerate(plans):
        subject = {
            "title": plan.title,
            "department": plan.category.parent.name,
            "category": plan.category.name,
            "brand": plan.brand_name,
        }
        pictures = drawn.setdefault((choose_object(**subject), plan.colour), [])
        over_budget = len(jobs) >= PHOTO_DRAW_MAX
        if over_budget and pictures:
            picks.append(
                reuse_rng.sample(pictures, min(plan.photo_count, len(pictures)))
            )
            continue
        own = []
        for shot in range(1 if over_budget else plan.photo_count):
            jobs.append(
                {
                    "stream": f"nomi-demo:{seed}:photo:{index}:{shot}",
                    "shot": shot,
                    "side": PHOTO_SIDE,
                    "colour": plan.colour,
                    **subject,
                }
            )
            pictures.append(len(jobs) - 1)
            own.append(len(jobs) - 1)
        picks.append(own)

    storage = ListingPhoto._meta.get_field("image").storage
    folder = f"listings/demo/seed-{seed}"
    stored = []
    # Pillow does its work outside the GIL: threads draw and encode in parallel.
    with ThreadPoolExecutor(max_workers=PHOTO_WORKERS) as pool:
        for number, (display, thumbs) in enumerate(pool.map(_draw_encoded, jobs)):
            stem = f"{folder}/{number:05d}"
            stored.append(
                StoredPhoto(
                    name=storage.save(f"{stem}.jpg", display.content),
                    thumbs={
                        side: storage.save(f"{stem}-{side}.webp", thumb.content)
                        for side, thumb in thumbs.items()
                    },
                    width=display.width,
                    height=display.height,
                )
            )
            progress("Drawing photos", number + 1, len(jobs))
    for plan, own in zip(plans, picks, strict=True):
        plan.photos = [stored[job] for job in own]
    return len(jobs)


def _draw_encoded(job: dict):
    """One photo drawn and encoded: the display JPEG and the WebP thumbnails."""
    options = dict(job)
    image = draw_photo(random.Random(options.pop("stream")), **options)
    display = encode_fit(image, max_side=job["side"], fmt="JPEG")
    thumbs = {
        side: encode_fit(image, max_side=side, fmt="WEBP")
        for side in ListingPhoto.THUMBNAIL_SIDES
    }
    return display, thumbs
