"""Staff screens for the catalogue and listings; state changes go through services."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from listings import services
from listings.exceptions import ListingError
from listings.forms import RemoveListingForm
from listings.models import (
    Brand,
    Category,
    Listing,
    ListingModeration,
    ListingPhoto,
    PriceChange,
    ShippingTier,
)
from marketplace.admin import NoAddMixin, ReadOnlyMixin, RecordPageMixin
from marketplace.audit import reason_action, staff_actions_html


class DepartmentFilter(admin.SimpleListFilter):
    title = _("department")
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in Category.objects.departments()]

    def queryset(self, request, queryset):
        # Only a department the list offers filters; any other value (a typo,
        # "abc", a number too big for the column) is ignored, never a 500.
        offered = {str(pk) for pk, _name in self.lookup_choices}
        if self.value() in offered:
            return queryset.filter(category__parent_id=int(self.value()))
        return queryset


def _thumbnail(photo, size=64):
    if not photo or not photo.thumb_320:
        return "—"
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" style="object-fit:cover">',
        photo.thumb_320.url,
        size,
        size,
    )


class ListingPhotoInline(ReadOnlyMixin, admin.TabularInline):
    """Photos come and go through the upload pipeline and the seller's edit
    form only (they own files and the listing's photo count); to take an
    offending photo down, remove the listing."""

    model = ListingPhoto
    extra = 0
    fields = ["preview", "position", "width", "height", "created_at"]
    readonly_fields = ["preview", "width", "height", "created_at"]
    ordering = ["position", "id"]
    can_delete = False

    @admin.display(description=_("photo"))
    def preview(self, photo):
        return _thumbnail(photo, 96)


class PriceChangeInline(NoAddMixin, admin.TabularInline):
    model = PriceChange
    extra = 0
    fields = ["old_cents", "new_cents", "changed_at"]
    readonly_fields = fields
    can_delete = False


class ListingModerationInline(ReadOnlyMixin, admin.TabularInline):
    """Who removed or restored the listing, and why (written by the services)."""

    model = ListingModeration
    extra = 0
    fields = ["created_at", "action", "staff", "reason"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("staff")


class RestoreListingForm(RemoveListingForm):
    """Staff's reason for putting a removed listing back; kept in its history."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Reason for restoring (kept in the history)")

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the listing is restored."))
        return reason


@dataclass(frozen=True)
class Moderation:
    """A staff action on listings: the reason form, the service, what to say.

    `service(listing=, staff=, reason=)` is looked up when it runs (so a
    patched service is the one called).
    """

    form_class: type[forms.Form]
    service: Callable
    action: str
    title: str
    intro: str


REMOVE = Moderation(
    form_class=RemoveListingForm,
    service=lambda **kwargs: services.remove_listing(**kwargs),
    action="remove_listings",
    title=_("Remove listings"),
    intro=_(
        "These listings will be removed. Each seller is told the reason and "
        "sees it on the item page."
    ),
)
RESTORE = Moderation(
    form_class=RestoreListingForm,
    service=lambda **kwargs: services.restore_listing(**kwargs),
    action="restore_listings",
    title=_("Restore listings"),
    intro=_(
        "These listings will be put back in the state they had before their "
        "removal. The reason is kept in each listing's moderation history."
    ),
)


@admin.register(Listing)
class ListingAdmin(RecordPageMixin, admin.ModelAdmin):
    """Listings as records: every field is the seller's or a service's.

    The page is read-only: editing a price, title or category here would skip
    the search document, the price log, price-drop emails and offer closing.
    Staff act through the remove/restore actions, which call the services and
    record who and why.
    """

    list_display = [
        "cover",
        "title",
        "seller",
        "status",
        "price",
        "category",
        "condition",
        "published_at",
    ]
    list_display_links = ["cover", "title"]
    list_filter = [
        "status",
        ("held_for_review_at", admin.EmptyFieldListFilter),
        DepartmentFilter,
        "condition",
        "shipping_payer",
    ]
    search_fields = ["title", "seller__username", "seller__email", "brand_name"]
    list_select_related = ["seller", "category__parent"]
    raw_id_fields = ["seller", "brand"]
    readonly_fields = [
        "status",
        "status_before_removal",
        "removed_reason",
        "held_for_review_at",
        "staff_actions",
        "shipping_cents",
        "created_at",
        "updated_at",
        "published_at",
    ]
    inlines = [
        ListingPhotoInline,
        PriceChangeInline,
        ListingModerationInline,
    ]
    actions = ["remove_listings", "restore_listings"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("photos")

    @admin.display(description=_("staff actions (audit)"))
    def staff_actions(self, obj):
        return staff_actions_html(obj)

    @admin.display(description=_("photo"))
    def cover(self, listing):
        return _thumbnail(listing.cover)

    @admin.display(description=_("price"), ordering="price_cents")
    def price(self, listing):
        return f"${listing.price_cents // 100:,}"

    def _moderate(self, request, queryset, moderation: "Moderation"):
        """Ask for a reason, then run the service on each listing; report the count."""

        def run(listing, data) -> str | None:
            try:
                moderation.service(
                    listing=listing, staff=request.user, reason=data["reason"]
                )
            except ListingError as error:
                return str(error)
            return None

        return reason_action(
            self,
            request,
            queryset.select_related("seller"),
            form_class=moderation.form_class,
            action=moderation.action,
            title=moderation.title,
            intro=moderation.intro,
            run=run,
        )

    @admin.action(
        description=_("Remove selected listings (with a reason)"),
        permissions=["change"],
    )
    def remove_listings(self, request, queryset):
        return self._moderate(request, queryset, REMOVE)

    @admin.action(
        description=_("Restore selected removed listings (with a reason)"),
        permissions=["change"],
    )
    def restore_listings(self, request, queryset):
        return self._moderate(request, queryset, RESTORE)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["parent__position", "position", "name"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(ShippingTier)
class ShippingTierAdmin(admin.ModelAdmin):
    list_display = ["name", "max_weight_oz", "price_cents", "position", "is_active"]
    list_editable = ["price_cents", "position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
