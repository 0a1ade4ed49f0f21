"""A listing taken off sale (paused, removed by staff) closes its open offers, and
a lower price closes the offers it no longer exceeds."""

import pytest
from django.core import mail

from listings.models import Listing
from listings.services import change_listing_status, remove_listing, update_listing
from orders import ledger
from orders.models import GatewayCall, Offer
from orders.services import counter_offer
from tests.factories import (
    ListingFactory,
    UserFactory,
    add_photos,
    balance_payment,
    buy,
    completed,
    offer,
)

pytestmark = pytest.mark.django_db


def voids_of(made: Offer):
    return GatewayCall.objects.filter(
        kind="void", reference=made.payment_reference, status="voided"
    )


def test_pausing_declines_open_offers_and_releases_their_money(on_commit):
    listing = ListingFactory(price_cents=4000)
    by_card = offer(listing)
    rich = UserFactory()
    completed(buy(ListingFactory(seller=rich, price_cents=9000)))
    by_balance = offer(listing, buyer=rich, payment=balance_payment())
    assert ledger.held_cents(rich) == by_balance.authorized_cents
    mail.outbox.clear()

    with on_commit():
        change_listing_status(
            listing=listing, seller=listing.seller, status=Listing.Status.PAUSED
        )

    for made in (by_card, by_balance):
        made.refresh_from_db()
        assert made.status == Offer.Status.DECLINED
        assert made.released
    assert voids_of(by_card).count() == 1
    assert ledger.held_cents(rich) == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [by_card.buyer.email, rich.email]
    )
    assert all("no longer on sale" in message.subject for message in mail.outbox)


def test_staff_removal_declines_open_offers(on_commit):
    listing = ListingFactory()
    made = offer(listing)

    with on_commit():
        remove_listing(
            listing=listing, staff=UserFactory(is_staff=True), reason="Counterfeit"
        )

    made.refresh_from_db()
    assert made.status == Offer.Status.DECLINED
    assert voids_of(made).count() == 1


def test_resuming_does_not_touch_closed_offers(on_commit):
    listing = ListingFactory()
    add_photos(listing)
    made = offer(listing)
    with on_commit():
        change_listing_status(
            listing=listing, seller=listing.seller, status=Listing.Status.PAUSED
        )
        change_listing_status(
            listing=listing, seller=listing.seller, status=Listing.Status.ON_SALE
        )

    made.refresh_from_db()
    assert made.status == Offer.Status.DECLINED
    assert voids_of(made).count() == 1


def test_lowering_the_price_to_or_below_an_offer_closes_that_offer(on_commit):
    listing = ListingFactory(price_cents=5000)
    add_photos(listing)
    high = offer(listing, amount_cents=4000)
    low = offer(listing, amount_cents=3000)
    countered = offer(listing, amount_cents=2600)
    countered = counter_offer(
        offer=countered, seller=listing.seller, counter_cents=4500
    )
    mail.outbox.clear()

    with on_commit():
        update_listing(
            listing=listing,
            seller=listing.seller,
            fields={"price_cents": 4000},
            photo_positions={},
            remove_photo_ids=[],
            new_photo_ids=[],
        )

    for made in (high, low, countered):
        made.refresh_from_db()
    assert high.status == Offer.Status.DECLINED
    assert countered.status == Offer.Status.DECLINED
    assert low.status == Offer.Status.PENDING
    assert voids_of(high).count() == 1 and voids_of(countered).count() == 1
    assert not voids_of(low).exists()
    closed = [m for m in mail.outbox if "price dropped" in m.subject]
    assert sorted(m.to[0] for m in closed) == sorted(
        [high.buyer.email, countered.buyer.email]
    )


def test_raising_the_price_leaves_offers_open(on_commit):
    listing = ListingFactory(price_cents=5000)
    add_photos(listing)
    made = offer(listing, amount_cents=4000)
    with on_commit():
        update_listing(
            listing=listing,
            seller=listing.seller,
            fields={"price_cents": 6000},
            photo_positions={},
            remove_photo_ids=[],
            new_photo_ids=[],
        )
    made.refresh_from_db()
    assert made.status == Offer.Status.PENDING
