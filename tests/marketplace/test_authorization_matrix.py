"""Who may reach what: every URL pattern × every role → the status they get.

One table in code. A URL pattern without a row fails the test, so a new page
or action is decided here before it ships. Roles (columns, in this order):
visitor, unverified member, another member, a member the seller blocked, a
suspended member, staff, the seller and the buyer (see `World`). GET and an
empty POST are both tried for every pattern; POST-only actions answer 405 to
GET. 404 (never 403) is the answer for another member's object.
"""

import re

import pytest
from django.test import Client

from tests.marketplace.urlconf import ROLES, World, site_routes

# (pattern name, method): statuses for ROLES in order.
MATRIX = {
    ("home", "GET"): "200 200 200 200 200 200 200 200",
    ("healthz", "GET"): "200 200 200 200 200 200 200 200",
    ("readyz", "GET"): "200 200 200 200 200 200 200 200",
    # The test client comes from 127.0.0.1, a scraper's address by default;
    # any other address gets 404 (tests/marketplace/test_observability.py).
    ("metrics", "GET"): "200 200 200 200 200 200 200 200",
    ("accounts:signup", "GET"): "200 302 302 302 200 302 302 302",
    ("accounts:login", "GET"): "200 302 302 302 200 302 302 302",
    ("accounts:logout", "GET"): "405 405 405 405 405 405 405 405",
    ("accounts:verify-email", "GET"): "400 400 400 400 400 400 400 400",
    ("accounts:verification-required", "GET"): "302 200 302 302 302 302 302 302",
    ("accounts:resend-verification", "GET"): "302 405 405 405 302 405 405 405",
    ("accounts:settings", "GET"): "302 200 200 200 302 200 200 200",
    ("accounts:change-email", "GET"): "302 405 405 405 302 405 405 405",
    ("accounts:vacation", "GET"): "302 405 405 405 302 405 405 405",
    ("accounts:password-change", "GET"): "302 200 200 200 302 200 200 200",
    ("accounts:password-reset", "GET"): "200 200 200 200 200 200 200 200",
    ("accounts:password-reset-done", "GET"): "200 200 200 200 200 200 200 200",
    ("accounts:password-reset-confirm", "GET"): "200 200 200 200 200 200 200 200",
    ("accounts:password-reset-complete", "GET"): "200 200 200 200 200 200 200 200",
    ("accounts:addresses", "GET"): "302 200 200 200 302 200 200 200",
    ("accounts:address-new", "GET"): "302 200 200 200 302 200 200 200",
    ("accounts:address-edit", "GET"): "302 404 404 404 302 404 404 200",
    ("accounts:address-delete", "GET"): "302 404 404 404 302 404 404 200",
    ("accounts:address-default", "GET"): "302 405 405 405 302 405 405 405",
    ("accounts:block", "GET"): "302 405 405 405 302 405 405 405",
    ("accounts:unblock", "GET"): "302 405 405 405 302 405 405 405",
    ("accounts:profile", "GET"): "200 200 200 200 200 200 200 200",
    ("listings:sell", "GET"): "301 301 301 301 301 301 301 301",
    ("listings:new", "GET"): "302 302 200 200 302 200 200 200",
    ("listings:detail", "GET"): "200 200 200 200 200 200 200 200",
    ("listings:edit", "GET"): "302 302 404 404 302 404 200 404",
    ("listings:delete", "GET"): "302 404 404 404 302 404 200 404",
    ("listings:publish", "GET"): "302 302 405 405 302 405 405 405",
    ("listings:pause", "GET"): "302 302 405 405 302 405 405 405",
    ("listings:resume", "GET"): "302 302 405 405 302 405 405 405",
    ("listings:stage-photo", "GET"): "302 302 405 405 302 405 405 405",
    ("listings:selling", "GET"): "302 200 200 200 302 200 200 200",
    ("listings:brand-suggestions", "GET"): "200 200 200 200 200 200 200 200",
    ("listings:search", "GET"): "200 200 200 200 200 200 200 200",
    ("listings:category", "GET"): "200 200 200 200 200 200 200 200",
    ("discovery:like", "GET"): "302 302 302 302 302 302 302 302",
    ("discovery:unlike", "GET"): "302 302 302 302 302 302 302 302",
    ("discovery:likes", "GET"): "302 200 200 200 302 200 200 200",
    ("discovery:saved-searches", "GET"): "302 200 200 200 302 200 200 200",
    ("discovery:save-search", "GET"): "405 405 405 405 405 405 405 405",
    ("discovery:rename-saved-search", "GET"): "405 405 405 405 405 405 405 405",
    ("discovery:saved-search-alerts", "GET"): "405 405 405 405 405 405 405 405",
    ("discovery:delete-saved-search", "GET"): "302 404 404 404 302 404 404 200",
    ("orders:checkout", "GET"): "302 302 200 409 302 200 403 200",
    ("orders:offer-new", "GET"): "302 302 200 409 302 200 403 200",
    ("orders:offer-settings", "GET"): "302 302 405 405 302 405 405 405",
    ("orders:offer-detail", "GET"): "302 404 404 404 302 404 200 200",
    ("orders:offer-accept", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:offer-decline", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:offer-counter", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:counter-accept", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:counter-decline", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:buying", "GET"): "302 200 200 200 302 200 200 200",
    ("orders:detail", "GET"): "302 404 404 404 302 404 200 200",
    ("orders:ship", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:confirm", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:cancel", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:report", "GET"): "302 404 404 404 302 404 302 200",
    ("orders:rate", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:dispute-photo", "GET"): "302 404 404 404 302 200 200 200",
    ("orders:balance", "GET"): "302 200 200 200 302 200 200 200",
    ("orders:withdraw", "GET"): "302 405 405 405 302 405 405 405",
    ("orders:card-token", "GET"): "302 302 405 405 302 405 405 405",
    # Notifications: the buyer's own entry; the unsubscribe link is the buyer's.
    ("notifications:list", "GET"): "302 200 200 200 302 200 200 200",
    ("notifications:read-all", "GET"): "302 405 405 405 302 405 405 405",
    ("notifications:read", "GET"): "302 405 405 405 302 405 405 405",
    ("notifications:open", "GET"): "302 404 404 404 302 404 404 302",
    ("notifications:email-settings", "GET"): "302 405 405 405 302 405 405 405",
    ("notifications:unsubscribe", "GET"): "200 200 200 200 200 200 200 200",
    ("home", "POST"): "405 405 405 405 405 405 405 405",
    ("healthz", "POST"): "405 405 405 405 405 405 405 405",
    ("readyz", "POST"): "405 405 405 405 405 405 405 405",
    ("metrics", "POST"): "405 405 405 405 405 405 405 405",
    ("accounts:signup", "POST"): "200 302 302 302 200 302 302 302",
    ("accounts:login", "POST"): "200 302 302 302 200 302 302 302",
    ("accounts:logout", "POST"): "302 302 302 302 302 302 302 302",
    ("accounts:verify-email", "POST"): "400 400 400 400 400 400 400 400",
    ("accounts:verification-required", "POST"): "302 200 302 302 302 302 302 302",
    ("accounts:resend-verification", "POST"): "302 302 302 302 302 302 302 302",
    ("accounts:settings", "POST"): "302 302 302 302 302 302 302 302",
    ("accounts:change-email", "POST"): "302 400 400 400 302 400 400 400",
    ("accounts:vacation", "POST"): "302 302 302 302 302 302 302 302",
    ("accounts:password-change", "POST"): "302 200 200 200 302 200 200 200",
    ("accounts:password-reset", "POST"): "200 200 200 200 200 200 200 200",
    ("accounts:password-reset-done", "POST"): "405 405 405 405 405 405 405 405",
    ("accounts:password-reset-confirm", "POST"): "200 200 200 200 200 200 200 200",
    ("accounts:password-reset-complete", "POST"): "405 405 405 405 405 405 405 405",
    ("accounts:addresses", "POST"): "302 405 405 405 302 405 405 405",
    ("accounts:address-new", "POST"): "302 400 400 400 302 400 400 400",
    ("accounts:address-edit", "POST"): "302 404 404 404 302 404 404 400",
    ("accounts:address-delete", "POST"): "302 404 404 404 302 404 404 302",
    ("accounts:address-default", "POST"): "302 404 404 404 302 404 404 302",
    ("accounts:block", "POST"): "302 302 302 302 302 302 302 302",
    ("accounts:unblock", "POST"): "302 302 302 302 302 302 302 302",
    ("accounts:profile", "POST"): "405 405 405 405 405 405 405 405",
    ("listings:sell", "POST"): "301 301 301 301 301 301 301 301",
    ("listings:new", "POST"): "302 302 400 400 302 400 400 400",
    ("listings:detail", "POST"): "405 405 405 405 405 405 405 405",
    ("listings:edit", "POST"): "302 302 404 404 302 404 400 404",
    ("listings:delete", "POST"): "302 404 404 404 302 404 302 404",
    ("listings:publish", "POST"): "302 302 404 404 302 404 302 404",
    ("listings:pause", "POST"): "302 302 404 404 302 404 302 404",
    ("listings:resume", "POST"): "302 302 404 404 302 404 302 404",
    ("listings:stage-photo", "POST"): "302 302 400 400 302 400 400 400",
    ("listings:selling", "POST"): "302 200 200 200 302 200 200 200",
    ("listings:brand-suggestions", "POST"): "405 405 405 405 405 405 405 405",
    ("listings:search", "POST"): "405 405 405 405 405 405 405 405",
    ("listings:category", "POST"): "405 405 405 405 405 405 405 405",
    ("discovery:like", "POST"): "302 302 302 302 302 302 302 302",
    ("discovery:unlike", "POST"): "302 302 302 302 302 302 302 302",
    ("discovery:likes", "POST"): "302 405 405 405 302 405 405 405",
    ("discovery:saved-searches", "POST"): "302 405 405 405 302 405 405 405",
    ("discovery:save-search", "POST"): "302 302 302 302 302 302 302 302",
    ("discovery:rename-saved-search", "POST"): "302 404 404 404 302 404 404 302",
    ("discovery:saved-search-alerts", "POST"): "302 404 404 404 302 404 404 302",
    ("discovery:delete-saved-search", "POST"): "302 404 404 404 302 404 404 302",
    ("orders:checkout", "POST"): "302 302 400 400 302 400 400 400",
    ("orders:offer-new", "POST"): "302 302 400 400 302 400 400 400",
    ("orders:offer-settings", "POST"): "302 302 404 404 302 404 302 404",
    ("orders:offer-detail", "POST"): "302 405 405 405 302 405 405 405",
    ("orders:offer-accept", "POST"): "302 404 404 404 302 404 302 302",
    ("orders:offer-decline", "POST"): "302 404 404 404 302 404 302 302",
    ("orders:offer-counter", "POST"): "302 404 404 404 302 404 400 302",
    ("orders:counter-accept", "POST"): "302 404 404 404 302 404 302 400",
    ("orders:counter-decline", "POST"): "302 404 404 404 302 404 302 302",
    ("orders:buying", "POST"): "302 405 405 405 302 405 405 405",
    ("orders:detail", "POST"): "302 405 405 405 302 405 405 405",
    ("orders:ship", "POST"): "302 404 404 404 302 404 400 302",
    ("orders:confirm", "POST"): "302 404 404 404 302 404 302 302",
    ("orders:cancel", "POST"): "302 404 404 404 302 404 400 302",
    ("orders:report", "POST"): "302 404 404 404 302 404 302 400",
    ("orders:rate", "POST"): "302 404 404 404 302 404 400 400",
    ("orders:dispute-photo", "POST"): "302 405 405 405 302 405 405 405",
    ("orders:balance", "POST"): "302 405 405 405 302 405 405 405",
    ("orders:withdraw", "POST"): "302 400 400 400 302 400 400 400",
    ("orders:card-token", "POST"): "302 302 400 400 302 400 400 400",
    # Conversations (GET rows, then POST rows).
    ("conversations:comment", "GET"): "302 302 405 405 302 405 405 405",
    ("conversations:comment-delete", "GET"): "302 405 405 405 302 405 405 405",
    ("conversations:start", "GET"): "302 302 200 200 302 200 200 302",
    ("conversations:inbox", "GET"): "302 200 200 200 302 200 200 200",
    ("conversations:thread", "GET"): "302 404 404 404 302 404 200 200",
    ("conversations:reply", "GET"): "302 302 405 405 302 405 405 405",
    ("conversations:comment", "POST"): "302 302 400 400 302 400 400 400",
    ("conversations:comment-delete", "POST"): "302 404 404 404 302 404 302 302",
    ("conversations:start", "POST"): "302 302 400 400 302 400 400 400",
    ("conversations:inbox", "POST"): "302 405 405 405 302 405 405 405",
    ("conversations:thread", "POST"): "302 405 405 405 302 405 405 405",
    ("conversations:reply", "POST"): "302 302 404 404 302 404 400 400",
    # Trust: the badges help page, the data download and account deletion.
    ("help-badges", "GET"): "200 200 200 200 200 200 200 200",
    ("help-badges", "POST"): "405 405 405 405 405 405 405 405",
    # The departments, help and legal pages: public, read-only.
    ("departments", "GET"): "200 200 200 200 200 200 200 200",
    ("departments", "POST"): "405 405 405 405 405 405 405 405",
    ("help", "GET"): "200 200 200 200 200 200 200 200",
    ("help", "POST"): "405 405 405 405 405 405 405 405",
    ("help-fees", "GET"): "200 200 200 200 200 200 200 200",
    ("help-fees", "POST"): "405 405 405 405 405 405 405 405",
    ("help-buyer-protection", "GET"): "200 200 200 200 200 200 200 200",
    ("help-buyer-protection", "POST"): "405 405 405 405 405 405 405 405",
    ("help-prohibited", "GET"): "200 200 200 200 200 200 200 200",
    ("help-prohibited", "POST"): "405 405 405 405 405 405 405 405",
    ("terms", "GET"): "200 200 200 200 200 200 200 200",
    ("terms", "POST"): "405 405 405 405 405 405 405 405",
    ("privacy", "GET"): "200 200 200 200 200 200 200 200",
    ("privacy", "POST"): "405 405 405 405 405 405 405 405",
    ("accounts:export-data", "GET"): "302 405 405 405 302 405 405 405",
    ("accounts:export-data", "POST"): "302 200 200 200 302 200 200 200",
    ("accounts:delete", "GET"): "302 200 200 200 302 200 200 200",
    ("accounts:delete", "POST"): "302 400 400 400 302 400 400 400",
    # Moderation: report forms (the seller owns the listing, the buyer wrote
    # the comment and the message) and the thank-you page.
    ("moderation:report-listing", "GET"): "302 302 200 200 302 200 302 200",
    ("moderation:report-listing", "POST"): "302 302 400 400 302 400 302 400",
    ("moderation:report-member", "GET"): "302 302 200 200 302 200 302 200",
    ("moderation:report-member", "POST"): "302 302 400 400 302 400 302 400",
    ("moderation:report-comment", "GET"): "302 302 200 200 302 200 200 302",
    ("moderation:report-comment", "POST"): "302 302 400 400 302 400 400 302",
    ("moderation:report-message", "GET"): "302 302 404 404 302 404 200 302",
    ("moderation:report-message", "POST"): "302 302 404 404 302 404 400 302",
    ("moderation:report-thanks", "GET"): "302 302 200 200 302 200 200 200",
    ("moderation:report-thanks", "POST"): "302 302 405 405 302 405 405 405",
    ("notifications:list", "POST"): "302 405 405 405 302 405 405 405",
    ("notifications:read-all", "POST"): "302 302 302 302 302 302 302 302",
    ("notifications:read", "POST"): "302 404 404 404 302 404 404 302",
    ("notifications:open", "POST"): "302 404 404 404 302 404 404 302",
    ("notifications:email-settings", "POST"): "302 302 302 302 302 302 302 302",
    ("notifications:unsubscribe", "POST"): "200 200 200 200 200 200 200 200",
}
# Reached from a mail client's one-click POST (RFC 8058): no CSRF token; it can
# only turn one kind of email off for the member its signed token names.
# /metrics changes nothing and answers everyone but a scraper the 404 of an
# unknown URL, whatever the method.
CSRF_EXEMPT = {"notifications:unsubscribe", "metrics"}
ROUTES = site_routes()


def test_every_url_pattern_has_a_row():
    names = {route.name for route in ROUTES}
    missing = sorted(
        f"{name} {method}"
        for name in names
        for method in ("GET", "POST")
        if (name, method) not in MATRIX
    )
    stale = sorted(f"{n} {m}" for n, m in MATRIX if n not in names)
    assert not missing, f"add these to MATRIX: {missing}"
    assert not stale, f"these patterns are gone: {stale}"


def _statuses(client, world, url, method) -> str:
    seen = []
    for role in ROLES:
        client.logout()
        if role != "visitor":
            client.force_login(world.users[role])
        seen.append(str(getattr(client, method.lower())(url).status_code))
    return " ".join(seen)


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_role_gets_expected_status(client, db, route):
    rows = {m: MATRIX.get((route.name, m)) for m in ("GET", "POST")}
    if None in rows.values():
        pytest.fail(f"{route.name} has no GET and POST rows in MATRIX")
    world = World()
    url = world.url(route)
    client.raise_request_exception = False
    for method, expected in rows.items():  # GET first: it changes nothing
        got = _statuses(client, world, url, method)
        assert got == expected, (
            f"{method} {url}\n  roles    {' '.join(r[:3] for r in ROLES)}\n"
            f"  expected {expected}\n  got      {got}"
        )


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_post_without_csrf_token_is_refused(route):
    """CSRF is checked before anything else, for everyone: no data needed."""
    path = "/" + route.route
    for name in route.kwargs:
        path = re.sub(rf"<\w+:{name}>", "1", path)
    client = Client(enforce_csrf_checks=True)
    status = client.post(path, {"next": "/"}).status_code
    if route.name in CSRF_EXEMPT:
        assert status not in (403, 500), path
    else:
        assert status == 403, path


ID_ROUTES = [r for r in ROUTES if "<id:" in r.route]


@pytest.mark.parametrize("route", ID_ROUTES, ids=[r.name for r in ID_ROUTES])
@pytest.mark.parametrize("value", ["0", "99999999999999999999", "9" * 400])
def test_out_of_range_ids_are_not_found(admin_client, route, value):
    path = "/" + route.route
    for name in route.kwargs:
        placeholder = f"<{'id' if name != 'username' else 'str'}:{name}>"
        path = path.replace(placeholder, value if "id:" in placeholder else "x")
    admin_client.raise_request_exception = False
    for method in ("get", "post"):
        assert getattr(admin_client, method)(path).status_code == 404, path
