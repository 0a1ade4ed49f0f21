"""The bell, /notifications/, read marks, email choices and one-click unsubscribe."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import EmailOptOut, Kind, Notification
from notifications.services import notify, unsubscribe_token
from tests.factories import UserFactory

LIST = reverse("notifications:list")
ENTRY = '<li class="notification'


def tell(member, n=1, url="/orders/1/", kind=Kind.ORDER_SHIPPED):
    return [
        notify(
            recipient=member,
            kind=kind,
            event_key=f"test:{member.pk}:{Notification.objects.count()}:{i}",
            text=f"Your order has shipped: Lamp {i}",
            url=url,
        )
        for i in range(n)
    ]


# --- The bell ---------------------------------------------------------------------


def test_bell_shows_the_unread_count(member_client, member):
    tell(member, 3)
    Notification.objects.filter(pk=Notification.objects.first().pk).update(
        read_at="2026-01-01T00:00Z"
    )
    page = member_client.get(reverse("home")).content.decode()
    assert 'aria-label="Notifications, 2 unread"' in page
    assert '<span class="bell-count">2</span>' in page
    assert f'href="{LIST}"' in page


def test_bell_without_unread_has_no_number(member_client):
    page = member_client.get(reverse("home")).content.decode()
    assert 'aria-label="Notifications"' in page
    assert "bell-count" not in page


def _notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "notifications_notification" in q["sql"]]


def test_visitors_get_no_bell_and_no_query(client, db):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert 'class="bell"' not in page
    assert _notification_queries(queries) == []


def test_count_is_one_query_whatever_the_number(member_client, member):
    tell(member, 1)
    with CaptureQueriesContext(connection) as one:
        member_client.get(reverse("accounts:settings"))
    tell(member, 20)
    with CaptureQueriesContext(connection) as many:
        member_client.get(reverse("accounts:settings"))
    assert len(many) == len(one)
    (count,) = _notification_queries(many)
    assert "COUNT(" in count.upper()


def test_page_cache_never_shows_a_members_count_to_others(client, member, settings):
    settings.PAGE_CACHE_SECONDS = 60
    search = reverse("listings:search")
    tell(member, 2)
    client.force_login(member)
    assert "Notifications, 2 unread" in client.get(search).content.decode()
    client.logout()
    client.cookies.clear()
    visitor_page = client.get(search).content.decode()  # now cached for visitors
    assert 'class="bell"' not in visitor_page
    other = UserFactory()
    tell(other, 5)
    client.force_login(other)
    assert "Notifications, 5 unread" in client.get(search).content.decode()


# --- The list -----------------------------------------------------------------------


def test_list_shows_newest_first_with_unread_marked(member_client, member):
    first, second = tell(member, 2)
    Notification.objects.filter(pk=first.pk).update(read_at="2026-01-01T00:00Z")
    page = member_client.get(LIST).content.decode()
    assert page.index("Lamp 1") < page.index("Lamp 0")
    assert page.count('class="badge">New<') == 1
    assert reverse("notifications:open", args=[second.pk]) in page


def test_list_shows_only_the_members_own(member_client, member):
    tell(UserFactory(), 1)
    page = member_client.get(LIST).content.decode()
    assert "Lamp" not in page
    assert "Nothing yet" in page


def test_list_is_paginated(member_client, member):
    tell(member, 31)
    assert member_client.get(LIST).content.decode().count(ENTRY) == 30
    second = member_client.get(LIST + "?page=2").content.decode()
    assert second.count(ENTRY) == 1


def test_list_query_count_is_constant(
    member_client, member, django_assert_max_num_queries
):
    tell(member, 1)
    with django_assert_max_num_queries(8) as one:
        member_client.get(LIST)
    tell(member, 29)
    with django_assert_max_num_queries(len(one)):
        response = member_client.get(LIST)
    assert response.content.decode().count(ENTRY) == 30


def test_visitor_is_sent_to_log_in(client, db):
    assert client.get(LIST).status_code == 302


def test_mark_one_read(member_client, member):
    (note,) = tell(member)
    response = member_client.post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 302 and response.url == LIST
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_a_404(member_client):
    (note,) = tell(UserFactory())
    assert (
        member_client.post(reverse("notifications:read", args=[note.pk])).status_code
        == 404
    )
    assert (
        member_client.get(reverse("notifications:open", args=[note.pk])).status_code
        == 404
    )
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_read_is_post_only(member_client, member):
    (note,) = tell(member)
    assert (
        member_client.get(reverse("notifications:read", args=[note.pk])).status_code
        == 405
    )


def test_mark_all_read(member_client, member):
    tell(member, 3)
    other = tell(UserFactory())[0]
    response = member_client.post(reverse("notifications:read-all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=member, read_at=None).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_open_marks_read_and_goes_to_the_object(member_client, member):
    (note,) = tell(member, url="/orders/12/")
    response = member_client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response.url == "/orders/12/"
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "x"])
def test_open_never_leaves_the_site(member_client, member, url):
    (note,) = tell(member, url=url)
    response = member_client.post(reverse("notifications:open", args=[note.pk]))
    assert response.url == LIST


# --- Email choices -------------------------------------------------------------------


def test_settings_page_shows_a_box_per_kind(member_client, member):
    EmailOptOut.objects.create(member=member, kind=Kind.PRICE_DROP)
    page = member_client.get(reverse("accounts:settings")).content.decode()
    assert reverse("notifications:email-settings") in page
    for kind in Kind.values:
        assert f'name="email_{kind}"' in page
    assert 'name="email_price_drop" id="id_email_price_drop"' in page
    assert 'name="email_payout_sent"' in page and "disabled" in page


def test_saving_email_choices(member_client, member):
    response = member_client.post(
        reverse("notifications:email-settings"),
        {"email_message": "on", "email_offer_received": "on"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:settings")
    off = set(EmailOptOut.objects.filter(member=member).values_list("kind", flat=True))
    assert Kind.MESSAGE not in off and Kind.OFFER_RECEIVED not in off
    assert Kind.PRICE_DROP in off
    # Money kinds cannot be turned off, even by a hand-made form.
    assert Kind.PAYOUT_SENT not in off and Kind.ORDER_CONFIRMED not in off


# --- One-click unsubscribe -----------------------------------------------------


def _unsubscribe_url(member, kind=Kind.PRICE_DROP):
    return reverse(
        "notifications:unsubscribe",
        kwargs={"unsubscribe_token": unsubscribe_token(member=member, kind=kind)},
    )


def test_get_only_asks(client, member):
    url = _unsubscribe_url(member)
    response = client.get(url)
    assert response.status_code == 200
    assert "Turn off these emails" in response.content.decode()
    assert not EmailOptOut.objects.exists()


def test_one_click_post_from_a_mail_client_turns_the_kind_off(member):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        _unsubscribe_url(member), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert EmailOptOut.objects.filter(member=member, kind=Kind.PRICE_DROP).exists()
    # Twice is fine.
    assert mail_client.post(_unsubscribe_url(member)).status_code == 200
    assert EmailOptOut.objects.filter(member=member).count() == 1


def test_money_kind_token_changes_nothing(client, member):
    url = _unsubscribe_url(member, kind=Kind.PAYOUT_SENT)
    assert "cannot be turned off" in client.get(url).content.decode()
    assert client.post(url).status_code == 200
    assert not EmailOptOut.objects.exists()


@pytest.mark.parametrize(
    "token", ["bad-token", "1.price_drop:forged", "x" * 500, "%00", "1.nope:abc"]
)
def test_bad_or_tampered_token_is_a_clear_400(client, member, token):
    url = f"/notifications/unsubscribe/{token}/"
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert not EmailOptOut.objects.exists()


def test_token_of_a_member_gone_since_is_a_400(client, member):
    url = _unsubscribe_url(member)
    member.delete()
    assert client.post(url).status_code == 400


def test_other_members_token_cannot_be_made_from_mine(client, member):
    other = UserFactory()
    mine = unsubscribe_token(member=member, kind=Kind.PRICE_DROP)
    forged = mine.replace(f"{member.pk}.", f"{other.pk}.", 1)
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 400
    assert not EmailOptOut.objects.filter(member=other).exists()


# --- Admin ---------------------------------------------------------------------


def test_admin_lists_and_searches_read_only(client, staff, member):
    tell(member)
    EmailOptOut.objects.create(member=member, kind=Kind.PRICE_DROP)
    client.force_login(staff)
    for name in ("notification", "emailoptout"):
        changelist = reverse(f"admin:notifications_{name}_changelist")
        response = client.get(changelist, {"q": member.username})
        assert response.status_code == 200
        assert member.username in response.content.decode()
        assert client.get(reverse(f"admin:notifications_{name}_add")).status_code == 403
