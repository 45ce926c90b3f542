"""Reads that shape the pathway section's pages, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..models import Institution, Responsibility, Stage, Step, StepChangeNote


def stages_in_order() -> list[Stage]:
    return list(Stage.objects.order_by("position"))


def step_list(stage: Stage | None) -> list[tuple[Stage, list[Step]]]:
    """Steps grouped by stage (one stage when filtered), each with `.leads`: its leading institutions."""
    steps = (
        Step.objects.select_related("stage")
        .order_by("stage__position", "position")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                to_attr="leads",
                queryset=Responsibility.objects.filter(role=Responsibility.Role.LEADS).select_related(
                    "institution"
                ),
            )
        )
    )
    if stage is not None:
        steps = steps.filter(stage=stage)
    groups: dict[int, tuple[Stage, list[Step]]] = {}
    for step in steps:
        groups.setdefault(step.stage_id, (step.stage, []))[1].append(step)
    return list(groups.values())


@dataclass
class Matrix:
    stage: Stage
    steps: list[Step]
    columns: list[Institution]
    roles: dict[tuple[int, int], str]
    addable: list[Institution] = field(default_factory=list)


def responsibility_matrix(stage: Stage, added: list[str]) -> Matrix:
    """Rows: the stage's steps; columns: institutions with a duty in the stage, plus the added ones."""
    steps = list(Step.objects.filter(stage=stage).order_by("position"))
    roles = {
        (step_id, institution_id): role
        for step_id, institution_id, role in Responsibility.objects.filter(step__stage=stage).values_list(
            "step_id", "institution_id", "role"
        )
    }
    institutions = list(Institution.objects.order_by("slug"))
    used = {institution_id for _step, institution_id in roles}
    columns = [i for i in institutions if i.pk in used or i.slug in added]
    addable = [i for i in institutions if i not in columns]
    return Matrix(stage=stage, steps=steps, columns=columns, roles=roles, addable=addable)


def step_change_notes(step: Step) -> list[StepChangeNote]:
    """The change notes raised on a step (e.g. by a meeting's proposal), the open ones first (1 query)."""
    if not step.pk:
        return []
    return sorted(
        StepChangeNote.objects.filter(step_slug=step.slug).select_related("handled_by"),
        key=lambda note: (note.status != StepChangeNote.Status.OPEN, -note.created_at.timestamp(), note.pk),
    )
