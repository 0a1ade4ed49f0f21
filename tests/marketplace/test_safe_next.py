"""`next`: only a path on this site is followed; anything else is the default.

Every view that reads `next` through `marketplace.http.safe_next` is driven
with each hostile value and must answer without a 5xx, redirecting to its own
default place.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from listings.models import Listing
from marketplace.http import safe_next
from tests.factories import ListingFactory, UserFactory

HOSTILE_NEXT = [
    "foo",
    "home",  # a URL name: never resolved to a page
    "listings:search",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http:/x",
    "http://evil.example/",
    "https:evil.example",
    "http://testserver/likes/",  # even this host: paths only
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " /likes/",
    "\x00",
    "/likes/\x00",
    "/likes/\r\nSet-Cookie: stolen=1",
    "/likes/\n",
    "/\u202eevil",
    "\u200b/likes/",
    "?next=/",
    "#top",
    "..",
    "./likes/",
    "%2F%2Fevil.example",
    "/" + "a" * 5000,
    "x" * 5000,
]
SAFE_PATH = "/search/?q=lamp&sort=newest"


def test_safe_next_keeps_a_path_on_this_site():
    request = RequestFactory().get("/", {"next": SAFE_PATH})
    assert safe_next(request, "/default/") == SAFE_PATH


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_safe_next_refuses_anything_but_a_path(target):
    request = RequestFactory().get("/", {"next": target})
    assert safe_next(request, "/default/") == "/default/"
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/default/") == "/default/"


# --- Every view that follows `next` -------------------------------------------
@pytest.fixture
def world(db):
    """A verified member with a draft and an item on sale, another member, an
    unverified member, and someone else's item."""
    member = UserFactory(username="owner")
    return {
        "member": member,
        "other": UserFactory(username="neighbour"),
        "unverified": UserFactory(username="newbie", unverified=True),
        "draft": ListingFactory(
            seller=member, status=Listing.Status.DRAFT, published_at=None
        ),
        "own_item": ListingFactory(seller=member),
        "item": ListingFactory(),
    }


def _item(w):
    return w["item"].get_absolute_url()


# name: (who, method, url, data, where it goes by default)
VIEWS = {
    "like": (
        "member",
        "post",
        lambda w: reverse("discovery:like", args=[w["item"].pk]),
        {},
        _item,
    ),
    "unlike": (
        "member",
        "post",
        lambda w: reverse("discovery:unlike", args=[w["item"].pk]),
        {},
        _item,
    ),
    "like-visitor": (
        None,
        "post",
        lambda w: reverse("discovery:like", args=[w["item"].pk]),
        {},
        lambda w: f"{reverse('accounts:login')}?next={_item(w)}",
    ),
    "save-search": (
        "member",
        "post",
        lambda w: reverse("discovery:save-search"),
        {"query": "q=lamp", "name": "Lamps"},
        lambda w: w["member"].saved_searches.get().get_absolute_url(),
    ),
    "save-search-refused": (
        "member",
        "post",
        lambda w: reverse("discovery:save-search"),
        {"query": "q=lamp", "name": "x" * 500},
        lambda w: reverse("listings:search"),
    ),
    "publish": (
        "member",
        "post",
        lambda w: reverse("listings:publish", args=[w["draft"].pk]),
        {},
        lambda w: w["draft"].get_absolute_url(),
    ),
    "pause": (
        "member",
        "post",
        lambda w: reverse("listings:pause", args=[w["own_item"].pk]),
        {},
        lambda w: w["own_item"].get_absolute_url(),
    ),
    "verification-required": (
        "member",
        "get",
        lambda w: reverse("accounts:verification-required"),
        {},
        lambda w: reverse("home"),
    ),
    "resend-verification": (
        "unverified",
        "post",
        lambda w: reverse("accounts:resend-verification"),
        {},
        lambda w: f"{reverse('accounts:verification-required')}?next=%2F",
    ),
    "address-new": (
        "member",
        "post",
        lambda w: reverse("accounts:address-new"),
        {
            "full_name": "Ada Lovelace",
            "line1": "1 Main St",
            "city": "Springfield",
            "state": "CA",
            "zip_code": "94107",
        },
        lambda w: reverse("accounts:addresses"),
    ),
    "block": (
        "member",
        "post",
        lambda w: reverse("accounts:block", args=[w["other"].username]),
        {},
        lambda w: w["other"].get_absolute_url(),
    ),
    "unblock": (
        "member",
        "post",
        lambda w: reverse("accounts:unblock", args=[w["other"].username]),
        {},
        lambda w: w["other"].get_absolute_url(),
    ),
}


def _send(client, world, name, target):
    who, method, url, data, default = VIEWS[name]
    if who:
        client.force_login(world[who])
    url = url(world)
    if method == "get":
        response = client.get(url, {**data, "next": target})
    else:
        response = client.post(url, {**data, "next": target})
    return response, default(world)


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_hostile_next_goes_to_the_views_default(client, world, name, target):
    response, default = _send(client, world, name, target)

    assert response.status_code == 302
    assert response["Location"] == default


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_a_path_next_is_followed(client, world, name):
    response, default = _send(client, world, name, SAFE_PATH)

    assert response.status_code == 302
    if name == "like-visitor":
        assert response["Location"].startswith(reverse("accounts:login"))
    elif name != "resend-verification":
        assert response["Location"] == SAFE_PATH


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_pages_that_carry_next_on_drop_a_hostile_one(client, world, target):
    client.force_login(world["unverified"])
    page = client.get(reverse("accounts:verification-required"), {"next": target})
    assert page.status_code == 200
    assert page.context["next"] == reverse("home")

    client.force_login(world["member"])
    page = client.get(reverse("accounts:address-new"), {"next": target})
    assert page.status_code == 200
    assert page.context["next"] == ""


@pytest.mark.parametrize("view", ["discovery:like", "discovery:unlike"])
@pytest.mark.parametrize("target", ["", *HOSTILE_NEXT[:8], SAFE_PATH])
@pytest.mark.parametrize("who", [None, "member"])
def test_like_by_get_changes_nothing_and_goes_to_the_item(
    client, world, view, target, who
):
    if who:
        client.force_login(world[who])
    item = world["item"]

    response = client.get(reverse(view, args=[item.pk]), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    assert item.likes.count() == 0
