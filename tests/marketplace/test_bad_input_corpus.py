"""Hostile input on every form field and query parameter of every URL.

The forms are found by crawling every page of the site as each role (so a new
form is covered without anyone listing it); the URLs come from the URLconf.
Each field, in turn, gets every payload while the other fields keep good
values. Nothing may answer 5xx, echo markup unescaped, or drop what the member
typed in the other fields when the form comes back with an error.
"""

from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.factories import GOOD_CARD
from tests.marketplace.urlconf import World, site_routes

MARKUP = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")
PAYLOADS = [
    "x" * 5000,
    "a\x00b",
    b"\xff\xfe\xfd",  # invalid UTF-8
    "\u202egnp.exe",
    "\u200b\u200d\u2060",
    "line\r\nBcc: victim@example.com",
    MARKUP,
    ATTRIBUTE,
    "1); DROP TABLE listings_listing; --",
    "-1",
    "99999999999999999999999",
    "1.5",
    "NaN",
    "Infinity",
    "0",
    "999999999",
    "//evil.example/",
    "javascript:alert(1)",
    "\U0001f642" * 40,
]
QUERY_PARAMS = [
    "q",
    "category",
    "brand",
    "condition",
    "min_price",
    "max_price",
    "shipping",
    "status",
    "sort",
    "cursor",
    "page",
    "next",
    "tab",
    "photo",
]
# Good values for the fields, so that only the field under test is bad.
GOOD = {
    "title": "Brass desk lamp",
    "description": "Works well.",
    "price": "25",
    "ships_from_zip": "94107",
    "zip_code": "94107",
    "full_name": "Ada Lovelace",
    "line1": "1 Main St",
    "city": "Springfield",
    "state": "CA",
    "card_number": GOOD_CARD,
    "expiry": "12/30",
    "cvc": "123",
    "amount": "20",
    "counter": "22",
    "carrier": "usps",
    "tracking_number": "9400111",
    "stars": "5",
    "routing_number": "011000015",
    "account_number": "000123456789",
    "password": "correct-horse-battery-staple",
    "email": "new@example.com",
    "username": "newmember",
}
# Typed values the member must get back when their form is refused.
SECRET_FIELDS = {
    "password",
    "password1",
    "password2",
    "old_password",
    "new_password1",
    "new_password2",
    "card_number",
    "cvc",
    "account_number",
    "csrfmiddlewaretoken",
}
CRAWL_ROLES = ("visitor", "seller", "buyer", "staff")


