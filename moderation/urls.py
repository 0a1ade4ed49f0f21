from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("report/listing/<id:pk>/", views.report_listing, name="report-listing"),
    path("report/member/<str:username>/", views.report_member, name="report-member"),
    path("report/comment/<id:pk>/", views.report_comment, name="report-comment"),
    path("report/message/<id:pk>/", views.report_message, name="report-message"),
    path("report/thanks/", views.report_thanks, name="report-thanks"),
]
