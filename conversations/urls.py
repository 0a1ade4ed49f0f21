from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("items/<id:pk>/comments/", views.comment_create, name="comment"),
    path("comments/<id:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("items/<id:pk>/message/", views.message_start, name="start"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/<id:pk>/", views.thread, name="thread"),
    path("messages/<id:pk>/reply/", views.reply, name="reply"),
]
