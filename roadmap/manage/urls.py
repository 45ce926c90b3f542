"""/<lang>/manage/…: every coordinator page. Each section module owns its `urlpatterns`."""

from . import directory, pathway, publishing, records, scenarios

app_name = "manage"

urlpatterns = [
    *publishing.urlpatterns,
    *pathway.urlpatterns,
    *directory.urlpatterns,
    *scenarios.urlpatterns,
    *records.urlpatterns,
]
