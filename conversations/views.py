"""Item comments, "Message seller", /messages/ and its threads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe

from accounts.decorators import verified_member_required
from conversations import rules, selectors, services
from conversations.contact import find_contact_details
from conversations.exceptions import ConversationError
from conversations.forms import CommentForm, MessageForm
from conversations.models import Comment
from listings.selectors import get_listing_for_viewer
from marketplace.http import safe_next
from marketplace.ratelimit import throttle

INBOX_PAGE_SIZE = 20
CONTACT_KINDS = {
    "email": _lazy("an email address"),
    "phone": _lazy("a phone number"),
    "payment": _lazy("a payment link or app"),
}


# --- Comments -----------------------------------------------------------------------


def comment_section(request, listing, *, form=None) -> dict:
    """What the item page's questions partial needs, for the viewer."""
    actions = rules.comment_actions(listing, request.user)
    comments = selectors.list_comments(listing=listing)
    for comment in comments:
        comment.can_delete = rules.may_delete_comment(comment, request.user)
        comment.by_seller = comment.author_id == listing.seller_id
        # Anyone logged in but the author may report it (moderation's form
        # checks the rest).
        comment.can_report = (
            request.user.is_authenticated
            and comment.author_id != request.user.pk
            and not comment.deleted_at
        )
    if form is None and actions.comment:
        form = CommentForm()
    if form is not None and actions.is_seller:
        form.fields["text"].label = _("Your answer")
    start_refusal = (
        rules.start_refusal(listing, request.user)
        if request.user.is_authenticated and not actions.is_seller
        else None
    )
    return {
        "may_start": start_refusal is None and not actions.is_seller,
        "listing": listing,
        "comments": comments,
        "actions": actions,
        "form": form,
        "user": request.user,
        "conversation": selectors.conversation_for(listing=listing, member=request.user)
        if request.user.is_authenticated and not actions.is_seller
        else None,
        "start_refusal": start_refusal,
    }


@verified_member_required
@require_POST
@throttle("comment-member", "comment-ip")
def comment_create(request, pk):
    """POST /items/<id>/comments/: ask a question, or answer as the seller."""
    listing = get_listing_for_viewer(pk=pk, viewer=request.user)
    form = CommentForm(request.POST)
    error = None
    if form.is_valid():
        try:
            comment = services.post_comment(
                listing=listing, author=request.user, text=form.cleaned_data["text"]
            )
        except ConversationError as refusal:
            error = str(refusal)
        else:
            if request.htmx:
                section = comment_section(request, listing)
                section["posted"] = comment
                return render(
                    request, "conversations/_comments.html", {"talk": section}
                )
            messages.success(request, _("Posted."))
            return redirect(comment.get_absolute_url())
    if error:
        form.add_error(None, error)
    template = (
        "conversations/_comments.html"
        if request.htmx
        else "conversations/comment_form.html"
    )
    return render(
        request,
        template,
        {"talk": comment_section(request, listing, form=form)},
        # htmx swaps only 2xx answers: the partial with its errors replaces
        # the thread; the plain form gets the page with a 400.
        status=200 if request.htmx else 400,
    )


@login_required
@require_POST
def comment_delete(request, pk):
    """POST /comments/<id>/delete/: the seller (any comment on their item) or the
    author (their own) deletes a comment; anyone else gets a 404."""
    comment = get_object_or_404(Comment.objects.select_related("listing"), pk=pk)
    if request.user.pk not in (comment.author_id, comment.listing.seller_id):
        raise Http404
    try:
        services.delete_comment(comment=comment, member=request.user)
    except ConversationError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Comment deleted."))
    return redirect(comment.get_absolute_url())


# --- Messages -----------------------------------------------------------------------


def _sent(request, message):
    """After a message: back to `next` (the order page) or the thread."""
    messages.success(request, _("Message sent."))
    back = safe_next(request, message.conversation.get_absolute_url())
    return redirect(f"{back}#message-{message.pk}")


def _send(request, *, form, template: str, context: dict, send):
    """Validate `form`, call `send(text, confirmed)`; on contact details show the
    warning page, on a refusal the form again (400) with what was typed."""
    if form.is_valid():
        text = form.cleaned_data["text"]
        try:
            message = send(text, form.cleaned_data["confirm"])
        except services.ContactDetailsUnconfirmed:
            return render(
                request,
                "conversations/confirm_contact.html",
                {
                    **context,
                    "form": MessageForm(initial={"text": text, "confirm": True}),
                    "kinds": [CONTACT_KINDS[k] for k in find_contact_details(text)],
                    "next": safe_next(request, ""),
                },
            )
        except ConversationError as refusal:
            form.add_error(None, str(refusal))
        else:
            return _sent(request, message)
    return render(
        request,
        template,
        {**context, "form": form, "next": safe_next(request, "")},
        status=400,
    )


@verified_member_required
@throttle("message-member", "message-ip")
def message_start(request, pk):
    """/items/<id>/message/: write to the seller (GET the form, POST to send).

    An existing conversation about the item opens instead of the form.
    """
    listing = get_listing_for_viewer(pk=pk, viewer=request.user)
    conversation = selectors.conversation_for(listing=listing, member=request.user)
    context = {
        "listing": listing,
        "action": reverse("conversations:start", args=[listing.pk]),
        "refusal": rules.start_refusal(listing, request.user)
        if conversation is None
        else None,
    }
    if request.method == "GET":
        if conversation is not None:
            return redirect(conversation)
        return render(
            request,
            "conversations/start.html",
            {**context, "form": MessageForm(), "next": safe_next(request, "")},
            status=200,
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])

    def send(text, confirmed):
        opened = services.open_conversation(listing=listing, member=request.user)
        return services.send_message(
            conversation=opened, sender=request.user, text=text, confirmed=confirmed
        )

    return _send(
        request,
        form=MessageForm(request.POST),
        template="conversations/start.html",
        context=context,
        send=send,
    )


@login_required
@require_safe
def inbox(request):
    """/messages/: the member's conversations, unread first, then newest."""
    page = Paginator(
        selectors.list_conversations(member=request.user), INBOX_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    for conversation in page:
        conversation.other = rules.other_member(conversation, request.user)
    return render(request, "conversations/inbox.html", {"page": page})


def _thread_context(request, conversation) -> dict:
    return {
        "conversation": conversation,
        "other": rules.other_member(conversation, request.user),
        "thread": selectors.list_messages(conversation=conversation),
        "actions": rules.thread_actions(conversation, request.user),
        "action": reverse("conversations:reply", args=[conversation.pk]),
        "listing": conversation.listing,
    }


@login_required
@require_safe
def thread(request, pk):
    """/messages/<id>/: the thread for its two members (404 for anyone else)."""
    conversation = selectors.get_conversation_for_member(pk=pk, member=request.user)
    context = _thread_context(request, conversation)
    services.mark_read(conversation=conversation, member=request.user)
    return render(
        request,
        "conversations/thread.html",
        {**context, "form": MessageForm() if context["actions"].reply else None},
    )


@verified_member_required
@require_POST
@throttle("message-member", "message-ip")
def reply(request, pk):
    """POST /messages/<id>/reply/: send a message in the thread."""
    conversation = selectors.get_conversation_for_member(pk=pk, member=request.user)
    return _send(
        request,
        form=MessageForm(request.POST),
        template="conversations/thread.html",
        context=_thread_context(request, conversation),
        send=lambda text, confirmed: services.send_message(
            conversation=conversation,
            sender=request.user,
            text=text,
            confirmed=confirmed,
        ),
    )
