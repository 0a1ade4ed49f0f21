"""Every event a member is told about makes one notification (and at most one
email) per recipient, with a link to its object, even when told twice."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from discovery import services as discovery_services
from listings.models import Listing
from listings.services import remove_listing
from notifications.models import Kind, Notification
from notifications.services import set_email_preferences
from orders.models import Dispute, Order
from orders.services import (
    accept_offer,
    cancel_order,
    counter_offer,
    decline_offer,
    expire_offers,
    rate_order,
    report_problem,
    resolve_dispute,
    withdraw_balance,
)
from orders.services.core import _notify_offer, _notify_order
from tests.factories import (
    ListingFactory,
    UserFactory,
    buy,
    completed,
    offer,
    shipped,
)


def told(member, kind):
    return list(Notification.objects.filter(recipient=member, kind=kind))


def only(member, kind) -> Notification:
    rows = told(member, kind)
    assert len(rows) == 1, f"{member} got {len(rows)} {kind} notifications"
    return rows[0]


def test_purchase_tells_buyer_confirmed_and_seller_sold(db, on_commit):
    with on_commit():
        order = buy()
    confirmed = only(order.buyer, Kind.ORDER_CONFIRMED)
    sold = only(order.seller, Kind.ITEM_SOLD)
    assert confirmed.url == sold.url == order.get_absolute_url()
    assert order.title in confirmed.text
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [order.buyer.email, order.seller.email]
    )
    # The purchase email is about money: no unsubscribe link.
    purchase = next(m for m in mail.outbox if m.to == [order.buyer.email])
    assert "List-Unsubscribe" not in purchase.extra_headers
    sale = next(m for m in mail.outbox if m.to == [order.seller.email])
    assert "List-Unsubscribe" in sale.extra_headers


def test_shipping_and_completion_tell_the_other_side_once(db, on_commit):
    order = buy()
    with on_commit():
        order = shipped(order)
    note = only(order.buyer, Kind.ORDER_SHIPPED)
    assert note.url == order.get_absolute_url()
    assert told(order.seller, Kind.ORDER_SHIPPED) == []
    assert any("9400111" in m.body for m in mail.outbox)

    order = completed(order)
    only(order.seller, Kind.ORDER_COMPLETED)
    assert told(order.buyer, Kind.ORDER_COMPLETED) == []

    # Told again (a retried service): nothing new.
    mail.outbox.clear()
    with on_commit():
        _notify_order(
            order, to_status=Order.Status.SHIPPED, role=Order.Actor.SELLER, note=""
        )
        _notify_order(
            order, to_status=Order.Status.COMPLETED, role=Order.Actor.BUYER, note=""
        )
    only(order.buyer, Kind.ORDER_SHIPPED)
    only(order.seller, Kind.ORDER_COMPLETED)
    assert mail.outbox == []


def test_cancel_by_the_seller_tells_the_buyer(db):
    order = buy()
    cancel_order(order=order, user=order.seller, reason="Broke it while packing")
    assert "Order cancelled" in only(order.buyer, Kind.ORDER_CANCELLED).text


def _disputed(order):
    return report_problem(
        order=shipped(order),
        buyer=order.buyer,
        reason=Dispute.Reason.values[0],
        description="Arrived broken.",
    )


@pytest.mark.parametrize("for_buyer", [True, False])
def test_dispute_and_its_resolution_are_told(db, staff, for_buyer):
    order = _disputed(buy())
    only(order.seller, Kind.ORDER_DISPUTED)

    order = resolve_dispute(order=order, staff=staff, for_buyer=for_buyer)

    for member in (order.buyer, order.seller):
        resolved = only(member, Kind.ORDER_RESOLVED)
        assert resolved.url == order.get_absolute_url()
    assert told(order.seller, Kind.ORDER_COMPLETED) == []


def test_rating_tells_the_rated_member(db):
    order = completed(buy())
    rating = rate_order(order=order, rater=order.buyer, stars=5)
    note = only(order.seller, Kind.RATING_RECEIVED)
    assert note.event_key == f"rating:{rating.pk}"
    assert note.url == order.get_absolute_url()


def test_withdrawal_tells_the_member_and_cannot_be_turned_off(db, on_commit):
    order = completed(buy())
    seller = order.seller
    set_email_preferences(member=seller, emailed_kinds=set())
    mail.outbox.clear()
    with on_commit():
        withdraw_balance(
            member=seller,
            amount_cents=100,
            routing_number="011000015",
            account_number="000123456789",
            idempotency_key=uuid.uuid4().hex,
        )
    note = only(seller, Kind.PAYOUT_SENT)
    assert note.url == reverse("orders:balance")
    assert [m.to for m in mail.outbox] == [[seller.email]]


# --- Offers ---------------------------------------------------------------------


def test_offer_received_countered_declined(db):
    made = offer()
    seller, buyer = made.listing.seller, made.buyer
    received = only(seller, Kind.OFFER_RECEIVED)
    assert received.url == made.get_absolute_url()

    countered = counter_offer(
        offer=made, seller=seller, counter_cents=made.amount_cents + 100
    )
    only(buyer, Kind.OFFER_COUNTERED)

    other = offer()
    decline_offer(offer=other, seller=other.listing.seller)
    only(other.buyer, Kind.OFFER_DECLINED)

    # Told again: nothing new.
    _notify_offer(countered, buyer, "The seller countered your offer")
    only(buyer, Kind.OFFER_COUNTERED)


def test_offer_accepted_tells_the_buyer(db):
    made = offer()
    accept_offer(offer=made, seller=made.listing.seller)
    note = only(made.buyer, Kind.OFFER_ACCEPTED)
    assert note.url == made.get_absolute_url()
    only(made.buyer, Kind.ORDER_CONFIRMED)


def test_offer_expiry_tells_both_sides_once(db):
    made = offer()
    later = timezone.now() + timedelta(days=3)
    assert expire_offers(later) == 1
    assert expire_offers(later) == 0
    only(made.buyer, Kind.OFFER_EXPIRED)
    only(made.listing.seller, Kind.OFFER_EXPIRED)


# --- Discovery and listings -------------------------------------------------------


def test_price_drop_tells_each_liker_once_even_when_run_twice(db, on_commit):
    listing = ListingFactory(price_cents=10000)
    likers = UserFactory.create_batch(2)
    for member in likers:
        discovery_services.like_listing(user=member, listing=listing)
    Listing.objects.filter(pk=listing.pk).update(price_cents=8000)
    listing.price_cents = 8000

    with on_commit():
        for _ in range(2):
            discovery_services.notify_price_drop(
                listing=listing, old_cents=10000, new_cents=8000
            )

    for member in likers:
        note = only(member, Kind.PRICE_DROP)
        assert note.url == listing.get_absolute_url()
        assert "$80.00" in note.text
    assert len(mail.outbox) == 2


def test_saved_search_digest_is_one_notification(member, on_commit):
    saved = discovery_services.save_search(user=member, query="q=lamp").saved_search
    saved.created_at = timezone.now() - timedelta(days=2)
    saved.save()
    ListingFactory(title="Brass lamp", published_at=timezone.now() - timedelta(hours=1))

    with on_commit():
        discovery_services.send_saved_search_alerts()
        discovery_services.send_saved_search_alerts()

    note = only(member, Kind.SAVED_SEARCH)
    assert note.url == reverse("discovery:saved-searches")
    assert "1 new match" in note.text
    assert len(mail.outbox) == 1


def test_listing_removed_by_staff_tells_the_seller(db, staff, on_commit):
    listing = ListingFactory()
    with on_commit():
        remove_listing(listing=listing, staff=staff, reason="Counterfeit")
    note = only(listing.seller, Kind.LISTING_REMOVED)
    assert note.url == listing.get_absolute_url()
    assert "Counterfeit" in mail.outbox[0].body
