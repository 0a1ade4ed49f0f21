"""/buying/ and /selling/: orders grouped by what needs doing, offers, query counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.templatetags.dates import when
from orders.models import Order
from orders.photos import build_dispute_photo
from orders.services import (
    cancel_order,
    decline_offer,
    rate_order,
    report_problem,
    resolve_dispute,
)
from tests.conftest import make_upload
from tests.factories import (
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    completed,
    offer,
    shipped,
)

pytestmark = pytest.mark.django_db


def one_of_each(*, buyer=None, seller=None) -> dict[str, Order]:
    """Orders in every dashboard section, oldest first, between the given members."""

    def new_order(title):
        listing = ListingFactory(seller=seller or UserFactory(), title=title)
        return buy(listing, buyer=buyer or UserFactory())

    orders = {}
    orders["paid"] = new_order("Paid lamp")
    orders["shipped"] = shipped(new_order("Shipped lamp"))
    orders["to_rate"] = completed(new_order("Unrated lamp"))
    rated = completed(new_order("Rated lamp"))
    rate_order(order=rated, rater=rated.buyer, stars=5)
    rate_order(order=rated, rater=rated.seller, stars=5)
    orders["rated"] = rated
    to_cancel = new_order("Cancelled lamp")
    orders["cancelled"] = cancel_order(
        order=to_cancel, user=to_cancel.seller, reason="Broken"
    )
    disputed = new_order("Disputed lamp")
    orders["disputed"] = report_problem(
        order=disputed, buyer=disputed.buyer, reason="other", description="Odd"
    )
    return orders


def test_buying_groups_purchases_by_what_needs_doing(client):
    buyer = UserFactory()
    orders = one_of_each(buyer=buyer)
    ListingFactory(title="Someone else's lamp")
    buy(ListingFactory(title="Not my purchase"))
    client.force_login(buyer)

    response = client.get(reverse("orders:buying"))

    assert response.status_code == 200
    groups = response.context["groups"]
    assert [o.pk for o in groups.to_ship] == [orders["paid"].pk]
    assert [o.pk for o in groups.in_transit] == [orders["shipped"].pk]
    assert [o.pk for o in groups.to_rate] == [orders["to_rate"].pk]
    assert [o.pk for o in groups.disputes] == [orders["disputed"].pk]
    assert [o.pk for o in groups.done] == [orders["cancelled"].pk, orders["rated"].pk]
    page = response.content.decode()
    assert "Not my purchase" not in page
    headings = [
        "Waiting to be shipped",
        "In transit",
        "To rate",
        "Problems reported",
        "Done",
    ]
    positions = [page.index(f"{heading} <span") for heading in headings]
    assert positions == sorted(positions)
    # Each order sits under its own heading.
    assert positions[0] < page.index("Paid lamp") < positions[1]
    assert positions[1] < page.index("Shipped lamp") < positions[2]
    assert positions[2] < page.index("Unrated lamp") < positions[3]
    assert positions[3] < page.index("Disputed lamp") < positions[4]
    assert positions[4] < page.index("Cancelled lamp") < page.index("Rated lamp")
    for order in orders.values():
        assert f'href="{order.get_absolute_url()}"' in page
    paid = orders["paid"]
    assert f"Ships by {_short(paid.ship_by)}" in page
    assert f"Completes automatically {_short(orders['shipped'].auto_complete_at)}" in (
        page
    )
    assert f"Rate by {_short(orders['to_rate'].rating_closes_at)}" in page


def test_groups_list_newest_first(client):
    buyer = UserFactory()
    old = buy(ListingFactory(title="Older lamp"), buyer=buyer)
    Order.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=5)
    )
    buy(ListingFactory(title="Newer lamp"), buyer=buyer)
    client.force_login(buyer)

    page = client.get(reverse("orders:buying")).content.decode()

    assert page.index("Newer lamp") < page.index("Older lamp")


def test_selling_shows_orders_and_offers_received_above_the_listings(client):
    seller = UserFactory()
    orders = one_of_each(seller=seller)
    pending = offer(ListingFactory(seller=seller, title="Offered lamp"))
    declined = offer(ListingFactory(seller=seller, title="Declined lamp"))
    decline_offer(offer=declined, seller=seller)
    offer(ListingFactory(title="Not my listing"))
    ListingFactory(seller=seller, title="Lamp on sale")
    client.force_login(seller)

    response = client.get(reverse("listings:selling"))

    page = response.content.decode()
    groups = response.context["order_groups"]
    assert [o.pk for o in groups.to_ship] == [orders["paid"].pk]
    assert [o.pk for o in groups.in_transit] == [orders["shipped"].pk]
    assert [o.pk for o in groups.disputes] == [orders["disputed"].pk]
    assert "To ship <span" in page
    assert f"Ship by {_short(orders['paid'].ship_by)}" in page
    # Earnings, not the buyer's total, on the seller's rows.
    earnings = orders["paid"].seller_earnings_cents
    assert f"${earnings // 100}.{earnings % 100:02d}" in page
    assert [o.pk for o in response.context["offers"]] == [pending.pk, declined.pk]
    assert "Offers received" in page
    assert f'href="{reverse("orders:offer-detail", args=[pending.pk])}"' in page
    assert "Waiting for your answer" in page and " left" in page
    assert "Declined" in page and "Not my listing" not in page
    # The listing tabs and vacation mode are still there, below.
    assert page.index("Offers received") < page.index('<nav class="tabs"')
    assert "Lamp on sale" in page and "Vacation mode" in page


def test_buying_lists_offers_made_with_state_and_time_left(client):
    buyer = UserFactory()
    made = offer(ListingFactory(title="Wanted lamp", price_cents=10000), buyer=buyer)
    client.force_login(buyer)

    page = client.get(reverse("orders:buying")).content.decode()

    assert "Offers you made" in page and "Wanted lamp" in page
    assert "$80.00" in page and "Waiting for the seller" in page
    assert re.search(r"23 hours, \d+ minutes left", page.replace("\xa0", " "))
    assert f'href="{made.get_absolute_url()}"' in page


def test_empty_dashboards_say_so(client):
    member = UserFactory()
    client.force_login(member)

    buying = client.get(reverse("orders:buying")).content.decode()
    selling = client.get(reverse("listings:selling")).content.decode()

    assert "Nothing bought yet." in buying and "No offers made." in buying
    assert "No orders yet." in selling and "No offers received yet." in selling


def test_dashboards_need_login(client):
    response = client.get(reverse("orders:buying"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("url_name", "role"), [("orders:buying", "buyer"), ("listings:selling", "seller")]
)
def test_dashboard_queries_do_not_grow_with_orders(
    client, django_assert_max_num_queries, url_name, role
):
    member = UserFactory()
    kwargs = {role: member}
    listing = ListingFactory(seller=member) if role == "seller" else ListingFactory()
    # The selling page's on-sale tab is not empty from the start either.
    add_photos(ListingFactory(seller=member), 1, size=(20, 20))
    buy(listing, **({"buyer": member} if role == "buyer" else {}))
    # One offer too: each kind of row has its photos prefetched once there is
    # a row of that kind, so the baseline has one of each.
    offer(buyer=member) if role == "buyer" else offer(ListingFactory(seller=member))
    client.force_login(member)
    with django_assert_max_num_queries(30) as one:
        client.get(reverse(url_name))

    one_of_each(**kwargs)
    one_of_each(**kwargs)
    for _ in range(3):
        if role == "buyer":
            offer(buyer=member)
        else:
            offer(ListingFactory(seller=member))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse(url_name))
    groups = response.context["groups" if role == "buyer" else "order_groups"]
    assert sum(len(orders) for _name, orders in groups.sections()) == 13


def test_order_page_queries_do_not_grow_with_events_or_photos(
    client, django_assert_max_num_queries
):
    plain = completed(buy())
    client.force_login(plain.buyer)
    with django_assert_max_num_queries(30) as few:
        client.get(plain.get_absolute_url())

    busy = buy(buyer=plain.buyer)
    photos = [
        build_dispute_photo(make_upload(size=(40, 30)), owner=busy.buyer)
        for _ in range(3)
    ]
    busy = report_problem(
        order=shipped(busy),
        buyer=busy.buyer,
        reason="damaged",
        description="Dented",
        photos=photos,
    )
    busy = resolve_dispute(
        order=busy, staff=UserFactory(is_staff=True), for_buyer=False
    )
    rate_order(order=busy, rater=busy.seller, stars=4)
    # One more query, and only one: the dispute's photos.
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        response = client.get(busy.get_absolute_url())
    assert response.content.decode().count("Photo 3 of the problem") == 1
    assert busy.events.count() > plain.events.count()


def _short(moment) -> str:
    """A deadline as the page writes it: "Jan 5, 2027, 3:04 PM EST"."""
    return when(moment)
