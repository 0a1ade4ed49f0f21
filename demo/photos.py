"""Product shots of demo items, drawn with Pillow, the same for the same random stream.

The object is a colour emoji from the Noto Color Emoji font (Debian package
fonts-noto-color-emoji, SIL Open Font License 1.1), chosen from the listing's
title and category (demo.objects), recoloured toward the listing's colour and
set on a soft studio backdrop with a drop shadow; angle, size, position and
light change with every picture. Nothing is copied into the repository: the
pictures are drawn when the demo data is seeded.

Pure drawing (no Django), so the benchmark generator draws its pictures here too.
Without the font, a plain shape stands in for the object (and a log line says so).
"""

import colorsys
import logging
import random
import threading
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from demo.objects import ALL_OBJECTS, choose_object

logger = logging.getLogger(__name__)
_FONT_LOCK = threading.Lock()

# Where distributions install the font (Debian/Ubuntu, Arch, Fedora).
FONT_PATHS = [
    "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
    "/usr/share/fonts/noto/NotoColorEmoji.ttf",
    "/usr/share/fonts/google-noto-color-emoji-fonts/NotoColorEmoji.ttf",
]
GLYPH_PIXELS = 109  # the font's only bitmap strike: 136 x 128 px cells
PHOTO_SIDE = 800
# Colour names the demo vocabulary gives listings (demo.vocabulary.wording).
# None: several colours, nothing to tint toward.
COLOUR_RGB: dict[str, tuple[int, int, int] | None] = {
    "black": (38, 38, 42),
    "white": (242, 242, 238),
    "gray": (140, 142, 146),
    "grey": (140, 142, 146),
    "navy": (32, 48, 98),
    "blue": (40, 96, 200),
    "light blue": (130, 180, 232),
    "red": (200, 36, 40),
    "burgundy": (118, 28, 48),
    "green": (46, 140, 70),
    "olive": (112, 116, 52),
    "beige": (222, 204, 172),
    "tan": (200, 164, 116),
    "brown": (118, 78, 46),
    "pink": (240, 150, 180),
    "purple": (120, 62, 168),
    "yellow": (246, 206, 44),
    "orange": (240, 128, 36),
    "cream": (244, 234, 206),
    "gold": (212, 170, 60),
    "silver": (192, 196, 202),
    "rose gold": (226, 160, 140),
    "space gray": (92, 94, 100),
    "graphite": (68, 70, 74),
    "midnight": (34, 40, 60),
    "natural": (214, 190, 150),
    "walnut": (110, 72, 44),
    "sage": (150, 170, 136),
    "multicolor": None,
    "two-tone": None,
}

# Objects whose colours are what they are (a black cake, a blue plant): the
# listing's colour is the stand's, the pot's or the packaging's.
UNTINTED = {"🎂", "🎄", "🎃", "🪴", "🍖", "🔥", "🍞", "🍟", "🍲", "🍳", "🪙", "📚"}


def draw_photo(
    rng: random.Random,
    *,
    title: str = "",
    department: str = "",
    category: str = "",
    brand: str = "",
    colour: str = "",
    shot: int = 0,
    side: int = PHOTO_SIDE,
) -> Image.Image:
    """A product shot of the item `title` describes, in `colour` when it has one.

    `shot` 0 is the cover; later shots of the same item come closer, from
    another angle or mirrored. Without a title or category, any object.
    """
    if title or category or department:
        emoji = choose_object(
            title, department=department, category=category, brand=brand
        )
    else:
        emoji = rng.choice(ALL_OBJECTS)
    ratio = rng.choice([(1.0, 1.0), (1.0, 1.0), (1.0, 0.75), (0.75, 1.0)])
    width, height = round(side * ratio[0]), round(side * ratio[1])

    font = _load_font(tuple(FONT_PATHS))
    if font is None:
        glyph = _plain_shape(colour)
    else:
        glyph = _tinted(font, emoji, colour.strip().lower())
    if shot and rng.random() < 0.4:
        glyph = glyph.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if shot == 0:
        scale = rng.uniform(0.56, 0.68)
    else:
        scale = rng.choice([rng.uniform(0.5, 0.58), rng.uniform(0.7, 0.8)])
    angle = rng.uniform(-9, 9)
    obj = _enlarge(glyph, round(min(width, height) * scale), angle)
    x = round(width / 2 + rng.uniform(-0.07, 0.07) * width - obj.width / 2)
    y = round(height * rng.uniform(0.46, 0.52) - obj.height / 2)

    image = _backdrop(rng, width, height, obj, x, y)
    image.paste(obj, (x, y), obj)
    return image


