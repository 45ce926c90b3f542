"""/<lang>/manage/…: every coordinator page. Each section module owns its `urlpatterns`."""

from . import directory, pathway, publishing, records

app_name = "manage"

urlpatterns = [
    *publishing.urlpatterns,
    *pathway.urlpatterns,
    *directory.urlpatterns,
    *records.urlpatterns,
]
