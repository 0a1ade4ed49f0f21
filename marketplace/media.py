"""Uploaded media served by Django itself (SERVE_MEDIA), with cache headers.

A deployment that serves MEDIA_URL from a web server or a CDN should send the
same headers: MEDIA_IMMUTABLE_CACHE_CONTROL under MEDIA_IMMUTABLE_PREFIXES,
MEDIA_CACHE_CONTROL elsewhere. Private files (dispute photos) never live under
MEDIA_ROOT: views that check who asks stream them `private, no-store`.
"""

from django.conf import settings
from django.views.static import serve


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
