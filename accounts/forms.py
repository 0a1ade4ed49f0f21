"""Account forms: they validate input; services do the writing."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts.backends import suspended_member
from accounts.models import Address, normalise_email
from accounts.timezones import from_state_label
from marketplace.emails import send_templated_email_now
from marketplace.images import accepted_formats_text
from marketplace.text import text_field_classes

User = get_user_model()


class SignupForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "email"]
        labels = {"username": _("Username"), "email": _("Email")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["username"].widget.attrs.update(autocomplete="username")
        self.fields["email"].widget.attrs.update(autocomplete="email")

    def clean_email(self):
        # Whether the address has an account is not said here: that would
        # tell anyone. The sign-up service emails the owner instead.
        return normalise_email(self.cleaned_data["email"])

    def validate_unique(self):
        """Check that the username is free (usernames are public), not the email."""
        exclude = {*self._get_validation_exclusions(), "email"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That username or email and password do not match an account."
        ),
        "inactive": _("This account is suspended. Contact support for help."),
    }
    # The suspended member who gave their right password (the view then shows
    # why they are suspended and how to appeal).
    suspended_member = None

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            self.suspended_member = suspended_member(
                self.cleaned_data.get("username"), self.cleaned_data.get("password")
            )
            if self.suspended_member is not None:
                raise forms.ValidationError(
                    self.error_messages["inactive"], code="inactive"
                ) from None
            raise


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, its email sent through the outbox.

    The link in it is built from SITE_URL (the template uses `site_url`), never
    from the request's Host header, which a client chooses.
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        send_templated_email_now(
            to=to_email,
            template=email_template_name.removesuffix("_body.txt"),
            context=context,
        )


class ProfileForm(forms.ModelForm):
    avatar_upload = forms.FileField(
        label=_("Avatar"),
        required=False,
        help_text=_("A square crop is made. %(formats)s.")
        % {"formats": accepted_formats_text()},
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove avatar"), required=False)

    class Meta:
        model = User
        fields = ["display_name", "bio", "state", "time_zone"]
        labels = {
            "display_name": _("Display name"),
            "bio": _("Bio"),
            "state": _("State"),
            "time_zone": _("Time zone"),
        }
        help_texts = {
            "display_name": _("Shown instead of your username; optional."),
            "bio": _("Up to 500 characters."),
            "time_zone": _(
                "Dates and times on Nomi and in your emails are shown in it. "
                "“From my state” uses your state's zone."
            ),
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        field_classes = text_field_classes(User)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Blank is "From my state": say which zone that is for this member.
        choices = list(self.fields["time_zone"].choices)
        choices[0] = ("", from_state_label(self.instance))
        self.fields["time_zone"].choices = choices


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label=_("New email"))
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self):
        email = normalise_email(self.cleaned_data["new_email"])
        if email == self.user.email:
            raise forms.ValidationError(_("That is already your email address."))
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("An account with that email already exists."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Your password was entered incorrectly."))
        return password


class AddressForm(forms.ModelForm):
    make_default = forms.BooleanField(
        label=_("Use as my default shipping address"), required=False
    )

    class Meta:
        model = Address
        fields = ["full_name", "line1", "line2", "city", "state", "zip_code"]
        labels = {
            "full_name": _("Full name"),
            "line1": _("Address"),
            "line2": _("Apartment, suite, etc. (optional)"),
            "city": _("City"),
            "state": _("State"),
            "zip_code": _("ZIP code"),
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "zip_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
        }
        field_classes = text_field_classes(Address)

    def field_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class VacationForm(forms.Form):
    vacation_until = forms.DateField(
        label=_("Away until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Hides your listings until this date (at most %(days)d days). "
            "Leave empty to end vacation mode."
        )
        % {"days": settings.VACATION_MAX_DAYS},
    )


class DeleteAccountForm(forms.Form):
    """The password, to confirm that the member deletes their own account."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("The password you log in with, to confirm it is you."),
    )
