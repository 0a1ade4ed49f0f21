"""What conversations does when a lower app's hook fires.

Registered in `ConversationsConfig.ready()`; docs/architecture.md lists every hook.
"""

from conversations.views import comment_section
from listings import hooks as listing_hooks


def item_page_conversations(*, request, listing, actions) -> dict:
    """The item page's questions thread, its form and "Message seller"."""
    return {"talk": comment_section(request, listing)}


def register() -> None:
    listing_hooks.item_page_context.register(item_page_conversations)
