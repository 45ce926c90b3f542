"""Printable PDFs of the roadmap: an institution's duties and the full handbook (roadmap.printouts)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roadmap_site.pdf import serve_pdf, site_url

from .editions import current_edition_or_404
from .permissions import reader_download
from .printouts import handbook_document, institution_document


@require_safe
@reader_download
def institution_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    document = institution_document(current_edition_or_404(request), slug, site_url=site_url(request))
    if document is None:
        raise Http404(_("There is no such institution in the roadmap."))
    return serve_pdf(request, document, back_url=reverse("roadmap:institution_detail", kwargs={"slug": slug}))


@require_safe
@reader_download
def handbook_pdf(request: HttpRequest) -> HttpResponse:
    document = handbook_document(current_edition_or_404(request), site_url=site_url(request))
    return serve_pdf(request, document, back_url=reverse("roadmap:overview"))
