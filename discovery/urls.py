from django.urls import path

from discovery import views

app_name = "discovery"

urlpatterns = [
    path("items/<id:pk>/like/", views.like, name="like"),
    path("items/<id:pk>/unlike/", views.unlike, name="unlike"),
    path("likes/", views.LikeListView.as_view(), name="likes"),
    path("saved-searches/", views.SavedSearchListView.as_view(), name="saved-searches"),
    path("saved-searches/new/", views.save_search, name="save-search"),
    path(
        "saved-searches/<id:pk>/rename/",
        views.rename_saved_search,
        name="rename-saved-search",
    ),
    path(
        "saved-searches/<id:pk>/alerts/",
        views.saved_search_alerts,
        name="saved-search-alerts",
    ),
    path(
        "saved-searches/<id:pk>/delete/",
        views.delete_saved_search,
        name="delete-saved-search",
    ),
]
