"""What orders answers for a member's data download and account deletion.

Receivers of `accounts.hooks.member_data`, `deletion_refusal` and
`member_deleted`, registered in `orders.receivers.register`.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import iso
from marketplace.templatetags.money import money
from orders import ledger
from orders.models import Offer, Order, Payment, Rating, Withdrawal
from orders.services import close_offers_made_by


def _order(order: Order, *, role: str) -> dict:
    """One order as the member sees it on their own order page."""
    other = order.seller if role == "buyer" else order.buyer
    return {
        "id": order.pk,
        "role": role,
        "other_member": other.username,
        "listing_id": order.listing_id,
        "title": order.title,
        "status": order.status,
        "item_cents": order.item_cents,
        "shipping_cents": order.shipping_cents,
        "buyer_fee_cents": order.buyer_fee_cents if role == "buyer" else None,
        "total_cents": order.total_cents if role == "buyer" else None,
        "seller_fee_cents": order.seller_fee_cents if role == "seller" else None,
        "ship_to": {
            "full_name": order.ship_name,
            "line1": order.ship_line1,
            "line2": order.ship_line2,
            "city": order.ship_city,
            "state": order.ship_state,
            "zip_code": order.ship_zip,
        },
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "ordered_at": iso(order.created_at),
        "shipped_at": iso(order.shipped_at),
        "completed_at": iso(order.completed_at),
        "closed_at": iso(order.closed_at),
    }


def _offer(offer: Offer, *, role: str) -> dict:
    return {
        "id": offer.pk,
        "role": role,
        "other_member": (
            offer.listing.seller.username if role == "buyer" else offer.buyer.username
        ),
        "listing_id": offer.listing_id,
        "title": offer.listing.title,
        "status": offer.status,
        "amount_cents": offer.amount_cents,
        "counter_cents": offer.counter_cents,
        "made_at": iso(offer.created_at),
        "answered_at": iso(offer.answered_at),
    }


def _rating(rating: Rating, *, other: str) -> dict:
    return {
        "order_id": rating.order_id,
        "other_member": other,
        "stars": rating.stars,
        "comment": rating.comment,
        "visible": rating.visible,
        "rated_at": iso(rating.created_at),
    }


def member_orders_data(*, member) -> dict:
    """Orders as buyer and seller, offers, ratings, payments and withdrawals.

    Ratings received appear once visible (a blind rating stays hidden until
    both sides rated or the window closed); cards only as brand and last four.
    """
    orders = Order.objects.filter(Q(buyer=member) | Q(seller=member)).select_related(
        "buyer", "seller"
    )
    offers = Offer.objects.filter(
        Q(buyer=member) | Q(listing__seller=member)
    ).select_related("buyer", "listing__seller")
    return {
        "orders": [
            _order(order, role="buyer" if order.buyer_id == member.pk else "seller")
            for order in orders.order_by("created_at", "id")
        ],
        "offers": [
            _offer(offer, role="buyer" if offer.buyer_id == member.pk else "seller")
            for offer in offers.order_by("created_at", "id")
        ],
        "ratings_given": [
            _rating(rating, other=rating.ratee.username)
            for rating in Rating.objects.filter(rater=member)
            .select_related("ratee")
            .order_by("created_at", "id")
        ],
        "ratings_received": [
            _rating(rating, other=rating.rater.username)
            for rating in Rating.objects.filter(ratee=member, visible=True)
            .select_related("rater")
            .order_by("created_at", "id")
        ],
        "payments": [
            {
                "order_id": payment.order_id,
                "offer_id": payment.offer_id,
                "method": payment.method,
                "status": payment.status,
                "authorized_cents": payment.authorized_cents,
                "captured_cents": payment.captured_cents,
                "refunded_cents": payment.refunded_cents,
                "card_brand": payment.card_brand,
                "card_last4": payment.card_last4,
                "created_at": iso(payment.created_at),
            }
            for payment in Payment.objects.filter(payer=member).order_by(
                "created_at", "id"
            )
        ],
        "withdrawals": [
            {
                "amount_cents": withdrawal.amount_cents,
                "account_last4": withdrawal.account_last4,
                "requested_at": iso(withdrawal.created_at),
            }
            for withdrawal in Withdrawal.objects.filter(member=member).order_by(
                "created_at", "id"
            )
        ],
        "balance": {
            "available_cents": ledger.available_cents(member),
            "held_for_offers_cents": ledger.held_cents(member),
        },
    }


def order_deletion_refusal(*, member) -> str | None:
    """An open order (paid, shipped or disputed, either side) or money in the
    balance (available, or held for open offers) keeps the account."""
    open_orders = Order.objects.filter(
        Q(buyer=member) | Q(seller=member), status__in=Order.OPEN_STATUSES
    ).count()
    if open_orders:
        return ngettext(
            "You have %(count)d order in progress. You can delete your account "
            "once it is completed or cancelled.",
            "You have %(count)d orders in progress. You can delete your "
            "account once they are completed or cancelled.",
            open_orders,
        ) % {"count": open_orders}
    available = ledger.available_cents(member)
    if available:
        return _(
            "Your Nomi balance holds %(amount)s. Withdraw it to your bank first."
        ) % {"amount": money(available)}
    held = ledger.held_cents(member)
    if held:
        return _(
            "%(amount)s of your balance is set aside for your open offers. "
            "You can delete your account once they are answered or expire, "
            "and the balance is withdrawn."
        ) % {"amount": money(held)}
    return None


def close_offers_of_deleted_member(*, member) -> None:
    """The offers a deleting member made are declined and their cards voided."""
    close_offers_made_by(member)
