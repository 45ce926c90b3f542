"""Printable PDFs of the roadmap: an institution's duties and the full handbook."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roadmap_site.pdf import serve_pdf
from roadmap_site.qr import permanent_url, qr_svg

from .editions import LocalEdition, current_edition_or_404
from .permissions import reader_download


def pdf_filename(name: str, edition: LocalEdition) -> str:
    return f"patna-karta-{name}-izdanie-{edition.number}-{edition.lang}.pdf"


def qr_context(request: HttpRequest, page_url: str, edition: LocalEdition, query: str = "") -> dict:
    """The cover's QR code (to the page's permanent URL with the edition) and the generation time."""
    target = permanent_url(request, page_url, query=query, edition=edition.number)
    return {"qr_target_url": target, "qr_svg": qr_svg(target), "generated_at": timezone.localtime()}


@require_safe
@reader_download
def institution_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = current_edition_or_404(request)
    institution = roadmap.institutions.get(slug)
    if institution is None:
        raise Http404(_("There is no such institution in the roadmap."))
    page_url = reverse("roadmap:institution_detail", kwargs={"slug": slug})
    return serve_pdf(
        request, edition=roadmap.number,
        key_parts=("institution", slug, roadmap.number, str(roadmap.published_at)),
        template_name="roadmap/pdf/institution.html", filename=pdf_filename(slug, roadmap), back_url=page_url,
        context=lambda: {"roadmap": roadmap, "institution": institution, "doc_title": institution.name,
                         **qr_context(request, page_url, roadmap)},
    )


@require_safe
@reader_download
def handbook_pdf(request: HttpRequest) -> HttpResponse:
    roadmap = current_edition_or_404(request)
    page_url = reverse("roadmap:overview")
    return serve_pdf(
        request, edition=roadmap.number, key_parts=("handbook", roadmap.number, str(roadmap.published_at)),
        template_name="roadmap/pdf/handbook.html", filename=pdf_filename("narachnik", roadmap),
        back_url=page_url,
        context=lambda: {"roadmap": roadmap, "doc_title": _("Handbook"),
                         **qr_context(request, page_url, roadmap)},
    )
