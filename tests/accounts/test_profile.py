from django.urls import reverse

from tests.factories import UserFactory


def test_profile_shows_public_details(client, db):
    member = UserFactory(
        username="dana", display_name="Dana D", bio="Hi there", state="OR"
    )

    response = client.get(reverse("accounts:profile", args=["dana"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Dana D" in page and "Hi there" in page and "Oregon" in page
    assert f"Member since {member.date_joined:%B %Y}" in page


def test_unknown_or_suspended_profile_is_a_404(client, db):
    UserFactory(username="gone", is_active=False)

    assert client.get(reverse("accounts:profile", args=["gone"])).status_code == 404
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404
