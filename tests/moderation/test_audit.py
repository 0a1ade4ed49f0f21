"""marketplace.audit: every staff action leaves a row, shown read-only."""

import pytest
from django.urls import reverse

from listings.models import Listing
from marketplace.audit import record_staff_action, staff_actions_html
from marketplace.models import StaffAction
from tests.factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db

LISTINGS = "admin:listings_listing_changelist"


def listing_action(client, action, listing, reason):
    data = {"action": action, "_selected_action": [listing.pk]}
    client.post(reverse(LISTINGS), data)
    return client.post(reverse(LISTINGS), {**data, "apply": "1", "reason": reason})


def test_listing_admin_remove_and_restore_are_audited(staff_client, staff):
    listing = ListingFactory()

    listing_action(staff_client, "remove_listings", listing, "Prohibited item")
    listing_action(staff_client, "restore_listings", listing, "Appeal upheld")

    listing.refresh_from_db()
    assert listing.status == Listing.Status.ON_SALE
    rows = list(
        StaffAction.objects.values_list("actor", "action", "target_id", "reason")
    )
    assert rows == [
        (staff.pk, "listing.restore", listing.pk, "Appeal upheld"),
        (staff.pk, "listing.remove", listing.pk, "Prohibited item"),
    ]
    page = staff_client.get(reverse("admin:listings_listing_change", args=[listing.pk]))
    html = page.content.decode()
    assert "Appeal upheld" in html and "Prohibited item" in html


def test_the_target_is_remembered_as_it_was(staff):
    member = UserFactory(username="before")
    action = record_staff_action(
        actor=staff, action="member.warn", target=member, reason="x"
    )
    member.username = "after"
    member.save()

    action.refresh_from_db()
    assert action.target_repr == "before"
    assert action.target == member


def test_the_audit_table_escapes_what_it_shows(staff):
    member = UserFactory()
    record_staff_action(
        actor=staff, action="member.warn", target=member, reason="<b>bold</b>"
    )

    html = staff_actions_html(member)

    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html
    assert staff_actions_html(UserFactory()) == "No staff actions yet."


def test_staff_action_admin_is_read_only(staff_client, staff):
    member = UserFactory()
    action = record_staff_action(actor=staff, action="member.warn", target=member)

    listing = staff_client.get(reverse("admin:marketplace_staffaction_changelist"))
    page = staff_client.get(
        reverse("admin:marketplace_staffaction_change", args=[action.pk])
    )
    delete = staff_client.post(
        reverse("admin:marketplace_staffaction_delete", args=[action.pk]),
        {"post": "yes"},
    )

    assert listing.status_code == page.status_code == 200
    assert delete.status_code == 403
    assert StaffAction.objects.filter(pk=action.pk).exists()
