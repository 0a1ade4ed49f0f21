"""Reads for reports: what a member may report (404 otherwise) and the queue."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from conversations.models import Comment, Message
from listings.selectors import get_listing_for_viewer
from listings.visibility import viewable_q
from moderation.models import Report

User = get_user_model()
Kind = Report.Kind


def reportable_listing(*, pk: int, viewer):
    """A listing the viewer can see (drafts and hidden items of others: 404)."""
    return get_listing_for_viewer(pk=pk, viewer=viewer)


def reportable_member(*, username: str):
    """An active member by username (any case); 404 otherwise."""
    return get_object_or_404(User, username__iexact=username, is_active=True)


def reportable_comment(*, pk: int, viewer):
    """A comment still shown under a listing the viewer can open; 404 otherwise."""
    visible = viewable_q("listing__")
    if viewer.is_authenticated:
        visible |= Q(listing__seller=viewer)
    return get_object_or_404(
        Comment.objects.select_related("author", "listing").filter(visible),
        pk=pk,
        deleted_at__isnull=True,
    )


def reportable_message(*, pk: int, viewer):
    """A message of one of the viewer's own conversations; anyone else's: 404."""
    if not viewer.is_authenticated:
        raise Http404
    return get_object_or_404(
        Message.objects.select_related("sender", "conversation__listing").filter(
            Q(conversation__seller=viewer) | Q(conversation__member=viewer)
        ),
        pk=pk,
        removed_at__isnull=True,
    )


def open_reporters_of_listing(*, listing_id: int, lock: bool = False) -> set[int]:
    """The distinct members with an open report on the listing (`lock`: as a
    locking read, which sees every committed report, not a snapshot)."""
    reports = Report.objects.open().filter(
        target_kind=Kind.LISTING, listing_id=listing_id
    )
    if lock:
        reports = reports.select_for_update()
    return set(reports.values_list("reporter_id", flat=True))


def report_queue() -> QuerySet[Report]:
    """Every report with what the admin list shows."""
    return Report.objects.select_related(
        "reporter",
        "listing__seller",
        "member",
        "comment__author",
        "message__sender",
        "handled_by",
    )
