"""Trust pages in a browser: the badges help page, the delete-account page and
an item page whose seller card shows badges, with no axe violations; a member
deletes their account and is logged out."""

import pytest

from tests.e2e.helpers import axe_violations, field, log_in
from tests.factories import PASSWORD, ListingFactory, UserFactory, add_photos


@pytest.mark.parametrize("width", [360, 1280])
def test_trust_pages_have_no_axe_violations(new_page, catalogue, width):
    seller = UserFactory(
        display_name="Rosa", badge_ships_fast=True, badge_reliable=True
    )
    listing = ListingFactory(
        seller=seller,
        title="Brass desk lamp",
        ships_from_city="New York",
        ships_from_state="NY",
    )
    add_photos(listing)
    page = new_page(width)
    page.goto(listing.get_absolute_url())
    card = page.locator(".seller-card")
    assert card.get_by_role("link", name="Ships fast").is_visible()
    assert "Ships from New York, NY" in card.inner_text()
    assert axe_violations(page) == [], "item page"
    card.get_by_role("link", name="Reliable").click()
    page.wait_for_url("**/help/badges/#reliable")
    assert axe_violations(page) == [], "help page"

    log_in(page, UserFactory().username)
    page.goto("/accounts/delete/")
    assert axe_violations(page) == [], "delete page"


def test_member_deletes_their_account(page, catalogue):
    member = UserFactory()
    log_in(page, member.username)
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="Delete your account").click()
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/")
    assert "Your account is deleted" in page.content()
    member.refresh_from_db()
    assert member.is_deleted
