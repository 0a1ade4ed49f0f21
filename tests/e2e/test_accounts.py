"""Account pages in a real browser: sign up, verify the email, log in and out."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.helpers import field, log_in

USERNAME = "newbie"
EMAIL = "newbie@example.com"
PASSWORD = "plum-orchard-lantern-42"

VERIFY_LINK = re.compile(r"https?://\S+/accounts/verify/[^/\s]+/")


def member_menu(page, name):
    """The header's member menu: a <details> whose <summary> shows the name."""
    return page.locator("header details.menu summary", has_text=name)


def log_out(page, name):
    member_menu(page, name).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")
    account_nav = page.get_by_role("navigation", name="Account")
    expect(account_nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(account_nav.get_by_role("link", name="Sign up")).to_be_visible()
    expect(member_menu(page, name)).to_have_count(0)


@pytest.mark.parametrize("page", [360, 1280], indirect=True)
def test_signup_verify_login_logout(page):
    # Sign up: "check your email", and no login, the same answer as for an
    # address that already has an account (sign-up never tells which).
    page.goto("/accounts/signup/")
    field(page, "Username").fill(USERNAME)
    field(page, "Email").fill(EMAIL)
    field(page, "Password").fill(PASSWORD)
    field(page, "Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("status")).to_contain_text("Check your email")
    expect(member_menu(page, USERNAME)).to_have_count(0)

    # The verification email links to the site; open the link in the browser.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    link = VERIFY_LINK.search(message.body)
    assert link, message.body
    page.goto(urlsplit(link.group()).path)

    expect(page.get_by_role("status")).to_contain_text(f"Thanks! {EMAIL} is verified.")
    assert get_user_model().objects.get(username=USERNAME).is_verified

    # Log in with the email address, then with the username.
    log_in(page, EMAIL, PASSWORD)
    expect(member_menu(page, USERNAME)).to_be_visible()
    log_out(page, USERNAME)

    log_in(page, USERNAME, PASSWORD)
    expect(member_menu(page, USERNAME)).to_be_visible()
    log_out(page, USERNAME)


def test_signup_page_has_no_horizontal_scroll_on_a_phone(mobile_page):
    mobile_page.goto("/accounts/signup/")
    expect(mobile_page.get_by_role("button", name="Sign up")).to_be_visible()
    scroll_width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"signup page is {scroll_width} px wide at 360 px"
