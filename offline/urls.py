from django.urls import path

from . import views

app_name = "offline"

urlpatterns = [
    path("offline/", views.save_page, name="save"),
    path("offline/not-saved/", views.not_saved, name="not_saved"),
    path("offline/manifest.json", views.copy_manifest, name="manifest"),
    path("offline/bundle.json", views.bundle, name="bundle"),
    path("offline/app.webmanifest", views.web_app_manifest, name="web_app_manifest"),
]
