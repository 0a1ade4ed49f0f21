"""The site's URL patterns, read from the URLconf, and a world to fill them in.

The authorization matrix and the bad-input corpus both walk every named URL
pattern, so a new URL is covered (or fails for want of an entry) without
anyone remembering to add it.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.conftest import make_upload
from tests.factories import (
    AddressFactory,
    ListingFactory,
    UserFactory,
    add_photos,
    buy,
    completed,
    leaf_category,
    offer,
)

# Every role a request can come from.
ROLES = (
    "visitor",
    "unverified",
    "member",
    "blocked",
    "suspended",
    "staff",
    "seller",
    "buyer",
)


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the pattern as written, e.g. "items/<int:pk>/"
    kwargs: tuple[str, ...]  # converter names in order


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                pattern.namespace or namespace,
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            route = prefix + str(pattern.pattern)
            yield Route(name, route, tuple(pattern.pattern.converters))


def site_routes() -> list[Route]:
    """Every named, non-admin URL pattern of the site, in URLconf order."""
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns):
        if route.name not in seen:
            seen.add(route.name)
            routes.append(route)
    return routes


class World:
    """One of each thing a URL can point at, and a member for every role.

    The seller owns `listing` (on sale), sold `sold_listing` to the buyer as
    `order`, and has the buyer's open `offer` on `offered_listing`; the buyer
    owns `address` and `saved_search`; the seller blocked `blocked`.
    """

    def __init__(self):
        from accounts.services import block_member
        from discovery.models import SavedSearch
        from orders.models import Dispute
        from orders.photos import build_dispute_photo
        from orders.services import counter_offer, report_problem

        self.seller = UserFactory(username="matrix-seller")
        self.buyer = UserFactory(username="matrix-buyer")
        self.users = {
            "seller": self.seller,
            "buyer": self.buyer,
            "member": UserFactory(username="matrix-member"),
            "unverified": UserFactory(username="matrix-unverified", unverified=True),
            "blocked": UserFactory(username="matrix-blocked"),
            "suspended": UserFactory(
                username="matrix-suspended",
                is_active=False,
                suspended_at=timezone.now(),
                suspension_reason="Matrix suspension",
            ),
            "staff": UserFactory(
                username="matrix-staff", is_staff=True, is_superuser=True
            ),
        }
        self.listing = ListingFactory(seller=self.seller, title="Matrix lamp")
        add_photos(self.listing)
        self.sold_listing = ListingFactory(seller=self.seller, title="Matrix chair")
        self.order = buy(listing=self.sold_listing, buyer=self.buyer)
        self.offered_listing = ListingFactory(seller=self.seller, title="Matrix rug")
        self.offer = offer(listing=self.offered_listing, buyer=self.buyer)
        self.countered_offer = counter_offer(
            offer=offer(
                listing=ListingFactory(seller=self.seller, title="Matrix vase"),
                buyer=self.buyer,
            ),
            seller=self.seller,
            counter_cents=2300,
        )
        self.completed_order = completed(
            buy(
                listing=ListingFactory(seller=self.seller, title="Matrix mirror"),
                buyer=self.buyer,
            )
        )
        self.disputed_order = report_problem(
            order=buy(
                listing=ListingFactory(seller=self.seller, title="Matrix clock"),
                buyer=self.buyer,
            ),
            buyer=self.buyer,
            reason=Dispute.Reason.values[0],
            description="Arrived broken.",
            photos=[build_dispute_photo(make_upload(), owner=self.buyer)],
        )
        self.address = AddressFactory(user=self.buyer)
        self.saved_search = SavedSearch.objects.create(
            user=self.buyer, name="Lamps", query="q=lamp", query_hash="0" * 64
        )
        block_member(blocker=self.seller, blocked=self.users["blocked"])
        self.category = leaf_category()
        self.extra = {"photo_id": self.disputed_order.dispute.photos.get().pk}
        # Conversations: the buyer's question on `listing` and the buyer's
        # conversation with the seller about it.
        from conversations.services import open_conversation, post_comment, send_message

        self.comment = post_comment(
            listing=self.listing, author=self.buyer, text="Does it still work?"
        )
        self.conversation = open_conversation(listing=self.listing, member=self.buyer)
        self.message = send_message(
            conversation=self.conversation, sender=self.buyer, text="Hello there"
        )
        # Notifications: the buyer's entry (about the order) and a signed
        # unsubscribe link of the buyer's, for a kind they may turn off.
        from notifications.models import Kind, Notification
        from notifications.services import unsubscribe_token

        self.notification = Notification.objects.filter(recipient=self.buyer).first()
        self.extra["unsubscribe_token"] = unsubscribe_token(
            member=self.buyer, kind=Kind.PRICE_DROP
        )

    def kwargs_for(self, route: Route) -> dict:
        """Concrete URL arguments for `route`; KeyError names what is missing."""
        app = route.name.split(":")[0]
        values = {}
        for name in route.kwargs:
            if name == "pk":
                values[name] = self._pk_for(route.name, app)
            elif name == "username":
                values[name] = self.seller.username
            elif name == "slug":
                values[name] = self.category.slug
            elif name in ("token", "uidb64"):
                values[name] = "bad-" + name
            elif name in self.extra:
                values[name] = self.extra[name]
            else:
                raise KeyError(f"{route.name}: no value for <{name}> in World")
        return values

    def _pk_for(self, name: str, app: str) -> int:
        if name.startswith("orders:offer-") and name not in (
            "orders:offer-new",
            "orders:offer-settings",
        ):
            return self.offer.pk
        if name.startswith("orders:counter-"):
            return self.countered_offer.pk
        if name in ("orders:detail", "orders:ship", "orders:confirm", "orders:cancel"):
            return self.order.pk
        if name == "orders:rate":
            return self.completed_order.pk
        if name.startswith("orders:dispute"):
            return self.disputed_order.pk
        if name == "orders:report":
            return self.order.pk
        if name.startswith("accounts:address"):
            return self.address.pk
        if "saved-search" in name:
            return self.saved_search.pk
        if app == "notifications":
            return self.notification.pk
        if name == "conversations:comment-delete":
            return self.comment.pk
        if name in ("conversations:thread", "conversations:reply"):
            return self.conversation.pk
        if app in ("listings", "discovery", "orders", "conversations"):
            return self.listing.pk
        if name == "moderation:report-comment":
            return self.comment.pk
        if name == "moderation:report-message":
            return self.message.pk
        if name == "moderation:report-listing":
            return self.listing.pk
        raise KeyError(f"{name}: no pk in World")

    def more_pages(self) -> list[str]:
        """Pages in other states than the ones the URL patterns point at."""
        return [
            self.completed_order.get_absolute_url(),
            self.disputed_order.get_absolute_url(),
            self.countered_offer.get_absolute_url(),
        ]

    def url(self, route: Route) -> str:
        return reverse(route.name, kwargs=self.kwargs_for(route))
