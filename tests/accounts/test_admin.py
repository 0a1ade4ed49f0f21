from django.urls import reverse

from tests.factories import UserFactory


def test_member_admin_lists_searches_and_filters(staff_client):
    UserFactory(username="findme", email="findme@example.com")
    UserFactory(username="other", unverified=True)
    url = reverse("admin:accounts_user_changelist")

    assert "findme" in staff_client.get(url, {"q": "findme@"}).content.decode()
    unverified = staff_client.get(url, {"verified": "no"}).content.decode()
    assert "other" in unverified and "findme" not in unverified
    assert staff_client.get(url, {"is_staff__exact": "1"}).status_code == 200


def test_staff_editing_an_email_in_capitals_stores_it_lowercased(staff_client):
    user = UserFactory()
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("groups", "user_permissions")
    }
    data.update(
        email="New.Address@Example.com",
        date_joined_0=user.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=user.date_joined.strftime("%H:%M:%S"),
        default_address="",
        avatar="",
    )
    data.update(
        {f"addresses-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()}
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.email == "new.address@example.com"


def test_admin_is_titled_for_staff(staff_client):
    assert "Nomi staff" in staff_client.get(reverse("admin:index")).content.decode()
