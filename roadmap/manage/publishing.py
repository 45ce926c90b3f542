"""Publishing: the dashboard, the pathway check, publishing and rolling back editions, comparing
versions, and the preview of the working copy as officers would see it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..checks import pathway_check
from ..diff import document_diff
from ..document import DocumentError
from ..permissions import can_publish, can_read_task_results, coordinator_view, publisher_view
from ..services import (
    EditionNotFound,
    content_export,
    edition_publish,
    edition_rollback,
    working_copy_edition,
)
from . import publishing_selectors as selectors
from .publishing_forms import WORKING, CompareForm, PublishForm, RollbackForm


@require_safe
@coordinator_view
def dashboard(request: HttpRequest) -> HttpResponse:
    state = selectors.working_state()
    return render(
        request,
        "roadmap/manage/publishing/dashboard.html",
        {
            "state": state,
            "edits": selectors.recent_edits(),
            "can_publish": can_publish(request.user),
            "pdfs": selectors.edition_pdfs(),
            "can_read_task_results": can_read_task_results(request.user),
        },
    )


@require_safe
@coordinator_view
def check(request: HttpRequest) -> HttpResponse:
    return render(
        request, "roadmap/manage/publishing/check.html", {"report": pathway_check(content_export())}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@publisher_view
def publish(request: HttpRequest) -> HttpResponse:
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = edition_publish(actor=request.user, note=form.notes)
        except DocumentError:
            messages.error(request, _("Not published: the pathway check found errors. Fix them first."))
        else:
            messages.success(request, _("Edition %(number)d is published.") % {"number": edition.number})
            return redirect("manage:edition_list")
    state = selectors.working_state()
    return render(request, "roadmap/manage/publishing/publish.html", {"form": form, "state": state})


def _edition_list_page(
    request: HttpRequest, rollback_form: RollbackForm | None = None, failed: int | None = None
) -> HttpResponse:
    return render(
        request,
        "roadmap/manage/publishing/edition_list.html",
        {
            "editions": selectors.edition_rows(),
            "can_publish": can_publish(request.user),
            "rollback_form": rollback_form,
            "failed": failed,
        },
        status=400 if rollback_form is not None else 200,
    )


@require_safe
@coordinator_view
def edition_list(request: HttpRequest) -> HttpResponse:
    return _edition_list_page(request)


@require_POST
@publisher_view
def rollback(request: HttpRequest, number: int) -> HttpResponse:
    form = RollbackForm(request.POST)
    if not form.is_valid():
        return _edition_list_page(request, rollback_form=form, failed=number)
    try:
        edition = edition_rollback(number=number, actor=request.user, reason=form.cleaned_data["reason"])
    except EditionNotFound:
        raise Http404(_("There is no such edition.")) from None
    messages.success(
        request,
        _("Edition %(new)d republishes edition %(old)d; the working copy is now edition %(old)d again.")
        % {"new": edition.number, "old": number},
    )
    return redirect("manage:edition_list")


@require_safe
@coordinator_view
def compare(request: HttpRequest) -> HttpResponse:
    numbers = [row.number for row in selectors.edition_rows()]
    form = CompareForm(request.GET or None, numbers=numbers)
    changes = None
    if form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        new = content_export() if b == WORKING else selectors.edition_content(int(b))
        changes = document_diff(
            selectors.edition_content(int(a)) or {}, new or {}, translation.get_language()
        )
    return render(request, "roadmap/manage/publishing/compare.html", {"form": form, "changes": changes})


@never_cache
@require_safe
@coordinator_view
def preview_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roadmap/manage/publishing/preview_overview.html",
        {"roadmap": working_copy_edition(translation.get_language()), "preview": True},
    )


@never_cache
@require_safe
@coordinator_view
def preview_step(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = working_copy_edition(translation.get_language())
    step = roadmap.steps.get(slug)
    if step is None:
        raise Http404(_("There is no such step in the roadmap."))
    return render(
        request,
        "roadmap/manage/publishing/preview_step.html",
        {"roadmap": roadmap, "step": step, "preview": True},
    )


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("check/", check, name="check"),
    path("publish/", publish, name="publish"),
    path("editions/", edition_list, name="edition_list"),
    path("editions/<int:number>/rollback/", rollback, name="rollback"),
    path("compare/", compare, name="compare"),
    path("preview/", preview_overview, name="preview_overview"),
    path("preview/<slug:slug>/", preview_step, name="preview_step"),
]
