"""Who may report what, and whom a report accuses."""

from django.utils.translation import gettext as _

from moderation.models import Report

Kind = Report.Kind


def accused_member(kind: str, target):
    """The member responsible for the reported thing (warned or suspended)."""
    if kind == Kind.LISTING:
        return target.seller
    if kind == Kind.MEMBER:
        return target
    if kind == Kind.COMMENT:
        return target.author
    return target.sender


def report_refusal(member, kind: str, target) -> str | None:
    """Why `member` may not report `target` now, or None.

    An active, verified member; never their own listing, comment, message or
    themselves. (A message outside the member's conversations is not even
    found: the selectors answer 404.)
    """
    if not member.is_authenticated or not member.is_active:
        return _("Your account cannot report.")
    if not member.is_verified:
        return _("Verify your email before you report.")
    if accused_member(kind, target).pk == member.pk:
        return {
            Kind.LISTING: _("This is your own listing; you cannot report it."),
            Kind.MEMBER: _("You cannot report yourself."),
            Kind.COMMENT: _("This is your own comment; you cannot report it."),
            Kind.MESSAGE: _("This is your own message; you cannot report it."),
        }[kind]
    return None
