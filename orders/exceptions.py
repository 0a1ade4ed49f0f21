class CardError(Exception):
    """Card details that cannot be charged; the message is safe to show.

    `field` names the form field the message belongs next to: "number",
    "expiry" or "cvc".
    """

    def __init__(self, message, *, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


class OrderError(Exception):
    """A refused purchase, offer or order action; the message is safe to show."""


class AmountError(OrderError):
    """An offer or counter amount out of range; shown next to the amount."""


class PaymentDeclined(OrderError):
    """The card (or balance) could not pay; nothing was charged."""


class NotBuyable(OrderError):
    """This member cannot buy (or offer on) this item now: own item, unverified,
    suspended, blocked, seller away, not on sale. Shown as a page of its own."""


class ItemSold(NotBuyable):
    """Someone else bought the item first; any authorization was released."""


class WithdrawalError(Exception):
    """A refused withdrawal; the message is safe to show."""


class RatingError(Exception):
    """A refused rating; the message is safe to show."""


class StaleAttempt(OrderError):
    """A form's key was already used for a different amount (a resubmit after
    the price changed); the form needs a new key and the new total confirmed."""


class TryAgain(OrderError):
    """The database gave up on this attempt (a lost deadlock, a lock wait);
    nothing was charged and the same action can simply be tried again."""
