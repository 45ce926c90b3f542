"""The pathway edits of roadmap.services: stages, steps, options, responsibilities, retiring."""

import pytest

from roadmap import services
from roadmap.models import Responsibility, Stage, Step, Transition
from roadmap.services import content_export, edition_publish
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(publish):
    return publish(synthetic_document(steps=20, institutions=6, stages=4))


def positions(stage):
    return list(stage.steps.order_by("position").values_list("slug", "position"))


def test_stage_create_goes_last_and_edit_bumps_revision(roadmap, coordinator):
    stage = services.stage_save(
        stage=Stage(slug="new", title_bg="Нов етап"), expected_revision=None, actor=coordinator
    )
    assert stage.position == Stage.objects.count()
    stage.title_bg = "Преименуван"
    services.stage_save(stage=stage, expected_revision=1, actor=coordinator)
    assert Stage.objects.get(slug="new").revision == 2


def test_stage_move_swaps_neighbours(roadmap, coordinator):
    first, second = Stage.objects.order_by("position")[:2]
    assert services.stage_move(stage=second, direction=-1, actor=coordinator)
    assert list(Stage.objects.order_by("position").values_list("slug", flat=True)[:2]) == [
        second.slug,
        first.slug,
    ]
    assert not services.stage_move(stage=Stage.objects.get(slug=second.slug), direction=-1, actor=coordinator)


def test_step_create_and_edit(roadmap, coordinator):
    stage = Stage.objects.get(slug="stage-1")
    step = services.step_save(
        step=Step(stage=stage, slug="new-step", kind="outcome", title_bg="Край"),
        expected_revision=None,
        actor=coordinator,
        position=2,
    )
    assert positions(stage)[1] == ("new-step", 2)
    assert [p for _s, p in positions(stage)] == list(range(1, stage.steps.count() + 1))
    step.title_bg = "Нов край"
    services.step_save(step=step, expected_revision=step.revision, actor=coordinator)
    assert Step.objects.get(slug="new-step").title_bg == "Нов край"


def test_step_moves_between_stages_and_both_are_renumbered(roadmap, coordinator):
    step = Step.objects.get(slug="step-1")
    old_stage, target = step.stage, Stage.objects.get(slug="stage-2")
    step.stage = target
    services.step_save(step=step, expected_revision=step.revision, actor=coordinator, position=1)
    assert positions(target)[0] == ("step-1", 1)
    for stage in (old_stage, target):
        assert [p for _s, p in positions(stage)] == list(range(1, stage.steps.count() + 1))
    assert "step-1" not in dict(positions(old_stage))


def test_step_reordered_within_its_stage(roadmap, coordinator):
    step = Step.objects.get(slug="step-0")
    services.step_save(step=step, expected_revision=step.revision, actor=coordinator, position=3)
    assert [slug for slug, _p in positions(step.stage)][:3] == ["step-1", "step-2", "step-0"]


def test_renumbered_neighbours_are_in_the_audit_trail_with_their_new_position(roadmap, coordinator):
    step = Step.objects.get(slug="step-0")
    neighbour = Step.objects.get(slug="step-1")
    before = neighbour.history.count()
    services.step_save(step=step, expected_revision=step.revision, actor=coordinator, position=3)
    neighbour.refresh_from_db()
    record = neighbour.history.first()
    assert neighbour.history.count() == before + 1
    assert (record.position, record.history_type, record.history_user) == (
        neighbour.position,
        "~",
        coordinator,
    )
    assert record.history_change_reason == "renumbered"


def test_stale_step_save_writes_nothing(roadmap, coordinator):
    step = Step.objects.get(slug="step-2")
    step.title_bg = "Чужда промяна"
    option = Transition(target=Step.objects.get(slug="step-9"))
    with pytest.raises(services.StaleEdit):
        services.step_save(
            step=step,
            expected_revision=step.revision - 1 or 99,
            actor=coordinator,
            options=[option],
            removed_options=list(step.transitions.all()),
        )
    fresh = Step.objects.get(slug="step-2")
    assert fresh.title_bg != "Чужда промяна"
    assert list(fresh.transitions.values_list("target__slug", flat=True)) == ["step-3"]


