"""Members' time zones: the choices, each state's zone, and the zone in force.

A member picks a zone in settings; blank means "from my state" (the profile's
state), and a member with neither sees the site's TIME_ZONE. Pages are shown
in it (accounts.middleware.MemberTimeZoneMiddleware) and so are the emails
sent to the member (notifications.services.notify).
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

TIME_ZONE_CHOICES = [
    ("", _("From my state")),
    ("America/New_York", _("Eastern (New York)")),
    ("America/Chicago", _("Central (Chicago)")),
    ("America/Denver", _("Mountain (Denver)")),
    ("America/Phoenix", _("Mountain, no daylight saving (Phoenix)")),
    ("America/Los_Angeles", _("Pacific (Los Angeles)")),
    ("America/Anchorage", _("Alaska (Anchorage)")),
    ("Pacific/Honolulu", _("Hawaii (Honolulu)")),
    ("America/Puerto_Rico", _("Atlantic (Puerto Rico)")),
]

TIME_ZONE_NAMES = frozenset(name for name, _label in TIME_ZONE_CHOICES)

# The zone most of each state's people live in (a state split between two
# zones gets its larger side; a member elsewhere picks their own).
_EASTERN = "CT DE DC FL GA IN KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV"
_CENTRAL = "AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI"
_MOUNTAIN = "CO ID MT NM UT WY"
_PACIFIC = "CA NV OR WA"
STATE_TIME_ZONES: dict[str, str] = {
    **dict.fromkeys(_EASTERN.split(), "America/New_York"),
    **dict.fromkeys(_CENTRAL.split(), "America/Chicago"),
    **dict.fromkeys(_MOUNTAIN.split(), "America/Denver"),
    **dict.fromkeys(_PACIFIC.split(), "America/Los_Angeles"),
    "AZ": "America/Phoenix",
    "AK": "America/Anchorage",
    "HI": "Pacific/Honolulu",
    "PR": "America/Puerto_Rico",
}


def time_zone_name(member) -> str:
    """The zone name `member` sees: their choice, else their state's, else
    settings.TIME_ZONE. Reads only fields of the member row (no query)."""
    return (
        getattr(member, "time_zone", "")
        or STATE_TIME_ZONES.get(getattr(member, "state", "") or "")
        or settings.TIME_ZONE
    )


def from_state_label(member) -> str:
    """The "From my state" choice, naming the zone it means for `member`."""
    zone = STATE_TIME_ZONES.get(getattr(member, "state", "") or "")
    if zone is None:
        return str(
            _("From my state (none set: %(zone)s)") % {"zone": settings.TIME_ZONE}
        )
    label = dict(TIME_ZONE_CHOICES)[zone]
    return str(_("From my state: %(zone)s") % {"zone": label})


def member_time_zone(member) -> ZoneInfo:
    """The ZoneInfo `member` sees (see time_zone_name)."""
    return ZoneInfo(time_zone_name(member))
