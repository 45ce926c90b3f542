"""The roadmap's printouts as documents: built from (edition, language, parameters), never from a request.

Views (roadmap.pdf_views), the trainings' handout pack and, later, background tasks all turn them into
bytes through roadmap_site.pdf.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation

from roadmap_site.pdf import PrintDocument
from roadmap_site.qr import permanent_url, qr_svg

from .projection import EditionInLanguage


def pdf_filename(name: str, edition: EditionInLanguage) -> str:
    return f"patna-karta-{name}-izdanie-{edition.number}-{edition.lang}.pdf"


def qr_context(site_url: str, page_url: str, edition: EditionInLanguage, query: str = "") -> dict:
    """The cover's QR code (to the page's permanent URL with the edition) and the generation time."""
    target = permanent_url(site_url, page_url, query=query, edition=edition.number)
    return {"qr_target_url": target, "qr_svg": qr_svg(target), "generated_at": timezone.localtime()}


def institution_document(edition: EditionInLanguage, slug: str, *, site_url: str) -> PrintDocument | None:
    """What an institution does in the pathway; None when the edition has no such institution."""
    institution = edition.institutions.get(slug)
    if institution is None:
        return None
    with translation.override(edition.lang):
        page_url = reverse("roadmap:institution_detail", kwargs={"slug": slug})
    return PrintDocument(
        template_name="roadmap/pdf/institution.html",
        key_parts=("institution", slug, edition.cache_key),
        filename=pdf_filename(slug, edition),
        edition=edition.number,
        language=edition.lang,
        site_url=site_url,
        context=lambda: {
            "roadmap": edition,
            "institution": institution,
            "doc_title": institution.name,
            **qr_context(site_url, page_url, edition),
        },
    )


def handbook_document(edition: EditionInLanguage, *, site_url: str) -> PrintDocument:
    """The whole roadmap: every stage and step, the matrix, the directory and the glossary."""
    with translation.override(edition.lang):
        page_url = reverse("roadmap:overview")
    return PrintDocument(
        template_name="roadmap/pdf/handbook.html",
        key_parts=("handbook", edition.cache_key),
        filename=pdf_filename("narachnik", edition),
        edition=edition.number,
        language=edition.lang,
        site_url=site_url,
        context=lambda: {
            "roadmap": edition,
            "doc_title": translation.gettext("Handbook"),
            **qr_context(site_url, page_url, edition),
        },
    )
