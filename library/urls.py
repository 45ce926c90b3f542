"""/<lang>/library/…: "new" comes before the documents' addresses and is a reserved slug."""

from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("library/", views.document_list, name="document_list"),
    path("library/new/", views.document_create, name="document_create"),
    path("library/<slug:slug>/", views.document_detail, name="document_detail"),
    path("library/<slug:slug>/edit/", views.document_edit, name="document_edit"),
    path("library/<slug:slug>/files/new/", views.file_add, name="file_add"),
    path("library/<slug:slug>/files/<int:file_id>/", views.file_download, name="file_download"),
]
