import pytest
from django.urls import reverse

from accounts.models import Address
from tests.factories import AddressFactory

VALID = {
    "full_name": "Dana Demo",
    "line1": "1 Market St",
    "line2": "",
    "city": "San Francisco",
    "state": "CA",
    "zip_code": "94105",
}


def test_first_address_becomes_the_default(member_client, member):
    response = member_client.post(reverse("accounts:address-new"), VALID)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.default_address == Address.objects.get(user=member)


def test_second_address_can_be_made_default(member_client, member):
    first = AddressFactory(user=member)
    member.default_address = first
    member.save()

    member_client.post(reverse("accounts:address-new"), {**VALID, "make_default": "on"})

    member.refresh_from_db()
    assert member.default_address != first
    assert member.addresses.count() == 2


def test_bad_zip_code_gets_a_message_and_keeps_the_input(member_client, member):
    response = member_client.post(
        reverse("accounts:address-new"), {**VALID, "zip_code": "9410"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a 5-digit ZIP code" in page
    assert "1 Market St" in page
    assert not member.addresses.exists()


def test_edit_and_delete_own_address(member_client, member):
    address = AddressFactory(user=member)
    member.default_address = address
    member.save()
    other = AddressFactory(user=member)

    member_client.post(
        reverse("accounts:address-edit", args=[address.pk]),
        {**VALID, "city": "Oakland"},
    )
    address.refresh_from_db()
    assert address.city == "Oakland"

    assert (
        member_client.get(
            reverse("accounts:address-delete", args=[address.pk])
        ).status_code
        == 200
    )
    member_client.post(reverse("accounts:address-delete", args=[address.pk]))
    assert not Address.objects.filter(pk=address.pk).exists()
    member.refresh_from_db()
    assert member.default_address == other


@pytest.mark.parametrize(
    "name,method",
    [
        ("accounts:address-edit", "get"),
        ("accounts:address-edit", "post"),
        ("accounts:address-delete", "get"),
        ("accounts:address-delete", "post"),
        ("accounts:address-default", "post"),
    ],
)
def test_another_members_address_is_a_404(member_client, member, name, method):
    theirs = AddressFactory()
    before = theirs.lines()

    response = getattr(member_client, method)(reverse(name, args=[theirs.pk]), VALID)

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.lines() == before
    member.refresh_from_db()
    assert member.default_address_id is None


def test_address_list_shows_only_own_addresses(member_client, member):
    AddressFactory(user=member, line1="11 Mine Road")
    AddressFactory(line1="22 Theirs Avenue")

    page = member_client.get(reverse("accounts:addresses")).content.decode()

    assert "11 Mine Road" in page
    assert "22 Theirs Avenue" not in page


def test_addresses_need_login(client, db):
    response = client.get(reverse("accounts:addresses"))
    assert response.status_code == 302


@pytest.mark.parametrize("zip_code", ["٩٤١٠٥", "９４１０５", "94105-١٢٣٤"])
def test_zip_code_takes_ascii_digits_only(member_client, member, zip_code):
    response = member_client.post(
        reverse("accounts:address-new"), {**VALID, "zip_code": zip_code}
    )

    assert response.status_code == 400
    assert not Address.objects.filter(user=member).exists()
