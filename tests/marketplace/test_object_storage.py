"""Object storage as the settings choose it (docs/object-storage.md), without a server.

URLs are built without talking to S3 (public ones as plain strings, private
ones signed locally), so they are checked here; storing and fetching objects
is tested against moto's server in tests/topology/test_object_storage.py.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.urls import reverse

from orders.models import DisputePhoto, Order
from tests.factories import UserFactory
from tests.objectstorage import (
    image_sources,
    origin,
    read_settings,
    reported_order,
    use_object_storage,
)

ENDPOINT = "http://127.0.0.1:9310"
S3 = {
    "MEDIA_S3_BUCKET": "nomi-media",
    "MEDIA_S3_PRIVATE_BUCKET": "nomi-private",
    "AWS_S3_ENDPOINT_URL": ENDPOINT,
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "nomi-test-key",
    "AWS_SECRET_ACCESS_KEY": "nomi-test-secret",
}


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_without_a_bucket_media_are_local_files(monkeypatch):
    decided = read_settings(monkeypatch)

    assert decided["STORAGES"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert decided["STORAGES"]["private"]["BACKEND"] == (
        "marketplace.storages.PrivateStorage"
    )
    assert decided["MEDIA_URL"] == "/media/"
    assert "amazonaws" not in decided["CONTENT_SECURITY_POLICY"]


@pytest.mark.parametrize("private", ["", "nomi-media"])
def test_a_public_bucket_needs_a_separate_private_bucket(monkeypatch, private):
    with pytest.raises(ImproperlyConfigured, match="MEDIA_S3_PRIVATE_BUCKET"):
        read_settings(monkeypatch, **{**S3, "MEDIA_S3_PRIVATE_BUCKET": private})


@pytest.mark.parametrize("seconds", [0, 7 * 24 * 3600 + 1])
def test_presigned_urls_live_between_a_second_and_a_week(monkeypatch, seconds):
    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_URL_SECONDS"):
        read_settings(monkeypatch, **S3, PRIVATE_MEDIA_URL_SECONDS=seconds)


def test_public_files_have_plain_urls_under_media_url(settings, monkeypatch):
    use_object_storage(settings, monkeypatch, **S3)
    storage = storages["default"]

    url = storage.url("listings/2026/01/a b.jpg")

    media_url = settings.MEDIA_URL
    assert media_url == f"{ENDPOINT}/nomi-media/"
    assert url == f"{ENDPOINT}/nomi-media/listings/2026/01/a%20b.jpg"
    assert not settings.SERVE_MEDIA
    assert origin(url) in image_sources(settings.CONTENT_SECURITY_POLICY)


def test_a_cdn_in_front_of_the_public_bucket(settings, monkeypatch):
    use_object_storage(
        settings,
        monkeypatch,
        **S3,
        MEDIA_S3_PUBLIC_URL="https://media.nomi.example/m/",
    )

    url = storages["default"].url("avatars/2026/01/7.webp")

    assert url == "https://media.nomi.example/m/avatars/2026/01/7.webp"
    assert settings.MEDIA_URL == "https://media.nomi.example/m/"
    assert "https://media.nomi.example" in image_sources(
        settings.CONTENT_SECURITY_POLICY
    )


@pytest.mark.parametrize("seconds", [None, 60])
def test_private_urls_are_signed_and_expire_after_the_setting(
    settings, monkeypatch, seconds
):
    extra = {} if seconds is None else {"PRIVATE_MEDIA_URL_SECONDS": seconds}
    use_object_storage(settings, monkeypatch, **S3, **extra)

    url = storages["private"].url("disputes/2026/01/crack.jpg")

    assert url.startswith(f"{ENDPOINT}/nomi-private/disputes/2026/01/crack.jpg?")
    params = query(url)
    assert int(params["X-Amz-Expires"]) == (seconds or 300)
    assert int(params["X-Amz-Expires"]) == settings.PRIVATE_MEDIA_URL_SECONDS
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert params["X-Amz-Credential"].startswith("nomi-test-key/")
    assert len(params["X-Amz-Signature"]) == 64
    assert origin(url) in image_sources(settings.CONTENT_SECURITY_POLICY)


@pytest.mark.parametrize("region", ["", "eu-west-3"])
@pytest.mark.parametrize("style", ["", "path", "virtual"])
def test_the_policy_lets_pages_show_both_buckets_on_aws(
    settings, monkeypatch, region, style
):
    use_object_storage(
        settings,
        monkeypatch,
        **{
            **S3,
            "AWS_S3_ENDPOINT_URL": "",
            "AWS_S3_REGION_NAME": region,
            "AWS_S3_ADDRESSING_STYLE": style,
        },
    )
    sources = image_sources(settings.CONTENT_SECURITY_POLICY)

    public = storages["default"].url("listings/2026/01/a.jpg")
    private = storages["private"].url("disputes/2026/01/b.jpg")

    assert public.startswith("https://") and "?" not in public
    assert origin(public) in sources
    assert origin(private) in sources
    assert "'self'" in sources


def test_objects_carry_the_cache_control_of_their_name(settings, monkeypatch):
    use_object_storage(settings, monkeypatch, **S3)
    public, private = storages["default"], storages["private"]

    assert public.get_object_parameters("listings/2026/01/a.jpg")["CacheControl"] == (
        "public, max-age=31536000, immutable"
    )
    assert public.get_object_parameters("avatars/2026/01/7.webp")["CacheControl"] == (
        settings.MEDIA_CACHE_CONTROL
    )
    assert private.get_object_parameters("disputes/2026/01/b.jpg")["CacheControl"] == (
        "private, no-store"
    )
    # A new upload under a taken name gets a new name, never the old URL.
    assert not public.file_overwrite and not private.file_overwrite


@pytest.mark.django_db
def test_the_parties_are_redirected_to_a_presigned_url(client, settings, monkeypatch):
    order = reported_order(client, photo_size=(120, 90))
    photo = DisputePhoto.objects.get(dispute__order=order)
    assert Order.objects.get(pk=order.pk).status == Order.Status.DISPUTED
    use_object_storage(settings, monkeypatch, **S3)
    url = reverse("orders:dispute-photo", args=[order.pk, photo.pk])

    for viewer in (order.buyer, order.seller):
        client.force_login(viewer)
        image = client.get(url)
        thumb = client.get(url + "?size=thumb")

        for answer, file in ((image, photo.image), (thumb, photo.thumb)):
            assert answer.status_code == 302
            location = answer["Location"]
            assert location.startswith(f"{ENDPOINT}/nomi-private/{file.name}?")
            assert int(query(location)["X-Amz-Expires"]) <= 300
            assert "X-Amz-Signature" in query(location)
            assert "no-store" in answer["Cache-Control"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
