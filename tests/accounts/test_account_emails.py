"""Account emails: links built from SITE_URL, and sign-up that does not tell
whether an email address is registered."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from marketplace.models import OutboxEmail
from tests.factories import PASSWORD, UserFactory

User = get_user_model()

SIGNUP = {
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://nomi.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "evil.example"]
    return settings.SITE_URL


def links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


# --- Password reset -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["localhost", "evil.example"])
def test_reset_link_is_built_from_site_url_not_the_host_header(
    client, member, site, host
):
    response = client.post(
        reverse("accounts:password-reset"), {"email": member.email}, HTTP_HOST=host
    )

    assert response.status_code == 302
    [message] = mail.outbox
    [link] = links(message.body)
    assert link.startswith(f"{site}/accounts/password-reset/")
    assert host not in message.body


@pytest.mark.django_db
def test_reset_email_goes_through_the_outbox(client, member):
    client.post(reverse("accounts:password-reset"), {"email": member.email})

    email = OutboxEmail.objects.get()
    assert email.to == member.email
    assert email.sent_at is not None
    assert [m.subject for m in mail.outbox] == [email.subject]


@pytest.mark.django_db
def test_verification_and_email_change_links_use_site_url(client, on_commit, site):
    user = UserFactory(unverified=True)
    client.force_login(user)

    with on_commit():
        client.post(reverse("accounts:resend-verification"), HTTP_HOST="localhost")
        client.post(
            reverse("accounts:change-email"),
            {"new_email": "new@example.com", "password": PASSWORD},
            HTTP_HOST="localhost",
        )

    assert [m.to for m in mail.outbox] == [[user.email], ["new@example.com"]]
    for message in mail.outbox:
        [link] = links(message.body)
        assert link.startswith(f"{site}/accounts/verify/")


# --- Sign-up does not enumerate accounts -----------------------------------------


def page_text(response, email: str) -> str:
    """The page without what must differ: the address typed, the CSRF token."""
    page = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def sign_up(username: str, email: str, on_commit):
    client = Client()
    with on_commit():
        response = client.post(
            reverse("accounts:signup"), {**SIGNUP, "username": username, "email": email}
        )
    return client, response


@pytest.mark.django_db
def test_signup_answers_the_same_for_a_new_and_a_registered_email(on_commit, site):
    owner = UserFactory(email="taken@example.com", username="owner")

    fresh_client, fresh = sign_up("newcomer", "fresh@example.com", on_commit)
    taken_client, taken = sign_up("intruder", "TAKEN@Example.com", on_commit)

    assert fresh.status_code == taken.status_code == 302
    assert fresh["Location"] == taken["Location"]
    assert sorted(fresh.cookies) == sorted(taken.cookies)
    fresh_page = page_text(fresh_client.get(fresh["Location"]), "fresh@example.com")
    taken_page = page_text(taken_client.get(taken["Location"]), "taken@example.com")
    assert "Check your email" in fresh_page
    assert fresh_page == taken_page
    # Neither is logged in: being logged in would tell the two apart.
    assert "_auth_user_id" not in fresh_client.session
    assert "_auth_user_id" not in taken_client.session

    assert User.objects.filter(username="newcomer", email="fresh@example.com").exists()
    assert not User.objects.filter(username="intruder").exists()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    welcome, warning = mail.outbox
    assert welcome.to == ["fresh@example.com"]
    assert links(welcome.body)[0].startswith(f"{site}/accounts/verify/")
    # The owner of the registered address hears about the attempt instead.
    assert warning.to == ["taken@example.com"]
    assert "sign up" in warning.subject.lower()
    assert f"{site}{reverse('accounts:login')}" in links(warning.body)
    assert f"{site}{reverse('accounts:password-reset')}" in links(warning.body)
    assert "/accounts/verify/" not in warning.body


@pytest.mark.django_db
def test_new_member_verifies_then_logs_in(client, on_commit):
    _, response = sign_up("newcomer", "fresh@example.com", on_commit)
    assert response["Location"] == reverse("accounts:login")
    user = User.objects.get(username="newcomer")
    assert not user.is_verified

    path = re.search(r"/accounts/verify/\S+/", mail.outbox[0].body).group()
    client.get(path)
    response = client.post(
        reverse("accounts:login"),
        {"username": "fresh@example.com", "password": SIGNUP["password1"]},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_verified
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_taken_username_is_still_refused_by_name(on_commit):
    UserFactory(username="owner")

    _, response = sign_up("Owner", "fresh@example.com", on_commit)

    assert response.status_code == 200
    assert "That username is taken." in response.content.decode()
    assert mail.outbox == []
