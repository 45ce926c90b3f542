from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from roadmap.models import Edition


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 and a small JSON when the app and the database answer; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        edition = Edition.objects.latest_number()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "edition": edition})


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login page sends to the site's (the login page checks that `next` stays on the site)."""
    return redirect_to_login(request.GET.get("next") or "/admin/")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", {"edition": None}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (an old page, a session changed in another tab, cookies blocked):
    the site's page in the visitor's language, saying that nothing was saved, with the form to reopen."""
    form_page = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        form_page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        form_page = request.get_full_path()
    context = {"form_page": form_page, "no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)
