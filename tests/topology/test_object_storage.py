"""Media on S3-compatible object storage, against moto's S3 server on loopback.

scripts/topology/s3.sh starts moto and makes the public and the private
bucket; the site runs with the settings its `env` prints (read through the
real settings file, tests/objectstorage.py). moto checks neither presigned
URLs' signatures nor their expiry, so those are checked in the URL itself.
"""

import io
import os
import re
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import boto3
import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from demo import listings as demo_listings
from listings.models import Listing, ListingPhoto
from orders.models import DisputePhoto
from orders.photos import discard_stale_staged_dispute_photos, stage_dispute_photos
from tests.conftest import make_upload
from tests.factories import UserFactory, first_tier, leaf_category
from tests.objectstorage import (
    image_sources,
    origin,
    reported_order,
    use_object_storage,
)

pytestmark = [pytest.mark.topology, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "topology" / "s3.sh"


def s3_script(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), command],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHON_BIN": sys.executable},
    )


@pytest.fixture(scope="module")
def moto_env():
    """moto's S3 server with the two buckets; the variables `s3.sh env` prints."""
    was_running = s3_script("status").returncode == 0
    started = s3_script("start")
    assert started.returncode == 0, started.stderr
    lines = s3_script("env").stdout.splitlines()
    variables = dict(
        line.removeprefix("export ").split("=", 1)
        for line in lines
        if line.startswith("export ")
    )
    yield variables
    if not was_running:
        stopped = s3_script("stop")
        assert stopped.returncode == 0, stopped.stderr


@pytest.fixture
def s3(moto_env, settings, monkeypatch):
    """The site on object storage, both buckets empty; a boto3 client to look in."""
    use_object_storage(settings, monkeypatch, **moto_env)
    client = boto3.client(
        "s3",
        endpoint_url=moto_env["AWS_S3_ENDPOINT_URL"],
        region_name=moto_env["AWS_S3_REGION_NAME"],
        aws_access_key_id=moto_env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=moto_env["AWS_SECRET_ACCESS_KEY"],
    )
    for bucket in (settings.MEDIA_S3_BUCKET, settings.MEDIA_S3_PRIVATE_BUCKET):
        for key in keys(client, bucket):
            client.delete_object(Bucket=bucket, Key=key)
    return client


def keys(client, bucket: str, prefix: str = "") -> set[str]:
    pages = client.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=prefix
    )
    return {entry["Key"] for page in pages for entry in page.get("Contents", ())}


def fetch(url: str):
    """The body and headers (case-insensitive) of a GET of `url`."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read(), answer.headers


def stored(client, bucket: str, key: str) -> bytes:
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


def image_urls(page: str) -> set[str]:
    """Every image URL the page links: src, srcset and the gallery's data-src."""
    urls = set()
    for attribute, value in re.findall(
        r'\s(src|srcset|data-src|data-srcset)="([^"]*)"', page
    ):
        value = unescape(value)
        if attribute.endswith("srcset"):
            urls.update(part.split()[0] for part in value.split(",") if part.strip())
        else:
            urls.add(value)
    return {url for url in urls if url.startswith("http")}


def sell_form(**extra) -> dict:
    return {
        "title": "Brass lamp",
        "description": "Works.",
        "category": leaf_category().pk,
        "brand": "",
        "condition": "good",
        "size": "",
        "colour": "Gold",
        "price": "40",
        "shipping": "buyer",
        "shipping_tier": first_tier().pk,
        "ships_from_zip": "94107",
        **extra,
    }


# --- Public media ------------------------------------------------------------------


def test_buckets_are_public_read_and_private(s3, settings):
    policy = s3.get_bucket_policy(Bucket=settings.MEDIA_S3_BUCKET)["Policy"]
    assert '"s3:GetObject"' in policy and '"Principal": "*"' in policy
    block = s3.get_public_access_block(Bucket=settings.MEDIA_S3_PRIVATE_BUCKET)
    assert all(block["PublicAccessBlockConfiguration"].values())
    with pytest.raises(s3.exceptions.ClientError):
        s3.get_bucket_policy(Bucket=settings.MEDIA_S3_PRIVATE_BUCKET)


