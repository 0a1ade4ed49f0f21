"""Demo photos: the object a title names, recoloured, in a studio shot of its own."""

import logging
import random

import pytest
from PIL import Image, ImageChops, ImageStat

from demo import photos
from demo.objects import (
    ALL_OBJECTS,
    CATEGORY_OBJECTS,
    DEPARTMENT_OBJECTS,
    FALLBACK_OBJECT,
    choose_object,
)
from demo.photos import draw_photo
from demo.vocabulary.catalogue import CATALOGUE
from demo.vocabulary.wording import COLOURS

needs_font = pytest.mark.skipif(
    not photos.font_available(),
    reason="Noto Color Emoji is not installed (scripts/system-packages.sh does)",
)
SIDE = 240


@pytest.mark.parametrize(
    ("title", "department", "category", "brand", "expected"),
    [
        ("Adidas Soccer Ball", "Sports & outdoors", "Team sports", "Adidas", "⚽"),
        ("Spalding NBA Basketball", "Sports & outdoors", "Team sports", "", "🏀"),
        ("Nike Air Force 1 '07 — size 10", "Men", "Sneakers", "Nike", "👟"),
        ("Zara Floral Midi Dress — size M", "Women", "Dresses", "Zara", "👗"),
        ("Canon EOS Rebel T7 Kit", "Electronics", "Cameras & photo", "Canon", "📷"),
        ("Sony WH-1000XM5", "Electronics", "Headphones & audio", "Sony", "🎧"),
        (
            "Fender Player Stratocaster",
            "Books, music & media",
            "Musical instruments",
            "Fender",
            "🎸",
        ),
        (
            "Atomic Habits by James Clear (hardcover)",
            "Books, music & media",
            "Books",
            "",
            "📚",
        ),
        (
            "Pink Floyd – The Dark Side of the Moon LP",
            "Books, music & media",
            "Vinyl records",
            "",
            "💿",
        ),
        ("Brass Table Lamp", "Home", "Lighting", "", "💡"),
        ("Apple Watch Series 8 45mm", "Men", "Watches", "Apple", "⌚"),
        ("Coach Crossbody Bag", "Women", "Bags & purses", "Coach", "👜"),
        ("Apple iPhone 15 128GB", "Electronics", "Cell phones", "Apple", "📱"),
        ('MacBook Air M2 13"', "Electronics", "Computers & laptops", "Apple", "💻"),
        ("Aeron Office Chair", "Home", "Furniture", "Herman Miller", "🪑"),
        ("Jadeite Mug", "Vintage & antiques", "Pottery & glass", "", "☕"),
        ("Vintage Teddy Bear", "Toys & collectibles", "Stuffed animals", "", "🧸"),
        ("Ring Video Doorbell 4", "Electronics", "Smart home", "Ring", "🔔"),
        # "Slim" names a console only in Electronics.
        ("Slim Fit Graphic Tee — size L", "Men", "T-shirts", "", "👕"),
        ("Mindbender Skis", "Sports & outdoors", "Winter sports", "K2", "🎿"),
        # No object word: the category's object, then the department's.
        ("Samba OG", "Men", "Sneakers", "Adidas", "👟"),
        ("Something", "Home", "A category staff added", "", "🛋️"),
        ("Something", "", "", "", FALLBACK_OBJECT),
    ],
)
def test_the_photo_shows_the_object_the_title_names(
    title, department, category, brand, expected
):
    chosen = choose_object(title, department=department, category=category, brand=brand)

    assert chosen == expected


def test_every_seeded_category_and_department_has_its_own_object():
    for department, category in CATALOGUE:
        assert (department, category) in CATEGORY_OBJECTS, (department, category)
        assert department in DEPARTMENT_OBJECTS, department


@needs_font
def test_the_font_draws_every_object_the_vocabulary_can_pick():
    font = photos._load_font(tuple(photos.FONT_PATHS))
    picked = set(ALL_OBJECTS) | set(DEPARTMENT_OBJECTS.values()) | {FALLBACK_OBJECT}
    for (department, category), kind in CATALOGUE.items():
        for item in kind.parsed_items:
            picked.add(
                choose_object(item.name, department=department, category=category)
            )
    # What a character the font lacks comes out as (a private-use one).
    missing = photos._render(font, "\ue000").tobytes()
    for emoji in picked:
        glyph = photos._render(font, emoji)
        assert max(glyph.size) > 100, emoji
        assert glyph.tobytes() != missing, emoji


