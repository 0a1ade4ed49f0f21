"""Small request helpers shared by the apps' views."""

from django.contrib import messages
from django.shortcuts import redirect
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


def run_and_redirect(request, target, action, *, refused, done: str):
    """Run `action()`, then redirect to `target` with `done` or the refusal's message.

    `refused` is the exception class(es) whose message is safe to show; the
    post/redirect/get ending of most POST-only views.
    """
    try:
        action()
    except refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(target)
