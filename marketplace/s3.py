"""Media on S3-compatible object storage (django-storages), when MEDIA_S3_BUCKET is set.

Public files (listing photos and thumbnails, avatars) live in one bucket that
anyone may read: pages link each object's plain URL, with no signature, so
browsers and a CDN cache them. Dispute photos live in a second, private
bucket: the view that checks who asks redirects to a presigned URL valid for
PRIVATE_MEDIA_URL_SECONDS. Each object carries the Cache-Control a web server
would have sent for it (marketplace.media.cache_control_for), so a CDN in
front keeps the same rules. docs/object-storage.md has the settings and the
buckets' permissions.
"""

from collections.abc import Iterator
from datetime import datetime

from storages.backends.s3 import S3Storage

from marketplace.media import PRIVATE_CACHE_CONTROL, cache_control_for


class MediaStorage(S3Storage):
    """What both buckets share."""

    # A new upload never replaces an object under the same name: it gets a
    # new name, as on local files. URLs under listings/ are cached as
    # immutable for a year, so their content must never change.
    file_overwrite = False
    # The bucket's policy says who reads, not per-object ACLs (which new AWS
    # buckets refuse by default).
    default_acl = None
    # Presigned URLs in Signature Version 4 (X-Amz-Expires, X-Amz-Signature),
    # which every region and S3-compatible server accepts.
    signature_version = "s3v4"

    def list_files(self, folder: str) -> Iterator[tuple[str, datetime]]:
        """(name, last modified) of every object under `folder`, 1,000 per request."""
        prefix = self._normalize_name(folder).rstrip("/") + "/"
        strip = len(self.location.rstrip("/") + "/") if self.location else 0
        pages = self.connection.meta.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.bucket_name, Prefix=prefix):
            for entry in page.get("Contents", ()):
                yield entry["Key"][strip:], entry["LastModified"]


class PublicMediaStorage(MediaStorage):
    """The "default" storage: objects anyone may read, linked by plain URL."""

    querystring_auth = False

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        params.setdefault("CacheControl", cache_control_for(name))
        return params


class PrivateMediaStorage(MediaStorage):
    """The "private" storage: objects read only through presigned URLs."""

    querystring_auth = True
    custom_domain = None  # a presigned URL names the bucket's own endpoint
    presigns_urls = True  # marketplace.storages.presigned_url

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        params.setdefault("CacheControl", PRIVATE_CACHE_CONTROL)
        return params
