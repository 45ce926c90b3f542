"""The demo roadmap in fixtures/demo: valid, big enough, bilingual, loaded once, and every reader page renders."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from roadmap.demo import demo_load
from roadmap.document import read_folder, step_order
from roadmap.editions import latest_edition
from roadmap.models import Edition
from roadmap.services import pathway_problems

pytestmark = pytest.mark.django_db

DEMO = settings.BASE_DIR / "fixtures" / "demo"
MINIMUMS = {"stages": 8, "steps": 45, "decisions": 10, "institutions": 15, "legal_references": 25, "glossary": 30}


@pytest.fixture
def demo():
    result = demo_load(folder=DEMO)
    assert result is not None
    return result


@pytest.fixture
def content(demo):
    return demo.edition.content


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK, path
    return response.content.decode()


def test_demo_content_is_a_publishable_pathway():
    assert pathway_problems(read_folder(DEMO)) == []


def test_demo_load_publishes_edition_1(demo):
    assert demo.edition.number == 1
    assert list(Edition.objects.values_list("number", flat=True)) == [1]
    assert demo.counts  # what was imported, for the command's message
    assert latest_edition().number == 1


def test_demo_meets_the_minimums(demo):
    counts = latest_edition().localized("bg").counts
    for key, minimum in MINIMUMS.items():
        assert counts[key] >= minimum, f"{key}: {counts[key]} < {minimum}"


def test_every_step_has_a_leading_institution(content):
    steps = step_order(content)
    assert steps
    for step in steps:
        assert any(r["role"] == "leads" for r in step.get("responsibilities") or []), step["slug"]


def _missing_english(items, fields):
    missing = []
    for item in items:
        for field in fields:
            value = item.get(field)
            if isinstance(value, str):
                value = {"bg": value}
            if value and (value.get("bg") or "").strip() and not (value.get("en") or "").strip():
                missing.append(f"{item['slug']}.{field}")
    return missing


def test_every_bulgarian_text_has_an_english_one(content):
    assert _missing_english(step_order(content), ("title", "summary", "body")) == []
    assert _missing_english(content["institutions"], ("name",)) == []
    assert _missing_english(content["glossary"], ("term", "definition")) == []


def test_a_second_demo_load_does_nothing(demo):
    assert demo_load(folder=DEMO) is None
    assert Edition.objects.count() == 1


def test_home_overview_and_every_step_page_render_in_bulgarian(client, demo):
    roadmap = latest_edition().localized("bg")
    home = html_of(client, url("roadmap:home"))
    assert '<html lang="bg">' in home
    for stage in roadmap.stages:
        assert escape(stage.title) in home
    overview = html_of(client, url("roadmap:overview"))
    for step in roadmap.step_list:
        assert url("roadmap:step_detail", slug=step.slug) in overview
    for step in roadmap.step_list:
        html = html_of(client, url("roadmap:step_detail", slug=step.slug))
        assert escape(step.title) in html, step.slug
        assert escape(step.leads[0].institution.name) in html, step.slug


def test_institution_matrix_and_glossary_pages_render(client, demo):
    roadmap = latest_edition().localized("bg")
    dab = roadmap.institutions["dab"]
    html = html_of(client, url("roadmap:institution_detail", slug="dab"))
    assert escape(dab.name) in html
    assert dab.duties
    for duty in dab.duties:
        assert url("roadmap:step_detail", slug=duty.step.slug) in html

    matrix = html_of(client, url("roadmap:responsibility_matrix"))
    for column in roadmap.matrix["columns"]:
        assert url("roadmap:institution_detail", slug=column.slug) in matrix
    for step in roadmap.step_list:
        assert url("roadmap:step_detail", slug=step.slug) in matrix

    glossary = html_of(client, url("roadmap:glossary"))
    for term in roadmap.glossary:
        assert f'id="{term.slug}"' in glossary
        assert escape(term.term) in glossary


def test_search_finds_steps_and_institutions(client, demo):
    search = url("roadmap:search")
    html = html_of(client, f"{search}?q=дете")
    assert 'id="group-steps"' in html
    step_links = set(re.findall(r'href="/bg/roadmap/([a-z0-9-]+)/"', html))
    assert len(step_links) >= 5
    assert step_links <= set(latest_edition().localized("bg").steps)

    html = html_of(client, f"{search}?q=ДАБ")
    assert 'id="group-institutions"' in html
    assert f'href="{url("roadmap:institution_detail", slug="dab")}"' in html
