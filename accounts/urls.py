from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", views.SignupView.as_view(), name="signup"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/verify/<str:token>/", views.verify_email, name="verify-email"),
    path(
        "accounts/verification-required/",
        views.verification_required,
        name="verification-required",
    ),
    path(
        "accounts/verification/resend/",
        views.resend_verification,
        name="resend-verification",
    ),
    path("accounts/settings/", views.account_settings, name="settings"),
    path("accounts/settings/email/", views.change_email, name="change-email"),
    path("accounts/settings/vacation/", views.vacation, name="vacation"),
    path(
        "accounts/settings/password/",
        views.PasswordChangeView.as_view(),
        name="password-change",
    ),
    path(
        "accounts/password-reset/",
        views.PasswordResetView.as_view(),
        name="password-reset",
    ),
    path(
        "accounts/password-reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "accounts/password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("accounts/addresses/", views.AddressListView.as_view(), name="addresses"),
    path("accounts/addresses/new/", views.address_form, name="address-new"),
    path("accounts/addresses/<id:pk>/edit/", views.address_form, name="address-edit"),
    path(
        "accounts/addresses/<id:pk>/delete/",
        views.address_delete,
        name="address-delete",
    ),
    path(
        "accounts/addresses/<id:pk>/default/",
        views.address_make_default,
        name="address-default",
    ),
    path("accounts/block/<str:username>/", views.block, name="block"),
    path("accounts/unblock/<str:username>/", views.unblock, name="unblock"),
    path("accounts/data/", views.export_data, name="export-data"),
    path("accounts/delete/", views.delete_account, name="delete"),
    path("u/<str:username>/", views.profile, name="profile"),
]
