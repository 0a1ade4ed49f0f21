"""The one filter that renders money: integer cents to `$1,500.00`."""

from django import template

register = template.Library()


@register.filter
def money(cents) -> str:
    """Render an integer number of cents as US dollars; blank for None."""
    if cents is None or cents == "":
        return ""
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"
