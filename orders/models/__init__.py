"""Orders, offers, the ledger, withdrawals and ratings, and the gateway's calls.

One module per aggregate; everything is importable from `orders.models`.
"""

from orders.models.base import PaidBy, ShippingAddressFields
from orders.models.disputes import Dispute, DisputePhoto, dispute_photo_path
from orders.models.ledger import BalanceLock, LedgerEntry, Withdrawal
from orders.models.offer_settings import OfferSettings
from orders.models.offers import Offer, OfferQuerySet
from orders.models.orders import Order, OrderEvent, OrderQuerySet
from orders.models.payments import (
    CardBrand,
    CardToken,
    GatewayCall,
    Payment,
    PaymentSource,
)
from orders.models.ratings import Rating

__all__ = [
    "BalanceLock",
    "CardBrand",
    "CardToken",
    "Dispute",
    "DisputePhoto",
    "GatewayCall",
    "LedgerEntry",
    "Offer",
    "OfferQuerySet",
    "OfferSettings",
    "Order",
    "OrderEvent",
    "OrderQuerySet",
    "Payment",
    "PaidBy",
    "PaymentSource",
    "Rating",
    "ShippingAddressFields",
    "Withdrawal",
    "dispute_photo_path",
]
