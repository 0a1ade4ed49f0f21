"""One order with the actions allowed now, those actions, and /buying/."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from conversations.selectors import order_thread
from marketplace.http import posted_ids, run_and_redirect
from marketplace.media import PRIVATE_CACHE_CONTROL
from marketplace.ratelimit import carries_files, throttle
from marketplace.storages import presigned_url
from marketplace.templatetags.money import money
from notifications.models import Kind
from notifications.services import wants_email
from orders import selectors
from orders.exceptions import OrderError, RatingError, TryAgain
from orders.forms.order import CancelForm, RatingForm, ReportForm, ShipForm
from orders.models import Order
from orders.photos import (
    discard_dispute_photos,
    get_visible_dispute_photo,
    list_staged_dispute_photos,
    stage_dispute_photos,
)
from orders.rules import order_actions, order_steps, report_refusal
from orders.services import (
    cancel_order,
    confirm_receipt,
    rate_order,
    report_problem,
    ship_order,
)
from orders.views.checkout import pop_just_paid

Actor = Order.Actor


def _who(event, user) -> str:
    """Who made a change, as the viewing member reads it."""
    if event.actor_role == Actor.SYSTEM:
        return _("Nomi")
    if event.actor_role == Actor.STAFF:
        return _("Nomi staff")
    if event.actor_id == user.pk:
        return _("You")
    if event.actor is not None:
        return event.actor.name
    return event.get_actor_role_display()


def _get_order(request, pk: int) -> Order:
    return selectors.get_order_for_participant(pk=pk, user=request.user)


def _page(request, order: Order, *, status: int = 200, bound: dict | None = None):
    """The order page; `bound` maps an action to its form, shown with its errors."""
    bound = bound or {}
    user = request.user
    role = order.role_of(user)
    ratings = selectors.ratings_visible_to(order=order, user=user)
    own_rating = next((r for r in ratings if r.rater_id == user.pk), None)
    their_rating = next((r for r in ratings if r.rater_id != user.pk), None)
    now = timezone.now()
    actions = order_actions(order, user, now, rated=own_rating is not None)
    other = order.seller if role == Actor.BUYER else order.buyer
    # Right after paying, the page opens with the confirmation (once).
    just_paid = role == Actor.BUYER and status == 200 and pop_just_paid(request, order)
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "role": role,
            "is_buyer": role == Actor.BUYER,
            "is_seller": role == Actor.SELLER,
            "other": other,
            "cover": order.listing.cover,
            "steps": order_steps(order, rated=own_rating is not None, now=now),
            "just_paid": just_paid,
            "receipt_to": user.email
            if just_paid and wants_email(user, Kind.ORDER_CONFIRMED)
            else "",
            "timeline": [
                (event, _who(event, user)) for event in selectors.order_timeline(order)
            ],
            "dispute": selectors.dispute_of(order),
            "actions": actions,
            "processing": actions.processing,
            "buyer_can_cancel_from": actions.buyer_can_cancel_from,
            "ship_form": bound.get("ship") or ShipForm(),
            "cancel_form": bound.get("cancel") or CancelForm(),
            "rating_form": bound.get("rate") or RatingForm(),
            "own_rating": own_rating,
            "their_rating": their_rating,
            "ratings_window_open": order.rating_window_open(),
            # The buyer's and seller's conversation (conversations app).
            "messages_thread": order_thread(
                listing=order.listing,
                buyer=order.buyer,
                viewer=user,
                back=order.get_absolute_url(),
            ),
        },
        status=status,
    )


def _invalid_form(request, order: Order, *, action: str, form):
    """A form with errors: shown again on the page while the action is offered."""
    if order_actions(order, request.user, timezone.now()).offers(action):
        return _page(request, order, status=400, bound={action: form})
    messages.error(request, _("That is not possible on this order now."))
    return redirect(order)


@login_required
@require_safe
def order_detail(request, pk):
    """/orders/<id>/: the order for its buyer and seller; a 404 for anyone else."""
    return _page(request, _get_order(request, pk))


def _form_move(
    request, pk, *, action: str, form_class, move, member: str, done, refused=OrderError
):
    """POST `form_class` to one order move and redirect with `done(order)`.

    A valid form's fields are the service's keyword arguments, with the
    member as `member` (`ship_order(order=…, seller=…, carrier=…, …)`); a form
    with errors comes back on the page while the action is offered.
    """
    order = _get_order(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _invalid_form(request, order, action=action, form=form)
    fields = {member: request.user, **form.cleaned_data}
    return run_and_redirect(
        request,
        order,
        lambda: move(order=order, **fields),
        refused=refused,
        done=done(order),
    )


@login_required
@require_POST
def order_ship(request, pk):
    """The seller marks a paid order shipped with carrier and tracking number."""
    return _form_move(
        request,
        pk,
        action="ship",
        form_class=ShipForm,
        move=ship_order,
        member="seller",
        done=lambda order: _("Marked as shipped. The buyer has the tracking number."),
    )


@login_required
@require_POST
def order_confirm(request, pk):
    """The buyer confirms the item arrived as described; the seller is paid."""
    order = _get_order(request, pk)
    return run_and_redirect(
        request,
        order,
        lambda: confirm_receipt(order=order, buyer=request.user),
        refused=OrderError,
        done=_("Thanks! The order is complete and the seller is paid."),
    )


@login_required
@require_POST
def order_cancel(request, pk):
    """The seller cancels a paid order, or the buyer once the ship deadline passed."""

    def done(order: Order) -> str:
        message = (
            _("The order is cancelled; %(total)s goes back to where you paid from.")
            if order.role_of(request.user) == Actor.BUYER
            else _("The order is cancelled; %(total)s goes back to the buyer.")
        )
        return message % {"total": money(order.total_cents)}

    return _form_move(
        request,
        pk,
        action="cancel",
        form_class=CancelForm,
        move=cancel_order,
        member="user",
        done=done,
    )


@login_required
@require_POST
def order_rate(request, pk):
    """Each side rates the other once after completion."""
    return _form_move(
        request,
        pk,
        action="rate",
        form_class=RatingForm,
        move=rate_order,
        member="rater",
        refused=(RatingError, TryAgain),
        done=lambda order: _("Thanks for rating."),
    )


def _kept_staged_photos(request) -> list:
    """Photos staged by an earlier submit of the report form, minus removed ones.

    Removed ones are deleted now; ids that are not the member's own staged
    photos are ignored.
    """
    removed = set(posted_ids(request.POST.getlist("remove_staged")))
    discard_dispute_photos(
        list_staged_dispute_photos(owner=request.user, ids=list(removed))
    )
    kept = [
        pk
        for pk in posted_ids(request.POST.getlist("staged_photo"))
        if pk not in removed
    ]
    return list_staged_dispute_photos(owner=request.user, ids=kept)


def _stage_uploads(request, form: ReportForm, staged: list) -> None:
    """Stage this submit's good photos; refused ones go next to Photos."""
    result = stage_dispute_photos(
        owner=request.user, uploads=request.FILES.getlist("photos"), kept=staged
    )
    staged.extend(result.photos)
    for error in result.errors:
        form.add_error("photos", error)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@throttle("upload-member", when=carries_files)
