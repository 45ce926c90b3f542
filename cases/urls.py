from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("scenarios/", views.scenario_list, name="scenario_list"),
    path("scenarios/<slug:slug>/", views.scenario_detail, name="scenario_detail"),
    path("guide/", views.guide, name="guide"),
    path("guide/handover/", views.guide_handover, name="guide_handover"),
    path("flowchart/", views.flowchart, name="flowchart"),
]
