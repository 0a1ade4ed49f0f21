"""Demo trades between the demo members, made through the real services.

So that `make run` shows every buying page with something on it: the demo
buyer has an order completed and rated both ways, one in transit, one
waiting to be shipped and an open offer; the demo seller has the matching
sales and a balance with earnings.
"""

import uuid

from django.contrib.auth import get_user_model

from conversations.services import (
    open_conversation,
    post_comment,
    send_message,
)
from listings.models import Listing
from orders import services
from orders.models import Order
from orders.payments import get_gateway, validate_card

User = get_user_model()

DEMO_CARD = ("4242 4242 4242 4242", "12/34", "123")


def _card_payment(buyer: User) -> services.Payment:
    """The demo card as a token from the sandbox's card form (one per payment)."""
    token = get_gateway().tokenize(validate_card(*DEMO_CARD), customer_id=buyer.pk)
    return services.Payment(source="card", card_token=token)


def seed_demo_trades(*, seller: User, buyer: User) -> int:
    """Trade four of the seller's on-sale listings with the buyer; returns how many.

    Does nothing when the two have traded before.
    """
    if Order.objects.filter(seller=seller, buyer=buyer).exists():
        return 0
    listings = list(
        Listing.objects.on_sale().filter(seller=seller).order_by("price_cents")[:4]
    )
    if len(listings) < 4:
        return 0
    address = services.ShippingAddress(
        full_name=buyer.name,
        line1="350 Fifth Avenue",
        city="New York",
        state="NY",
        zip_code="10118",
    )
    orders = [
        services.purchase_listing(
            listing=listing,
            buyer=buyer,
            address=address,
            payment=_card_payment(buyer),
            idempotency_key=uuid.uuid4().hex,
            expected_total_cents=services.quote_for(listing).total_cents,
        )
        for listing in listings[:3]
    ]
    done, in_transit, _to_ship = orders
    for order in (done, in_transit):
        services.ship_order(
            order=order, seller=seller, carrier="usps", tracking_number="9400111899223"
        )
    services.confirm_receipt(order=done, buyer=buyer)
    services.rate_order(
        order=done, rater=buyer, stars=5, comment="Exactly as described."
    )
    services.rate_order(order=done, rater=seller, stars=5, comment="Paid at once.")
    offered = listings[3]
    services.make_offer(
        listing=offered,
        buyer=buyer,
        amount_cents=max(services.min_offer_cents(offered), offered.price_cents - 500),
        address=address,
        payment=_card_payment(buyer),
        idempotency_key=uuid.uuid4().hex,
    )
    _seed_demo_talk(seller=seller, buyer=buyer, asked=listings[3], order=in_transit)
    return 4


def _seed_demo_talk(*, seller: User, buyer: User, asked: Listing, order) -> None:
    """A question answered on the item the buyer offered on, and the buyer's
    conversation about the order on its way, so the item page, `/messages/`,
    the order page and the bell have something to show."""
    post_comment(
        listing=asked, author=buyer, text="Does it come from a smoke-free home?"
    )
    post_comment(listing=asked, author=seller, text="Yes, and it ships the next day.")
    conversation = open_conversation(listing=order.listing, member=buyer)
    send_message(
        conversation=conversation,
        sender=buyer,
        text="Thanks for shipping so fast! Could you add a gift note?",
    )
    send_message(
        conversation=conversation,
        sender=seller,
        text="Too late for this parcel, sorry. Enjoy it!",
    )
