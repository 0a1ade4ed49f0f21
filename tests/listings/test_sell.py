"""The sell, edit, pause, delete and draft flows through the test client."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from listings.models import Listing, ListingPhoto, PriceChange
from tests.conftest import make_upload
from tests.factories import (
    ListingFactory,
    add_photos,
    buy,
    completed,
    first_tier,
    leaf_category,
)


@pytest.fixture
def form_data(db):
    return {
        "title": "  Vintage   brass lamp ",
        "description": "Works.\nSmall dent.",
        "category": leaf_category().pk,
        "brand": "  west   ELM ",
        "condition": "good",
        "size": "",
        "colour": "Gold",
        "price": "40",
        "shipping": "buyer",
        "shipping_tier": first_tier().pk,
        "ships_from_zip": "94107",
    }


def test_sell_redirect(client):
    response = client.get("/sell/")
    assert response.status_code == 301
    assert response["Location"] == reverse("listings:new")


def test_sell_form_shows_the_contract_labels_and_fee(member_client):
    page = member_client.get(reverse("listings:new")).content.decode()

    for label in (
        "Title", "Description", "Category", "Brand", "Condition", "Size", "Price",
        "Shipping", "Ships from ZIP code", "Photos", "List item", "Save draft",
        "You earn", "Unused, with original packaging or tags.",
    ):  # fmt: skip
        assert label in page, label
    assert '<label for="id_colour">Color</label>' in page
    assert "Colour" not in page
    assert '<label for="id_price">Price</label>' in page
    assert '<label for="id_photos">Photos</label>' in page
    assert "Add photos" in page


def test_photos_come_first_as_a_drop_zone_with_the_real_file_input(member_client):
    page = member_client.get(reverse("listings:new")).content.decode()

    photos = page.index('id="id_photos"')
    assert photos < page.index('id="id_title"') < page.index('id="id_price"')
    file_input = re.search(r"<input [^>]*id=\"id_photos\"[^>]*>", page).group()
    assert 'type="file"' in file_input and "multiple" in file_input
    assert 'accept="image/*"' in file_input
    zone = page[page.index("data-drop-zone") : photos]
    assert "Add photos" in zone


def test_price_has_a_dollar_prefix_and_its_upper_limit(member_client, settings):
    page = member_client.get(reverse("listings:new")).content.decode()

    field = page[page.index('<label for="id_price">') :]
    field = field[: field.index("</div>\n    </div>")]
    assert re.search(
        r'<span class="money-input-prefix" aria-hidden="true">\$</span>'
        r'<input type="text" name="price"',
        field,
    )
    assert 'inputmode="decimal"' in field
    assert 'aria-describedby="id_price_helptext"' in field
    assert settings.LISTING_MAX_PRICE_DOLLARS == 2000
    assert '<div class="helptext" id="id_price_helptext">Up to $2,000</div>' in field


@pytest.mark.parametrize(
    "typed,cents", [("$1,200", 120000), (" 40.00 ", 4000), ("$ 25", 2500)]
)
def test_price_typed_with_a_dollar_sign_or_commas(
    member_client, form_data, typed, cents
):
    form_data.update(price=typed, photos=[make_upload()])

    response = member_client.post(reverse("listings:new"), form_data)

    assert response.status_code == 302
    assert Listing.objects.get().price_cents == cents


def test_colour_is_called_color():
    assert Listing._meta.get_field("colour").verbose_name == "color"


def test_list_item_with_two_photos_publishes(member_client, member, form_data):
    form_data["photos"] = [make_upload("a.jpg"), make_upload("b.png", fmt="PNG")]

    response = member_client.post(reverse("listings:new"), form_data)

    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == listing.get_absolute_url()
    assert listing.status == Listing.Status.ON_SALE
    assert listing.title == "Vintage brass lamp"
    assert listing.brand.name == "West Elm" and listing.brand_name == "West Elm"
    assert listing.price_cents == 4000
    assert listing.shipping_cents == first_tier().price_cents
    assert [p.position for p in listing.photos.all()] == [0, 1]
    page = member_client.get(listing.get_absolute_url()).content.decode()
    assert "you earn $36.00" in page


def test_unknown_brand_is_kept_as_free_text(member_client, form_data):
    form_data.update(brand="Grandma's Workshop", photos=[make_upload()])

    member_client.post(reverse("listings:new"), form_data)

    listing = Listing.objects.get()
    assert listing.brand is None and listing.brand_name == "Grandma's Workshop"


def test_listing_needs_a_photo_to_publish_but_not_for_a_draft(member_client, form_data):
    response = member_client.post(reverse("listings:new"), form_data)
    assert response.status_code == 400
    assert "Add at least one photo" in response.content.decode()
    assert not Listing.objects.exists()

    response = member_client.post(
        reverse("listings:new"), {**form_data, "save_draft": "1"}
    )
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert listing.status == Listing.Status.DRAFT
    assert listing.published_at is None


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("price", "0", "The lowest price is $1."),
        ("price", "2001", "The highest price is $2,000."),
        ("price", "12.50", "whole dollars"),
        ("price", "12,50", "whole dollars"),
        ("price", "abc", "whole dollars"),
        ("title", "x" * 81, "at most 80 characters"),
        ("title", "   ", "This field is required"),
        ("description", "d" * 1001, "at most 1000 characters"),
        ("ships_from_zip", "9410", "5-digit ZIP"),
        ("category", "999999", "Select a valid choice"),
        ("category", "not-a-number", "Select a valid choice"),
        ("condition", "mint", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_and_nothing_is_lost(
    member_client, form_data, field, value, message
):
    form_data.update({field: value, "photos": [make_upload("keep.jpg")]})

    response = member_client.post(reverse("listings:new"), form_data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert not Listing.objects.exists()
    # The accepted photo is staged and offered again, the typed text is kept.
    staged = ListingPhoto.objects.get(listing__isnull=True)
    assert f'name="staged_photo" value="{staged.pk}"' in page
    assert 'value="Gold"' in page


def summary_links(page: str) -> list[tuple[str, str]]:
    """(href, text) of every link in the error summary at the top of the form."""
    box = re.search(
        r'<div class="error-summary" role="alert" tabindex="-1"[^>]*>(.*?)</div>',
        page,
        re.S,
    )
    assert box, "no error summary"
    return [
        (href, unescape(text))
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', box.group(1))
    ]


def test_bad_title_and_no_photo_are_reported_together(member_client, form_data):
    form_data["title"] = ""

    response = member_client.post(reverse("listings:new"), form_data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"title", "photos"}
    assert summary_links(response.content.decode()) == [
        ("#id_photos", "Photos: Add at least one photo to list an item."),
        ("#id_title", "Title: This field is required."),
    ]
    assert not Listing.objects.exists()


def test_error_summary_links_every_error_to_its_field(member_client, form_data):
    form_data.update(
        title="",
        category="",
        condition="mint",
        price="12.50",
        ships_from_zip="9410",
        photos=[SimpleUploadedFile("notes.jpg", b"not a photo", "image/jpeg")],
    )

    response = member_client.post(reverse("listings:new"), form_data)

    page = response.content.decode()
    form = response.context["form"]
    links = summary_links(page)
    assert len(links) == sum(len(errors) for errors in form.errors.values()) == 7
    assert [href for href, _ in links] == [
        "#id_photos",
        "#id_photos",
        "#id_title",
        "#id_category",
        "#id_condition_0",
        "#id_price",
        "#id_ships_from_zip",
    ]
    for href in {href for href, _ in links}:
        assert f'id="{href[1:]}"' in page, href
    assert "Photos: notes.jpg is not a valid image" in links[0][1]
    assert links[5][1] == "Price: Enter the price in whole dollars, like 25."
    # Each message is also next to its field.
    assert 'id="id_price_error"' in page and 'id="id_photos_error"' in page
    assert "There are 7 problems to fix" in page


def test_no_error_summary_on_a_fresh_form(member_client):
    page = member_client.get(reverse("listings:new")).content.decode()
    assert "error-summary" not in page


def test_failed_submit_keeps_typed_values_and_staged_photos_in_order(
    member_client, form_data
):
    form_data.update(
        title="",
        colour="Forest green",
        photos=[
            make_upload("a.jpg", size=(40, 30)),
            make_upload("b.jpg", size=(30, 40)),
        ],
    )

    response = member_client.post(reverse("listings:new"), form_data)

    page = response.content.decode()
    assert response.status_code == 400
    first, second = ListingPhoto.objects.order_by("pk")
    assert first.listing is None and second.listing is None
    assert 'value="Forest green"' in page
    assert 'value="40"' in page  # the price
    assert page.index(f'name="staged_photo" value="{first.pk}"') < page.index(
        f'name="staged_photo" value="{second.pk}"'
    )
    assert f'name="position_{first.pk}" value="1"' in page
    assert f'name="position_{second.pk}" value="2"' in page

    # Without JavaScript the seller types positions: the second photo first.
    form_data.pop("photos")
    form_data.update(
        title="Vintage brass lamp",
        staged_photo=[str(first.pk), str(second.pk)],
        **{f"position_{first.pk}": "2", f"position_{second.pk}": "1"},
    )
    response = member_client.post(reverse("listings:new"), form_data)
    assert response.status_code == 302
    assert list(Listing.objects.get().photos.all()) == [second, first]


def test_department_is_not_a_valid_category(member_client, form_data):
    form_data.update(category=leaf_category().parent_id, photos=[make_upload()])
    response = member_client.post(reverse("listings:new"), form_data)
    assert response.status_code == 400
    assert not Listing.objects.exists()


def test_bad_photos_are_refused_next_to_photos_and_good_ones_kept(
    member_client, member, form_data
):
    fake = SimpleUploadedFile("fake.jpg", b"definitely not a jpeg", "image/jpeg")
    form_data["photos"] = [make_upload("good.jpg"), fake]

    response = member_client.post(reverse("listings:new"), form_data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "fake.jpg is not a valid image" in page
    staged = ListingPhoto.objects.get()
    assert staged.listing is None

    # Submitting again with the staged photo only publishes with it.
    form_data.pop("photos")
    form_data["staged_photo"] = [str(staged.pk)]
    response = member_client.post(reverse("listings:new"), form_data)
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert list(listing.photos.all()) == [staged]


def test_thirteenth_photo_is_refused(member_client, settings, form_data):
    form_data["photos"] = [make_upload(f"p{i}.jpg", size=(40, 30)) for i in range(13)]

    response = member_client.post(reverse("listings:new"), form_data)

    assert response.status_code == 400
    assert "p12.jpg was not added: a listing has at most 12 photos." in (
        response.content.decode()
    )
    assert ListingPhoto.objects.count() == 12
    form_data.pop("photos")
    form_data["staged_photo"] = [str(p.pk) for p in ListingPhoto.objects.all()]
    member_client.post(reverse("listings:new"), form_data)
    assert Listing.objects.get().photos.count() == 12


def test_someone_elses_staged_photo_cannot_be_taken(member_client, member, form_data):
    theirs = add_photos(ListingFactory(), 1)[0]
    theirs.listing = None
    theirs.save()
    form_data.update(staged_photo=[str(theirs.pk)], photos=[make_upload()])

    member_client.post(reverse("listings:new"), form_data)

    theirs.refresh_from_db()
    assert theirs.listing is None
    assert Listing.objects.get(seller=member).photos.count() == 1


def test_preview_without_javascript_shows_earnings(member_client, form_data):
    form_data.update(price="100", shipping="seller", preview="1")

    response = member_client.post(reverse("listings:new"), form_data)

    page = response.content.decode()
    tier = first_tier()
    assert response.status_code == 200
    assert not Listing.objects.exists()
    earn = 10000 - 1000 - tier.price_cents
    assert f"${earn // 100}.{earn % 100:02d}" in page


def test_unverified_member_cannot_sell(client, unverified_member, form_data):
    client.force_login(unverified_member)
    form_data["photos"] = [make_upload()]

    response = client.post(reverse("listings:new"), form_data)

    assert response.status_code == 302
    assert reverse("accounts:verification-required") in response["Location"]
    assert not Listing.objects.exists()


def test_active_listing_limit(member_client, member, settings, form_data):
    settings.ACTIVE_LISTING_LIMIT_BASE = 2
    settings.ACTIVE_LISTING_LIMIT_PER_SALE = 1
    ListingFactory.create_batch(2, seller=member)
    form_data["photos"] = [make_upload()]

    response = member_client.post(reverse("listings:new"), form_data)

    assert response.status_code == 400
    assert "You have 2 active listings" in response.content.decode()
    assert Listing.objects.filter(seller=member).count() == 2

    # A sold listing is not a completed sale; a completed order is: limit 3.
    ListingFactory(seller=member, status=Listing.Status.SOLD)
    form_data["photos"] = [make_upload()]
    assert member_client.post(reverse("listings:new"), form_data).status_code == 400
    completed(buy(ListingFactory(seller=member, status=Listing.Status.ON_SALE)))
    form_data["photos"] = [make_upload()]
    response = member_client.post(reverse("listings:new"), form_data)
    assert response.status_code == 302


def test_edit_every_field_reorder_and_remove_photos(member_client, member, form_data):
    listing = ListingFactory(seller=member, price_cents=5000)
    first, second, third = add_photos(listing, 3)
    form_data.update(
        {
            "title": "Renamed lamp",
            "price": "45",
            f"position_{first.pk}": "3",
            f"position_{second.pk}": "1",
            f"position_{third.pk}": "2",
            "remove_photo": [str(third.pk)],
            "photos": [make_upload("new.jpg")],
        }
    )

    response = member_client.post(
        reverse("listings:edit", args=[listing.pk]), form_data
    )

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "Renamed lamp"
    photos = list(listing.photos.all())
    assert photos[:2] == [second, first]
    assert len(photos) == 3 and photos[2].pk not in (first.pk, second.pk, third.pk)
    change = PriceChange.objects.get(listing=listing)
    assert (change.old_cents, change.new_cents) == (5000, 4500)


def test_removing_every_photo_of_a_listing_on_sale_is_refused(
    member_client, member, form_data
):
    listing = ListingFactory(seller=member)
    (photo,) = add_photos(listing, 1)
    form_data["remove_photo"] = [str(photo.pk)]

    response = member_client.post(
        reverse("listings:edit", args=[listing.pk]), form_data
    )

    assert response.status_code == 400
    assert "Add at least one photo" in response.content.decode()
    assert listing.photos.count() == 1


def test_a_new_photo_can_become_the_cover_when_editing(
    member_client, member, form_data
):
    listing = ListingFactory(seller=member)
    first, second = add_photos(listing, 2)
    new = member_client.post(
        reverse("listings:stage-photo"), {"photo": make_upload()}
    ).json()["id"]
    form_data.update(
        {
            "staged_photo": [str(new)],
            f"position_{first.pk}": "2",
            f"position_{second.pk}": "3",
            f"position_{new}": "1",
        }
    )

    response = member_client.post(
        reverse("listings:edit", args=[listing.pk]), form_data
    )

    assert response.status_code == 302
    assert [p.pk for p in listing.photos.all()] == [new, first.pk, second.pk]


def test_edit_reports_bad_fields_and_no_photo_left_together(
    member_client, member, form_data
):
    listing = ListingFactory(seller=member)
    (photo,) = add_photos(listing, 1)
    form_data.update(title="", remove_photo=[str(photo.pk)])

    response = member_client.post(
        reverse("listings:edit", args=[listing.pk]), form_data
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "photos"}
    # The ticked photo stays ticked, so the next try removes it too.
    assert f'name="remove_photo" value="{photo.pk}" checked' in page
    assert listing.photos.count() == 1


def test_a_draft_may_be_saved_with_errors_only_in_its_fields(member_client, form_data):
    form_data.update(title="", save_draft="1")

    response = member_client.post(reverse("listings:new"), form_data)

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title"}


def test_pause_resume_and_publish_draft(member_client, member):
    listing = ListingFactory(seller=member)
    add_photos(listing, 1)

    member_client.post(reverse("listings:pause", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PAUSED
    member_client.post(reverse("listings:resume", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ON_SALE

    draft = ListingFactory(
        seller=member, status=Listing.Status.DRAFT, published_at=None
    )
    response = member_client.post(reverse("listings:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Listing.Status.DRAFT  # no photo yet
    assert response.status_code == 302
    add_photos(draft, 1)
    member_client.post(reverse("listings:publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Listing.Status.ON_SALE and draft.published_at


def test_state_changes_need_post(member_client, member):
    listing = ListingFactory(seller=member)
    assert (
        member_client.get(reverse("listings:pause", args=[listing.pk])).status_code
        == 405
    )


def test_delete_never_ordered_listing(member_client, member):
    listing = ListingFactory(seller=member)
    add_photos(listing, 1)

    page = member_client.get(reverse("listings:delete", args=[listing.pk]))
    assert page.status_code == 200
    response = member_client.post(reverse("listings:delete", args=[listing.pk]))

    assert response.status_code == 302
    assert not Listing.objects.filter(pk=listing.pk).exists()
    assert not ListingPhoto.objects.exists()


def test_sold_listing_cannot_be_deleted_or_edited(member_client, member):
    listing = ListingFactory(seller=member, status=Listing.Status.SOLD)

    member_client.post(reverse("listings:delete", args=[listing.pk]))
    response = member_client.get(reverse("listings:edit", args=[listing.pk]))

    assert Listing.objects.filter(pk=listing.pk).exists()
    assert response.status_code == 302


@pytest.mark.parametrize(
    "name,method",
    [
        ("listings:edit", "get"),
        ("listings:edit", "post"),
        ("listings:delete", "get"),
        ("listings:delete", "post"),
        ("listings:pause", "post"),
    ],
)
def test_another_members_listing_is_a_404(member_client, form_data, name, method):
    theirs = ListingFactory()

    response = getattr(member_client, method)(
        reverse(name, args=[theirs.pk]), form_data
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Listing.Status.ON_SALE
    assert theirs.title.startswith("Brass desk lamp")


def test_brand_suggestions(client, db):
    response = client.get(reverse("listings:brand-suggestions"), {"q": "ni"})
    assert "Nike" in response.json()["brands"]
    assert client.get(reverse("listings:brand-suggestions")).json() == {"brands": []}


@pytest.mark.parametrize(
    "target", ["//evil.example/", "/\\evil.example/", "https://evil.example/"]
)
def test_state_change_never_redirects_off_site(member_client, member, target):
    listing = ListingFactory(seller=member)
    add_photos(listing, 1)

    response = member_client.post(
        reverse("listings:pause", args=[listing.pk]), {"next": target}
    )

    assert response["Location"] == listing.get_absolute_url()


def test_state_change_returns_to_a_local_next(member_client, member):
    listing = ListingFactory(seller=member)
    add_photos(listing, 1)

    response = member_client.post(
        reverse("listings:pause", args=[listing.pk]), {"next": "/selling/?tab=paused"}
    )

    assert response["Location"] == "/selling/?tab=paused"
