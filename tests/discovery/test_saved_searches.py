"""Saving a search once, and renaming, muting and deleting it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from discovery import services
from discovery.exceptions import DiscoveryError
from discovery.models import SavedSearch
from listings.search import canonical_query
from tests.factories import UserFactory

SAVE_URL = "/saved-searches/new/"


def test_save_url_names():
    assert reverse("discovery:save-search") == SAVE_URL
    assert reverse("discovery:saved-searches") == "/saved-searches/"


def test_search_is_saved_in_canonical_form(member_client, member):
    response = member_client.post(
        SAVE_URL,
        {"query": "?max_price=50&category=home-lighting&cursor=abc&page=3&junk=1"},
    )

    saved = SavedSearch.objects.get(user=member)
    assert saved.query == "category=home-lighting&max_price=50"
    assert saved.name == "Lighting"
    assert saved.email_alerts is True
    assert len(saved.query_hash) == 64
    assert response.status_code == 302
    assert response.url == "/search/?category=home-lighting&max_price=50"


def test_saving_the_same_search_twice_keeps_one(member_client, member):
    member_client.post(SAVE_URL, {"query": "category=home-lighting&max_price=50"})

    response = member_client.post(
        SAVE_URL, {"query": "max_price=50.00&category=home-lighting"}, follow=True
    )

    assert SavedSearch.objects.filter(user=member).count() == 1
    assert "already saved this search" in response.content.decode()


def test_two_members_may_save_the_same_search(member):
    other = UserFactory()

    services.save_search(user=member, query="q=lamp")
    services.save_search(user=other, query="q=lamp")

    assert SavedSearch.objects.count() == 2


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("q=brass++lamp&category=home-lighting", "brass lamp"),
        ("brand=adidas", "Adidas"),
        ("", "All items"),
        ("status=sold", "All items"),
    ],
)
def test_default_name(member, query, name):
    assert services.save_search(user=member, query=query).saved_search.name == name


def test_given_name_is_used(member_client, member):
    member_client.post(SAVE_URL, {"query": "q=lamp", "name": "  My   lamps "})

    assert SavedSearch.objects.get(user=member).name == "My lamps"


def test_next_brings_the_member_back(member_client):
    response = member_client.post(
        SAVE_URL, {"query": "q=lamp", "next": "/search/?q=lamp&cursor=xyz"}
    )

    assert response.url == "/search/?q=lamp&cursor=xyz"


def test_unverified_member_cannot_save(client, unverified_member):
    client.force_login(unverified_member)

    response = client.post(SAVE_URL, {"query": "q=lamp"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:verification-required"))
    assert not SavedSearch.objects.exists()
    with pytest.raises(DiscoveryError):
        services.save_search(user=unverified_member, query="q=lamp")


def test_visitor_is_sent_to_login(client, db):
    response = client.post(SAVE_URL, {"query": "q=lamp"})

    assert response.url.startswith(reverse("accounts:login"))
    assert not SavedSearch.objects.exists()


def test_save_is_post_only(member_client):
    assert member_client.get(SAVE_URL).status_code == 405


def test_saved_searches_are_limited(member, monkeypatch):
    monkeypatch.setattr(services, "SAVED_SEARCHES_MAX", 2)
    services.save_search(user=member, query="q=one")
    services.save_search(user=member, query="q=two")

    assert services.save_search(user=member, query="q=one").created is False
    with pytest.raises(DiscoveryError, match="up to 2"):
        services.save_search(user=member, query="q=three")


# --- The list and its actions -------------------------------------------------
@pytest.fixture
def saved(member):
    return services.save_search(
        user=member, query="category=home-lighting&max_price=50"
    ).saved_search


def test_list_links_to_each_search(member_client, saved, django_assert_max_num_queries):
    services.save_search(user=saved.user, query="q=lamp")

    with django_assert_max_num_queries(5):
        response = member_client.get(reverse("discovery:saved-searches"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/search/?category=home-lighting&amp;max_price=50"' in page
    assert 'href="/search/?q=lamp"' in page
    assert "Lighting" in page and "Email alerts on" in page


def test_empty_list_explains_saving(member_client):
    page = member_client.get(reverse("discovery:saved-searches")).content.decode()

    assert "No saved searches yet." in page


def test_list_shows_only_own_searches(client, saved):
    other = UserFactory()
    client.force_login(other)

    page = client.get(reverse("discovery:saved-searches")).content.decode()

    assert "home-lighting" not in page


def test_rename(member_client, saved):
    url = reverse("discovery:rename-saved-search", args=[saved.pk])

    response = member_client.post(url, {"name": "  Cheap lamps "})
    assert response.url == reverse("discovery:saved-searches")
    saved.refresh_from_db()
    assert saved.name == "Cheap lamps"

    response = member_client.post(url, {"name": "   "}, follow=True)
    saved.refresh_from_db()
    assert saved.name == "Cheap lamps"
    assert "This field is required." in response.content.decode()


def test_turn_alerts_off_and_on(member_client, saved):
    url = reverse("discovery:saved-search-alerts", args=[saved.pk])
    SavedSearch.objects.filter(pk=saved.pk).update(
        last_alerted_at=timezone.now() - timedelta(days=30)
    )

    member_client.post(url, {"email_alerts": "off"})
    saved.refresh_from_db()
    assert saved.email_alerts is False

    member_client.post(url, {"email_alerts": "on"})
    saved.refresh_from_db()
    assert saved.email_alerts is True
    # Counted from now: no digest of the month the alerts were off.
    assert saved.last_alerted_at > timezone.now() - timedelta(minutes=1)


def test_delete_asks_first(member_client, saved):
    url = reverse("discovery:delete-saved-search", args=[saved.pk])

    page = member_client.get(url).content.decode()
    assert "Delete “Lighting”?" in page
    assert SavedSearch.objects.filter(pk=saved.pk).exists()

    response = member_client.post(url)
    assert response.url == reverse("discovery:saved-searches")
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("discovery:rename-saved-search", "post", {"name": "Mine now"}),
        ("discovery:saved-search-alerts", "post", {"email_alerts": "off"}),
        ("discovery:delete-saved-search", "get", {}),
        ("discovery:delete-saved-search", "post", {}),
    ],
)
def test_another_members_saved_search_is_a_404(client, saved, name, method, data):
    client.force_login(UserFactory())

    response = getattr(client, method)(reverse(name, args=[saved.pk]), data)

    assert response.status_code == 404
    saved.refresh_from_db()
    assert (saved.name, saved.email_alerts) == ("Lighting", True)


def test_save_button_partial_posts_the_search_it_shows(member_client, member):
    from django.http import QueryDict
    from django.template import Context, Template

    from listings.search import parse_search_params

    params, _notices = parse_search_params(
        QueryDict("q=lamp&category=home-lighting&cursor=abc")
    )
    html = Template(
        '{% include "discovery/_save_search_button.html" with query=query '
        "next=next csrf_token=csrf_token only %}"
    ).render(
        Context(
            {
                "query": canonical_query(params),
                "next": "/search/?q=lamp",
                "csrf_token": "tok",
            }
        )
    )
    assert f'action="{SAVE_URL}"' in html
    assert 'name="query" value="q=lamp&amp;category=home-lighting"' in html

    response = member_client.post(
        SAVE_URL, {"query": "q=lamp&category=home-lighting", "next": "/search/?q=lamp"}
    )
    assert response.url == "/search/?q=lamp"
    assert SavedSearch.objects.get(user=member).query == "q=lamp&category=home-lighting"
