"""Members report listings, members, comments and messages: the rules."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from moderation.exceptions import ReportError
from moderation.models import Report
from moderation.services import file_report
from tests.factories import (
    ListingFactory,
    UserFactory,
    report_comment,
    report_message,
)

pytestmark = pytest.mark.django_db

FORM = {"reason": "counterfeit", "note": "The logo is printed upside down."}


def report_url(kind, key):
    return reverse(f"moderation:report-{kind}", args=[key])


def test_member_reports_a_listing_through_the_form(member_client, member):
    listing = ListingFactory()

    page = member_client.get(report_url("listing", listing.pk))
    response = member_client.post(report_url("listing", listing.pk), FORM)

    assert page.status_code == 200
    assert "Counterfeit or replica" in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("moderation:report-thanks")
    report = Report.objects.get()
    assert (report.reporter, report.listing, report.target_kind) == (
        member,
        listing,
        "listing",
    )
    assert report.reason == "counterfeit"
    assert report.note == FORM["note"]
    assert report.is_open
    assert member_client.get(response.url).status_code == 200


@pytest.mark.parametrize("kind", ["member", "comment", "message"])
def test_member_reports_each_other_kind(member_client, member, kind):
    if kind == "member":
        target, key = UserFactory(), None
        key = target.username
    elif kind == "comment":
        target = report_comment()
        key = target.pk
    else:
        listing = ListingFactory(seller=member)
        target = report_message(listing=listing)
        key = target.pk

    response = member_client.post(report_url(kind, key), {"reason": "spam"})

    assert response.status_code == 302
    report = Report.objects.get()
    assert report.target_kind == kind
    assert report.target == target


def test_one_open_report_per_reporter_and_target(member_client, member):
    listing = ListingFactory()
    member_client.post(report_url("listing", listing.pk), FORM)

    again = member_client.post(report_url("listing", listing.pk), FORM)

    assert again.status_code == 400
    assert "You already reported this" in again.content.decode()
    assert Report.objects.count() == 1


def test_the_database_refuses_a_second_open_report_on_its_own(member):
    listing = ListingFactory()
    file_report(reporter=member, kind="listing", target=listing, reason="spam")

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            reporter=member,
            target_kind="listing",
            listing=listing,
            reason="scam",
            open_key=Report.make_open_key(member.pk, "listing", listing.pk),
        )


def test_a_handled_report_frees_the_reporter_to_report_again(member, staff):
    from moderation.services import dismiss_report

    listing = ListingFactory()
    first = file_report(reporter=member, kind="listing", target=listing, reason="spam")
    dismiss_report(report=first, staff=staff)

    second = file_report(
        reporter=member, kind="listing", target=listing, reason="counterfeit"
    )

    assert second.pk != first.pk
    assert Report.objects.filter(open_key__isnull=True).count() == 1


def test_a_member_cannot_report_their_own_listing(member_client, member):
    listing = ListingFactory(seller=member)

    page = member_client.get(report_url("listing", listing.pk), follow=True)
    post = member_client.post(report_url("listing", listing.pk), FORM, follow=True)

    assert page.redirect_chain[-1][0] == listing.get_absolute_url()
    assert "your own listing" in page.content.decode()
    assert "your own listing" in post.content.decode()
    assert not Report.objects.exists()


def test_a_member_cannot_report_themselves(member_client, member):
    response = member_client.post(report_url("member", member.username), FORM)

    assert response.status_code == 302
    assert not Report.objects.exists()
    with pytest.raises(ReportError, match="yourself"):
        file_report(reporter=member, kind="member", target=member, reason="spam")


def test_own_comment_and_message_are_refused_by_the_service(member):
    comment = report_comment(author=member)
    message = report_message(member=member)

    for kind, target in (("comment", comment), ("message", message)):
        with pytest.raises(ReportError, match="your own"):
            file_report(reporter=member, kind=kind, target=target, reason="spam")


def test_only_a_member_of_the_conversation_may_report_its_message(client):
    message = report_message()
    seller = message.conversation.seller
    outsider = UserFactory()

    client.force_login(outsider)
    assert client.get(report_url("message", message.pk)).status_code == 404
    assert client.post(report_url("message", message.pk), FORM).status_code == 404
    client.force_login(seller)
    assert client.get(report_url("message", message.pk)).status_code == 200
    assert client.post(report_url("message", message.pk), FORM).status_code == 302
    assert Report.objects.get().reporter == seller


def test_hidden_listings_and_suspended_members_are_not_found(member_client):
    draft = ListingFactory(status="draft", published_at=None)
    suspended = UserFactory(is_active=False)

    assert member_client.get(report_url("listing", draft.pk)).status_code == 404
    assert member_client.get(report_url("member", suspended.username)).status_code == (
        404
    )
    assert member_client.get(report_url("comment", 999999)).status_code == 404


def test_visitors_log_in_and_unverified_members_verify_first(client):
    listing = ListingFactory()
    url = report_url("listing", listing.pk)

    visitor = client.get(url)
    client.force_login(UserFactory(unverified=True))
    unverified = client.post(url, FORM)

    assert visitor.status_code == 302 and "/accounts/login/" in visitor.url
    assert unverified.status_code == 302
    assert "verification-required" in unverified.url
    assert not Report.objects.exists()


def test_other_needs_a_note_and_the_note_has_a_limit(member_client, settings):
    settings.REPORT_NOTE_MAX_LENGTH = 20
    listing = ListingFactory()
    url = report_url("listing", listing.pk)

    no_note = member_client.post(url, {"reason": "other", "note": ""})
    too_long = member_client.post(url, {"reason": "spam", "note": "x" * 21})
    bad_reason = member_client.post(url, {"reason": "boring", "note": ""})

    assert no_note.status_code == too_long.status_code == bad_reason.status_code == 400
    assert "Tell us what is wrong." in no_note.content.decode()
    assert "x" * 21 in too_long.content.decode()  # what was typed is kept
    assert not Report.objects.exists()


def test_the_note_is_escaped_and_kept_as_text(member_client, staff_client):
    listing = ListingFactory()
    member_client.post(
        report_url("listing", listing.pk),
        {"reason": "other", "note": "<script>alert(1)</script>"},
    )

    report = Report.objects.get()
    page = staff_client.get(reverse("admin:moderation_report_change", args=[report.pk]))

    assert "<script>alert(1)</script>" not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()


def test_reporting_is_rate_limited_per_member(member_client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report-member": "2/h"}
    listings = ListingFactory.create_batch(3)

    answers = [
        member_client.post(report_url("listing", listing.pk), FORM).status_code
        for listing in listings
    ]

    assert answers == [302, 302, 429]
    assert Report.objects.count() == 2


def test_the_item_page_and_profile_link_to_the_report_forms(member_client, member):
    listing = ListingFactory()
    own = ListingFactory(seller=member)

    item = member_client.get(listing.get_absolute_url()).content.decode()
    own_item = member_client.get(own.get_absolute_url()).content.decode()
    profile = member_client.get(listing.seller.get_absolute_url()).content.decode()
    own_profile = member_client.get(member.get_absolute_url()).content.decode()

    assert report_url("listing", listing.pk) in item
    assert report_url("listing", own.pk) not in own_item
    assert report_url("member", listing.seller.username) in profile
    assert report_url("member", member.username) not in own_profile


def test_the_report_link_partial_renders_each_kind():
    from django.template.loader import render_to_string

    for kind, key in (
        ("listing", 5),
        ("member", "ann"),
        ("comment", 7),
        ("message", 9),
    ):
        html = render_to_string(
            "moderation/_report_link.html", {"kind": kind, "id": key}
        )
        assert report_url(kind, key) in html
