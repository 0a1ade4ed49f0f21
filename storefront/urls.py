"""The site-level pages that put several apps together: the front page.

No `app_name`: the front page keeps its historical name `home`.
"""

from django.urls import path

from storefront import views

urlpatterns = [
    path("", views.home, name="home"),
    path("help/badges/", views.help_badges, name="help-badges"),
]
