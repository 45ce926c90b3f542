"""Printable PDFs of a path (a scenario's or the guide's) and of the guide's handover note.

The documents are built in cases.printouts; these views parse the request and send the bytes.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roadmap.editions import current_edition_or_404
from roadmap.permissions import reader_download
from roadmap_site.pdf import serve_pdf, site_url

from .printouts import guide_document, scenario_document


@require_safe
@reader_download
def scenario_roadmap_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    document = scenario_document(
        current_edition_or_404(request),
        slug,
        now=timezone.now(),
        query_string=request.META.get("QUERY_STRING", ""),
        site_url=site_url(request),
    )
    if document is None:
        raise Http404(_("There is no such scenario."))
    return serve_pdf(request, document, back_url=reverse("cases:scenario_detail", kwargs={"slug": slug}))


def _guide_pdf(request: HttpRequest, *, handover: bool) -> HttpResponse:
    document, back_url = guide_document(
        current_edition_or_404(request),
        now=timezone.now(),
        handover=handover,
        query_string=request.META.get("QUERY_STRING", ""),
        site_url=site_url(request),
    )
    return serve_pdf(request, document, back_url=back_url)


@require_safe
@reader_download
def guide_roadmap_pdf(request: HttpRequest) -> HttpResponse:
    return _guide_pdf(request, handover=False)


@require_safe
@reader_download
def guide_handover_pdf(request: HttpRequest) -> HttpResponse:
    return _guide_pdf(request, handover=True)
