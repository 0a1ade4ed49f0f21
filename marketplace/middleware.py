"""Site-wide response headers that Django's SecurityMiddleware does not set."""

from django.conf import settings

# Django's admin ships a few inline style attributes; it is staff-only.
ADMIN_CSP = (
    "default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy header to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = (
                ADMIN_CSP
                if request.path.startswith(self.admin_prefix)
                else settings.CONTENT_SECURITY_POLICY
            )
            response["Content-Security-Policy"] = policy
        return response
