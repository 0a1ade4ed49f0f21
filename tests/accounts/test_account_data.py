"""The member's data download: every section, only their own data, a JSON
attachment, POST only, login required, rate-limited."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from conversations.models import Comment, Conversation, Message
from discovery.services import like_listing, save_search
from notifications.models import EmailOptOut, Kind, Notification
from orders.models import CardToken
from orders.services import rate_order
from tests.factories import (
    AddressFactory,
    ListingFactory,
    UserFactory,
    buy,
    completed,
    offer,
)

pytestmark = pytest.mark.django_db

URL = reverse("accounts:export-data")


@pytest.fixture
def world():
    """A member with a bit of everything, and a counterparty with private data."""
    member = UserFactory(username="ada", display_name="Ada L", bio="Collector.")
    AddressFactory(user=member, line1="12 Own Street")
    other = UserFactory(username="grace")
    AddressFactory(user=other, line1="99 Private Road")

    own_listing = ListingFactory(seller=member, title="Ada's teapot")
    bought = completed(buy(ListingFactory(seller=other, title="Grace's lamp"), member))
    sold = completed(buy(ListingFactory(seller=member, title="Ada's vase"), other))
    rate_order(order=bought, rater=member, stars=5, comment="Lovely lamp")
    rate_order(order=bought, rater=other, stars=4, comment="Paid fast")
    hidden = rate_order(order=sold, rater=other, stars=2, comment="Secret grumble")
    made = offer(ListingFactory(seller=other, title="Grace's chair"), buyer=member)
    like_listing(user=member, listing=ListingFactory(seller=other, title="Liked rug"))
    save_search(user=member, query="q=brass+lamp", name="Brass")

    thread = Conversation.objects.create(
        listing=own_listing, seller=member, member=other
    )
    Message.objects.create(conversation=thread, sender=other, text="Other's words")
    Message.objects.create(conversation=thread, sender=member, text="Ada's reply")
    Comment.objects.create(listing=own_listing, author=member, text="Ada's answer")
    Comment.objects.create(listing=own_listing, author=other, text="Grace's question")
    Notification.objects.create(
        recipient=member,
        kind=Kind.MESSAGE,
        event_key="m:1",
        text="New message",
        url="/",
    )
    Notification.objects.create(
        recipient=other, kind=Kind.MESSAGE, event_key="m:2", text="Not Ada's", url="/"
    )
    EmailOptOut.objects.create(member=member, kind=Kind.MESSAGE)
    return {"member": member, "other": other, "offer": made, "hidden": hidden}


def download(client, member):
    client.force_login(member)
    response = client.post(URL)
    assert response.status_code == 200
    return response


def test_download_is_a_named_json_attachment(client, world):
    response = download(client, world["member"])

    today = timezone.localdate().isoformat()
    assert response["Content-Type"].startswith("application/json")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="nomi-ada-{today}.json"'
    )
    assert "no-store" in response["Cache-Control"]


def test_download_holds_every_section(client, world):
    data = json.loads(download(client, world["member"]).content)

    assert data["profile"]["username"] == "ada"
    assert data["profile"]["email"] == world["member"].email
    assert data["profile"]["bio"] == "Collector."
    assert [a["line1"] for a in data["addresses"]] == ["12 Own Street"]
    assert {item["title"] for item in data["listings"]} == {
        "Ada's teapot",
        "Ada's vase",
    }
    roles = {(o["role"], o["title"], o["other_member"]) for o in data["orders"]}
    assert roles == {
        ("buyer", "Grace's lamp", "grace"),
        ("seller", "Ada's vase", "grace"),
    }
    assert [o["title"] for o in data["offers"]] == ["Grace's chair"]
    assert [r["comment"] for r in data["ratings_given"]] == ["Lovely lamp"]
    assert [r["comment"] for r in data["ratings_received"]] == ["Paid fast"]
    assert [like["title"] for like in data["likes"]] == ["Liked rug"]
    assert [s["name"] for s in data["saved_searches"]] == ["Brass"]
    assert [m["text"] for m in data["messages"]] == ["Ada's reply"]
    assert [c["text"] for c in data["comments"]] == ["Ada's answer"]
    # The member's own entries (the orders above told them too), no one else's.
    texts = [n["text"] for n in data["notifications"]]
    assert "New message" in texts
    assert "Not Ada's" not in texts
    assert len(texts) == Notification.objects.filter(recipient=world["member"]).count()
    assert data["email_opt_outs"] == ["message"]
    assert {p["card_last4"] for p in data["payments"]} == {"4242"}
    assert data["balance"]["available_cents"] > 0


def test_download_never_holds_other_members_private_data(client, world):
    member, other = world["member"], world["other"]
    text = download(client, member).content.decode()

    assert member.password not in text
    assert "pbkdf2" not in text and "argon2" not in text
    assert other.email not in text
    assert "99 Private Road" not in text
    assert "Other's words" not in text
    assert "Grace's question" not in text
    assert "Not Ada's" not in text
    assert "Secret grumble" not in text  # not visible yet: a blind rating
    for token in CardToken.objects.values_list("token", flat=True):
        assert token not in text


def test_download_needs_login_and_post(client, world):
    response = client.post(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]

    client.force_login(world["member"])
    assert client.get(URL).status_code == 405


def test_download_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export-member": "2/h"}
    client.force_login(UserFactory())

    codes = [client.post(URL).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_settings_page_offers_the_download_and_deletion(client):
    client.force_login(UserFactory())

    html = client.get(reverse("accounts:settings")).content.decode()

    assert f'action="{URL}"' in html
    assert f'href="{reverse("accounts:delete")}"' in html
