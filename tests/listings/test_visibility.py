"""listings.visibility: one definition of a public listing, in the ORM, in
Python and in the search's raw SQL, agreeing on every edge."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from listings import visibility
from listings.models import Listing
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Listing.Status
TODAY_OFFSETS = [None, -1, 0, 1]  # vacation_until: none, yesterday, today, tomorrow


def test_public_statuses_are_the_models():
    assert visibility.PUBLIC_STATUSES == (Status.ON_SALE, Status.SOLD)


@pytest.fixture
def listings():
    made = []
    for status in Status.values:
        for active in (True, False):
            for offset in TODAY_OFFSETS:
                until = (
                    None
                    if offset is None
                    else timezone.localdate() + timedelta(days=offset)
                )
                seller = UserFactory(is_active=active, vacation_until=until)
                made.append(ListingFactory(seller=seller, status=status))
        # Held for review after members' reports (moderation).
        made.append(ListingFactory(status=status, held_for_review_at=timezone.now()))
    return made


def _sql_ids(status: str) -> set[int]:
    where, args = visibility.public_sql(status)
    sql = f"SELECT id FROM {Listing._meta.db_table} WHERE {' AND '.join(where)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return {row[0] for row in cursor.fetchall()}


def test_orm_python_and_sql_agree(listings):
    public = set(Listing.objects.public().values_list("pk", flat=True))
    viewable = set(Listing.objects.viewable().values_list("pk", flat=True))

    assert public == {item.pk for item in listings if item.is_public}
    assert viewable == {item.pk for item in listings if item.is_viewable}
    assert public == _sql_ids(Status.ON_SALE) | _sql_ids(Status.SOLD)
    assert public < viewable


def test_what_is_public(listings):
    for item in listings:
        away = item.seller.on_vacation
        listed = item.status in (Status.ON_SALE, Status.SOLD)
        held = item.held_for_review_at is not None
        assert item.is_viewable == (listed and item.seller.is_active and not held)
        assert item.is_public == (item.is_viewable and not away)


def test_sql_refuses_a_status_that_is_not_public():
    with pytest.raises(ValueError):
        visibility.public_sql(Status.DRAFT)


def test_a_vacationing_sellers_item_page_opens_but_is_not_listed(client):
    seller = UserFactory(vacation_until=timezone.localdate() + timedelta(days=2))
    item = ListingFactory(seller=seller, title="Resting teapot")

    page = client.get(item.get_absolute_url())

    assert page.status_code == 200
    assert "The seller is away until" in page.content.decode()
    assert "Buy now" not in page.content.decode()
    assert not Listing.objects.public().filter(pk=item.pk).exists()


def test_a_suspended_sellers_item_page_is_a_404(client):
    item = ListingFactory(seller=UserFactory(is_active=False))
    assert client.get(item.get_absolute_url()).status_code == 404


def test_likes_show_a_vacationing_sellers_item_as_away(client):
    from discovery.services import like_listing

    member = UserFactory()
    seller = UserFactory()
    item = ListingFactory(seller=seller, title="Sleeping lamp")
    like_listing(user=member, listing=item)
    seller.vacation_until = timezone.localdate() + timedelta(days=2)
    seller.save()
    client.force_login(member)

    page = client.get("/likes/").content.decode()

    assert "Sleeping lamp" in page
    assert "Seller away: not available for now" in page
