"""Uploaded media served by Django itself (SERVE_MEDIA), with cache headers.

A deployment that serves MEDIA_URL from a web server or a CDN should send the
same headers: MEDIA_IMMUTABLE_CACHE_CONTROL under MEDIA_IMMUTABLE_PREFIXES,
MEDIA_CACHE_CONTROL elsewhere. On object storage (marketplace/s3.py) each
object carries its header as metadata, set from cache_control_for at upload.
Private files (dispute photos) never live under MEDIA_ROOT nor in the public
bucket: views that check who asks stream them, or redirect to a short-lived
presigned URL, `private, no-store`.
"""

from django.conf import settings
from django.views.static import serve

PRIVATE_CACHE_CONTROL = "private, no-store"


def cache_control_for(path: str) -> str:
    """The Cache-Control header of the media file at `path` (relative to MEDIA_ROOT)."""
    if path.startswith(settings.MEDIA_IMMUTABLE_PREFIXES):
        return settings.MEDIA_IMMUTABLE_CACHE_CONTROL
    return settings.MEDIA_CACHE_CONTROL


def serve_media(request, path: str):
    """One file under MEDIA_ROOT, with the Cache-Control its name allows."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code in (200, 304):
        response["Cache-Control"] = cache_control_for(path)
    return response