def test_published_photos_and_thumbnails_are_public_objects(
    s3, settings, member_client
):
    response = member_client.post(
        reverse("listings:new"),
        sell_form(photos=[make_upload("a.jpg"), make_upload("b.png", fmt="PNG")]),
    )
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert listing.status == Listing.Status.ON_SALE

    names = {
        file.name
        for photo in listing.photos.all()
        for file in (photo.image, photo.thumb_320, photo.thumb_640)
    }
    assert len(names) == 6
    assert keys(s3, settings.MEDIA_S3_BUCKET) == names
    assert keys(s3, settings.MEDIA_S3_PRIVATE_BUCKET) == set()
    for name in names:
        head = s3.head_object(Bucket=settings.MEDIA_S3_BUCKET, Key=name)
        assert head["CacheControl"] == "public, max-age=31536000, immutable"
        assert head["ContentType"] == (
            "image/jpeg" if name.endswith(".jpg") else "image/webp"
        )

    page = member_client.get(listing.get_absolute_url())
    urls = image_urls(page.content.decode())
    # Every file of both photos is linked, by its plain public URL.
    assert {unquote(urlsplit(url).path) for url in urls} == {
        f"/{settings.MEDIA_S3_BUCKET}/{name}" for name in names
    }
    for url in urls:
        assert url.startswith(settings.MEDIA_URL) and "?" not in url
        body, headers = fetch(url)
        key = unquote(url.removeprefix(settings.MEDIA_URL))
        assert body == stored(s3, settings.MEDIA_S3_BUCKET, key)
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        Image.open(io.BytesIO(body)).verify()
    assert origin(settings.MEDIA_URL) in image_sources(page["Content-Security-Policy"])


def test_an_avatar_is_a_public_object_and_a_new_one_replaces_it(
    s3, settings, member_client, member, on_commit
):
    profile = {"display_name": "Dana", "bio": "", "state": "CA"}

    member_client.post(
        reverse("accounts:settings"), {**profile, "avatar_upload": make_upload()}
    )
    member.refresh_from_db()
    first = member.avatar.name
    assert keys(s3, settings.MEDIA_S3_BUCKET) == {first}
    assert first.startswith("avatars/")
    page = member_client.get(reverse("accounts:settings")).content.decode()
    (url,) = {u for u in image_urls(page) if "avatars/" in u}
    body, headers = fetch(url)
    assert body == stored(s3, settings.MEDIA_S3_BUCKET, first)
    assert headers["Cache-Control"] == settings.MEDIA_CACHE_CONTROL
    assert Image.open(io.BytesIO(body)).size == (256, 256)

    with on_commit():
        member_client.post(
            reverse("accounts:settings"),
            {**profile, "avatar_upload": make_upload(color=(0, 0, 255))},
        )
    member.refresh_from_db()
    # Same member, same month: a new name (a new URL), never the old one
    # overwritten under a cached URL; the old object is gone.
    assert member.avatar.name != first
    assert keys(s3, settings.MEDIA_S3_BUCKET) == {member.avatar.name}


# --- Private media -------------------------------------------------------------------


@pytest.fixture
def disputed(s3, client):
    """A shipped order its buyer reported with one photo; the client is logged out."""
    order = reported_order(client, photo_size=(400, 300))
    client.logout()
    return order


def test_a_dispute_photo_is_only_in_the_private_bucket(s3, settings, disputed):
    photo = DisputePhoto.objects.get(dispute__order=disputed)

    assert keys(s3, settings.MEDIA_S3_PRIVATE_BUCKET) == {
        photo.image.name,
        photo.thumb.name,
    }
    assert keys(s3, settings.MEDIA_S3_BUCKET) == set()
    head = s3.head_object(Bucket=settings.MEDIA_S3_PRIVATE_BUCKET, Key=photo.image.name)
    assert head["CacheControl"] == "private, no-store"


