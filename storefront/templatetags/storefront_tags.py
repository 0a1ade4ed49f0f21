"""`{% site_header %}`: the header of every page, assembled from parts that
cost nothing per request.

The header is rendered once per worker with holes (marketplace.shared.fill)
for the search box's words and the navigation. A visitor's navigation is the
same for everyone; a member's (their name, avatar, bell and to-do counts) is
a fragment kept per member for a few seconds like any shared part, with a
hole for the logout form's CSRF token, which is filled on every request.
"""

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from marketplace.shared import HOLE, fill, fragment_key, shared_fragment
from marketplace.templatetags.fragments import render_once
from storefront.header import counts_for

register = template.Library()

Q_HOLE = HOLE.format("q")
NAV_HOLE = HOLE.format("nav")
CSRF_HOLE = HOLE.format("csrf")


def member_nav(request) -> SafeString:
    """The member's Sell button, bell and account menu."""
    member = request.user
    nav = shared_fragment(
        request,
        fragment_key("member-nav", member.pk, get_language()),
        lambda: render_to_string(
            "storefront/_member_nav.html",
            {
                "user": member,
                "counts": counts_for(request),
                "csrf_hole": SafeString(CSRF_HOLE),
            },
        ),
    )
    return fill(nav, {CSRF_HOLE: get_token(request)})


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        nav = member_nav(request)
    else:
        nav = render_once("_partials/_visitor_nav.html")
    words = request.GET.get("q", "") if request is not None else ""
    header = render_once(
        "_partials/_header.html",
        {"q_hole": SafeString(Q_HOLE), "nav_hole": SafeString(NAV_HOLE)},
    )
    # The words first: escaped, they cannot contain a hole's marker.
    return fill(header, {Q_HOLE: escape(words), NAV_HOLE: nav})
