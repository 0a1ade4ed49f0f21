"""Staff removal of comments and messages (called by moderation).

Each writes its audit row; removing what is already removed changes nothing.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from conversations.models import Comment, Message
from marketplace.audit import record_staff_action

User = get_user_model()


@transaction.atomic
def remove_comment(*, comment_id: int, staff: User, reason: str) -> Comment:
    """Staff take a comment down: the thread shows a placeholder in its place."""
    comment = Comment.objects.select_for_update().get(pk=comment_id)
    if comment.deleted_at is None:
        comment.deleted_at = timezone.now()
        comment.deleted_by = staff
        comment.save(update_fields=["deleted_at", "deleted_by"])
        record_staff_action(
            actor=staff, action="comment.remove", target=comment, reason=reason
        )
    return comment


@transaction.atomic
def remove_message(*, message_id: int, staff: User, reason: str) -> Message:
    """Staff take a private message down: both sides see a placeholder."""
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.removed_at is None:
        message.removed_at = timezone.now()
        message.save(update_fields=["removed_at"])
        record_staff_action(
            actor=staff, action="message.remove", target=message, reason=reason
        )
    return message
