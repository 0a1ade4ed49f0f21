"""The site-level pages that put several apps together: the front page,
the departments and the help pages.

No `app_name`: the front page keeps its historical name `home`, and the help
pages follow `help-badges`.
"""

from django.urls import path

from storefront import views

urlpatterns = [
    path("", views.home, name="home"),
    path("departments/", views.departments, name="departments"),
    path("help/", views.help_index, name="help"),
    path("help/fees/", views.help_fees, name="help-fees"),
    path(
        "help/buyer-protection/",
        views.help_buyer_protection,
        name="help-buyer-protection",
    ),
    path("help/prohibited/", views.help_prohibited, name="help-prohibited"),
    path("help/badges/", views.help_badges, name="help-badges"),
    path("terms/", views.terms, name="terms"),
    path("privacy/", views.privacy, name="privacy"),
]
