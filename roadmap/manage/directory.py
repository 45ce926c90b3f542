"""/<lang>/manage/: the directory (institutions, legal regimes, acts and references, documents, glossary).

Views are glue: authorise (coordinator_view), bind the form, call a service in roadmap.services, show a
message, redirect (roadmap.manage.pages). A stale save re-renders the form with what the user typed.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
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
from .pages import delete_page, form_page, simple_form_page

# Institutions ----------------------------------------------------------------------------------------


@coordinator_view
def institution_list(request):
    return render(request, "roadmap/manage/directory/institution_list.html",
                  {"institutions": selectors.institution_list()})


@coordinator_view
@require_http_methods(["GET", "POST"])
def institution_create(request):
    return _institution_form(request, Institution())


@coordinator_view
@require_http_methods(["GET", "POST"])
def institution_edit(request, slug):
    return _institution_form(request, get_object_or_404(Institution, slug=slug))


def _institution_form(request, institution: Institution) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = InstitutionForm(data, instance=institution)
    offices = RegionalOfficeFormSet(data, instance=institution, prefix="offices")
    title = (_("Edit institution “%(name)s”") % {"name": institution.name} if institution.pk
             else _("New institution"))
    return form_page(
        request, form, formsets=(offices,),
        save=lambda: services.institution_save(institution=form.instance, offices=offices,
                                              expected_revision=form.expected_revision, actor=request.user),
        done=reverse("manage:institution_list"),
        template="roadmap/manage/directory/institution_form.html",
        context={"title": title, "list_label": _("Institutions"), "list_url": reverse("manage:institution_list"),
                 "usage": selectors.institution_usage(institution),
                 "delete_url": institution.pk and reverse("manage:institution_delete", args=[institution.slug])},
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def institution_delete(request, slug):
    institution = get_object_or_404(Institution, slug=slug)
    return delete_page(
        request, delete=lambda: services.institution_delete(institution=institution, actor=request.user),
        usage=selectors.institution_usage(institution), done=reverse("manage:institution_list"),
        context={"title": _("Delete institution “%(name)s”") % {"name": institution.name},
                 "list_label": _("Institutions"), "list_url": reverse("manage:institution_list"),
                 "cancel_url": reverse("manage:institution_edit", args=[slug])},
    )


# Legal acts and references ----------------------------------------------------------------------------


@coordinator_view
def legal_act_list(request):
    return render(request, "roadmap/manage/directory/legal_act_list.html",
                  {"acts": selectors.legal_act_list(), "regimes": LegalRegime.objects.all()})


@coordinator_view
@require_http_methods(["GET", "POST"])
def regime_create(request):
    return simple_form_page(request, LegalRegimeForm, LegalRegime(), title=_("New legal regime"),
                        list_label=_("Legal bases"), list_name="manage:legal_act_list")


@coordinator_view
@require_http_methods(["GET", "POST"])
def regime_edit(request, slug):
    regime = get_object_or_404(LegalRegime, slug=slug)
    return simple_form_page(request, LegalRegimeForm, regime,
                        title=_("Edit legal regime “%(name)s”") % {"name": regime.title},
                        list_label=_("Legal bases"), list_name="manage:legal_act_list")


@coordinator_view
@require_http_methods(["GET", "POST"])
def legal_act_create(request):
    return simple_form_page(request, LegalActForm, LegalAct(), title=_("New legal act"),
                        list_label=_("Legal bases"), list_name="manage:legal_act_list")


@coordinator_view
@require_http_methods(["GET", "POST"])
def legal_act_edit(request, slug):
    act = get_object_or_404(LegalAct, slug=slug)
    return simple_form_page(request, LegalActForm, act, title=_("Edit legal act “%(name)s”") % {"name": act.short_name},
                        list_label=_("Legal bases"), list_name="manage:legal_act_list")


@coordinator_view
@require_http_methods(["GET", "POST"])
def legal_reference_create(request):
    act = LegalAct.objects.filter(slug=request.GET.get("act", "")).first()
    return simple_form_page(request, LegalReferenceForm, LegalReference(), title=_("New legal reference"),
                        list_label=_("Legal bases"), list_name="manage:legal_act_list", initial={"act": act})


@coordinator_view
@require_http_methods(["GET", "POST"])
def legal_reference_edit(request, slug):
    reference = get_object_or_404(LegalReference.objects.select_related("act"), slug=slug)
    return simple_form_page(request, LegalReferenceForm, reference,
                        title=_("Edit legal reference “%(name)s”") % {"name": reference},
                        list_label=_("Legal bases"), list_name="manage:legal_act_list",
                        delete_url=reverse("manage:legal_reference_delete", args=[slug]),
                        usage=selectors.steps_using(reference))


@coordinator_view
@require_http_methods(["GET", "POST"])
def legal_reference_delete(request, slug):
    reference = get_object_or_404(LegalReference.objects.select_related("act"), slug=slug)
    return delete_page(
        request, delete=lambda: services.legal_reference_delete(reference=reference, actor=request.user),
        usage=selectors.steps_using(reference), done=reverse("manage:legal_act_list"),
        context={"title": _("Delete legal reference “%(name)s”") % {"name": reference},
                 "list_label": _("Legal bases"), "list_url": reverse("manage:legal_act_list"),
                 "cancel_url": reverse("manage:legal_reference_edit", args=[slug])},
    )


# Documents and glossary terms ---------------------------------------------------------------------------


@coordinator_view
def document_list(request):
    return render(request, "roadmap/manage/directory/document_list.html", {"documents": selectors.document_list()})


@coordinator_view
@require_http_methods(["GET", "POST"])
def document_create(request):
    return simple_form_page(request, DocumentForm, Document(), title=_("New document or form"),
                        list_label=_("Documents and forms"), list_name="manage:document_list")


@coordinator_view
@require_http_methods(["GET", "POST"])
def document_edit(request, slug):
    document = get_object_or_404(Document, slug=slug)
    return simple_form_page(request, DocumentForm, document,
                        title=_("Edit document “%(name)s”") % {"name": document.title},
                        list_label=_("Documents and forms"), list_name="manage:document_list",
                        delete_url=reverse("manage:document_delete", args=[slug]),
                        usage=selectors.steps_using(document))


@coordinator_view
@require_http_methods(["GET", "POST"])
def document_delete(request, slug):
    document = get_object_or_404(Document, slug=slug)
    return delete_page(
        request, delete=lambda: services.document_delete(document=document, actor=request.user),
        usage=selectors.steps_using(document), done=reverse("manage:document_list"),
        context={"title": _("Delete document “%(name)s”") % {"name": document.title},
                 "list_label": _("Documents and forms"), "list_url": reverse("manage:document_list"),
                 "cancel_url": reverse("manage:document_edit", args=[slug])},
    )


@coordinator_view
def term_list(request):
    return render(request, "roadmap/manage/directory/term_list.html", {"terms": selectors.term_list()})


@coordinator_view
@require_http_methods(["GET", "POST"])
def term_create(request):
    return simple_form_page(request, GlossaryTermForm, GlossaryTerm(), title=_("New glossary term"),
                        list_label=_("Glossary"), list_name="manage:term_list")


@coordinator_view
@require_http_methods(["GET", "POST"])
def term_edit(request, slug):
    term = get_object_or_404(GlossaryTerm, slug=slug)
    return simple_form_page(request, GlossaryTermForm, term, title=_("Edit glossary term “%(name)s”") % {"name": term.term},
                        list_label=_("Glossary"), list_name="manage:term_list",
                        delete_url=reverse("manage:term_delete", args=[slug]))


@coordinator_view
@require_http_methods(["GET", "POST"])
def term_delete(request, slug):
    term = get_object_or_404(GlossaryTerm, slug=slug)
    return delete_page(
        request, delete=lambda: services.term_delete(term=term, actor=request.user),
        usage=[], done=reverse("manage:term_list"),
        context={"title": _("Delete glossary term “%(name)s”") % {"name": term.term},
                 "list_label": _("Glossary"), "list_url": reverse("manage:term_list"),
                 "cancel_url": reverse("manage:term_edit", args=[slug])},
    )


urlpatterns = [
    path("institutions/", institution_list, name="institution_list"),
    path("institutions/new/", institution_create, name="institution_create"),
    path("institutions/<slug:slug>/", institution_edit, name="institution_edit"),
    path("institutions/<slug:slug>/delete/", institution_delete, name="institution_delete"),
    path("legal-acts/", legal_act_list, name="legal_act_list"),
    path("legal-acts/new/", legal_act_create, name="legal_act_create"),
    path("legal-acts/<slug:slug>/", legal_act_edit, name="legal_act_edit"),
    path("legal-regimes/new/", regime_create, name="regime_create"),
    path("legal-regimes/<slug:slug>/", regime_edit, name="regime_edit"),
    path("legal-references/new/", legal_reference_create, name="legal_reference_create"),
    path("legal-references/<slug:slug>/", legal_reference_edit, name="legal_reference_edit"),
    path("legal-references/<slug:slug>/delete/", legal_reference_delete, name="legal_reference_delete"),
    path("documents/", document_list, name="document_list"),
    path("documents/new/", document_create, name="document_create"),
    path("documents/<slug:slug>/", document_edit, name="document_edit"),
    path("documents/<slug:slug>/delete/", document_delete, name="document_delete"),
    path("glossary/", term_list, name="term_list"),
    path("glossary/new/", term_create, name="term_create"),
    path("glossary/<slug:slug>/", term_edit, name="term_edit"),
    path("glossary/<slug:slug>/delete/", term_delete, name="term_delete"),
]
