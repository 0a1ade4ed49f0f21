import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.services import block_member
from conversations.models import Comment, Conversation, Message
from tests.factories import (
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    comment,
    conversation,
    message,
)

pytestmark = pytest.mark.django_db


def _comment_url(listing):
    return reverse("conversations:comment", args=[listing.pk])


# --- Comments -----------------------------------------------------------------------


def test_question_posts_and_redirects_to_its_anchor(member_client, member):
    listing = ListingFactory()
    response = member_client.post(_comment_url(listing), {"text": "Works?"})
    question = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{listing.get_absolute_url()}#comment-{question.pk}"
    assert question.author == member


def test_thread_is_escaped_keeps_lines_and_links_are_not_clickable(client):
    listing = ListingFactory()
    comment(listing, text="<script>x</script>\nsee https://example.com/a")
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;<br>see https://example.com/a" in page
    assert 'href="https://example.com/a"' not in page
    assert "Log in to ask a question" in page


def test_htmx_post_returns_the_thread_partial(member_client):
    listing = ListingFactory()
    response = member_client.post(
        _comment_url(listing), {"text": "In place?"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="comments"')
    assert "In place?" in body and "<html" not in body


def test_refused_comment_comes_back_with_the_text(member_client):
    listing = ListingFactory()
    with override_settings(COMMENT_MAX_LENGTH=5):
        response = member_client.post(_comment_url(listing), {"text": "too long"})
    assert response.status_code == 400
    assert "too long" in response.content.decode()
    assert not Comment.objects.exists()


def test_sold_item_shows_comments_closed(member_client):
    listing = ListingFactory()
    comment(listing)
    buy(listing=listing)
    page = member_client.get(listing.get_absolute_url()).content.decode()
    assert "Comments are closed" in page
    assert 'class="comment-form"' not in page
    response = member_client.post(_comment_url(listing), {"text": "Still?"})
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_seller_deletes_a_comment_and_a_placeholder_shows(client):
    listing = ListingFactory()
    question = comment(listing, text="Rude words")
    client.force_login(listing.seller)
    url = reverse("conversations:comment-delete", args=[question.pk])
    assert client.post(url).status_code == 302
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "Rude words" not in page and "This comment was deleted." in page


def test_others_cannot_delete_a_comment(member_client):
    question = comment()
    url = reverse("conversations:comment-delete", args=[question.pk])
    assert member_client.post(url).status_code == 404
    assert Comment.objects.get().deleted_at is None


def test_deleted_member_shows_as_deleted_member(client):
    listing = ListingFactory()
    author = UserFactory(display_name="Somebody Real")
    comment(listing, author, "Hi?")
    author.deleted_at = timezone.now()
    author.save()
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "deleted member" in page and "Somebody Real" not in page


def test_item_page_queries_stay_constant(client, django_assert_max_num_queries):
    listing = ListingFactory()
    add_photos(listing)
    viewer = UserFactory()
    client.force_login(viewer)
    comment(listing, UserFactory())
    client.get(listing.get_absolute_url())  # warm caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(listing.get_absolute_url())
    for _ in range(19):
        comment(listing, UserFactory())
    with django_assert_max_num_queries(len(one)):
        response = client.get(listing.get_absolute_url())
    assert response.content.decode().count('class="comment"') == 20


@override_settings(
    RATE_LIMITS={
        **__import__("django.conf").conf.settings.RATE_LIMITS,
        "comment-member": "2/h",
    }
)
def test_comments_are_rate_limited(member_client):
    listing = ListingFactory()
    for _ in range(2):
        assert (
            member_client.post(_comment_url(listing), {"text": "Q?"}).status_code == 302
        )
    assert member_client.post(_comment_url(listing), {"text": "Q?"}).status_code == 429


# --- Messages -----------------------------------------------------------------------


def test_message_seller_opens_a_conversation(member_client, member):
    listing = ListingFactory()
    start = reverse("conversations:start", args=[listing.pk])
    assert (
        "Message seller"
        in member_client.get(listing.get_absolute_url()).content.decode()
    )
    assert member_client.get(start).status_code == 200
    response = member_client.post(start, {"text": "Hi, any scratches?"})
    thread = Conversation.objects.get()
    sent = Message.objects.get()
    assert response.status_code == 302
    assert response.url == f"{thread.get_absolute_url()}#message-{sent.pk}"
    assert (thread.listing, thread.member, thread.seller) == (
        listing,
        member,
        listing.seller,
    )
    # Next time the same link opens the conversation.
    assert member_client.get(start).url == thread.get_absolute_url()


def test_contact_details_show_a_warning_and_need_confirming(member_client):
    listing = ListingFactory()
    start = reverse("conversations:start", args=[listing.pk])
    text = "Venmo me: venmo.com/u/ann"
    response = member_client.post(start, {"text": text})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pay only through Nomi" in body and "a payment link or app" in body
    assert 'name="confirm" value="True"' in body
    assert not Message.objects.exists()
    response = member_client.post(start, {"text": text, "confirm": "True"})
    assert response.status_code == 302
    sent = Message.objects.get()
    assert sent.has_contact_details
    # The recipient sees the safety note; the sender does not need it.
    thread_url = sent.conversation.get_absolute_url()
    assert "Safety note" not in member_client.get(thread_url).content.decode()
    member_client.force_login(listing.seller)
    assert "Safety note" in member_client.get(thread_url).content.decode()


def test_thread_is_404_for_anyone_else_including_staff(client, staff):
    thread = conversation()
    message(thread, thread.member)
    url = thread.get_absolute_url()
    for outsider in (UserFactory(), staff):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        reply = reverse("conversations:reply", args=[thread.pk])
        assert client.post(reply, {"text": "x"}).status_code == 404


def test_opening_a_thread_marks_it_read(client):
    thread = conversation()
    message(thread, thread.member, "Hi")
    client.force_login(thread.seller)
    inbox = client.get(reverse("conversations:inbox")).content.decode()
    assert "inbox-unread" in inbox
    assert client.get(thread.get_absolute_url()).status_code == 200
    thread.refresh_from_db()
    assert thread.seller_read_at >= thread.last_message_at
    assert (
        "inbox-unread"
        not in client.get(reverse("conversations:inbox")).content.decode()
    )


def test_reply_redirects_to_next_when_it_is_a_site_path(client):
    thread = conversation()
    message(thread, thread.member, "Hi")
    client.force_login(thread.seller)
    reply = reverse("conversations:reply", args=[thread.pk])
    response = client.post(reply, {"text": "Hello", "next": "/orders/1/"})
    assert response.url.startswith("/orders/1/#message-")
    response = client.post(reply, {"text": "Hello", "next": "//evil.example/"})
    assert response.url.startswith(thread.get_absolute_url())


def test_blocked_thread_is_readable_but_the_form_is_a_note(client):
    thread = conversation()
    message(thread, thread.member, "Hi")
    block_member(blocker=thread.seller, blocked=thread.member)
    client.force_login(thread.member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Hi" in page
    assert "You cannot send messages to this member." in page
    assert 'class="message-form"' not in page


def test_inbox_lists_unread_first_with_last_message(client):
    me = UserFactory()
    old = conversation(member=me)
    message(old, me, "Old question")
    message(old, old.seller, "Unread answer")
    newer = conversation(member=me)
    message(newer, me, "Newer, read")
    client.force_login(me)
    body = client.get(reverse("conversations:inbox")).content.decode()
    assert body.index("Unread answer") < body.index("Newer, read")
    assert "You: Newer, read" in body


def test_inbox_queries_stay_constant(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    me = UserFactory()
    first = conversation(ListingFactory(), me)
    add_photos(first.listing)
    message(first, me)
    client.force_login(me)
    client.get(reverse("conversations:inbox"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("conversations:inbox"))
    for _ in range(19):
        other = conversation(ListingFactory(), me)
        add_photos(other.listing)
        message(other, other.seller)
    with django_assert_max_num_queries(len(one)):
        response = client.get(reverse("conversations:inbox"))
    assert response.content.decode().count('class="inbox-row') == 20


def test_thread_queries_stay_constant(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread = conversation()
    message(thread, thread.member)
    client.force_login(thread.member)
    client.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(thread.get_absolute_url())
    for n in range(19):
        message(thread, thread.seller if n % 2 else thread.member)
    with django_assert_max_num_queries(len(one)):
        response = client.get(thread.get_absolute_url())
    assert response.content.decode().count('class="message-item') == 20


def test_order_page_shows_the_thread_and_a_reply_form(client):
    listing = ListingFactory()
    buyer = UserFactory()
    thread = conversation(listing, buyer)
    message(thread, buyer, "Before the sale")
    order = buy(listing=listing, buyer=buyer)
    client.force_login(listing.seller)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Before the sale" in page
    reply = reverse("conversations:reply", args=[thread.pk])
    assert f'action="{reply}"' in page
    response = client.post(
        reply, {"text": "Shipping today", "next": order.get_absolute_url()}
    )
    assert response.url.startswith(order.get_absolute_url() + "#message-")
    assert "Shipping today" in client.get(order.get_absolute_url()).content.decode()


def test_buyer_starts_the_conversation_from_the_order_page(client):
    listing = ListingFactory()
    buyer = UserFactory()
    order = buy(listing=listing, buyer=buyer)
    client.force_login(buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    start = reverse("conversations:start", args=[listing.pk])
    assert f'action="{start}"' in page
    response = client.post(
        start, {"text": "When will it ship?", "next": order.get_absolute_url()}
    )
    assert response.url.startswith(order.get_absolute_url())
    assert Conversation.objects.get().member == buyer


def test_order_page_queries_stay_constant(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    listing = ListingFactory()
    buyer = UserFactory()
    thread = conversation(listing, buyer)
    message(thread, buyer)
    order = buy(listing=listing, buyer=buyer)
    client.force_login(buyer)
    client.get(order.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(order.get_absolute_url())
    for _ in range(19):
        message(thread, listing.seller)
    with django_assert_max_num_queries(len(one)):
        client.get(order.get_absolute_url())


def test_seller_answers_through_the_form_and_the_asker_is_notified(client):
    from notifications.models import Kind, Notification

    listing = ListingFactory()
    asker = UserFactory()
    comment(listing, asker, "Any scratches?")
    client.force_login(listing.seller)
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "Your answer" in page
    response = client.post(_comment_url(listing), {"text": "None at all."})
    assert response.status_code == 302
    assert Notification.objects.get(recipient=asker).kind == Kind.ANSWER


def test_thread_with_a_deleted_member_hides_their_name(client):
    buyer = UserFactory(display_name="Gone Person")
    thread = conversation(member=buyer)
    message(thread, buyer, "Hi")
    buyer.deleted_at = timezone.now()
    buyer.save()
    client.force_login(thread.seller)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Gone Person" not in page
    assert "deleted member" in page
    assert "This member deleted their account." in page


def test_htmx_refusal_comes_back_as_a_swappable_partial(member_client):
    listing = ListingFactory()
    with override_settings(COMMENT_MAX_LENGTH=5):
        response = member_client.post(
            _comment_url(listing), {"text": "too long"}, HTTP_HX_REQUEST="true"
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section id="comments"') and "too long" in body
    assert "Keep it to 5 characters" in body
    assert not Comment.objects.exists()
