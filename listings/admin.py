"""Staff screens for the catalogue and listings; state changes go through services."""

from django.contrib import admin, messages
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from listings import services
from listings.exceptions import ListingError
from listings.forms import RemoveListingForm
from listings.models import (
    Brand,
    Category,
    Listing,
    ListingPhoto,
    PriceChange,
    ShippingTier,
)


class DepartmentFilter(admin.SimpleListFilter):
    title = _("department")
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in Category.objects.departments()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(category__parent_id=self.value())
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


class ListingPhotoInline(admin.TabularInline):
    model = ListingPhoto
    extra = 0
    fields = ["preview", "position", "width", "height", "created_at"]
    readonly_fields = ["preview", "width", "height", "created_at"]
    ordering = ["position", "id"]
    can_delete = True

    @admin.display(description=_("photo"))
    def preview(self, photo):
        return _thumbnail(photo, 96)

    def has_add_permission(self, request, obj=None):
        return False  # Photos come through the upload pipeline only.


class PriceChangeInline(admin.TabularInline):
    model = PriceChange
    extra = 0
    fields = ["old_cents", "new_cents", "changed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
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
    list_filter = ["status", DepartmentFilter, "condition", "shipping_payer"]
    search_fields = ["title", "seller__username", "seller__email", "brand_name"]
    list_select_related = ["seller", "category__parent"]
    raw_id_fields = ["seller", "brand"]
    readonly_fields = [
        "status",
        "status_before_removal",
        "removed_reason",
        "shipping_cents",
        "created_at",
        "updated_at",
        "published_at",
    ]
    inlines = [ListingPhotoInline, PriceChangeInline]
    actions = ["remove_listings", "restore_listings"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("photos")

    @admin.display(description=_("photo"))
    def cover(self, listing):
        return _thumbnail(listing.cover)

    @admin.display(description=_("price"), ordering="price_cents")
    def price(self, listing):
        return f"${listing.price_cents // 100:,}"

    @admin.action(description=_("Remove selected listings (with a reason)"))
    def remove_listings(self, request, queryset):
        if "apply" in request.POST:
            form = RemoveListingForm(request.POST)
            if form.is_valid():
                done = 0
                for listing in queryset:
                    try:
                        services.remove_listing(
                            listing=listing,
                            staff=request.user,
                            reason=form.cleaned_data["reason"],
                        )
                    except ListingError as error:
                        self.message_user(
                            request, f"{listing}: {error}", messages.WARNING
                        )
                    else:
                        done += 1
                self.message_user(
                    request,
                    _("%(count)d listing(s) removed; sellers were emailed.")
                    % {"count": done},
                )
                return None
        else:
            form = RemoveListingForm()
        return render(
            request,
            "admin/listings/remove_listings.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Remove listings"),
                "listings": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Restore selected removed listings"))
    def restore_listings(self, request, queryset):
        done = 0
        for listing in queryset:
            try:
                services.restore_listing(listing=listing, staff=request.user)
            except ListingError as error:
                self.message_user(request, f"{listing}: {error}", messages.WARNING)
            else:
                done += 1
        self.message_user(
            request, _("%(count)d listing(s) restored.") % {"count": done}
        )


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
