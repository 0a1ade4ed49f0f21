"""Fixtures shared by every test."""

import io
import time
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from tests.factories import UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked `mysql` run only when the database is MySQL/MariaDB; tests
    marked `topology` only under `make test-topology` (NOMI_TOPOLOGY=1)."""
    import os

    from django.conf import settings

    skips = {}
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.mysql":
        skips["mysql"] = pytest.mark.skip(
            reason="needs MySQL/MariaDB (set DATABASE_URL=mysql://...)"
        )
    if os.environ.get("NOMI_TOPOLOGY") != "1":
        skips["topology"] = pytest.mark.skip(
            reason="starts the multi-node topology's engines: make test-topology"
        )
    for item in items:
        for marker, skip in skips.items():
            if marker in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached counts and card fragments must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _test_storage(settings, tmp_path):
    """Uploads go to a per-test folder; static files need no collectstatic run;
    passwords hash fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    # Production's PBKDF2 costs ~0.5 s per member made; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """`with on_commit(): ...` runs the after-commit work (emails) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def catalogue(transactional_db):
    """The categories, brands and shipping tiers of the data migration.

    Live-server (transactional) tests flush the database after each test,
    taking the migration's rows with them; this seeds them again when gone.
    """
    from listings.models import Category

    if not Category.objects.exists():
        seed = import_module("listings.migrations.0002_seed_catalogue").seed
        seed(django_apps, None)


@pytest.fixture
def member(db):
    """A verified member."""
    return UserFactory()


@pytest.fixture
def unverified_member(db):
    return UserFactory(unverified=True)


@pytest.fixture
def buyer(db):
    return UserFactory()


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def staff(db):
    """A superuser who works in the admin."""
    return UserFactory(is_staff=True, is_superuser=True, username="moderator")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def make_image_bytes(fmt="JPEG", size=(800, 600), color=(200, 40, 60), **save_kwargs):
    """An encoded image, as a phone or camera would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def make_upload(name="photo.jpg", fmt="JPEG", **kwargs):
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
    return SimpleUploadedFile(
        name, make_image_bytes(fmt, **kwargs), content_type=content_type.get(fmt, "")
    )


@pytest.fixture
def is_mysql():
    return connection.vendor == "mysql"


@pytest.fixture(autouse=True)
def _no_shared_fragments(settings):
    """Shared fragments show other members' changes up to a few seconds late,
    so a test that writes and then reads would see the delay. The tests of
    the fragments themselves (tests/test_shared.py) turn them back on."""
    settings.SHARED_MAX_SECONDS = 0


@pytest.fixture
def clock(monkeypatch):
    """Time that moves only when the test says so: `clock(seconds)` moves it
    on (shared fragments and the local-memory cache's expiry read time.time())."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])

    def advance(seconds):
        now[0] += seconds

    return advance
