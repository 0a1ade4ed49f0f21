"""Demo members: the two to log in with, and seeded members who cannot log in."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.states import US_STATES
from demo.bulk import BATCH_SIZE, Progress, bulk_insert
from demo.vocabulary.people import (
    BIO_LINES,
    BIO_OPENERS,
    DEPARTMENT_PHRASES,
    FIRST_NAMES,
    LAST_NAMES,
    SHOP_NAMES,
    SHOP_USERNAMES,
    STATE_WEIGHTS,
    ZIP_PREFIXES,
)
from listings.places import zip_codes_of_state

User = get_user_model()

DEMO_MEMBERS = [
    # (username, password, display name, state)
    ("demo", "nomi-demo-seller", "Dana Demo", "CA"),
    ("buyer", "nomi-demo-buyer", "Ben Buyer", "NY"),
]


@transaction.atomic
def ensure_demo_members() -> list[tuple[User, str, bool]]:
    """Create the verified demo members once; returns (member, password, created)."""
    result = []
    for username, password, display_name, state in DEMO_MEMBERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@nomi.local",
                "display_name": display_name,
                "state": state,
                "email_verified_at": timezone.now(),
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        result.append((user, password, created))
    return result


def login_lines(demo_members: list[tuple[User, str, bool]]) -> list[str]:
    """How to log in as each demo member, and whether it was just created."""
    return [
        f"Demo member {user.username!r} "
        f"({'created' if created else 'already there'}): "
        f"log in with {user.username} / {password}"
        for user, password, created in demo_members
    ]


@dataclass
class MemberPlan:
    """One seeded member as planned in memory, before the row exists."""

    username: str
    display_name: str
    state: str
    zip_code: str
    bio: str
    joined: datetime
    departments: tuple[str, ...]
    activity: float


def plan_members(
    rng: random.Random, count: int, *, departments: list[str], joined_days_ago: int
) -> list[MemberPlan]:
    """`count` members with unique usernames, living mostly in big states."""
    now = timezone.now()
    states = [code for code, _ in US_STATES]
    state_weights = [STATE_WEIGHTS.get(code, 1) for code in states]
    names = [_member_name(rng) for _ in range(count)]
    usernames = _unique_usernames(rng, [username for username, _, _ in names])
    plans = []
    for (_, first, display_name), username in zip(names, usernames, strict=True):
        state = rng.choices(states, state_weights)[0]
        favourites = tuple(rng.sample(departments, min(2, len(departments))))
        plans.append(
            MemberPlan(
                username=username,
                display_name=display_name,
                state=state,
                zip_code=random_zip_code(rng, state),
                bio=_member_bio(rng, first, state, favourites),
                joined=now - timedelta(days=rng.uniform(joined_days_ago, 900)),
                departments=favourites,
                # A few busy sellers and many occasional ones.
                activity=min(rng.paretovariate(1.3), 15.0),
            )
        )
    return plans


# (share of members up to here, how the name is made), rolled once per member.
USERNAME_STYLES = [
    (0.35, lambda rng, f, la: f"{f}{la[0]}{rng.randint(1, 99)}"),
    (0.6, lambda rng, f, la: f"{f}_{la}"),
    (0.8, lambda rng, f, la: rng.choice(SHOP_USERNAMES).format(first=f, last=la)),
    (1.0, lambda rng, f, la: f"{f}{la}{rng.randint(70, 99)}"),
]
DISPLAY_NAME_STYLES = [
    (0.45, lambda rng, fi, la: f"{fi} {la}"),
    (0.8, lambda rng, fi, la: f"{fi} {la[0]}."),
    (0.9, lambda rng, fi, la: fi),
    (1.0, lambda rng, fi, la: rng.choice(SHOP_NAMES).format(first=fi, last=la)),
]


def _styled(rng: random.Random, styles: list, *names: str) -> str:
    roll = rng.random()
    make = next((make for share, make in styles if roll < share), styles[-1][1])
    return make(rng, *names)


def _member_name(rng: random.Random) -> tuple[str, str, str]:
    """(username stem, first name, display name)."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    username = _styled(
        rng, USERNAME_STYLES, first.lower(), last.lower().replace("'", "")
    )
    display_name = _styled(rng, DISPLAY_NAME_STYLES, first, last)
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


def random_zip_code(rng: random.Random, state: str) -> str:
    """A real ZIP code of `state` (so the seller card can name its city), or
    one made from the state's first three digits if the ZIP data has none."""
    real = zip_codes_of_state(state)
    if real:
        return rng.choice(real)
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


def insert_members(plans: list[MemberPlan], progress: Progress) -> dict[int, User]:
    """Insert the planned members; returns each plan's user by the plan's id()."""
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
    bulk_insert(User, users, progress=progress, stage="Members")
    return {id(plan): user for plan, user in zip(plans, users, strict=True)}
