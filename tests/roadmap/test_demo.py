"""The demo roadmap in fixtures/demo: valid, big enough, bilingual, loaded once, every reader page renders,
and the edition the tests build from it in memory reads like the published one."""

import dataclasses
import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from roadmap.demo import demo_load
from roadmap.document import step_order
from roadmap.editions import latest_edition
from roadmap.models import Edition
from roadmap.services import pathway_problems

DEMO = settings.BASE_DIR / "fixtures" / "demo"
MINIMUMS = {
    "stages": 8,
    "steps": 45,
    "decisions": 10,
    "institutions": 15,
    "legal_references": 25,
    "glossary": 30,
}


def url(name, lang="bg", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK, path
    return response.content.decode()


def test_demo_content_is_a_publishable_pathway(demo_document):
    assert pathway_problems(demo_document) == []


@pytest.mark.django_db
def test_demo_load_publishes_edition_1_once():
    result = demo_load(folder=DEMO)
    assert result.edition.number == 1
    assert list(Edition.objects.values_list("number", flat=True)) == [1]
    assert result.counts  # what was imported, for the command's message
    assert latest_edition().number == 1
    assert demo_load(folder=DEMO) is None  # a second load does nothing
    assert Edition.objects.count() == 1


# The database keeps offices by region and sub-institutions by slug, the YAML in the order written.
ORDERED_BY_THE_DATABASE = {"offices", "children"}


def plain(value, depth=0):
    """A published object as plain data; below the top, a published object with a slug is named by its slug
    (steps, stages and institutions link to each other in circles)."""
    if dataclasses.is_dataclass(value):
        if depth and hasattr(value, "slug"):
            return f"{type(value).__name__}:{value.slug}"
        fields = {}
        for field in dataclasses.fields(value):
            item = plain(getattr(value, field.name), depth + 1)
            fields[field.name] = sorted(item, key=repr) if field.name in ORDERED_BY_THE_DATABASE else item
        return fields
    if isinstance(value, list | tuple):
        return [plain(item, depth) for item in value]
    if isinstance(value, dict):
        return {key: plain(item, depth) for key, item in value.items()}
    return value


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_the_edition_built_in_memory_reads_like_the_published_demo(demo, demo_edition, lang):
    published, in_memory = demo.localized(lang), demo_edition.localized(lang)
    for name in (
        "note",
        "counts",
        "start",
        "stages",
        "steps",
        "step_list",
        "institutions",
        "institution_list",
        "hotlines",
        "matrix",
        "glossary",
        "legal_acts",
        "legal_references",
        "legal_reference_list",
        "documents",
        "regimes",
        "regime_list",
        "scenarios",
    ):
        assert plain(getattr(in_memory, name)) == plain(getattr(published, name)), name
    for query in ("дете", "ДАБ", "asylum", "Дъблин"):
        # The same matches; which of equally good ones are shown first follows the document's order, which
        # the database changes: search is tested on the published demo.
        assert in_memory.search(query).total == published.search(query).total, query


def test_demo_meets_the_minimums(demo_bg):
    for key, minimum in MINIMUMS.items():
        assert demo_bg.counts[key] >= minimum, f"{key}: {demo_bg.counts[key]} < {minimum}"


def test_every_step_has_a_leading_institution(demo_document):
    steps = step_order(demo_document)
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


def test_every_bulgarian_text_has_an_english_one(demo_document):
    assert _missing_english(step_order(demo_document), ("title", "summary", "body")) == []
    assert _missing_english(demo_document["institutions"], ("name",)) == []
    assert _missing_english(demo_document["glossary"], ("term", "definition")) == []


@pytest.mark.django_db
def test_home_overview_and_every_step_page_render_in_bulgarian(client, demo):
    roadmap = demo.localized("bg")
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


@pytest.mark.django_db
def test_institution_matrix_and_glossary_pages_render(client, demo):
    roadmap = demo.localized("bg")
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


@pytest.mark.django_db
def test_search_finds_steps_and_institutions(client, demo):
    search = url("roadmap:search")
    html = html_of(client, f"{search}?q=дете")
    assert 'id="group-steps"' in html
    step_links = set(re.findall(r'href="/bg/roadmap/([a-z0-9-]+)/"', html))
    assert len(step_links) >= 5
    assert step_links <= set(demo.localized("bg").steps)

    html = html_of(client, f"{search}?q=ДАБ")
    assert 'id="group-institutions"' in html
    assert f'href="{url("roadmap:institution_detail", slug="dab")}"' in html
