from django.urls import path

from . import views

app_name = "datasets"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/data.csv", views.profile_csv_download, name="profile_csv"),
    path("manage/profile/", views.series_list, name="manage_series_list"),
    path("manage/profile/new/", views.series_create, name="series_add"),
    path("manage/profile/<slug:slug>/", views.series_detail, name="manage_series"),
    path("manage/profile/<slug:slug>/edit/", views.series_edit, name="series_edit"),
    path("manage/profile/<slug:slug>/add/", views.figure_create, name="figure_add"),
    path("manage/profile/figures/<int:pk>/", views.figure_edit, name="figure_edit"),
    path("manage/profile/figures/<int:pk>/history/", views.figure_history, name="figure_history"),
]
