"""axe-core finds no violations on the main pages (docs/product-rules.md)."""

import pytest

from tests.e2e.helpers import axe_violations, log_in
from tests.factories import (
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    completed,
    offer,
)

PUBLIC_PAGES = [
    "/",
    "/search/?q=lamp",
    "/c/home/",
    "/accounts/login/",
    "/accounts/signup/",
    "/departments/",
    "/help/",
    "/help/fees/",
    "/help/buyer-protection/",
    "/help/prohibited/",
    "/help/badges/",
    "/terms/",
    "/privacy/",
]
MEMBER_PAGES = [
    "/items/new/",
    "/selling/",
    "/buying/",
    "/balance/",
    "/likes/",
    "/saved-searches/",
    "/accounts/settings/",
]


@pytest.fixture
def listing(catalogue):
    item = ListingFactory(title="Brass desk lamp", description="Works.\nNo dents.")
    add_photos(item, 2)
    return item


@pytest.mark.parametrize("width", [360, 1280])
def test_public_pages_have_no_axe_violations(new_page, listing, width):
    page = new_page(width)
    for path in [
        *PUBLIC_PAGES,
        listing.get_absolute_url(),
        f"/u/{listing.seller.username}/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path


def test_member_pages_have_no_axe_violations(new_page, listing):
    page = new_page(1280)
    log_in(page, UserFactory().username)
    for path in [*MEMBER_PAGES, listing.get_absolute_url()]:
        page.goto(path)
        assert axe_violations(page) == [], path


@pytest.mark.parametrize("width", [360, 1280])
def test_member_home_with_to_dos_and_open_menu_has_no_axe_violations(
    new_page, listing, width
):
    """The home page's to-do lists and the account menu, opened."""
    seller = listing.seller
    buy(listing)
    other = ListingFactory(seller=seller, title="Oak stool")
    add_photos(other)
    offer(other)
    page = new_page(width)
    log_in(page, seller.username)
    page.goto("/")
    assert page.locator("#to-ship-heading").is_visible()
    page.locator(".account-button").click()
    assert page.get_by_role("link", name="Messages").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [360, 1280])
def test_buying_pages_have_no_axe_violations(new_page, listing, width):
    """Checkout, offer pages, an order at each side, and a balance with history."""
    member = UserFactory()
    on_sale = ListingFactory(title="Walnut side table")
    add_photos(on_sale)
    made = offer(on_sale, buyer=member)
    sale = completed(buy(ListingFactory(seller=member)))
    purchase = buy(listing, buyer=member)
    page = new_page(width)
    log_in(page, member.username)
    for path in [
        f"/items/{on_sale.pk}/buy/",
        f"/items/{on_sale.pk}/offer/",
        made.get_absolute_url(),
        purchase.get_absolute_url(),
        f"/orders/{purchase.pk}/report/",
        sale.get_absolute_url(),
        "/buying/",
        "/selling/",
        "/balance/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
