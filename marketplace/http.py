"""Small request helpers shared by the apps' views."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The `next` the request carries when it is a URL on this site, else `default`.

    Guards every post-action redirect against open redirects ("//evil",
    "/\\evil", other hosts).
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
