"""Suspension by staff: the member cannot log in or act, their listings leave
every list, their open offers close; lifting it brings the listings back."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from accounts.exceptions import AccountError
from accounts.services import suspend_member, unsuspend_member
from discovery import services as discovery_services
from listings.models import Listing
from marketplace.models import StaffAction
from orders.models import GatewayCall, Offer
from tests.factories import PASSWORD, ListingFactory, UserFactory, offer

pytestmark = pytest.mark.django_db


def voids_of(made: Offer):
    return GatewayCall.objects.filter(
        kind="void", reference=made.payment_reference, status="voided"
    )


def test_suspension_records_who_why_and_when(staff, on_commit):
    member = UserFactory()

    with on_commit():
        suspend_member(member=member, staff=staff, reason="Sold counterfeits")

    member.refresh_from_db()
    assert not member.is_active
    assert member.is_suspended
    assert member.suspension_reason == "Sold counterfeits"
    action = StaffAction.objects.get()
    assert (action.actor, action.action, action.target, action.reason) == (
        staff,
        "member.suspend",
        member,
        "Sold counterfeits",
    )
    (email,) = [m for m in mail.outbox if m.to == [member.email]]
    assert "Sold counterfeits" in email.body
    assert "support@" in email.body


def test_suspension_needs_a_reason_and_staff_and_happens_once(staff):
    member = UserFactory()

    with pytest.raises(AccountError, match="reason"):
        suspend_member(member=member, staff=staff, reason="  ")
    with pytest.raises(AccountError, match="Only staff"):
        suspend_member(member=member, staff=UserFactory(), reason="Spam")
    with pytest.raises(AccountError, match="yourself"):
        suspend_member(member=staff, staff=staff, reason="Spam")
    suspend_member(member=member, staff=staff, reason="Spam")
    with pytest.raises(AccountError, match="already"):
        suspend_member(member=member, staff=staff, reason="Spam")
    assert StaffAction.objects.count() == 1


def test_a_logged_in_member_is_logged_out_at_the_next_request(client, staff):
    member = UserFactory()
    listing = ListingFactory(seller=member)
    client.force_login(member)
    assert client.get(reverse("listings:selling")).status_code == 200

    suspend_member(member=member, staff=staff, reason="Spam")

    selling = client.get(reverse("listings:selling"))
    pause = client.post(reverse("listings:pause", args=[listing.pk]))
    assert selling.status_code == 302 and "/accounts/login/" in selling.url
    assert pause.status_code == 302 and "/accounts/login/" in pause.url
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ON_SALE


def test_login_shows_the_suspension_reason_and_how_to_appeal(client, staff, settings):
    settings.SUPPORT_EMAIL = "appeals@nomi.example"
    member = UserFactory(username="sam")
    suspend_member(member=member, staff=staff, reason="Harassed <b>buyers</b>")

    page = client.post(
        reverse("accounts:login"), {"username": "sam", "password": PASSWORD}
    )

    html = page.content.decode()
    assert page.status_code == 403
    assert "Your account is suspended" in html
    assert "Harassed &lt;b&gt;buyers&lt;/b&gt;" in html
    assert "appeals@nomi.example" in html
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_does_not_reveal_the_suspension(client, staff):
    member = UserFactory(username="sam")
    suspend_member(member=member, staff=staff, reason="Spam")

    page = client.post(
        reverse("accounts:login"), {"username": "sam", "password": "wrong-one"}
    )

    assert page.status_code == 200
    assert "suspended" not in page.content.decode()
    assert "do not match an account" in page.content.decode()


def test_listings_leave_every_list_and_come_back_on_unsuspend(client, staff):
    seller = UserFactory()
    on_sale = ListingFactory(seller=seller, title="Quokka figurine")
    paused = ListingFactory(seller=seller, status="paused", title="Paused quokka")
    fan = UserFactory()
    discovery_services.like_listing(user=fan, listing=on_sale)

    suspend_member(member=seller, staff=staff, reason="Spam")

    assert not Listing.objects.public().filter(seller=seller).exists()
    assert client.get(on_sale.get_absolute_url()).status_code == 404
    assert "Quokka figurine" not in client.get(reverse("home")).content.decode()
    assert "Quokka figurine" not in (
        client.get(reverse("listings:search")).content.decode()
    )
    assert client.get(seller.get_absolute_url()).status_code == 404
    client.force_login(fan)
    assert (
        "Quokka figurine" not in client.get(reverse("discovery:likes")).content.decode()
    )

    unsuspend_member(member=seller, staff=staff, reason="Appeal accepted")

    on_sale.refresh_from_db()
    paused.refresh_from_db()
    assert (on_sale.status, paused.status) == ("on_sale", "paused")
    assert Listing.objects.public().filter(pk=on_sale.pk).exists()
    assert client.get(on_sale.get_absolute_url()).status_code == 200
    assert "Quokka figurine" in client.get(reverse("discovery:likes")).content.decode()
    seller.refresh_from_db()
    assert seller.is_active and not seller.is_suspended
    assert seller.suspension_reason == ""
    assert list(StaffAction.objects.values_list("action", flat=True)) == [
        "member.unsuspend",
        "member.suspend",
    ]


def test_unsuspended_member_can_log_in_again(client, staff):
    member = UserFactory(username="sam")
    suspend_member(member=member, staff=staff, reason="Spam")
    unsuspend_member(member=member, staff=staff)

    response = client.post(
        reverse("accounts:login"), {"username": "sam", "password": PASSWORD}
    )

    assert response.status_code == 302
    with pytest.raises(AccountError, match="not suspended"):
        unsuspend_member(member=member, staff=staff)


def test_open_offers_made_and_received_are_declined_and_released(staff, on_commit):
    member = UserFactory()
    theirs = ListingFactory(seller=member)
    received = offer(listing=theirs)
    made = offer(buyer=member)
    stranger = offer()

    with on_commit():
        suspend_member(member=member, staff=staff, reason="Scam")

    for declined in (received, made):
        declined.refresh_from_db()
        assert declined.status == Offer.Status.DECLINED
        assert declined.released
        assert voids_of(declined).count() == 1
    stranger.refresh_from_db()
    assert stranger.status == Offer.Status.PENDING
    assert not voids_of(stranger).exists()


def test_member_admin_suspends_with_a_reason_and_shows_the_audit(staff_client, staff):
    member = UserFactory()
    url = reverse("admin:accounts_user_changelist")
    data = {"action": "suspend_members", "_selected_action": [member.pk]}

    form = staff_client.post(url, data)
    empty = staff_client.post(url, {**data, "apply": "1", "reason": ""})
    member.refresh_from_db()
    assert form.status_code == empty.status_code == 200
    assert member.is_active

    done = staff_client.post(url, {**data, "apply": "1", "reason": "Spam listings"})

    assert done.status_code == 302
    member.refresh_from_db()
    assert member.is_suspended
    page = staff_client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert "member.suspend" in page.content.decode()
    assert "Spam listings" in page.content.decode()
    filtered = staff_client.get(url, {"suspended": "yes"})
    assert list(filtered.context["cl"].result_list) == [member]

    lifted = staff_client.post(
        url,
        {
            "action": "unsuspend_members",
            "_selected_action": [member.pk],
            "apply": "1",
            "reason": "Appeal accepted",
        },
    )
    assert lifted.status_code == 302
    member.refresh_from_db()
    assert member.is_active
    assert [str(m) for m in get_messages(lifted.wsgi_request)]
