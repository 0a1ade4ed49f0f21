"""Log in benchmark members: one session each, plus likes and a saved search.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... CACHE_URL=... \\
        .venv/bin/python bench/sessions.py --count 16 --query black

Run by bench/mix.py with the server's environment. Picks `--count` members
who can use the site (active, verified email, not away, not suspended or
deleted), stores a session for each the way `django.contrib.auth.login()`
does (the user's id, the backend, the session auth hash) in the configured
SESSION_ENGINE, gives each `--likes` likes of public listings on sale and one
saved search (the app's discovery services), and prints one line
`SESSIONS_JSON {...}` with the cookie names and each member's session key and
CSRF token.
"""

import argparse
import json
import random
import string
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def eligible_members():
    """Members who can log in and act: active, verified, not away or deleted."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True,
        is_staff=False,
        email_verified_at__isnull=False,
        vacation_until__isnull=True,
        suspended_at__isnull=True,
        deleted_at__isnull=True,
    )


def random_on_sale_ids(rng: random.Random, count: int) -> list[int]:
    """Ids of `count` distinct public listings on sale, spread over the table.

    The listing ids are dense (bench/generate.py numbers them from 1), so
    random ids looked up by primary key find them in one query a round.
    """
    from django.db.models import Max

    from listings.models import Listing

    top = Listing.objects.aggregate(top=Max("pk"))["top"] or 0
    found: set[int] = set()
    for _round in range(10):
        wanted = min(top, 3 * (count - len(found)) + 10)
        found |= set(
            Listing.objects.public()
            .filter(
                status=Listing.Status.ON_SALE,
                pk__in=rng.sample(range(1, top + 1), wanted),
            )
            .values_list("pk", flat=True)
        )
        if len(found) >= count:
            return sorted(rng.sample(sorted(found), count))
    raise SystemExit(f"only {len(found)} public listings on sale found")


def log_in(user) -> str:
    """A stored session as `login()` leaves it; returns its key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=16)
    parser.add_argument("--likes", type=int, default=2)
    parser.add_argument("--query", default="", help="the saved search's words")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.utils.crypto import get_random_string

    from discovery.exceptions import DiscoveryError
    from discovery.services import like_listing, save_search
    from listings.models import Listing

    rng = random.Random(f"nomi-bench:sessions:{args.seed}")
    ids = list(eligible_members().order_by("pk").values_list("pk", flat=True))
    if len(ids) < args.count:
        raise SystemExit(f"only {len(ids)} eligible members, {args.count} needed")
    chosen = eligible_members().filter(pk__in=rng.sample(ids, args.count))
    targets = random_on_sale_ids(rng, args.count * args.likes * 2)
    members = []
    for user in chosen.order_by("pk"):
        liked = 0
        for pk in rng.sample(targets, len(targets)):
            if liked >= args.likes:
                break
            try:
                like_listing(user=user, listing=Listing(pk=pk))
            except DiscoveryError:  # their own listing
                continue
            liked += 1
        saved = save_search(user=user, query=f"q={args.query}" if args.query else "")
        members.append(
            {
                "id": user.pk,
                "username": user.username,
                "session_key": log_in(user),
                # A browser that has loaded a form carries the CSRF cookie.
                "csrf_token": get_random_string(
                    32, string.ascii_letters + string.digits
                ),
                "likes": liked,
                "saved_search": saved.saved_search.query,
            }
        )
    print(
        "SESSIONS_JSON "
        + json.dumps(
            {
                "session_engine": settings.SESSION_ENGINE,
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "csrf_cookie": settings.CSRF_COOKIE_NAME,
                "members": members,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
