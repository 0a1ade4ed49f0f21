"""The order page: what each side sees, 404 for others, tracking, disputes, ratings."""

import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from marketplace.templatetags.dates import when
from orders.forms.order import ShipForm
from orders.models import Dispute, DisputePhoto, Order, Rating
from orders.services import process_deadlines, rate_order, refund_order
from tests.conftest import make_image_bytes
from tests.factories import ListingFactory, UserFactory, buy, completed, shipped

pytestmark = pytest.mark.django_db

Status = Order.Status


def named_order(**listing_fields) -> Order:
    """An order between two members with plain names (easy to find in the HTML)."""
    seller = UserFactory(display_name="Sam Seller")
    buyer = UserFactory(display_name="Bea Buyer")
    listing = ListingFactory(seller=seller, title="Brass lamp", **listing_fields)
    return buy(listing, buyer=buyer)


def page_of(client, order) -> str:
    response = client.get(order.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- What each side sees -----------------------------------------------------------


def test_buyer_sees_amounts_payment_address_deadline_and_buyer_actions(client):
    order = named_order(price_cents=4000)
    client.force_login(order.buyer)

    page = page_of(client, order)

    assert "Brass lamp" in page and "Paid, awaiting shipment" in page
    assert "bought from Sam Seller" in page
    assert (
        "$40.00" in page
        and order.total_cents
        and (f"${order.total_cents // 100}.{order.total_cents % 100:02d}" in page)
    )
    # BUYER_FEE_PERCENT is 0: no "$0.00" fee line.
    assert "Buyer protection fee" not in page and "$0.00" not in page
    assert "Visa •••• 4242" in page
    for line in order.address_lines():
        assert line in page
    assert (
        f"Wait for shipping — the seller has until <strong>{_short(order.ship_by)}"
        in page
    )
    # The buyer is "you" on their own page (the site footer aside).
    main = page[page.index("<main") : page.index("</main>")]
    assert "the buyer" not in main.lower()
    assert 'href="{}"'.format(reverse("orders:report", args=[order.pk])) in page
    assert "Mark shipped" not in page and "Tracking number" not in page
    assert "Confirm receipt" not in page
    assert "Cancel order" not in page  # not before the ship deadline
    assert "Selling fee" not in page and "Your earnings" not in page
    assert "Submit rating" not in page


def test_seller_sees_fee_earnings_address_and_the_ship_and_cancel_forms(client):
    order = named_order(price_cents=4000)
    client.force_login(order.seller)

    page = page_of(client, order)

    assert "sold to Bea Buyer" in page
    assert "Selling fee" in page and "−$4.00" in page
    earnings = order.seller_earnings_cents
    assert earnings == 4000 + order.shipping_cents - 400
    assert f"${earnings // 100}.{earnings % 100:02d}" in page
    for line in order.address_lines():
        assert line in page
    assert f"Ship by <strong>{_short(order.ship_by)}" in page
    assert 'action="{}"'.format(reverse("orders:ship", args=[order.pk])) in page
    assert '<label for="id_carrier">Carrier' in page
    assert '<label for="id_tracking_number">Tracking number' in page
    for carrier in ("USPS", "UPS", "FedEx", "Other"):
        assert f">{carrier}</option>" in page
    assert '<label for="id_reason">Reason' in page and "Cancel order" in page
    assert "4242" not in page  # the buyer's card is not the seller's business
    assert "Confirm receipt" not in page and "Report a problem" not in page


def test_buyer_of_a_shipped_order_can_confirm_or_report(client):
    order = shipped(named_order())
    client.force_login(order.buyer)

    page = page_of(client, order)

    assert "Confirm receipt" in page and "Report a problem" in page
    assert _short(order.auto_complete_at) in page
    assert "Cancel order" not in page


def _short(moment) -> str:
    """The "Jan 5, 2027, 3:04 PM EST" the page uses for deadlines."""
    return when(moment)


# --- Nobody else -------------------------------------------------------------------

POSTS = {
    "orders:ship": {"carrier": "usps", "tracking_number": "9400111"},
    "orders:confirm": {},
    "orders:cancel": {"reason": "Mine now"},
    "orders:rate": {"stars": "1", "comment": "Bad"},
    "orders:report": {"reason": "other", "description": "Not mine"},
}


@pytest.mark.parametrize("staff", [False, True])
def test_another_member_gets_404_on_the_page_and_every_action(client, staff):
    order = shipped(buy())
    client.force_login(UserFactory(is_staff=staff, is_superuser=staff))

    assert client.get(order.get_absolute_url()).status_code == 404
    assert client.get(reverse("orders:report", args=[order.pk])).status_code == 404
    for name, data in POSTS.items():
        response = client.post(reverse(name, args=[order.pk]), data)
        assert response.status_code == 404, name

    order.refresh_from_db()
    assert order.status == Status.SHIPPED
    assert order.events.count() == 2
    assert not Rating.objects.exists() and not Dispute.objects.exists()


def test_visitors_are_sent_to_log_in(client):
    order = buy()

    response = client.get(order.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert client.post(reverse("orders:confirm", args=[order.pk])).status_code == 302


def test_actions_are_post_only(client):
    order = buy()
    client.force_login(order.seller)

    for name in ("orders:ship", "orders:confirm", "orders:cancel", "orders:rate"):
        assert client.get(reverse(name, args=[order.pk])).status_code == 405


# --- Shipping and tracking ---------------------------------------------------------


def test_shipping_shows_the_carrier_tracking_link_to_both_sides(client, on_commit):
    order = named_order()
    client.force_login(order.seller)

    with on_commit():
        response = client.post(
            reverse("orders:ship", args=[order.pk]),
            {"carrier": "ups", "tracking_number": " 1z999aa1 0123456784 "},
        )

    assert response.url == order.get_absolute_url()
    order.refresh_from_db()
    assert order.tracking_number == "1Z999AA1 0123456784"
    link = 'href="https://www.ups.com/track?tracknum=1Z999AA1%200123456784"'
    assert link in page_of(client, order)
    client.force_login(order.buyer)
    page = page_of(client, order)
    assert link in page and "UPS" in page
    assert [m.to for m in mail.outbox] == [[order.buyer.email]]
    assert "1Z999AA1 0123456784" in mail.outbox[0].body


def test_other_carrier_shows_the_number_without_a_link(client):
    order = buy()
    client.force_login(order.seller)
    client.post(
        reverse("orders:ship", args=[order.pk]),
        {"carrier": "other", "tracking_number": "LOCAL-12345"},
    )

    page = page_of(client, order)

    assert "Other · LOCAL-12345" in page
    assert "Track LOCAL-12345" not in page


# --- Timeline --------------------------------------------------------------------


def test_timeline_names_you_the_other_member_nomi_and_staff(client):
    order = shipped(named_order())
    Order.objects.filter(pk=order.pk).update(
        shipped_at=timezone.now() - timedelta(days=8)
    )
    process_deadlines()
    client.force_login(order.buyer)

    page = page_of(client, order)

    assert "You: ordered and paid → Paid, awaiting shipment" in page
    assert "Sam Seller: Paid, awaiting shipment → Shipped" in page
    assert "Nomi: Shipped → Completed" in page
    assert "Completed automatically 7 days after shipping." in page
    client.force_login(order.seller)
    assert "Bea Buyer: ordered and paid" in page_of(client, order)

    other = named_order()
    refund_order(order=other, staff=UserFactory(is_staff=True), note="Lost parcel")
    client.force_login(other.buyer)
    page = page_of(client, other)
    assert "Nomi staff: Paid, awaiting shipment → Refunded" in page
    assert "Lost parcel" in page


# --- Reporting a problem ---------------------------------------------------------


def gps_jpeg(size=(2400, 1800), color=(200, 40, 60)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (37.0, 46.0, 30.0)})
    data = make_image_bytes(size=size, color=color, exif=exif.tobytes())
    assert b"PhoneMaker" in data
    return data


def photo_upload(data: bytes, name="crack.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def report(client, order, photos=(), **fields):
    data = {"reason": "damaged", "description": "The shade arrived cracked."}
    data.update(fields)
    if photos:
        data["photos"] = list(photos)
    return client.post(reverse("orders:report", args=[order.pk]), data)


def stored_dispute_files() -> list[str]:
    """Dispute photo files, in the private storage (never MEDIA_ROOT)."""
    private = storages["private"]
    names = []
    try:
        years, _files = private.listdir("disputes")
    except FileNotFoundError:
        return names
    for year in years:
        months, _files = private.listdir(f"disputes/{year}")
        for month in months:
            _dirs, files = private.listdir(f"disputes/{year}/{month}")
            names += files
    return names


def test_report_page_has_the_labelled_fields(client):
    order = shipped(buy())
    client.force_login(order.buyer)

    page = client.get(reverse("orders:report", args=[order.pk])).content.decode()

    assert '<label for="id_reason">What went wrong' in page
    assert '<label for="id_description">What happened' in page
    assert '<label for="id_photos">Photos' in page
    assert 'type="file" name="photos"' in page and "multiple" in page
    assert 'enctype="multipart/form-data"' in page


def test_dispute_with_two_photos_stores_clean_copies(client, on_commit):
    order = shipped(buy())
    client.force_login(order.buyer)

    with on_commit():
        response = report(
            client,
            order,
            photos=[photo_upload(gps_jpeg()), photo_upload(gps_jpeg(size=(300, 200)))],
        )

    assert response.status_code == 302
    assert response.url == order.get_absolute_url()
    order.refresh_from_db()
    assert order.status == Status.DISPUTED
    dispute = order.dispute
    assert (dispute.reason, dispute.description) == (
        "damaged",
        "The shade arrived cracked.",
    )
    photos = list(dispute.photos.all())
    assert [(p.width, p.height) for p in photos] == [(1600, 1200), (300, 200)]
    for photo in photos:
        for field, fmt, limit in (
            (photo.image, "JPEG", 1600),
            (photo.thumb, "WEBP", 320),
        ):
            assert field.storage.exists(field.name)
            with field.open("rb") as stored:
                raw = stored.read()
            image = Image.open(io.BytesIO(raw))
            assert image.format == fmt
            assert max(image.size) <= limit
            assert not image.getexif() and "exif" not in image.info
            assert b"PhoneMaker" not in raw
    assert len(stored_dispute_files()) == 4
    assert [m.to for m in mail.outbox] == [[order.seller.email]]
    client.force_login(order.seller)
    page = page_of(client, order)
    assert "Problem reported" in page and "Item arrived damaged" in page
    assert "The shade arrived cracked." in page
    first, second = (
        reverse("orders:dispute-photo", args=[order.pk, photo.pk]) for photo in photos
    )
    assert page.count(f'src="{first}?size=thumb"') == 1
    assert f'href="{second}"' in page


def test_a_fake_image_is_refused_next_to_photos_and_the_rest_is_kept(client):
    order = buy()
    client.force_login(order.buyer)
    fake = photo_upload(b"<?php echo 'hi'; ?>", name="evil.jpg")

    response = report(
        client,
        order,
        photos=[photo_upload(gps_jpeg(size=(100, 80))), fake],
        description="Never arrived & no reply",
        reason="not_received",
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "evil.jpg is not a valid image or is damaged" in page
    assert 'class="field field-error"' in page
    assert "Never arrived &amp; no reply</textarea>" in page
    assert '<option value="not_received" selected>' in page
    assert Order.objects.get(pk=order.pk).status == Status.PAID
    assert not Dispute.objects.exists()
    # The good photo is staged for the next submit, not dropped.
    staged = DisputePhoto.objects.get()
    assert staged.dispute is None and staged.owner == order.buyer
    assert f'name="staged_photo" value="{staged.pk}"' in page
    assert len(stored_dispute_files()) == 2


def test_too_many_photos_are_refused(client, settings):
    settings.DISPUTE_MAX_PHOTOS = 2
    order = buy()
    client.force_login(order.buyer)

    response = report(
        client, order, photos=[photo_upload(gps_jpeg(size=(50, 50))) for _ in range(3)]
    )

    assert response.status_code == 400
    assert "crack.jpg was not added: a report has at most 2 photos." in (
        response.content.decode()
    )
    assert not Dispute.objects.exists()
    assert DisputePhoto.objects.filter(dispute=None).count() == 2


def test_report_without_description_keeps_the_reason(client):
    order = buy()
    client.force_login(order.buyer)

    response = report(client, order, description="  ", reason="other")

    assert response.status_code == 400
    assert "Describe the problem." in response.content.decode()
    assert '<option value="other" selected>' in response.content.decode()
    assert not Dispute.objects.exists()


def test_report_when_the_order_moved_on_discards_the_photos(client, monkeypatch):
    order = buy()
    client.force_login(order.buyer)

    def moved_on(**kwargs):
        from orders.exceptions import OrderError

        for photo in kwargs["photos"]:
            assert photo.image.storage.exists(photo.image.name)
        raise OrderError("This order is completed; that is not possible now.")

    monkeypatch.setattr("orders.views.orders.report_problem", moved_on)
    response = report(client, order, photos=[photo_upload(gps_jpeg(size=(60, 40)))])

    assert response.status_code == 302
    assert messages_of(response) == [
        "This order is completed; that is not possible now."
    ]
    assert stored_dispute_files() == []


# --- Ratings ---------------------------------------------------------------------


def rate(client, order, stars="5", comment=""):
    return client.post(
        reverse("orders:rate", args=[order.pk]), {"stars": stars, "comment": comment}
    )


def test_rating_form_only_on_completed_orders_within_the_window(client):
    order = named_order()
    client.force_login(order.buyer)
    assert "Submit rating" not in page_of(client, order)
    order = shipped(order)
    assert "Submit rating" not in page_of(client, order)

    order = completed(order)
    page = page_of(client, order)
    assert "Rate Sam Seller" in page and "Submit rating" in page
    for stars in ("5 stars", "4 stars", "3 stars", "2 stars", "1 star"):
        assert f"{stars}</label>" in page
    assert 'type="radio" name="stars"' in page
    assert '<label for="id_comment">Comment' in page
    client.force_login(order.seller)
    assert "Rate Bea Buyer" in page_of(client, order)

    Order.objects.filter(pk=order.pk).update(
        completed_at=timezone.now() - timedelta(days=15)
    )
    page = page_of(client, order)
    assert "Submit rating" not in page
    assert "The rating window for this order has closed." in page
    response = rate(client, order)
    assert messages_of(response) == ["The rating window for this order has closed."]
    assert not Rating.objects.exists()


def test_ratings_stay_hidden_until_both_sides_rated(client, on_commit):
    order = completed(named_order())
    client.force_login(order.buyer)

    with on_commit():
        response = rate(client, order, stars="4", comment="Well packed")

    assert response.url == order.get_absolute_url()
    assert messages_of(response) == ["Thanks for rating."]
    rating = Rating.objects.get()
    assert (rating.rater, rating.ratee, rating.stars) == (order.buyer, order.seller, 4)
    assert [m.to for m in mail.outbox] == [[order.seller.email]]
    page = page_of(client, order)
    assert "Submit rating" not in page
    assert "You rated Sam Seller 4 of 5 stars." in page
    assert "Sam Seller sees your rating once they have rated you too" in page
    client.force_login(order.seller)
    page = page_of(client, order)
    assert "Well packed" not in page and "rated you" not in page
    assert "Bea Buyer's rating of you stays hidden" in page
    assert "Submit rating" in page

    rate(client, order, stars="5", comment="Paid fast")

    page = page_of(client, order)
    assert "Bea Buyer rated you 4 of 5 stars." in page and "Well packed" in page
    assert "Submit rating" not in page
    client.force_login(order.buyer)
    page = page_of(client, order)
    assert "Sam Seller rated you 5 of 5 stars." in page and "Paid fast" in page


def test_bad_rating_comes_back_as_a_form_error(client, settings):
    order = completed(buy())
    client.force_login(order.buyer)

    no_stars = rate(client, order, stars="")
    too_long = rate(
        client, order, comment="x" * (settings.RATING_COMMENT_MAX_LENGTH + 1)
    )
    six = rate(client, order, stars="6")

    assert no_stars.status_code == 400
    assert "Choose 1 to 5 stars." in no_stars.content.decode()
    assert too_long.status_code == 400
    assert "at most 500 characters" in too_long.content.decode()
    assert "x" * 501 in too_long.content.decode()
    assert six.status_code == 400
    assert not Rating.objects.exists()


def test_rating_twice_is_refused(client):
    order = completed(buy())
    client.force_login(order.buyer)
    rate(client, order, stars="5")

    response = rate(client, order, stars="1")

    assert response.status_code == 302
    assert Rating.objects.get().stars == 5
    assert messages_of(response)[-1] == "You have already rated this order."


def test_rating_service_error_is_a_message_not_a_500(client):
    order = completed(buy())
    rate_order(order=order, rater=order.seller, stars=3)
    Order.objects.filter(pk=order.pk).update(ratings_closed_at=timezone.now())
    client.force_login(order.buyer)

    response = rate(client, order)

    assert response.status_code == 302
    assert messages_of(response) == ["The rating window for this order has closed."]
    assert Rating.objects.count() == 1


def test_an_invalid_form_for_an_action_not_offered_is_a_message(client):
    order = buy()
    client.force_login(order.buyer)

    response = rate(client, order, stars="")

    assert response.status_code == 302
    assert messages_of(response) == ["That is not possible on this order now."]


def test_ship_form_asks_for_a_carrier_instead_of_preselecting_one():
    form = ShipForm(data={"carrier": "", "tracking_number": "9400 1112"})

    assert '<option value="" selected>' in str(ShipForm()["carrier"])
    assert not form.is_valid() and "carrier" in form.errors
