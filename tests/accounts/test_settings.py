import io
import re

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.services import update_profile
from tests.conftest import make_upload
from tests.factories import PASSWORD

PROFILE = {"display_name": "Dana", "bio": "Vintage cameras.\nSF.", "state": "CA"}


def test_settings_page_shows_every_section(member_client):
    page = member_client.get(reverse("accounts:settings")).content.decode()

    for text in (
        "Profile",
        "Change email",
        "Change your password",
        "Shipping addresses",
    ):
        assert text in page


def test_profile_update_with_avatar_is_squared_and_stripped(member_client, member):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    upload = make_upload(size=(900, 500), exif=exif.tobytes())

    response = member_client.post(
        reverse("accounts:settings"), {**PROFILE, "avatar_upload": upload}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Dana"
    with member.avatar.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "WEBP"
        assert image.size == (256, 256)
        assert not image.getexif()
        assert "exif" not in image.info


def test_fake_avatar_is_refused_next_to_the_field_and_input_kept(member_client, member):
    fake = SimpleUploadedFile(
        "me.jpg", b"not an image at all", content_type="image/jpeg"
    )

    response = member_client.post(
        reverse("accounts:settings"), {**PROFILE, "avatar_upload": fake}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "me.jpg is not a valid image" in page
    assert "Vintage cameras." in page
    member.refresh_from_db()
    assert not member.avatar


def test_html_in_the_bio_is_escaped_on_the_profile(member_client, member, client):
    member_client.post(
        reverse("accounts:settings"),
        {**PROFILE, "bio": "<script>alert(1)</script> مرحبا 👋"},
    )

    page = client.get(member.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "مرحبا 👋" in page


def test_email_change_needs_the_link_sent_to_the_new_address(
    member_client, member, on_commit
):
    old_email = member.email
    with on_commit():
        response = member_client.post(
            reverse("accounts:change-email"),
            {"new_email": "Fresh@Example.com", "password": PASSWORD},
        )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == old_email
    assert mail.outbox[0].to == ["fresh@example.com"]
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", mail.outbox[0].body)
    member_client.get(link.group(1))
    member.refresh_from_db()
    assert member.email == "fresh@example.com"
    assert member.is_verified


def test_email_change_needs_the_current_password(member_client, member):
    response = member_client.post(
        reverse("accounts:change-email"),
        {"new_email": "fresh@example.com", "password": "wrong"},
    )

    assert response.status_code == 400
    assert "incorrectly" in response.content.decode()
    assert mail.outbox == []


def test_password_change(member_client, member):
    response = member_client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-fine-passphrase",
            "new_password2": "another-fine-passphrase",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("another-fine-passphrase")


def test_settings_need_login(client, db):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db(transaction=True)
def test_a_storage_error_removing_the_old_avatar_is_logged_not_raised(
    member, monkeypatch, caplog
):
    """The new avatar is saved; the old file's delete, after the commit, fails
    (object storage away): logged, and the member's change stands."""
    update_profile(user=member, **PROFILE, avatar_upload=make_upload(size=(300, 300)))
    member.refresh_from_db()
    old = member.avatar.name

    def unreachable(storage, name):
        raise OSError("storage unreachable")

    monkeypatch.setattr(FileSystemStorage, "delete", unreachable)

    update_profile(user=member, **PROFILE, remove_avatar=True)

    member.refresh_from_db()
    assert not member.avatar
    assert "storage unreachable" in caplog.text
    assert member.avatar.storage.exists(old)
