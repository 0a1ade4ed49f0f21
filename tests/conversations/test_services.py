import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from accounts.services import block_member
from conversations import rules
from conversations.exceptions import ConversationError
from conversations.models import Comment, Message
from conversations.services import (
    ContactDetailsUnconfirmed,
    delete_comment,
    open_conversation,
    post_comment,
)
from notifications.models import Kind, Notification
from tests.factories import (
    ListingFactory,
    UserFactory,
    buy,
    comment,
    conversation,
    message,
)

pytestmark = pytest.mark.django_db


# --- Comments -----------------------------------------------------------------------


def test_question_is_stored_normalised_and_the_seller_is_notified(on_commit):
    listing = ListingFactory()
    asker = UserFactory()
    with on_commit():
        question = post_comment(
            listing=listing, author=asker, text="  Still here?\r\nOK "
        )
    assert question.text == "Still here?\nOK"
    note = Notification.objects.get(recipient=listing.seller)
    assert note.kind == Kind.QUESTION
    assert note.url.endswith(f"#comment-{question.pk}")
    assert [m.to for m in mail.outbox] == [[listing.seller.email]]
    assert "Still here?" in mail.outbox[0].body


def test_answer_notifies_each_earlier_asker_once():
    listing = ListingFactory()
    ann, bob = UserFactory(), UserFactory()
    comment(listing, ann, "First?")
    comment(listing, ann, "Second?")
    comment(listing, bob, "Mine?")
    answer = comment(listing, listing.seller, "Yes to all.")
    later = UserFactory()
    comment(listing, later, "After the answer")
    answers = Notification.objects.filter(kind=Kind.ANSWER)
    assert sorted(n.recipient_id for n in answers) == sorted([ann.pk, bob.pk])
    assert {n.event_key for n in answers} == {f"comment:{answer.pk}:answer"}
    # The seller is not told about their own answer.
    assert not Notification.objects.filter(
        recipient=listing.seller, kind=Kind.ANSWER
    ).exists()


@override_settings(COMMENT_MAX_LENGTH=10)
def test_comment_length_and_text_rule_are_enforced():
    listing = ListingFactory()
    with pytest.raises(ConversationError, match="10 characters"):
        post_comment(listing=listing, author=UserFactory(), text="x" * 11)
    with pytest.raises(ConversationError):
        post_comment(listing=listing, author=UserFactory(), text="\u200b\u2060")
    with pytest.raises(ConversationError):
        post_comment(listing=listing, author=UserFactory(), text="\u202egnp.exe")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("status", ["draft", "paused", "removed", "sold"])
def test_comments_only_while_on_sale(status):
    listing = ListingFactory(status=status)
    with pytest.raises(ConversationError):
        post_comment(listing=listing, author=UserFactory(), text="Hi?")
    with pytest.raises(ConversationError):
        post_comment(listing=listing, author=listing.seller, text="Hi")


def test_comments_close_when_the_item_sells():
    listing = ListingFactory()
    comment(listing, UserFactory())
    buy(listing=listing)
    listing.refresh_from_db()
    assert rules.comment_refusal(listing, UserFactory()) == (
        "Comments are closed: this item has sold."
    )


def test_unverified_and_suspended_members_cannot_comment():
    listing = ListingFactory()
    for member in (UserFactory(unverified=True), UserFactory(is_active=False)):
        with pytest.raises(ConversationError):
            post_comment(listing=listing, author=member, text="Hi?")


@pytest.mark.parametrize("seller_blocks", [True, False])
def test_blocking_stops_comments_both_ways(seller_blocks):
    listing = ListingFactory()
    other = UserFactory()
    other_listing = ListingFactory(seller=other)
    if seller_blocks:
        block_member(blocker=listing.seller, blocked=other)
    else:
        block_member(blocker=other, blocked=listing.seller)
    with pytest.raises(ConversationError, match="cannot comment"):
        post_comment(listing=listing, author=other, text="Hi?")
    with pytest.raises(ConversationError, match="cannot comment"):
        post_comment(listing=other_listing, author=listing.seller, text="Hi?")


def test_seller_deletes_any_comment_author_only_their_own():
    listing = ListingFactory()
    ann, bob = UserFactory(), UserFactory()
    question = comment(listing, ann)
    with pytest.raises(ConversationError):
        delete_comment(comment=question, member=bob)
    deleted = delete_comment(comment=question, member=listing.seller)
    assert deleted.deleted_at is not None and deleted.deleted_by == listing.seller
    own = comment(listing, bob)
    assert delete_comment(comment=own, member=bob).deleted_by == bob
    with pytest.raises(ConversationError):
        delete_comment(comment=own, member=bob)  # already deleted


# --- Messages -----------------------------------------------------------------------


