"""Scenarios and the guide: answers and the identification time live in the URL, never on the server."""

from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roadmap.editions import current_edition_or_404
from roadmap.paths import resolve_path
from roadmap.permissions import reader_view

from .flowchart import flowchart_page
from .selectors import guide_state, scenario_state, with_now_filled


def case_private(view):
    """A page whose link carries anything (answers, event times, an institution: a child's case) is
    kept by no browser cache or proxy. Outside reader_view, so pages from the page cache get it too."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.META.get("QUERY_STRING"):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


@require_safe
@reader_view
def scenario_list(request: HttpRequest) -> HttpResponse:
    edition = current_edition_or_404(request)
    scenarios = [(scenario, resolve_path(edition, scenario.answers)) for scenario in edition.scenarios]
    return render(request, "cases/scenario_list.html", {"roadmap": edition, "scenarios": scenarios})


def _now_filled(request: HttpRequest) -> HttpResponse | None:
    """A time form's "now" button: the same page with that event's time set to the current minute."""
    query = with_now_filled(request.META.get("QUERY_STRING", ""), timezone.now())
    return None if query is None else redirect(f"{request.path}?{query}")


@require_safe
@case_private
@reader_view
def scenario_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if filled := _now_filled(request):
        return filled
    edition = current_edition_or_404(request)
    state = scenario_state(
        edition=edition, slug=slug, query_string=request.META.get("QUERY_STRING", ""), now=timezone.now()
    )
    if state is None:
        raise Http404(_("There is no such scenario."))
    scenario, view = state
    return render(
        request, "cases/scenario_detail.html", {"roadmap": edition, "scenario": scenario, "view": view}
    )


def _guide_context(request: HttpRequest) -> dict:
    edition = current_edition_or_404(request)
    view = guide_state(edition=edition, query_string=request.META.get("QUERY_STRING", ""), now=timezone.now())
    return {"roadmap": edition, "view": view}


@require_safe
@case_private
@reader_view
def guide(request: HttpRequest) -> HttpResponse:
    if filled := _now_filled(request):
        return filled
    return render(request, "cases/guide.html", _guide_context(request))


@require_safe
@case_private
@reader_view
def guide_handover(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/handover_note.html", _guide_context(request))


@require_safe
@case_private
@reader_view
def guide_offline(request: HttpRequest) -> HttpResponse:
    """The guide computed in the browser (static/js/offline-guide.js) from the edition's JSON: the same
    page for every link (the answers are read from the address by the script), so a saved copy works
    without a connection."""
    edition = current_edition_or_404(request)
    document_url = reverse("api:edition_json", kwargs={"number": edition.number, "lang": edition.lang})
    return render(request, "cases/guide_offline.html", {"roadmap": edition, "document_url": document_url})


@require_safe
@case_private
@reader_view
def flowchart(request: HttpRequest) -> HttpResponse:
    """The whole pathway as a picture, optionally with a scenario's or the guide's path highlighted."""
    edition = current_edition_or_404(request)
    page = flowchart_page(
        edition=edition,
        query_string=request.META.get("QUERY_STRING", ""),
        lang=edition.lang,
        now=timezone.now(),
    )
    return render(request, "cases/flowchart.html", {"roadmap": edition, "page": page})
