"""What notifications does when a lower app's hook fires.

Registered in `NotificationsConfig.ready()`; docs/architecture.md lists every hook.
"""

from accounts import hooks as account_hooks
from notifications import selectors
from notifications.forms import EmailPreferencesForm


def settings_email_preferences(*, request) -> dict:
    """Account settings show the member's email choices, one box per kind."""
    return {
        "email_preferences_form": EmailPreferencesForm(
            preferences=selectors.email_preferences(member=request.user)
        )
    }


def register() -> None:
    account_hooks.settings_page_context.register(settings_email_preferences)
