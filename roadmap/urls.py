from django.urls import path

from . import edition_views, pdf_views, views

app_name = "roadmap"

urlpatterns = [
    path("", views.home, name="home"),
    path("roadmap/", views.overview, name="overview"),
    path("roadmap/handbook.pdf", pdf_views.handbook_pdf, name="handbook_pdf"),
    path("roadmap/<slug:slug>/", views.step_detail, name="step_detail"),
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution_detail"),
    path("institutions/<slug:slug>/what-we-do.pdf", pdf_views.institution_pdf, name="institution_pdf"),
    path("responsibilities/", views.responsibility_matrix, name="responsibility_matrix"),
    path("glossary/", views.glossary, name="glossary"),
    path("legal-references/", views.legal_reference_list, name="legal_reference_list"),
    path("search/", views.search, name="search"),
    path("editions/", edition_views.edition_list, name="edition_list"),
    path("editions/<int:number>/", edition_views.edition_detail, name="edition_detail"),
]
