"""Reader pages: every one reads the latest published edition, never the working copy."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .editions import current_edition, current_edition_or_404
from .permissions import reader_view
from .regimes import step_rules_today


@require_safe
@reader_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "roadmap/home.html", {"roadmap": current_edition(request)})


@require_safe
@reader_view
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "roadmap/overview.html", {"roadmap": current_edition_or_404(request)})


@require_safe
@reader_view
def step_detail(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = current_edition_or_404(request)
    step = roadmap.steps.get(slug)
    if step is None:
        raise Http404(_("There is no such step in the roadmap."))
    return render(
        request,
        "roadmap/step_detail.html",
        {"roadmap": roadmap, "step": step, "rules": step_rules_today(step, edition=roadmap)},
    )


@require_safe
@reader_view
def institution_list(request: HttpRequest) -> HttpResponse:
    return render(request, "roadmap/institution_list.html", {"roadmap": current_edition_or_404(request)})


@require_safe
@reader_view
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = current_edition_or_404(request)
    institution = roadmap.institutions.get(slug)
    if institution is None:
        raise Http404(_("There is no such institution in the roadmap."))
    return render(
        request, "roadmap/institution_detail.html", {"roadmap": roadmap, "institution": institution}
    )


@require_safe
@reader_view
def responsibility_matrix(request: HttpRequest) -> HttpResponse:
    return render(request, "roadmap/responsibility_matrix.html", {"roadmap": current_edition_or_404(request)})


@require_safe
@reader_view
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "roadmap/glossary.html", {"roadmap": current_edition_or_404(request)})


@require_safe
@reader_view
def legal_reference_list(request: HttpRequest) -> HttpResponse:
    return render(request, "roadmap/legal_reference_list.html", {"roadmap": current_edition_or_404(request)})


@require_safe
@reader_view
def search(request: HttpRequest) -> HttpResponse:
    roadmap = current_edition_or_404(request)
    query = request.GET.get("q", "")
    results = roadmap.search(query)
    return render(
        request, "roadmap/search.html", {"roadmap": roadmap, "results": results, "query": results.query}
    )
