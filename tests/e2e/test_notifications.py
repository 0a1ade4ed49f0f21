"""Notifications in a real browser: the bell's count, the list, mark all read,
and no axe violations on the list and the unsubscribe page."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from notifications.models import Kind, Notification
from notifications.services import notify, unsubscribe_token
from tests.e2e.helpers import axe_violations, log_in
from tests.factories import UserFactory


def test_member_reads_notifications_from_the_bell(new_page, catalogue):
    member = UserFactory()
    for n in range(3):
        notify(
            recipient=member,
            kind=Kind.ORDER_SHIPPED,
            event_key=f"order:{n}:shipped",
            text=f"Your order has shipped: Lamp {n}",
            url="/buying/",
        )
    page = new_page(360)
    log_in(page, member.username)

    bell = page.get_by_role("link", name="Notifications, 3 unread")
    expect(bell).to_contain_text("3")
    bell.click()

    expect(page).to_have_url(re.compile(r"/notifications/$"))
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.get_by_text("New", exact=True)).to_have_count(3)
    assert axe_violations(page) == []

    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(page.get_by_text("New", exact=True)).to_have_count(0)
    assert not Notification.objects.filter(recipient=member, read_at=None).exists()

    page.get_by_role("link", name="Your order has shipped: Lamp 2").click()
    expect(page).to_have_url(re.compile(r"/buying/$"))


def test_unsubscribe_page_has_no_axe_violations(new_page, catalogue):
    member = UserFactory()
    page = new_page(360)
    token = unsubscribe_token(member=member, kind=Kind.PRICE_DROP)
    page.goto(reverse("notifications:unsubscribe", args=[token]))
    expect(page.get_by_role("button", name="Turn off these emails")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Turn off these emails").click()
    expect(page.get_by_role("status")).to_contain_text("no longer get")
    assert axe_violations(page) == []
