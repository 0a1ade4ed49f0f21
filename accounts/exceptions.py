class AccountError(Exception):
    """A refused account action; the message is safe to show to the member."""
