"""Price-drop emails to the members who liked an item."""

import pytest
from django.core import mail

from discovery import services
from discovery.models import Like
from listings.models import Listing
from tests.factories import ListingFactory, UserFactory


@pytest.fixture
def liked_listing(db):
    listing = ListingFactory(title="Brass lamp", price_cents=10000)
    likers = UserFactory.create_batch(2)
    for member in likers:
        services.like_listing(user=member, listing=listing)
    # The seller's own like cannot be made through the service; a stray row
    # (say from before the rule) must still not email them.
    Like.objects.create(user=listing.seller, listing=listing, price_cents_at_like=1)
    return listing, likers


def _drop(listing, new_cents):
    old_cents = listing.price_cents
    Listing.objects.filter(pk=listing.pk).update(price_cents=new_cents)
    listing.price_cents = new_cents
    return services.notify_price_drop(
        listing=listing, old_cents=old_cents, new_cents=new_cents
    )


def test_drop_of_five_percent_emails_each_liker_once(liked_listing, on_commit):
    listing, likers = liked_listing

    with on_commit():
        assert _drop(listing, 9500) == 2

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in likers)
    message = mail.outbox[0]
    assert "Brass lamp" in message.subject and "$95.00" in message.subject
    assert "from $100.00 to $95.00" in message.body
    assert listing.get_absolute_url() in message.body


def test_drop_under_the_threshold_sends_nothing(liked_listing, on_commit):
    listing, _likers = liked_listing

    with on_commit():
        assert _drop(listing, 9600) == 0

    assert mail.outbox == []


def test_each_drop_is_its_own_email(liked_listing, on_commit):
    listing, likers = liked_listing

    with on_commit():
        _drop(listing, 9000)
    with on_commit():
        _drop(listing, 8000)

    assert len(mail.outbox) == 2 * len(likers)


def test_price_rise_sends_nothing(liked_listing, on_commit):
    listing, _likers = liked_listing

    with on_commit():
        assert _drop(listing, 12000) == 0

    assert mail.outbox == []


def test_emails_wait_for_the_commit(liked_listing, django_capture_on_commit_callbacks):
    listing, _likers = liked_listing

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _drop(listing, 5000)

    assert mail.outbox == []
    assert len(callbacks) == 2


def test_no_email_for_a_paused_item_or_closed_account(liked_listing, on_commit):
    listing, likers = liked_listing
    type(likers[0]).objects.filter(pk=likers[0].pk).update(is_active=False)

    with on_commit():
        assert _drop(listing, 5000) == 1
    listing.status = Listing.Status.PAUSED
    with on_commit():
        assert _drop(listing, 2500) == 0

    assert [m.to for m in mail.outbox] == [[likers[1].email]]
