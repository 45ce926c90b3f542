"""Editing the pathway: stages, steps with their options, deadlines and duties, and the responsibility matrix.

Positions are unique per scope: rows are renumbered without ever breaking the constraint, and every
move is written to the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from ..models import DeadlineRule, Responsibility, Stage, Step, Transition
from .edits import StaleEdit, lock_revision, record_author, save_edit


class PathwayEditRefused(Exception):
    """A pathway edit that would break the working copy (e.g. retiring a step others still lead to)."""


_PARKING_OFFSET = 1_000_000  # positions are unique: park rows above every real position, then renumber


def _renumber(
    model: type[models.Model], ordered: list, scope: dict, actor: AbstractBaseUser | None = None
) -> None:
    """Give `ordered` (instances of model, all in one scope) the positions 1..n without ever
    violating the unique position constraint; rows whose position changes get a new revision and a
    record in the audit trail (queryset updates send no signals, so the records are written here)."""
    moving = [(obj, number) for number, obj in enumerate(ordered, start=1) if obj.position != number]
    if not moving:
        return
    pks = [obj.pk for obj, _number in moving if obj.pk is not None]
    model.objects.filter(pk__in=pks).update(position=F("position") + _PARKING_OFFSET)
    revisioned = any(f.name == "revision" for f in model._meta.fields)
    for obj, number in moving:
        obj.position = number
        if obj.pk is None:
            continue
        changes = {"position": number}
        if revisioned:
            changes["revision"] = F("revision") + 1
        model.objects.filter(pk=obj.pk, **scope).update(**changes)
    if pks and hasattr(model, "history"):
        model.history.bulk_history_create(
            list(model.objects.filter(pk__in=pks)),
            update=True,
            default_change_reason="renumbered",
            default_user=actor if actor is not None and actor.is_authenticated else None,
        )


@transaction.atomic
def stage_save(*, stage, expected_revision: int | None, actor: AbstractBaseUser | None, reason: str = ""):
    """Create (placed last) or edit a stage."""
    if stage.pk is None:
        stage.position = (Stage.objects.aggregate(last=Max("position"))["last"] or 0) + 1
    return save_edit(instance=stage, expected_revision=expected_revision, actor=actor, reason=reason)


@transaction.atomic
def stage_move(*, stage, direction: int, actor: AbstractBaseUser | None = None) -> bool:
    """Swap a stage with its neighbour above (direction -1) or below (+1); False at either end."""
    stages = list(Stage.objects.select_for_update().order_by("position"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    other_index = index + (1 if direction > 0 else -1)
    if not 0 <= other_index < len(stages):
        return False
    this, other = stages[index], stages[other_index]
    parking = (Stage.objects.aggregate(last=Max("position"))["last"] or 0) + 1
    this_position, other_position = this.position, other.position
    this.position = parking
    this.save(update_fields=["position"])
    for obj, position in ((other, this_position), (this, other_position)):
        obj.position = position
        obj.revision += 1
        record_author(obj, actor, "reorder stages")
        obj.save(update_fields=["position", "revision"])
    return True


def _place_step(
    step, stage, wanted: int | None, old_stage_id: int | None, actor: AbstractBaseUser | None = None
) -> None:
    """Put an (already saved) step at `wanted` (1-based; None or beyond the end = last) in its stage and
    close the gap it left in its previous stage."""
    others = [
        s
        for s in Step.objects.select_for_update().filter(stage=stage).exclude(pk=step.pk).order_by("position")
    ]
    index = len(others) if not wanted or wanted > len(others) else wanted - 1
    _renumber(Step, others[:index] + [step] + others[index:], {"stage": stage}, actor)
    if old_stage_id is not None and old_stage_id != stage.pk:
        left = list(Step.objects.select_for_update().filter(stage_id=old_stage_id).order_by("position"))
        _renumber(Step, left, {"stage_id": old_stage_id}, actor)


@transaction.atomic
def step_save(
    *,
    step,
    expected_revision: int | None,
    actor: AbstractBaseUser | None,
    position: int | None = None,
    legal_references=None,
    documents=None,
    options=None,
    removed_options=(),
    responsibilities=None,
    removed_responsibilities=(),
    deadlines=None,
    removed_deadlines=(),
    reason: str = "",
):
    """Create or edit a step with its options (Transition) and responsibilities in one transaction.

    `position` is the wanted place in the step's stage (None: keep it, or last for a new step / a step
    moved to another stage); the other steps are renumbered. `options` and `responsibilities` (when
    given) are the step's rows in their new order, new ones unsaved; the `removed_*` rows are deleted; so are
    `deadlines` (its deadline rules).
    The step's revision moves on with every save, also when only its options or duties changed.
    """
    lock_revision(step, expected_revision)
    old_stage_id = None
    if step.pk is not None:
        old_stage_id, old_position = Step.objects.filter(pk=step.pk).values_list("stage_id", "position").get()
        if position is None and old_stage_id == step.stage_id:
            position = old_position
        step.position = old_position  # the place is settled by _place_step
    else:
        step.position = (
            Step.objects.filter(stage=step.stage).aggregate(last=Max("position"))["last"] or 0
        ) + 1
        step.position += _PARKING_OFFSET
    step.full_clean(exclude=["position"])
    record_author(step, actor, reason)
    if old_stage_id is not None and old_stage_id != step.stage_id:
        step.position = (
            Step.objects.filter(stage=step.stage).aggregate(last=Max("position"))["last"] or 0
        ) + 1
        step.position += _PARKING_OFFSET
    step.save()
    _place_step(step, step.stage, position, old_stage_id, actor)
    step.refresh_from_db(fields=["position", "revision"])
    if legal_references is not None:
        step.legal_references.set(legal_references)
    if documents is not None:
        step.documents.set(documents)
    if options is not None:
        _save_rows(step, options, removed_options, "source")
    if responsibilities is not None:
        _save_responsibilities(step, responsibilities, removed_responsibilities, actor)
    if deadlines is not None:
        _save_deadlines(step, deadlines, removed_deadlines, actor)
    return step


def _save_deadlines(step, rows, removed, actor) -> None:
    for row in removed:
        if row.pk is not None:
            record_author(row, actor)
            row.delete()
    kept = [row.pk for row in rows if row.pk is not None]
    DeadlineRule.objects.filter(pk__in=kept).update(position=models.F("position") + _PARKING_OFFSET)
    for number, row in enumerate(rows, start=1):
        row.step = step
        row.position = number
        row.full_clean(exclude=["step", "position"], validate_constraints=False)
        record_author(row, actor)
        row.save()


def _save_rows(step, rows, removed, fk: str) -> None:
    for row in removed:
        if row.pk is not None:
            row.delete()
    kept = [row.pk for row in rows if row.pk is not None]
    Transition.objects.filter(pk__in=kept).update(position=models.F("position") + _PARKING_OFFSET)
    for number, row in enumerate(rows, start=1):
        setattr(row, fk, step)
        row.position = number
        row.full_clean(exclude=[fk, "position"], validate_constraints=False)
        row.save()


def _save_responsibilities(step, rows, removed, actor) -> None:
    gone = [row for row in removed if row.pk is not None]
    # An institution may appear once per step: rows that changed institution are written after the
    # deletions so that swapping or moving a role between two rows never collides.
    for row in gone:
        record_author(row, actor)
        row.delete()
    kept = [row.pk for row in rows if row.pk is not None]
    original = dict(Responsibility.objects.filter(pk__in=kept).values_list("pk", "institution_id"))
    moved = [row for row in rows if row.pk is not None and original.get(row.pk) != row.institution_id]
    for row in moved:
        Responsibility.objects.filter(pk=row.pk).delete()
        row.pk = None
        row._state.adding = True
    for number, row in enumerate(rows, start=1):
        row.step = step
        row.position = number
        record_author(row, actor)
        row.save()


@transaction.atomic
def step_retire(*, step, actor: AbstractBaseUser | None, expected_revision: int | None = None):
    """Leave a step out of new editions (it stays in the working copy). Refused for the start step and
    while other (not retired) steps still lead to it."""
    lock_revision(step, expected_revision)
    if step.is_start:
        raise PathwayEditRefused(
            _("“%(title)s” is the start of the pathway and cannot be retired.") % {"title": step.title}
        )
    sources = list(
        Transition.objects.filter(target=step, source__retired=False)
        .exclude(source=step)
        .select_related("source")
        .order_by("source__stage__position", "source__position")
        .values_list("source__title", flat=True)
        .distinct()
    )
    if sources:
        raise PathwayEditRefused(
            _(
                "“%(title)s” cannot be retired while these steps lead to it: %(sources)s. "
                "Point their options elsewhere first."
            )
            % {"title": step.title, "sources": ", ".join(f"“{s}”" for s in sources)}
        )
    step.retired = True
    record_author(step, actor, "retire")
    step.save(update_fields=["retired", "revision"])
    return step


@transaction.atomic
def step_restore(*, step, actor: AbstractBaseUser | None, expected_revision: int | None = None):
    """Bring a retired step back into new editions."""
    lock_revision(step, expected_revision)
    step.retired = False
    record_author(step, actor, "restore")
    step.save(update_fields=["retired", "revision"])
    return step


@transaction.atomic
def matrix_save(
    *,
    stage,
    roles: dict[tuple[int, int], str],
    expected_revisions: dict[int, int | None],
    actor: AbstractBaseUser | None,
) -> int:
    """Set the roles of one stage's steps × institutions: `roles[(step_pk, institution_pk)]` is a role or ""
    (no role: the responsibility is deleted). New cells get an empty duty. Refused whole (StaleEdit) when
    any changed step was saved by someone else meanwhile. Returns the number of cells changed."""
    existing = {
        (r.step_id, r.institution_id): r
        for r in Responsibility.objects.filter(step__stage=stage).select_for_update()
    }
    changed_cells = {
        cell: role
        for cell, role in roles.items()
        if role != (existing[cell].role if cell in existing else "")
    }
    if not changed_cells:
        return 0
    step_pks = {step_pk for step_pk, _inst in changed_cells}
    steps = {s.pk: s for s in Step.objects.select_for_update().filter(pk__in=step_pks, stage=stage)}
    for pk in step_pks:
        if pk not in steps:
            raise StaleEdit(
                _(
                    "Someone else moved or deleted a step of this stage after you opened it. "
                    "Nothing was saved."
                )
            )
        expected = expected_revisions.get(pk)
        if expected is not None and steps[pk].revision != expected:
            raise StaleEdit
    last = dict(
        Responsibility.objects.filter(step_id__in=step_pks)
        .values("step_id")
        .annotate(last=Max("position"))
        .values_list("step_id", "last")
    )
    # Deletions first: moving "leads" from one institution to another never meets a stale row.
    for cell, role in changed_cells.items():
        if not role:
            record_author(existing[cell], actor, "responsibility matrix")
            existing[cell].delete()
    for (step_pk, institution_pk), role in changed_cells.items():
        if not role:
            continue
        row = existing.get((step_pk, institution_pk))
        if row is None:
            last[step_pk] = (last.get(step_pk) or 0) + 1
            row = Responsibility(
                step_id=step_pk,
                institution_id=institution_pk,
                position=last[step_pk],
                **{f"duty_{code}": "" for code, _name in settings.LANGUAGES},
            )
        row.role = role
        record_author(row, actor, "responsibility matrix")
        row.save()
    for step in steps.values():
        step.revision += 1
        record_author(step, actor, "responsibility matrix")
        step.save(update_fields=["revision"])
    return len(changed_cells)
