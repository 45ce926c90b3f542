"""Who may see and change the document library: the one place these rules live.

Anyone reads the public documents and downloads their files (unless the whole site requires a login,
ROADMAP_REQUIRE_LOGIN). Staff-only documents, and their files, exist only for coordinators, trainers and
administrators: to everyone else they are a 404, never a 403 that would tell they exist. Coordinators and
administrators add and change any document; trainers add and change training materials.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from roadmap.permissions import can_read_roadmap
from roadmap_site.permissions import requiring


def can_read_library(user) -> bool:
    """The public library is as open as the published roadmap."""
    return can_read_roadmap(user)


def can_see_staff_documents(user) -> bool:
    return user.is_authenticated and (
        user.has_perm("library.manage_library") or user.has_perm("library.upload_training_material")
    )


def can_manage_library(user) -> bool:
    """Coordinators and administrators: any document, any kind."""
    return user.is_authenticated and user.has_perm("library.manage_library")


def can_add_documents(user) -> bool:
    """Who gets the "new document" page: managers, and trainers for training materials."""
    return can_see_staff_documents(user)


def kinds_for(user) -> list[str]:
    """The kinds of document this user may create or change."""
    from .models import Document

    if can_manage_library(user):
        return list(Document.Kind.values)
    if can_add_documents(user):
        return [Document.Kind.TRAINING_MATERIAL]
    return []


def can_change_document(user, document) -> bool:
    return document.kind in kinds_for(user)


def library_reader_view(view):
    """A reader page or download of the library: a login first when the site is private."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read_library(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


library_editor_view = requiring(can_add_documents)
