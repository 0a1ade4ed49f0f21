from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.exceptions import AccountError
from accounts.models import Address, Block, User
from marketplace.admin import NoAddMixin
from marketplace.audit import reason_action, staff_actions_html


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


class SuspendedFilter(admin.SimpleListFilter):
    title = _("suspended")
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(suspended_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(suspended_at__isnull=True)
        return queryset


class SuspendForm(forms.Form):
    """Staff's reason for a suspension; the member sees it and can appeal."""

    reason = forms.CharField(
        label=_("Reason shown to the member"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class UnsuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the suspension is lifted (kept in the audit)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _refusal(work) -> str | None:
    try:
        work()
    except AccountError as error:
        return str(error)
    return None


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
        "suspended_at",
        "is_staff",
        "date_joined",
    ]
    list_filter = [
        "is_active",
        SuspendedFilter,
        "is_staff",
        VerifiedFilter,
        "is_superuser",
    ]
    search_fields = ["username", "email", "display_name"]
    ordering = ["-date_joined"]
    raw_id_fields = ["default_address"]
    # Suspension goes through the actions below (they decline offers, audit).
    readonly_fields = [
        "last_login",
        "date_joined",
        "email_verified_at",
        "is_active",
        "suspended_at",
        "suspension_reason",
        "staff_actions",
    ]
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
                    "suspended_at",
                    "suspension_reason",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
        (_("Staff actions"), {"fields": ["staff_actions"]}),
    ]
    inlines = [AddressInline]

    @admin.display(description=_("staff actions (audit)"))
    def staff_actions(self, obj):
        return staff_actions_html(obj)

    actions = ["suspend_members", "unsuspend_members"]

    @admin.action(
        description=_("Suspend selected members (with a reason)"),
        permissions=["change"],
    )
    def suspend_members(self, request, queryset):
        return reason_action(
            self,
            request,
            queryset,
            form_class=SuspendForm,
            action="suspend_members",
            title=_("Suspend members"),
            intro=_(
                "These members will be logged out and unable to log in; their "
                "listings are hidden and their open offers declined. Their open "
                "orders stay: resolve them from the orders list (filter "
                '"member suspended").'
            ),
            run=lambda member, data: _refusal(
                lambda: services.suspend_member(
                    member=member, staff=request.user, reason=data["reason"]
                )
            ),
        )

    @admin.action(
        description=_("Lift the suspension of selected members"),
        permissions=["change"],
    )
    def unsuspend_members(self, request, queryset):
        return reason_action(
            self,
            request,
            queryset,
            form_class=UnsuspendForm,
            action="unsuspend_members",
            title=_("Lift suspensions"),
            intro=_("These members can log in again; their listings come back."),
            run=lambda member, data: _refusal(
                lambda: services.unsuspend_member(
                    member=member, staff=request.user, reason=data["reason"]
                )
            ),
        )


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
