"""Top-level URL configuration; each app owns its own `urls.py`."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from marketplace import views
from marketplace.media import serve_media

admin.site.site_header = "Nomi staff"
admin.site.site_title = "Nomi staff"
admin.site.index_title = "Moderation and support"

urlpatterns = [
    path("", include("storefront.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.prometheus_metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("listings.urls")),
    path("", include("discovery.urls")),
    path("", include("orders.urls")),
    path("", include("notifications.urls")),
    path("", include("conversations.urls")),
    path("", include("moderation.urls")),
]

handler400 = "marketplace.views.bad_request"
handler403 = "marketplace.views.permission_denied"
handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^" + settings.MEDIA_URL.lstrip("/") + r"(?P<path>.*)$",
            serve_media,
            name="media",
        )
    ]
