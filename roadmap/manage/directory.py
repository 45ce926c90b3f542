"""/<lang>/manage/: the directory (institutions, legal regimes, acts and references, documents, glossary).

Views are glue: authorise (coordinator_view), bind the form, call a service in roadmap.services, show a
message, redirect (roadmap.manage.pages). A stale save re-renders the form with what the user typed.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from roadmap import services
from roadmap.models import Document, GlossaryTerm, Institution, LegalAct, LegalReference, LegalRegime
from roadmap.permissions import coordinator_view

from . import directory_selectors as selectors
from .directory_forms import (
    DocumentForm,
    GlossaryTermForm,
    InstitutionForm,
    LegalActForm,
    LegalReferenceForm,
    LegalRegimeForm,
    RegionalOfficeFormSet,
)
from .pages import ItemPages, form_page

LEGAL_BASES = {"list_label": _("Legal bases"), "list_name": "manage:legal_act_list"}

INSTITUTIONS = ItemPages(
    "institution",
    Institution,
    InstitutionForm,
    _("Institutions"),
    "manage:institution_list",
    new_title=_("New institution"),
    edit_title=_("Edit institution “%(name)s”"),
    delete_title=_("Delete institution “%(name)s”"),
    name=lambda i: i.name,
    remove=lambda item, actor: services.institution_delete(institution=item, actor=actor),
    usage=selectors.institution_usage,
)
REGIMES = ItemPages(
    "regime",
    LegalRegime,
    LegalRegimeForm,
    **LEGAL_BASES,
    new_title=_("New legal regime"),
    edit_title=_("Edit legal regime “%(name)s”"),
    name=lambda r: r.title,
)
LEGAL_ACTS = ItemPages(
    "legal_act",
    LegalAct,
    LegalActForm,
    **LEGAL_BASES,
    new_title=_("New legal act"),
    edit_title=_("Edit legal act “%(name)s”"),
    name=lambda a: a.short_name,
)
LEGAL_REFERENCES = ItemPages(
    "legal_reference",
    LegalReference,
    LegalReferenceForm,
    **LEGAL_BASES,
    new_title=_("New legal reference"),
    edit_title=_("Edit legal reference “%(name)s”"),
    delete_title=_("Delete legal reference “%(name)s”"),
    remove=lambda item, actor: services.legal_reference_delete(reference=item, actor=actor),
    usage=selectors.steps_using,
    select_related=("act",),
    initial=lambda request: {"act": LegalAct.objects.filter(slug=request.GET.get("act", "")).first()},
)
DOCUMENTS = ItemPages(
    "document",
    Document,
    DocumentForm,
    _("Documents and forms"),
    "manage:document_list",
    new_title=_("New document or form"),
    edit_title=_("Edit document “%(name)s”"),
    delete_title=_("Delete document “%(name)s”"),
    name=lambda d: d.title,
    remove=lambda item, actor: services.document_delete(document=item, actor=actor),
    usage=selectors.steps_using,
)
TERMS = ItemPages(
    "term",
    GlossaryTerm,
    GlossaryTermForm,
    _("Glossary"),
    "manage:term_list",
    new_title=_("New glossary term"),
    edit_title=_("Edit glossary term “%(name)s”"),
    delete_title=_("Delete glossary term “%(name)s”"),
    name=lambda t: t.term,
    remove=lambda item, actor: services.term_delete(term=item, actor=actor),
)


@coordinator_view
def institution_list(request):
    context = {"institutions": selectors.institution_list()}
    return render(request, "roadmap/manage/directory/institution_list.html", context)


@coordinator_view
@require_http_methods(["GET", "POST"])
def institution_form(request, slug=None):
    """An institution with its regional offices (a formset): saved together or not at all."""
    institution = get_object_or_404(Institution, slug=slug) if slug else Institution()
    data = request.POST if request.method == "POST" else None
    form = InstitutionForm(data, instance=institution)
    offices = RegionalOfficeFormSet(data, instance=institution, prefix="offices")
    return form_page(
        request,
        form,
        formsets=(offices,),
        save=lambda: services.institution_save(
            institution=form.instance,
            offices=offices,
            expected_revision=form.expected_revision,
            actor=request.user,
        ),
        done=reverse("manage:institution_list"),
        template="roadmap/manage/directory/institution_form.html",
        context=INSTITUTIONS.edit_context(institution),
    )


@coordinator_view
def legal_act_list(request):
    context = {"acts": selectors.legal_act_list(), "regimes": LegalRegime.objects.all()}
    return render(request, "roadmap/manage/directory/legal_act_list.html", context)


@coordinator_view
def document_list(request):
    context = {"documents": selectors.document_list()}
    return render(request, "roadmap/manage/directory/document_list.html", context)


@coordinator_view
def term_list(request):
    return render(request, "roadmap/manage/directory/term_list.html", {"terms": selectors.term_list()})


urlpatterns = [
    path("institutions/", institution_list, name="institution_list"),
    path("institutions/new/", institution_form, name="institution_create"),
    path("institutions/<slug:slug>/", institution_form, name="institution_edit"),
    *INSTITUTIONS.urls("institutions", form_pages=False),
    path("legal-acts/", legal_act_list, name="legal_act_list"),
    *LEGAL_ACTS.urls("legal-acts"),
    *REGIMES.urls("legal-regimes"),
    *LEGAL_REFERENCES.urls("legal-references"),
    path("documents/", document_list, name="document_list"),
    *DOCUMENTS.urls("documents"),
    path("glossary/", term_list, name="term_list"),
    *TERMS.urls("glossary"),
]
