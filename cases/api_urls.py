from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("editions/current.json", api.edition_current, name="edition_current"),
    path("editions/<int:number>/<str:lang>.json", api.edition_document, name="edition_json"),
]
