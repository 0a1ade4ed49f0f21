"""Blocking: a blocked member cannot buy from or make offers to the blocker."""

import uuid

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.exceptions import AccountError
from accounts.models import Block
from accounts.selectors import is_blocked_between
from accounts.services import block_member, unblock_member
from orders import ledger
from orders.exceptions import OrderError
from orders.models import GatewayCall, Offer, Order
from orders.services import accept_counter, accept_offer, counter_offer, quote_for
from tests.factories import (
    CARD_FORM,
    NEW_ADDRESS_FORM,
    ListingFactory,
    UserFactory,
    add_photos,
    balance_payment,
    buy,
    card_token,
    completed,
    offer,
    pay_post,
)

pytestmark = pytest.mark.django_db


def block_url(member) -> str:
    return reverse("accounts:block", args=[member.username])


def unblock_url(member) -> str:
    return reverse("accounts:unblock", args=[member.username])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def checkout_data(listing) -> dict:
    return {
        "idempotency_key": uuid.uuid4().hex,
        "expected_total_cents": quote_for(listing).total_cents,
        **NEW_ADDRESS_FORM,
        **CARD_FORM,
    }


def offer_data(amount="20.00") -> dict:
    return {
        "idempotency_key": uuid.uuid4().hex,
        "amount": amount,
        **NEW_ADDRESS_FORM,
        **CARD_FORM,
    }


def voids_of(made: Offer):
    return GatewayCall.objects.filter(
        kind="void", reference=made.payment_reference, status="voided"
    )


@pytest.fixture
def seller(db):
    return UserFactory(username="dana", display_name="Dana Seller")


@pytest.fixture
def listing(seller):
    """$25.00 plus shipping; offers from $12.50."""
    item = ListingFactory(seller=seller, title="Brass desk lamp", price_cents=2500)
    add_photos(item, 1)
    return item


@pytest.fixture
def seller_client(client, seller):
    client.force_login(seller)
    return client


# --- Blocking and unblocking through the views ---------------------------------


def test_block_and_unblock_need_login(client, seller):
    for url in (block_url(seller), unblock_url(seller)):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not Block.objects.exists()


def test_block_and_unblock_are_post_only(buyer_client, seller):
    assert buyer_client.get(block_url(seller)).status_code == 405
    assert buyer_client.get(unblock_url(seller)).status_code == 405
    assert not Block.objects.exists()


def test_member_blocks_and_unblocks_from_the_profile(buyer_client, buyer, seller):
    profile = seller.get_absolute_url()
    page = buyer_client.get(profile).content.decode()
    assert f'action="{block_url(seller)}"' in page
    assert 'aria-label="Block Dana Seller"' in page

    response = buyer_client.post(block_url(seller))

    assert response.status_code == 302 and response["Location"] == profile
    assert Block.objects.filter(blocker=buyer, blocked=seller).exists()
    assert messages_of(response)[0].startswith("You blocked Dana Seller.")
    page = buyer_client.get(profile).content.decode()
    assert f'action="{unblock_url(seller)}"' in page
    assert f'action="{block_url(seller)}"' not in page

    response = buyer_client.post(unblock_url(seller))

    assert response["Location"] == profile
    assert messages_of(response) == ["You unblocked Dana Seller."]
    assert not Block.objects.exists()


def test_blocking_twice_keeps_one_block(buyer_client, buyer, seller):
    buyer_client.post(block_url(seller))
    response = buyer_client.post(block_url(seller))

    assert response.status_code == 302
    assert Block.objects.filter(blocker=buyer, blocked=seller).count() == 1
    assert block_member(blocker=buyer, blocked=seller) == Block.objects.get()


def test_unblocking_someone_not_blocked_is_fine(buyer_client, seller):
    response = buyer_client.post(unblock_url(seller))

    assert response.status_code == 302
    assert not Block.objects.exists()


def test_member_cannot_block_themselves(buyer_client, buyer):
    response = buyer_client.post(block_url(buyer))

    assert response.status_code == 302
    assert messages_of(response) == ["You cannot block yourself."]
    assert not Block.objects.exists()
    with pytest.raises(AccountError):
        block_member(blocker=buyer, blocked=buyer)


def test_database_refuses_a_self_block_and_a_second_row(buyer, seller):
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=buyer, blocked=buyer)
    Block.objects.create(blocker=buyer, blocked=seller)
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=buyer, blocked=seller)


def test_unknown_or_suspended_member_cannot_be_blocked(buyer_client):
    gone = UserFactory(is_active=False)

    assert buyer_client.post(block_url(gone)).status_code == 404
    assert buyer_client.post("/accounts/block/nobody/").status_code == 404
    assert not Block.objects.exists()


