"""The services hold the text rule too: a caller that skips the forms is refused."""

import pytest

from accounts import services as account_services
from accounts.exceptions import AccountError
from accounts.models import Address
from discovery import services as discovery_services
from discovery.exceptions import DiscoveryError
from discovery.models import SavedSearch
from listings import services as listing_services
from listings.exceptions import ListingError
from listings.models import Listing
from orders import services as order_services
from orders.exceptions import OrderError
from orders.models import Dispute, Order
from tests.factories import (
    ListingFactory,
    UserFactory,
    buy,
    first_tier,
    leaf_category,
    shipped,
)

pytestmark = pytest.mark.django_db

SINGLE = ["Brass\r\nlamp", "Brass\tlamp", "Brass \u202elamp", "\u200b", "a\x00b"]
MULTI = ["It broke \u202e.", "It broke\x00.", "\u200b\u200b"]


def listing_fields(**changes):
    return {
        "title": "Brass lamp",
        "description": "Works.",
        "category": leaf_category(),
        "brand_name": "",
        "condition": "good",
        "size": "",
        "colour": "",
        "price_cents": 4000,
        "shipping_payer": "buyer",
        "shipping_tier": first_tier(),
        "ships_from_zip": "94107",
        **changes,
    }


@pytest.mark.parametrize("value", SINGLE)
@pytest.mark.parametrize("field", ["title", "brand_name", "size", "colour"])
def test_create_listing_refuses(field, value):
    seller = UserFactory()
    with pytest.raises(ListingError):
        listing_services.create_listing(
            seller=seller,
            fields=listing_fields(**{field: value}),
            photo_ids=[],
            publish=False,
        )
    assert not Listing.objects.exists()


@pytest.mark.parametrize("value", MULTI)
def test_create_listing_refuses_description(value):
    with pytest.raises(ListingError):
        listing_services.create_listing(
            seller=UserFactory(),
            fields=listing_fields(description=value),
            photo_ids=[],
            publish=False,
        )
    assert not Listing.objects.exists()


def test_create_listing_normalises():
    listing = listing_services.create_listing(
        seller=UserFactory(),
        fields=listing_fields(title="  Brass\u00a0 lamp ", description="a\r\nb"),
        photo_ids=[],
        publish=False,
    )
    assert (listing.title, listing.description) == ("Brass lamp", "a\nb")


@pytest.mark.parametrize("value", SINGLE)
@pytest.mark.parametrize("field", ["full_name", "line1", "city"])
def test_save_address_refuses(field, value):
    fields = {
        "full_name": "Ada",
        "line1": "1 Main St",
        "line2": "",
        "city": "Springfield",
        "state": "CA",
        "zip_code": "94107",
        field: value,
    }
    with pytest.raises(AccountError):
        account_services.save_address(
            user=UserFactory(), fields=fields, make_default=False
        )
    assert not Address.objects.exists()


@pytest.mark.parametrize("value", SINGLE)
def test_update_profile_refuses_display_name(value):
    member = UserFactory(display_name="Bea")
    with pytest.raises(AccountError):
        account_services.update_profile(
            user=member, display_name=value, bio="", state=""
        )
    member.refresh_from_db()
    assert member.display_name == "Bea"


@pytest.mark.parametrize("value", SINGLE)
def test_saved_search_names_refuse(value):
    member = UserFactory()
    with pytest.raises(DiscoveryError):
        discovery_services.save_search(user=member, query="q=lamp", name=value)
    saved = discovery_services.save_search(user=member, query="q=lamp").saved_search
    with pytest.raises(DiscoveryError):
        discovery_services.rename_saved_search(saved_search=saved, name=value)
    assert SavedSearch.objects.get().name == saved.name


@pytest.mark.parametrize("value", SINGLE)
def test_shipping_address_refuses(value):
    with pytest.raises(OrderError):
        order_services.ShippingAddress(
            full_name=value, line1="1 Main St", city="X", state="CA", zip_code="94107"
        )


@pytest.mark.parametrize("value", SINGLE[:2])
def test_ship_order_refuses_a_multi_line_tracking_number(value):
    order = buy(ListingFactory())
    with pytest.raises(OrderError):
        order_services.ship_order(
            order=order,
            seller=order.listing.seller,
            carrier="usps",
            tracking_number=f"1Z999{value}AA1",
        )
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.parametrize("value", MULTI)
def test_order_notes_refuse(value):
    order = buy(ListingFactory())
    with pytest.raises(OrderError):
        order_services.cancel_order(
            order=order, user=order.listing.seller, reason=value
        )
    order = shipped(order)
    with pytest.raises(OrderError):
        order_services.report_problem(
            order=order, buyer=order.buyer, reason="damaged", description=value
        )
    assert not Dispute.objects.exists()
