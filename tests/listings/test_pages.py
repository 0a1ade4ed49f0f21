"""Item page, seller dashboard, browse, vacation mode, staff removal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from listings.models import Listing
from tests.factories import ListingFactory, UserFactory, add_photos, leaf_category


def test_item_page_shows_everything_a_buyer_needs(client, db):
    listing = ListingFactory(
        title="Leica M6",
        description="<b>Mint</b>\nwith strap",
        price_cents=150000,
        brand_name="Leica",
        size="35mm",
    )
    add_photos(listing, 2)

    response = client.get(listing.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    total = 150000 + listing.shipping_cents
    assert "$1,500.00" in page
    assert f"${total // 100:,}.{total % 100:02d}" in page
    assert "Gently used; minor signs of wear" in page
    assert "&lt;b&gt;Mint&lt;/b&gt;<br>with strap" in page
    assert listing.category.parent.name in page and listing.category.name in page
    assert 'alt="Leica M6"' in page and "srcset=" in page
    assert "Buy now" in page and "Make offer" in page
    assert listing.seller.name in page and "Member since" in page


def test_gallery_works_without_javascript(client, db):
    listing = ListingFactory()
    first, second = add_photos(listing, 2)

    page = client.get(listing.get_absolute_url(), {"photo": 2}).content.decode()
    assert f'src="{second.image.url}"' in page
    page = client.get(listing.get_absolute_url(), {"photo": "zzz"}).content.decode()
    assert f'src="{first.image.url}"' in page
    assert client.get(listing.get_absolute_url(), {"photo": 99}).status_code == 200


@pytest.mark.parametrize("status", ["draft", "paused", "removed"])
def test_hidden_listing_is_a_404_for_others_but_not_for_seller_or_staff(
    client, status, db
):
    listing = ListingFactory(status=status, removed_reason="Counterfeit")

    assert client.get(listing.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(listing.get_absolute_url()).status_code == 404
    client.force_login(listing.seller)
    page = client.get(listing.get_absolute_url()).content.decode()
    assert ("Counterfeit" in page) == (status == "removed")
    client.force_login(UserFactory(is_staff=True))
    assert client.get(listing.get_absolute_url()).status_code == 200


def test_sold_item_stays_visible_with_badge_and_no_buy_button(client, db):
    listing = ListingFactory(status=Listing.Status.SOLD)

    page = client.get(listing.get_absolute_url()).content.decode()

    assert "SOLD" in page
    assert "Buy now" not in page


def test_vacation_hides_listings_and_item_page_explains(client, member_client, member):
    listing = ListingFactory(seller=member, title="Away lamp")
    add_photos(listing, 1)
    until = timezone.localdate() + timedelta(days=10)

    response = member_client.post(
        reverse("accounts:vacation"), {"vacation_until": until.isoformat()}
    )
    member.refresh_from_db()
    assert response.status_code == 302 and member.vacation_until == until

    assert "Away lamp" not in client.get(reverse("home")).content.decode()
    assert "Away lamp" not in client.get(reverse("listings:search")).content.decode()
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "The seller is away until" in page
    assert "Buy now" not in page

    member_client.post(reverse("accounts:vacation"), {"vacation_until": ""})
    assert "Away lamp" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("days", [31, -1])
def test_vacation_longer_than_30_days_or_in_the_past_is_refused(
    member_client, member, days
):
    until = timezone.localdate() + timedelta(days=days)
    response = member_client.post(
        reverse("accounts:vacation"), {"vacation_until": until.isoformat()}, follow=True
    )
    member.refresh_from_db()
    assert member.vacation_until is None
    page = response.content.decode()
    assert "at most 30 days" in page or "from today on" in page


def test_vacation_with_a_malformed_date_is_a_message(member_client, member):
    response = member_client.post(
        reverse("accounts:vacation"), {"vacation_until": "soon"}, follow=True
    )
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_selling_dashboard_tabs_and_counts(member_client, member):
    ListingFactory.create_batch(2, seller=member, title="On sale thing")
    ListingFactory(
        seller=member, status="draft", title="Draft thing", published_at=None
    )
    ListingFactory(seller=member, status="sold", title="Sold thing")
    ListingFactory(title="Not mine")

    page = member_client.get(reverse("listings:selling")).content.decode()
    assert 'On sale <span class="count">(2)</span>' in page
    assert 'Drafts <span class="count">(1)</span>' in page
    assert "On sale thing" in page and "Draft thing" not in page
    assert "Not mine" not in page
    drafts = member_client.get(reverse("listings:selling"), {"tab": "draft"})
    assert "Draft thing" in drafts.content.decode()
    bogus = member_client.get(reverse("listings:selling"), {"tab": "x", "page": "x"})
    assert bogus.status_code == 200


def test_browse_by_department_and_category(client, db):
    ListingFactory(title="Floor lamp")
    ListingFactory(title="Phone", category=leaf_category("electronics-cell-phones"))

    home_dept = client.get(reverse("listings:category", args=["home"])).content.decode()
    assert "Floor lamp" in home_dept and "Phone" not in home_dept
    electronics = client.get(
        reverse("listings:category", args=["electronics-cell-phones"])
    ).content.decode()
    assert "Phone" in electronics and "Floor lamp" not in electronics
    assert client.get(reverse("listings:category", args=["nope"])).status_code == 404


def test_staff_remove_with_reason_and_restore_through_admin(client, db, on_commit):
    listing = ListingFactory()
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse("admin:listings_listing_changelist")
    action = {"action": "remove_listings", "_selected_action": [listing.pk]}

    confirm = client.post(url, action)
    assert confirm.status_code == 200
    assert "Reason shown to the seller" in confirm.content.decode()
    with on_commit():
        client.post(url, {**action, "apply": "1", "reason": "Counterfeit goods"})

    listing.refresh_from_db()
    assert listing.status == Listing.Status.REMOVED
    assert listing.removed_reason == "Counterfeit goods"
    assert mail.outbox[0].to == [listing.seller.email]
    assert "Counterfeit goods" in mail.outbox[0].body

    restore = {"action": "restore_listings", "_selected_action": [listing.pk]}
    client.post(url, {**restore, "apply": "1", "reason": "Receipt checked"})
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ON_SALE
    assert listing.removed_reason == ""


def test_admin_listing_pages_render(client, db):
    listing = ListingFactory()
    add_photos(listing, 1)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    changelist = client.get(
        reverse("admin:listings_listing_changelist"),
        {"status__exact": "on_sale", "q": listing.title[:6]},
    )
    assert (
        changelist.status_code == 200 and listing.title in changelist.content.decode()
    )
    assert (
        client.get(
            reverse("admin:listings_listing_change", args=[listing.pk])
        ).status_code
        == 200
    )
    for model in ("category", "brand", "shippingtier"):
        assert (
            client.get(reverse(f"admin:listings_{model}_changelist")).status_code == 200
        )


def test_item_page_query_count_does_not_grow_with_photos(
    client, db, django_assert_max_num_queries
):
    small = ListingFactory()
    add_photos(small, 1)
    big = ListingFactory()
    add_photos(big, 12, size=(20, 20))

    with django_assert_max_num_queries(12) as few:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(big.get_absolute_url())


def test_selling_and_home_query_counts_do_not_grow_with_listings(
    member_client, member, client, django_assert_max_num_queries
):
    for listing in ListingFactory.create_batch(3, seller=member):
        add_photos(listing, 2, size=(20, 20))
    # Each page's bound counts the header bell's unread COUNT (a member's).
    with django_assert_max_num_queries(11) as few:
        member_client.get(reverse("listings:selling"))
    with django_assert_max_num_queries(9) as few_home:
        client.get(reverse("home"))

    for listing in ListingFactory.create_batch(30, seller=member):
        add_photos(listing, 1, size=(20, 20))
    with django_assert_max_num_queries(len(few.captured_queries)):
        member_client.get(reverse("listings:selling"))
    with django_assert_max_num_queries(len(few_home.captured_queries)):
        client.get(reverse("home"))
