"""Writes: item comments, conversations and messages (docs/conversations.md)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations import badges, rules
from conversations.contact import has_contact_details
from conversations.exceptions import ConversationError
from conversations.models import Comment, Conversation, Message
from marketplace.text import model_text
from notifications.models import Kind
from notifications.services import notify


class ContactDetailsUnconfirmed(ConversationError):
    """The message holds contact details and the sender has not confirmed."""


def _clean_text(model, text: str, limit: int) -> str:
    text = model_text(model, "text", text, error=ConversationError)
    if not text:
        raise ConversationError(_("Write something first."))
    if len(text) > limit:
        raise ConversationError(
            _("Keep it to %(limit)d characters (it has %(count)d).")
            % {"limit": limit, "count": len(text)}
        )
    return text


# --- Comments -----------------------------------------------------------------------


@transaction.atomic
def post_comment(*, listing, author, text: str) -> Comment:
    """Ask a question on an item, or answer as its seller.

    Raises ConversationError when `rules.comment_refusal` refuses or the text
    breaks the text rule or COMMENT_MAX_LENGTH. The seller hears of each
    question; each earlier asker hears of an answer, once.
    """
    if refusal := rules.comment_refusal(listing, author):
        raise ConversationError(refusal)
    text = _clean_text(Comment, text, settings.COMMENT_MAX_LENGTH)
    comment = Comment.objects.create(listing=listing, author=author, text=text)
    if author.pk == listing.seller_id:
        _notify_answer(comment)
        badges.update_responsive_badge(seller=listing.seller)
    else:
        notify(
            recipient=listing.seller,
            kind=Kind.QUESTION,
            event_key=f"comment:{comment.pk}:question",
            text=_("%(name)s asked about “%(title)s”")
            % {"name": author.name, "title": listing.title},
            url=comment.get_absolute_url(),
            email_template="conversations/email/question",
            email_context={"comment": comment, "listing": listing},
        )
    return comment


def _notify_answer(answer: Comment) -> None:
    listing = answer.listing
    askers = (
        get_user_model()
        .objects.filter(
            comments__listing=listing,
            comments__created_at__lte=answer.created_at,
            comments__deleted_at__isnull=True,
            is_active=True,
        )
        .exclude(pk=listing.seller_id)
        .exclude(blocks_made__blocked=listing.seller_id)
        .exclude(blocks_received__blocker=listing.seller_id)
        .distinct()
    )
    for asker in askers:
        notify(
            recipient=asker,
            kind=Kind.ANSWER,
            event_key=f"comment:{answer.pk}:answer",
            text=_("The seller answered on “%(title)s”") % {"title": listing.title},
            url=answer.get_absolute_url(),
            email_template="conversations/email/answer",
            email_context={"comment": answer, "listing": listing},
        )


@transaction.atomic
def delete_comment(*, comment: Comment, member) -> Comment:
    """The listing's seller deletes any comment on it, an author their own; the
    thread shows a placeholder. Raises ConversationError otherwise."""
    comment = (
        Comment.objects.select_for_update().select_related("listing").get(pk=comment.pk)
    )
    if not rules.may_delete_comment(comment, member):
        raise ConversationError(_("You cannot delete this comment."))
    comment.deleted_at = timezone.now()
    comment.deleted_by = member
    comment.save(update_fields=["deleted_at", "deleted_by"])
    return comment


# --- Conversations and messages ---------------------------------------------------


@transaction.atomic
def open_conversation(*, listing, member) -> Conversation:
    """The conversation between `member` and `listing`'s seller, created on first use.

    Raises ConversationError when `rules.start_refusal` refuses (an existing
    conversation is still returned to its members: it stays readable).
    """
    existing = Conversation.objects.filter(listing=listing, member=member).first()
    if existing is not None:
        return existing
    if refusal := rules.start_refusal(listing, member):
        raise ConversationError(refusal)
    try:
        with transaction.atomic():
            return Conversation.objects.create(
                listing=listing, seller_id=listing.seller_id, member=member
            )
    except IntegrityError:
        # Two first messages at once: the unique (listing, member) keeps one.
        return Conversation.objects.get(listing=listing, member=member)


@transaction.atomic
def send_message(
    *, conversation: Conversation, sender, text: str, confirmed: bool = False
) -> Message:
    """Send a message in a conversation.

    Raises ConversationError when `rules.message_refusal` refuses or the text
    breaks the text rule or MESSAGE_MAX_LENGTH, and ContactDetailsUnconfirmed
    when it holds contact details (`conversations.contact`) and the sender
    has not confirmed; a confirmed one is stored with has_contact_details.
    The recipient is notified of each message, and emailed unless earlier
    messages are still unread for them.
    """
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if refusal := rules.message_refusal(conversation, sender):
        raise ConversationError(refusal)
    text = _clean_text(Message, text, settings.MESSAGE_MAX_LENGTH)
    contact = has_contact_details(text)
    if contact and not confirmed:
        raise ContactDetailsUnconfirmed(
            _("This message holds contact details or a payment link.")
        )
    is_seller = sender.pk == conversation.seller_id
    # A burst of messages sends one email: none while the recipient has not
    # read the ones before (the in-app notification is still one per message).
    recipient_read_at = (
        conversation.member_read_at if is_seller else conversation.seller_read_at
    )
    already_unread = (
        recipient_read_at is None or recipient_read_at < conversation.last_message_at
    ) and conversation.messages.exists()
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        sender=sender,
        text=text,
        created_at=now,
        has_contact_details=contact,
    )
    # The sender has read their own thread up to now; the other side has not.
    conversation.last_message_at = now
    if is_seller:
        conversation.seller_read_at = now
    else:
        conversation.member_read_at = now
    conversation.save(
        update_fields=["last_message_at", "seller_read_at", "member_read_at"]
    )
    recipient = rules.other_member(conversation, sender)
    notify(
        recipient=recipient,
        kind=Kind.MESSAGE,
        event_key=f"message:{message.pk}",
        text=_("New message from %(name)s about “%(title)s”")
        % {"name": sender.name, "title": conversation.listing.title},
        url=message.get_absolute_url(),
        email_template=None if already_unread else "conversations/email/message",
        email_context={"message": message, "conversation": conversation},
    )
    if is_seller:
        badges.update_responsive_badge(seller=sender)
    return message


def mark_read(*, conversation: Conversation, member) -> None:
    """The member has seen the thread up to now (one UPDATE, no lock needed)."""
    field = (
        "seller_read_at" if member.pk == conversation.seller_id else "member_read_at"
    )
    now = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(**{field: now})
    setattr(conversation, field, now)
