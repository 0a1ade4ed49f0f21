from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="list"),
    path("notifications/read-all/", views.mark_all_read, name="read-all"),
    path("notifications/<int:pk>/read/", views.mark_read, name="read"),
    path("notifications/<int:pk>/open/", views.open_notification, name="open"),
    path("notifications/email-settings/", views.email_settings, name="email-settings"),
    path(
        "notifications/unsubscribe/<str:unsubscribe_token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
]
