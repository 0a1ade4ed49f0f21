"""Staff screens for orders and payments.

Money and states are read-only here: every row is a record (an order's
snapshot, an append-only ledger, the gateway's log). Staff change an order's
state only through the actions on the order screen, which call the services
members use. Importing the modules registers their screens.
"""

from orders.admin import money, offers, orders

__all__ = ["money", "offers", "orders"]
