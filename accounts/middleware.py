"""Pages are shown in the logged-in member's time zone."""

from django.utils import timezone

from accounts.timezones import member_time_zone


class MemberTimeZoneMiddleware:
    """Activate the member's zone (accounts.timezones) for the request.

    Reads only the member row AuthenticationMiddleware already loads: no extra
    query. Visitors see settings.TIME_ZONE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(member_time_zone(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
