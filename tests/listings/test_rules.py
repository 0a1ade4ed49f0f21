"""listings.rules: who may buy a listing now, and why not; the item page's actions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.services import block_member
from listings.models import Listing
from listings.rules import buy_refusal, listing_actions
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Listing.Status


@pytest.fixture
def listing():
    return ListingFactory()


@pytest.fixture
def buyer():
    return UserFactory()


def test_an_active_verified_member_may_buy_an_item_on_sale(listing, buyer):
    assert buy_refusal(listing, buyer) is None
    actions = listing_actions(listing, buyer)
    assert actions.buy and not actions.blocked and actions.buy_refusal is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("buyer_suspended", "Your account is suspended."),
        ("buyer_unverified", "Verify your email before you buy or make offers."),
        ("own", "This is your own listing; you cannot buy it."),
        ("sold", "This item was just sold."),
        ("paused", "This item is not on sale."),
        ("draft", "This item is not on sale."),
        ("removed", "This item is not on sale."),
        ("seller_suspended", "This seller's account is suspended."),
        ("blocked", "You cannot buy from or make offers to this member."),
        ("away", "The seller is away until"),
    ],
)
def test_each_refusal_has_its_reason(listing, buyer, change, reason):
    member = buyer
    if change == "buyer_suspended":
        buyer.is_active = False
    elif change == "buyer_unverified":
        buyer.email_verified_at = None
    elif change == "own":
        member = listing.seller
    elif change in ("sold", "paused", "draft", "removed"):
        listing.status = {
            "sold": Status.SOLD,
            "paused": Status.PAUSED,
            "draft": Status.DRAFT,
            "removed": Status.REMOVED,
        }[change]
    elif change == "seller_suspended":
        listing.seller.is_active = False
    elif change == "blocked":
        block_member(blocker=listing.seller, blocked=buyer)
    elif change == "away":
        listing.seller.vacation_until = timezone.localdate() + timedelta(days=3)

    refusal = buy_refusal(listing, member)

    assert refusal is not None and refusal.startswith(reason)
    assert listing_actions(listing, member).buy_refusal == refusal


def test_account_refusals_come_first(listing, buyer):
    buyer.is_active = False
    listing.status = Status.SOLD
    assert buy_refusal(listing, buyer) == "Your account is suspended."


def test_buy_button_is_shown_to_visitors_and_unverified_members(listing):
    """They are sent to log in or verify on the way to checkout."""
    assert listing_actions(listing, AnonymousUser()).buy
    assert listing_actions(listing, UserFactory(unverified=True)).buy


def test_blocked_and_away_are_shown_not_bought(listing, buyer):
    block_member(blocker=buyer, blocked=listing.seller)
    actions = listing_actions(listing, buyer)
    assert actions.blocked and not actions.buy

    away = ListingFactory()
    away.seller.vacation_until = timezone.localdate()
    actions = listing_actions(away, buyer)
    assert actions.seller_away and not actions.buy and not actions.blocked


@pytest.mark.parametrize(
    ("status", "edit", "publish", "pause", "resume", "offer_settings"),
    [
        (Status.DRAFT, True, True, False, False, False),
        (Status.ON_SALE, True, False, True, False, True),
        (Status.PAUSED, True, False, False, True, True),
        (Status.SOLD, False, False, False, False, False),
        (Status.REMOVED, False, False, False, False, False),
    ],
)
def test_owner_actions_follow_the_status(
    listing, status, edit, publish, pause, resume, offer_settings
):
    listing.status = status
    actions = listing_actions(listing, listing.seller)
    assert actions.is_owner and not actions.buy and not actions.like
    assert (
        actions.edit,
        actions.publish,
        actions.pause,
        actions.resume,
        actions.offer_settings,
    ) == (edit, publish, pause, resume, offer_settings)


def test_others_get_no_owner_actions_and_may_like(listing, buyer):
    actions = listing_actions(listing, buyer)
    assert actions.like
    assert not (actions.edit or actions.publish or actions.pause or actions.resume)
    assert not actions.offer_settings
