"""Product-shot-like pictures drawn with Pillow, the same for the same random stream.

Pure drawing (no Django), so the benchmark generator draws its pictures here too.
"""

import colorsys
import math
import random

from PIL import Image, ImageDraw


def draw_photo(rng: random.Random) -> Image.Image:
    """A product-shot-like picture: a backdrop, a table, an object and some props."""
    width, height = rng.choice([(800, 800), (800, 600), (600, 800), (800, 640)])
    back, other = _colour(rng, 0.08, 0.35, 0.8, 0.98), _colour(rng, 0.1, 0.5, 0.55, 0.9)
    style = rng.choice(["gradient", "stripes", "dots", "plain"])
    image = Image.new("RGB", (width, height), back)
    draw = ImageDraw.Draw(image)
    if style == "gradient":
        mask = Image.linear_gradient("L").resize((width, height))
        if rng.random() < 0.5:
            mask = mask.transpose(Image.Transpose.ROTATE_90).resize((width, height))
        image = Image.composite(image, Image.new("RGB", image.size, other), mask)
        draw = ImageDraw.Draw(image)
    elif style == "stripes":
        step = rng.randint(24, 80)
        slant = rng.choice([0, height // 2, -height // 2])
        for x in range(-height, width + height, step * 2):
            corners = [
                (x, 0),
                (x + step, 0),
                (x + step + slant, height),
                (x + slant, height),
            ]
            draw.polygon(corners, fill=other)
    elif style == "dots":
        step = rng.randint(40, 90)
        radius = rng.randint(6, step // 3)
        for y in range(step // 2, height, step):
            for x in range(step // 2 + (y // step % 2) * step // 2, width, step):
                draw.ellipse(
                    [x - radius, y - radius, x + radius, y + radius], fill=other
                )

    table_top = int(height * rng.uniform(0.62, 0.8))
    table = _colour(rng, 0.05, 0.35, 0.35, 0.8)
    if rng.random() < 0.7:
        draw.rectangle([0, table_top, width, height], fill=table)
    for _ in range(rng.randint(2, 6)):
        _draw_shape(
            draw,
            rng,
            rng.randint(0, width),
            rng.randint(0, height),
            rng.randint(14, 70),
            _colour(rng, 0.3, 0.9, 0.4, 0.95),
        )

    cx = width / 2 + rng.uniform(-0.08, 0.08) * width
    size = min(width, height) * rng.uniform(0.2, 0.32)
    cy = min(height / 2 + rng.uniform(-0.05, 0.1) * height, table_top - size * 0.4)
    shadow = tuple(max(0, c - 70) for c in table)
    draw.ellipse(
        [cx - size * 1.05, cy + size * 0.8, cx + size * 1.05, cy + size * 1.12],
        fill=shadow,
    )
    body = _colour(rng, 0.45, 0.95, 0.3, 0.9)
    _draw_shape(draw, rng, cx, cy, size, body, outline=tuple(c // 2 for c in body))
    highlight = tuple(min(255, c + 70) for c in body)
    draw.ellipse(
        [cx - size * 0.55, cy - size * 0.6, cx - size * 0.2, cy - size * 0.25],
        fill=highlight,
    )
    return image


def _draw_shape(draw, rng, cx, cy, size, fill, outline=None) -> None:
    shape = rng.choice(["circle", "rectangle", "polygon", "star", "ellipse"])
    box = [cx - size, cy - size, cx + size, cy + size]
    if shape == "circle":
        draw.ellipse(box, fill=fill, outline=outline, width=3)
    elif shape == "ellipse":
        ratio = rng.uniform(0.45, 0.8)
        draw.ellipse(
            [cx - size, cy - size * ratio, cx + size, cy + size * ratio], fill=fill
        )
    elif shape == "rectangle":
        top = cy - size * rng.uniform(0.5, 1.2)
        draw.rounded_rectangle(
            [
                cx - size * rng.uniform(0.5, 1),
                top,
                cx + size * rng.uniform(0.5, 1),
                cy + size,
            ],
            radius=int(size * rng.uniform(0.02, 0.25)),
            fill=fill,
            outline=outline,
            width=3,
        )
    else:
        sides = rng.randint(3, 8)
        points = sides * 2 if shape == "star" else sides
        turn = rng.random() * math.tau
        corners = []
        for k in range(points):
            radius = (
                size if shape != "star" or k % 2 == 0 else size * rng.uniform(0.4, 0.6)
            )
            angle = turn + k * math.tau / points
            corners.append(
                (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
            )
        draw.polygon(corners, fill=fill, outline=outline)


def _colour(rng, s_low, s_high, v_low, v_high) -> tuple[int, int, int]:
    red, green, blue = colorsys.hsv_to_rgb(
        rng.random(), rng.uniform(s_low, s_high), rng.uniform(v_low, v_high)
    )
    return round(red * 255), round(green * 255), round(blue * 255)
