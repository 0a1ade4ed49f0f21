"""Account pages: sign-up, login, verification, settings, addresses, profiles.

Blocking a member is a POST from their profile; the list is in settings.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView, ListView

from accounts import hooks, selectors, services
from accounts.exceptions import AccountError
from accounts.forms import (
    AddressForm,
    DeleteAccountForm,
    EmailChangeForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    SignupForm,
    VacationForm,
)
from marketplace.db_router import reads_from_replica
from marketplace.hooks import merged
from marketplace.http import run_and_redirect, safe_next
from marketplace.images import ImageRejected
from marketplace.ratelimit import carries_files, throttle
from marketplace.shared import HOLE, fill, fragment_key, shared_fragment


@method_decorator(throttle("signup-ip"), name="dispatch")
class SignupView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.register_member(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except AccountError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        # The same answer, and no login, whether or not the address already
        # had an account (then its owner is emailed instead): sign-up must not
        # tell anyone which addresses are registered.
        messages.success(
            self.request,
            _(
                "Check your email: we sent a message to %(email)s. Follow its "
                "link to verify your address, then log in."
            )
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:login")


@method_decorator(throttle("login-account", "login-ip"), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        """A suspended member with the right password learns why and how to
        appeal (no one else learns that the account exists)."""
        member = form.suspended_member
        if member is None:
            return super().form_invalid(form)
        return render(
            self.request,
            "accounts/suspended.html",
            {
                "reason": member.suspension_reason,
                "suspended_at": member.suspended_at,
                "support_email": settings.SUPPORT_EMAIL,
            },
            status=403,
        )


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule), then back home with a message."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response


def verify_email(request, token):
    """Follow a verification link from an email."""
    try:
        user = services.confirm_email(token=token)
    except AccountError as error:
        return render(
            request, "accounts/verify_failed.html", {"error": str(error)}, status=400
        )
    messages.success(
        request, _("Thanks! %(email)s is verified.") % {"email": user.email}
    )
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("home")
    return redirect("accounts:login")


@login_required
def verification_required(request):
    """Explain why an action needs a verified email, and offer to resend the link."""
    next_url = safe_next(request, reverse("home"))
    if request.user.is_verified:
        return redirect(next_url)
    return render(request, "accounts/verification_required.html", {"next": next_url})


@login_required
@require_POST
@throttle("verification-resend")
def resend_verification(request):
    if request.user.is_verified:
        messages.info(request, _("Your email is already verified."))
    else:
        services.send_verification_email(user=request.user)
        messages.success(
            request,
            _("We sent a new verification link to %(email)s.")
            % {"email": request.user.email},
        )
    next_url = safe_next(request, reverse("home"))
    return redirect(
        f"{reverse('accounts:verification-required')}?{urlencode({'next': next_url})}"
        if not request.user.is_verified
        else next_url
    )


def _settings_page(request, *, profile_form=None, email_form=None, status=200):
    return render(
        request,
        "accounts/settings.html",
        {
            "profile_form": profile_form or ProfileForm(instance=request.user),
            "email_form": email_form or EmailChangeForm(user=request.user),
            "vacation_form": VacationForm(
                initial={"vacation_until": request.user.vacation_until}
            ),
            "blocks": selectors.list_blocked(blocker=request.user),
            **merged(hooks.settings_page_context.call(request=request)),
        },
        status=status,
    )


@login_required
@throttle("upload-member", when=carries_files)
def account_settings(request):
    """Profile settings (GET shows every section; POST saves the profile)."""
    if request.method != "POST":
        return _settings_page(request)
    form = ProfileForm(request.POST, request.FILES, instance=request.user)
    if form.is_valid():
        try:
            services.update_profile(
                user=request.user,
                display_name=form.cleaned_data["display_name"],
                bio=form.cleaned_data["bio"],
                state=form.cleaned_data["state"],
                time_zone=form.cleaned_data["time_zone"],
                avatar_upload=form.cleaned_data.get("avatar_upload"),
                remove_avatar=form.cleaned_data["remove_avatar"],
            )
        except ImageRejected as error:
            form.add_error("avatar_upload", str(error))
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:settings")
    request.user.refresh_from_db()
    return _settings_page(request, profile_form=form, status=400)


@login_required
@require_POST
def change_email(request):
    form = EmailChangeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.request_email_change(
                user=request.user, new_email=form.cleaned_data["new_email"]
            )
        except AccountError as error:
            form.add_error("new_email", str(error))
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Your email changes when you follow it.")
                % {"email": form.cleaned_data["new_email"]},
            )
            return redirect("accounts:settings")
    return _settings_page(request, email_form=form, status=400)


@login_required
@require_POST
def vacation(request):
    """Turn vacation mode on (until a date) or off."""
    form = VacationForm(request.POST)
    if form.is_valid():
        try:
            services.set_vacation(
                user=request.user, until=form.cleaned_data["vacation_until"]
            )
        except AccountError as error:
            messages.error(request, str(error))
        else:
            if request.user.vacation_until:
                messages.success(
                    request,
                    _("Vacation mode is on until %(date)s. Your listings are hidden.")
                    % {"date": request.user.vacation_until.strftime("%B %-d")},
                )
            else:
                messages.success(request, _("Vacation mode is off."))
    else:
        messages.error(request, _("Enter a valid date, like 2026-12-24."))
    if request.POST.get("next") == "settings":
        return redirect("accounts:settings")
    return redirect("listings:selling")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


@method_decorator(
    throttle("password-reset-ip", "password-reset-email"), name="dispatch"
)
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class AddressListView(LoginRequiredMixin, ListView):
    template_name = "accounts/address_list.html"
    context_object_name = "addresses"

    def get_queryset(self):
        return selectors.list_addresses(user=self.request.user)


@login_required
def address_form(request, pk=None):
    """Add an address (no pk) or edit one of the member's own."""
    address = selectors.get_own_address(user=request.user, pk=pk) if pk else None
    form = AddressForm(
        request.POST or None,
        instance=address,
        initial={
            "make_default": bool(
                address and request.user.default_address_id == address.pk
            )
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_address(
                user=request.user,
                address=address,
                fields=form.field_values(),
                make_default=form.cleaned_data["make_default"],
            )
        except AccountError as error:  # e.g. ADDRESSES_MAX reached
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Address saved."))
            return redirect(safe_next(request, reverse("accounts:addresses")))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/address_form.html",
        {"form": form, "address": address, "next": safe_next(request, "")},
        status=status,
    )


@login_required
def address_delete(request, pk):
    address = selectors.get_own_address(user=request.user, pk=pk)
    if request.method == "POST":
        services.delete_address(user=request.user, address=address)
        messages.success(request, _("Address deleted."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_confirm_delete.html", {"address": address})


@login_required
@require_POST
def address_make_default(request, pk):
    address = selectors.get_own_address(user=request.user, pk=pk)
    services.set_default_address(user=request.user, address=address)
    messages.success(request, _("Default address updated."))
    return redirect("accounts:addresses")


@login_required
@require_POST
def block(request, username):
    """Block a member (from their profile); back to `next` or the profile."""
    member = selectors.get_public_member(username=username)
    done = _(
        "You blocked %(name)s. Neither of you can buy from or make offers to "
        "the other, and open offers between you are closed."
    )
    return _change_block(request, member, services.block_member, done)


@login_required
@require_POST
def unblock(request, username):
    """Lift a block (from the profile or settings); back to `next` or the profile."""
    member = selectors.get_member(username=username)
    done = _("You unblocked %(name)s.")
    return _change_block(request, member, services.unblock_member, done)


def _change_block(request, member, service, done: str):
    """Run `service` (block or unblock) on `member`; back to `next` or the profile."""
    return run_and_redirect(
        request,
        safe_next(request, member.get_absolute_url()),
        lambda: service(blocker=request.user, blocked=member),
        refused=AccountError,
        done=done % {"name": member.name},
    )


PROFILE_ACTIONS_HOLE = HOLE.format("actions")
PROFILE_AWAY_HOLE = HOLE.format("away")


@require_safe
@reads_from_replica
def profile(request, username):
    """/u/<username>/: the member's card, ratings and stats, and their listings.

    The listings and the reputation come from the apps that own them, through
    `accounts.hooks.profile_page_context`.
    """
    member = selectors.get_public_member(username=username)
    viewer = request.user
    blocked_by_viewer = (
        viewer.is_authenticated
        and viewer.pk != member.pk
        and selectors.has_blocked(blocker=viewer, blocked=member)
    )
    # Everything but the viewer's own part is the same for every viewer: a
    # fragment shared for a few seconds (marketplace.shared).
    body = shared_fragment(
        request,
        fragment_key(
            "profile",
            member.pk,
            request.path,
            request.GET.get("tab", ""),
            request.GET.get("cursor", ""),
            get_language(),
        ),
        lambda: render_to_string(
            "accounts/_profile_body.html",
            {
                "member": member,
                **merged(
                    hooks.profile_page_context.call(request=request, member=member)
                ),
            },
        ),
    )
    viewer_context = {"member": member, "blocked_by_viewer": blocked_by_viewer}
    return render(
        request,
        "accounts/profile.html",
        {
            "member": member,
            "body": fill(
                body,
                {
                    PROFILE_ACTIONS_HOLE: render_to_string(
                        "accounts/_profile_viewer.html", viewer_context, request
                    ),
                    PROFILE_AWAY_HOLE: render_to_string(
                        "accounts/_profile_away.html", viewer_context, request
                    ),
                },
            ),
        },
    )


# --- Trust: account data export and deletion ------------------------------------


@login_required
@require_POST
@throttle("export-member")
def export_data(request):
    """POST /accounts/data/: the member's data as a JSON file to download."""
    member = request.user
    data = selectors.member_data(member=member)
    filename = f"nomi-{member.username}-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@throttle("delete-member")
def delete_account(request):
    """/accounts/delete/: GET asks for the password (or says why not now);
    POST deletes the account and logs out."""
    member = request.user
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.delete_account(
                    member=member, password=form.cleaned_data["password"]
                )
            except AccountError as error:
                form.add_error(None, str(error))
            else:
                logout(request)
                messages.success(
                    request,
                    _("Your account is deleted. Thank you for using Nomi."),
                )
                return redirect("home")
        status = 400
    return render(
        request,
        "accounts/delete_account.html",
        {
            "form": form,
            "refusal": selectors.deletion_refusal(member=member),
            "settings_url": reverse("accounts:settings") + "#your-data",
        },
        status=status,
    )
