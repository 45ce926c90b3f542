"""Printable PDFs of a path (a scenario's or the guide's) and of the guide's handover note.

Each reuses its HTML page's selectors (scenario_state / guide_state), so the PDF shows what the page shows.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roadmap.editions import LocalEdition, ScenarioView, current_edition_or_404
from roadmap.pdf_views import pdf_filename, qr_context
from roadmap.permissions import reader_download
from roadmap_site.pdf import serve_pdf

from .flowchart import flowchart_svg, path_parts, with_id_prefix
from .selectors import PathView, guide_state, path_institutions, path_terms, scenario_state


FLOWCHART_STEPS_PER_PAGE = 14


def _path_context(*, edition: LocalEdition, view: PathView, qr: dict, doc_title: str,
                  scenario: ScenarioView | None = None) -> dict:
    # The path in parts of FLOWCHART_STEPS_PER_PAGE steps, each with where its steps lead: the whole
    # pathway on one A4 page is unreadable, and so is a 30-step path.
    charts = [flowchart_svg(edition=edition, path=view.path, lang=edition.lang, part=part)
              for part in path_parts(view.path, FLOWCHART_STEPS_PER_PAGE)]
    return {
        "roadmap": edition, "view": view, "scenario": scenario, "doc_title": doc_title, **qr,
        # mark_safe: dot's output for labels it escaped itself (as on the flowchart page).
        "flowcharts": ([mark_safe(with_id_prefix(svg, f"part{number}-")) for number, svg in enumerate(charts, 1)]
                       if charts and all(charts) else []),
        "institutions": path_institutions(view), "terms": path_terms(view),
    }


@require_safe
@reader_download
def scenario_roadmap_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    edition = current_edition_or_404(request)
    state = scenario_state(edition=edition, slug=slug, query_string=request.META.get("QUERY_STRING", ""),
                           now=timezone.now())
    if state is None:
        raise Http404(_("There is no such scenario."))
    scenario, view = state
    page_url = reverse("cases:scenario_detail", kwargs={"slug": slug})
    return serve_pdf(
        request, edition=edition.number,
        key_parts=("scenario", slug, edition.number, str(edition.published_at), *sorted(view.time_values.items()),
                   view.regime_key),
        template_name="cases/pdf/roadmap.html", filename=pdf_filename(slug, edition), back_url=page_url,
        store=not view.messages,
        context=lambda: _path_context(
            edition=edition, view=view, scenario=scenario, doc_title=scenario.name,
            qr=qr_context(request, page_url, edition, query=urlencode(sorted(view.time_values.items()))),
        ),
    )


def _guide_view(request: HttpRequest) -> tuple[LocalEdition, PathView]:
    edition = current_edition_or_404(request)
    return edition, guide_state(edition=edition, query_string=request.META.get("QUERY_STRING", ""),
                                now=timezone.now())


@require_safe
@reader_download
def guide_roadmap_pdf(request: HttpRequest) -> HttpResponse:
    edition, view = _guide_view(request)
    page_url = reverse("cases:guide")
    return serve_pdf(
        request,
        edition=edition.number,
        key_parts=("guide", edition.number, str(edition.published_at), view.query, tuple(view.messages),
                   view.regime_key),
        template_name="cases/pdf/roadmap.html", filename=pdf_filename("patevoditel", edition),
        back_url=f"{page_url}?{view.query}", store=not view.messages,
        context=lambda: _path_context(edition=edition, view=view, doc_title=_("Path from the guide"),
                                      qr=qr_context(request, page_url, edition, query=view.query)),
    )


@require_safe
@reader_download
def guide_handover_pdf(request: HttpRequest) -> HttpResponse:
    edition, view = _guide_view(request)
    page_url = reverse("cases:guide_handover")
    return serve_pdf(
        request,
        edition=edition.number,
        key_parts=("handover", edition.number, str(edition.published_at), view.query, tuple(view.messages),
                   view.regime_key),
        template_name="cases/pdf/handover.html", filename=pdf_filename("predavane", edition),
        back_url=f"{page_url}?{view.query}", store=not view.messages,
        context=lambda: {"roadmap": edition, "view": view, "doc_title": _("Handover note"),
                         **qr_context(request, page_url, edition, query=view.query)},
    )
