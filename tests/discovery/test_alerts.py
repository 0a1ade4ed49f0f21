"""send_saved_search_alerts: one digest per member, each new match once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from discovery import selectors, services
from discovery.models import SavedSearch
from listings.models import Brand
from tests.factories import ListingFactory, UserFactory, leaf_category

LIGHTING = "home-lighting"
PHONES = "electronics-cell-phones"


def _saved(member, query, *, days_ago=2, **fields):
    saved = services.save_search(user=member, query=query).saved_search
    SavedSearch.objects.filter(pk=saved.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago), **fields
    )
    saved.refresh_from_db()
    return saved


def _listed(hours_ago=1, **fields):
    return ListingFactory(
        published_at=timezone.now() - timedelta(hours=hours_ago), **fields
    )


def _run(on_commit) -> str:
    out = StringIO()
    with on_commit():
        call_command("send_saved_search_alerts", stdout=out)
    return out.getvalue()


def test_digest_sends_each_new_match_once_and_nothing_twice(member, on_commit):
    _saved(member, f"category={LIGHTING}")
    _saved(member, f"category={LIGHTING}&max_price=30")
    cheap = _listed(title="Cheap brass lamp", price_cents=2000)
    dear = _listed(title="Dear floor lamp", price_cents=9000)
    _listed(title="Old lamp", hours_ago=24 * 5)  # before the searches were saved
    _listed(title="Red phone", category=leaf_category(PHONES))
    _listed(title="My own lamp", seller=member)
    _listed(title="Draft lamp", status="draft")

    output = _run(on_commit)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.subject == "2 new matches for your saved searches"
    assert message.body.count("Cheap brass lamp") == 1
    assert message.body.count("Dear floor lamp") == 1
    assert cheap.get_absolute_url() in message.body
    assert dear.get_absolute_url() in message.body
    for absent in ("Old lamp", "Red phone", "My own lamp", "Draft lamp"):
        assert absent not in message.body
    assert "sent 1 emails with 2 new matches" in output

    _run(on_commit)
    assert len(mail.outbox) == 1

    _listed(title="Newer lamp", hours_ago=0)
    _run(on_commit)
    assert len(mail.outbox) == 2
    assert "Newer lamp" in mail.outbox[1].body
    assert "Cheap brass lamp" not in mail.outbox[1].body


def test_one_email_per_member(member, on_commit):
    other = UserFactory()
    _saved(member, f"category={LIGHTING}")
    _saved(member, f"category={PHONES}")
    _saved(other, f"category={PHONES}")
    _listed(title="Lamp")
    _listed(title="Phone", category=leaf_category(PHONES))

    _run(on_commit)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, other.email])
    mine = next(m for m in mail.outbox if m.to == [member.email])
    assert "Lamp" in mine.body and "Phone" in mine.body


def test_alerts_respect_email_alerts_off(member, on_commit):
    muted = _saved(member, f"category={LIGHTING}", email_alerts=False)
    _listed(title="Lamp")

    _run(on_commit)

    assert mail.outbox == []
    muted.refresh_from_db()
    assert muted.last_alerted_at is None


def test_items_listed_after_the_run_started_wait_for_the_next(member, on_commit):
    saved = _saved(member, f"category={LIGHTING}")
    started = timezone.now() - timedelta(minutes=30)
    _listed(title="Early lamp", hours_ago=2)
    _listed(title="Late lamp", hours_ago=0)

    with on_commit():
        services.send_saved_search_alerts(now=started)
    saved.refresh_from_db()
    assert saved.last_alerted_at == started
    assert "Early lamp" in mail.outbox[0].body
    assert "Late lamp" not in mail.outbox[0].body

    with on_commit():
        services.send_saved_search_alerts()
    assert "Late lamp" in mail.outbox[1].body
    assert "Early lamp" not in mail.outbox[1].body


def test_digest_caps_each_search_with_a_see_all_link(member, on_commit, monkeypatch):
    monkeypatch.setattr(services, "DIGEST_ITEMS_PER_SEARCH", 2)
    saved = _saved(member, f"category={LIGHTING}")
    for hours in (3, 2, 1):
        _listed(title=f"Lamp {hours}h", hours_ago=hours)

    _run(on_commit)

    body = mail.outbox[0].body
    assert "Lamp 1h" in body and "Lamp 2h" in body and "Lamp 3h" not in body
    see_all = body.split("See all the matches:")[1].split()[0]
    assert see_all.endswith(saved.get_absolute_url())


def test_search_whose_brand_is_gone_is_skipped(member, on_commit):
    brand = Brand.objects.create(name="Nomibrand", key="nomibrand")
    _saved(member, "brand=Nomibrand")
    brand.delete()
    _listed(title="Any lamp")

    output = _run(on_commit)

    assert mail.outbox == []
    assert "skipped 1 searches" in output


def test_closed_accounts_get_no_digest(db, on_commit):
    closed = UserFactory()
    _saved(closed, f"category={LIGHTING}")
    type(closed).objects.filter(pk=closed.pk).update(is_active=False)
    _listed(title="Lamp")

    _run(on_commit)

    assert mail.outbox == []


# --- Home page selector -------------------------------------------------------
def test_new_items_for_saved_searches(
    member, django_assert_max_num_queries, django_assert_num_queries
):
    _saved(member, f"category={LIGHTING}")
    _saved(member, f"category={LIGHTING}&max_price=30")
    older = _listed(title="Older", hours_ago=3, price_cents=2000)
    newer = _listed(title="Newer", hours_ago=1, price_cents=9000)
    _listed(title="Mine", seller=member)
    _listed(title="Before", hours_ago=24 * 5)
    _listed(title="Phone", category=leaf_category(PHONES))

    with django_assert_max_num_queries(30):
        items = selectors.new_items_for_saved_searches(user=member)
    assert items == [newer, older]

    # Cached: the searches are not run again.
    with django_assert_num_queries(3):
        assert selectors.new_items_for_saved_searches(user=member, limit=12) == items
    assert selectors.new_items_for_saved_searches(user=member, limit=1) == [newer]


def test_new_items_for_a_member_without_searches(member, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert selectors.new_items_for_saved_searches(user=AnonymousUser()) == []
    with django_assert_num_queries(1):
        assert selectors.new_items_for_saved_searches(user=member) == []


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
