"""A member keeps at most ADDRESSES_MAX saved addresses, however they are saved."""

import pytest
from django.urls import reverse

from accounts.exceptions import AccountError
from accounts.models import Address
from accounts.services import save_address
from tests.factories import AddressFactory, pay_post

FIELDS = {
    "full_name": "Ada Buyer",
    "line1": "1 Main St",
    "line2": "",
    "city": "San Francisco",
    "state": "CA",
    "zip_code": "94105",
}


def test_service_refuses_a_new_address_past_the_cap(member, settings):
    settings.ADDRESSES_MAX = 2
    AddressFactory.create_batch(2, user=member)

    with pytest.raises(AccountError, match="2 saved addresses"):
        save_address(user=member, fields=FIELDS, make_default=False)

    assert Address.objects.filter(user=member).count() == 2


def test_editing_an_address_at_the_cap_is_allowed(member, settings):
    settings.ADDRESSES_MAX = 1
    (address,) = AddressFactory.create_batch(1, user=member)

    save_address(user=member, fields=FIELDS, address=address, make_default=False)

    address.refresh_from_db()
    assert address.city == "San Francisco"


def test_address_form_shows_the_cap(member_client, member, settings):
    settings.ADDRESSES_MAX = 1
    AddressFactory(user=member)

    response = member_client.post(reverse("accounts:address-new"), FIELDS)

    assert response.status_code == 400
    assert "1 saved addresses" in response.content.decode()
    assert Address.objects.filter(user=member).count() == 1


def test_checkout_at_the_cap_buys_and_says_the_address_was_not_kept(
    buyer_client, buyer, settings
):
    from orders.models import Order
    from tests.factories import ListingFactory
    from tests.orders.test_checkout import checkout_url, form_data

    settings.ADDRESSES_MAX = 1
    AddressFactory(user=buyer)
    listing = ListingFactory()

    response = pay_post(
        buyer_client,
        checkout_url(listing),
        form_data(listing, address="new", save_address="on"),
        follow=True,
    )

    assert response.status_code == 200
    assert Order.objects.filter(buyer=buyer).count() == 1
    assert Address.objects.filter(user=buyer).count() == 1
    assert "1 saved addresses" in response.content.decode()
