from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from cases.links import answers_query
from roadmap.paths import resolve_path

pytestmark = pytest.mark.django_db


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_scenario_list_shows_all_eight_scenarios(client, demo, lang):
    html = client.get(url("cases:scenario_list", lang)).content.decode()
    local = demo.localized(lang)
    for scenario in local.scenarios:
        assert scenario.name in html
        assert url("cases:scenario_detail", lang, slug=scenario.slug) in html


def test_scenario_page_lists_the_path_with_due_dates(client, demo, demo_bg):
    page = url("cases:scenario_detail", slug="green-border-asylum")
    response = client.get(page, {"t": "2026-03-02T09:00"})
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.count('class="path-step step-') == 34
    assert "Интеграция" in html or demo_bg.steps["integration-in-bulgaria"].title in html
    # Only "immediately" runs from the identification: urgent since then, never "overdue".
    assert "is-overdue" not in html
    # The application made and registered in early March 2026: its deadlines have passed.
    html = client.get(
        page, {"t": "2026-03-02T09:00", "applied": "2026-03-02T10:00", "registered": "2026-03-03T10:00"}
    ).content.decode()
    assert "is-overdue" in html
    assert url("cases:guide") + "?a=" in html


def test_unknown_scenario_is_a_404(client, demo):
    assert (
        client.get(url("cases:scenario_detail", slug="no-such-scenario")).status_code == HTTPStatus.NOT_FOUND
    )


def test_guide_asks_one_question_at_a_time_and_links_each_answer(client, demo, demo_bg):
    html = client.get(url("cases:guide")).content.decode()
    first = demo_bg.steps["d-emergency"]
    assert first.question in html
    for option in first.options:
        assert f"?a=d-emergency%3A{option.key}" in html


def test_guide_end_shows_the_path_handover_and_permalink(client, demo, demo_bg):
    answers = demo_bg.scenario_map["ukraine-with-neighbour"].answers
    query = answers_query(list(answers.items()))
    html = client.get(url("cases:guide") + "?" + query).content.decode()
    assert demo_bg.steps["ua-under-temporary-protection"].title in html
    assert url("cases:guide_handover") + "?" in html
    assert 'id="permalink"' in html
    handover = client.get(url("cases:guide_handover") + "?" + query).content.decode()
    steps = resolve_path(demo_bg, answers).steps
    # a tick box for every step to do; the questions are listed with their answers, not ticked
    assert handover.count("☐") == len([s for s in steps if s.kind != "decision"]) == 13
    assert "blank-line" in handover


@pytest.mark.parametrize("query", ["a=bad", "t=2026-13-45", "a=d-emergency:nope", "a=x:y" + "&a=x:y" * 2000])
def test_guide_never_fails_on_bad_input(client, demo, query):
    response = client.get(url("cases:guide") + "?" + query)
    assert response.status_code == HTTPStatus.OK
    assert 'class="alert alert-warning"' in response.content.decode()


def test_guide_and_scenario_pages_have_a_constant_query_count(
    client, demo, demo_bg, django_assert_max_num_queries
):
    answers = answers_query(
        list(demo_bg.scenario_map["green-border-asylum"].answers.items()), t="2026-11-20T10:00"
    )
    pages = [
        url("cases:guide"),
        url("cases:guide") + "?" + answers,
        url("cases:guide_handover") + "?" + answers,
        url("cases:scenario_list"),
        url("cases:scenario_detail", slug="green-border-asylum"),
    ]
    client.get(pages[0])
    for page in pages:
        with django_assert_max_num_queries(1):
            assert client.get(page).status_code == HTTPStatus.OK
