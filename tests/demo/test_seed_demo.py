"""`manage.py seed_demo`: realistic, deterministic demo data with real photos."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from PIL import Image

from demo import listings as demo_listings
from demo.objects import choose_object
from demo.vocabulary.catalogue import CATALOGUE
from listings.models import Brand, Category, Listing, ListingPhoto
from listings.places import city_state_for_zip

User = get_user_model()
DEMO_USERNAMES = {"demo", "buyer"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_photos(monkeypatch):
    """Drawing and encoding photos is the slow part; small ones are enough here."""
    monkeypatch.setattr(demo_listings, "PHOTO_SIDE", 120)


def seed(**options) -> str:
    out = StringIO()
    options = {"members": 5, "listings": 30, "seed": 11, **options}
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def titles_and_prices():
    return sorted(Listing.objects.values_list("title", "price_cents", "category"))


def wipe_seeded_data():
    ListingPhoto.objects.all().delete()
    Listing.objects.all().delete()
    User.objects.exclude(username__in=DEMO_USERNAMES).delete()


def test_adds_the_members_and_listings_asked_for_and_reports_them():
    output = seed()

    assert User.objects.exclude(username__in=DEMO_USERNAMES).count() == 5
    assert Listing.objects.count() == 30
    assert "Listings" in output and "30/30" in output  # the finished progress bar
    assert "Added 5 members and 30 listings" in output
    assert "log in with demo / nomi-demo-seller" in output
    assert "log in with buyer / nomi-demo-buyer" in output


def test_demo_members_are_verified_and_demo_has_a_full_selling_dashboard():
    seed()

    demo_member = User.objects.get(username="demo")
    buyer = User.objects.get(username="buyer")
    assert demo_member.is_verified and buyer.is_verified
    assert demo_member.check_password("nomi-demo-seller")
    statuses = set(demo_member.listings.values_list("status", flat=True))
    assert {Listing.Status.ON_SALE, Listing.Status.SOLD, Listing.Status.PAUSED} <= (
        statuses
    )


def test_seeded_members_look_real():
    seed()

    for member in User.objects.exclude(username__in=DEMO_USERNAMES):
        member.full_clean()
        assert member.is_verified
        assert member.display_name and member.bio and member.state
        assert not member.has_usable_password()


def test_listings_pass_every_model_rule_and_look_real():
    seed()

    for listing in Listing.objects.select_related("category", "shipping_tier", "brand"):
        listing.full_clean()
        assert listing.price_cents % 100 == 0
        assert 100 <= listing.price_cents <= 200_000
        assert listing.shipping_cents == listing.shipping_tier.price_cents
        assert listing.category.parent_id is not None
        assert len(listing.ships_from_zip) == 5 and listing.ships_from_zip.isdigit()
        # Real ZIP codes: the seller card names the city.
        assert listing.ships_from_city
        assert (listing.ships_from_city, listing.ships_from_state) == (
            city_state_for_zip(listing.ships_from_zip)
        )
        assert listing.title and listing.description
        if listing.brand:
            assert listing.brand_name == listing.brand.name
    assert Listing.objects.filter(brand__isnull=False).exists()
    assert Listing.objects.exclude(size="").exists()
    assert Listing.objects.exclude(colour="").exists()
    payers = set(Listing.objects.values_list("shipping_payer", flat=True))
    assert payers == {Listing.ShippingPayer.BUYER, Listing.ShippingPayer.SELLER}


def test_mostly_on_sale_and_listed_over_the_last_two_months():
    seed(listings=200, members=10)

    counts = {
        status: Listing.objects.filter(status=status).count()
        for status in Listing.Status.values
    }
    assert counts[Listing.Status.ON_SALE] > 200 * 0.6
    assert counts[Listing.Status.SOLD] and counts[Listing.Status.PAUSED]
    assert counts[Listing.Status.DRAFT]
    assert not Listing.objects.filter(
        status=Listing.Status.DRAFT, published_at__isnull=False
    ).exists()
    now = timezone.now()
    published = Listing.objects.exclude(status=Listing.Status.DRAFT)
    assert not published.filter(published_at__isnull=True).exists()
    assert not published.filter(published_at__gt=now).exists()
    assert not published.filter(published_at__lt=now - timedelta(days=61)).exists()
    assert published.filter(published_at__gt=now - timedelta(days=2)).exists()
    assert published.filter(published_at__lt=now - timedelta(days=30)).exists()


def test_every_listing_has_one_to_four_real_photos():
    seed()

    for listing in Listing.objects.prefetch_related("photos"):
        photos = list(listing.photos.all())
        assert 1 <= len(photos) <= 4
        assert [photo.position for photo in photos] == list(range(len(photos)))
        assert all(photo.owner_id == listing.seller_id for photo in photos)
    names = set()
    for photo in ListingPhoto.objects.all():
        names.update([photo.image.name, photo.thumb_320.name, photo.thumb_640.name])
        with default_storage.open(photo.image.name) as stored:
            assert Image.open(stored).size == (photo.width, photo.height)
    for name in names:
        assert default_storage.exists(name)
        with default_storage.open(name) as stored:
            image = Image.open(stored)
            image.load()
        extrema = image.convert("RGB").getextrema()
        assert any(low != high for low, high in extrema), f"{name} is one flat colour"


def test_every_listing_has_photos_of_its_own():
    seed()

    owners = {}
    for photo in ListingPhoto.objects.all():
        assert owners.setdefault(photo.image.name, photo.listing_id) == (
            photo.listing_id
        ), f"{photo.image.name} is shared"
    contents = set()
    for name in owners:
        with default_storage.open(name) as stored:
            contents.add(stored.read())
    assert len(contents) == len(owners)


def test_past_the_drawing_budget_listings_reuse_pictures_of_the_same_item(
    monkeypatch,
):
    monkeypatch.setattr(demo_listings, "PHOTO_DRAW_MAX", 10)

    output = seed(listings=150)

    photos = list(ListingPhoto.objects.select_related("listing__category__parent"))
    names = {photo.image.name for photo in photos}
    assert len(names) < 150  # fewer pictures than listings
    assert f"with {len(photos)} photos drawn from {len(names)} images" in output
    for listing in Listing.objects.prefetch_related("photos"):
        own = [photo.image.name for photo in listing.photos.all()]
        assert 1 <= len(own) <= 4
        assert len(own) == len(set(own)), "a listing shows one picture twice"
    shown_in = {}
    for photo in photos:
        shown_in.setdefault(photo.image.name, []).append(photo.listing)
    assert any(len(listings) > 1 for listings in shown_in.values())
    for listings in shown_in.values():
        # The same object in the same colour.
        assert len({listing.colour for listing in listings}) == 1
        objects = {
            choose_object(
                listing.title,
                department=listing.category.parent.name,
                category=listing.category.name,
                brand=listing.brand_name,
            )
            for listing in listings
        }
        assert len(objects) == 1


def test_few_listings_still_cover_every_department():
    seed(listings=15)

    used = set(Listing.objects.values_list("category__parent", flat=True))
    assert used == set(Category.objects.departments().values_list("pk", flat=True))


def test_enough_listings_cover_every_category():
    leaves = Category.objects.leaves().count()

    seed(listings=leaves, members=3)

    used = set(Listing.objects.values_list("category", flat=True))
    assert used == set(Category.objects.leaves().values_list("pk", flat=True))


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    seed(seed=5)
    first = titles_and_prices()
    first_members = sorted(
        User.objects.exclude(username__in=DEMO_USERNAMES).values_list(
            "username", flat=True
        )
    )
    wipe_seeded_data()

    seed(seed=5)
    assert titles_and_prices() == first
    assert (
        sorted(
            User.objects.exclude(username__in=DEMO_USERNAMES).values_list(
                "username", flat=True
            )
        )
        == first_members
    )
    wipe_seeded_data()

    seed(seed=6)
    assert titles_and_prices() != first


def test_if_empty_adds_nothing_once_listings_exist():
    seed()
    before = (
        User.objects.count(),
        Listing.objects.count(),
        ListingPhoto.objects.count(),
    )

    output = seed(if_empty=True, seed=99)

    after = (
        User.objects.count(),
        Listing.objects.count(),
        ListingPhoto.objects.count(),
    )
    assert after == before
    assert "nothing was added" in output
    assert "log in with demo / nomi-demo-seller" in output


def test_if_empty_seeds_an_empty_database():
    output = seed(if_empty=True)

    assert Listing.objects.count() == 30
    assert User.objects.filter(
        username="demo", email_verified_at__isnull=False
    ).exists()
    assert "Added 5 members and 30 listings" in output


def test_seeding_twice_adds_more_without_name_clashes():
    seed()
    seed()

    assert Listing.objects.count() == 60
    assert User.objects.exclude(username__in=DEMO_USERNAMES).count() == 10


def test_works_when_the_database_returns_no_ids_from_bulk_inserts(monkeypatch):
    # MySQL (not MariaDB) cannot return the ids of a multi-row INSERT.
    features = type(connection.features)
    monkeypatch.setattr(features, "can_return_rows_from_bulk_insert", False)

    seed()

    assert Listing.objects.count() == 30
    for photo in ListingPhoto.objects.select_related("listing"):
        assert photo.owner_id == photo.listing.seller_id


def test_negative_numbers_are_refused():
    with pytest.raises(CommandError):
        seed(listings=-1)
    assert not Listing.objects.exists()


def test_every_seeded_category_has_wording_and_every_brand_is_known():
    known = set(Brand.objects.values_list("key", flat=True))
    for category in Category.objects.leaves().select_related("parent"):
        assert (category.parent.name, category.name) in CATALOGUE, category
    for kind in CATALOGUE.values():
        names = kind.brand_names + [item.brand for item in kind.parsed_items]
        for name in filter(None, names):
            assert name.lower() in known, name


def test_demo_members_trade_through_the_real_services():
    from orders.models import Offer, Order

    output = seed(listings=100)

    demo_seller = User.objects.get(username="demo")
    demo_buyer = User.objects.get(username="buyer")
    orders = Order.objects.filter(seller=demo_seller, buyer=demo_buyer)
    assert sorted(orders.values_list("status", flat=True)) == [
        "completed",
        "paid",
        "shipped",
    ]
    assert Offer.objects.filter(buyer=demo_buyer, status="pending").count() == 1
    assert "made an offer" in output
    # A question answered, a conversation about the shipped order, and the
    # notifications they sent.
    from conversations.models import Comment, Message
    from notifications.models import Notification

    offered = Offer.objects.get(buyer=demo_buyer).listing
    askers = Comment.objects.filter(listing=offered).values_list(
        "author__username", flat=True
    )
    assert list(askers) == ["buyer", "demo"]
    shipped = orders.get(status="shipped").listing
    assert Message.objects.filter(conversation__listing=shipped).count() == 2
    assert Notification.objects.filter(recipient=demo_buyer, kind="answer").exists()
    call_command("reconcile_ledger", stdout=StringIO())

    # Seeding again adds nothing, trades included.
    seed(listings=100, if_empty=True)
    assert orders.count() == 3


def test_create_demo_members_makes_them_once_and_says_how_to_log_in():
    out = StringIO()
    call_command("create_demo_members", stdout=out)
    call_command("create_demo_members", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        "Demo member 'demo' (created): log in with demo / nomi-demo-seller",
        "Demo member 'buyer' (created): log in with buyer / nomi-demo-buyer",
        "Demo member 'demo' (already there): log in with demo / nomi-demo-seller",
        "Demo member 'buyer' (already there): log in with buyer / nomi-demo-buyer",
    ]
    assert set(User.objects.values_list("username", flat=True)) == DEMO_USERNAMES
    assert not Listing.objects.exists()
