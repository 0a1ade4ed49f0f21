"""The project's URLs plus a bare view: the ceiling a page is compared with."""

from django.http import HttpResponse
from django.urls import include, path

from marketplace import urls as project_urls


def bare(request):
    """A fixed string through the same middleware, with no template or query."""
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/bare", bare, name="bench-bare"),
    path("", include(project_urls)),
]

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