def test_next_must_be_on_this_site(buyer_client, seller):
    response = buyer_client.post(block_url(seller), {"next": "https://evil.example/"})

    assert response["Location"] == seller.get_absolute_url()


def test_no_block_button_for_visitors_or_on_your_own_profile(client, seller):
    profile = seller.get_absolute_url()
    assert "accounts/block/" not in client.get(profile).content.decode()

    client.force_login(seller)
    assert "accounts/block/" not in client.get(profile).content.decode()


def test_profile_costs_one_query_more_when_viewing_another_member(
    client, seller, django_assert_max_num_queries
):
    viewer = UserFactory()
    client.force_login(viewer)
    with django_assert_max_num_queries(50) as own:
        client.get(viewer.get_absolute_url())
    with django_assert_max_num_queries(len(own.captured_queries) + 1):
        client.get(seller.get_absolute_url())


def test_settings_list_blocked_members_with_unblock_buttons(
    buyer_client, buyer, seller
):
    settings_url = reverse("accounts:settings")
    page = buyer_client.get(settings_url).content.decode()
    assert "Blocked members" in page
    assert "You have not blocked anyone." in page

    other = UserFactory(display_name="Olly Other")
    block_member(blocker=buyer, blocked=seller)
    block_member(blocker=buyer, blocked=other)
    block_member(blocker=seller, blocked=buyer)  # not buyer's own block
    page = buyer_client.get(settings_url).content.decode()

    assert "You have not blocked anyone." not in page
    assert 'aria-label="Unblock Dana Seller"' in page
    assert 'aria-label="Unblock Olly Other"' in page
    assert page.count('aria-label="Unblock ') == 2

    response = buyer_client.post(unblock_url(other), {"next": settings_url})

    assert response["Location"] == settings_url
    assert list(Block.objects.filter(blocker=buyer)) == [
        Block.objects.get(blocker=buyer, blocked=seller)
    ]


def test_settings_can_unblock_a_suspended_member(buyer_client, buyer, seller):
    block_member(blocker=buyer, blocked=seller)
    seller.is_active = False
    seller.save()

    page = buyer_client.get(reverse("accounts:settings")).content.decode()
    response = buyer_client.post(unblock_url(seller))

    assert f'action="{unblock_url(seller)}"' in page
    assert response.status_code == 302
    assert not Block.objects.exists()


