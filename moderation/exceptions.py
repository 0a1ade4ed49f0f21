class ReportError(Exception):
    """A refused report or staff action; the message is safe to show."""
