"""A transaction that lost a lock for good answers 503 "send it again", not 500."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from accounts import services as account_services
from tests.factories import UserFactory


@pytest.fixture
def member_client(client, db):
    member = UserFactory(display_name="Before")
    client.force_login(member)
    return client, member


def profile_form(member, **changes):
    return {
        "display_name": "After",
        "bio": "",
        "state": "",
        "time_zone": "",
        **changes,
    }


@pytest.mark.parametrize("code", [1213, 1205])
def test_a_lost_lock_is_a_503_with_retry_after(member_client, monkeypatch, code):
    client, member = member_client

    def loses(**kwargs):
        raise OperationalError(code, "Deadlock found when trying to get lock")

    monkeypatch.setattr(account_services, "update_profile", loses)
    response = client.post(reverse("accounts:settings"), profile_form(member))

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert b"The site was busy" in response.content
    assert b"send it again" in response.content
    member.refresh_from_db()
    assert member.display_name == "Before"


def test_other_database_errors_are_still_500s(member_client, monkeypatch):
    client, member = member_client
    client.raise_request_exception = False

    def breaks(**kwargs):
        raise OperationalError(2006, "MySQL server has gone away")

    monkeypatch.setattr(account_services, "update_profile", breaks)
    response = client.post(reverse("accounts:settings"), profile_form(member))

    assert response.status_code == 500
