"""Phone first (issue 12): the flowchart as a vertical path with the chosen path highlighted, and the
scenario page's actions near the top. The layout itself is checked in tests/browser/test_phone_first.py."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cases.links import answers_query
from roadmap.paths import resolve_path

pytestmark = pytest.mark.django_db


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def phone_list(html):
    start = html.index('id="flowchart-path"')
    return html[start : html.index("</section>", start)]


def test_the_phone_list_of_a_scenario_is_its_path_with_the_answers_taken(client, demo, demo_bg):
    path = resolve_path(demo_bg, demo_bg.scenario_map["green-border-asylum"].answers)
    html = client.get(url("cases:flowchart"), {"scenario": "green-border-asylum"}).content.decode()
    vertical = phone_list(html)
    items = re.findall(r'<li class="fc-vstep step-\w+( is-on-path)?">\s*<a href="([^"]+)"', vertical)
    assert [href for _on, href in items] == [url("roadmap:step_detail", slug=s.slug) for s in path.steps]
    assert all(on for on, _href in items)  # every step of the list is on the highlighted path
    assert vertical.count('class="fc-taken"') == len(path.answers)
    answer = path.answers[0]
    taken = vertical[vertical.index('class="fc-taken"') :]
    assert taken.index(answer.option.label) < taken.index("fc-not-taken")
    assert 'href="#flowchart-canvas"' in vertical  # the canvas is one tap away
    assert 'id="flowchart-canvas"' in html


def test_guide_answers_that_stop_at_a_question_end_the_list_with_its_open_answers(client, demo, demo_bg):
    answers = list(demo_bg.scenario_map["green-border-asylum"].answers.items())[:2]
    html = client.get(url("cases:flowchart") + "?" + answers_query(answers)).content.decode()
    vertical = phone_list(html)
    path = resolve_path(demo_bg, dict(answers))
    assert path.pending is not None
    assert vertical.count("fc-vstep") == len(path.steps)
    last = vertical[vertical.rindex("fc-vstep") :]
    assert all(option.label in last for option in path.pending.options)


def test_without_a_path_the_phone_list_is_the_whole_pathway_unhighlighted(client, demo, demo_bg):
    vertical = phone_list(client.get(url("cases:flowchart")).content.decode())
    assert vertical.count('class="fc-vstep') == len(demo_bg.step_list)
    assert "is-on-path" not in vertical


def test_the_scenario_page_offers_its_pdf_guide_and_flowchart_before_the_path(client, demo):
    html = client.get(url("cases:scenario_detail", slug="green-border-asylum")).content.decode()
    actions = html.index("scenario-actions")
    assert actions < html.index("pdf-link") < html.index('class="path-steps')
    assert actions < html.index(url("cases:flowchart") + "?scenario=") < html.index('class="path-steps')
