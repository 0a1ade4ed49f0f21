class CardError(Exception):
    """Card details that cannot be charged; the message is safe to show.

    `field` names the form field the message belongs next to: "number",
    "expiry" or "cvc".
    """

    def __init__(self, message, *, field: str):
        super().__init__(message)
        self.message = message
        self.field = field
