"""Demo data: members and listings with drawn photos, the same for the same seed.

`seed_demo` plans everything in memory from `random.Random` streams derived from
the seed, draws a small pool of photos through the real image pipeline, saves
their files once, then writes members, listings and photo rows with bulk
inserts. Listings share the pooled photo files.
"""

import colorsys
import math
import random
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from itertools import accumulate

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F, Max
from django.db.models.functions import Lower
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.services import ensure_demo_members
from accounts.states import US_STATES
from listings.exceptions import ListingError
from listings.models import Brand, Category, Listing, ListingPhoto, ShippingTier
from listings.search import refresh_search_fields
from marketplace.images import encode_fit

User = get_user_model()

Progress = Callable[[str, int, int], None]

BATCH_SIZE = 500
PHOTO_POOL_MAX = 200
PHOTO_SIDE = 800  # display JPEG; thumbnails are ListingPhoto.THUMBNAIL_SIDES
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
    catalogue = _Catalogue.load()
    demo_seller = next(
        user for user, _, _ in result.demo_members if user.username == "demo"
    )

    pool_size = min(listings, PHOTO_POOL_MAX)
    member_plans = _plan_members(
        random.Random(f"nomi-demo:{seed}:members"), members, catalogue
    )
    listing_plans = _plan_listings(
        random.Random(f"nomi-demo:{seed}:listings"), listings, catalogue, pool_size
    )
    _assign_sellers(
        random.Random(f"nomi-demo:{seed}:sellers"),
        listing_plans,
        member_plans,
        demo_seller=demo_seller,
    )
    pool = _draw_photo_pool(seed, pool_size, progress)

    with transaction.atomic():
        users = _insert_members(member_plans, progress)
        for plan in listing_plans:
            plan.seller = users.get(id(plan.member), demo_seller)
        photos = _insert_listings(listing_plans, pool, progress)

    result.seeded = True
    result.members = len(member_plans)
    result.listings = len(listing_plans)
    result.photos = photos
    result.images = len(pool)
    result.statuses = Counter(plan.status for plan in listing_plans)
    return result


# -- the catalogue as stored ----------------------------------------------------


@dataclass
class _Catalogue:
    leaves: list[Category]
    brands: dict[str, Brand]
    tiers: list[ShippingTier]

    @classmethod
    def load(cls) -> "_Catalogue":
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


# -- members --------------------------------------------------------------------


@dataclass
class _MemberPlan:
    username: str
    display_name: str
    state: str
    zip_code: str
    bio: str
    joined: datetime
    departments: tuple[str, ...]
    activity: float


def _plan_members(
    rng: random.Random, count: int, catalogue: _Catalogue
) -> list[_MemberPlan]:
    now = timezone.now()
    states = [code for code, _ in US_STATES]
    state_weights = [STATE_WEIGHTS.get(code, 1) for code in states]
    names = [_member_name(rng) for _ in range(count)]
    usernames = _unique_usernames(rng, [username for username, _, _ in names])
    plans = []
    for (_, first, display_name), username in zip(names, usernames, strict=True):
        state = rng.choices(states, state_weights)[0]
        departments = tuple(
            rng.sample(catalogue.departments, min(2, len(catalogue.departments)))
        )
        plans.append(
            _MemberPlan(
                username=username,
                display_name=display_name,
                state=state,
                zip_code=_zip_code(rng, state),
                bio=_member_bio(rng, first, state, departments),
                joined=now - timedelta(days=rng.uniform(LISTED_OVER_DAYS + 5, 900)),
                departments=departments,
                # A few busy sellers and many occasional ones.
                activity=min(rng.paretovariate(1.3), 15.0),
            )
        )
    return plans


def _member_name(rng: random.Random) -> tuple[str, str, str]:
    """(username stem, first name, display name)."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    f, la = first.lower(), last.lower().replace("'", "")
    style = rng.random()
    if style < 0.35:
        username = f"{f}{la[0]}{rng.randint(1, 99)}"
    elif style < 0.6:
        username = f"{f}_{la}"
    elif style < 0.8:
        username = rng.choice(SHOP_USERNAMES).format(first=f, last=la)
    else:
        username = f"{f}{la}{rng.randint(70, 99)}"
    display = rng.random()
    if display < 0.45:
        display_name = f"{first} {last}"
    elif display < 0.8:
        display_name = f"{first} {last[0]}."
    elif display < 0.9:
        display_name = first
    else:
        display_name = rng.choice(SHOP_NAMES).format(first=first, last=last)
    return username[:30], first, display_name[:50]


def _unique_usernames(rng: random.Random, wanted: list[str]) -> list[str]:
    # Case-insensitive: MariaDB's collation treats "Maya" and "maya" as equal.
    taken = {"demo", "buyer"}
    result = []
    for stem in wanted:
        name = stem
        while name in taken:
            name = f"{stem[:26]}{rng.randint(100, 9999)}"
        taken.add(name)
        result.append(name)
    while clashes := _existing_usernames(result):
        for index, name in enumerate(result):
            if name in clashes:
                result[index] = f"{name[:24]}-{rng.randint(1000, 99999)}"
    return result


def _existing_usernames(names: list[str]) -> set[str]:
    existing = set()
    emails = {f"{name}@example.com": name for name in names}
    for start in range(0, len(names), BATCH_SIZE):
        chunk = names[start : start + BATCH_SIZE]
        existing.update(
            User.objects.annotate(lower=Lower("username"))
            .filter(lower__in=chunk)
            .values_list("lower", flat=True)
        )
        chunk_emails = [f"{name}@example.com" for name in chunk]
        existing.update(
            emails[email]
            for email in User.objects.filter(email__in=chunk_emails).values_list(
                "email", flat=True
            )
        )
    return existing


def _zip_code(rng: random.Random, state: str) -> str:
    low, high = ZIP_PREFIXES.get(state, (100, 999))
    return f"{rng.randint(low, high):03d}{rng.randint(1, 99):02d}"


def _member_bio(rng: random.Random, first: str, state: str, departments) -> str:
    state_name = dict(US_STATES)[state]
    things = " and ".join(DEPARTMENT_PHRASES.get(d, d.lower()) for d in departments)
    sentences = [
        rng.choice(BIO_OPENERS).format(first=first, state=state_name, things=things),
        *rng.sample(BIO_LINES, rng.randint(1, 2)),
    ]
    return " ".join(sentences)[:500]


def _insert_members(plans: list[_MemberPlan], progress: Progress) -> dict[int, User]:
    # Seeded members cannot log in; only the demo members have passwords.
    users = [
        User(
            username=plan.username,
            email=f"{plan.username}@example.com",
            password=make_password(None),
            display_name=plan.display_name,
            bio=plan.bio,
            state=plan.state,
            date_joined=plan.joined,
            email_verified_at=plan.joined + timedelta(minutes=7),
        )
        for plan in plans
    ]
    _bulk_insert(User, users, progress=progress, stage="Members")
    return {id(plan): user for plan, user in zip(plans, users, strict=True)}


# -- listings -------------------------------------------------------------------


@dataclass
class _PooledImage:
    """A drawn photo's stored files, shared by many listings."""

    name: str
    thumbs: dict[int, str]
    width: int
    height: int


@dataclass
class _ListingPlan:
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
    photo_indices: list[int] = field(default_factory=list)
    zip_roll: float = 0.0
    member: _MemberPlan | None = None
    seller: User | None = None
    ships_from_zip: str = ""


