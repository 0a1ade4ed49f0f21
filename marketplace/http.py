"""Small request helpers shared by the apps' views."""

import unicodedata

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

# Longer `next` values are not links this site makes.
NEXT_MAX_LENGTH = 2000


def is_site_path(target: str) -> bool:
    """Whether `target` is an absolute path on this site ("/...") and nothing else.

    Refused: other hosts and schemes, scheme-relative "//host" and "/\\host"
    (browsers read both as another host), relative paths and URL names, and
    anything with whitespace, control or invisible formatting characters
    (header splitting, right-to-left tricks), or longer than NEXT_MAX_LENGTH.
    """
    if not (
        isinstance(target, str)
        and 1 <= len(target) <= NEXT_MAX_LENGTH
        and target.startswith("/")
        and target[1:2] not in ("/", "\\")
    ):
        return False
    if any(
        ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        for ch in target
    ):
        return False
    return url_has_allowed_host_and_scheme(target, allowed_hosts=None)


def safe_next(request, default: str) -> str:
    """The `next` the request carries when it is a path on this site, else `default`.

    Guards every post-action redirect against open redirects and against
    values that are not a path at all ("foo", "javascript:...", "http:/x").
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_site_path(target) else default


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


# More ids than any form can carry (staged photos, photos to remove) is never
# a real submission.
MAX_POSTED_IDS = 50


def posted_ids(values: list[str]) -> list[int]:
    """The row ids among posted values, once each; anything else is ignored.

    Out-of-range numbers are dropped here: past 64 bits the database driver
    would fail (SQLite raises OverflowError) instead of finding no row.
    """
    ids = []
    for value in values[:MAX_POSTED_IDS]:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < number < 2**63:
            ids.append(number)
    return list(dict.fromkeys(ids))