def test_a_stranger_gets_404_and_a_party_a_short_presigned_url(
    s3, settings, disputed, client
):
    photo = DisputePhoto.objects.get(dispute__order=disputed)
    url = reverse("orders:dispute-photo", args=[disputed.pk, photo.pk])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    assert "/accounts/login/" in client.get(url)["Location"]

    for viewer in (disputed.buyer, disputed.seller):
        client.force_login(viewer)
        for query, file in (("", photo.image), ("?size=thumb", photo.thumb)):
            answer = client.get(url + query)
            assert answer.status_code == 302
            assert "no-store" in answer["Cache-Control"]
            location = answer["Location"]
            parts = urlsplit(location)
            assert location.startswith(
                f"{settings.AWS_S3_ENDPOINT_URL}/{settings.MEDIA_S3_PRIVATE_BUCKET}/"
            )
            assert unquote(parts.path).endswith(file.name)
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            assert (
                0 < int(params["X-Amz-Expires"]) <= settings.PRIVATE_MEDIA_URL_SECONDS
            )
            assert re.fullmatch(r"[0-9a-f]{64}", params["X-Amz-Signature"])
            assert params["X-Amz-Credential"].startswith(
                os.environ["AWS_ACCESS_KEY_ID"] + "/"
            )
            # moto answers any URL; what matters is that it names this object.
            body, _headers = fetch(location)
            assert body == stored(s3, settings.MEDIA_S3_PRIVATE_BUCKET, file.name)
            assert origin(location) in image_sources(settings.CONTENT_SECURITY_POLICY)


def test_stale_staged_dispute_photos_are_deleted_from_the_bucket(
    s3, settings, member_client, member
):
    staged = stage_dispute_photos(owner=member, uploads=[make_upload()], kept=[])
    (photo,) = staged.photos
    assert len(keys(s3, settings.MEDIA_S3_PRIVATE_BUCKET)) == 2

    assert discard_stale_staged_dispute_photos(older_than=timedelta(0)) == 1

    assert keys(s3, settings.MEDIA_S3_PRIVATE_BUCKET) == set()


# --- Management commands -----------------------------------------------------------


def test_discard_staged_photos_on_s3(s3, settings, member_client, on_commit):
    kept_listing = member_client.post(
        reverse("listings:new"), sell_form(photos=[make_upload("kept.jpg")])
    )
    assert kept_listing.status_code == 302
    staged = member_client.post(
        reverse("listings:stage-photo"), {"photo": make_upload("staged.jpg")}
    )
    assert staged.status_code == 201
    staged_photo = ListingPhoto.objects.get(pk=staged.json()["id"])
    kept = ListingPhoto.objects.exclude(pk=staged_photo.pk).get()
    s3.put_object(
        Bucket=settings.MEDIA_S3_BUCKET, Key="listings/2020/01/orphan.jpg", Body=b"x"
    )
    time.sleep(1.1)  # object times have whole seconds; the cutoff is "now"

    out = io.StringIO()
    with on_commit():
        call_command("discard_staged_photos", hours=0, stdout=out)

    assert "Discarded 1 staged photos" in out.getvalue()
    # The orphan is found by listing the bucket (the staged photo's files too,
    # here: their deletion waits for a commit the test's transaction holds).
    assert "photo files without a photo row" in out.getvalue()
    assert keys(s3, settings.MEDIA_S3_BUCKET) == {
        kept.image.name,
        kept.thumb_320.name,
        kept.thumb_640.name,
    }


def test_regenerate_photos_on_s3(s3, settings, member_client):
    member_client.post(
        reverse("listings:new"),
        sell_form(photos=[make_upload("a.jpg", size=(900, 600))]),
    )
    photo = ListingPhoto.objects.get()
    old = {photo.thumb_320.name, photo.thumb_640.name}

    out = io.StringIO()
    call_command("regenerate_photos", stdout=out)

    photo.refresh_from_db()
    assert "Regenerated thumbnails of 1 images (1 photos); 0 failed." in out.getvalue()
    now = {photo.thumb_320.name, photo.thumb_640.name}
    assert now.isdisjoint(old)  # new names: old URLs stay cached as immutable
    assert keys(s3, settings.MEDIA_S3_BUCKET) == {photo.image.name, *now}
    thumb = stored(s3, settings.MEDIA_S3_BUCKET, photo.thumb_320.name)
    assert Image.open(io.BytesIO(thumb)).size == (320, 213)


def test_demo_seeding_stores_its_photos_in_the_bucket(s3, settings, monkeypatch):
    monkeypatch.setattr(demo_listings, "PHOTO_SIDE", 120)

    call_command("seed_demo", members=2, listings=4, seed=5, stdout=io.StringIO())

    names = set()
    for photo in ListingPhoto.objects.all():
        names |= {photo.image.name, photo.thumb_320.name, photo.thumb_640.name}
    assert names
    assert names <= keys(s3, settings.MEDIA_S3_BUCKET, prefix="listings/demo/")
    body, _headers = fetch(ListingPhoto.objects.first().thumb_320.url)
    assert Image.open(io.BytesIO(body)).format == "WEBP"
