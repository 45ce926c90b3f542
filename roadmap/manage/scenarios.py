"""/<lang>/manage/scenarios/: coordinators edit the scenarios of the working copy. The form previews where
the answers now lead."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..models import Scenario
from ..paths import resolve_path
from ..permissions import coordinator_view
from . import directory_selectors as selectors
from .pages import ItemPages, form_page
from .scenario_forms import ScenarioForm


@coordinator_view
def scenario_list(request):
    preview = services.working_copy_edition(get_language())
    rows = [(scenario, resolve_path(preview, scenario.answers or {})) for scenario in Scenario.objects.all()]
    return render(request, "roadmap/manage/scenarios/scenario_list.html", {"rows": rows})


SCENARIOS = ItemPages(
    "scenario",
    Scenario,
    None,
    _("Scenarios"),
    "manage:scenario_list",
    new_title=_("New scenario"),
    edit_title=_("Edit scenario “%(name)s”"),
    delete_title=_("Delete scenario “%(name)s”"),
    name=lambda s: s.name,
    remove=lambda item, actor: services.scenario_delete(scenario=item, actor=actor),
)


@coordinator_view
@require_http_methods(["GET", "POST"])
def scenario_form(request, slug=None):
    """A scenario's answers, with where they now lead in the working copy."""
    scenario = get_object_or_404(Scenario, slug=slug) if slug else Scenario()
    preview = services.working_copy_edition(get_language())
    data = request.POST if request.method == "POST" else None
    form = ScenarioForm(data, instance=scenario, decisions=selectors.decision_steps(preview))
    return form_page(
        request,
        form,
        save=lambda: services.save_edit(
            instance=form.instance, expected_revision=form.expected_revision, actor=request.user
        ),
        done=reverse("manage:scenario_list"),
        template="roadmap/manage/scenarios/scenario_form.html",
        context={
            **SCENARIOS.edit_context(scenario),
            # Called while rendering, i.e. after validation has put the posted answers on the instance.
            "path": lambda: resolve_path(preview, form.instance.answers or {}),
        },
    )


urlpatterns = [
    path("scenarios/", scenario_list, name="scenario_list"),
    path("scenarios/new/", scenario_form, name="scenario_create"),
    path("scenarios/<slug:slug>/", scenario_form, name="scenario_edit"),
    *SCENARIOS.urls("scenarios", form_pages=False),
]
