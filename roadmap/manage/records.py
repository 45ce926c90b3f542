"""Records of the working copy: the audit trail, the translation status, export and import."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..audit import audit_trail, parse_object_ref
from ..document import DocumentError
from ..permissions import audit_view, coordinator_view
from ..services import WorkingCopyChanged, content_export, content_import, working_copy_digest
from ..translation_status import STATUSES, translation_status
from ..verification import verification_queue
from .records_forms import (
    ConfirmImportForm,
    ImportForm,
    import_preview,
    pending_import_keep,
    pending_import_take,
)


@audit_view
@require_GET
def audit(request):
    user_id = request.GET.get("user", "")
    trail = audit_trail(
        # An id beyond a 64-bit integer is no user (and would overflow the database's integer).
        user_id=int(user_id) if user_id.isdigit() and len(user_id) <= 18 else None,
        object_ref=parse_object_ref(request.GET.get("object")),
        page=request.GET.get("page"),
    )
    return render(request, "roadmap/manage/records/audit.html", {"trail": trail})


@coordinator_view
@require_GET
def translations(request):
    status = translation_status(status=request.GET.get("status"))
    return render(
        request, "roadmap/manage/records/translations.html", {"status": status, "statuses": STATUSES}
    )


@coordinator_view
@require_GET
def verification(request):
    """The claims of the working copy that are not verified, and the steps due for review."""
    queue = verification_queue(content_export(), lang=get_language() or "bg", today=timezone.localdate())
    return render(request, "roadmap/manage/records/verification.html", {"queue": queue})


@coordinator_view
@require_GET
def export(request):
    body = json.dumps(content_export(), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"patna-karta-rabotno-kopie-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@coordinator_view
@require_http_methods(["GET", "POST"])
def import_document(request):
    if request.method == "POST" and "token" in request.POST:
        return _import_confirmed(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        current = content_export()
        token = pending_import_keep(
            request.session,
            user_id=request.user.pk,
            text=form.text,
            filename=form.cleaned_data["file"].name,
            digest=working_copy_digest(current),
        )
        return render(
            request,
            "roadmap/manage/records/import_preview.html",
            {
                "preview": import_preview(form.document, current=current),
                "confirm": ConfirmImportForm(initial={"token": token}),
                "filename": form.cleaned_data["file"].name,
            },
        )
    return render(request, "roadmap/manage/records/import.html", {"form": form})


def _import_confirmed(request):
    form = ConfirmImportForm(request.POST)
    pending = (
        pending_import_take(request.session, token=form.data.get("token", ""), user_id=request.user.pk)
        if form.is_valid()
        else None
    )
    if pending is None:
        messages.error(
            request, _("This import is no longer waiting for confirmation. Upload the file again.")
        )
        return redirect("manage:import")
    try:  # one transaction: a refused document writes nothing
        counts = content_import(
            document=pending.document,
            actor=request.user,
            reason=_("Imported from %(filename)s") % {"filename": pending.filename},
            expected_digest=pending.digest,
        )
    except DocumentError:
        messages.error(request, _("The document is no longer valid: nothing was imported. Upload it again."))
        return redirect("manage:import")
    except WorkingCopyChanged:
        messages.error(
            request,
            _(
                "The working copy changed since the preview: nothing was imported. Upload the file again "
                "to preview it against the working copy as it is now."
            ),
        )
        return redirect("manage:import")
    messages.success(
        request,
        _(
            "The working copy was replaced by %(filename)s: %(steps)d steps. Published "
            "editions are unchanged until you publish."
        )
        % {"filename": pending.filename, "steps": counts["steps"]},
    )
    return redirect("manage:import")


urlpatterns = [
    path("audit/", audit, name="audit"),
    path("translations/", translations, name="translations"),
    path("verification/", verification, name="verification"),
    path("export/", export, name="export"),
    path("import/", import_document, name="import"),
]
