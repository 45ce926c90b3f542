"""/<lang>/manage/scenarios/: coordinators edit the scenarios of the working copy. The form previews where
the answers now lead."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..models import Scenario
from ..paths import resolve_path
from ..permissions import coordinator_view
from . import directory_selectors as selectors
from .pages import delete_page, form_page
from .scenario_forms import ScenarioForm


@coordinator_view
def scenario_list(request):
    preview = services.working_copy_edition(get_language())
    rows = [(scenario, resolve_path(preview, scenario.answers or {})) for scenario in Scenario.objects.all()]
    return render(request, "roadmap/manage/scenarios/scenario_list.html", {"rows": rows})


@coordinator_view
@require_http_methods(["GET", "POST"])
def scenario_create(request):
    return _scenario_form(request, Scenario())


@coordinator_view
@require_http_methods(["GET", "POST"])
def scenario_edit(request, slug):
    return _scenario_form(request, get_object_or_404(Scenario, slug=slug))


def _scenario_form(request, scenario: Scenario):
    preview = services.working_copy_edition(get_language())
    form = ScenarioForm(request.POST if request.method == "POST" else None, instance=scenario,
                        decisions=selectors.decision_steps(preview))
    title = _("Edit scenario “%(name)s”") % {"name": scenario.name} if scenario.pk else _("New scenario")
    return form_page(
        request, form,
        save=lambda: services.save_edit(instance=form.instance, expected_revision=form.expected_revision,
                                       actor=request.user),
        done=reverse("manage:scenario_list"),
        template="roadmap/manage/scenarios/scenario_form.html",
        context={"title": title, "list_label": _("Scenarios"), "list_url": reverse("manage:scenario_list"),
                 # Called while rendering, i.e. after validation has put the posted answers on the instance.
                 "path": lambda: resolve_path(preview, form.instance.answers or {}),
                 "delete_url": scenario.pk and reverse("manage:scenario_delete", args=[scenario.slug])},
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def scenario_delete(request, slug):
    scenario = get_object_or_404(Scenario, slug=slug)
    return delete_page(
        request, delete=lambda: services.scenario_delete(scenario=scenario, actor=request.user),
        usage=[], done=reverse("manage:scenario_list"),
        context={"title": _("Delete scenario “%(name)s”") % {"name": scenario.name},
                 "list_label": _("Scenarios"), "list_url": reverse("manage:scenario_list"),
                 "cancel_url": reverse("manage:scenario_edit", args=[slug])},
    )


urlpatterns = [
    path("scenarios/", scenario_list, name="scenario_list"),
    path("scenarios/new/", scenario_create, name="scenario_create"),
    path("scenarios/<slug:slug>/", scenario_edit, name="scenario_edit"),
    path("scenarios/<slug:slug>/delete/", scenario_delete, name="scenario_delete"),
]
