"""Who may read and maintain the profile in figures: the one place these rules live."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from roadmap.permissions import can_read_roadmap
from roadmap_site.permissions import requiring


def can_maintain_datasets(user) -> bool:
    """Coordinators (and administrators) add and correct figures under /<lang>/manage/profile/."""
    return (
        user.is_authenticated
        and user.has_perm("datasets.change_figure")
        and user.has_perm("datasets.add_series")
    )


def can_read_figure_history(user) -> bool:
    return can_maintain_datasets(user) and user.has_perm("datasets.view_historicalfigure")


maintainer_view = requiring(can_maintain_datasets)
history_view = requiring(can_read_figure_history)


def reader_view(view):
    """The profile is public like the published roadmap; closed to anonymous visitors with it
    (ROADMAP_REQUIRE_LOGIN)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read_roadmap(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
