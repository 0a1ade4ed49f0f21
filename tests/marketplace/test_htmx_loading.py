"""htmx is loaded only on the pages whose forms use it (like buttons, comments)."""

import pytest
from django.urls import reverse

from tests.factories import ListingFactory, UserFactory, add_photos

HTMX = "django_htmx/htmx"

pytestmark = pytest.mark.django_db


def test_item_page_of_a_member_loads_htmx_for_like_and_comments(client):
    listing = ListingFactory()
    add_photos(listing)
    client.force_login(UserFactory())

    page = client.get(listing.get_absolute_url()).content.decode()

    assert HTMX in page
    assert "data-hx-post" in page and " hx-post" not in page


def test_likes_page_loads_htmx(client):
    client.force_login(UserFactory())

    assert HTMX in client.get(reverse("discovery:likes")).content.decode()


@pytest.mark.parametrize("name", ["home", "listings:search", "help"])
def test_pages_without_htmx_forms_do_not_load_it(client, name):
    ListingFactory()

    assert HTMX not in client.get(reverse(name)).content.decode()
