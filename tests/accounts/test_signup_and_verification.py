import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.tokens import make_verification_token
from tests.factories import PASSWORD, UserFactory

User = get_user_model()

SIGNUP = {
    "username": "new_seller-1",
    "email": "New.Seller@Example.com",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


def verification_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/verify/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
def test_signup_verify_then_login_by_email_and_username(client, on_commit):
    with on_commit():
        response = client.post(reverse("accounts:signup"), SIGNUP)

    # Not logged in yet: sign-up answers the same whether or not the address
    # has an account (tests/accounts/test_account_emails.py).
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    user = User.objects.get(username="new_seller-1")
    assert user.email == "new.seller@example.com"
    assert not user.is_verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.seller@example.com"]

    response = client.get(verification_path(mail.outbox[0]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_verified

    client.post(reverse("accounts:logout"))
    for login in ("NEW.seller@example.com", "New_Seller-1"):
        response = client.post(
            reverse("accounts:login"),
            {"username": login, "password": SIGNUP["password1"]},
        )
        assert response.status_code == 302, login
        assert client.session["_auth_user_id"] == str(user.pk)
        client.post(reverse("accounts:logout"))


@pytest.mark.django_db
def test_duplicate_email_in_another_case_makes_no_account(client, on_commit):
    UserFactory(email="taken@example.com")

    with on_commit():
        response = client.post(
            reverse("accounts:signup"), {**SIGNUP, "email": "TAKEN@Example.COM"}
        )

    # The usual answer, so the page does not tell that the address is taken;
    # its owner is told by email instead.
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not User.objects.filter(username=SIGNUP["username"]).exists()
    assert [m.to for m in mail.outbox] == [["taken@example.com"]]
    assert "/accounts/verify/" not in mail.outbox[0].body


@pytest.mark.django_db
def test_username_differing_only_in_case_is_refused(client):
    UserFactory(username="Alice")

    response = client.post(reverse("accounts:signup"), {**SIGNUP, "username": "alice"})

    assert response.status_code == 200
    assert User.objects.filter(username__iexact="alice").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["has space", "semi;colon", "<script>", "ümlaut"])
def test_username_characters_are_restricted(client, username):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "username": username})

    assert response.status_code == 200
    assert "Use only letters, digits" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_weak_password_is_refused_with_a_message(client):
    response = client.post(
        reverse("accounts:signup"),
        {**SIGNUP, "password1": "12345678", "password2": "12345678"},
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_expired_verification_link_is_refused(client, settings):
    user = UserFactory(unverified=True)
    token = make_verification_token(user=user, email=user.email)
    settings.EMAIL_VERIFICATION_MAX_AGE = timedelta(seconds=-1)

    response = client.get(reverse("accounts:verify-email", args=[token]))

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_verified


@pytest.mark.django_db
def test_tampered_verification_link_is_refused(client):
    user = UserFactory(unverified=True)
    token = make_verification_token(user=user, email=user.email)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    response = client.get(reverse("accounts:verify-email", args=[tampered]))

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_verified


@pytest.mark.django_db
def test_resend_verification_sends_a_new_link(client, on_commit):
    user = UserFactory(unverified=True)
    client.force_login(user)

    with on_commit():
        response = client.post(reverse("accounts:resend-verification"))

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    client.get(verification_path(mail.outbox[0]))
    user.refresh_from_db()
    assert user.is_verified


@pytest.mark.django_db
def test_wrong_password_shows_a_clear_error(client, member):
    response = client.post(
        reverse("accounts:login"), {"username": member.username, "password": "nope"}
    )

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_suspended_member_cannot_log_in(client):
    user = UserFactory(is_active=False)

    client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )

    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_requires_post(member_client):
    assert member_client.get(reverse("accounts:logout")).status_code == 405
    response = member_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in member_client.session


@pytest.mark.django_db
def test_password_reset_email_lets_the_member_choose_a_new_password(
    client, on_commit, member
):
    response = client.post(
        reverse("accounts:password-reset"), {"email": member.email.upper()}
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    path = re.search(
        r"https?://[^/\s]+(/accounts/password-reset/\S+/)", mail.outbox[0].body
    )
    assert path, mail.outbox[0].body
    response = client.get(path.group(1), follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url,
        {
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-brand-new-passphrase")


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_but_looks_the_same(
    client, on_commit
):
    response = client.post(
        reverse("accounts:password-reset"), {"email": "x@example.com"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_resend_keeps_a_next_path_with_a_query_whole(client, db):
    client.force_login(UserFactory(unverified=True))
    target = "/search/?q=lamp&sort=price_asc"

    response = client.post(reverse("accounts:resend-verification"), {"next": target})

    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.context["next"] == target
