"""Questions and private messages in a real browser, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from conversations.models import Comment, Conversation
from notifications.models import Kind, Notification
from tests.e2e.helpers import axe_violations, field, log_in
from tests.factories import (
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    comment,
    conversation,
    message,
)


@pytest.fixture
def item(catalogue):
    listing = ListingFactory(title="Brass desk lamp", description="Please ask first.")
    add_photos(listing)
    return listing


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_ask_a_question_and_the_seller_answers(new_page, item, javascript):
    asker = UserFactory(display_name="Ann Asker")
    page = new_page(1280, javascript=javascript)
    log_in(page, asker.username)
    page.goto(item.get_absolute_url())
    field(page, "Your question").fill("Does the switch work?\nAnd the cord?")
    page.get_by_role("button", name="Ask a question").click()
    thread = page.locator("#comments")
    expect(thread.locator(".comment-text")).to_have_text(
        re.compile(r"Does the switch work\?\s*And the cord\?")
    )
    if javascript:  # swapped in place by htmx
        expect(page).to_have_url(re.compile(re.escape(item.get_absolute_url()) + "$"))
    else:
        expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    question = Comment.objects.get()
    assert Notification.objects.filter(
        recipient=item.seller, kind=Kind.QUESTION
    ).exists()

    seller_page = new_page(1280, javascript=javascript)
    log_in(seller_page, item.seller.username)
    seller_page.goto(item.get_absolute_url())
    field(seller_page, "Your answer").fill("Both work fine.")
    seller_page.get_by_role("button", name="Answer").click()
    answers = seller_page.locator("#comments .comment-seller .comment-text")
    expect(answers).to_have_text("Both work fine.")
    assert Notification.objects.get(recipient=asker, kind=Kind.ANSWER)

    # The seller deletes the question: a placeholder takes its place.
    seller_page.goto(item.get_absolute_url())
    seller_page.locator(f"#comment-{question.pk}").get_by_role(
        "button", name=re.compile("Delete")
    ).click()
    expect(seller_page.locator(f"#comment-{question.pk}")).to_contain_text(
        "This comment was deleted."
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_message_thread_from_the_item_to_the_order(new_page, item, javascript):
    buyer = UserFactory()
    page = new_page(1280, javascript=javascript)
    log_in(page, buyer.username)
    page.goto(item.get_absolute_url())
    page.get_by_role("link", name="Message seller").click()
    field(page, "Message").fill("Could you send it by Friday? Call 415-555-0123")
    page.get_by_role("button", name="Send").click()
    # Contact details: the warning first, sent only once confirmed.
    expect(page.get_by_role("heading", name="Pay only through Nomi")).to_be_visible()
    field(page, "Message").fill("Could you send it by Friday?")
    page.get_by_role("button", name="Send anyway").click()
    expect(page.locator(".message-list")).to_contain_text(
        "Could you send it by Friday?"
    )
    thread = Conversation.objects.get()

    seller_page = new_page(1280, javascript=javascript)
    log_in(seller_page, item.seller.username)
    seller_page.goto("/messages/")
    seller_page.get_by_role("link", name=re.compile("Brass desk lamp")).click()
    field(seller_page, "Message").fill("Yes, Friday works.")
    seller_page.get_by_role("button", name="Send").click()
    expect(seller_page.locator(".message-list")).to_contain_text("Yes, Friday works.")

    order = buy(listing=item, buyer=buyer)
    page.goto(order.get_absolute_url())
    messages = page.locator(".order-messages")
    expect(messages).to_contain_text("Yes, Friday works.")
    field(messages, "Message").fill("Paid, thanks!")
    messages.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(rf"/orders/{order.pk}/#message-\d+$"))
    expect(page.locator(".order-messages")).to_contain_text("Paid, thanks!")
    assert thread.messages.count() == 3


@pytest.mark.parametrize("width", [360, 1280])
def test_conversation_pages_have_no_axe_violations(new_page, item, width):
    member = UserFactory()
    comment(item, member, "Is the shade glass?")
    comment(item, item.seller, "Yes, frosted glass.")
    thread = conversation(item, member)
    message(thread, member, "Hello")
    message(thread, item.seller, "pay me at paypal.me/seller", confirmed=True)
    page = new_page(width)
    log_in(page, member.username)
    for path in [
        "/messages/",
        thread.get_absolute_url(),
        item.get_absolute_url(),
        f"/items/{ListingFactory().pk}/message/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
    page.goto(thread.get_absolute_url())
    field(page, "Message").fill("my email is me@example.com")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("button", name="Send anyway")).to_be_visible()
    assert axe_violations(page) == [], "contact details warning"
