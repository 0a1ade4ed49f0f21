"""Decode, check and re-encode uploaded images.

Every uploaded image is fully decoded by Pillow (so fakes, truncated files and
decompression bombs are refused), turned upright from its EXIF orientation,
converted to sRGB, and re-encoded without any metadata block (EXIF with GPS,
XMP, IPTC, comments). Only the re-encoded files are ever stored.
"""

import io
import warnings
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


def accepted_formats_text() -> str:
    """Human list of accepted formats, for help texts and messages."""
    return "JPEG, PNG, WebP" + (", HEIC" if HEIF_SUPPORTED else "")


def decode_upload(upload) -> Image.Image:
    """Fully decode an upload into an upright RGB(A) image; raise ImageRejected."""
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
            image = Image.open(upload)
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
            image.load()
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
    return _normalise(image)


def _normalise(image: Image.Image) -> Image.Image:
    """Apply the EXIF rotation, convert to sRGB and drop every metadata block."""
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
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
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return _encode(copy, fmt)


def encode_square(image: Image.Image, *, side: int, fmt: str = "WEBP") -> EncodedImage:
    """Centre-crop to a square of `side` pixels and encode without metadata."""
    square = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    return _encode(square, fmt)


def _encode(image: Image.Image, fmt: str) -> EncodedImage:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        _flatten(image).save(
            buffer, "JPEG", quality=85, optimize=True, progressive=True
        )
        extension = "jpg"
    else:
        image.save(buffer, "WEBP", quality=80, method=4)
        extension = "webp"
    return EncodedImage(
        content=ContentFile(buffer.getvalue(), name=f"image.{extension}"),
        width=image.width,
        height=image.height,
    )
