"""Coordinators edit scenarios: one answer per decision of the working copy, with a path preview."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmap.models import Scenario
from roadmap.services import StaleEdit, content_import, save_edit
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db

ALL_YES = {f"answer__step-{i}": "yes" for i in (3, 10, 17, 24, 31, 38, 45)}


@pytest.fixture
def scenario(small_roadmap):
    return Scenario.objects.create(slug="all-yes", name_bg="Все „да“", answers={"step-3": "yes"})


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def scenario_data(**values):
    return {"slug": "new-case", "position": "2", "name_bg": "Нов случай", "revision": "", **values}


def test_scenario_form_offers_each_decision_and_not_asked(coordinator_client, scenario):
    form = coordinator_client.get(reverse("manage:scenario_edit", kwargs={"slug": "all-yes"})).context["form"]
    assert [name for name in form.fields if name.startswith("answer__")] == list(ALL_YES)
    assert [key for key, _label in form.fields["answer__step-3"].choices] == ["", "yes", "no"]
    assert form["answer__step-3"].value() == "yes" and form["answer__step-10"].value() == ""


def test_scenario_answers_are_saved_and_the_preview_shows_the_outcome(coordinator_client, scenario):
    url = reverse("manage:scenario_edit", kwargs={"slug": "all-yes"})
    response = coordinator_client.get(url)
    assert response.context["path"]().pending.slug == "step-10"  # stops at the next unanswered question

    data = scenario_data(
        slug="all-yes", name_bg="Все „да“", revision="1", **(ALL_YES | {"answer__step-10": "no"})
    )
    assert coordinator_client.post(url, data).status_code == 302
    scenario.refresh_from_db()
    assert scenario.answers == {f"step-{i}": "yes" for i in (3, 17, 24, 31, 38, 45)} | {"step-10": "no"}
    assert scenario.revision == 2

    response = coordinator_client.get(url)
    path = response.context["path"]()
    assert path.outcome.slug == "step-49"
    assert "step-11" not in path.slugs  # "no" at step 10 jumps to step 12
    assert "Стъпка 49" in response.content.decode()


def test_scenario_list_shows_where_each_one_ends(coordinator_client, scenario):
    Scenario.objects.create(
        slug="complete",
        name_bg="Пълен",
        position=2,
        answers={key.removeprefix("answer__"): value for key, value in ALL_YES.items()},
    )
    rows = coordinator_client.get(reverse("manage:scenario_list")).context["rows"]
    assert [
        (s.slug, path.pending and path.pending.slug, path.outcome and path.outcome.slug) for s, path in rows
    ] == [("all-yes", "step-10", None), ("complete", None, "step-49")]


def test_scenario_create_and_delete(coordinator_client, scenario):
    response = coordinator_client.post(
        reverse("manage:scenario_create"), scenario_data(**{"answer__step-3": "no"})
    )
    assert response.status_code == 302
    assert Scenario.objects.get(slug="new-case").answers == {"step-3": "no"}
    assert (
        coordinator_client.post(reverse("manage:scenario_delete", kwargs={"slug": "new-case"})).status_code
        == 302
    )
    assert not Scenario.objects.filter(slug="new-case").exists()


def test_scenario_errors_are_in_bulgarian_next_to_fields(coordinator_client, scenario):
    response = coordinator_client.post(
        reverse("manage:scenario_create"),
        scenario_data(slug="all-yes", name_bg="", **{"answer__step-3": "maybe"}),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "вече съществува" in form.errors["slug"][0]
    assert form.errors["name_bg"] == ["Това поле е задължително."]
    assert "answer__step-3" in form.errors
    assert 'id="error_1_id_name_bg"' in response.content.decode()
    assert Scenario.objects.count() == 1


def test_stale_scenario_save_is_refused_with_nothing_written(coordinator_client, scenario):
    Scenario.objects.filter(pk=scenario.pk).update(revision=2, name_bg="Чужда промяна")
    url = reverse("manage:scenario_edit", kwargs={"slug": "all-yes"})
    response = coordinator_client.post(
        url, scenario_data(slug="all-yes", name_bg="Моята промяна", revision="1")
    )
    assert response.status_code == 200
    assert 'value="Моята промяна"' in response.content.decode()
    scenario.refresh_from_db()
    assert (scenario.name_bg, scenario.revision, scenario.answers) == ("Чужда промяна", 2, {"step-3": "yes"})

    scenario.name_bg = "Друго"
    with pytest.raises(StaleEdit):
        save_edit(instance=scenario, expected_revision=1, actor=None)


def test_scenario_delete_requires_csrf(scenario, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(reverse("manage:scenario_delete", kwargs={"slug": "all-yes"})).status_code == 403
    assert Scenario.objects.filter(slug="all-yes").exists()


def test_scenario_pages_take_a_fixed_number_of_queries(coordinator_client, scenario):
    urls = [reverse("manage:scenario_list"), reverse("manage:scenario_edit", kwargs={"slug": "all-yes"})]
    coordinator_client.get(urls[0])  # loads the published edition into the process cache

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                coordinator_client.get(url)
            result.append(len(queries))
        return result

    small = counts()
    content_import(document=synthetic_document(steps=200, institutions=100))
    Scenario.objects.create(slug="all-yes", name_bg="Все „да“", answers={"step-3": "yes"})
    assert counts() == small
    assert max(small) <= 25


def test_scenario_form_survives_an_unfinished_working_copy(coordinator_client, scenario):
    from roadmap.models import Step, Transition

    decision = Step.objects.get(slug="step-3")
    Transition.objects.create(source=decision, target=None, position=9, key="later")
    response = coordinator_client.get(reverse("manage:scenario_edit", kwargs={"slug": "all-yes"}))
    assert response.status_code == 200
    assert [key for key, _label in response.context["form"].fields["answer__step-3"].choices] == [
        "",
        "yes",
        "no",
    ]
