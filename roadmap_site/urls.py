from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import LoginView
from offline.views import service_worker

from . import pdf_jobs, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The offline copy's service worker: at the root, so that its scope is the whole site.
    path("sw.js", service_worker, name="service_worker"),
    # One login page for the site and the admin: its throttle and second factor apply to both.
    path("admin/login/", views.admin_login),
    path("admin/", admin.site.urls),
    # The published edition as JSON (the guide offline, other systems): the same in every UI language.
    path("api/", include("cases.api_urls")),
]

urlpatterns += i18n_patterns(
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("", include("datasets.urls")),
    path("manage/", include("roadmap.manage.urls")),
    # A custom PDF the background worker prepares (its key is in the query string, never logged).
    path("pdf/<str:job_id>/", pdf_jobs.pdf_job, name="pdf_job"),
    path("", include("trainings.urls")),
    path("", include("library.urls")),
    path("", include("meetings.urls")),
    path("", include("roadmap.urls")),
    path("", include("cases.urls")),
    path("", include("offline.urls")),
    prefix_default_language=True,
)

handler400 = "roadmap_site.views.bad_request"
handler403 = "roadmap_site.views.permission_denied"
handler404 = "roadmap_site.views.page_not_found"
handler500 = "roadmap_site.views.server_error"
