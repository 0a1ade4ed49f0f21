from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Address, Block, User
from marketplace.admin import NoAddMixin


class VerifiedFilter(admin.SimpleListFilter):
    title = _("email verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(email_verified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(email_verified_at__isnull=True)
        return queryset


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0
    fields = ["full_name", "line1", "line2", "city", "state", "zip_code"]


@admin.register(User)
class MemberAdmin(UserAdmin):
    list_display = [
        "username",
        "email",
        "display_name",
        "state",
        "email_verified_at",
        "is_active",
        "is_staff",
        "date_joined",
    ]
    list_filter = ["is_active", "is_staff", VerifiedFilter, "is_superuser"]
    search_fields = ["username", "email", "display_name"]
    ordering = ["-date_joined"]
    raw_id_fields = ["default_address"]
    readonly_fields = ["last_login", "date_joined", "email_verified_at"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "email",
                    "email_verified_at",
                    "display_name",
                    "bio",
                    "avatar",
                    "state",
                    "default_address",
                ]
            },
        ),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    inlines = [AddressInline]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user", "city", "state", "zip_code", "created_at"]
    list_filter = ["state"]
    search_fields = ["full_name", "user__username", "user__email", "zip_code"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Block)
class BlockAdmin(NoAddMixin, admin.ModelAdmin):
    """Blocks are members' own choice: staff see and may lift them, never add them.

    Adding one here would skip block_member, which also closes the two
    members' open offers.
    """

    list_display = ["blocker", "blocked", "created_at"]
    search_fields = [
        "blocker__username",
        "blocker__email",
        "blocked__username",
        "blocked__email",
    ]
    list_select_related = ["blocker", "blocked"]
    raw_id_fields = ["blocker", "blocked"]
    readonly_fields = ["blocker", "blocked", "created_at"]
