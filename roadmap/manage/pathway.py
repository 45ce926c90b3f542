"""The pathway section of /<lang>/manage/: stages, steps with their options and responsibilities, and the
editable responsibility matrix. Writes go through roadmap.services; pages read through pathway_selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roadmap_site.forms import show_refusal

from .. import services
from ..languages import language_codes
from ..markdown import render_markdown
from ..models import Stage, Step, StepChangeNote
from ..permissions import coordinator_view
from . import pathway_selectors as selectors
from .pathway_forms import InstitutionPicker, MatrixForm, StageForm, StepForms

TEMPLATES = "roadmap/manage/pathway/"


def _saved(request) -> None:
    messages.success(
        request, _("Saved. The change is in the working copy; publish an edition to show it to officers.")
    )


# ── Stages ──────────────────────────────────────────────────────────────────────────────────────────


@coordinator_view
def stage_list(request):
    return render(request, TEMPLATES + "stage_list.html", {"stages": selectors.stages_in_order()})


@coordinator_view
def stage_edit(request, slug=None):
    stage = get_object_or_404(Stage, slug=slug) if slug else Stage()
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_save(
                stage=form.instance, expected_revision=form.expected_revision, actor=request.user
            )
        except (services.StaleEdit, ValidationError) as error:
            show_refusal(form, error)
        else:
            _saved(request)
            return redirect("manage:stage_list")
    return render(request, TEMPLATES + "stage_form.html", {"form": form, "stage": stage})


@require_POST
@coordinator_view
def stage_move(request, slug):
    stage = get_object_or_404(Stage, slug=slug)
    if not services.stage_move(
        stage=stage, direction=-1 if request.POST.get("direction") == "up" else 1, actor=request.user
    ):
        messages.info(request, _("The stage is already at that end."))
    return redirect(reverse("manage:stage_list") + f"#stage-{stage.slug}")


# ── Steps ───────────────────────────────────────────────────────────────────────────────────────────


@coordinator_view
def step_list(request):
    stages = selectors.stages_in_order()
    current = next((s for s in stages if s.slug == request.GET.get("stage")), None)
    return render(
        request,
        TEMPLATES + "step_list.html",
        {"stages": stages, "current": current, "groups": selectors.step_list(current)},
    )


@coordinator_view
def step_edit(request, slug=None):
    step = get_object_or_404(Step.objects.select_related("stage"), slug=slug) if slug else Step()
    forms = StepForms(
        request.POST if request.method == "POST" else None, step=step, stage_slug=request.GET.get("stage", "")
    )
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        preview = {code: render_markdown(request.POST.get(f"body_{code}", "")) for code in language_codes()}
    elif request.method == "POST" and forms.is_valid():
        try:
            step = services.step_save(actor=request.user, **forms.save_arguments())
        except (services.StaleEdit, ValidationError) as error:
            show_refusal(forms.form, error)
        else:
            _saved(request)
            return redirect("manage:step_edit", slug=step.slug)
    return render(
        request,
        TEMPLATES + "step_form.html",
        {**forms.context(), "preview": preview, "change_notes": selectors.step_change_notes(step)},
    )


@require_POST
@coordinator_view
def step_retire(request, slug):
    step = get_object_or_404(Step, slug=slug)
    restore = request.POST.get("action") == "restore"
    try:
        (services.step_restore if restore else services.step_retire)(step=step, actor=request.user)
    except services.PathwayEditRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("The step is back in the working copy; the next edition will show it.")
            if restore
            else _("The step is retired: the next edition will leave it out."),
        )
    return redirect("manage:step_edit", slug=step.slug)


@require_POST
@coordinator_view
def change_note_handle(request, slug, note_id):
    """Mark a change note on the step handled, or (action=reopen) open it again."""
    note = get_object_or_404(StepChangeNote, pk=note_id, step_slug=slug)
    reopen = request.POST.get("action") == "reopen"
    services.change_note_set_handled(note=note, handled=not reopen, actor=request.user)
    messages.success(
        request, _("The change note is open again.") if reopen else _("The change note is marked handled.")
    )
    return redirect(reverse("manage:step_edit", kwargs={"slug": slug}) + "#change-notes")


# ── Responsibility matrix ───────────────────────────────────────────────────────────────────────────


@coordinator_view
def matrix_edit(request):
    stages = selectors.stages_in_order()
    stage = next((s for s in stages if s.slug == request.GET.get("stage")), stages[0] if stages else None)
    if stage is None:
        return render(request, TEMPLATES + "matrix.html", {"stages": stages, "stage": None})
    added = request.GET.getlist("add")
    matrix = selectors.responsibility_matrix(stage, added)
    form = MatrixForm(
        request.POST or None, steps=matrix.steps, institutions=matrix.columns, roles=matrix.roles
    )
    if request.method == "POST" and form.is_valid() and _matrix_saved(request, stage, form):
        return redirect(reverse("manage:matrix_edit") + f"?stage={stage.slug}")
    return render(
        request,
        TEMPLATES + "matrix.html",
        {
            "stages": stages,
            "stage": stage,
            "matrix": matrix,
            "form": form,
            "added": added,
            "picker": InstitutionPicker(addable=matrix.addable),
        },
    )


def _matrix_saved(request, stage: Stage, form: MatrixForm) -> bool:
    """Save a valid matrix form; False, with the reason on the form, when a step went stale."""
    try:
        count = services.matrix_save(
            stage=stage, roles=form.roles(), expected_revisions=form.expected_revisions(), actor=request.user
        )
    except services.StaleEdit as error:
        form.add_error(None, str(error))
        return False
    if count:
        _saved(request)
    else:
        messages.info(request, _("Nothing changed."))
    return True


@require_POST
@coordinator_view
def markdown_preview(request):
    """The sanitised HTML of a Markdown text, for the editors' live preview (manage.js)."""
    return HttpResponse(render_markdown(request.POST.get("text", "")[:50_000]))


urlpatterns = [
    path("stages/", stage_list, name="stage_list"),
    path("stages/new/", stage_edit, name="stage_create"),
    path("stages/<slug:slug>/", stage_edit, name="stage_edit"),
    path("stages/<slug:slug>/move/", stage_move, name="stage_move"),
    path("steps/", step_list, name="step_list"),
    path("steps/new/", step_edit, name="step_create"),
    path("steps/<slug:slug>/", step_edit, name="step_edit"),
    path("steps/<slug:slug>/retire/", step_retire, name="step_retire"),
    path("steps/<slug:slug>/notes/<int:note_id>/", change_note_handle, name="change_note_handle"),
    path("responsibilities/", matrix_edit, name="matrix_edit"),
    path("markdown-preview/", markdown_preview, name="markdown_preview"),
]
