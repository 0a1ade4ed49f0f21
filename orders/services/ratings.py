"""Ratings after a completed order."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from marketplace.text import model_text
from notifications.models import Kind
from orders.exceptions import (
    RatingError,
)
from orders.models import (
    Order,
    Rating,
)
from orders.services.core import (
    _notify,
    _short_transaction,
)

User = get_user_model()
Actor = Order.Actor


# --- Ratings ----------------------------------------------------------------------


def rate_order(*, order: Order, rater: User, stars: int, comment: str = "") -> Rating:
    """Rate the other side of a completed order once, within the rating window.

    Hidden from the rated member until both have rated or the window closes.
    Raises RatingError (TryAgain when the database gave up on every attempt).
    """
    return _short_transaction(
        lambda: _rate(order=order, rater=rater, stars=stars, comment=comment)
    )


def _rate(*, order: Order, rater: User, stars: int, comment: str) -> Rating:
    order = (
        Order.objects.select_for_update()
        .select_related("buyer", "seller")
        .get(pk=order.pk)
    )
    role = order.role_of(rater)
    if not role:
        raise RatingError(_("This order is not yours."))
    if order.status != Order.Status.COMPLETED:
        raise RatingError(_("You can rate once the order is completed."))
    if not order.rating_window_open():
        raise RatingError(_("The rating window for this order has closed."))
    if type(stars) is not int or not 1 <= stars <= 5:
        raise RatingError(_("Choose 1 to 5 stars."))
    comment = model_text(Rating, "comment", comment, error=RatingError)
    if len(comment) > settings.RATING_COMMENT_MAX_LENGTH:
        raise RatingError(
            _("Keep the comment to %(max)d characters.")
            % {"max": settings.RATING_COMMENT_MAX_LENGTH}
        )
    if order.ratings.filter(rater=rater).exists():
        raise RatingError(_("You have already rated this order."))
    ratee = order.seller if role == Actor.BUYER else order.buyer
    rating = Rating.objects.create(
        order=order, rater=rater, ratee=ratee, stars=stars, comment=comment
    )
    if order.ratings.count() == 2:
        order.ratings.update(visible=True)
        rating.visible = True
    _notify(
        ratee,
        kind=Kind.RATING_RECEIVED,
        event=f"rating:{rating.pk}",
        text=_("You received a rating for %(title)s") % {"title": order.title},
        url=order.get_absolute_url(),
        template="rating_received",
        order=order,
        rating=rating,
    )
    return rating
