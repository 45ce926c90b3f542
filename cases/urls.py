from django.urls import path

from . import pdf_views, views

app_name = "cases"

urlpatterns = [
    path("scenarios/", views.scenario_list, name="scenario_list"),
    path("scenarios/<slug:slug>/", views.scenario_detail, name="scenario_detail"),
    path("scenarios/<slug:slug>/roadmap.pdf", pdf_views.scenario_roadmap_pdf, name="scenario_pdf"),
    path("guide/", views.guide, name="guide"),
    path("guide/offline/", views.guide_offline, name="guide_offline"),
    path("guide/handover/", views.guide_handover, name="guide_handover"),
    path("guide/roadmap.pdf", pdf_views.guide_roadmap_pdf, name="guide_pdf"),
    path("guide/handover.pdf", pdf_views.guide_handover_pdf, name="guide_handover_pdf"),
    path("flowchart/", views.flowchart, name="flowchart"),
]
