"""Staff screens for likes and saved searches."""

from django.urls import reverse

from discovery import services
from discovery.models import Like
from listings.models import Listing
from tests.factories import ListingFactory, UserFactory


def test_like_admin_lists_searches_and_removes_through_the_service(staff_client):
    listing = ListingFactory(title="Findable lamp")
    liker = UserFactory()
    services.like_listing(user=liker, listing=listing)
    url = reverse("admin:discovery_like_changelist")

    page = staff_client.get(url, {"q": "Findable"}).content.decode()
    assert "Findable lamp" in page
    assert staff_client.get(url, {"listing__status": "on_sale"}).status_code == 200
    assert staff_client.get(reverse("admin:discovery_like_add")).status_code == 403

    like = Like.objects.get()
    staff_client.post(
        url, {"action": "remove_likes", "_selected_action": [like.pk]}, follow=True
    )

    assert not Like.objects.exists()
    assert Listing.objects.get(pk=listing.pk).like_count == 0


def test_saved_search_admin_lists_and_searches(staff_client):
    member = UserFactory(username="saver")
    saved = services.save_search(user=member, query="q=brass+lamp").saved_search
    url = reverse("admin:discovery_savedsearch_changelist")

    assert "brass lamp" in staff_client.get(url, {"q": "saver"}).content.decode()
    assert staff_client.get(url, {"email_alerts__exact": "1"}).status_code == 200
    change = staff_client.get(
        reverse("admin:discovery_savedsearch_change", args=[saved.pk])
    )
    assert change.status_code == 200
