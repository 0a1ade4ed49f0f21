"""Naming a state for display: `is_sold = StatusIs(Status.SOLD)` on a model.

Templates read `listing.is_sold` instead of comparing status strings; the
rules of what may happen in a state live in each app's `rules.py`.
"""


class StatusIs:
    """A read-only attribute: whether the instance's `status` is `value`."""

    def __init__(self, value: str):
        self.value = value

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.status == self.value
