"""Functions the topology's tests run in a Django process of the topology.

    python -m tests.topology.remote FUNCTION '[json arguments]'

run with the topology's settings ($TOPOLOGY_DIR/env.sh): the test process
itself keeps the test settings and never opens the topology's database. The
answer is the last line starting with RESULT, as JSON.
"""

import json
import sys

RESULT = "RESULT "


def records(method: str, *args):
    """A method of the browser scenario's DatabaseRecords (tests/e2e/scenarios.py)."""
    from tests.e2e.scenarios import DatabaseRecords

    return getattr(DatabaseRecords(), method)(*args)


def make_member(username: str, display_name: str) -> int:
    """A verified member with the tests' password."""
    from tests.factories import UserFactory

    return UserFactory(username=username, display_name=display_name).pk


def _session_for(user) -> str:
    """A stored session as `login()` leaves it (no password hashed, no login
    rate limit counted); its key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def prepare_load(tag: str, clients: int, buyers: int, items: int) -> dict:
    """For each client: `buyers` logged-in buyers and `items` items of its own
    on sale, so no two purchases of the load run race for one item."""
    from django.conf import settings

    from listings.models import Listing
    from tests.factories import ListingFactory, UserFactory

    sellers = [
        UserFactory(username=f"load-{tag}-seller{n}", password=None) for n in range(4)
    ]
    plan = []
    for client in range(clients):
        members = [
            UserFactory(username=f"load-{tag}-c{client}b{n}", password=None)
            for n in range(buyers)
        ]
        listings = [
            ListingFactory(
                seller=sellers[n % len(sellers)],
                title=f"Load {tag} item {client}-{n}",
                price_cents=2000 + n,
            )
            for n in range(items)
        ]
        plan.append(
            {
                "buyers": [
                    {"username": member.username, "session": _session_for(member)}
                    for member in members
                ],
                "items": [listing.pk for listing in listings],
            }
        )
    browse = list(
        Listing.objects.filter(status=Listing.Status.ON_SALE)
        .exclude(title__startswith="Load ")
        .values_list("pk", flat=True)[:20]
    )
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "clients": plan,
        "browse": browse,
    }


def prepare_race(tag: str, buyers: int) -> dict:
    """`buyers` logged-in buyers (one per client) and one item they all want."""
    from django.contrib.auth import get_user_model

    from orders.services import quote_for
    from tests.factories import ListingFactory

    plan = prepare_load(tag, buyers, 1, 0)
    seller = get_user_model().objects.get(username=f"load-{tag}-seller0")
    listing = ListingFactory(
        seller=seller, title=f"Load {tag} race item", price_cents=2500
    )
    plan["listing"] = listing.pk
    plan["total_cents"] = quote_for(listing).total_cents
    return plan


def load_outcome(tag: str, purchases: list[dict]) -> dict:
    """What the load's purchases left in the database.

    `purchases`: {"listing", "buyer", "order" (the id its success response
    named, or None)} each. Answers with every discrepancy found: an order
    answered but missing, orders nobody was told about, orders whose card
    payment is not exactly captured, and authorizations left open.
    """
    from django.contrib.auth import get_user_model

    from orders.models import GatewayCall, Order

    answered = {p["order"]: p for p in purchases if p["order"]}
    orders = {
        order.pk: order
        for order in Order.objects.filter(
            listing__title__startswith=f"Load {tag} "
        ).select_related("buyer")
    }
    missing = [
        p
        for order_id, p in answered.items()
        if order_id not in orders
        or orders[order_id].listing_id != p["listing"]
        or orders[order_id].buyer.username != p["buyer"]
    ]
    inconsistent = []
    for order in orders.values():
        calls = list(GatewayCall.objects.filter(reference=order.payment_reference))
        authorized = [c.amount_cents for c in calls if c.kind == "authorize"]
        captured = [
            c.amount_cents
            for c in calls
            if c.kind == "capture" and c.status == "captured"
        ]
        voided = [c for c in calls if c.kind == "void"]
        if authorized != [order.total_cents] or captured != [order.total_cents]:
            inconsistent.append(
                {
                    "order": order.pk,
                    "status": order.status,
                    "total": order.total_cents,
                    "authorized": authorized,
                    "captured": captured,
                }
            )
        elif voided or order.status != Order.Status.PAID:
            inconsistent.append({"order": order.pk, "status": order.status})
    buyer_ids = (
        get_user_model()
        .objects.filter(username__startswith=f"load-{tag}-c")
        .values_list("pk", flat=True)
    )
    authorizations = GatewayCall.objects.filter(kind="authorize", status="authorized")
    mine = [
        call
        for call in authorizations.filter(idempotency_key__startswith="checkout:")
        if int(call.idempotency_key.split(":")[1]) in set(buyer_ids)
    ]
    settled = set(
        GatewayCall.objects.filter(
            kind__in=["capture", "void"], reference__in=[c.reference for c in mine]
        ).values_list("reference", flat=True)
    )
    ordered = {order.payment_reference for order in orders.values()}
    return {
        "orders": len(orders),
        "answered": len(answered),
        "missing": missing,
        "unanswered_orders": sorted(set(orders) - set(answered)),
        "inconsistent": inconsistent,
        "authorizations": len(mine),
        "open_authorizations": sorted(
            c.reference for c in mine if c.reference not in settled | ordered
        ),
    }


if __name__ == "__main__":
    import django

    django.setup()
    function = globals()[sys.argv[1]]
    arguments = json.loads(sys.argv[2]) if len(sys.argv) > 2 else []
    print(RESULT + json.dumps(function(*arguments)), flush=True)