def order_report(request, pk):
    """/orders/<id>/report/: the buyer reports a problem; the order is disputed.

    Good photos are staged even when another is refused or a field has an
    error, so the buyer does not pick them again.
    """
    order = _get_order(request, pk)
    if refusal := report_refusal(order, request.user):
        messages.error(request, refusal)
        return redirect(order)
    if request.method != "POST":
        return _report_page(request, order, form=ReportForm(), staged=[])
    form = ReportForm(request.POST, request.FILES)
    staged = _kept_staged_photos(request)
    form_ok = form.is_valid()
    _stage_uploads(request, form, staged)
    if not (form_ok and form.is_valid()):
        return _report_page(request, order, form=form, staged=staged, status=400)
    try:
        report_problem(
            order=order,
            buyer=request.user,
            reason=form.cleaned_data["reason"],
            description=form.cleaned_data["description"],
            photos=staged,
        )
    except OrderError as error:
        discard_dispute_photos(staged)
        messages.error(request, str(error))
        return redirect(order)
    messages.success(
        request,
        _(
            "Problem reported. The payment stays on hold while Nomi staff "
            "look into it; you both get an email when it is settled."
        ),
    )
    return redirect(order)


def _report_page(request, order: Order, *, form, staged: list, status: int = 200):
    return render(
        request,
        "orders/order_report.html",
        {"order": order, "form": form, "staged": staged},
        status=status,
    )


# Served types of the files the photo pipeline writes (orders.photos).
PHOTO_CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


@login_required
@require_safe
def dispute_photo(request, pk, photo_id):
    """/orders/<id>/photos/<photo_id>/: a private dispute photo (?size=thumb).

    Only the order's buyer and seller and staff see a dispute's photos, and
    only its owner a staged one; anyone else gets a 404. Never cached. On
    object storage the answer is a redirect to a presigned URL that expires
    after PRIVATE_MEDIA_URL_SECONDS; local files are streamed.
    """
    if not (pk < 2**63 and photo_id < 2**63):
        raise Http404
    photo = get_visible_dispute_photo(order_pk=pk, photo_pk=photo_id, user=request.user)
    file = photo.thumb if request.GET.get("size") == "thumb" else photo.image
    url = presigned_url(file)
    if url is not None:
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response
    suffix = PurePosixPath(file.name).suffix.lower()
    try:
        handle = file.storage.open(file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=PHOTO_CONTENT_TYPES.get(suffix, "application/octet-stream"),
    )
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_safe
def buying(request):
    """/buying/: purchases grouped by what needs doing, and the offers made."""
    return render(
        request,
        "orders/buying.html",
        {
            "groups": selectors.list_orders_grouped(user=request.user, role="buyer"),
            "offers": selectors.list_offers(user=request.user, role="buyer"),
        },
    )
