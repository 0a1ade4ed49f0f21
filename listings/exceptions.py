class ListingError(Exception):
    """A refused listing action; the message is safe to show to the member."""
