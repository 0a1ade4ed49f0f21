"""The item page's layout contract: photos, then title, price, shipping and
condition, then one set of actions (the phone's bottom bar, the desktop's
right column); the gallery's no-JS links; likes only when there are some."""

import re

import pytest
from django.urls import reverse

from accounts.services import block_member
from discovery.services import like_listing
from listings.models import Listing
from tests.factories import ListingFactory, UserFactory, add_photos

pytestmark = pytest.mark.django_db


def item_page(client, listing, **params):
    response = client.get(listing.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def buy_bar(html: str) -> str:
    start = html.index('<div class="buy-bar"')
    end = html.index("</div>\n      </div>", start)
    return html[start:end]


def test_photos_title_price_summary_then_actions_then_seller(client):
    listing = ListingFactory(title="Leica M6", price_cents=150000)
    add_photos(listing, 2)

    page = item_page(client, listing)

    order = [
        'class="gallery"',
        "<h1",
        'class="price"',
        'class="item-shipping"',
        'class="item-condition"',
        'class="buy-bar"',
        'class="seller-card',
        'class="description"',
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_one_set_of_actions_with_price_buy_now_and_make_offer(client):
    listing = ListingFactory(price_cents=4000)

    page = item_page(client, listing)

    bar = buy_bar(page)
    assert "$40.00" in bar
    assert f'href="{reverse("orders:checkout", args=[listing.pk])}">Buy now</a>' in bar
    assert (
        f'href="{reverse("orders:offer-new", args=[listing.pk])}">Make offer</a>' in bar
    )
    # Rendered once: no duplicate buttons for screen readers or axe.
    assert page.count(">Buy now<") == 1 and page.count(">Make offer<") == 1
    assert page.count('id="buy"') == 1


def test_signed_in_buyer_gets_the_same_bar(client):
    listing = ListingFactory()
    client.force_login(UserFactory())

    assert "Buy now" in buy_bar(item_page(client, listing))


@pytest.mark.parametrize("who", ["owner", "blocked", "sold"])
def test_no_bar_when_the_member_may_not_buy(client, who):
    listing = ListingFactory()
    if who == "owner":
        client.force_login(listing.seller)
    elif who == "blocked":
        buyer = UserFactory()
        block_member(blocker=listing.seller, blocked=buyer)
        client.force_login(buyer)
    else:
        Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.SOLD)

    page = item_page(client, listing)

    assert 'class="buy-bar"' not in page
    assert "Buy now" not in page and "Make offer" not in page


def test_gallery_thumbnails_are_links_that_show_their_photo(client):
    listing = ListingFactory(title="Brass lamp")
    first, second, third = add_photos(listing, 3)

    page = item_page(client, listing, photo=2)

    assert 'id="photo"' in page
    links = re.findall(r'<a href="(\?photo=\d#photo)"( aria-current="true")?', page)
    assert links == [
        ("?photo=1#photo", ""),
        ("?photo=2#photo", ' aria-current="true"'),
        ("?photo=3#photo", ""),
    ]
    main = re.search(r"<img [^>]*data-gallery-main[^>]*>", page).group(0)
    assert f'src="{second.image.url}"' in main
    assert 'alt="Brass lamp"' in main
    assert "Photo 2 of 3" in page
    for n in (1, 2, 3):
        assert f'alt="Brass lamp, photo {n} of 3"' in page
    # Each link carries what gallery.js needs to switch in place.
    assert f'data-src="{third.image.url}"' in page
    assert "js/gallery.js" in page


def test_one_photo_has_no_thumbnails_and_no_script(client):
    listing = ListingFactory()
    add_photos(listing, 1)

    page = item_page(client, listing)

    assert "gallery-thumbs" not in page and "Photo 1 of 1" not in page
    assert "js/gallery.js" not in page


def test_likes_show_only_when_there_are_some(client):
    listing = ListingFactory()

    page = item_page(client, listing)
    assert "0 likes" not in page
    assert 'class="likes like-count"' not in page

    like_listing(user=UserFactory(), listing=listing)
    page = item_page(client, listing)
    assert re.search(r'class="likes like-count">\s*1 like<', page)
