"""The one way dates and times are written (a builtin: no {% load %} needed).

`{{ value|when }}` → "Nov 30, 2026, 4:44 PM EST", `{{ value|day }}` →
"Nov 30, 2026", and `<time datetime="{{ value|iso }}">` → a W3C-valid
"2026-11-30T16:44:00-05:00" (no microseconds). Aware datetimes are shown in
the active time zone: the member's on pages (accounts' middleware) and the
recipient's in emails (notifications.services.notify); the abbreviation names
the zone actually used.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()

WHEN_FORMAT = "M j, Y, g:i A T"
DAY_FORMAT = "M j, Y"


def _local(value):
    """An aware datetime in the active zone; a date or naive datetime as is."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def when(value) -> str:
    """A date and time with its zone: "Nov 30, 2026, 4:44 PM EST"."""
    if not isinstance(value, date):
        return ""
    if not isinstance(value, datetime):
        return date_format(value, DAY_FORMAT)
    value = _local(value)
    text = date_format(value, WHEN_FORMAT if value.tzinfo else "M j, Y, g:i A")
    return text.strip()


@register.filter
def day(value) -> str:
    """A date: "Nov 30, 2026" (a datetime's day in the active zone)."""
    if not isinstance(value, date):
        return ""
    return date_format(_local(value), DAY_FORMAT)


@register.filter
def iso(value) -> str:
    """A W3C datetime attribute value: whole seconds, offset of the active zone."""
    if isinstance(value, datetime):
        return _local(value).replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
