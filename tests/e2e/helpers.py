"""Small page helpers shared by the browser tests."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD


def field(scope, label):
    """The input with exactly this label (Django adds a ":" label suffix)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def log_in(page, login, password=PASSWORD):
    """Log in through the login page and wait for the member menu."""
    page.goto("/accounts/login/")
    field(page, "Username or email").fill(login)
    field(page, "Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("header details.menu summary")).to_be_visible()
