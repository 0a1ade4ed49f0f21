"""Crafted search cursors: dropped like an expired one, never a 500."""

import base64
import json

import pytest
from django.urls import reverse

from tests.factories import ListingFactory, UserFactory, leaf_category

OUT_OF_DATE = "page link is out of date"


def crafted(*parts) -> str:
    """A cursor built the way the site builds one, around hostile values."""
    raw = json.dumps(list(parts), separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def raw_json(text: str) -> str:
    """A cursor around JSON text `json.dumps` would not write (Infinity, NaN)."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


HOSTILE_CURSORS = {
    "garbage": "not-a-cursor",
    "bad-base64": "!!!###",
    "non-ascii": "é" * 10,
    "nul": "\x00",
    "json-not-a-list": raw_json('{"a":1}'),
    "json-number": raw_json("1234"),
    "too-few-parts": crafted("newest", "2024-01-01T00:00:00+00:00"),
    "wrong-direction": crafted("newest", "2024-01-01T00:00:00+00:00", 1, "sideways"),
    "infinity-date": raw_json('["newest",Infinity,1,"after"]'),
    "nan-date": raw_json('["newest",NaN,1,"after"]'),
    "infinity-pk": raw_json('["newest","2024-01-01T00:00:00+00:00",Infinity,"after"]'),
    "nan-pk": raw_json('["newest","2024-01-01T00:00:00+00:00",NaN,"after"]'),
    "huge-pk": crafted("newest", "2024-01-01T00:00:00+00:00", 10**30, "after"),
    "float-pk": crafted("newest", "2024-01-01T00:00:00+00:00", 1.5, "after"),
    "string-pk": crafted("newest", "2024-01-01T00:00:00+00:00", "1; --", "after"),
    "negative-pk": crafted("newest", "2024-01-01T00:00:00+00:00", -5, "before"),
    "naive-date": crafted("newest", "2024-01-01T00:00:00", 1, "after"),
    "overflow-low": crafted("newest", "0001-01-01T00:00:00+05:00", 1, "after"),
    "overflow-high": crafted("newest", "9999-12-31T23:59:59-05:00", 1, "after"),
    "year-one-utc": crafted("newest", "0001-01-01T00:00:00+00:00", 1, "before"),
    "date-not-a-string": crafted("newest", 12345, 1, "after"),
    "nested": raw_json("[" * 150 + "]" * 150),
    "unknown-sort": crafted("cheapest", 1, 1, "after"),
}
# Only the item grids that page by price can take these; the profile pages
# by newest, where they are out of date anyway.
PRICE_CURSORS = {
    "price-infinity": raw_json('["price_asc",Infinity,1,"after"]'),
    "price-huge": crafted("price_asc", 10**30, 1, "after"),
    "price-negative": crafted("price_asc", -(10**30), -1, "before"),
    "price-nan": raw_json('["price_asc",NaN,1,"after"]'),
    "price-bool": crafted("price_asc", True, True, "after"),
}
ALL = {**HOSTILE_CURSORS, **PRICE_CURSORS}


@pytest.fixture
def seller(db):
    member = UserFactory(username="lampseller")
    ListingFactory(seller=member, title="Brass lamp", category=leaf_category())
    return member


def pages(seller):
    return {
        "search": reverse("listings:search"),
        "category": reverse("listings:category", args=[leaf_category().slug]),
        "profile": reverse("accounts:profile", args=[seller.username]),
    }


@pytest.mark.parametrize("page", ["search", "category", "profile"])
@pytest.mark.parametrize("sort", ["newest", "price_asc"])
@pytest.mark.parametrize("name", sorted(ALL))
def test_hostile_cursor_is_dropped_with_a_notice(client, seller, page, sort, name):
    response = client.get(pages(seller)[page], {"cursor": ALL[name], "sort": sort})

    assert response.status_code == 200
    body = response.content.decode()
    assert OUT_OF_DATE in body
    # The first page is shown instead.
    assert "Brass lamp" in body
