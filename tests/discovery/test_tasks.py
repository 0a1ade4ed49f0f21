"""Discovery's tasks: the price-drop fan-out and the saved-search digests, each
changing nothing when run a second time; a lowered price queues the fan-out."""

from datetime import timedelta

import pytest
from celery.app.task import Task
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from discovery import services, tasks
from discovery.models import SavedSearch
from listings.models import Listing
from listings.services import update_listing
from marketplace.models import OutboxEmail
from notifications.models import Kind, Notification
from tests.discovery.test_alerts import LIGHTING, _listed, _saved
from tests.factories import ListingFactory, UserFactory, add_photos
from tests.listings.test_seller_card import fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def liked():
    listing = ListingFactory(title="Brass lamp", price_cents=10000)
    add_photos(listing)
    likers = UserFactory.create_batch(3)
    for member in likers:
        services.like_listing(user=member, listing=listing)
    Listing.objects.filter(pk=listing.pk).update(price_cents=8000)
    return listing, likers


def _told():
    return (
        Notification.objects.filter(kind=Kind.PRICE_DROP).count(),
        OutboxEmail.objects.count(),
    )


def test_price_drop_fan_out_tells_each_liker_once_when_run_twice(liked, on_commit):
    listing, likers = liked

    with on_commit():
        assert tasks.price_drop_alert(listing.pk, 10000, 8000) == 3
    after_first = _told()
    with on_commit():
        assert tasks.price_drop_alert(listing.pk, 10000, 8000) == 0

    assert after_first == _told() == (3, 3)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in likers)


def test_a_fan_out_cut_short_tells_only_the_rest_when_run_again(liked, on_commit):
    listing, likers = liked
    # The first member was told before the worker died.
    with on_commit():
        services.notify_price_drop(listing=listing, old_cents=10000, new_cents=8000)
    Notification.objects.exclude(recipient=likers[0]).delete()
    OutboxEmail.objects.exclude(to=likers[0].email).delete()
    mail.outbox.clear()

    with on_commit():
        assert tasks.price_drop_alert(listing.pk, 10000, 8000) == 2

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in likers[1:])
    assert _told() == (3, 3)


def test_a_deleted_listing_tells_no_one(liked):
    listing, _likers = liked
    pk = listing.pk
    Listing.objects.filter(pk=pk).delete()

    assert tasks.price_drop_alert(pk, 10000, 8000) == 0


def _lower_price(listing, cents):
    update_listing(
        listing=listing,
        seller=listing.seller,
        fields=fields(price_cents=cents),
        photo_positions={},
        remove_photo_ids=[],
        new_photo_ids=[],
    )


def test_a_lowered_price_tells_the_likers_after_the_edit_commits(
    liked, django_capture_on_commit_callbacks
):
    listing, likers = liked
    Listing.objects.filter(pk=listing.pk).update(price_cents=10000)
    listing.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        _lower_price(listing, 5000)
        # Nobody is told inside the seller's transaction.
        assert _told() == (0, 0)

    assert _told() == (3, 3)
    assert len(mail.outbox) == 3


def test_a_lowered_price_is_queued_for_a_worker_with_a_broker(
    liked, settings, monkeypatch, on_commit
):
    listing, _likers = liked
    Listing.objects.filter(pk=listing.pk).update(price_cents=10000)
    listing.refresh_from_db()
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    queued = []
    monkeypatch.setattr(
        Task,
        "apply_async",
        lambda self, args=None, **kw: queued.append((self.name, args)),
    )

    with on_commit():
        _lower_price(listing, 9000)  # a drop of 10%
    with on_commit():
        _lower_price(listing, 8900)  # 1%: under the threshold, nothing queued

    assert queued == [("discovery.price_drop_alert", (listing.pk, 10000, 9000))]
    assert _told() == (0, 0)


def test_saved_search_digests_send_nothing_the_second_time(member, on_commit):
    _saved(member, f"category={LIGHTING}")
    _listed(title="Cheap brass lamp", price_cents=2000)

    with on_commit():
        first = tasks.saved_search_alerts()
    alerted = SavedSearch.objects.get().last_alerted_at
    with on_commit():
        second = tasks.saved_search_alerts()

    assert (first["emails"], second["emails"]) == (1, 0)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(kind=Kind.SAVED_SEARCH).count() == 1
    assert alerted is not None and alerted <= timezone.now()


def test_a_run_while_another_runs_is_skipped(member, on_commit):
    _saved(member, f"category={LIGHTING}")
    _listed(title="Cheap brass lamp", price_cents=2000)
    cache.add("discovery:saved-search-alerts:running", 1, 60)

    with on_commit():
        assert tasks.saved_search_alerts() == {"skipped": 1}
    assert mail.outbox == []

    cache.delete("discovery:saved-search-alerts:running")
    with on_commit():
        assert tasks.saved_search_alerts()["emails"] == 1
    # The lock is released after a run.
    assert cache.get("discovery:saved-search-alerts:running") is None


def test_items_listed_since_the_last_digest_come_in_the_next_one(member, on_commit):
    _saved(member, f"category={LIGHTING}")
    with on_commit():
        tasks.saved_search_alerts()
    SavedSearch.objects.update(last_alerted_at=timezone.now() - timedelta(hours=2))
    _listed(title="New lamp", price_cents=2000)

    with on_commit():
        assert tasks.saved_search_alerts()["emails"] == 1
    assert "New lamp" in mail.outbox[-1].body
