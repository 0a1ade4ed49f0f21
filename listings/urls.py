from django.urls import path

from listings import views

app_name = "listings"

urlpatterns = [
    path("sell/", views.sell_redirect, name="sell"),
    path("items/new/", views.listing_create, name="new"),
    path("items/photos/stage/", views.stage_photo, name="stage-photo"),
    path("items/<id:pk>/", views.listing_detail, name="detail"),
    path("items/<id:pk>/edit/", views.listing_edit, name="edit"),
    path("items/<id:pk>/delete/", views.listing_delete, name="delete"),
    path(
        "items/<id:pk>/publish/",
        views.listing_status,
        {"action": "publish"},
        name="publish",
    ),
    path(
        "items/<id:pk>/pause/", views.listing_status, {"action": "pause"}, name="pause"
    ),
    path(
        "items/<id:pk>/resume/",
        views.listing_status,
        {"action": "resume"},
        name="resume",
    ),
    path("selling/", views.selling, name="selling"),
    path("brands/suggest/", views.brand_suggestions, name="brand-suggestions"),
    path("search/", views.search, name="search"),
    path("c/<slug:slug>/", views.search, name="category"),
]
