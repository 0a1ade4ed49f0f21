"""A member reports a listing, staff remove it in the admin with a reason, the
seller sees why; the report form works with and without JavaScript; the report
form and the suspended-login page have no axe violations."""

import pytest
from playwright.sync_api import expect

from accounts.services import suspend_member
from listings.models import Listing
from moderation.models import Report
from tests.e2e.helpers import axe_violations, field, log_in
from tests.factories import PASSWORD, ListingFactory, UserFactory, add_photos


@pytest.fixture
def listing(catalogue):
    item = ListingFactory(title="Designer handbag")
    add_photos(item)
    return item


def report_from_item_page(page, listing):
    page.goto(listing.get_absolute_url())
    page.get_by_role("link", name="Report this listing").click()
    expect(page.get_by_role("heading", name="Report a listing")).to_be_visible()
    page.get_by_label("Counterfeit or replica").check()
    field(page, "Details for our staff").fill("The stitching is wrong.")
    page.get_by_role("button", name="Send report").click()
    expect(
        page.get_by_role("heading", name="Thank you for your report")
    ).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False])
def test_report_handled_by_staff_and_seller_sees_the_removal(
    new_page, listing, javascript
):
    reporter = UserFactory()
    staff = UserFactory(is_staff=True, is_superuser=True)

    member_page = new_page(360, javascript=javascript)
    log_in(member_page, reporter.username)
    report_from_item_page(member_page, listing)
    report = Report.objects.get()
    assert (report.reporter, report.listing) == (reporter, listing)

    staff_page = new_page(1280, javascript=javascript)
    log_in(staff_page, staff.username)
    staff_page.goto("/admin/moderation/report/?state__exact=open")
    staff_page.locator(f'input[name="_selected_action"][value="{report.pk}"]').check()
    staff_page.locator('select[name="action"]').select_option("remove_content")
    staff_page.get_by_role("button", name="Go").click()
    field(staff_page, "Reason (shown to the member concerned)").fill(
        "Counterfeit designer goods are not allowed."
    )
    staff_page.get_by_role("button", name="Remove reported content").click()
    expect(staff_page.locator(".messagelist")).to_contain_text("1 done")

    listing.refresh_from_db()
    assert listing.status == Listing.Status.REMOVED
    seller_page = new_page(360, javascript=javascript)
    log_in(seller_page, listing.seller.username)
    seller_page.goto(listing.get_absolute_url())
    expect(seller_page.get_by_role("alert")).to_contain_text(
        "Counterfeit designer goods are not allowed."
    )


@pytest.mark.parametrize("width", [360, 1280])
def test_report_form_and_suspended_login_have_no_axe_violations(
    new_page, listing, width
):
    member = UserFactory()
    page = new_page(width)
    log_in(page, member.username)
    page.goto(f"/report/listing/{listing.pk}/")
    assert axe_violations(page) == [], "report form"
    page.get_by_role("button", name="Send report").click()  # no reason: errors
    expect(page.locator(".field-error").first).to_be_visible()
    assert axe_violations(page) == [], "report form with errors"
    page.goto(f"/report/member/{listing.seller.username}/")
    assert axe_violations(page) == [], "member report form"

    staff = UserFactory(is_staff=True)
    suspended = UserFactory()
    suspend_member(member=suspended, staff=staff, reason="Sold counterfeits.")
    visitor = new_page(width)
    visitor.goto("/accounts/login/")
    field(visitor, "Username or email").fill(suspended.username)
    field(visitor, "Password").fill(PASSWORD)
    visitor.get_by_role("button", name="Log in").click()
    expect(
        visitor.get_by_role("heading", name="Your account is suspended")
    ).to_be_visible()
    expect(visitor.get_by_text("Sold counterfeits.")).to_be_visible()
    assert axe_violations(visitor) == [], "suspended login page"
