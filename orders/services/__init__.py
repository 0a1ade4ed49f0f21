"""Writes for buying, one module per part of the trade.

- core: what the buyer gives, the quote, who may buy, events and emails
- settlement: gateway calls (authorize, void) and balance debits
- sale: claiming the item, opening, capturing and refunding the order,
  closing the offers a sale, withdrawal, price cut or block ends
- checkout, offers, offer_answers, transitions, deadlines, payouts, ratings: the actions

Money rule: no database lock is held while the payment gateway is called.
A purchase authorizes first, claims the item in a short transaction (one
conditional UPDATE of the listing's status, with the order's unique
`live_listing_id` as the backstop), then captures, or voids if the claim
failed. Every gateway call has a key derived from the object it belongs to,
so a retry (a resubmitted form, process_deadlines) repeats nothing.

Callers import from `orders.services`; the names below are the public API.
"""

from orders.rules import (
    BUYER_ANSWERS,
    ROLE_REFUSALS,
    SELLER_ANSWERS,
)
from orders.services.checkout import (
    purchase_listing,
)
from orders.services.core import (
    DECLINE_MESSAGES,
    ORDER_HEADLINES,
    Payment,
    Quote,
    ShippingAddress,
    check_can_buy,
    min_offer_cents,
    quote_for,
)
from orders.services.deadlines import (
    auto_cancel_orders,
    auto_complete_orders,
    close_rating_windows,
    expire_offers,
    process_deadlines,
    retry_payments,
    void_orphan_authorizations,
)
from orders.services.offer_answers import (
    accept_counter,
    accept_offer,
    check_offer_answer,
    check_offer_role,
    counter_offer,
    counter_quote,
    decline_counter,
    decline_offer,
)
from orders.services.offers import (
    check_offer_amount,
    make_offer,
    set_offer_thresholds,
)
from orders.services.payouts import (
    aba_checksum_valid,
    clean_account_number,
    clean_routing_number,
    validate_bank_account,
    withdraw_balance,
)
from orders.services.ratings import (
    rate_order,
)
from orders.services.sale import (
    capture_order,
    close_offers_between,
    close_offers_made_by,
    close_offers_of_suspended_member,
    close_offers_on_withdrawn_listing,
    close_offers_priced_out,
    settle_refund,
)
from orders.services.settlement import (
    release_offer_payments,
)
from orders.services.transitions import (
    TRACKING_RE,
    cancel_order,
    complete_order_by_staff,
    confirm_receipt,
    refund_order,
    report_problem,
    resolve_dispute,
    ship_order,
)

__all__ = [
    "ShippingAddress",
    "Payment",
    "Quote",
    "quote_for",
    "min_offer_cents",
    "DECLINE_MESSAGES",
    "check_can_buy",
    "ORDER_HEADLINES",
    "release_offer_payments",
    "close_offers_on_withdrawn_listing",
    "close_offers_priced_out",
    "close_offers_between",
    "close_offers_made_by",
    "close_offers_of_suspended_member",
    "capture_order",
    "settle_refund",
    "purchase_listing",
    "SELLER_ANSWERS",
    "BUYER_ANSWERS",
    "ROLE_REFUSALS",
    "check_offer_role",
    "check_offer_answer",
    "accept_offer",
    "decline_offer",
    "counter_offer",
    "counter_quote",
    "accept_counter",
    "decline_counter",
    "check_offer_amount",
    "make_offer",
    "set_offer_thresholds",
    "TRACKING_RE",
    "ship_order",
    "confirm_receipt",
    "cancel_order",
    "report_problem",
    "refund_order",
    "complete_order_by_staff",
    "resolve_dispute",
    "expire_offers",
    "auto_cancel_orders",
    "auto_complete_orders",
    "close_rating_windows",
    "retry_payments",
    "void_orphan_authorizations",
    "process_deadlines",
    "aba_checksum_valid",
    "clean_routing_number",
    "clean_account_number",
    "validate_bank_account",
    "withdraw_balance",
    "rate_order",
]
