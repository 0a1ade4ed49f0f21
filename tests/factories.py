"""factory-boy factories shared by every test."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Address

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username.lower()}@example.com")
    display_name = factory.Faker("name")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        unverified = factory.Trait(email_verified_at=None)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name")
    line1 = factory.Faker("street_address")
    city = factory.Faker("city")
    state = "CA"
    zip_code = "94107"


def leaf_category(slug="home-lighting"):
    """A seeded category (the data migration creates the tree)."""
    from listings.models import Category

    return Category.objects.get(slug=slug)


def first_tier():
    from listings.models import ShippingTier

    return ShippingTier.objects.order_by("position").first()


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "listings.Listing"

    seller = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Brass desk lamp {n}")
    description = "Works perfectly. Small scratch on the base."
    category = factory.LazyFunction(leaf_category)
    condition = "good"
    price_cents = 2500
    shipping_tier = factory.LazyFunction(first_tier)
    shipping_cents = factory.LazyAttribute(lambda o: o.shipping_tier.price_cents)
    ships_from_zip = "94107"
    status = "on_sale"
    published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Save as the services do: with the department and search document."""
        from listings.search import refresh_search_fields

        listing = model_class(*args, **kwargs)
        refresh_search_fields(listing)
        listing.save()
        return listing


def add_photos(listing, count=1, size=(64, 48)):
    """Attach `count` real photos made by the upload pipeline."""
    import io
    import uuid

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from listings.photos import build_photo

    photos = []
    for position in range(count):
        buffer = io.BytesIO()
        Image.new("RGB", size, (40 * position % 255, 90, 160)).save(buffer, "JPEG")
        upload = SimpleUploadedFile("p.jpg", buffer.getvalue(), "image/jpeg")
        photo = build_photo(owner=listing.seller, upload=upload, stem=uuid.uuid4().hex)
        photo.listing = listing
        photo.position = position
        photo.save()
        photos.append(photo)
    return photos


# --- Buying: real orders and offers, made through the services -----------------

GOOD_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"
NO_FUNDS_CARD = "4000 0000 0000 9995"


# What the checkout and offer forms post for a new address and the test Visa.
NEW_ADDRESS_FORM = {
    "address": "new",
    "full_name": "Ada Buyer",
    "line1": "1 Market St",
    "line2": "",
    "city": "San Francisco",
    "state": "CA",
    "zip_code": "94105",
}
CARD_FORM = {
    "payment": "card",
    "card_number": GOOD_CARD,
    "expiry": "12/30",
    "cvc": "123",
}


def card(number=GOOD_CARD, expiry="12/30", cvc="123"):
    from orders.payments import validate_card

    return validate_card(number, expiry, cvc)


def card_token(number=GOOD_CARD, *, member) -> str:
    """A single-use token for the card from the sandbox's card form, for `member`."""
    from orders.payments.sandbox import SandboxGateway

    return SandboxGateway().tokenize(card(number), customer_id=member.pk)


CARD_INPUTS = ("card_number", "expiry", "cvc")


def pay_post(client, url, data, **extra):
    """POST a paying form as a browser does: the card inputs to the card form
    first, then the form with the token it gave (never the card).

    Returns the card form's page when it refused the card (a 400 with the
    message next to the field), else the form's own response.
    """
    import html
    import re

    from django.urls import reverse

    data = dict(data)
    inputs = {name: data.pop(name) for name in CARD_INPUTS if name in data}
    if inputs and data.get("payment", "card") == "card":
        checked = client.post(
            reverse("orders:card-token"),
            {**inputs, "next": url, "payment": "card"},
            **extra,
        )
        if checked.status_code != 200:
            return checked
        token = re.search(
            r'name="card_token" value="([^"]*)"', checked.content.decode()
        )
        data["card_token"] = html.unescape(token[1])
    return client.post(url, data, **extra)


def shipping_address(**overrides):
    from orders.services import ShippingAddress

    fields = {
        "full_name": "Ada Buyer",
        "line1": "1 Market St",
        "city": "San Francisco",
        "state": "CA",
        "zip_code": "94105",
    }
    return ShippingAddress(**{**fields, **overrides})


def card_payment(number=GOOD_CARD, *, member):
    from orders.services import Payment

    return Payment(source="card", card_token=card_token(number, member=member))


def balance_payment():
    from orders.services import Payment

    return Payment(source="balance")