class _Forms(HTMLParser):
    """Every <form> of a page: action, method, enctype and its fields' values."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "multipart": "multipart" in (attrs.get("enctype") or ""),
                "fields": {},
                "types": {},
            }
            self.forms.append(self._form)
        elif self._form is None or "name" not in attrs:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].setdefault(attrs["name"], None)
                self._form["types"][attrs["name"]] = kind
                return
            self._form["fields"][attrs["name"]] = attrs.get("value") or ""
            self._form["types"][attrs["name"]] = kind
        elif tag == "select":
            self._select = attrs["name"]
            self._form["fields"].setdefault(self._select, "")
            self._form["types"][self._select] = "select"
        elif tag == "option" and self._select:
            if "selected" in attrs or not self._form["fields"][self._select]:
                self._form["fields"][self._select] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form["fields"][self._textarea] = ""
            self._form["types"][self._textarea] = "textarea"

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data


def page_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def _login(client, world, role):
    # A view's exception must come back as the 500 a member would see.
    client.raise_request_exception = False
    client.logout()
    if role != "visitor":
        client.force_login(world.users[role])


def _isolated(client, world, role, send):
    """Send one request in a savepoint that is rolled back, with fresh counters."""
    cache.clear()
    _login(client, world, role)
    point = transaction.savepoint()
    try:
        return send()
    finally:
        transaction.savepoint_rollback(point)


def _assert_safe(response, where):
    assert response.status_code < 500, f"{where}: {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode("utf-8", "replace")
        for marker in RAW_MARKERS:
            assert marker not in body, f"{where}: {marker!r} echoed unescaped"


def _crawl(client, world):
    """{(action path, method): (role, form)} for every form any role is shown."""
    found = {}
    for role in CRAWL_ROLES:
        _login(client, world, role)
        for url in [world.url(route) for route in site_routes()] + world.more_pages():
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get(
                "Content-Type", ""
            ):
                continue
            for form in page_forms(response.content.decode()):
                path = urlsplit(form["action"]).path or url
                found.setdefault((path, form["method"]), (role, form))
    return found


def _encode(fields: dict) -> bytes:
    pairs = [(k, v) for k, v in fields.items() if v is not None]
    return urlencode(pairs).encode()


def _good(form: dict) -> dict:
    fields = dict(form["fields"])
    for name in fields:
        if name in GOOD and form["types"].get(name) not in ("hidden", "select"):
            fields[name] = GOOD[name]
    return fields


def _kept(response, form, sent, field, where):
    """A refused form comes back with the other typed values still in it."""
    if getattr(response, "redirect_chain", None) or response.status_code == 302:
        return  # accepted: the page after it shows a fresh form
    if response.status_code not in (200, 400) or "html" not in response.get(
        "Content-Type", ""
    ):
        return
    again = [
        f
        for f in page_forms(response.content.decode())
        if f["action"] == form["action"]
    ]
    if not again:
        return
    for name, value in sent.items():
        if (
            name == field
            or name in SECRET_FIELDS
            or not isinstance(value, str)
            or not value
            or form["types"].get(name) not in ("text", "email", "number", "textarea")
        ):
            continue
        back = again[0]["fields"].get(name)
        if back is not None:
            assert back.strip() == value.strip(), f"{where}: {name} not kept"


ROUTES = site_routes()


# Pages that read many parameters get each one alone; the rest get every
# parameter at once.
SEARCH_LIKE = {"home", "listings:search", "listings:category", "accounts:profile"}


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_query_parameters_never_break_a_page(client, db, route):
    world = World()
    url = world.url(route)
    cases = [("visitor", QUERY_PARAMS), ("buyer", QUERY_PARAMS)]
    if route.name in SEARCH_LIKE:
        cases += [("visitor", [param]) for param in QUERY_PARAMS]
    for role, params in cases:
        for payload in PAYLOADS:
            query = urlencode([(p, payload) for p in params])
            response = _isolated(
                client, world, role, lambda q=query: client.get(f"{url}?{q}")
            )
            _assert_safe(response, f"{role} GET {url}?{query[:80]}")


@pytest.mark.django_db
def test_every_form_field_survives_every_payload(client):
    world = World()
    forms = _crawl(client, world)
    assert len(forms) >= 20, sorted(forms)
    failures = []
    for (path, method), (role, form) in sorted(forms.items()):
        if method != "post":
            continue
        good = _good(form)
        for field in good:
            if form["types"].get(field) in ("file", "hidden") and field != "next":
                continue
            for payload in PAYLOADS:
                if form["multipart"] and isinstance(payload, bytes):
                    continue
                sent = {**good, field: payload}
                where = f"{role} POST {path} {field}={payload[:30]!r}"

                # Markup is followed to the page the action leads to, where a
                # stored value would be shown.
                follow = payload in (MARKUP, ATTRIBUTE)

                def send(sent=sent, form=form, path=path, follow=follow):
                    if form["multipart"]:
                        data = {k: v for k, v in sent.items() if v is not None}
                        return client.post(path, data, follow=follow)
                    return client.post(
                        path,
                        _encode(sent),
                        content_type="application/x-www-form-urlencoded",
                        follow=follow,
                    )

                try:
                    response = _isolated(client, world, role, send)
                    _assert_safe(response, where)
                    _kept(response, form, sent, field, where)
                except AssertionError as error:
                    failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures[:60]) + f"\n({len(failures)} in all)"
