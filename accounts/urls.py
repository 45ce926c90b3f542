from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("security/", views.security, name="security"),
    path("second-factor/", views.second_factor, name="second_factor"),
]
