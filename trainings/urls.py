"""Every trainings route: /<lang>/trainings/… (trainers) and /<lang>/certificates/<code>/ (public).

A session is `pk` in its routes; an object inside it is `<model>_id`.
"""

from django.urls import path

from . import print_views, report_views, views

app_name = "trainings"

urlpatterns = [
    # sessions, registrations, attendance, results, participants (views.py)
    path("trainings/", views.session_list, name="session_list"),
    path("trainings/new/", views.session_create, name="session_create"),
    path("trainings/<int:pk>/", views.session_detail, name="session_detail"),
    path("trainings/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("trainings/<int:pk>/register/", views.registration_add, name="registration_add"),
    path(
        "trainings/<int:pk>/registrations/<int:registration_id>/remove/",
        views.registration_remove,
        name="registration_remove",
    ),
    path("trainings/<int:pk>/import/", views.registration_import, name="registration_import"),
    path("trainings/import/sample.csv", views.registration_sample, name="registration_sample"),
    path("trainings/<int:pk>/attendance/<str:date>/", views.attendance_day, name="attendance_day"),
    path("trainings/<int:pk>/results/", views.results_edit, name="results_edit"),
    path("trainings/participants/", views.participant_list, name="participant_list"),
    path("trainings/participants/merge/", views.participant_merge, name="participant_merge"),
    path("trainings/participants/<int:pk>/", views.participant_detail, name="participant_detail"),
    path("trainings/participants/<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    # printouts, handouts and the public certificate check (print_views.py)
    path("trainings/<int:pk>/signin/<str:day>.pdf", print_views.signin_sheet, name="signin_sheet"),
    path(
        "trainings/registrations/<int:registration_id>/certificate.pdf",
        print_views.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "trainings/registrations/<int:registration_id>/certificate/issue/",
        print_views.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "trainings/<int:pk>/certificates.pdf", print_views.session_certificates, name="session_certificates"
    ),
    path(
        "trainings/<int:pk>/certificates/issue/",
        print_views.session_certificates_issue,
        name="session_certificates_issue",
    ),
    path("trainings/<int:pk>/handouts/", print_views.handouts, name="handouts"),
    path("trainings/<int:pk>/handouts/add/", print_views.handout_add, name="handout_add"),
    path("trainings/<int:pk>/handouts/upload/", print_views.handout_upload, name="handout_upload"),
    path(
        "trainings/<int:pk>/handouts/<int:handout_id>/remove/",
        print_views.handout_remove,
        name="handout_remove",
    ),
    path("trainings/<int:pk>/handouts.zip", print_views.handout_pack, name="handout_pack"),
    path(
        "trainings/<int:pk>/handouts/pack/", print_views.handout_pack_progress, name="handout_pack_progress"
    ),
    path("certificates/<str:code>/", print_views.certificate_check, name="certificate_check"),
    # the dashboard and the exports (report_views.py)
    path("trainings/dashboard/", report_views.dashboard, name="dashboard"),
    path("trainings/export/", report_views.export, name="export"),
    path("trainings/export/named/", report_views.named_export, name="named_export"),
]
