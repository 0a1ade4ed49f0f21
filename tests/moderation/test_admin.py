"""Staff work the report queue in admin: every action through a service, with
a reason where one is needed, and an audit row for each."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from conversations.models import Comment, Message
from listings.models import Listing
from marketplace.models import StaffAction
from moderation.models import Report
from notifications.models import Kind, Notification
from tests.factories import (
    ListingFactory,
    UserFactory,
    file_report,
    report_comment,
    report_message,
)

pytestmark = pytest.mark.django_db

QUEUE = "admin:moderation_report_changelist"


def run_action(client, action, reports, reason="", *, confirm=True):
    """Choose the action, then (if `confirm`) give the reason on its page."""
    url = reverse(QUEUE)
    data = {"action": action, "_selected_action": [r.pk for r in reports]}
    page = client.post(url, data)
    assert page.status_code == 200
    if not confirm:
        return page
    response = client.post(url, {**data, "apply": "1", "reason": reason})
    return response


def notices(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_queue_lists_filters_and_links_to_the_target(staff_client):
    listing = ListingFactory(title="Fake designer bag")
    listing_report = file_report(target=listing, reason="counterfeit")
    member_report = file_report(kind="member", target=UserFactory(), reason="spam")

    everything = staff_client.get(reverse(QUEUE))
    by_kind = staff_client.get(reverse(QUEUE), {"target_kind__exact": "member"})
    by_reason = staff_client.get(reverse(QUEUE), {"reason__exact": "counterfeit"})
    by_state = staff_client.get(reverse(QUEUE), {"state__exact": "dismissed"})
    searched = staff_client.get(reverse(QUEUE), {"q": "designer"})

    html = everything.content.decode()
    assert reverse("admin:listings_listing_change", args=[listing.pk]) in html
    assert list(by_kind.context["cl"].result_list) == [member_report]
    assert list(by_reason.context["cl"].result_list) == [listing_report]
    assert list(by_state.context["cl"].result_list) == []
    assert list(searched.context["cl"].result_list) == [listing_report]


def test_queue_query_count_is_constant(staff_client, django_assert_max_num_queries):
    for _index in range(3):
        file_report(target=ListingFactory())
        file_report(kind="comment", target=report_comment())
        file_report(kind="message", target=report_message())
    with django_assert_max_num_queries(12):
        staff_client.get(reverse(QUEUE))
    for _index in range(6):
        file_report(kind="member", target=UserFactory())
        file_report(kind="message", target=report_message())
    with django_assert_max_num_queries(12):
        staff_client.get(reverse(QUEUE))


def test_dismiss_closes_the_report_and_audits_it(staff_client, staff):
    report = file_report()

    response = run_action(staff_client, "dismiss_reports", [report], "Looks fine")

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.DISMISSED
    assert report.handled_by == staff
    action = StaffAction.objects.get(action="report.dismiss")
    assert (action.actor, action.target, action.reason) == (staff, report, "Looks fine")


def test_remove_listing_needs_a_reason_then_tells_the_seller(
    staff_client, staff, on_commit
):
    listing = ListingFactory(title="Replica watch")
    report = file_report(target=listing)

    page = run_action(staff_client, "remove_content", [report], confirm=False)
    empty = run_action(staff_client, "remove_content", [report], "")
    listing.refresh_from_db()
    assert "Remove reported content" in page.content.decode()
    assert empty.status_code == 200  # the form again, nothing done
    assert listing.status == Listing.Status.ON_SALE

    with on_commit():
        done = run_action(staff_client, "remove_content", [report], "Counterfeit brand")

    assert done.status_code == 302
    listing.refresh_from_db()
    report.refresh_from_db()
    assert listing.status == Listing.Status.REMOVED
    assert listing.removed_reason == "Counterfeit brand"
    assert report.state == Report.State.ACTIONED
    assert any(
        "Counterfeit brand" in email.body and email.to == [listing.seller.email]
        for email in mail.outbox
    )
    assert StaffAction.objects.filter(
        action="listing.remove", target_id=listing.pk, actor=staff
    ).exists()
    # The listing's admin page shows the audit.
    page = staff_client.get(reverse("admin:listings_listing_change", args=[listing.pk]))
    assert "listing.remove" in page.content.decode()


def test_remove_a_comment_and_a_message(staff_client, staff):
    comment = report_comment(text="Buy it cheaper at my shop")
    message = report_message(text="Pay by wire to me")
    reports = [
        file_report(kind="comment", target=comment),
        file_report(kind="message", target=message),
    ]

    response = run_action(staff_client, "remove_content", reports, "Off-site sale")

    assert response.status_code == 302
    comment = Comment.objects.get(pk=comment.pk)
    message = Message.objects.get(pk=message.pk)
    assert comment.deleted_at is not None and comment.deleted_by == staff
    assert message.removed_at is not None
    assert set(StaffAction.objects.values_list("action", flat=True)) >= {
        "comment.remove",
        "message.remove",
    }


def test_remove_refuses_a_member_report(staff_client):
    report = file_report(kind="member", target=UserFactory())

    response = run_action(staff_client, "remove_content", [report], "Bad")

    assert any("warn or suspend" in notice for notice in notices(response))
    report.refresh_from_db()
    assert report.is_open


def test_warn_notifies_the_member_and_emails_them(staff_client, staff, on_commit):
    comment = report_comment()
    report = file_report(kind="comment", target=comment)

    with on_commit():
        response = run_action(
            staff_client, "warn_members", [report], "Be polite to buyers"
        )

    assert response.status_code == 302
    notification = Notification.objects.get(recipient=comment.author)
    assert notification.kind == Kind.ACCOUNT_WARNING
    assert "Be polite to buyers" in notification.text
    assert any(
        "Be polite to buyers" in email.body and email.to == [comment.author.email]
        for email in mail.outbox
    )
    warned = StaffAction.objects.get(action="member.warn")
    assert warned.target == comment.author
    assert warned.reason == "Be polite to buyers"
    page = staff_client.get(
        reverse("admin:accounts_user_change", args=[comment.author.pk])
    )
    assert "Be polite to buyers" in page.content.decode()


def test_suspend_from_the_queue(staff_client, staff):
    seller = UserFactory()
    report = file_report(target=ListingFactory(seller=seller))

    response = run_action(staff_client, "suspend_members", [report], "Sells fakes")

    assert response.status_code == 302
    seller.refresh_from_db()
    assert not seller.is_active and seller.is_suspended
    assert seller.suspension_reason == "Sells fakes"
    report.refresh_from_db()
    assert report.state == Report.State.ACTIONED
    assert StaffAction.objects.filter(action="member.suspend", actor=staff).exists()


def test_a_handled_report_is_not_handled_twice(staff_client):
    report = file_report()
    run_action(staff_client, "dismiss_reports", [report], "")

    again = run_action(staff_client, "warn_members", [report], "Too late")

    assert any("already handled" in notice for notice in notices(again))
    assert not StaffAction.objects.filter(action="member.warn").exists()


def test_staff_who_may_only_view_reports_cannot_act(client):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_report"))
    client.force_login(viewer)
    report = file_report()

    response = client.post(
        reverse(QUEUE),
        {"action": "dismiss_reports", "_selected_action": [report.pk], "apply": "1"},
    )

    report.refresh_from_db()
    assert report.is_open
    assert response.status_code in (200, 302)


def test_the_report_page_is_a_record(staff_client):
    report = file_report()

    page = staff_client.get(reverse("admin:moderation_report_change", args=[report.pk]))
    post = staff_client.post(
        reverse("admin:moderation_report_change", args=[report.pk]),
        {"state": "dismissed"},
    )

    assert page.status_code == 200
    assert post.status_code == 403
    report.refresh_from_db()
    assert report.is_open
