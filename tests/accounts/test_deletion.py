"""Account deletion: refused with the reason while an order is open or money is
in the balance; otherwise personal data erased, listings and offers closed,
likes, searches and notifications gone, records kept and the ledger clean."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.exceptions import AccountError
from accounts.services import delete_account
from conversations.models import Comment, Conversation, Message
from discovery.models import Like, SavedSearch
from discovery.services import like_listing, save_search
from listings.models import Listing
from notifications.models import EmailOptOut, Kind, Notification
from orders.models import Offer, Order, Rating
from orders.reconcile import reconcile
from orders.services import rate_order, withdraw_balance
from tests.factories import (
    PASSWORD,
    AddressFactory,
    ListingFactory,
    UserFactory,
    buy,
    completed,
    offer,
    shipped,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
URL = reverse("accounts:delete")


def withdraw_all(member):
    from orders import ledger

    available = ledger.available_cents(member)
    if available:
        withdraw_balance(
            member=member,
            amount_cents=available,
            routing_number="011000015",
            account_number="000123456789",
            idempotency_key="all",
        )


# --- Refusals -------------------------------------------------------------------


@pytest.mark.parametrize("side", ["buyer", "seller"])
@pytest.mark.parametrize("stage", ["paid", "shipped"])
def test_refused_while_an_order_is_open(client, side, stage):
    member = UserFactory()
    seller = member if side == "seller" else UserFactory()
    order = buy(ListingFactory(seller=seller), member if side == "buyer" else None)
    if stage == "shipped":
        shipped(order)
    client.force_login(member)

    page = client.get(URL)
    response = client.post(URL, {"password": PASSWORD})

    assert "1 order in progress" in page.content.decode()
    assert 'name="password"' not in page.content.decode()
    assert response.status_code == 400
    assert "1 order in progress" in response.content.decode()
    member.refresh_from_db()
    assert member.deleted_at is None and member.is_active
    assert reconcile().ok


def test_refused_while_money_is_available_until_withdrawn():
    seller = UserFactory()
    completed(buy(ListingFactory(seller=seller)))

    with pytest.raises(AccountError, match="Withdraw it to your bank first"):
        delete_account(member=seller, password=PASSWORD)

    withdraw_all(seller)
    delete_account(member=seller, password=PASSWORD)
    seller.refresh_from_db()
    assert seller.is_deleted


def test_wrong_password_is_refused_and_nothing_changes(client):
    member = UserFactory(username="keeper")
    client.force_login(member)

    response = client.post(URL, {"password": "not-it"})

    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    member.refresh_from_db()
    assert member.username == "keeper" and member.deleted_at is None


def test_page_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- Deletion and its effects ----------------------------------------------------


@pytest.fixture
def deleting():
    """A member with history on both sides, and the counterparties' records."""
    member = UserFactory(username="leaving", display_name="Lee", bio="Hello")
    member.avatar.save("leaving.webp", ContentFile(b"avatar"), save=True)
    AddressFactory(user=member)
    other = UserFactory(username="staying")

    sold = completed(buy(ListingFactory(seller=member, title="Sold vase"), other))
    bought = completed(buy(ListingFactory(seller=other), member))
    rate_order(order=sold, rater=other, stars=5, comment="Great seller")
    rate_order(order=sold, rater=member, stars=5)
    rate_order(order=bought, rater=member, stars=4, comment="From the leaver")
    withdraw_all(member)

    draft = ListingFactory(seller=member, status="draft", published_at=None)
    quiet = ListingFactory(seller=member)
    offered = ListingFactory(seller=member)
    offer_received = offer(offered, buyer=other)
    offer_made = offer(ListingFactory(seller=other), buyer=member)
    liked = ListingFactory(seller=other)
    like_listing(user=member, listing=liked)
    save_search(user=member, query="q=vase")
    thread = Conversation.objects.create(listing=offered, seller=member, member=other)
    Message.objects.create(conversation=thread, sender=member, text="Still here")
    comment = Comment.objects.create(listing=liked, author=member, text="Is it old?")
    Notification.objects.create(
        recipient=member, kind=Kind.MESSAGE, event_key="m:9", text="Hi", url="/"
    )
    EmailOptOut.objects.create(member=member, kind=Kind.MESSAGE)
    return {
        "member": member,
        "other": other,
        "sold": sold,
        "bought": bought,
        "draft": draft,
        "quiet": quiet,
        "offered": offered,
        "offer_received": offer_received,
        "offer_made": offer_made,
        "liked": liked,
        "comment": comment,
    }


