class ConversationError(Exception):
    """A comment or message refused; the message is safe to show."""
