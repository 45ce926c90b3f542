"""A database made before deadline rules and sources existed migrates without losing a deadline or a note."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("roadmap", "0006_https_url_fields")]
AFTER = [("roadmap", "0007_sources_regimes_deadline_rules")]


@pytest.mark.django_db(transaction=True)
def test_each_steps_deadline_becomes_its_first_rule_and_the_edition_note_its_bulgarian_note():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    stage = old.get_model("roadmap", "Stage").objects.create(
        slug="s", position=1, title="Етап", title_bg="Етап"
    )
    Step = old.get_model("roadmap", "Step")
    Step.objects.create(
        stage=stage,
        slug="timed",
        position=1,
        title_bg="С срок",
        deadline_unit="working_days",
        deadline_amount=6,
        deadline_event_bg="от молбата",
        deadline_event_en="from the application",
        deadline_note_bg="Бележка",
        deadline_note_en="A note",
    )
    Step.objects.create(stage=stage, slug="now", position=2, title_bg="Веднага", deadline_unit="immediately")
    Step.objects.create(stage=stage, slug="none", position=3, title_bg="Без срок")
    old.get_model("roadmap", "Edition").objects.create(
        number=1,
        published_at=datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
        note="Първо издание",
        content={},
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rules = {r.step.slug: r for r in new.get_model("roadmap", "DeadlineRule").objects.select_related("step")}
    assert set(rules) == {"timed", "now"}
    timed = rules["timed"]
    assert (timed.unit, timed.amount, timed.start, timed.position) == ("working_days", 6, "other", 1)
    assert (timed.event_bg, timed.event_en, timed.note_bg, timed.note_en) == (
        "от молбата",
        "from the application",
        "Бележка",
        "A note",
    )
    assert (rules["now"].unit, rules["now"].amount) == ("immediately", None)
    assert new.get_model("roadmap", "Edition").objects.get(number=1).note_bg == "Първо издание"

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


SCENARIOS_IN_CASES = [
    ("cases", "0003_roles_for_scenarios_and_history"),
    ("roadmap", "0007_sources_regimes_deadline_rules"),
]


@pytest.mark.django_db(transaction=True)
def test_scenarios_move_to_the_roadmap_app_with_their_rows_history_and_permissions():
    executor = MigrationExecutor(connection)
    executor.migrate(SCENARIOS_IN_CASES)
    old = executor.loader.project_state(SCENARIOS_IN_CASES).apps
    old.get_model("cases", "Scenario").objects.create(
        slug="border",
        position=1,
        name_bg="На границата",
        name_en="At the border",
        answers={"d-age": "under-14"},
    )
    old.get_model("cases", "HistoricalScenario").objects.create(
        id=1,
        slug="border",
        position=1,
        name_bg="На границата",
        answers={},
        revision=1,
        history_date=datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
        history_type="+",
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    scenario_type, _ = ContentType.objects.get_or_create(app_label="cases", model="scenario")
    Permission = old.get_model("auth", "Permission")
    change, _ = Permission.objects.get_or_create(
        content_type=scenario_type, codename="change_scenario", defaults={"name": "Can change scenario"}
    )
    old.get_model("auth", "Group").objects.get_or_create(name="coordinator")[0].permissions.add(change)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps

    scenario = new.get_model("roadmap", "Scenario").objects.get(slug="border")
    assert (scenario.name_bg, scenario.name_en, scenario.answers) == (
        "На границата",
        "At the border",
        {"d-age": "under-14"},
    )
    assert new.get_model("roadmap", "HistoricalScenario").objects.filter(slug="border").count() == 1
    moved = new.get_model("contenttypes", "ContentType").objects.get(pk=scenario_type.pk)
    assert moved.app_label == "roadmap"
    group = new.get_model("auth", "Group").objects.get(name="coordinator")
    assert group.permissions.filter(content_type__app_label="roadmap", codename="change_scenario").exists()
