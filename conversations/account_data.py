"""What conversations answers for a member's data download.

Registered in `ConversationsConfig.ready()`. On deletion nothing is removed
here: a deleted member's comments and messages stay in their threads, shown
as from "deleted member" (`User.is_deleted`, `User.name`).
"""

from accounts import hooks as account_hooks
from accounts.selectors import iso
from conversations.models import Comment, Message


def member_conversations_data(*, member) -> dict:
    """The comments and messages the member wrote (not what others wrote)."""
    return {
        "comments": [
            {
                "listing_id": comment.listing_id,
                "text": comment.text,
                "posted_at": iso(comment.created_at),
                "deleted_at": iso(comment.deleted_at),
            }
            for comment in Comment.objects.filter(author=member).order_by(
                "created_at", "id"
            )
        ],
        "messages": [
            {
                "conversation_id": message.conversation_id,
                "listing_id": message.conversation.listing_id,
                "text": message.text,
                "sent_at": iso(message.created_at),
                "removed_at": iso(message.removed_at),
            }
            for message in Message.objects.filter(sender=member)
            .select_related("conversation")
            .order_by("created_at", "id")
        ],
    }


def register() -> None:
    account_hooks.member_data.register(member_conversations_data)
