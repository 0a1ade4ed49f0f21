"""The footer's pages: help, fees, buyer protection, prohibited, terms, privacy."""

import re

import pytest
from django.urls import reverse

from marketplace.fees import seller_earnings_cents, selling_fee_cents
from marketplace.templatetags.money import money
from orders.pricing import quote
from storefront.views import FEE_EXAMPLES

pytestmark = pytest.mark.django_db

PAGES = [
    "help",
    "help-fees",
    "help-buyer-protection",
    "help-prohibited",
    "help-badges",
    "terms",
    "privacy",
    "departments",
]


def footer_links(html: str) -> list[str]:
    footer = html[html.index('<footer class="site-footer">') :]
    return re.findall(r'href="([^"#]+)', footer)


@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_for_visitors_and_members(client, member, name):
    assert client.get(reverse(name)).status_code == 200
    client.force_login(member)
    assert client.get(reverse(name)).status_code == 200


def test_every_footer_link_resolves(client):
    links = footer_links(client.get(reverse("home")).content.decode())
    assert len(links) >= 10
    for name in PAGES:
        assert reverse(name) in links
    for link in links:
        assert client.get(link, follow=True).status_code == 200, link


def test_fees_page_shows_the_fees_in_force_and_examples_from_the_fee_functions(
    client, settings
):
    settings.SELLING_FEE_PERCENT = 13
    settings.BUYER_FEE_PERCENT = 3

    html = client.get(reverse("help-fees")).content.decode()

    assert "selling fee of 13%" in html
    assert "buyer protection fee of 3%" in html
    for item_cents, shipping_cents in FEE_EXAMPLES:
        buyer = quote(item_cents, shipping_cents)
        assert buyer.buyer_fee_cents  # 3% of the price is not nothing
        assert money(buyer.total_cents) in html
        assert money(selling_fee_cents(item_cents)) in html
        earned = seller_earnings_cents(item_cents, shipping_cents=shipping_cents)
        assert money(earned) in html


def test_fees_page_without_a_buyer_fee_says_so(client, settings):
    settings.BUYER_FEE_PERCENT = 0
    html = client.get(reverse("help-fees")).content.decode()
    assert "There is no buyer fee." in html


def test_buyer_protection_page_reads_the_deadlines_from_settings(client, settings):
    settings.SHIP_DEADLINE_DAYS = 4
    settings.AUTO_CANCEL_DAYS = 6
    settings.AUTO_COMPLETE_DAYS = 9
    settings.DISPUTE_MAX_PHOTOS = 5
    settings.OFFER_EXPIRY_HOURS = 36

    html = client.get(reverse("help-buyer-protection")).content.decode()

    assert "The seller has 4 days to ship" in html
    assert "6 days after you paid" in html
    assert "completes by itself 9 days after it shipped" in html
    assert "up to 5 photos" in html
    assert "within 36 hours" in html


def test_terms_read_the_selling_fee_from_settings(client, settings):
    settings.SELLING_FEE_PERCENT = 11
    html = client.get(reverse("terms")).content.decode()
    assert "selling fee of 11%" in html
