"""Reads: comment threads, inboxes and conversations, in constant queries."""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from conversations import rules
from conversations.forms import MessageForm
from conversations.models import Comment, Conversation, Message
from listings.models import ListingPhoto


def list_comments(*, listing) -> list[Comment]:
    """The item's comments, oldest first, with their authors (one query)."""
    comments = list(
        Comment.objects.filter(listing=listing)
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in comments:
        comment.listing = listing  # the seller check needs no query
    return comments


def _last(field: str):
    return Subquery(
        Message.objects.filter(conversation=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values(field)[:1]
    )


def _photos() -> Prefetch:
    return Prefetch(
        "listing__photos", queryset=ListingPhoto.objects.order_by("position", "id")
    )


def list_conversations(*, member) -> QuerySet[Conversation]:
    """The member's conversations, as buyer-side member or as seller, that have
    messages: unread first, then newest, each with its last message, the
    listing's cover and both members."""
    unread = Case(
        When(
            Q(seller=member)
            & (
                Q(seller_read_at__isnull=True)
                | Q(seller_read_at__lt=F("last_message_at"))
            ),
            then=Value(True),
        ),
        When(
            Q(member=member)
            & (
                Q(member_read_at__isnull=True)
                | Q(member_read_at__lt=F("last_message_at"))
            ),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
    return (
        Conversation.objects.filter(Q(seller=member) | Q(member=member))
        .filter(Exists(Message.objects.filter(conversation=OuterRef("pk"))))
        .select_related("listing", "seller", "member")
        .prefetch_related(_photos())
        .annotate(
            unread=unread,
            last_text=_last("text"),
            last_sender_id=_last("sender_id"),
            last_removed_at=_last("removed_at"),
        )
        .order_by("-unread", "-last_message_at", "-id")
    )


def get_conversation_for_member(*, pk: int, member) -> Conversation:
    """One of the member's own conversations; anyone else's (staff too) is a 404."""
    return get_object_or_404(
        Conversation.objects.filter(Q(seller=member) | Q(member=member))
        .select_related("listing__seller", "seller", "member")
        .prefetch_related(_photos()),
        pk=pk,
    )


def list_messages(*, conversation) -> list[Message]:
    """The thread's messages, oldest first, with their senders (one query)."""
    return list(
        Message.objects.filter(conversation=conversation)
        .select_related("sender")
        .order_by("created_at", "id")
    )


def conversation_for(*, listing, member) -> Conversation | None:
    """`member`'s conversation about `listing`, if there is one."""
    if not member.is_authenticated:
        return None
    return (
        Conversation.objects.filter(listing=listing, member=member)
        .select_related("seller", "member", "listing")
        .first()
    )


@dataclass(frozen=True)
class OrderThread:
    """The buyer's and seller's conversation as the order page shows it."""

    conversation: Conversation | None
    thread: list[Message]
    viewer_id: int
    refusal: str | None  # why the viewer cannot write here now; None: the form
    action: str  # where the form posts
    next: str  # back to the order page
    form: MessageForm


def order_thread(*, listing, buyer, viewer, back: str) -> OrderThread:
    """The (listing, buyer) conversation for an order page viewed by its buyer or
    seller, in a constant number of queries; `back` is the order page's URL."""
    conversation = (
        Conversation.objects.filter(listing=listing, member=buyer)
        .select_related("seller", "member", "listing")
        .first()
    )
    if conversation is not None:
        refusal = rules.message_refusal(conversation, viewer)
        action = reverse("conversations:reply", args=[conversation.pk])
        thread = list_messages(conversation=conversation)
    else:
        thread = []
        action = reverse("conversations:start", args=[listing.pk])
        if viewer.pk == listing.seller_id:
            refusal = _(
                "The buyer has not written yet; you can answer here once they do."
            )
        else:
            refusal = rules.start_refusal(listing, viewer)
    return OrderThread(
        conversation=conversation,
        thread=thread,
        viewer_id=viewer.pk,
        refusal=refusal,
        action=action,
        next=back,
        form=MessageForm(),
    )
