"""Object storage in tests: the real settings file, read with a given environment.

marketplace/settings.py is run again (runpy) with the variables of
docs/object-storage.md, and what its object storage block decides is put in
place with pytest-django's `settings` fixture, so tests exercise the same
code a deployment does. Django then builds the S3 storages on first use
(STORAGES changed: default_storage and the private storage follow).
"""

import re
import runpy
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import reverse

from tests.conftest import make_upload
from tests.factories import buy, shipped

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "marketplace" / "settings.py"

# Every variable the block reads, cleared first so the machine's own
# environment cannot leak in.
VARIABLES = (
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_PRIVATE_BUCKET",
    "MEDIA_S3_PUBLIC_URL",
    "PRIVATE_MEDIA_URL_SECONDS",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
)

# What the block sets, copied into the live settings.
DECIDED = (
    "MEDIA_URL",
    "SERVE_MEDIA",
    "CONTENT_SECURITY_POLICY",
    "PRIVATE_MEDIA_URL_SECONDS",
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_PRIVATE_BUCKET",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ADDRESSING_STYLE",
)


def read_settings(monkeypatch, **variables) -> dict:
    """The settings module's names, as it decides them with these variables."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, str(value))
    return runpy.run_path(str(SETTINGS_FILE))


def use_object_storage(settings, monkeypatch, **variables) -> dict:
    """Switch the running site to what the settings decide for `variables`."""
    decided = read_settings(monkeypatch, **variables)
    for name in DECIDED:
        if name in decided:
            setattr(settings, name, decided[name])
    settings.STORAGES = {
        **settings.STORAGES,
        "default": decided["STORAGES"]["default"],
        "private": decided["STORAGES"]["private"],
    }
    return decided


def image_sources(policy: str) -> list[str]:
    """The sources of the policy's img-src directive."""
    return re.search(r"img-src ([^;]*)", policy).group(1).split()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def reported_order(client, *, photo_size: tuple[int, int]):
    """A shipped order its buyer reported through the report page, with one
    photo of `photo_size`; the client stays logged in as the buyer."""
    order = shipped(buy())
    client.force_login(order.buyer)
    response = client.post(
        reverse("orders:report", args=[order.pk]),
        {
            "reason": "damaged",
            "description": "The shade arrived cracked.",
            "photos": [make_upload("crack.jpg", size=photo_size)],
        },
    )
    assert response.status_code == 302
    return order
