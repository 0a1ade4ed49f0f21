"""Compressed HTML, cache headers on uploaded media, and the DEBUG-only CSP."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, re_path, reverse

from marketplace import media
from tests.factories import ListingFactory, add_photos

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("boom")


def plain_text(request):
    return HttpResponse("x" * 500, content_type="text/plain")


# The site, plus media served as with DJANGO_SERVE_MEDIA on, plus a failing view.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media.serve_media),
    path("boom/", boom),
    path("plain/", plain_text),
    path("", include("marketplace.urls")),
]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


# --- Compression --------------------------------------------------------------------


def test_html_is_gzipped_for_clients_that_accept_it(client):
    ListingFactory(title="Brass lamp")
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert html.startswith("<!doctype html>")
    assert "Brass lamp" in html


def test_html_is_plain_for_clients_that_do_not(client):
    response = client.get(reverse("home"))
    assert "Content-Encoding" not in response
    assert response.content.decode().startswith("<!doctype html>")


def test_cached_visitor_pages_are_compressed_on_each_response(
    client, page_cache, django_assert_num_queries
):
    first = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
    with django_assert_num_queries(0):
        second = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
        plain = client.get(reverse("home"))
    assert second["Content-Encoding"] == "gzip"
    assert gzip.decompress(second.content) == gzip.decompress(first.content)
    assert gzip.decompress(second.content) == plain.content


@pytest.mark.urls(__name__)
def test_photos_are_not_compressed_again(settings, client):
    photo = settings.MEDIA_ROOT / "listings" / "2026" / "01" / "abc.webp"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"RIFF" + b"\0" * 4000)
    response = client.get(
        "/media/listings/2026/01/abc.webp", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content).startswith(b"RIFF")


@pytest.mark.urls(__name__)
def test_other_text_is_compressed_too(client):
    response = client.get("/plain/", HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.decompress(response.content) == b"x" * 500


# --- Media cache headers ------------------------------------------------------------


@pytest.mark.urls(__name__)
def test_listing_photos_are_cached_for_a_year_and_avatars_briefly(
    settings, client, member
):
    for name in ("listings/2026/01/abc-320.webp", "avatars/2026/01/7.webp"):
        file = settings.MEDIA_ROOT / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(b"RIFF")
    client.force_login(member)  # a member's own pages are private; media is not

    photo = client.get("/media/listings/2026/01/abc-320.webp")
    avatar = client.get("/media/avatars/2026/01/7.webp")

    assert photo["Cache-Control"] == "public, max-age=31536000, immutable"
    assert avatar["Cache-Control"] == "public, max-age=3600"
    assert client.get("/media/listings/none.webp").status_code == 404


def test_listing_photo_names_are_unique_per_upload(settings):
    """What makes the year-long, immutable caching of listing photos safe."""
    listing = ListingFactory()
    first, second = add_photos(listing, 2)
    names = {first.image.name, first.thumb_320.name, second.image.name}
    assert len(names) == 3
    assert all(name.startswith(settings.MEDIA_IMMUTABLE_PREFIXES) for name in names)


# --- CSP under DEBUG ------------------------------------------------------------------


def test_error_pages_keep_the_strict_policy_without_debug(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_debug_error_pages_may_style_themselves(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    # Normal pages keep the strict policy, so a CSP mistake still shows in development.
    page = client.get(reverse("home"))
    assert "unsafe-inline" not in page["Content-Security-Policy"]


@pytest.mark.urls(__name__)
def test_debug_technical_500_page_may_style_itself(settings):
    settings.DEBUG = True
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert b"RuntimeError" in response.content  # Django's technical page
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
