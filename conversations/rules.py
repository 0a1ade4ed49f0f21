"""What a member may do with comments and messages now, and why not.

Services enforce with these functions (raising their message), views and
templates display with them (`comment_actions`, `thread_actions`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.selectors import is_blocked_between


def _account_refusal(member) -> str | None:
    if not member.is_authenticated:
        return _("Log in to take part.")
    if not member.is_active:
        return _("Your account is suspended.")
    if not member.is_verified:
        return _("Verify your email before you write to other members.")
    return None


def comment_refusal(listing, member) -> str | None:
    """Why `member` may not comment on `listing` now, or None.

    A verified, active member; the item on sale (comments close when it sells
    and are not possible on drafts, paused or removed items); the seller's
    account active; neither the member nor the seller has blocked the other.
    The seller may answer on their own item.
    """
    if message := _account_refusal(member):
        return message
    if listing.is_sold:
        return _("Comments are closed: this item has sold.")
    if not listing.is_on_sale:
        return _("Comments are open only while the item is on sale.")
    seller = listing.seller
    if member.pk == seller.pk:
        return None
    if not seller.is_active or seller.is_deleted:
        return _("This seller's account is not active.")
    if is_blocked_between(member, seller):
        return _("You cannot comment on this member's items.")
    return None


def may_delete_comment(comment, member) -> bool:
    """The listing's seller may delete any comment on it, an author their own."""
    return (
        member.is_authenticated
        and comment.deleted_at is None
        and member.pk in (comment.author_id, comment.listing.seller_id)
    )


@dataclass(frozen=True)
class CommentActions:
    """The item page's comment thread, for the viewer."""

    comment: bool  # the form is shown
    refusal: str | None  # why not, for a member ("" for a visitor: log in)
    log_in: bool  # a visitor: "Log in to ask a question"
    is_seller: bool


def comment_actions(listing, member) -> CommentActions:
    refusal = comment_refusal(listing, member)
    return CommentActions(
        comment=refusal is None,
        refusal=refusal if member.is_authenticated else None,
        log_in=not member.is_authenticated and listing.is_on_sale,
        is_seller=member.is_authenticated and member.pk == listing.seller_id,
    )


def _other_refusal(other, member) -> str | None:
    if other.is_deleted:
        return _("This member deleted their account.")
    if not other.is_active:
        return _("This member's account is suspended.")
    if is_blocked_between(member, other):
        return _("You cannot send messages to this member.")
    return None


def start_refusal(listing, member) -> str | None:
    """Why `member` may not open a conversation with `listing`'s seller, or None.

    A verified, active member; not their own item; the item on sale or sold
    (not a draft, paused or removed); the seller active, not deleted, and
    neither has blocked the other.
    """
    if message := _account_refusal(member):
        return message
    if member.pk == listing.seller_id:
        return _("This is your own listing.")
    if not (listing.is_on_sale or listing.is_sold):
        return _("You can message the seller only about an item on sale or sold.")
    return _other_refusal(listing.seller, member)


def other_member(conversation, member):
    """The conversation's other side, as seen by `member`."""
    if member.pk == conversation.seller_id:
        return conversation.member
    return conversation.seller


def message_refusal(conversation, member) -> str | None:
    """Why `member` may not send a message in `conversation` now, or None.

    Only its two members; verified and active; the other side active, not
    deleted, and neither has blocked the other. A thread stays readable
    whatever happens to the listing.
    """
    if message := _account_refusal(member):
        return message
    if member.pk not in (conversation.seller_id, conversation.member_id):
        return _("This is not your conversation.")
    return _other_refusal(other_member(conversation, member), member)


@dataclass(frozen=True)
class ThreadActions:
    reply: bool
    refusal: str | None


def thread_actions(conversation, member) -> ThreadActions:
    refusal = message_refusal(conversation, member)
    return ThreadActions(reply=refusal is None, refusal=refusal)
