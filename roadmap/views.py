"""Reader pages: every one reads the latest published edition, never the working copy."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .editions import current_edition, current_edition_or_404
from .permissions import reader_view
from .perspective import PARAMETER, own_first, own_institution, own_part
from .projection import EditionInLanguage
from .regimes import step_rules_today


def _perspective(request: HttpRequest, roadmap: EditionInLanguage) -> dict:
    """The reader's own institution from `?inst=` ("I am from …"), the query that keeps it in links
    between reader pages, and a note when the value names no institution of this edition."""
    value = request.GET.get(PARAMETER, "")
    own = own_institution(roadmap, value)
    note = ""
    if value and own is None:
        note = _("“%(value)s” is not an institution of this roadmap: all duties are shown.") % {
            "value": value[:100]
        }
    return {"own": own, "own_note": note, "inst_query": f"?{PARAMETER}={own.slug}" if own else ""}


@require_safe
@reader_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "roadmap/home.html", {"roadmap": current_edition(request)})


@require_safe
@reader_view
def overview(request: HttpRequest) -> HttpResponse:
    roadmap = current_edition_or_404(request)
    return render(request, "roadmap/overview.html", {"roadmap": roadmap, **_perspective(request, roadmap)})


@require_safe
@reader_view
def step_detail(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = current_edition_or_404(request)
    step = roadmap.steps.get(slug)
    if step is None:
        raise Http404(_("There is no such step in the roadmap."))
    perspective = _perspective(request, roadmap)
    own = perspective["own"]
    # the reader's institution's duties first (own_first), then the others by role
    ordered = own_first(step.responsibilities, own)
    mine = own_part(step, own)
    others = ordered[len(mine) :]
    return render(
        request,
        "roadmap/step_detail.html",
        {
            "roadmap": roadmap,
            "step": step,
            "rules": step_rules_today(step, edition=roadmap),
            **perspective,
            "mine": mine,
            "leads": [r for r in others if r.role == "leads"],
            "supports": [r for r in others if r.role == "supports"],
            "informed": [r for r in others if r.role == "informed"],
        },
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
