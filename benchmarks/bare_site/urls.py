"""The product's URL patterns (unchanged) plus the bare comparison view."""

from django.urls import path

from roadmap_site.urls import handler400, handler403, handler404, handler500  # noqa: F401
from roadmap_site.urls import urlpatterns as product_urlpatterns

from .views import bare

urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product_urlpatterns]
