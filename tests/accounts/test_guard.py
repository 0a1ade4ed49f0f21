import pytest
from django.http import HttpResponse
from django.urls import include, path, reverse

from accounts.decorators import verified_member_required


@verified_member_required
def gated_view(request):
    return HttpResponse("listed")


urlpatterns = [
    path("gated/", gated_view),
    path("", include("marketplace.urls")),
]

pytestmark = pytest.mark.urls(__name__)


def test_visitor_is_sent_to_login(client, db):
    response = client.get("/gated/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unverified_member_is_stopped_with_an_explanation(client, unverified_member):
    client.force_login(unverified_member)

    response = client.get("/gated/", follow=True)

    assert response.redirect_chain[0][0].startswith(
        reverse("accounts:verification-required")
    )
    page = response.content.decode()
    assert "Verify your email to continue" in page
    assert unverified_member.email in page
    assert "Resend the verification email" in page
    assert "listed" not in page


def test_verified_member_passes(member_client):
    response = member_client.get("/gated/")

    assert response.status_code == 200
    assert response.content == b"listed"


def test_verification_page_sends_a_verified_member_on(member_client):
    response = member_client.get(
        reverse("accounts:verification-required"), {"next": "/gated/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/gated/"


def test_verification_page_ignores_an_offsite_next(member_client):
    response = member_client.get(
        reverse("accounts:verification-required"), {"next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("home")