def test_blocks_are_listed_in_admin_but_not_added_there(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    block_member(blocker=UserFactory(username="annoyed"), blocked=UserFactory())
    client.force_login(staff)

    listing_page = client.get(
        reverse("admin:accounts_block_changelist"), {"q": "annoyed"}
    )

    assert listing_page.status_code == 200
    assert "annoyed" in listing_page.content.decode()
    assert client.get(reverse("admin:accounts_block_add")).status_code == 403


# --- Buying ------------------------------------------------------------------------


def test_selector_sees_a_block_either_way(buyer, seller):
    assert not is_blocked_between(buyer, seller)
    block_member(blocker=seller, blocked=buyer)
    assert is_blocked_between(buyer, seller) and is_blocked_between(seller, buyer)


def block_by(blocker: str, buyer, seller) -> None:
    """The "seller" or the "buyer" blocks the other."""
    if blocker == "seller":
        block_member(blocker=seller, blocked=buyer)
    else:
        block_member(blocker=buyer, blocked=seller)


def get_and_post_refused(client, url, data) -> list[str]:
    """GET and POST `url`: both refused for the block; returns the two pages."""
    page = client.get(url)
    post = pay_post(client, url, data)
    assert page.status_code == post.status_code == 409
    texts = [page.content.decode(), post.content.decode()]
    for text in texts:
        assert "You cannot buy from or make offers to this member." in text
    return texts


@pytest.mark.parametrize("blocker", ["seller", "buyer"])
def test_checkout_is_refused_after_either_blocks(
    buyer_client, buyer, seller, listing, blocker
):
    block_by(blocker, buyer, seller)
    url = reverse("orders:checkout", args=[listing.pk])

    texts = get_and_post_refused(buyer_client, url, checkout_data(listing))

    for text in texts:
        assert "Confirm purchase" not in text
    assert not Order.objects.exists() and not GatewayCall.objects.exists()
    listing.refresh_from_db()
    assert listing.status == "on_sale"


@pytest.mark.parametrize("blocker", ["seller", "buyer"])
def test_offer_is_refused_after_either_blocks(
    buyer_client, buyer, seller, listing, blocker
):
    block_by(blocker, buyer, seller)
    url = reverse("orders:offer-new", args=[listing.pk])

    get_and_post_refused(buyer_client, url, offer_data())

    assert not Offer.objects.exists() and not GatewayCall.objects.exists()
    with pytest.raises(OrderError, match="cannot buy from or make offers"):
        offer(listing, buyer=buyer)


def test_blocking_closes_the_buyers_offer_so_the_seller_cannot_accept_it(
    seller_client, buyer, seller, listing, on_commit
):
    pending = offer(listing, buyer=buyer, amount_cents=2000)
    mail.outbox.clear()

    with on_commit():
        seller_client.post(block_url(buyer))

    pending.refresh_from_db()
    assert pending.status == Offer.Status.DECLINED and pending.released
    assert pending.open_buyer_id is None
    assert voids_of(pending).count() == 1
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert mail.outbox[0].subject.startswith("You can no longer buy from this seller")

    response = seller_client.post(reverse("orders:offer-accept", args=[pending.pk]))

    assert response.status_code == 302
    assert response["Location"] == pending.get_absolute_url()
    assert not Order.objects.exists()
    assert not GatewayCall.objects.filter(kind="capture").exists()
    listing.refresh_from_db()
    assert listing.status == "on_sale"


def test_blocking_closes_offers_both_ways_and_only_between_the_two(
    buyer, seller, listing, on_commit
):
    """The buyer's offer on the seller's item and the seller's on the buyer's."""
    theirs = offer(listing, buyer=buyer)
    buyers_item = ListingFactory(seller=buyer, price_cents=4000)
    mine = offer(buyers_item, buyer=seller)
    stranger = offer(listing)
    elsewhere = offer(ListingFactory(), buyer=buyer)

    with on_commit():
        block_member(blocker=buyer, blocked=seller)

    for made in (theirs, mine, stranger, elsewhere):
        made.refresh_from_db()
    assert theirs.status == mine.status == Offer.Status.DECLINED
    assert voids_of(theirs).count() == voids_of(mine).count() == 1
    assert stranger.status == elsewhere.status == Offer.Status.PENDING
    assert not voids_of(stranger).exists() and not voids_of(elsewhere).exists()


def test_blocking_releases_a_balance_offers_hold(buyer, seller, listing, on_commit):
    completed(buy(ListingFactory(seller=buyer, price_cents=9000)))
    held = offer(listing, buyer=buyer, payment=balance_payment())
    assert ledger.held_cents(buyer) == held.authorized_cents

    with on_commit():
        block_member(blocker=seller, blocked=buyer)

    held.refresh_from_db()
    assert held.status == Offer.Status.DECLINED and held.released
    assert ledger.held_cents(buyer) == 0


def test_a_block_made_meanwhile_stops_an_acceptance(buyer, seller, listing):
    """Offers made in the instant a block is saved stay open; they cannot sell."""
    pending = offer(listing, buyer=buyer, amount_cents=2000)
    Block.objects.create(blocker=seller, blocked=buyer)

    with pytest.raises(OrderError, match="one of you blocked the other"):
        accept_offer(offer=pending, seller=seller)

    assert not Order.objects.exists()
    listing.refresh_from_db()
    assert listing.status == "on_sale"


def test_a_block_made_meanwhile_stops_a_counter_acceptance(buyer, seller, listing):
    pending = offer(listing, buyer=buyer, amount_cents=2000)
    countered = counter_offer(offer=pending, seller=seller, counter_cents=2200)
    Block.objects.create(blocker=buyer, blocked=seller)

    with pytest.raises(OrderError, match="one of you blocked the other"):
        accept_counter(
            offer=countered, buyer=buyer, card_token=card_token(member=buyer)
        )

    assert not Order.objects.exists()
    new_auth = GatewayCall.objects.filter(kind="authorize").latest("pk")
    assert new_auth.reference != pending.payment_reference
    assert GatewayCall.objects.filter(
        kind="void", reference=new_auth.reference
    ).exists()


def test_unblocking_restores_buying(buyer_client, buyer, seller, listing):
    block_member(blocker=seller, blocked=buyer)
    unblock_member(blocker=seller, blocked=buyer)
    url = reverse("orders:checkout", args=[listing.pk])

    assert buyer_client.get(url).status_code == 200
    response = pay_post(buyer_client, url, checkout_data(listing))

    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    assert (order.buyer, order.seller) == (buyer, seller)


def test_item_page_tells_a_blocked_member_instead_of_offering_buy_buttons(client):
    listing = ListingFactory()
    add_photos(listing)
    blocked = UserFactory()
    block_member(blocker=listing.seller, blocked=blocked)
    client.force_login(blocked)

    page = client.get(listing.get_absolute_url()).content.decode()

    assert "You cannot buy from or make offers to this member." in page
    assert reverse("orders:checkout", args=[listing.pk]) not in page
    assert reverse("orders:offer-new", args=[listing.pk]) not in page