def test_options_add_reorder_retarget(roadmap, coordinator):
    decision = Step.objects.get(slug="step-3")
    yes, no = decision.transitions.order_by("position")
    no.target = Step.objects.get(slug="step-10")
    maybe = Transition(label_bg="Може би", key="maybe", target=Step.objects.get(slug="step-11"))
    services.step_save(
        step=decision,
        expected_revision=decision.revision,
        actor=coordinator,
        options=[no, maybe, yes],
        removed_options=[],
    )
    rows = list(decision.transitions.order_by("position").values_list("key", "position", "target__slug"))
    assert rows == [("no", 1, "step-10"), ("maybe", 2, "step-11"), ("yes", 3, "step-4")]
    assert Step.objects.get(pk=decision.pk).revision > 1  # options alone move the step's revision on


def test_retire_refused_while_steps_lead_to_it_and_for_the_start(roadmap, coordinator):
    with pytest.raises(services.PathwayEditRefused, match="Стъпка 4"):
        services.step_retire(step=Step.objects.get(slug="step-5"), actor=coordinator)
    with pytest.raises(services.PathwayEditRefused):
        services.step_retire(step=Step.objects.get(slug="step-0"), actor=coordinator)
    assert not Step.objects.filter(retired=True).exists()


def test_retired_step_is_left_out_of_the_export(roadmap, coordinator):
    step = Step.objects.get(slug="step-5")
    Transition.objects.filter(target=step).update(target=Step.objects.get(slug="step-6"))
    services.step_retire(step=step, actor=coordinator)
    document = content_export()
    slugs = [s["slug"] for stage in document["stages"] for s in stage["steps"]]
    assert "step-5" not in slugs and "step-4" in slugs
    assert Step.objects.get(slug="step-5").retired  # still in the working copy
    edition = edition_publish(actor=coordinator)
    assert "step-5" not in str(edition.content)
    services.step_restore(step=Step.objects.get(slug="step-5"), actor=coordinator)
    assert "step-5" in [s["slug"] for stage in content_export()["stages"] for s in stage["steps"]]


def test_matrix_moves_leads_from_one_institution_to_another(roadmap, coordinator):
    step = Step.objects.get(slug="step-1")
    leads = step.responsibilities.get(role="leads")
    other = (
        Responsibility.objects.exclude(step=step)
        .exclude(institution__in=step.responsibilities.values("institution"))
        .first()
        .institution
    )
    saved = services.matrix_save(
        stage=step.stage,
        actor=coordinator,
        expected_revisions={step.pk: step.revision},
        roles={(step.pk, leads.institution_id): "", (step.pk, other.pk): "leads"},
    )
    assert saved == 2
    assert list(step.responsibilities.filter(role="leads").values_list("institution", flat=True)) == [
        other.pk
    ]
    new = step.responsibilities.get(institution=other)
    assert new.duty_bg == ""
    assert Step.objects.get(pk=step.pk).revision == step.revision + 1


def test_matrix_refuses_stale_revision(roadmap, coordinator):
    step = Step.objects.get(slug="step-1")
    leads = step.responsibilities.get(role="leads")
    with pytest.raises(services.StaleEdit):
        services.matrix_save(
            stage=step.stage,
            actor=coordinator,
            expected_revisions={step.pk: step.revision + 5},
            roles={(step.pk, leads.institution_id): "informed"},
        )
    assert Responsibility.objects.get(pk=leads.pk).role == "leads"


def test_step_duties_swap_institutions(roadmap, coordinator):
    step = Step.objects.get(slug="step-1")
    first, second = step.responsibilities.order_by("position")[:2]
    first.institution_id, second.institution_id = second.institution_id, first.institution_id
    services.step_save(
        step=step,
        expected_revision=step.revision,
        actor=coordinator,
        responsibilities=[first, second],
        removed_responsibilities=[],
    )
    rows = list(step.responsibilities.order_by("position").values_list("institution_id", "role")[:2])
    assert rows == [(first.institution_id, first.role), (second.institution_id, second.role)]
