"""Decode, check and re-encode uploaded images.

Every uploaded image is fully decoded by Pillow (so fakes, truncated files and
decompression bombs are refused), turned upright from its EXIF orientation,
converted to sRGB, and re-encoded without any metadata block (EXIF with GPS,
XMP, IPTC, comments). Only the re-encoded files are ever stored.

Decoding is the expensive part, so every image is sized from its header before
it is decoded: refused above PHOTO_MAX_PIXELS, and charged against the pixel
budget of the request it came with (PHOTO_REQUEST_PIXEL_BUDGET, opened for each
request by marketplace.middleware.RequestLimitsMiddleware). A JPEG is decoded
already reduced to the size it is needed at (``Image.draft``), and every image
is scaled down once, before colour conversion and rotation, so the work after
decoding does not grow with the upload's megapixels.
"""

import io
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

try:  # HEIC/HEIF from phones, when pillow-heif is installed.
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on the environment
    HEIF_SUPPORTED = False
else:
    register_heif_opener()
    HEIF_SUPPORTED = True

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"} | ({"HEIF"} if HEIF_SUPPORTED else set())
SRGB_PROFILE = ImageCms.createProfile("sRGB")


class ImageRejected(ValueError):
    """An upload that is not an acceptable image; the message is safe to show."""


@dataclass(frozen=True)
class EncodedImage:
    content: ContentFile
    width: int
    height: int


class PixelBudget:
    """The decoded pixels one request may still spend on images."""

    def __init__(self, pixels: int):
        self.limit = pixels
        self.remaining = pixels

    def charge(self, pixels: int, *, name: str) -> None:
        """Spend `pixels` on the image `name`; ImageRejected if they are not left."""
        if pixels > self.remaining:
            raise ImageRejected(
                _(
                    "%(name)s was not processed: the photos sent together are "
                    "too large to process at once (%(limit)d megapixels in all). "
                    "Add it again on its own."
                )
                % {"name": name, "limit": self.limit // 1_000_000}
            )
        self.remaining -= pixels


_request_budget: ContextVar[PixelBudget | None] = ContextVar(
    "pixel_budget", default=None
)


@contextmanager
def pixel_budget(pixels: int | None = None) -> Iterator[PixelBudget]:
    """Open a budget every decode_upload inside the block is charged against."""
    if pixels is None:
        pixels = settings.PHOTO_REQUEST_PIXEL_BUDGET
    budget = PixelBudget(pixels)
    token = _request_budget.set(budget)
    try:
        yield budget
    finally:
        _request_budget.reset(token)


def accepted_formats_text() -> str:
    """Human list of accepted formats, for help texts and messages."""
    return "JPEG, PNG, WebP" + (", HEIC" if HEIF_SUPPORTED else "")


def decode_upload(upload, *, max_side: int | None = None) -> Image.Image:
    """Decode an upload into an upright sRGB RGB(A) image; raise ImageRejected.

    With `max_side`, the image is only needed to fit a square of that many
    pixels: it is decoded reduced where the format allows and scaled down to
    fit before anything else is done with it. The size is checked against
    PHOTO_MAX_PIXELS and the request's pixel budget before any decoding.
    """
    name = getattr(upload, "name", "") or _("The file")
    max_bytes = settings.PHOTO_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ImageRejected(
            _("%(name)s is larger than %(mb)d MB.")
            % {"name": name, "mb": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)  # reads the header only
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(
                    _("%(name)s is not a supported image; use %(formats)s.")
                    % {"name": name, "formats": accepted_formats_text()}
                )
            width, height = image.size
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise ImageRejected(
                    _("%(name)s is %(mp).0f megapixels; the limit is %(limit)d.")
                    % {
                        "name": name,
                        "mp": width * height / 1_000_000,
                        "limit": settings.PHOTO_MAX_PIXELS // 1_000_000,
                    }
                )
            if max_side and image.format == "JPEG":
                # The JPEG decoder scales by 1/2, 1/4 or 1/8 while decoding,
                # never below the size asked for.
                image.draft(None, _fit((width, height), max_side))
            budget = _request_budget.get()
            if budget is not None:
                # Pixels decoded, plus the pixels encoded afterwards: encoding
                # the display image and thumbnails costs about as much per
                # pixel as decoding (~30-65 ms per megapixel on a noisy photo).
                out_w, out_h = _fit(image.size, max_side) if max_side else image.size
                budget.charge(image.width * image.height + out_w * out_h, name=name)
            image.load()
            image = _normalise(image, max_side)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            _("%(name)s has too many pixels to process.") % {"name": name}
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected(
            _("%(name)s is not a valid image or is damaged; use %(formats)s.")
            % {"name": name, "formats": accepted_formats_text()}
        ) from None
    return image


def _fit(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """The size `size` shrinks to when it is made to fit a `max_side` square."""
    width, height = size
    scale = min(1.0, max_side / max(width, height))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _normalise(image: Image.Image, max_side: int | None = None) -> Image.Image:
    """Shrink to `max_side`, apply the EXIF rotation, convert to sRGB, drop metadata.

    Scaling comes first (after a palette or CMYK image is made RGB, which
    resampling needs) so rotation and the colour transform touch few pixels.
    """
    icc = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    if max_side:
        # reduce() by a whole factor, then LANCZOS over the last 3x: the
        # result cannot be told from LANCZOS all the way, at a fraction of it.
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, 3.0)
    image = ImageOps.exif_transpose(image)
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(
                image, source, SRGB_PROFILE, outputMode=image.mode
            )
        except (ImageCms.PyCMSError, OSError):
            pass  # A broken colour profile is ignored, not fatal.
    image.info = {}
    return image


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image


def encode_fit(image: Image.Image, *, max_side: int, fmt: str = "JPEG") -> EncodedImage:
    """Shrink to fit a `max_side` square (never enlarge) and encode without metadata."""
    copy = image.copy()
    # reduce() by whole factors first whenever it shrinks more than 1.2x; the
    # LANCZOS pass over what is left cannot be told from LANCZOS all the way.
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, 1.2)
    return _encode(copy, fmt)


def encode_square(image: Image.Image, *, side: int, fmt: str = "WEBP") -> EncodedImage:
    """Centre-crop to a square of `side` pixels and encode without metadata."""
    square = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    return _encode(square, fmt)


def _encode(image: Image.Image, fmt: str) -> EncodedImage:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        # Baseline, not optimized: progressive scans and the optimizing pass
        # cost up to 10x the plain encode on a noisy photo (~0.2 s at 1600 px),
        # for files a few percent smaller.
        _flatten(image).save(buffer, "JPEG", quality=85)
        extension = "jpg"
    else:
        # method=2 costs half of the default 4 for a barely larger file.
        image.save(buffer, "WEBP", quality=80, method=2)
        extension = "webp"
    return EncodedImage(
        content=ContentFile(buffer.getvalue(), name=f"image.{extension}"),
        width=image.width,
        height=image.height,
    )