def _plan_listings(
    rng: random.Random, count: int, catalogue: _Catalogue, pool_size: int
) -> list[_ListingPlan]:
    now = timezone.now()
    plans = []
    for category in _categories_for(rng, count, catalogue):
        kind = CATALOGUE.get(
            (category.parent.name, category.name)
        ) or GENERIC_KINDS.get(category.parent.name, GENERIC_KIND)
        plan = _ListingPlan(category=category, kind=kind)
        _describe_item(rng, plan, catalogue)
        plan.status = _weighted(rng, STATUS_WEIGHTS)
        plan.published_at = _published_at(rng, now, plan.status)
        photo_count = _weighted(rng, PHOTO_COUNT_WEIGHTS)
        plan.photo_indices = rng.sample(range(pool_size), min(photo_count, pool_size))
        plan.zip_roll = rng.random()
        plans.append(plan)
    return plans


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _categories_for(
    rng: random.Random, count: int, catalogue: _Catalogue
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


def _describe_item(rng: random.Random, plan: _ListingPlan, catalogue: _Catalogue):
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


def _title(rng: random.Random, core: str, plan: _ListingPlan) -> str:
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


def _description(rng: random.Random, core: str, plan: _ListingPlan) -> str:
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


def _assign_sellers(
    rng: random.Random,
    plans: list[_ListingPlan],
    members: list[_MemberPlan],
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
        rng, [plans[i] for i in sorted(demo_indices)], state, _zip_code(rng, state)
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
    base = settings.ACTIVE_LISTING_LIMIT_BASE
    per_sale = settings.ACTIVE_LISTING_LIMIT_PER_SALE
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
                if active[id(member)] < base + per_sale * sold[id(member)]:
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
        plan.ships_from_zip = home_zip if plan.zip_roll < 0.9 else _zip_code(rng, state)


class _Picker:
    """Weighted choice of members by activity, in O(log n) per pick."""

    def __init__(self, members: list[_MemberPlan]):
        self.members = members
        self.cumulative = list(accumulate(member.activity for member in members))

    def pick(self, rng: random.Random) -> _MemberPlan:
        point = rng.random() * self.cumulative[-1]
        index = bisect_right(self.cumulative, point)
        return self.members[min(index, len(self.members) - 1)]


def _insert_listings(
    plans: list[_ListingPlan], pool: list[_PooledImage], progress: Progress
) -> int:
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
    for listing in listings:
        refresh_search_fields(listing)
    _bulk_insert(Listing, listings, progress=progress, stage="Listings")
    # created_at/updated_at are set to "now" on insert; match the listing date.
    published_pks = [listing.pk for listing in listings if listing.published_at]
    for start in range(0, len(published_pks), BATCH_SIZE):
        Listing.objects.filter(pk__in=published_pks[start : start + BATCH_SIZE]).update(
            created_at=F("published_at"), updated_at=F("published_at")
        )

    photos = []
    for listing, plan in zip(listings, plans, strict=True):
        for position, image in enumerate(pool[index] for index in plan.photo_indices):
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


def _bulk_insert(model, objects: list, *, progress: Progress, stage: str) -> None:
    """bulk_create in batches, making sure every object gets its primary key."""
    for start in range(0, len(objects), BATCH_SIZE):
        batch = objects[start : start + BATCH_SIZE]
        if connection.features.can_return_rows_from_bulk_insert:
            model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        else:
            # MySQL returns no ids from a multi-row INSERT. Inside this
            # transaction the new rows are the newest, in insertion order.
            last = model.objects.aggregate(last=Max("pk"))["last"] or 0
            model.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            pks = model.objects.filter(pk__gt=last).order_by("pk")
            for obj, pk in zip(batch, pks.values_list("pk", flat=True), strict=True):
                obj.pk = pk
        progress(stage, start + len(batch), len(objects))


# -- photos ---------------------------------------------------------------------


def _draw_photo_pool(seed: int, count: int, progress: Progress) -> list[_PooledImage]:
    """Draw, encode and store `count` photos once; listings share their files."""
    storage = ListingPhoto._meta.get_field("image").storage
    folder = f"listings/demo/seed-{seed}"
    pool = []
    for index in range(count):
        image = draw_photo(random.Random(f"nomi-demo:{seed}:photo:{index}"))
        display = encode_fit(image, max_side=PHOTO_SIDE, fmt="JPEG")
        name = storage.save(f"{folder}/{index:03d}.jpg", display.content)
        thumbs = {
            side: storage.save(
                f"{folder}/{index:03d}-{side}.webp",
                encode_fit(image, max_side=side, fmt="WEBP").content,
            )
            for side in ListingPhoto.THUMBNAIL_SIDES
        }
        pool.append(_PooledImage(name, thumbs, display.width, display.height))
        progress("Drawing photos", index + 1, count)
    return pool


def draw_photo(rng: random.Random) -> Image.Image:
    """A product-shot-like picture: a backdrop, a table, an object and some props."""
    width, height = rng.choice([(800, 800), (800, 600), (600, 800), (800, 640)])
    back, other = _colour(rng, 0.08, 0.35, 0.8, 0.98), _colour(rng, 0.1, 0.5, 0.55, 0.9)
    style = rng.choice(["gradient", "stripes", "dots", "plain"])
    image = Image.new("RGB", (width, height), back)
    draw = ImageDraw.Draw(image)
    if style == "gradient":
        mask = Image.linear_gradient("L").resize((width, height))
        if rng.random() < 0.5:
            mask = mask.transpose(Image.Transpose.ROTATE_90).resize((width, height))
        image = Image.composite(image, Image.new("RGB", image.size, other), mask)
        draw = ImageDraw.Draw(image)
    elif style == "stripes":
        step = rng.randint(24, 80)
        slant = rng.choice([0, height // 2, -height // 2])
        for x in range(-height, width + height, step * 2):
            corners = [
                (x, 0),
                (x + step, 0),
                (x + step + slant, height),
                (x + slant, height),
            ]
            draw.polygon(corners, fill=other)
    elif style == "dots":
        step = rng.randint(40, 90)
        radius = rng.randint(6, step // 3)
        for y in range(step // 2, height, step):
            for x in range(step // 2 + (y // step % 2) * step // 2, width, step):
                draw.ellipse(
                    [x - radius, y - radius, x + radius, y + radius], fill=other
                )

    table_top = int(height * rng.uniform(0.62, 0.8))
    table = _colour(rng, 0.05, 0.35, 0.35, 0.8)
    if rng.random() < 0.7:
        draw.rectangle([0, table_top, width, height], fill=table)
    for _ in range(rng.randint(2, 6)):
        _draw_shape(
            draw,
            rng,
            rng.randint(0, width),
            rng.randint(0, height),
            rng.randint(14, 70),
            _colour(rng, 0.3, 0.9, 0.4, 0.95),
        )

    cx = width / 2 + rng.uniform(-0.08, 0.08) * width
    size = min(width, height) * rng.uniform(0.2, 0.32)
    cy = min(height / 2 + rng.uniform(-0.05, 0.1) * height, table_top - size * 0.4)
    shadow = tuple(max(0, c - 70) for c in table)
    draw.ellipse(
        [cx - size * 1.05, cy + size * 0.8, cx + size * 1.05, cy + size * 1.12],
        fill=shadow,
    )
    body = _colour(rng, 0.45, 0.95, 0.3, 0.9)
    _draw_shape(draw, rng, cx, cy, size, body, outline=tuple(c // 2 for c in body))
    highlight = tuple(min(255, c + 70) for c in body)
    draw.ellipse(
        [cx - size * 0.55, cy - size * 0.6, cx - size * 0.2, cy - size * 0.25],
        fill=highlight,
    )
    return image


def _draw_shape(draw, rng, cx, cy, size, fill, outline=None) -> None:
    shape = rng.choice(["circle", "rectangle", "polygon", "star", "ellipse"])
    box = [cx - size, cy - size, cx + size, cy + size]
    if shape == "circle":
        draw.ellipse(box, fill=fill, outline=outline, width=3)
    elif shape == "ellipse":
        ratio = rng.uniform(0.45, 0.8)
        draw.ellipse(
            [cx - size, cy - size * ratio, cx + size, cy + size * ratio], fill=fill
        )
    elif shape == "rectangle":
        top = cy - size * rng.uniform(0.5, 1.2)
        draw.rounded_rectangle(
            [
                cx - size * rng.uniform(0.5, 1),
                top,
                cx + size * rng.uniform(0.5, 1),
                cy + size,
            ],
            radius=int(size * rng.uniform(0.02, 0.25)),
            fill=fill,
            outline=outline,
            width=3,
        )
    else:
        sides = rng.randint(3, 8)
        points = sides * 2 if shape == "star" else sides
        turn = rng.random() * math.tau
        corners = []
        for k in range(points):
            radius = (
                size if shape != "star" or k % 2 == 0 else size * rng.uniform(0.4, 0.6)
            )
            angle = turn + k * math.tau / points
            corners.append(
                (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
            )
        draw.polygon(corners, fill=fill, outline=outline)


def _colour(rng, s_low, s_high, v_low, v_high) -> tuple[int, int, int]:
    red, green, blue = colorsys.hsv_to_rgb(
        rng.random(), rng.uniform(s_low, s_high), rng.uniform(v_low, v_high)
    )
    return round(red * 255), round(green * 255), round(blue * 255)


# -- what sells where -------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    name: str
    brand: str = ""
    price: tuple[int, int] | None = None
    weight: int | None = None


@dataclass(frozen=True)
class Kind:
    """What sells in one category: typical prices in dollars, weights in ounces.

    `items` holds one item a line: `Name`, or `Brand|Name|low|high[|ounces]`
    for a model with its own price range (and weight); Brand may be empty.
    `brands` (used for plain names) and `styles` are comma-separated.
    """

    items: str
    price: tuple[int, int]
    weight: tuple[int, int]
    brands: str = ""
    brand_share: float = 0.6
    styles: str = ""
    sizes: str = ""
    colours: str = ""
    notes: tuple[str, ...] = ()
    family: str = "goods"
    conditions: str = "usual"

    @cached_property
    def brand_names(self) -> list[str]:
        return [name.strip() for name in self.brands.split(",") if name.strip()]

    @cached_property
    def style_names(self) -> list[str]:
        return [name.strip() for name in self.styles.split(",") if name.strip()]

    @cached_property
    def parsed_items(self) -> tuple[Item, ...]:
        items = []
        for line in self.items.strip().splitlines():
            fields = [part.strip() for part in line.split("|")]
            if len(fields) == 1:
                items.append(Item(name=fields[0]))
                continue
            brand, name, low, high, *weight = fields
            items.append(
                Item(
                    name=name,
                    brand=brand,
                    price=(int(low), int(high)),
                    weight=int(weight[0]) if weight else None,
                )
            )
        return tuple(items)


# -- people ---------------------------------------------------------------------

FIRST_NAMES = [
    "Maya", "Olivia", "Emma", "Ava", "Sophia", "Isabella", "Mia", "Amelia", "Harper",
    "Evelyn", "Abigail", "Emily", "Ella", "Chloe", "Grace", "Zoe", "Lily", "Hannah",
    "Nora", "Aaliyah", "Camila", "Priya", "Mei", "Yuki", "Fatima", "Leila", "Rosa",
    "Lucia", "Gabriela", "Jasmine", "Keisha", "Tasha", "Brianna", "Megan", "Rachel",
    "Sarah", "Jessica", "Ashley", "Lauren", "Kayla", "Liam", "Noah", "Oliver", "Elijah",
    "James", "William", "Benjamin", "Lucas", "Henry", "Alexander", "Mason", "Michael",
    "Ethan", "Daniel", "Jacob", "Logan", "Jackson", "Sebastian", "Mateo", "Jack",
    "Owen", "Samuel", "Wyatt", "Leo", "Isaac", "Marcus", "Andre", "Darnell", "Jamal",
    "Diego", "Carlos", "Luis", "Miguel", "Hiro", "Kenji", "Raj", "Arjun", "Omar",
    "Tariq", "Kevin", "Ryan", "Tyler", "Brandon", "Justin", "Kyle", "Derek", "Tom",
    "Frank", "Linda", "Susan", "Karen", "Nancy", "Betty", "Carol", "Ruth", "Joyce",
    "Gloria", "Diane"
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
    "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
    "Carter", "Roberts", "Patel", "Kim", "Chen", "Wang", "Tanaka", "Singh", "Cohen",
    "O'Brien", "Murphy", "Sullivan", "Kowalski", "Novak", "Rossi", "Bianchi", "Okafor",
    "Mensah", "Haddad", "Nakamura", "Park", "Reyes", "Ortiz", "Morales", "Brooks",
    "Bennett", "Hayes", "Foster", "Price", "Russell", "Griffin", "Hughes", "Sanders"
]  # fmt: skip
SHOP_USERNAMES = [
    "{first}s_closet",
    "shopwith{first}",
    "{first}_finds",
    "vintage_by_{first}",
    "{first}{last}_resale",
    "the_{last}_attic",
    "{first}sells",
    "thrifty_{first}",
    "{last}family_goods",
]
SHOP_NAMES = [
    "{first}'s Closet",
    "{first}'s Finds",
    "The {last} Attic",
    "Vintage by {first}",
    "{first} Resale",
]
BIO_OPENERS = [
    "Hi, I'm {first}! Selling mostly {things} from {state}.",
    "{state}-based seller. Mostly {things}.",
    "Decluttering one closet at a time in {state}. Lots of {things}.",
    "Part-time reseller in {state}: {things}, a little of everything.",
    "Mom of two, clearing out the house: {things}, mostly.",
    "Collector and flipper. Mostly {things}.",
    "Moving soon, so everything must go — mostly {things}.",
    "{first} here. I love a good thrift find: {things}.",
]
BIO_LINES = [
    "I ship within one business day.",
    "Smoke-free, pet-free home.",
    "Bundles welcome — message me for a deal.",
    "Reasonable offers considered.",
    "Everything is described honestly; ask for more photos anytime.",
    "Packed carefully, often in recycled boxes.",
    "Ships Monday to Saturday.",
    "Cat in the house, but everything is lint-rolled.",
    "New items added every week.",
    "Five-star seller since day one.",
]
DEPARTMENT_PHRASES = {
    "Women": "women's clothes",
    "Men": "menswear",
    "Kids": "kids' stuff",
    "Home": "home goods",
    "Electronics": "electronics",
    "Toys & collectibles": "toys and collectibles",
    "Sports & outdoors": "outdoor gear",
    "Beauty": "beauty products",
    "Books, music & media": "books and records",
    "Vintage & antiques": "vintage finds",
    "Other": "odds and ends",
}
# Roughly by population, so big states have more sellers.
STATE_WEIGHTS = {
    "CA": 39, "TX": 30, "FL": 22, "NY": 20, "PA": 13, "IL": 12, "OH": 12, "GA": 11,
    "NC": 11, "MI": 10, "NJ": 9, "VA": 9, "WA": 8, "AZ": 7, "TN": 7, "MA": 7, "IN": 7,
    "MO": 6, "MD": 6, "WI": 6, "CO": 6, "MN": 6, "SC": 5, "AL": 5, "LA": 5, "KY": 5,
    "OR": 4, "OK": 4, "CT": 4, "UT": 3, "IA": 3, "NV": 3, "AR": 3, "MS": 3, "KS": 3,
    "PR": 3, "NM": 2, "NE": 2, "ID": 2, "WV": 2, "HI": 1, "NH": 1, "ME": 1, "MT": 1,
    "RI": 1, "DE": 1, "SD": 1, "ND": 1, "AK": 1, "DC": 1, "VT": 1, "WY": 1,
}  # fmt: skip
# First three digits of each state's ZIP codes.
ZIP_PREFIXES = {
    "AL": (350, 369), "AK": (995, 999), "AZ": (850, 865), "AR": (716, 729),
    "CA": (900, 961), "CO": (800, 816), "CT": (60, 69), "DE": (197, 199),
    "DC": (200, 205), "FL": (320, 349), "GA": (300, 319), "HI": (967, 968),
    "ID": (832, 838), "IL": (600, 629), "IN": (460, 479), "IA": (500, 528),
    "KS": (660, 679), "KY": (400, 427), "LA": (700, 714), "ME": (39, 49),
    "MD": (206, 219), "MA": (10, 27), "MI": (480, 499), "MN": (550, 567),
    "MS": (386, 397), "MO": (630, 658), "MT": (590, 599), "NE": (680, 693),
    "NV": (889, 898), "NH": (30, 38), "NJ": (70, 89), "NM": (870, 884),
    "NY": (100, 149), "NC": (270, 289), "ND": (580, 588), "OH": (430, 459),
    "OK": (730, 749), "OR": (970, 979), "PA": (150, 196), "PR": (6, 9),
    "RI": (28, 29), "SC": (290, 299), "SD": (570, 577), "TN": (370, 385),
    "TX": (750, 799), "UT": (840, 847), "VT": (50, 59), "VA": (220, 246),
    "WA": (980, 994), "WV": (247, 268), "WI": (530, 549), "WY": (820, 831),
}  # fmt: skip
# When people list things, by local hour: evenings and weekends-ish mornings.
HOUR_WEIGHTS = [1, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 5, 6, 6, 5, 5, 5, 6, 7, 9, 10, 9, 6, 3]

# -- listings: shared wording ---------------------------------------------------------

DEPARTMENT_WEIGHTS = {
    "Women": 1.8,
    "Men": 1.2,
    "Kids": 0.9,
    "Home": 1.0,
    "Electronics": 1.2,
    "Toys & collectibles": 0.9,
    "Sports & outdoors": 0.7,
    "Beauty": 0.7,
    "Books, music & media": 0.7,
    "Vintage & antiques": 0.6,
    "Other": 0.4,
}
# Weights in Listing.Condition order: new, like new, good, fair, poor.
CONDITION_WEIGHTS = {
    "usual": [15, 30, 35, 15, 5],
    "beauty": [55, 35, 10, 0, 0],
    "vintage": [2, 10, 50, 30, 8],
    "media": [10, 30, 45, 12, 3],
}
CONDITION_PRICE_FACTORS = {
    Listing.Condition.NEW: 1.0,
    Listing.Condition.LIKE_NEW: 0.9,
    Listing.Condition.GOOD: 0.78,
    Listing.Condition.FAIR: 0.6,
    Listing.Condition.POOR: 0.4,
}
LUXURY_BRANDS = {
    "Gucci", "Prada", "Louis Vuitton", "Chanel", "Hermès", "Dior", "Burberry",
    "Versace", "Fendi", "Balenciaga", "Saint Laurent", "Givenchy", "Valentino",
    "Canada Goose", "Moncler", "Tiffany & Co.", "David Yurman", "Cartier",
    "Golden Goose", "Common Projects", "Rimowa", "Tom Ford",
}  # fmt: skip
NEW_TAGS = {"clothing": "NWT", "shoes": "new in box", "goods": "new", "media": "sealed"}
SIZES = {
    "women": ["XS", "S", "M", "L", "XL", "XXL"],
    "women_mixed": [
        "XS", "S", "M", "L", "XL", "0", "2", "4", "6", "8", "10", "12", "14",
    ],
    "women_jeans": ["24", "25", "26", "27", "28", "29", "30", "31", "32", "34"],
    "women_shoes": [
        "5", "5.5", "6", "6.5", "7", "7.5", "8", "8.5", "9", "9.5", "10", "11",
    ],
    "men": ["S", "M", "L", "XL", "XXL"],
    "men_pants": [
        "30x30", "30x32", "32x30", "32x32", "33x32", "34x30", "34x32", "36x30", "36x32",
        "38x32",
    ],
    "men_shoes": ["7", "8", "8.5", "9", "9.5", "10", "10.5", "11", "11.5", "12", "13"],
    "baby": [
        "Newborn", "0-3 months", "3-6 months", "6-9 months", "6-12 months", "12 months",
        "18 months", "24 months",
    ],
    "kids": ["2T", "3T", "4T", "5", "6", "7", "8", "10", "12", "14"],
    "kids_shoes": [
        "Toddler 5", "Toddler 6", "Toddler 7", "Toddler 8", "Toddler 9", "Toddler 10",
        "Youth 11", "Youth 12", "Youth 13", "Youth 1", "Youth 2", "Youth 3",
    ],
    "bedding": ["Twin", "Full", "Queen", "King", "California King"],
    "unisex": ["XS", "S", "M", "L", "XL"],
}  # fmt: skip
COLOURS = {
    "clothing": [
        "Black", "White", "Gray", "Navy", "Blue", "Light blue", "Red", "Burgundy",
        "Green", "Olive", "Beige", "Tan", "Brown", "Pink", "Purple", "Yellow",
        "Orange", "Cream", "Multicolor",
    ],
    "metal": ["Gold", "Silver", "Rose gold", "Two-tone"],
    "tech": ["Black", "White", "Silver", "Space gray", "Blue", "Graphite", "Midnight"],
    "home": ["White", "Black", "Natural", "Gray", "Beige", "Walnut", "Sage", "Blue"],
    "gear": ["Black", "Gray", "Blue", "Red", "Green", "Orange", "Yellow"],
}  # fmt: skip
OPENERS = [
    "Selling my {thing}.",
    "{thing}.",
    "Up for grabs: {thing}.",
    "Clearing out and listing this {thing}.",
    "Great {thing} looking for a new home.",
    "{thing}, bought last year.",
    "Gently loved {thing}.",
]
CONDITION_LINES = {
    Listing.Condition.NEW: [
        "Brand new, never used.",
        "New and unopened — it was a gift I never used.",
        "Still in the original packaging.",
        "New with tags attached.",
    ],
    Listing.Condition.LIKE_NEW: [
        "Used once or twice; looks brand new.",
        "Like new, no signs of wear.",
        "In excellent condition.",
        "Barely used, kept in its box.",
    ],
    Listing.Condition.GOOD: [
        "In good used condition.",
        "Gently used with minor signs of wear (see photos).",
        "Works perfectly; a few light marks.",
        "Some normal wear, nothing major.",
    ],
    Listing.Condition.FAIR: [
        "Shows visible wear, priced to match.",
        "Has some flaws (see the last photo), nothing that affects use.",
        "Well loved, with a small scuff and some fading.",
    ],
    Listing.Condition.POOR: [
        "Sold as is: needs some repair.",
        "For parts or a project; has damage, see photos.",
        "Heavily used, priced accordingly.",
    ],
}
CLOSERS = [
    "Smoke-free, pet-free home.",
    "Ships within 1 business day.",
    "Bundle with my other listings to save on shipping.",
    "Open to reasonable offers.",
    "Message me with any questions.",
    "Packed with care.",
    "No returns, so please ask before buying.",
    "Price is firm.",
    "Check out my other items!",
]
GENERAL_NOTES = (
    "Clean and ready to use.",
    "Everything shown in the photos is included.",
    "Happy to send more photos.",
)
CLOTHING_NOTES = (
    'Measurements: {pit}" pit to pit, {length}" long.',
    "Fits true to size.",
    "No stains, holes or pilling.",
    "Washed and ready to wear.",
    "Worn only {uses} times.",
    "Runs slightly small, so check the measurements.",
)
BOTTOMS_NOTES = CLOTHING_NOTES[1:] + ('Inseam {inseam}".',)
SHOE_NOTES = (
    "Soles have plenty of life left.",
    "Comes with the original box.",
    "Insoles are clean.",
    "Fits true to size.",
    "Worn {uses} times, mostly indoors.",
)
BAG_NOTES = (
    "Clean inside, no stains or odors.",
    "Hardware has no scratches.",
    "Comes with the dust bag.",
    "Corners show light wear.",
    "Lots of pockets; fits a tablet.",
)
JEWELRY_NOTES = (
    "Never tarnished; stored in a pouch.",
    "Comes in a gift box.",
    "Clasp works perfectly.",
    "Hypoallergenic and nickel-free.",
)
TECH_NOTES = (
    "Factory reset and ready to set up.",
    "Tested and fully working.",
    "Charger and cable included.",
    "Battery health {battery}%.",
    "Always kept in a case with a screen protector.",
    "Original box included.",
)
HOME_NOTES = (
    'Measures about {width}" x {depth}" x {height}".',
    "From a smoke-free home.",
    "Clean, no chips or cracks.",
    "Selling because we redecorated.",
    "Packed very carefully.",
)
TOY_NOTES = (
    "All pieces included — I checked twice.",
    "Box shows some shelf wear.",
    "Batteries not included.",
    "From a smoke-free home.",
    "Great gift idea.",
)
SPORT_NOTES = (
    "Used for one season.",
    "Stored indoors.",
    "Works great, selling because I upgraded.",
    "Light cosmetic scratches only.",
)
BEAUTY_NOTES = (
    "Swatched once with a clean brush.",
    "Authentic, bought at Sephora.",
    "Expires {year}.",
    "About 90% full.",
    "Not my shade, so it has to go.",
)
MEDIA_NOTES = (
    "No highlighting or writing inside.",
    "Discs are scratch-free and play perfectly.",
    "Spine is uncreased.",
    "Smoke-free home.",
    "Sleeve has light shelf wear.",
)
VINTAGE_NOTES = (
    "Genuine vintage, around the {decade}s.",
    "Some age-appropriate wear.",
    "Found at an estate sale.",
    "A rare find in this condition.",
    "Inherited from my grandmother.",
)
BABY_NOTES = (
    "Never in an accident; expires {year}.",
    "All covers machine-washed.",
    "Folds easily; fits in a small trunk.",
    "From a smoke-free home.",
)

CLOTHING_COLOURS = "clothing"
WOMEN_STYLES = (
    "Oversized, Cropped, Linen, Silk, Ribbed, Floral, Striped, Lightweight, Knit, "
    "Satin, Cotton"
)
MEN_STYLES = "Slim Fit, Relaxed Fit, Heavyweight, Vintage, Organic Cotton"

# -- listings: what sells in each category ---------------------------------------

CATALOGUE: dict[tuple[str, str], Kind] = {
    ("Women", "Tops & blouses"): Kind(
        items="""
        Blouse
        Button-Down Shirt
        Wrap Top
        Cami
        Tank Top
        Sweater
        Cardigan
        Crop Top
        Tunic
        Turtleneck
        Peplum Top
        """,
        price=(8, 45),
        weight=(5, 14),
        brands=(
            "Zara, H&M, Madewell, Free People, Anthropologie, Aritzia, J.Crew, "
            "Reformation, Everlane, Loft, Banana Republic, Ann Taylor, Eileen Fisher, "
            "Uniqlo, Gap, Old Navy"
        ),
        brand_share=0.8,
        styles=WOMEN_STYLES,
        sizes="women",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Women", "Dresses"): Kind(
        items="""
        Midi Dress
        Maxi Dress
        Mini Dress
        Wrap Dress
        Slip Dress
        Shirt Dress
        Sundress
        Sweater Dress
        Cocktail Dress
        Smocked Dress
        """,
        price=(12, 90),
        weight=(8, 20),
        brands=(
            "Reformation, Free People, Anthropologie, Zara, H&M, Madewell, J.Crew, "
            "Banana Republic, Loft, Ann Taylor, Ralph Lauren, Calvin Klein, "
            "Kate Spade, Tory Burch, Ganni, Michael Kors"
        ),
        brand_share=0.8,
        styles="Floral, Linen, Satin, Velvet, Eyelet, Polka Dot, Knit",
        sizes="women_mixed",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Women", "Jeans"): Kind(
        items="""
        Skinny Jeans
        Straight-Leg Jeans
        Mom Jeans
        Wide-Leg Jeans
        Bootcut Jeans
        Flare Jeans
        Boyfriend Jeans
        Jean Shorts
        """,
        price=(15, 70),
        weight=(16, 28),
        brands=(
            "Levi's, Madewell, Abercrombie, American Eagle, Gap, J.Crew, Wrangler, "
            "Lee, Free People, Everlane, Zara, Old Navy, Hollister, Calvin Klein"
        ),
        brand_share=0.85,
        styles="High-Rise, Mid-Rise, Distressed, Dark Wash, Light Wash, Black",
        sizes="women_jeans",
        notes=BOTTOMS_NOTES,
        family="clothing",
    ),
    ("Women", "Coats & jackets"): Kind(
        items="""
        Puffer Jacket
        Trench Coat
        Wool Coat
        Denim Jacket
        Leather Jacket
        Rain Jacket
        Blazer
        Fleece Jacket
        Parka
        Quilted Vest
        """,
        price=(25, 180),
        weight=(20, 56),
        brands=(
            "The North Face, Patagonia, Columbia, Canada Goose, Barbour, Burberry, "
            "Levi's, Zara, J.Crew, Madewell, Aritzia, Lululemon, Arc'teryx, Marmot, "
            "L.L.Bean, Eddie Bauer"
        ),
        brand_share=0.8,
        styles="Cropped, Longline, Oversized, Belted, Waterproof, Faux Fur",
        sizes="women",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Women", "Shoes"): Kind(
        items="""
        Ankle Boots
        Knee-High Boots
        Ballet Flats
        Loafers
        Heels
        Sandals
        Mules
        Running Shoes
        Platform Sneakers
        Clogs
        """,
        price=(20, 120),
        weight=(24, 48),
        brands=(
            "Steve Madden, Sam Edelman, Dr. Martens, UGG, Birkenstock, Clarks, Nike, "
            "Adidas, Vans, Converse, Tory Burch, Coach, Hoka, Veja, Allbirds, Rothy's, "
            "Teva, Cole Haan, Timberland"
        ),
        brand_share=0.85,
        styles="Leather, Suede, Block-Heel, Pointed-Toe, Chunky",
        sizes="women_shoes",
        colours=CLOTHING_COLOURS,
        notes=SHOE_NOTES,
        family="shoes",
    ),
    ("Women", "Bags & purses"): Kind(
        items="""
        Crossbody Bag
        Tote Bag
        Shoulder Bag
        Clutch
        Mini Backpack
        Belt Bag
        Wallet
        Satchel
        Bucket Bag
        Hobo Bag
        """,
        price=(15, 180),
        weight=(10, 40),
        brands=(
            "Coach, Kate Spade, Michael Kors, Tory Burch, Marc Jacobs, Louis Vuitton, "
            "Gucci, Prada, Longchamp, Vera Bradley, Dooney & Bourke, Rebecca Minkoff, "
            "Fossil, Herschel, Kipling, Brahmin, Fjällräven"
        ),
        brand_share=0.85,
        styles="Leather, Quilted, Canvas, Woven, Pebbled Leather",
        colours=CLOTHING_COLOURS,
        notes=BAG_NOTES,
    ),
    ("Women", "Jewelry"): Kind(
        items="""
        Necklace
        Pendant Necklace
        Hoop Earrings
        Stud Earrings
        Bracelet
        Charm Bracelet
        Ring
        Anklet
        Brooch
        Cuff Bracelet
        """,
        price=(10, 120),
        weight=(2, 6),
        brands=(
            "Pandora, Kendra Scott, Swarovski, Alex and Ani, Tiffany & Co., "
            "David Yurman"
        ),
        brand_share=0.45,
        styles=(
            "Sterling Silver, 14k Gold-Filled, Pearl, Beaded, Minimalist, Layered, "
            "Crystal, Turquoise"
        ),
        colours="metal",
        notes=JEWELRY_NOTES,
    ),
    ("Women", "Activewear"): Kind(
        items="""
        Leggings
        Sports Bra
        Running Shorts
        Yoga Pants
        Zip-Up Jacket
        Workout Tank
        Joggers
        Half-Zip Pullover
        Bike Shorts
        Tennis Skirt
        """,
        price=(10, 70),
        weight=(5, 16),
        brands=(
            "Lululemon, Athleta, Nike, Adidas, Under Armour, Outdoor Voices, "
            "Fabletics, Gymshark, Puma, Reebok, Champion"
        ),
        brand_share=0.85,
        styles="High-Waisted, Seamless, Cropped, Reflective",
        sizes="women",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Women", "Swimwear"): Kind(
        items="""
        Bikini Set
        One-Piece Swimsuit
        Bikini Top
        Swim Bottoms
        Cover-Up
        Rash Guard
        Tankini
        """,
        price=(10, 60),
        weight=(4, 10),
        brands="Roxy, Billabong, Athleta, Free People, J.Crew, Old Navy",
        brand_share=0.6,
        styles="Ribbed, Floral, High-Waisted, Ruffled",
        sizes="women",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES[1:],
        family="clothing",
    ),
    ("Men", "T-shirts"): Kind(
        items="""
        Graphic Tee
        Crew Neck Tee
        V-Neck Tee
        Pocket Tee
        Band Tee
        Long Sleeve Tee
        Henley
        Tee 3-Pack
        """,
        price=(5, 35),
        weight=(4, 10),
        brands=(
            "Nike, Adidas, Uniqlo, Carhartt, Champion, Patagonia, Levi's, Gap, "
            "Supreme, Stüssy, Ralph Lauren"
        ),
        brand_share=0.7,
        styles=MEN_STYLES,
        sizes="men",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Men", "Shirts"): Kind(
        items="""
        Oxford Shirt
        Flannel Shirt
        Dress Shirt
        Linen Shirt
        Denim Shirt
        Polo Shirt
        Camp Collar Shirt
        Chambray Shirt
        Overshirt
        """,
        price=(10, 60),
        weight=(6, 14),
        brands=(
            "Ralph Lauren, Polo Ralph Lauren, J.Crew, Brooks Brothers, Vineyard Vines, "
            "Banana Republic, Uniqlo, Tommy Hilfiger, Lacoste, Bonobos, Patagonia, "
            "Pendleton, L.L.Bean, Southern Tide, Johnnie-O, Hugo Boss"
        ),
        brand_share=0.8,
        styles=MEN_STYLES,
        sizes="men",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Men", "Jeans & pants"): Kind(
        items="""
        Slim Jeans
        Straight Jeans
        Chinos
        Cargo Pants
        Work Pants
        Dress Pants
        Joggers
        Corduroy Pants
        Chino Shorts
        """,
        price=(12, 80),
        weight=(14, 30),
        brands=(
            "Levi's, Wrangler, Carhartt, Lee, Bonobos, J.Crew, Gap, Uniqlo, "
            "Banana Republic, Everlane, American Eagle, Patagonia"
        ),
        brand_share=0.8,
        styles="Slim Fit, Relaxed Fit, Stretch, Dark Wash, Raw Denim",
        sizes="men_pants",
        colours=CLOTHING_COLOURS,
        notes=BOTTOMS_NOTES,
        family="clothing",
    ),
    ("Men", "Coats & jackets"): Kind(
        items="""
        Puffer Jacket
        Down Parka
        Rain Shell
        Fleece Jacket
        Denim Jacket
        Leather Jacket
        Bomber Jacket
        Chore Coat
        Peacoat
        Softshell Jacket
        Waxed Jacket
        """,
        price=(30, 220),
        weight=(20, 64),
        brands=(
            "The North Face, Patagonia, Arc'teryx, Carhartt, Columbia, Canada Goose, "
            "Barbour, Filson, Levi's, L.L.Bean, Marmot, Mountain Hardwear, "
            "Outdoor Research, Eddie Bauer, Moncler"
        ),
        brand_share=0.85,
        sizes="men",
        colours=CLOTHING_COLOURS,
        notes=CLOTHING_NOTES,
        family="clothing",
    ),
    ("Men", "Shoes"): Kind(
        items="""
        Chelsea Boots
        Work Boots
        Loafers
        Oxfords
        Derby Shoes
        Boat Shoes
        Slides
        Sandals
        Hiking Boots
        Moccasins
        """,
        price=(25, 150),
        weight=(32, 64),
        brands=(
            "Timberland, Dr. Martens, Clarks, Cole Haan, Sperry, Birkenstock, Merrell, "
            "Keen, Salomon, Teva, Chaco, UGG, Allbirds"
        ),
        brand_share=0.85,
        styles="Leather, Suede, Waterproof",
        sizes="men_shoes",
        colours=CLOTHING_COLOURS,
        notes=SHOE_NOTES,
        family="shoes",
    ),
    ("Men", "Sneakers"): Kind(
        items="""
        Nike|Air Force 1 '07|60|110
        Nike|Air Max 90|60|130
        Nike|Dunk Low|80|180
        Nike|Air Jordan 1 Mid|70|160
        Adidas|Samba OG|55|110
        Adidas|Ultraboost 22|50|120
        Adidas|Stan Smith|35|80
        New Balance|550|50|110
        New Balance|990v5|70|160
        Asics|Gel-Kayano 29|45|100
        Vans|Old Skool|25|55
        Converse|Chuck Taylor All Star High|20|50
        Hoka|Clifton 9|50|110
        On Running|Cloud 5|50|110
        Saucony|Jazz Original|25|60
        Puma|Suede Classic|25|60
        Reebok|Club C 85|30|65
        Golden Goose|Super-Star|200|420
        Common Projects|Achilles Low|150|300
        Veja|V-10|60|120
        Brooks|Ghost 15|45|100
        Salomon|XT-6|90|170
        """,
        price=(30, 120),
        weight=(32, 56),
        sizes="men_shoes",
        colours=CLOTHING_COLOURS,
        notes=SHOE_NOTES,
        family="shoes",
    ),
    ("Men", "Watches"): Kind(
        items="""
        Seiko|5 Sports Automatic|120|260
        Casio|G-Shock DW5600|35|80
        Casio|F-91W|8|20
        Citizen|Eco-Drive Chronograph|80|220
        Timex|Weekender|20|45
        Fossil|Grant Chronograph|40|95
        Tissot|PRX Quartz|180|330
        Bulova|Precisionist|120|280
        Garmin|Forerunner 255|120|230
        Apple|Watch Series 8 45mm|180|300
        Omega|Seamaster Quartz (1990s)|900|1800
        Tag Heuer|Aquaracer|700|1400
        Movado|Museum Classic|150|350
        Swatch|Originals Gent|20|50
        """,
        price=(20, 200),
        weight=(6, 16),
        colours="metal",
        notes=("Keeps perfect time.", "New battery last month.", *JEWELRY_NOTES[1:]),
    ),
    ("Men", "Accessories"): Kind(
        items="""
        Leather Belt
        Wallet
        Baseball Cap
        Beanie
        Sunglasses
        Silk Tie
        Backpack
        Card Holder
        Scarf
        Duffel Bag
        """,
        price=(10, 90),
        weight=(3, 32),
        brands=(
            "Ray-Ban, Oakley, Carhartt, Patagonia, Herschel, Fossil, Coach, "
            "Ralph Lauren, Tumi, JanSport, Filson, Nike, Stüssy"
        ),
        brand_share=0.7,
        colours=CLOTHING_COLOURS,
        notes=BAG_NOTES[:2] + GENERAL_NOTES,
    ),
    ("Kids", "Baby clothing"): Kind(
        items="""
        Onesie Set
        Sleeper
        Footed Pajamas
        Romper
        Bodysuit Bundle (5 pcs)
        Knit Cardigan
        Snowsuit
        Swaddle Set
        Baby Clothes Lot (20 pcs)
        """,
        price=(5, 35),
        weight=(6, 24),
        brands="Carter's, OshKosh, Hanna Andersson, Janie and Jack, Gap Kids, Old Navy",
        brand_share=0.75,
        sizes="baby",
        colours=CLOTHING_COLOURS,
        notes=(
            "Outgrown before it was worn much.",
            "No stains.",
            "Washed in free & clear detergent.",
        ),
        family="clothing",
    ),
    ("Kids", "Girls' clothing"): Kind(
        items="""
        Dress
        Leggings Set
        Tutu Skirt
        Hoodie
        Puffer Jacket
        Swimsuit
        Pajama Set
        Denim Jacket
        Clothing Bundle (8 pcs)
        """,
        price=(6, 40),
        weight=(6, 32),
        brands=(
            "Gap Kids, Carter's, Hanna Andersson, Janie and Jack, Old Navy, Nike, "
            "Adidas, H&M, Zara, Patagonia"
        ),
        brand_share=0.75,
        sizes="kids",
        colours=CLOTHING_COLOURS,
        notes=(
            "Outgrown, still lots of wear left.",
            "No stains or holes.",
            "Smoke-free home.",
        ),
        family="clothing",
    ),
    ("Kids", "Boys' clothing"): Kind(
        items="""
        Graphic Tee
        Hoodie
        Jeans
        Joggers
        Polo Shirt
        Puffer Jacket
        Pajama Set
        Swim Trunks
        Clothing Bundle (10 pcs)
        """,
        price=(6, 40),
        weight=(6, 32),
        brands=(
            "Gap Kids, Carter's, OshKosh, Old Navy, Nike, Adidas, Under Armour, H&M, "
            "Patagonia, Hanna Andersson"
        ),
        brand_share=0.75,
        sizes="kids",
        colours=CLOTHING_COLOURS,
        notes=(
            "Outgrown, still lots of wear left.",
            "No stains or holes.",
            "Smoke-free home.",
        ),
        family="clothing",
    ),
    ("Kids", "Kids' shoes"): Kind(
        items="""
        Sneakers
        Rain Boots
        Snow Boots
        Sandals
        Light-Up Sneakers
        Water Shoes
        Mary Janes
        """,
        price=(8, 45),
        weight=(12, 32),
        brands="Nike, Adidas, Converse, Vans, Crocs, UGG, Skechers, Keen, New Balance",
        brand_share=0.8,
        sizes="kids_shoes",
        colours=CLOTHING_COLOURS,
        notes=SHOE_NOTES,
        family="shoes",
    ),
    ("Kids", "Strollers & car seats"): Kind(
        items="""
        UPPAbaby|Vista V2 Stroller|350|650|480
        UPPAbaby|Cruz V2 Stroller|200|400|400
        UPPAbaby|Mesa Infant Car Seat|90|180|240
        Graco|Modes Travel System|90|180|560
        Graco|4Ever DLX Car Seat|100|190|400
        Chicco|KeyFit 30 Infant Car Seat|70|140|240
        Chicco|Bravo Trio Travel System|120|220|560
        Britax|B-Free Stroller|150|280|400
        Britax|Boulevard ClickTight Car Seat|120|220|400
        Baby Bjorn|Baby Carrier One|60|120|48
        |Umbrella Stroller|20|60|200
        |Jogging Stroller|60|180|480
        |Stroller Rain Cover|8|20|12
        """,
        price=(20, 200),
        weight=(160, 500),
        colours="gear",
        notes=BABY_NOTES,
    ),
    ("Kids", "Nursery"): Kind(
        items="""
        Crib Mobile
        Changing Pad
        Baby Monitor
        Bassinet
        Crib Sheets (set of 3)
        Diaper Caddy
        Night Light
        Play Mat
        Baby Bouncer
        Glider Cushions
        """,
        price=(10, 120),
        weight=(16, 240),
        brands="Fisher-Price, Baby Bjorn, Graco, Hape, Melissa & Doug, Philips",
        brand_share=0.5,
        colours="home",
        notes=BABY_NOTES[1:] + HOME_NOTES[1:3],
    ),
    ("Home", "Kitchen & dining"): Kind(
        items="""
        KitchenAid|Artisan Stand Mixer|180|320|400
        Le Creuset|Dutch Oven 5.5 qt|150|280|240
        Staub|Cocotte 4 qt|120|220|200
        Lodge|Cast Iron Skillet 12"|15|35|140
        All-Clad|Stainless Fry Pan 10"|45|90|60
        Instant Pot|Duo 6 qt|35|70|200
        Ninja|Air Fryer|40|90|200
        Vitamix|5200 Blender|180|320|220
        Breville|Barista Express|300|520|400
        Nespresso|Vertuo Next|60|120|160
        Keurig|K-Elite|45|90|200
        Cuisinart|14-Cup Food Processor|60|140|280
        Pyrex|Glass Storage Set|12|30|120
        Smeg|Electric Kettle|70|140|80
        Hamilton Beach|2-Slice Toaster|10|25|80
        |Dinnerware Set (16 pcs)|25|80|320
        |Wine Glasses (set of 4)|15|40|80
        |Knife Block Set|30|120|120
        |End-Grain Cutting Board|15|45|80
        """,
        price=(15, 80),
        weight=(24, 320),
        colours="home",
        notes=HOME_NOTES[1:],
    ),
    ("Home", "Furniture"): Kind(
        items="""
        Accent Chair
        Coffee Table
        Bookshelf
        Dresser
        Nightstand
        Dining Chairs (set of 2)
        Loveseat
        Writing Desk
        Bar Stools (pair)
        TV Stand
        Side Table
        Ottoman
        Herman Miller|Aeron Office Chair|350|750|720
        Steelcase|Leap V2 Office Chair|250|550|720
        """,
        price=(40, 450),
        weight=(320, 800),
        brands=(
            "IKEA, West Elm, Pottery Barn, Crate & Barrel, Restoration Hardware, "
            "Wayfair, Ethan Allen, La-Z-Boy"
        ),
        brand_share=0.55,
        styles="Mid-Century, Solid Wood, Rattan, Velvet, Farmhouse, Walnut, Oak",
        colours="home",
        notes=HOME_NOTES,
    ),
    ("Home", "Home decor"): Kind(
        items="""
        Throw Pillow Covers (set of 2)
        Wall Mirror
        Vase
        Framed Print
        Candle Holders
        Faux Olive Tree
        Area Rug 5x7
        Wall Clock
        Decorative Tray
        Table Runner
        """,
        price=(8, 120),
        weight=(8, 160),
        brands=(
            "Anthropologie, Pottery Barn, West Elm, Crate & Barrel, IKEA, "
            "Williams Sonoma"
        ),
        brand_share=0.45,
        styles="Boho, Ceramic, Brass, Rattan, Minimalist, Vintage-Style",
        colours="home",
        notes=HOME_NOTES,
    ),
    ("Home", "Bedding & bath"): Kind(
        items="""
        Duvet Cover Set
        Sheet Set
        Quilt
        Bath Towels (set of 4)
        Weighted Blanket
        Throw Blanket
        Shower Curtain
        Bath Mat
        Down Pillows (pair)
        """,
        price=(12, 150),
        weight=(16, 240),
        brands=(
            "Pottery Barn, Casper, Purple, Tempur-Pedic, Crate & Barrel, West Elm, "
            "Pendleton, IKEA, Muji"
        ),
        brand_share=0.5,
        styles="Linen, Percale, Sateen, Organic Cotton, Waffle-Knit",
        sizes="bedding",
        colours="home",
        notes=("Washed once, never used on a bed.", *HOME_NOTES[1:2]),
    ),
    ("Home", "Lighting"): Kind(
        items="""
        Table Lamp
        Floor Lamp
        Desk Lamp
        Pendant Light
        String Lights
        Wall Sconce
        Arc Floor Lamp
        Philips|Hue Go Lamp|40|70|40
        """,
        price=(10, 160),
        weight=(16, 240),
        brands="IKEA, West Elm, Pottery Barn, Crate & Barrel",
        brand_share=0.45,
        styles="Brass, Ceramic, Mid-Century, Rattan, Mushroom",
        colours="home",
        notes=("Bulb included.", "Works perfectly.", *HOME_NOTES[:2]),
    ),
    ("Home", "Storage & organization"): Kind(
        items="""
        Storage Bins (set of 3)
        Closet Organizer
        Shoe Rack
        Rolling Cart
        Drawer Organizers
        Woven Baskets (set of 2)
        Pantry Containers (set of 8)
        Over-the-Door Organizer
        """,
        price=(8, 60),
        weight=(16, 160),
        brands="IKEA, Muji, Pottery Barn",
        brand_share=0.4,
        colours="home",
        notes=HOME_NOTES,
    ),
    ("Home", "Garden & patio"): Kind(
        items="""
        Patio Chairs (pair)
        Ceramic Planter Pots
        Garden Hose Reel
        Solar String Lights
        Bistro Set
        Raised Garden Bed
        Pruning Shears
        Bird Feeder
        Solo Stove|Bonfire 2.0|150|260|400
        Weber|Spirit II Gas Grill|200|380|800
        Traeger|Pro 575 Pellet Grill|400|700|800
        Blackstone|28" Griddle|120|220|700
        """,
        price=(10, 150),
        weight=(16, 480),
        colours="home",
        notes=(
            "Stored in the garage over winter.",
            "Local pickup also possible.",
            *SPORT_NOTES[-1:],
        ),
    ),
    ("Electronics", "Cell phones"): Kind(
        items="""
        Apple|iPhone 15 128GB|480|650
        Apple|iPhone 14 128GB|350|480
        Apple|iPhone 13 mini 128GB|250|360
        Apple|iPhone 12 64GB|180|260
        Apple|iPhone SE (3rd gen)|120|200
        Samsung|Galaxy S23 256GB|380|520
        Samsung|Galaxy S22 128GB|250|360
        Samsung|Galaxy A54|150|240
        Google|Pixel 8|330|470
        Google|Pixel 7a|200|290
        Anker|MagGo Power Bank|25|45
        |Wireless Charging Pad|10|25
        """,
        price=(10, 300),
        weight=(6, 14),
        colours="tech",
        notes=("Unlocked, works with any carrier.", *TECH_NOTES),
    ),
    ("Electronics", "Computers & laptops"): Kind(
        items="""
        Apple|MacBook Air M1 13"|450|650|64
        Apple|MacBook Air M2 13"|650|900|64
        Apple|MacBook Pro 14" M1 Pro|950|1400|80
        Apple|Mac mini M2|380|520|48
        Dell|XPS 13 Laptop|350|650|64
        Dell|27" 4K Monitor|120|240|320
        Lenovo|ThinkPad X1 Carbon|350|700|64
        HP|Spectre x360|350|650|64
        Asus|ROG Zephyrus G14|700|1100|96
        Microsoft|Surface Laptop 5|400|700|64
        Logitech|MX Master 3S Mouse|50|80|12
        Logitech|MX Keys Keyboard|50|85|32
        Razer|BlackWidow V3 Keyboard|40|90|48
        Corsair|K70 RGB Keyboard|50|100|48
        """,
        price=(50, 600),
        weight=(16, 120),
        colours="tech",
        notes=TECH_NOTES,
    ),
    ("Electronics", "Tablets & e-readers"): Kind(
        items="""
        Apple|iPad 9th Gen 64GB|170|240
        Apple|iPad Air 5th Gen|350|480
        Apple|iPad Pro 11" M1|500|700
        Apple|Pencil (2nd gen)|50|80|4
        Samsung|Galaxy Tab S8|300|450
        Kindle|Paperwhite (11th gen)|70|110|12
        Kindle|Scribe|180|260
        Amazon|Fire HD 10|50|90
        Microsoft|Surface Go 3|200|320
        """,
        price=(50, 300),
        weight=(12, 32),
        colours="tech",
        notes=TECH_NOTES,
    ),
    ("Electronics", "Video games & consoles"): Kind(
        items="""
        Nintendo|Switch OLED|230|300|48
        Nintendo|Switch Lite|120|170|24
        Nintendo|Zelda: Tears of the Kingdom|35|50|4
        Nintendo|Mario Kart 8 Deluxe|30|45|4
        Nintendo|GameCube Console|90|160|96
        PlayStation|5 Disc Edition|350|450|200
        PlayStation|DualSense Controller|40|60|16
        PlayStation|4 Slim 1TB|150|220|140
        Xbox|Series X|330|420|220
        Xbox|Series S|180|250|120
        Xbox|Wireless Controller|30|50|16
        SteelSeries|Arctis 7 Headset|70|120|24
        HyperX|Cloud II Headset|40|70|24
        |Video Game Bundle (5 games)|40|100|16
        """,
        price=(20, 300),
        weight=(4, 160),
        colours="tech",
        notes=("Discs are scratch-free.", *TECH_NOTES[1:3]),
    ),
    ("Electronics", "Cameras & photo"): Kind(
        items="""
        Canon|EOS Rebel T7 Kit|280|420
        Canon|EF 50mm f/1.8 STM Lens|80|120
        Nikon|D3500 Kit|280|400
        Nikon|Z fc Body|600|850
        Sony|Alpha a6400 Body|600|800
        Sony|RX100 VA|450|650
        Fujifilm|X-T30 II|650|900
        Fujifilm|Instax Mini 12|45|70
        Olympus|OM-D E-M10 IV|400|550
        GoPro|HERO11 Black|220|320
        DJI|Mini 3 Drone|350|520
        DJI|Osmo Mobile 6|60|100
        Polaroid|Now+ Camera|70|110
        Kodak|Ektar H35 Film Camera|25|45
        |Carbon Fiber Tripod|30|90
        |Camera Sling Bag|20|60
        """,
        price=(20, 300),
        weight=(12, 64),
        colours="tech",
        notes=(
            "Shutter count under 5,000.",
            "Lens is clean, no fungus or haze.",
            *TECH_NOTES[1:3],
        ),
    ),
    ("Electronics", "Headphones & audio"): Kind(
        items="""
        Apple|AirPods Pro (2nd gen)|140|190
        Apple|AirPods (3rd gen)|90|130
        Sony|WH-1000XM5|220|300
        Sony|WF-1000XM4 Earbuds|110|170
        Bose|QuietComfort 45|150|220
        Bose|SoundLink Flex|80|120
        JBL|Charge 5 Speaker|90|140
        JBL|Flip 6|65|100
        Beats|Studio Buds|70|110
        Sennheiser|HD 600|220|320
        Audio-Technica|ATH-M50x|90|130
        Audio-Technica|AT-LP60X Turntable|70|110|160
        Shure|SM58 Microphone|60|90
        Sonos|One (Gen 2)|120|170|80
        Marshall|Emberton II|100|140
        Skullcandy|Crusher Evo|70|110
        Bang & Olufsen|Beoplay H95|450|650
        """,
        price=(30, 200),
        weight=(8, 48),
        colours="tech",
        notes=("Ear tips cleaned and replaced.", *TECH_NOTES[1:3]),
    ),
    ("Electronics", "TVs & home theater"): Kind(
        items="""
        Samsung|55" QLED 4K TV|300|550|800
        LG|C2 55" OLED TV|700|1100|800
        Sony|Bravia 65" 4K TV|450|800|800
        TCL|50" 4K Roku TV|150|250|640
        Vizio|Soundbar with Subwoofer|80|160|320
        Sonos|Beam (Gen 2)|300|420|160
        Roku|Streaming Stick 4K|25|40|8
        Amazon|Fire TV Stick 4K|20|35|8
        Bose|Smart Soundbar 600|280|400|160
        Apple|TV 4K (2022)|90|130|16
        """,
        price=(30, 300),
        weight=(8, 800),
        colours="tech",
        notes=("Remote included.", "Wall mount not included.", *TECH_NOTES[1:2]),
    ),
    ("Electronics", "Smart home"): Kind(
        items="""
        Ring|Video Doorbell 4|80|140
        Nest|Learning Thermostat|120|190
        Nest|Hub (2nd gen)|45|70
        Amazon|Echo Dot (5th gen)|20|35
        Amazon|Echo Show 8|60|100
        Philips|Hue White & Color Starter Kit|90|150
        iRobot|Roomba i3+|200|330|320
        Shark|Robot Vacuum AV1010|120|220|320
        Google|Nest Mini|20|35
        Ring|Stick Up Cam|50|90
        Dyson|Pure Cool Purifier Fan|200|350|320
        """,
        price=(20, 200),
        weight=(8, 64),
        colours="tech",
        notes=("Removed from my account and reset.", *TECH_NOTES[1:3]),
    ),
    ("Toys & collectibles", "Action figures"): Kind(
        items="""
        Hasbro|Marvel Legends Spider-Man|20|45
        Hasbro|Star Wars Black Series Boba Fett|25|50
        Hasbro|Transformers Optimus Prime|25|70
        Mattel|WWE Elite Figure|15|35
        Bandai|S.H.Figuarts Goku|45|90
        |Vintage Action Figure Lot (12)|30|120
        |Ninja Turtles Figures (1989)|15|60
        |Superhero Figure Bundle|15|40
        """,
        price=(10, 60),
        weight=(6, 32),
        notes=TOY_NOTES,
        family="media",
    ),
    ("Toys & collectibles", "Building toys"): Kind(
        items="""
        Lego|Star Wars Millennium Falcon 75257|90|160|80
        Lego|Technic Bugatti Chiron|250|400|240
        Lego|Creator Expert Assembly Square|200|350|200
        Lego|City Police Station|50|90|64
        Lego|Friends Heartlake City Resort|50|90|64
        Lego|Ideas Tree House|180|260|120
        Lego|Bulk Bricks (5 lbs)|40|80|96
        Lego|Botanical Bonsai Tree|35|50|32
        Melissa & Doug|Wooden Blocks Set|15|30|80
        Hape|Marble Run|25|50|80
        |Magnetic Building Tiles (100 pcs)|40|80|96
        """,
        price=(15, 80),
        weight=(16, 160),
        notes=TOY_NOTES,
        family="media",
    ),
    ("Toys & collectibles", "Dolls"): Kind(
        items="""
        American Girl|Doll with Outfit|60|120
        Barbie|Dreamhouse|90|160|480
        Barbie|Signature Doll|25|60
        Mattel|Monster High Doll|20|50
        Melissa & Doug|Mine to Love Doll|15|25
        |Porcelain Doll|15|60
        |Dollhouse Furniture Set|20|50
        |Doll Clothes Bundle|10|30
        """,
        price=(10, 60),
        weight=(16, 64),
        notes=TOY_NOTES,
    ),
    ("Toys & collectibles", "Board games & puzzles"): Kind(
        items="""
        Hasbro|Monopoly Classic|10|25
        Hasbro|Clue|10|20
        Mattel|UNO Deluxe|5|15
        Games Workshop|Warhammer 40K Starter Set|60|110
        |Catan|25|40
        |Ticket to Ride|25|40
        |Wingspan|35|50
        |Codenames|10|18
        |1000-Piece Jigsaw Puzzle|8|20
        |Pandemic|20|30
        |Wooden Chess Set|20|60
        |Scrabble Deluxe|25|50
        """,
        price=(8, 40),
        weight=(16, 64),
        notes=(
            "All pieces counted.",
            "Puzzle is complete — assembled once.",
            *TOY_NOTES[1:2],
        ),
        family="media",
        conditions="media",
    ),
    ("Toys & collectibles", "Trading cards"): Kind(
        items="""
        Pokémon|Charizard VMAX Card|40|150
        Pokémon|Booster Box (sealed)|100|180
        Pokémon|Card Lot (200 cards)|25|60
        Magic: The Gathering|Commander Deck|30|60
        Magic: The Gathering|Rare Lot (50)|30|90
        Yu-Gi-Oh!|Blue-Eyes White Dragon|20|80
        Topps|Chrome Baseball Hobby Box|150|300
        Topps|Rookie Card Lot|20|60
        Panini|Prizm Basketball Blaster|40|80
        Upper Deck|Hockey Series 1 Box|80|150
        """,
        price=(10, 100),
        weight=(2, 24),
        notes=(
            "Pulled straight into a sleeve and top loader.",
            "Ships in a bubble mailer.",
            "Centering looks great.",
        ),
        family="media",
    ),
    ("Toys & collectibles", "Stuffed animals"): Kind(
        items="""
        Squishmallows|16" Plush|15|40
        Jellycat|Bashful Bunny|20|40
        Build-A-Bear|Teddy Bear with Outfit|15|35
        Pokémon|Pikachu Plush|15|40
        |Vintage Teddy Bear|15|60
        |Giant Plush Bear|25|60|160
        |Plush Lot (10)|15|40
        """,
        price=(10, 40),
        weight=(8, 64),
        notes=TOY_NOTES[3:] + ("Tags still attached.",),
    ),
    ("Toys & collectibles", "Collectible figures"): Kind(
        items="""
        Funko|Pop! Marvel Figure|10|30
        Funko|Pop! Exclusive Chase|30|90
        Bandai|Gundam Model Kit (MG)|40|80
        Hot Wheels|Redline Car (1969)|20|120
        Hot Wheels|Treasure Hunt Lot|20|60
        Hummel|Goebel Figurine|20|80
        Games Workshop|Painted Miniatures Lot|40|150
        |Anime Figure (boxed)|30|90
        |Resin Statue|60|250
        """,
        price=(15, 80),
        weight=(6, 48),
        notes=(
            "Box is in great shape.",
            "Displayed in a glass cabinet.",
            *TOY_NOTES[3:4],
        ),
        family="media",
    ),
    ("Sports & outdoors", "Cycling"): Kind(
        items="""
        Trek|FX 2 Hybrid Bike|350|600|800
        Specialized|Rockhopper Mountain Bike|350|650|800
        Cannondale|CAAD Optimo Road Bike|500|900|800
        Giant|Escape 3|250|420|800
        Schwinn|Cruiser Bike|120|250|800
        |Bike Helmet|15|50|32
        |Clipless Pedals|20|60|16
        |Bike Lights Set|10|35|8
        |Hitch Bike Rack|60|180|480
        |Cycling Jersey|15|40|8
        """,
        price=(15, 100),
        weight=(8, 64),
        colours="gear",
        notes=(
            "Tuned up at a shop last month.",
            "Frame fits riders about 5'6\" to 6'0\".",
            *SPORT_NOTES,
        ),
    ),
    ("Sports & outdoors", "Camping & hiking"): Kind(
        items="""
        Yeti|Tundra 45 Cooler|180|260|400
        Yeti|Rambler 30 oz Tumbler|20|30|24
        Coleman|4-Person Tent|40|90|240
        REI|Half Dome 2 Tent|120|200|96
        Osprey|Atmos AG 65 Backpack|160|240|80
        Kelty|Cosmic Down Sleeping Bag|80|130|64
        Hydro Flask|32 oz Wide Mouth|20|35|24
        Stanley|Quencher 40 oz|25|45|24
        |Trekking Poles|20|60|24
        |Camp Stove|25|60|48
        |Headlamp|10|30|6
        """,
        price=(20, 150),
        weight=(16, 160),
        colours="gear",
        notes=("Used on two trips.", "Dried and stored properly.", *SPORT_NOTES[1:]),
    ),
    ("Sports & outdoors", "Fitness equipment"): Kind(
        items="""
        Peloton|Bike+|900|1600|800
        Bowflex|SelectTech 552 Dumbbells|200|320|800
        NordicTrack|T 6.5 Treadmill|350|700|800
        Rogue|Kettlebell 35 lb|50|90|600
        Lululemon|The Mat 5mm|40|70|80
        |Adjustable Weight Bench|60|150|640
        |Resistance Bands Set|8|25|16
        |Foam Roller|8|20|24
        |Doorway Pull-Up Bar|15|35|80
        |Rowing Machine|150|450|800
        """,
        price=(10, 200),
        weight=(16, 800),
        colours="gear",
        notes=("Local pickup welcome.", *SPORT_NOTES),
    ),
    ("Sports & outdoors", "Golf"): Kind(
        items="""
        TaylorMade|Stealth Driver|180|300|48
        Callaway|Rogue ST Irons (5-PW)|450|700|240
        Titleist|Pro V1 Golf Balls (dozen)|30|45|24
        Titleist|Vokey SM9 Wedge|90|140|32
        Ping|G425 Hybrid|120|200|32
        Callaway|Stand Bag|80|160|96
        |Golf Rangefinder|80|180|16
        |Golf Shoes|30|80|48
        |Putter|40|150|48
        """,
        price=(30, 200),
        weight=(16, 240),
        notes=(
            "Right-handed, regular flex.",
            "Grips have plenty of life.",
            *SPORT_NOTES,
        ),
    ),
    ("Sports & outdoors", "Team sports"): Kind(
        items="""
        Wilson|A2000 Baseball Glove|120|220
        Rawlings|Heart of the Hide Glove|130|220
        Easton|BBCOR Bat|60|150
        Spalding|NBA Basketball|20|40
        Wilson|NFL Football|20|40
        Bauer|Vapor Hockey Skates|80|200
        CCM|Hockey Stick|50|120
        Nike|Soccer Cleats|30|80
        Adidas|Soccer Ball|15|35
        |Lacrosse Stick|30|80
        |Shin Guards|8|20
        """,
        price=(10, 100),
        weight=(8, 80),
        colours="gear",
        notes=SPORT_NOTES,
    ),
    ("Sports & outdoors", "Water sports"): Kind(
        items="""
        O'Neill|Wetsuit 3/2|70|150|64
        Billabong|Boardshorts|15|40|8
        |Inflatable Paddle Board|150|350|480
        |Kayak Paddle|30|80|96
        |Life Jacket|20|50|48
        |Surfboard 7'2"|200|450|800
        |Snorkel Set|15|40|32
        |Bodyboard|15|40|96
        """,
        price=(15, 150),
        weight=(8, 240),
        colours="gear",
        notes=("Rinsed in fresh water after every use.", *SPORT_NOTES),
    ),
    ("Sports & outdoors", "Winter sports"): Kind(
        items="""
        Burton|Custom Snowboard|200|380|320
        Burton|Step On Bindings|150|230|96
        K2|Mindbender Skis|250|450|320
        Rossignol|Ski Boots|90|200|160
        Salomon|Ski Helmet|50|110|48
        Oakley|Flight Deck Goggles|90|150|16
        Smartwool|Ski Socks (3 pairs)|20|35|8
        |Snow Pants|30|80|32
        |Ski Poles|15|40|48
        |Sled|15|40|160
        """,
        price=(15, 150),
        weight=(8, 240),
        colours="gear",
        notes=("Edges freshly tuned.", *SPORT_NOTES),
    ),
    ("Beauty", "Makeup"): Kind(
        items="""
        Charlotte Tilbury|Pillow Talk Lipstick|15|30
        Fenty Beauty|Pro Filt'r Foundation|20|35
        Urban Decay|Naked Eyeshadow Palette|25|45
        Too Faced|Better Than Sex Mascara|12|22
        NARS|Radiant Creamy Concealer|15|28
        MAC|Matte Lipstick|10|18
        Benefit|Hoola Bronzer|18|30
        Huda Beauty|Obsessions Palette|15|25
        Glossier|Cloud Paint|10|18
        Maybelline|Sky High Mascara|6|12
        NYX|Butter Gloss Bundle|8|18
        e.l.f.|Power Grip Primer|5|10
        Clinique|Almost Lipstick Black Honey|12|20
        Estée Lauder|Double Wear Foundation|25|40
        Lancôme|Hypnôse Mascara|15|25
        |Makeup Bundle (10 pcs)|20|50
        """,
        price=(5, 40),
        weight=(2, 10),
        notes=BEAUTY_NOTES,
        conditions="beauty",
    ),
    ("Beauty", "Skincare"): Kind(
        items="""
        The Ordinary|Niacinamide 10% + Zinc|5|10
        CeraVe|Moisturizing Cream 16 oz|10|18
        La Roche-Posay|Anthelios Sunscreen|15|25
        Tatcha|The Water Cream|40|60
        Glossier|Milky Jelly Cleanser|10|18
        Kate Somerville|ExfoliKate|40|70
        Mario Badescu|Facial Spray Trio|10|20
        Olay|Regenerist Cream|15|25
        Neutrogena|Hydro Boost Gel|8|14
        Clinique|Moisture Surge|20|35
        Sol de Janeiro|Bum Bum Cream|25|40
        |Skincare Sample Bundle|10|30
        """,
        price=(5, 40),
        weight=(4, 16),
        notes=BEAUTY_NOTES[1:],
        conditions="beauty",
    ),
    ("Beauty", "Fragrance"): Kind(
        items="""
        Chanel|Coco Mademoiselle EDP 50 ml|80|120
        Dior|Sauvage EDT 100 ml|80|120
        Jo Malone|Wood Sage & Sea Salt 100 ml|90|130
        Tom Ford|Black Orchid EDP 50 ml|100|150
        Yves Saint Laurent|Black Opium 50 ml|70|110
        Gucci|Bloom EDP 50 ml|70|100
        Versace|Eros EDT 100 ml|50|80
        Sol de Janeiro|Cheirosa 62 Mist|20|30
        Bath & Body Works|Body Mist Set|10|25
        Burberry|Her EDP 50 ml|60|95
        Prada|Paradoxe EDP 50 ml|80|115
        Valentino|Born in Roma 50 ml|80|115
        """,
        price=(20, 100),
        weight=(8, 16),
        notes=(
            "Sprayed a few times; about 95% full.",
            "Comes with the box.",
            *BEAUTY_NOTES[1:2],
        ),
        conditions="beauty",
    ),
    ("Beauty", "Hair care"): Kind(
        items="""
        Olaplex|No. 3 Hair Perfector|15|25|6
        Dyson|Supersonic Hair Dryer|250|330|48
        Dyson|Airwrap Complete|350|480|64
        GHD|Platinum+ Styler|130|200|32
        T3|Cura Hair Dryer|90|150|48
        Babyliss|Pro Nano Titanium Flat Iron|60|100|24
        Hot Tools|1" Curling Iron|20|40|24
        Conair|Infiniti Pro Hot Brush|20|35|32
        Paul Mitchell|Tea Tree Shampoo Liter|15|25|40
        Aveda|Shampoo & Conditioner Set|30|50|32
        Chi|Original Flat Iron|40|70|24
        """,
        price=(10, 80),
        weight=(8, 48),
        colours="tech",
        notes=("Cleaned and works perfectly.", *BEAUTY_NOTES[1:2], *TECH_NOTES[1:2]),
        conditions="beauty",
    ),
    ("Beauty", "Nail care"): Kind(
        items="""
        Gel Polish Set (12 colors)
        UV/LED Nail Lamp
        Press-On Nails (3 sets)
        Nail Polish Lot (20)
        Manicure Kit
        Electric Nail Drill
        Sephora|Nail Polish Set|10|20
        """,
        price=(8, 40),
        weight=(4, 24),
        notes=BEAUTY_NOTES[1:2]
        + ("Colors shown in the photos.", "Most bottles barely used."),
        conditions="beauty",
    ),
    ("Beauty", "Tools & brushes"): Kind(
        items="""
        Sephora|Brush Set (10 pcs)|20|40
        Revlon|One-Step Volumizer|25|40|40
        Conair|True Glow Facial Brush|10|25
        Braun|Silk-épil 9 Epilator|50|90
        Wahl|Clipper Kit|25|45|32
        Oral-B|iO Series 9|120|190
        Sonicare|DiamondClean|90|150
        |Jade Roller & Gua Sha|8|18
        |Lighted Makeup Mirror|20|45|48
        |Makeup Sponge Set|8|16
        """,
        price=(8, 60),
        weight=(4, 40),
        notes=(
            "Cleaned and sanitized.",
            "New brush heads included.",
            *BEAUTY_NOTES[1:2],
        ),
        conditions="beauty",
    ),
    ("Books, music & media", "Books"): Kind(
        items="""
        |Atomic Habits by James Clear (hardcover)|6|15
        |Where the Crawdads Sing (paperback)|4|9
        |The Hunger Games Box Set|15|30
        |Harry Potter Complete Box Set|40|80
        |Dune by Frank Herbert|6|12
        |The Very Hungry Caterpillar (board book)|3|6
        |Cookbook Lot (6 books)|20|40
        |Lord of the Rings Trilogy|20|45
        |Fourth Wing (first edition)|20|60
        |Calculus: Early Transcendentals, 9th Edition|30|80
        |Picture Book Lot (15)|15|35
        |Stephen King Paperback Lot (8)|20|40
        """,
        price=(5, 30),
        weight=(8, 80),
        brands="Penguin Random House, Scholastic",
        brand_share=0.1,
        notes=MEDIA_NOTES[::2] + MEDIA_NOTES[3:4],
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "Comics & manga"): Kind(
        items="""
        Marvel|Amazing Spider-Man #300 (1988)|250|700|8
        Marvel|X-Men Comic Lot (25)|40|120|64
        DC Comics|Batman: The Long Halloween TPB|10|20|24
        DC Comics|Watchmen Deluxe Edition|25|45|48
        Viz|One Piece Vol. 1–20|80|150|160
        Viz|Demon Slayer Complete Set|90|160|200
        Viz|Jujutsu Kaisen Vol. 1–15|60|110|120
        |Manga Lot (30 volumes)|60|140|240
        |Graphic Novel Lot (10)|30|70|120
        |Comic Long Box (200 comics)|80|200|480
        """,
        price=(10, 100),
        weight=(8, 240),
        notes=("Bagged and boarded.", *MEDIA_NOTES[::2]),
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "Vinyl records"): Kind(
        items="""
        |Fleetwood Mac – Rumours LP|15|35
        |Pink Floyd – The Dark Side of the Moon LP|20|45
        |Taylor Swift – Folklore Vinyl|20|40
        |The Beatles – Abbey Road (1969 pressing)|40|150
        |Miles Davis – Kind of Blue LP|20|45
        |Michael Jackson – Thriller LP|15|35
        |Record Lot (30 LPs)|40|120|320
        |Jazz Record Lot (15 LPs)|30|90|160
        |Frank Ocean – Blonde 2LP|60|140
        |Daft Punk – Random Access Memories 2LP|30|55
        """,
        price=(15, 60),
        weight=(16, 32),
        notes=("Plays with no skips.", "Graded VG+ by eye.", *MEDIA_NOTES[4:]),
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "CDs"): Kind(
        items="""
        |CD Lot (40 discs)|20|50|96
        |Taylor Swift – 1989 CD|5|12
        |Nirvana – Nevermind CD|5|10
        |Beyoncé – Lemonade CD|5|12
        |Classical CD Box Set|15|40
        |90s Hip-Hop CD Lot (20)|20|45|64
        Sony|Discman D-EJ011|25|60|24
        """,
        price=(5, 30),
        weight=(4, 24),
        notes=MEDIA_NOTES[1:2] + MEDIA_NOTES[3:],
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "DVDs & Blu-ray"): Kind(
        items="""
        Criterion|Collection Blu-ray|15|30
        |Lord of the Rings Extended Edition Blu-ray|20|40
        |Studio Ghibli Blu-ray Set|40|90
        |Friends Complete Series DVD|20|40
        |Disney DVD Lot (15)|20|45
        |4K Blu-ray Lot (8)|35|70
        |The Office Complete Series DVD|20|40
        """,
        price=(5, 40),
        weight=(4, 64),
        notes=MEDIA_NOTES[1:2] + MEDIA_NOTES[3:],
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "Musical instruments"): Kind(
        items="""
        Fender|Player Stratocaster|450|650|320
        Fender|Squier Telecaster|120|220|320
        Gibson|Les Paul Studio|800|1300|320
        Epiphone|Les Paul Standard|250|420|320
        Yamaha|FG800 Acoustic Guitar|120|180|320
        Yamaha|P-45 Digital Piano|250|380|800
        Taylor|GS Mini|300|450|240
        Martin|D-15M|900|1300|320
        Ibanez|RG421 Electric Guitar|220|330|320
        Roland|TD-07 Electronic Drum Kit|450|650|800
        Korg|Minilogue XD|400|550|240
        Fender|Blues Junior Amp|400|550|480
        Shure|SM57 Microphone|60|90|16
        |Concert Ukulele|25|70|80
        |Violin 4/4 Outfit|80|250|160
        """,
        price=(25, 400),
        weight=(16, 480),
        notes=(
            "Fresh strings, set up recently.",
            "Case included.",
            "Plays and sounds great.",
        ),
    ),
    ("Vintage & antiques", "Vintage clothing"): Kind(
        items="""
        Levi's Vintage|501 Jeans (1990s)|45|120|24
        Levi's|Type III Trucker Jacket (1980s)|60|150|40
        Carhartt|Detroit Jacket (1990s)|80|180|48
        Pendleton|Wool Board Shirt (1970s)|40|90|24
        Champion|Reverse Weave Sweatshirt (1990s)|40|110|24
        Ralph Lauren|Polo Sport Windbreaker (1990s)|50|130|16
        |Single-Stitch Band Tee (1990s)|30|120|8
        |Silk Scarf (1970s)|15|45|4
        |Embroidered Western Shirt|30|80|12
        |Leather Jacket (1980s)|60|180|56
        |Prairie Dress (1970s)|35|90|16
        |Varsity Jacket (1960s)|60|160|48
        """,
        price=(20, 100),
        weight=(8, 48),
        sizes="unisex",
        colours=CLOTHING_COLOURS,
        notes=VINTAGE_NOTES[:2] + CLOTHING_NOTES[:1],
        family="clothing",
        conditions="vintage",
    ),
    ("Vintage & antiques", "Antique furniture"): Kind(
        items="""
        |Mid-Century Walnut Credenza|350|1200
        |Victorian Side Table|120|350
        |Oak Rocking Chair|80|250
        |Cedar Chest|100|300
        |Mission-Style Bookcase|200|550
        |Bentwood Chair|60|180
        |Drop-Leaf Dining Table|150|450
        |Art Deco Vanity|200|600
        |Windsor Chair|80|220
        Ethan Allen|Heirloom Maple Dresser|250|600
        """,
        price=(60, 600),
        weight=(320, 800),
        notes=VINTAGE_NOTES + HOME_NOTES[:1],
        conditions="vintage",
    ),
    ("Vintage & antiques", "Pottery & glass"): Kind(
        items="""
        Pyrex|Butterprint Mixing Bowl|20|60
        Pyrex|Primary Colors Bowl Set|60|160|160
        Fire-King|Jadeite Mug|15|40
        Fiestaware|Cobalt Dinner Plate|10|30
        Wedgwood|Jasperware Vase|25|70
        Waterford|Lismore Crystal Goblets (pair)|40|90
        Royal Doulton|Figurine|30|90
        Lenox|Holiday Dinner Plates (set of 4)|30|70|96
        Spode|Christmas Tree Mug Set|25|55
        |Depression Glass Bowl|12|40
        |Carnival Glass Compote|20|60
        |Stoneware Crock|40|120|160
        |Studio Pottery Vase|25|90
        """,
        price=(10, 80),
        weight=(16, 80),
        notes=VINTAGE_NOTES + ("No chips, cracks or crazing.",),
        conditions="vintage",
    ),
    ("Vintage & antiques", "Vintage electronics"): Kind(
        items="""
        Technics|SL-1200MK2 Turntable|500|900|480
        Sony|Walkman WM-2|80|200|16
        Nintendo|NES Console with Zapper|90|180|96
        Nintendo|Game Boy (DMG-01)|50|120|16
        Polaroid|SX-70 Land Camera|120|300|40
        Kodak|Brownie Hawkeye Camera|15|40|24
        Pioneer|SX-780 Receiver|200|450|480
        |Rotary Phone|30|80|80
        |Cassette Deck|50|150|240
        |Reel-to-Reel Tape Deck|150|450|640
        |Tube Radio (1950s)|50|150|240
        """,
        price=(20, 200),
        weight=(16, 480),
        notes=VINTAGE_NOTES[:2] + ("Powers on and works; sold as tested.",),
        conditions="vintage",
    ),
    ("Vintage & antiques", "Collectible coins"): Kind(
        items="""
        |Morgan Silver Dollar (1921)|45|70
        |Peace Dollar (1923)|40|60
        |State Quarter Album (complete)|25|50
        |Mercury Dime Roll|100|180
        |Buffalo Nickel Lot (20)|20|40
        |American Silver Eagle (1 oz)|35|60
        |US Proof Set (1990)|10|25
        |Wheat Penny Collection (500)|30|60|48
        |Walking Liberty Half Dollar|20|45
        """,
        price=(10, 60),
        weight=(1, 16),
        notes=(
            "Ships in a protective holder.",
            "Circulated, no cleaning.",
            *VINTAGE_NOTES[2:3],
        ),
        conditions="vintage",
    ),
    ("Vintage & antiques", "Art & prints"): Kind(
        items="""
        |Framed Watercolor Landscape|40|200
        |Original Oil Painting on Canvas|80|600
        |Mid-Century Abstract Print|30|150
        |Vintage Travel Poster|25|120
        |Signed Lithograph|80|450
        |Botanical Print Set (3)|20|60
        |Charcoal Portrait Sketch|30|150
        |Ceramic Wall Art|40|160
        """,
        price=(20, 200),
        weight=(16, 160),
        notes=VINTAGE_NOTES[1:] + ('About {width}" x {height}" framed.',),
        conditions="vintage",
    ),
    ("Other", "Office supplies"): Kind(
        items="""
        Moleskine|Classic Notebook (3-pack)|15|30|24
        Leuchtturm1917|Dotted Notebook|12|20|16
        Montblanc|Meisterstück Ballpoint|180|320|8
        Lamy|Safari Fountain Pen|15|28|4
        Pilot|Metropolitan Fountain Pen|10|20|4
        Parker|Jotter Gift Set|10|25|4
        Brother|Label Maker|15|35|24
        Logitech|C920 Webcam|30|50|16
        Herman Miller|Sayl Office Chair|250|450|640
        Steelcase|Series 1 Office Chair|200|350|640
        |Standing Desk Converter|60|150|640
        |Desk Organizer Set|10|25|32
        |Paper Shredder|20|50|240
        """,
        price=(8, 60),
        weight=(4, 64),
        notes=GENERAL_NOTES,
    ),
    ("Other", "Pet supplies"): Kind(
        items="""
        Kong|Classic Dog Toy Bundle|10|20|16
        Ruffwear|Front Range Harness|20|35|8
        PetSafe|Automatic Feeder|40|80|96
        Kurgo|Dog Car Seat Cover|20|45|48
        |Cat Tree (5 ft)|40|100|640
        |Dog Crate 36"|35|80|640
        |Orthopedic Dog Bed|25|70|160
        |Covered Litter Box|15|35|160
        |Aquarium Kit (20 gal)|50|120|640
        |Pet Carrier|15|40|80
        """,
        price=(10, 60),
        weight=(8, 160),
        colours="gear",
        notes=("Washed and sanitized.", "Our dog never used it.", *GENERAL_NOTES[1:]),
    ),
    ("Other", "Arts & crafts"): Kind(
        items="""
        Cricut|Maker 3|220|330|320
        Cricut|Explore Air 2|120|200|320
        Singer|Heavy Duty 4423 Sewing Machine|90|160|320
        Brother|SE600 Embroidery Machine|250|380|400
        Janome|HD3000 Sewing Machine|250|380|400
        Prismacolor|Premier 72 Colored Pencils|25|45|24
        Faber-Castell|Polychromos 60 Set|60|110|32
        |Yarn Bundle (20 skeins)|20|50|80
        |Acrylic Paint Set|10|25|32
        |Quilting Fabric Bundle|15|40|48
        |Watercolor Set|12|30|16
        """,
        price=(10, 60),
        weight=(8, 80),
        notes=("Comes with extra supplies.", *GENERAL_NOTES),
    ),
    ("Other", "Party supplies"): Kind(
        items="""
        Balloon Arch Kit
        Birthday Decorations Bundle
        Wedding Centerpieces (set of 10)
        Adult Halloween Costume
        Christmas Ornament Lot (30)
        LED Neon Sign
        Photo Booth Props
        Tablecloths (set of 6)
        Cake Stand Set
        """,
        price=(8, 60),
        weight=(8, 80),
        colours="home",
        notes=("Used for one party.", *GENERAL_NOTES),
    ),
    ("Other", "Everything else"): Kind(
        items="""
        Samsonite|Carry-On Spinner|60|130|160
        Away|The Carry-On|130|200|160
        Rimowa|Essential Cabin|350|550|160
        Tumi|Alpha Briefcase|150|300|96
        Stanley|Classic Thermos|15|30|40
        DeWalt|20V Drill Driver Kit|80|150|160
        Milwaukee|M18 Impact Driver|90|160|96
        Ryobi|18V Leaf Blower|50|100|160
        Makita|Circular Saw|70|130|200
        |Compact Umbrella|10|25|16
        |Houseplant Cuttings Bundle|10|25|16
        |Telescope (70 mm)|50|120|160
        |Mystery Box|20|60|80
        """,
        price=(10, 60),
        weight=(8, 80),
        notes=GENERAL_NOTES,
    ),
}
# Categories staff add later get wording from their department, or the last one.
GENERIC_KIND = Kind(
    items="""
    Bundle
    Set
    Collection
    """,
    price=(5, 60),
    weight=(8, 64),
    notes=GENERAL_NOTES,
)
GENERIC_KINDS: dict[str, Kind] = {}
for (_department, _category), _kind in CATALOGUE.items():
    GENERIC_KINDS.setdefault(_department, _kind)
