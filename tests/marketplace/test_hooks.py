"""The hook registry and the hooks every lower app declares."""

import pytest

from accounts import hooks as account_hooks
from listings import hooks as listing_hooks
from marketplace.hooks import Hook, merged


def test_receivers_run_in_registration_order_and_results_come_back():
    hook = Hook("test.order", "A hook for this test.")
    calls = []
    hook.register(lambda *, n: calls.append(("first", n)) or 1)
    hook.register(lambda *, n: calls.append(("second", n)) or 2)

    assert hook.call(n=7) == [1, 2]
    assert calls == [("first", 7), ("second", 7)]


def test_registering_a_receiver_again_changes_nothing():
    hook = Hook("test.again", "A hook for this test.")

    def receiver():
        return "once"

    hook.register(receiver)
    hook.register(receiver)

    assert hook.call() == ["once"]


def test_a_receivers_error_reaches_the_caller_and_stops_the_rest():
    hook = Hook("test.error", "A hook for this test.")
    later = []

    def fails():
        raise RuntimeError("refused")

    hook.register(fails)
    hook.register(lambda: later.append("ran"))

    with pytest.raises(RuntimeError, match="refused"):
        hook.call()
    assert later == []


def test_no_receiver_means_no_results():
    assert Hook("test.empty", "A hook for this test.").call(x=1) == []


def test_page_context_parts_merge_in_order():
    assert merged([{"a": 1, "b": 1}, {"b": 2}]) == {"a": 1, "b": 2}


HOOKS = {
    account_hooks.member_blocked: ["orders"],
    account_hooks.member_suspended: ["orders"],
    account_hooks.profile_page_context: ["listings", "orders"],
    account_hooks.settings_page_context: ["notifications"],
    account_hooks.member_data: [
        "notifications",
        "listings",
        "conversations",
        "discovery",
        "orders",
    ],
    account_hooks.deletion_refusal: ["orders"],
    account_hooks.member_deleted: ["notifications", "listings", "discovery", "orders"],
    listing_hooks.price_lowered: ["discovery", "orders"],
    listing_hooks.listing_withdrawn: ["orders"],
    listing_hooks.listing_has_trades: ["orders"],
    listing_hooks.completed_sales: ["orders"],
    # orders answers twice: offers, and the seller card's reputation.
    listing_hooks.item_page_context: ["conversations", "discovery", "orders", "orders"],
    listing_hooks.selling_page_context: ["orders"],
}


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: hook.name)
def test_each_hook_is_answered_by_the_apps_above_in_app_order(hook):
    """The apps register in AppConfig.ready(), in INSTALLED_APPS order."""
    apps = [receiver.__module__.split(".")[0] for receiver in hook.receivers]
    assert apps == HOOKS[hook]
    assert hook.__doc__.strip()


def test_every_declared_hook_is_listed_above():
    """A new hook gets its row in HOOKS (and in docs/architecture.md)."""
    declared = {
        value
        for module in (account_hooks, listing_hooks)
        for value in vars(module).values()
        if isinstance(value, Hook)
    }
    assert declared == set(HOOKS)
