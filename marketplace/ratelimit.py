"""Throttles: every limit is named once here and rated in `settings.RATE_LIMITS`.

A view opts in with `@throttle("login-account", "login-ip")`. Each attempt that
matters (a POST; for uploads, a POST that carries files) adds one to a counter
per limit in the shared cache (django-ratelimit: fixed windows, atomic
increments, so all workers count together when CACHE_URL is Redis). Counting
comes first, so a burst of parallel attempts cannot slip past the limit, and a
limited attempt never reaches the view: no password is hashed, no email sent.
Once any counter is over its rate the answer is a 429 page saying what was
limited and when to retry, with a `Retry-After` header.
"""

import ipaddress
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

# How long a value typed into a form may be before it is cut for use as a key.
MAX_KEY_LENGTH = 320


# --- Who an attempt is counted against ---------------------------------------------


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """`value` as an address (an IPv4-mapped IPv6 one as IPv4), None if unreadable."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_address(
    request: HttpRequest,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The client's address: REMOTE_ADDR, or the hop our own proxy added.

    With TRUSTED_PROXY_HOPS = n, the n-th X-Forwarded-For entry from the right
    is the address the outermost trusted proxy saw; entries left of it are the
    client's own claim and never trusted. None when it cannot be read.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops > 0:
        forwarded = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
    return _address(candidate)


def client_ip(request: HttpRequest) -> str:
    """The key a client's attempts are counted under (`client_address`).

    IPv6 clients are counted per /64 (one subscriber's network), and an
    address that cannot be read falls back to REMOTE_ADDR, then shares one
    "unknown" bucket rather than escaping the limit.
    """
    address = client_address(request) or _address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _typed(request: HttpRequest, field: str) -> str:
    """A POSTed value as a key: spaces trimmed, case folded, length capped."""
    return request.POST.get(field, "").strip().casefold()[:MAX_KEY_LENGTH]


def _login_account(request: HttpRequest) -> str | None:
    """The account the typed username or email names, else the typed text.

    Keying on the account (not the text) makes "Tom", "tom" and tom's email
    one counter, so guessing one account is limited however it is spelled.
    """
    typed = request.POST.get("username", "")
    if not typed.strip():
        return None
    if len(typed) <= 254 and "\x00" not in typed:
        User = get_user_model()
        try:
            return f"member:{User._default_manager.get_by_login(typed).pk}"
        except (User.DoesNotExist, User.MultipleObjectsReturned):
            pass
    return f"typed:{_typed(request, 'username')}"


def _member(request: HttpRequest) -> str | None:
    return str(request.user.pk) if request.user.is_authenticated else None


def _email(request: HttpRequest) -> str | None:
    return _typed(request, "email") or None


@dataclass(frozen=True)
class Limit:
    key: Callable[[HttpRequest], str | None]  # None: not counted for this request
    message: str  # what was limited, as the 429 page says it


LIMITS: dict[str, Limit] = {
    "login-account": Limit(
        _login_account, _("Too many login attempts for this account.")
    ),
    "login-ip": Limit(client_ip, _("Too many login attempts from your network.")),
    "signup-ip": Limit(client_ip, _("Too many sign-ups from your network.")),
    "password-reset-ip": Limit(
        client_ip, _("Too many password reset requests from your network.")
    ),
    "password-reset-email": Limit(
        _email, _("Too many password reset emails for this address.")
    ),
    "verification-resend": Limit(
        _member, _("Too many verification emails were sent to you.")
    ),
    "offer-member": Limit(_member, _("Too many offers in a short time.")),
    "upload-member": Limit(_member, _("Too many photo uploads in a short time.")),
    "withdraw-member": Limit(_member, _("Too many withdrawal attempts.")),
    "card-member": Limit(_member, _("Too many cards checked in a short time.")),
    # Conversations: item comments and private messages.
    "comment-member": Limit(_member, _("Too many comments in a short time.")),
    "comment-ip": Limit(client_ip, _("Too many comments from your network.")),
    "message-member": Limit(_member, _("Too many messages in a short time.")),
    "message-ip": Limit(client_ip, _("Too many messages from your network.")),
    # Trust: account data downloads and account deletion attempts.
    "export-member": Limit(_member, _("Too many data downloads in a short time.")),
    "delete-member": Limit(_member, _("Too many account deletion attempts.")),
}


# --- Which attempts count ------------------------------------------------------------


def is_post(request: HttpRequest) -> bool:
    return request.method == "POST"


def carries_files(request: HttpRequest) -> bool:
    """A POST with at least one file (an empty file input sends none)."""
    return request.method == "POST" and bool(request.FILES)


# Reports (moderation): per member and per network.
LIMITS.update(
    {
        "report-member": Limit(_member, _("Too many reports in a short time.")),
        "report-ip": Limit(client_ip, _("Too many reports from your network.")),
    }
)


# --- Counting and answering ---------------------------------------------------------


def _count(request: HttpRequest, name: str, value: str) -> dict | None:
    """Add this attempt to the counter `name` of `value`; its usage, or None."""
    try:
        return get_usage(
            request,
            group=name,
            key=lambda _group, _request: value,
            rate=settings.RATE_LIMITS[name],
            increment=True,
        )
    except Exception:
        # The cache is down: serve the request unthrottled (fail open, as
        # RATELIMIT_FAIL_OPEN says) rather than turn every login into a 500.
        logger.exception("Rate limit %s not counted: the cache failed", name)
        return None


def too_many_requests(request: HttpRequest, *, name: str, seconds: int) -> HttpResponse:
    """The 429 page: what was limited and in how many minutes to try again."""
    seconds = max(1, seconds)
    response = render(
        request,
        "429.html",
        {
            "message": LIMITS[name].message,
            "minutes": math.ceil(seconds / 60),
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def throttle(
    *names: str, when: Callable[[HttpRequest], bool] = is_post
) -> Callable[[Callable], Callable]:
    """Count each request `when` says matters against every named limit; 429 once over.

    Put it under the login and method decorators, so that only a member's
    real attempts (not a GET, not a redirect to log in) count.
    """
    limits = {name: LIMITS[name] for name in names}  # a typo fails at import

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if when(request):
                over = []
                for name, limit in limits.items():
                    value = limit.key(request)
                    if value is None:
                        continue
                    usage = _count(request, name, value)
                    if usage and usage["should_limit"]:
                        over.append((usage["time_left"], name))
                if over:
                    seconds, name = max(over)
                    logger.info("Rate limit %s reached on %s", name, request.path)
                    return too_many_requests(request, name=name, seconds=seconds)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