def buy(listing=None, buyer=None, payment=None, key=None):
    """Buy `listing` (a new one by default) through checkout's service."""
    import uuid

    from orders.services import purchase_listing, quote_for

    listing = listing or ListingFactory()
    buyer = buyer or UserFactory()
    return purchase_listing(
        listing=listing,
        buyer=buyer,
        address=shipping_address(),
        payment=payment or card_payment(member=buyer),
        idempotency_key=key or uuid.uuid4().hex,
        expected_total_cents=quote_for(listing).total_cents,
    )


def offer(listing=None, buyer=None, amount_cents=None, payment=None):
    """Make a binding offer (80% of the price by default) through the service."""
    import uuid

    from orders.services import make_offer

    listing = listing or ListingFactory()
    buyer = buyer or UserFactory()
    return make_offer(
        listing=listing,
        buyer=buyer,
        amount_cents=amount_cents or listing.price_cents * 8 // 10,
        address=shipping_address(),
        payment=payment or card_payment(member=buyer),
        idempotency_key=uuid.uuid4().hex,
    )


def shipped(order):
    from orders.services import ship_order

    return ship_order(
        order=order, seller=order.seller, carrier="usps", tracking_number="9400111"
    )


def completed(order):
    """Ship (if needed) and confirm receipt: the seller is paid."""
    from orders.services import confirm_receipt

    if order.status == "paid":
        order = shipped(order)
    return confirm_receipt(order=order, buyer=order.buyer)


# --- Conversations: comments and messages through their services ---------------


def comment(listing=None, author=None, text="Is it still available?"):
    from conversations.services import post_comment

    listing = listing or ListingFactory()
    return post_comment(listing=listing, author=author or UserFactory(), text=text)


def conversation(listing=None, member=None):
    from conversations.services import open_conversation

    listing = listing or ListingFactory()
    return open_conversation(listing=listing, member=member or UserFactory())


def message(conversation, sender, text="Hello", confirmed=False):
    from conversations.services import send_message

    return send_message(
        conversation=conversation, sender=sender, text=text, confirmed=confirmed
    )


# --- Trust: badges, seller card, export and deletion ---------------------------


def order_row(*, seller, status="completed", created_at=None, shipped_at=None, **kw):
    """An Order row written directly (no payment, no ledger): for badge windows
    that need many orders of one seller. Not for money tests."""
    import uuid

    from orders.models import Order

    created_at = created_at or timezone.now()
    listing = kw.pop("listing", None) or ListingFactory(seller=seller, status="sold")
    return Order.objects.create(
        listing=listing,
        buyer=kw.pop("buyer", None) or UserFactory(),
        seller=seller,
        status=status,
        idempotency_key=uuid.uuid4().hex,
        title=listing.title,
        item_cents=2500,
        shipping_cents=500,
        buyer_fee_cents=100,
        total_cents=3100,
        seller_fee_cents=250,
        ship_name="Ada Buyer",
        ship_line1="1 Market St",
        ship_city="San Francisco",
        ship_state="CA",
        ship_zip="94105",
        created_at=created_at,
        shipped_at=shipped_at,
        **kw,
    )


# --- Moderation: reports, and the comments and messages they point at ----------


def report_comment(listing=None, author=None, text="Is it still available?"):
    """A comment on `listing` (a new one by default), written as a row."""
    from conversations.models import Comment

    listing = listing or ListingFactory()
    return Comment.objects.create(
        listing=listing, author=author or UserFactory(), text=text
    )


def report_message(listing=None, member=None, sender=None, text="Pay me by wire"):
    """A message in the conversation between `listing`'s seller and `member`;
    sent by `sender` (the member by default)."""
    from conversations.models import Conversation, Message

    listing = listing or ListingFactory()
    member = member or UserFactory()
    conversation, _created = Conversation.objects.get_or_create(
        listing=listing, member=member, defaults={"seller": listing.seller}
    )
    return Message.objects.create(
        conversation=conversation, sender=sender or member, text=text
    )


def file_report(reporter=None, *, kind="listing", target=None, reason="counterfeit"):
    """A report through the service (a listing report by default)."""
    from moderation.services import file_report as file

    return file(
        reporter=reporter or UserFactory(),
        kind=kind,
        target=target if target is not None else ListingFactory(),
        reason=reason,
        note="",
    )
