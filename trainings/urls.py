"""/<lang>/trainings/… (trainers) and /<lang>/certificates/<code>/ (public). Each module owns its patterns."""

from . import print_views, report_views, views

app_name = "trainings"

urlpatterns = [
    *views.urlpatterns,
    *print_views.urlpatterns,
    *report_views.urlpatterns,
]
