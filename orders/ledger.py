"""The append-only ledger: every movement of money is a set of legs summing to zero.

Accounts (LedgerEntry.Account): buyers' cards outside Nomi, offer holds,
escrow (per order), members' available balances, payouts to banks and
platform revenue. A balance is always a sum of entries, never a stored number.
"""

import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum

from orders.models import BalanceLock, LedgerEntry, Offer, Order, Withdrawal

User = get_user_model()
Account = LedgerEntry.Account
Kind = LedgerEntry.Kind


@dataclass(frozen=True)
class Leg:
    account: str
    amount_cents: int
    member: User | None = None


def post_movement(
    *,
    kind: str,
    legs: list[Leg],
    order: Order | None = None,
    offer: Offer | None = None,
    withdrawal: Withdrawal | None = None,
) -> uuid.UUID:
    """Write one movement; its legs must sum to zero (ValueError otherwise).

    Callers run inside the transaction that changes the state the movement
    belongs to, so money and state never disagree.
    """
    legs = [leg for leg in legs if leg.amount_cents]
    if not legs:
        return None
    if sum(leg.amount_cents for leg in legs) != 0:
        raise ValueError(f"Ledger movement {kind} does not balance: {legs}")
    movement = uuid.uuid4()
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            movement=movement,
            kind=kind,
            account=leg.account,
            member=leg.member,
            amount_cents=leg.amount_cents,
            order=order,
            offer=offer,
            withdrawal=withdrawal,
        )
        for leg in legs
    )
    return movement


def lock_member(member: User) -> None:
    """Lock the member's row: balance checks and debits of one member take turns.

    A withdrawal, a balance payment and an offer hold all read the available
    balance and then debit it; without the lock two of them could both see
    the same money. The BalanceLock row written with it carries the turn
    across the nodes of a Galera cluster, where a row lock is one node's only.
    """
    User.objects.select_for_update().filter(pk=member.pk).first()
    target = (
        {"unique_fields": ["member"]}
        if connection.features.supports_update_conflicts_with_target
        else {}
    )
    BalanceLock.objects.bulk_create(
        [BalanceLock(member_id=member.pk, stamp=uuid.uuid4().hex)],
        update_conflicts=True,
        update_fields=["stamp"],
        **target,
    )


def account_balance(*, member: User, account: str) -> int:
    return LedgerEntry.objects.filter(member=member, account=account).aggregate(
        total=Sum("amount_cents", default=0)
    )["total"]


def available_cents(member: User) -> int:
    """What the member can spend or withdraw now."""
    return account_balance(member=member, account=Account.AVAILABLE)


def held_cents(member: User) -> int:
    """The member's balance set aside for open offers."""
    return account_balance(member=member, account=Account.HOLD)


def order_escrow_cents(order: Order) -> int:
    return LedgerEntry.objects.filter(order=order, account=Account.ESCROW).aggregate(
        total=Sum("amount_cents", default=0)
    )["total"]


def capture_legs(*, order: Order, source_account: str, buyer: User | None) -> list:
    """Buyer's money (card or balance/hold) into the order's escrow."""
    return [
        Leg(source_account, -order.total_cents, buyer),
        Leg(Account.ESCROW, order.total_cents),
    ]


def post_completion(order: Order) -> None:
    """Escrow → seller's available balance (earnings) and platform revenue (fees)."""
    post_movement(
        kind=Kind.RELEASE,
        order=order,
        legs=[
            Leg(Account.ESCROW, -order.seller_earnings_cents),
            Leg(Account.AVAILABLE, order.seller_earnings_cents, order.seller),
        ],
    )
    post_movement(
        kind=Kind.FEE,
        order=order,
        legs=[
            Leg(Account.ESCROW, -order.platform_fee_cents),
            Leg(Account.REVENUE, order.platform_fee_cents),
        ],
    )


def post_refund(order: Order) -> None:
    """Escrow → back where the buyer paid from (card, or available balance)."""
    if order.paid_with_card:
        destination = Leg(Account.CARDS, order.total_cents)
    else:
        destination = Leg(Account.AVAILABLE, order.total_cents, order.buyer)
    post_movement(
        kind=Kind.REFUND,
        order=order,
        legs=[Leg(Account.ESCROW, -order.total_cents), destination],
    )