def test_the_same_random_stream_draws_the_same_picture():
    first = draw_photo(random.Random("same"), title="Graphic Tee", side=SIDE)
    second = draw_photo(random.Random("same"), title="Graphic Tee", side=SIDE)

    assert first.tobytes() == second.tobytes()


def test_two_listings_of_the_same_item_get_visibly_different_pictures():
    def shot(stream):
        image = draw_photo(
            random.Random(stream),
            title="Nike Air Force 1 '07",
            department="Men",
            category="Sneakers",
            colour="White",
            side=SIDE,
        )
        return image.convert("RGB").resize((SIDE, SIDE))

    one, other = shot("listing:1"), shot("listing:2")

    difference = ImageStat.Stat(ImageChops.difference(one, other).convert("L"))
    assert difference.mean[0] > 3
    # Not only the backdrop: a good part of the frame changes clearly.
    changed = (
        ImageChops.difference(one, other)
        .convert("L")
        .point(lambda v: 255 if v > 25 else 0)
    )
    assert changed.histogram()[255] > SIDE * SIDE * 0.03


def test_later_shots_of_a_listing_differ_from_its_cover():
    cover = draw_photo(random.Random("a"), title="Tote Bag", shot=0, side=SIDE)
    other = draw_photo(random.Random("b"), title="Tote Bag", shot=1, side=SIDE)

    assert cover.tobytes() != other.tobytes()


@needs_font
@pytest.mark.parametrize("title", ["Graphic Tee", "Crossbody Bag", "Hoodie"])
def test_the_object_takes_the_listings_colour(title):
    def object_colour(colour):
        image = draw_photo(random.Random("tint"), title=title, colour=colour, side=SIDE)
        return image.convert("RGB")

    red, blue = object_colour("Red"), object_colour("Blue")
    # The same stream draws the same backdrop: the pixels that differ are the
    # object's body.
    body = (
        ImageChops.difference(red, blue)
        .convert("L")
        .point(lambda v: 255 if v > 30 else 0)
    )
    assert body.histogram()[255] > 500
    r_red, _, b_red = ImageStat.Stat(red, mask=body).mean
    r_blue, _, b_blue = ImageStat.Stat(blue, mask=body).mean
    assert r_red > b_red + 40
    assert b_blue > r_blue + 40


@needs_font
def test_white_and_black_items_look_white_and_black():
    def brightness(colour):
        image = draw_photo(
            random.Random("bw"), title="Sneakers", colour=colour, side=SIDE
        )
        return image.convert("L")

    white, black = brightness("White"), brightness("Black")
    body = ImageChops.difference(white, black).point(lambda v: 255 if v > 30 else 0)
    assert ImageStat.Stat(white, mask=body).mean[0] > 170
    assert ImageStat.Stat(black, mask=body).mean[0] < 80


def test_every_vocabulary_colour_is_known():
    for colours in COLOURS.values():
        for colour in colours:
            assert colour.lower() in photos.COLOUR_RGB, colour


def test_without_the_font_a_plain_shape_stands_in_and_a_log_line_says_so(
    monkeypatch, caplog
):
    monkeypatch.setattr(photos, "FONT_PATHS", ["/nonexistent/NoSuchEmoji.ttf"])
    photos._load_font.cache_clear()  # the warning is logged once per process

    with caplog.at_level(logging.WARNING, logger="demo.photos"):
        image = draw_photo(
            random.Random("x"), title="Soccer Ball", colour="Red", side=SIDE
        )

    assert not photos.font_available()
    assert "fonts-noto-color-emoji" in caplog.text
    assert max(image.size) == SIDE
    # A backdrop and a red block on it, not one flat colour.
    extrema = image.convert("RGB").getextrema()
    assert any(high - low > 60 for low, high in extrema)
    red = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
    assert red[0] > red[2] + 60


def test_without_a_title_any_object_is_drawn_as_the_benchmark_asks():
    # bench/generate.py draws its pictures from a random stream alone.
    image = draw_photo(random.Random("nomi-bench:1:image:0"))

    assert isinstance(image, Image.Image)
    assert max(image.size) == photos.PHOTO_SIDE
