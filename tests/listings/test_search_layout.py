"""The search page's layout: category chips, sort above the results, and card images."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from PIL import Image

from listings.models import Category, ListingPhoto, fit_within
from listings.selectors import list_category_chips
from tests.factories import ListingFactory, add_photos, leaf_category


class Chips(HTMLParser):
    """The links of the category chips, as (text, href, current)."""

    def __init__(self):
        super().__init__()
        self.inside, self.link, self.links = False, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "category-chips" in (attrs.get("class") or ""):
            self.inside = True
        elif tag == "a" and self.inside:
            self.link = [attrs["href"], attrs.get("aria-current") == "page", ""]

    def handle_endtag(self, tag):
        if tag == "nav":
            self.inside = False
        elif tag == "a" and self.link:
            href, current, text = self.link
            self.links.append((text.strip(), href, current))
            self.link = None

    def handle_data(self, data):
        if self.link:
            self.link[2] += data


def chips(response):
    parser = Chips()
    parser.feed(response.content.decode())
    return parser.links


@pytest.mark.django_db
def test_department_page_lists_its_categories_as_chips(client):
    home = Category.objects.get(slug="home")
    children = list(home.children.all())
    assert len(children) > 1

    links = chips(client.get(reverse("listings:category", args=["home"])))

    assert links == [(c.name, c.get_absolute_url(), False) for c in children]


@pytest.mark.django_db
def test_category_page_lists_its_siblings_with_itself_current(client):
    lighting = leaf_category("home-lighting")
    siblings = list(lighting.parent.children.all())

    response = client.get(lighting.get_absolute_url())
    links = chips(response)

    assert links[0] == ("All Home", lighting.parent.get_absolute_url(), False)
    assert links[1:] == [
        (c.name, c.get_absolute_url(), c.pk == lighting.pk) for c in siblings
    ]
    # The breadcrumb leads back up to the department.
    page = response.content.decode()
    start = page.index('class="breadcrumb"')
    crumbs = page[start : page.index("</nav>", start)]
    assert f'href="{lighting.parent.get_absolute_url()}"' in crumbs


@pytest.mark.django_db
def test_chips_take_one_query(django_assert_num_queries):
    lighting = Category.objects.select_related("parent").get(slug="home-lighting")
    with django_assert_num_queries(1):
        names = [c.name for c in list_category_chips(category=lighting)]
    assert "Lighting" in names
    with django_assert_num_queries(1):
        list_category_chips(category=lighting.parent)


@pytest.mark.django_db
def test_search_page_has_no_chips(client):
    ListingFactory(title="Lamp")
    assert chips(client.get(reverse("listings:search"), {"q": "lamp"})) == []


@pytest.mark.django_db
def test_sort_comes_before_the_results_and_keeps_the_filters(client):
    ListingFactory(title="Brass lamp", price_cents=4000)
    response = client.get(
        reverse("listings:search"),
        {"q": "lamp", "min_price": "5", "max_price": "100", "sort": "price_asc"},
    )
    page = response.content.decode()

    sort_form = re.search(r'<form class="sort-form".*?</form>', page, re.S).group(0)
    assert page.index('class="sort-form"') < page.index('class="listing-grid"')
    assert page.index('class="result-count"') < page.index('class="sort-form"')
    assert '<label for="f-sort">Sort by</label>' in sort_form
    assert '<option value="price_asc" selected>' in sort_form
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', sort_form))
    assert hidden == {"q": "lamp", "min_price": "5", "max_price": "100"}
    # The filter form keeps the sort chosen; it no longer has its own select.
    filters = re.search(r'<section class="filters.*?</section>', page, re.S).group(0)
    assert '<input type="hidden" name="sort" value="price_asc">' in filters
    assert 'name="sort"' not in filters.replace(
        '<input type="hidden" name="sort" value="price_asc">', ""
    )
    # The Filter link opens the sidebar (a sheet on phones) without JavaScript.
    assert 'href="#filters"' in page and 'id="filters"' in page
    assert "js/filters.js" in page


@pytest.mark.django_db
def test_sort_form_on_a_category_page_leaves_the_category_to_the_path(client):
    ListingFactory(title="Lamp", category=leaf_category("home-lighting"))
    page = client.get(
        reverse("listings:category", args=["home-lighting"]), {"q": "lamp"}
    ).content.decode()
    sort_form = re.search(r'<form class="sort-form".*?</form>', page, re.S).group(0)
    assert 'action="/c/home-lighting/"' in sort_form
    assert 'name="category"' not in sort_form


# --- Card images: srcset widths are the files' real widths ---------------------


def srcset_widths(html):
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    return [
        (url, int(width.removesuffix("w")))
        for url, width in (
            candidate.strip().rsplit(" ", 1) for candidate in srcset.split(",")
        )
    ]


def pixel_width(url, settings):
    path = settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL)
    with Image.open(path) as image:
        return image.size


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("size", "widths"),
    [((600, 800), [240, 480]), ((800, 600), [320, 640]), ((700, 700), [320, 640])],
    ids=["portrait", "landscape", "square"],
)
def test_card_srcset_gives_each_thumbnail_its_real_width(
    client, settings, size, widths
):
    listing = ListingFactory(title="Lamp")
    add_photos(listing, 1, size=size)

    page = client.get(reverse("listings:search")).content.decode()
    card = re.search(r'<li class="card listing-card">.*?</li>', page, re.S).group(0)
    candidates = srcset_widths(card)

    assert [width for _url, width in candidates] == widths
    for url, width in candidates:
        assert pixel_width(url, settings)[0] == width
    img = re.search(r"<img [^>]+>", card).group(0)
    shown = re.search(r'src="([^"]+)"', img).group(1)
    real = pixel_width(shown, settings)
    assert f'width="{real[0]}" height="{real[1]}"' in img


@pytest.mark.django_db
def test_a_photo_smaller_than_a_thumbnail_is_listed_once_at_its_width(settings):
    listing = ListingFactory(title="Lamp")
    (photo,) = add_photos(listing, 1, size=(200, 150))
    candidates = srcset_widths(f'srcset="{photo.thumb_srcset}"')
    assert [width for _url, width in candidates] == [200]
    assert pixel_width(candidates[0][0], settings) == (200, 150)


@pytest.mark.django_db
def test_item_page_srcset_uses_real_widths_too(settings):
    listing = ListingFactory(title="Lamp")
    (photo,) = add_photos(listing, 1, size=(900, 1200))
    candidates = srcset_widths(f'srcset="{photo.srcset}"')
    assert [width for _url, width in candidates] == [240, 480, 900]
    for url, width in candidates:
        assert pixel_width(url, settings)[0] == width


def test_fit_within_rounds_as_pillow_does():
    for width in (*range(1, 1700, 37), 1599, 1600):
        for height in (1, 7, 239, 240, 241, 427, 600, 641, 1067, 1200, 1600):
            for side in ListingPhoto.THUMBNAIL_SIDES:
                image = Image.new("L", (width, height))
                image.thumbnail((side, side))
                assert fit_within(width, height, side) == image.size, (
                    width,
                    height,
                    side,
                )
