"""Members' time zones: the default from the state, the settings field, the
middleware that shows pages in it, and emails in the recipient's zone."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import MemberTimeZoneMiddleware
from accounts.states import US_STATES
from accounts.timezones import STATE_TIME_ZONES, TIME_ZONE_NAMES, time_zone_name
from marketplace.templatetags.dates import when
from notifications.models import Kind, Notification
from tests.factories import ListingFactory, UserFactory, offer

# --- The zone in force -----------------------------------------------------------


def test_every_state_has_a_zone_from_the_choices():
    assert {code for code, _name in US_STATES} == set(STATE_TIME_ZONES)
    assert set(STATE_TIME_ZONES.values()) <= TIME_ZONE_NAMES


@pytest.mark.parametrize(
    ("state", "zone"),
    [
        ("CA", "America/Los_Angeles"),
        ("NY", "America/New_York"),
        ("TX", "America/Chicago"),
        ("CO", "America/Denver"),
        ("AZ", "America/Phoenix"),
        ("AK", "America/Anchorage"),
        ("HI", "Pacific/Honolulu"),
    ],
)
def test_blank_zone_defaults_from_the_members_state(state, zone):
    member = UserFactory.build(state=state, time_zone="")
    assert time_zone_name(member) == zone


def test_chosen_zone_wins_over_the_state():
    member = UserFactory.build(state="CA", time_zone="America/Chicago")
    assert time_zone_name(member) == "America/Chicago"


def test_no_zone_and_no_state_is_the_sites_zone(settings):
    settings.TIME_ZONE = "America/Denver"
    assert time_zone_name(UserFactory.build(state="", time_zone="")) == "America/Denver"


# --- Settings ----------------------------------------------------------------------


def _profile_post(**overrides):
    return {"display_name": "Dana", "bio": "", "state": "CA", **overrides}


def test_settings_page_has_a_time_zone_field_naming_the_states_zone(client, db):
    member = UserFactory(state="CA")
    client.force_login(member)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert '<label for="id_time_zone">Time zone:</label>' in page
    assert "From my state: Pacific (Los Angeles)" in page
    assert '<option value="America/Phoenix">' in page


def test_settings_saves_the_time_zone(client, db):
    member = UserFactory(state="CA")
    client.force_login(member)
    response = client.post(
        reverse("accounts:settings"), _profile_post(time_zone="America/Chicago")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.time_zone == "America/Chicago"
    # Back to "from my state".
    client.post(reverse("accounts:settings"), _profile_post(time_zone=""))
    member.refresh_from_db()
    assert member.time_zone == ""


def test_settings_refuses_an_unknown_time_zone(client, db):
    member = UserFactory(state="CA")
    client.force_login(member)
    response = client.post(
        reverse("accounts:settings"), _profile_post(time_zone="Europe/Paris")
    )
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.time_zone == ""


# --- Pages ---------------------------------------------------------------------------


def _notification_at(member, moment):
    note = Notification.objects.create(
        recipient=member, kind=Kind.MESSAGE, event_key="tz", text="Hi", url="/"
    )
    Notification.objects.filter(pk=note.pk).update(created_at=moment)


def test_member_in_los_angeles_sees_pacific_times(client, db):
    member = UserFactory(state="CA")
    _notification_at(member, datetime(2026, 11, 30, 21, 44, tzinfo=UTC))
    client.force_login(member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Nov 30, 2026, 1:44 PM PST" in page
    assert 'datetime="2026-11-30T13:44:00-08:00"' in page
    assert "EST" not in page


def test_member_choice_overrides_state_on_pages(client, db):
    member = UserFactory(state="CA", time_zone="Pacific/Honolulu")
    _notification_at(member, datetime(2026, 11, 30, 21, 44, tzinfo=UTC))
    client.force_login(member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Nov 30, 2026, 11:44 AM HST" in page


def test_middleware_activates_the_zone_without_a_query(db, django_assert_num_queries):
    member = UserFactory.build(state="HI")
    request = RequestFactory().get("/")
    request.user = member
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return None

    with django_assert_num_queries(0):
        MemberTimeZoneMiddleware(view)(request)
    assert seen == ["Pacific/Honolulu"]
    # The zone does not leak into the next request of the thread.
    assert timezone.get_current_timezone_name() == timezone.get_default_timezone_name()


# --- Emails --------------------------------------------------------------------------


def test_offer_email_is_in_the_recipients_zone(db, on_commit):
    seller = UserFactory(state="NY", time_zone="America/Los_Angeles")
    buyer = UserFactory(state="NY")
    with on_commit():
        made = offer(
            listing=ListingFactory(seller=seller, price_cents=2500), buyer=buyer
        )
    (email,) = [m for m in mail.outbox if m.to == [seller.email]]
    with timezone.override("America/Los_Angeles"):
        expected = when(made.expires_at)
    assert expected.endswith(("PST", "PDT"))
    assert f"Answer by {expected}." in email.body
    assert "UTC" not in email.body
