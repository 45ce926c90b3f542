"""Who may read and change the roadmap: the one place these rules live."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

from roadmap_site.permissions import requiring

from .page_cache import serve_cached


def can_read_roadmap(user) -> bool:
    """The published roadmap is public unless ROADMAP_REQUIRE_LOGIN is set."""
    return not settings.ROADMAP_REQUIRE_LOGIN or user.is_authenticated


def can_publish(user) -> bool:
    return user.is_authenticated and user.has_perm("roadmap.publish_edition")


def can_edit_roadmap(user) -> bool:
    """Coordinators (and administrators) edit the working copy under /<lang>/manage/."""
    return user.is_authenticated and user.has_perm("roadmap.change_step")


def can_read_audit(user) -> bool:
    """The audit trail (who changed what) is for administrators."""
    return user.is_authenticated and user.has_perm("roadmap.view_historicalstep")


def can_read_task_results(user) -> bool:
    """Background tasks' results and failures are read in the Django admin, by administrators."""
    return user.is_staff and user.has_perm("django_tasks_database.view_dbtaskresult")


coordinator_view = requiring(can_edit_roadmap)
publisher_view = requiring(can_publish)
audit_view = requiring(can_read_audit)


def reader_download(view):
    """Decorate a reader download (a PDF): anonymous visitors are sent to log in when the roadmap is
    private. Never the page cache, which would drop the file's headers and hold megabytes per entry in
    a worker's memory; PDFs have their own file cache (roadmap_site.pdf)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read_roadmap(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def reader_view(view):
    """Decorate a reader page: the reading rule of reader_download, then anonymous pages come from the
    whole-page cache of the current edition."""

    @wraps(view)
    def cached(request, *args, **kwargs):
        return serve_cached(request, lambda: view(request, *args, **kwargs))

    return reader_download(cached)