def test_message_notifies_the_other_side_and_marks_the_sender_read(on_commit):
    listing = ListingFactory()
    buyer = UserFactory()
    thread = conversation(listing, buyer)
    with on_commit():
        sent = message(thread, buyer, "Would you ship Monday?")
    thread.refresh_from_db()
    assert thread.member_read_at == thread.last_message_at == sent.created_at
    assert thread.seller_read_at is None
    note = Notification.objects.get(recipient=listing.seller, kind=Kind.MESSAGE)
    assert note.event_key == f"message:{sent.pk}"
    assert mail.outbox[-1].to == [listing.seller.email]
    reply = message(thread, listing.seller, "Yes")
    assert Notification.objects.get(recipient=buyer).event_key == f"message:{reply.pk}"


def test_seller_cannot_message_themselves():
    listing = ListingFactory()
    with pytest.raises(ConversationError, match="your own listing"):
        open_conversation(listing=listing, member=listing.seller)


def test_one_conversation_per_item_and_member():
    listing = ListingFactory()
    buyer = UserFactory()
    assert conversation(listing, buyer) == conversation(listing, buyer)


@pytest.mark.parametrize("status", ["draft", "paused", "removed"])
def test_no_new_conversation_about_hidden_items(status):
    with pytest.raises(ConversationError):
        open_conversation(listing=ListingFactory(status=status), member=UserFactory())


def test_only_its_two_members_write_in_a_conversation():
    thread = conversation()
    with pytest.raises(ConversationError):
        message(thread, UserFactory())


def test_contact_details_need_confirmation_and_are_flagged():
    listing = ListingFactory()
    buyer = UserFactory()
    thread = conversation(listing, buyer)
    with pytest.raises(ContactDetailsUnconfirmed):
        message(thread, buyer, "text me 415-555-0123")
    assert not Message.objects.exists()
    assert not Notification.objects.exists()
    sent = message(thread, buyer, "text me 415-555-0123", confirmed=True)
    assert sent.has_contact_details
    assert not message(thread, buyer, "Is it $25?", confirmed=True).has_contact_details


@override_settings(MESSAGE_MAX_LENGTH=5)
def test_message_length_is_enforced():
    buyer = UserFactory()
    thread = conversation(member=buyer)
    with pytest.raises(ConversationError, match="5 characters"):
        message(thread, buyer, "123456")


@pytest.mark.parametrize("seller_blocks", [True, False])
def test_blocking_stops_messages_both_ways_but_keeps_the_thread(seller_blocks):
    listing = ListingFactory()
    buyer = UserFactory()
    thread = conversation(listing, buyer)
    message(thread, buyer, "Hi")
    if seller_blocks:
        block_member(blocker=listing.seller, blocked=buyer)
    else:
        block_member(blocker=buyer, blocked=listing.seller)
    for sender in (buyer, listing.seller):
        with pytest.raises(ConversationError, match="cannot send messages"):
            message(thread, sender, "Still there?")
    with pytest.raises(ConversationError):
        open_conversation(listing=ListingFactory(seller=buyer), member=listing.seller)
    # The existing thread is still theirs to read.
    assert open_conversation(listing=listing, member=buyer) == thread
    assert rules.thread_actions(thread, buyer).reply is False


def test_no_messages_to_a_suspended_or_deleted_member():
    listing = ListingFactory()
    buyer = UserFactory()
    thread = conversation(listing, buyer)
    buyer.is_active = False
    buyer.save()
    with pytest.raises(ConversationError, match="suspended"):
        message(thread, listing.seller, "Hello?")
    seller = UserFactory(is_active=False)
    with pytest.raises(ConversationError):
        open_conversation(listing=ListingFactory(seller=seller), member=UserFactory())
    gone = UserFactory(deleted_at=timezone.now())
    with pytest.raises(ConversationError, match="deleted"):
        open_conversation(listing=ListingFactory(seller=gone), member=UserFactory())


def test_conversation_continues_after_the_sale():
    listing = ListingFactory()
    buyer = UserFactory()
    thread = conversation(listing, buyer)
    buy(listing=listing, buyer=buyer)
    assert message(thread, listing.seller, "Shipped today").pk


def test_a_burst_of_messages_sends_one_email_until_read(on_commit):
    from conversations.services import mark_read

    listing = ListingFactory()
    buyer = UserFactory()
    thread = conversation(listing, buyer)
    with on_commit():
        for n in range(5):
            message(thread, buyer, f"Message {n}")
    assert Notification.objects.filter(recipient=listing.seller).count() == 5
    assert [m.to for m in mail.outbox] == [[listing.seller.email]]
    thread.refresh_from_db()
    mark_read(conversation=thread, member=listing.seller)
    with on_commit():
        message(thread, buyer, "After reading")
    assert len(mail.outbox) == 2
    with on_commit():
        message(thread, listing.seller, "Answer")
    assert mail.outbox[-1].to == [buyer.email]
