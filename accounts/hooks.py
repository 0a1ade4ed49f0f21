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

# --- Trust: account data export and deletion ------------------------------------

member_data = Hook(
    "accounts.member_data",
    """A member downloads their data (`accounts.selectors.member_data`).

    Called as `receiver(member=)`, outside any transaction. Receivers only
    read and return a dict of JSON-ready sections ({"listings": [...]}) with
    the member's own records: what they wrote, own or were party to, never
    other members' private data (a counterparty appears by username; an
    address only as printed on the member's own order). The dicts are merged.
    """,
)

deletion_refusal = Hook(
    "accounts.deletion_refusal",
    """Why a member may not delete their account now (`accounts.services.
    delete_account` and the confirm page), or None.

    Called as `receiver(member=)`, inside the deletion's transaction (which
    holds the member's row lock) or outside one for the page. Receivers only
    read and return a message safe to show, or None; any message refuses.
    """,
)

member_deleted = Hook(
    "accounts.member_deleted",
    """A member is deleting their account (`accounts.services.delete_account`).

    Called as `receiver(member=)` inside the deletion's transaction, which
    holds the member's row lock and runs before their personal data is
    erased (the member is already marked deleted: `notify()` tells them
    nothing more). Receivers remove or anonymise their own records of the member
    (listings withdrawn, offers closed, likes and notifications deleted) and
    keep what other members or the ledger need; emails and gateway calls go
    after commit. An exception rolls the deletion back.
    """,
)

member_suspended = Hook(
    "accounts.member_suspended",
    """Staff suspended a member (`accounts.services.suspend_member`).

    Called as `receiver(member=)` inside the suspension's transaction, which
    holds the member's row lock and has saved `is_active=False`. Receivers do
    their database work there (orders declines the member's open offers and
    those on their listings) and send emails or gateway calls after commit;
    an exception rolls the suspension back. The return value is ignored.
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