def _backdrop(rng, width: int, height: int, obj: Image.Image, x: int, y: int):
    """A light, nearly neutral studio sweep with the object's soft shadows.

    Everything here is soft, so it is drawn at a quarter of the size and
    scaled up once.
    """
    factor = 4
    small = (max(1, width // factor), max(1, height // factor))
    hue = rng.random()
    saturation = rng.uniform(0.015, 0.06)
    top = _hsv(hue, saturation, rng.uniform(0.94, 0.985))
    bottom = _hsv(hue, saturation * 1.4, rng.uniform(0.8, 0.88))
    # The sweep: a flat wall above, curving down into the floor.
    bend = rng.uniform(0.9, 1.6)
    sweep = (
        Image.linear_gradient("L")
        .point(lambda v: round(255 * (v / 255) ** bend))
        .resize(small, Image.Resampling.BILINEAR)
    )
    image = Image.composite(
        Image.new("RGB", small, bottom), Image.new("RGB", small, top), sweep
    )
    # Light falls on the object; the corners fall off.
    strength = rng.uniform(0.1, 0.2)
    vignette = Image.radial_gradient("L").point(
        lambda v: 255 - round(min(v * 1.2, 255) * strength)
    )
    cx = (x + obj.width / 2) / width
    cy = (y + obj.height / 2) / height
    half = 128 / 1.6  # the light spot spans the frame 1.6 times
    vignette = vignette.crop(
        (
            round(128 - half + (0.5 - cx) * 2 * half),
            round(128 - half + (0.5 - cy) * 2 * half),
            round(128 + half + (0.5 - cx) * 2 * half),
            round(128 + half + (0.5 - cy) * 2 * half),
        )
    ).resize(small, Image.Resampling.BILINEAR)
    image = ImageChops.multiply(image, Image.merge("RGB", [vignette] * 3))

    # A drop shadow cast down and to one side, and a darker contact shadow
    # where the object meets the floor.
    size = max(obj.width, obj.height)
    alpha = obj.getchannel("A").resize(
        (max(1, obj.width // factor), max(1, obj.height // factor)),
        Image.Resampling.BILINEAR,
    )
    opacity = rng.uniform(0.22, 0.32)
    mask = Image.new("L", small)
    dx = size * rng.uniform(-0.03, 0.05)
    dy = size * rng.uniform(0.03, 0.06)
    mask.paste(
        alpha.point(lambda v: round(v * opacity)),
        (round((x + dx) / factor), round((y + dy) / factor)),
    )
    box = obj.getbbox() or (0, 0, obj.width, obj.height)
    centre = (x + (box[0] + box[2]) / 2) / factor
    floor = (y + box[3]) / factor
    half = (box[2] - box[0]) * 0.4 / factor
    ImageDraw.Draw(mask).ellipse(
        [
            centre - half,
            floor - size * 0.04 / factor,
            centre + half,
            floor + size * 0.03 / factor,
        ],
        fill=round(255 * rng.uniform(0.24, 0.34)),
    )
    mask = mask.filter(ImageFilter.GaussianBlur(size * 0.03 / factor))
    shade = tuple(round(c * 0.4) for c in bottom)
    image = Image.composite(Image.new("RGB", small, shade), image, mask)

    return image.resize((width, height), Image.Resampling.BILINEAR)


def _enlarge(glyph: Image.Image, long_side: int, angle: float) -> Image.Image:
    """Scale the small bitmap to `long_side`, turned by `angle`.

    Enlarged, it is turned at twice its size (turned at its own size, the
    outline comes out as visible steps) and sharpened there.
    """
    ratio = long_side / max(glyph.size)
    if ratio <= 1.5:  # small pictures (tests, tiny sides): no detail to keep
        turned = glyph.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        size = (
            max(1, round(turned.width * ratio)),
            max(1, round(turned.height * ratio)),
        )
        return turned.resize(size, Image.Resampling.LANCZOS)
    double = glyph.resize(
        (glyph.width * 2, glyph.height * 2), Image.Resampling.LANCZOS
    ).rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    # Sharpened inside the outline only: against the transparent surround,
    # sharpening would draw a light rim.
    colours = double.convert("RGB")
    inside = (
        double.getchannel("A")
        .filter(ImageFilter.BoxBlur(2))
        .point(lambda v: 255 if v > 250 else 0)
    )
    colours.paste(
        colours.filter(ImageFilter.UnsharpMask(radius=1.5, percent=80, threshold=1)),
        (0, 0),
        inside,
    )
    colours.putalpha(double.getchannel("A"))
    size = (
        max(1, round(double.width * ratio / 2)),
        max(1, round(double.height * ratio / 2)),
    )
    big = colours.resize(size, Image.Resampling.LANCZOS)
    # Enlarged, the outline's ramp from clear to opaque is several pixels
    # wide; twice as steep, the silhouette looks as sharp as a photo's.
    big.putalpha(big.getchannel("A").point(lambda v: max(0, min(255, (v - 64) * 2))))
    return big


@lru_cache(maxsize=4)
def _load_font(paths: tuple[str, ...]) -> ImageFont.FreeTypeFont | None:
    for path in paths:
        try:
            return ImageFont.truetype(path, GLYPH_PIXELS)
        except OSError:
            continue
    logger.warning(
        "Demo photos: Noto Color Emoji not found (%s); drawing plain shapes "
        "instead. Install the Debian package fonts-noto-color-emoji "
        "(scripts/system-packages.sh does).",
        ", ".join(paths),
    )
    return None


def font_available() -> bool:
    """Whether the emoji font was found, so pictures show real objects."""
    return _load_font(tuple(FONT_PATHS)) is not None


@lru_cache(maxsize=512)
def _render(font: ImageFont.FreeTypeFont, emoji: str) -> Image.Image:
    """The glyph at the font's native bitmap size, cropped to what it covers."""
    cell = Image.new("RGBA", (160, 150), (0, 0, 0, 0))
    with _FONT_LOCK:  # a FreeType face is not safe to share between threads
        ImageDraw.Draw(cell).text((4, 4), emoji, font=font, embedded_color=True)
    box = cell.getbbox()
    if box is None:  # a character the font lacks draws nothing
        return _plain_shape("")
    left, upper, right, lower = box
    cell = cell.crop((left - 2, upper - 2, right + 2, lower + 2))
    # Drawn over transparent black, the outline's colours came out multiplied
    # by their coverage (a dark fringe once enlarged); divide it back out.
    return Image.frombytes("RGBa", cell.size, cell.tobytes()).convert("RGBA")


@lru_cache(maxsize=1024)
def _tinted(font: ImageFont.FreeTypeFont, emoji: str, colour: str) -> Image.Image:
    """The glyph with its main body recoloured to `colour`, keeping its shading."""
    glyph = _render(font, emoji)
    target = COLOUR_RGB.get(colour)
    if target is None or emoji in UNTINTED:
        return glyph
    body, level = _body(font, emoji)
    if level is None:
        return glyph
    hue, saturation, value = colorsys.rgb_to_hsv(*(c / 255 for c in target))
    h, s, v = glyph.convert("RGB").convert("HSV").split()
    base = round(value * 255)
    # Shading kept as differences from the body's middle brightness; darker
    # targets keep less of it, so black stays black.
    keep = 0.55 + 0.35 * value
    new_v = v.point(lambda x: max(0, min(255, round(base + (x - level) * keep))))
    if saturation < 0.15:  # black, white, greys, silver: take the colour out
        new_s = s.point(lambda x: round(saturation * 255 + x * 0.08))
    else:
        new_s = s.point(lambda x: round(saturation * 255 * (0.75 + 0.25 * x / 255)))
    new_h = Image.new("L", glyph.size, round(hue * 255))
    recoloured = Image.merge("HSV", (new_h, new_s, new_v)).convert("RGB")
    result = Image.composite(recoloured, glyph.convert("RGB"), body)
    result.putalpha(glyph.getchannel("A"))
    return result


@lru_cache(maxsize=512)
def _body(font: ImageFont.FreeTypeFont, emoji: str) -> tuple[Image.Image, int | None]:
    """The mask of the glyph's main colour and that colour's middle brightness.

    The main colour is the commonest hue among its coloured pixels; a mostly
    grey glyph (a laptop, a camera) has its mid-greys as the body instead.
    Outlines, highlights and small details of other colours keep theirs.
    """
    glyph = _render(font, emoji)
    h, s, v = glyph.convert("RGB").convert("HSV").split()
    opaque = glyph.getchannel("A").point(lambda a: 255 if a > 128 else 0)
    total = opaque.histogram()[255] or 1
    coloured = ImageChops.multiply(
        opaque,
        ImageChops.multiply(
            s.point(lambda x: 255 if x > 32 else 0),
            v.point(lambda x: 255 if x > 60 else 0),
        ),
    )
    counts = h.histogram(mask=coloured)
    window = 10
    smoothed = [
        sum(counts[(i + k) % 256] for k in range(-window, window + 1))
        for i in range(256)
    ]
    peak = max(range(256), key=smoothed.__getitem__)
    if smoothed[peak] >= 0.18 * total:

        def near(x, peak=peak):
            distance = min(abs(x - peak), 256 - abs(x - peak))
            return 255 if distance <= 14 else max(0, 255 - (distance - 14) * 40)

        body = ImageChops.multiply(
            h.point(near), s.point(lambda x: min(255, max(0, (x - 18) * 8)))
        )
    else:
        body = ImageChops.multiply(
            s.point(lambda x: 255 if x < 45 else max(0, 255 - (x - 45) * 8)),
            v.point(lambda x: 255 if 60 < x < 235 else 0),
        )
    body = ImageChops.multiply(body, glyph.getchannel("A"))
    share = body.point(lambda x: 255 if x > 128 else 0).histogram()[255]
    if share < 0.12 * total:
        return body, None
    values = v.histogram(mask=body.point(lambda x: 255 if x > 128 else 0))
    half, running = sum(values) / 2, 0
    for level, count in enumerate(values):
        running += count
        if running >= half:
            return body, level
    return body, None


def _plain_shape(colour: str) -> Image.Image:
    """What stands in for the object without the emoji font: a rounded block."""
    fill = COLOUR_RGB.get(colour.strip().lower()) or (150, 156, 168)
    shape = Image.new("RGBA", (128, 128), (0, 0, 0, 0))
    draw = ImageDraw.Draw(shape)
    draw.rounded_rectangle([8, 16, 120, 112], radius=18, fill=(*fill, 255))
    light = tuple(min(255, c + 40) for c in fill)
    draw.rounded_rectangle([20, 26, 108, 48], radius=10, fill=(*light, 255))
    return shape


def _hsv(hue: float, saturation: float, value: float) -> tuple[int, int, int]:
    red, green, blue = colorsys.hsv_to_rgb(hue, saturation, value)
    return round(red * 255), round(green * 255), round(blue * 255)
