"""Extension points of accounts, for the apps built on it.

Receivers are registered in the higher app's `AppConfig.ready()`, in
INSTALLED_APPS order; docs/architecture.md lists who registers what.
"""

from marketplace.hooks import Hook

member_blocked = Hook(
    "accounts.member_blocked",
    """A member blocked another (`accounts.services.block_member`), also again.

    Called as `receiver(blocker=, blocked=)` inside the block's transaction,
    after the Block row exists. Receivers do their database work there and
    send emails or gateway calls after commit; an exception rolls the block
    back. The return value is ignored.
    """,
)

profile_page_context = Hook(
    "accounts.profile_page_context",
    """A member's public profile `/u/<username>/` (`accounts.views.profile`)
    is being rendered.

    Called as `receiver(request=, member=)`, outside any transaction.
    Receivers only read and return a dict of template variables for their
    part of the page (the member's listings, their reputation).
    """,
)

settings_page_context = Hook(
    "accounts.settings_page_context",
    """The member's account settings `/accounts/settings/`
    (`accounts.views.account_settings`) is being rendered.

    Called as `receiver(request=)`, outside any transaction, for a logged-in
    member. Receivers only read and return a dict of template variables for
    their section of the page (notifications: `email_preferences_form`).
    """,
)
