"""Every meetings route: /<lang>/meetings/… (staff only). A meeting is `pk`; an object in it `<model>_id`."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", views.minutes_download, name="minutes_download"),
    path("meetings/<int:pk>/minutes/upload/", views.minutes_upload, name="minutes_upload"),
    path("meetings/<int:pk>/minutes/remove/", views.minutes_remove, name="minutes_remove"),
    path("meetings/<int:pk>/participants/", views.participant_add, name="participant_add"),
    path(
        "meetings/<int:pk>/participants/<int:attendance_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("meetings/<int:pk>/proposals/new/", views.proposal_add, name="proposal_add"),
    path("meetings/<int:pk>/proposals/<int:proposal_id>/edit/", views.proposal_edit, name="proposal_edit"),
    path(
        "meetings/<int:pk>/proposals/<int:proposal_id>/status/", views.proposal_status, name="proposal_status"
    ),
    path(
        "meetings/<int:pk>/proposals/<int:proposal_id>/change-notes/",
        views.proposal_change_notes,
        name="proposal_change_notes",
    ),
]
