class DiscoveryError(Exception):
    """A refused like or saved-search action; the message is safe to show."""
