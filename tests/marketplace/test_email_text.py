"""Emails are plain text: nothing in them is HTML-escaped, and a subject is one line."""

import pytest
from django.core import mail

from marketplace.emails import render_email
from orders.models import Order
from tests.factories import ListingFactory, UserFactory, add_photos, buy

TITLE = 'Tom\'s <b>lamp</b> & "co"'


@pytest.mark.django_db
def test_subjects_and_bodies_are_not_html_escaped(on_commit):
    listing = ListingFactory(title=TITLE)
    add_photos(listing, 1)
    buyer = UserFactory(display_name="O'Brien & <Sons>")

    with on_commit():
        buy(listing, buyer=buyer)

    confirmation = next(m for m in mail.outbox if m.to == [buyer.email])
    assert confirmation.subject == f"Order confirmed: {TITLE}"
    assert "Hi O'Brien & <Sons>," in confirmation.body
    assert TITLE in confirmation.body
    for message in mail.outbox:
        assert "&#x27;" not in message.subject + message.body
        assert "&amp;" not in message.subject + message.body
        assert "&lt;" not in message.subject + message.body


def test_a_subject_is_always_one_line():
    subject, _ = render_email(
        template="orders/email/order_update",
        context={
            "to": UserFactory.build(),
            "headline": "Your order has shipped",
            "order": Order(title="Lamp\r\nBcc: everyone@example.com", pk=1),
        },
    )

    assert subject == "Your order has shipped: Lamp Bcc: everyone@example.com"
