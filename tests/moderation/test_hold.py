"""A listing reported by REPORTS_TO_HIDE_LISTING distinct members is held for
review: hidden from everyone but its seller and staff until staff decide."""

import pytest
from django.conf import settings
from django.urls import reverse

from listings.models import Listing
from moderation.models import Report
from moderation.services import dismiss_report, remove_reported_content
from tests.concurrency import run_in_threads
from tests.factories import ListingFactory, UserFactory, file_report

pytestmark = pytest.mark.django_db


def reported_by(listing, count):
    return [file_report(UserFactory(), target=listing) for _index in range(count)]


def held(listing) -> bool:
    listing.refresh_from_db()
    return listing.held_for_review_at is not None


def test_the_nth_distinct_reporter_holds_the_listing():
    listing = ListingFactory()
    needed = settings.REPORTS_TO_HIDE_LISTING

    reported_by(listing, needed - 1)
    assert not held(listing)
    reported_by(listing, 1)

    assert held(listing)
    assert not Listing.objects.public().filter(pk=listing.pk).exists()
    assert not Listing.objects.viewable().filter(pk=listing.pk).exists()
    assert listing.status == Listing.Status.ON_SALE  # the status is untouched


def test_one_member_reporting_other_things_does_not_count_twice(settings):
    settings.REPORTS_TO_HIDE_LISTING = 2
    listing = ListingFactory()
    reporter = UserFactory()
    file_report(reporter, target=listing)
    # The same member reports the seller too: still one reporter of the listing.
    file_report(reporter, kind="member", target=listing.seller)

    assert not held(listing)


def test_the_setting_decides_how_many(settings):
    settings.REPORTS_TO_HIDE_LISTING = 1
    listing = ListingFactory()

    file_report(target=listing)

    assert held(listing)


def test_others_get_404_the_seller_sees_under_review(client, settings):
    settings.REPORTS_TO_HIDE_LISTING = 1
    listing = ListingFactory(title="Held brass lamp")
    file_report(target=listing)
    other = UserFactory()

    visitor_page = client.get(listing.get_absolute_url())
    client.force_login(other)
    other_page = client.get(listing.get_absolute_url())
    client.force_login(listing.seller)
    seller_page = client.get(listing.get_absolute_url())
    selling = client.get(reverse("listings:selling"))

    assert visitor_page.status_code == other_page.status_code == 404
    assert seller_page.status_code == 200
    assert "Under review" in seller_page.content.decode()
    assert "Held brass lamp" in selling.content.decode()
    assert "Under review" in selling.content.decode()


def test_held_listings_leave_search_and_cannot_be_bought(client, settings):
    from listings.rules import buy_refusal

    settings.REPORTS_TO_HIDE_LISTING = 1
    listing = ListingFactory(title="Zebra patterned teapot")
    visible = ListingFactory(title="Zebra patterned mug")
    file_report(target=listing)

    # No words: FULLTEXT on MariaDB sees only committed rows.
    page = client.get(reverse("listings:search"))

    assert "Zebra patterned mug" in page.content.decode()
    assert "Zebra patterned teapot" not in page.content.decode()
    assert visible.pk != listing.pk
    listing.refresh_from_db()
    assert buy_refusal(listing, UserFactory()) == (
        "This item is under review by Nomi staff."
    )


def test_dismissing_the_reports_releases_it(staff, settings):
    settings.REPORTS_TO_HIDE_LISTING = 2
    listing = ListingFactory()
    first, second = reported_by(listing, 2)
    assert held(listing)

    dismiss_report(report=first, staff=staff, note="Genuine item")

    assert not held(listing)
    assert Listing.objects.public().filter(pk=listing.pk).exists()
    first.refresh_from_db()
    assert first.state == Report.State.DISMISSED
    assert first.handled_by == staff and first.handled_at
    assert first.resolution_note == "Genuine item"


def test_removal_keeps_it_removed_even_when_other_reports_are_dismissed(
    staff, settings
):
    settings.REPORTS_TO_HIDE_LISTING = 2
    listing = ListingFactory()
    first, second = reported_by(listing, 2)

    remove_reported_content(report=first, staff=staff, reason="Replica handbag")

    listing.refresh_from_db()
    assert listing.status == Listing.Status.REMOVED
    assert listing.removed_reason == "Replica handbag"
    # Every open report on it was actioned by the removal.
    assert set(Report.objects.values_list("state", flat=True)) == {"actioned"}
    assert not Listing.objects.viewable().filter(pk=listing.pk).exists()


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_sixteen_members_reporting_at_once_hold_it_once(settings, catalogue):
    settings.REPORTS_TO_HIDE_LISTING = 3
    listing = ListingFactory()
    reporters = [UserFactory(password=None) for _index in range(16)]
    holds = []

    from listings import services as listing_services

    real_hold = listing_services.hold_for_review

    def counting_hold(**kwargs):
        result = real_hold(**kwargs)
        if result:
            holds.append(kwargs["listing_id"])
        return result

    listing_services.hold_for_review = counting_hold
    try:
        returned, raised = run_in_threads(
            16,
            lambda index: file_report(reporters[index], target=listing).pk,
        )
    finally:
        listing_services.hold_for_review = real_hold

    assert raised == []
    assert len(set(returned)) == 16
    assert holds == [listing.pk]
    assert held(listing)


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
def test_exactly_the_third_of_concurrent_reporters_holds_it(settings, catalogue):
    """Two at once after one: the locking count sees every committed report."""
    settings.REPORTS_TO_HIDE_LISTING = 3
    listing = ListingFactory()
    file_report(UserFactory(password=None), target=listing)
    others = [UserFactory(password=None) for _index in range(2)]

    returned, raised = run_in_threads(
        2, lambda index: file_report(others[index], target=listing).pk
    )

    assert raised == []
    assert held(listing)
