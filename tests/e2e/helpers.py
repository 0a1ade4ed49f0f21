"""Small page helpers shared by the browser tests."""

import re

from axe_playwright_python.sync_playwright import Axe
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


def axe_violations(page, *, enable=()) -> list[str]:
    """axe-core's violations on the page as it is now, one line per element:
    "rule (impact): help at selector: why".

    `enable` names rules axe leaves off by default, such as "target-size"
    (WCAG 2.2's 24 px minimum for anything clicked or tapped).
    """
    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": True} for rule in enable},
    }
    result = Axe().run(page, options=options)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        f"{' '.join(map(str, node['target']))}: "
        f"{' '.join(node.get('failureSummary', '').split())}"
        for violation in result.response["violations"]
        for node in violation["nodes"]
    ]