def test_deletion_erases_personal_data_and_logs_out(client, deleting, on_commit):
    member = deleting["member"]
    avatar_name = member.avatar.name
    storage = member.avatar.storage
    elsewhere = type(client)()
    elsewhere.force_login(member)
    client.force_login(member)

    with on_commit():
        response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    member.refresh_from_db()
    assert member.username == f"deleted-{member.pk}"
    assert member.email == f"deleted-{member.pk}@deleted.invalid"
    assert member.display_name == "" and member.bio == ""
    assert not member.avatar
    assert not storage.exists(avatar_name)
    assert not member.addresses.exists()
    assert not member.has_usable_password()
    assert not member.is_active and member.is_deleted
    assert member.name == "deleted member"
    # Logged out here and in every other session.
    for session in (client, elsewhere):
        settings_page = session.get(reverse("accounts:settings"))
        assert settings_page.status_code == 302
    # The old profile URL and the new one are gone.
    for username in ("leaving", member.username):
        profile = client.get(reverse("accounts:profile", args=[username]))
        assert profile.status_code == 404


def test_deletion_closes_listings_offers_and_forgets_likes(deleting, on_commit):
    member, other = deleting["member"], deleting["other"]

    with on_commit():
        delete_account(member=member, password=PASSWORD)

    assert not Listing.objects.filter(pk=deleting["draft"].pk).exists()
    assert not Listing.objects.filter(pk=deleting["quiet"].pk).exists()
    offered = Listing.objects.get(pk=deleting["offered"].pk)
    assert offered.status == Listing.Status.PAUSED  # had an offer: kept, off sale
    assert Listing.objects.get(pk=deleting["sold"].listing_id).status == "sold"
    for made in (deleting["offer_received"], deleting["offer_made"]):
        made.refresh_from_db()
        assert made.status == Offer.Status.DECLINED
        assert made.payment.status == "voided"
    assert not Like.objects.filter(user=member).exists()
    deleting["liked"].refresh_from_db()
    assert deleting["liked"].like_count == 0
    assert not SavedSearch.objects.filter(user=member).exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert not EmailOptOut.objects.filter(member=member).exists()
    # Kept for the other member, shown as from "deleted member".
    assert Order.objects.filter(pk=deleting["sold"].pk, seller=member).exists()
    assert Order.objects.filter(pk=deleting["bought"].pk, buyer=member).exists()
    assert Rating.objects.filter(ratee=member, rater=other).exists()
    assert Comment.objects.filter(pk=deleting["comment"].pk).exists()
    assert Message.objects.filter(sender=member).count() == 1


def test_ledger_reconciles_after_deleting_a_member_with_completed_orders(
    deleting, on_commit
):
    with on_commit():
        delete_account(member=deleting["member"], password=PASSWORD)

    report = reconcile()
    assert report.ok, report.differences


def test_counterparty_order_page_shows_deleted_member(client, deleting, on_commit):
    with on_commit():
        delete_account(member=deleting["member"], password=PASSWORD)
    client.force_login(deleting["other"])

    page = client.get(deleting["sold"].get_absolute_url())

    assert page.status_code == 200
    html = page.content.decode()
    assert "leaving" not in html
    assert "Lee" not in html


def test_deleted_member_cannot_log_in(client, deleting, on_commit):
    with on_commit():
        delete_account(member=deleting["member"], password=PASSWORD)

    for login in ("leaving", f"deleted-{deleting['member'].pk}"):
        assert not client.login(username=login, password=PASSWORD)


def test_deletion_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "delete-member": "2/h"}
    client.force_login(UserFactory())

    codes = [client.post(URL, {"password": "wrong"}).status_code for _ in range(3)]

    assert codes == [400, 400, 429]
