"""The flowchart page: a clickable Graphviz SVG of the whole pathway, a highlighted path, a text version."""

import re
import shutil
import subprocess
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from cases import flowchart
from cases.links import answers_query
from roadmap.editions import latest_edition
from roadmap.paths import resolve_path
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz `dot` is not installed (script/setup installs the Debian package graphviz)",
)

NODE = re.compile(r'<g id="step-([^"]+)" class="node ?([^"]*)">')


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def url(lang="bg"):
    with translation.override(lang):
        return reverse("cases:flowchart")


def step_url(slug, lang="bg"):
    with translation.override(lang):
        return reverse("roadmap:step_detail", kwargs={"slug": slug})


def svg_of(html):
    match = re.search(r"<svg\b.*?</svg>", html, flags=re.S)
    return match.group(0) if match else None


def node_classes(svg):
    return {slug: classes for slug, classes in NODE.findall(svg)}


@pytest.fixture
def dot_calls(monkeypatch):
    """Counts the runs of `dot` (the expensive part) while still running it."""
    calls = []
    real = flowchart._run_dot

    def counting(source):
        calls.append(source)
        return real(source)

    monkeypatch.setattr(flowchart, "_run_dot", counting)
    return calls


@needs_dot
@pytest.mark.parametrize("lang", ["bg", "en"])
def test_the_svg_links_every_step_of_the_edition(client, demo, lang):
    response = client.get(url(lang))
    assert response.status_code == HTTPStatus.OK
    svg = svg_of(response.content.decode())
    assert svg is not None
    local = demo.localized(lang)
    hrefs = set(re.findall(r'xlink:href="([^"]+)"', svg))
    assert hrefs == {step_url(slug, lang) for slug in local.steps}
    assert set(node_classes(svg)) == set(local.steps)
    assert len(local.steps) >= 45


@needs_dot
def test_the_svg_is_ready_to_inline(client, demo):
    html = client.get(url()).content.decode()
    svg = svg_of(html)
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    root = re.match(r"<svg\b[^>]*>", svg).group(0)
    assert "viewBox=" in root
    assert not re.search(r'\s(width|height)="', root)  # CSS scales it
    assert 'aria-labelledby="flowchart-svg-title"' in root
    assert '<title id="flowchart-svg-title">' in svg
    assert 'font-family="Noto Sans' in svg
    assert "<title>secure-the-child</title>" not in svg  # node titles are step titles, not slugs
    # one cluster per stage, labelled "N. title"
    local = demo.localized("bg")
    for stage in local.stages:
        assert f'<g id="stage-{stage.slug}" class="cluster">' in svg
    assert f"{local.stages[0].position}. {local.stages[0].title}" in svg


@needs_dot
def test_a_scenario_highlights_exactly_its_path(client, demo):
    local = demo.localized("bg")
    path = resolve_path(local, local.scenario_map["green-border-asylum"].answers)
    html = client.get(url(), {"scenario": "green-border-asylum"}).content.decode()
    classes = node_classes(svg_of(html))
    on_path = {slug for slug, value in classes.items() if "on-path" in value.split()}
    off_path = {slug for slug, value in classes.items() if "off-path" in value.split()}
    assert on_path == set(path.slugs)
    assert off_path == set(local.steps) - set(path.slugs)  # faded, not hidden
    svg = svg_of(html)
    assert svg.count('class="edge on-path"') == len(path.taken_edges())
    assert 'stroke="#0b5394" stroke-width="2.5"' in svg
    # the text version marks the same steps, and links to the guide with the scenario's answers
    assert html.count("fc-step step-") == len(local.steps)
    assert len(re.findall(r'class="fc-step step-\w+ is-on-path"', html)) == len(path.steps)
    assert reverse("cases:guide") + "?a=" in html


@needs_dot
def test_guide_answers_highlight_the_guide_path_and_link_back(client, demo):
    local = demo.localized("bg")
    answers = local.scenario_map["ukraine-with-neighbour"].answers
    query = answers_query(list(answers.items()), t="2026-03-02T09:00")
    html = client.get(url() + "?" + query).content.decode()
    classes = node_classes(svg_of(html))
    on_path = {slug for slug, value in classes.items() if "on-path" in value.split()}
    assert on_path == set(resolve_path(local, answers).slugs)
    assert f'href="{reverse("cases:guide")}?' in html and "t=2026-03-02T09%3A00" in html


@needs_dot
def test_the_whole_chart_has_no_highlight(client, demo):
    classes = node_classes(svg_of(client.get(url()).content.decode()))
    assert not any("on-path" in value or "off-path" in value for value in classes.values())


@needs_dot
@pytest.mark.parametrize("steps", [50, 300])
def test_the_page_costs_a_constant_number_of_queries(client, publish, steps, django_assert_max_num_queries):
    publish(synthetic_document(steps=steps, institutions=20))
    answers = "a=step-3:no&a=step-10:yes"
    assert client.get(url()).status_code == HTTPStatus.OK
    for page in (url(), url() + "?" + answers):
        with django_assert_max_num_queries(1):
            response = client.get(page)
        assert response.status_code == HTTPStatus.OK
        assert svg_of(response.content.decode()) is not None


@needs_dot
def test_a_repeat_view_is_served_from_the_cache_without_running_dot(client, demo, dot_calls):
    for _repeat in range(3):
        assert client.get(url()).status_code == HTTPStatus.OK
    assert len(dot_calls) == 1
    for _repeat in range(2):
        client.get(url(), {"scenario": "disputed-age"})
    assert len(dot_calls) == 2  # one more for the highlighted variant
    client.get(url("en"))
    assert len(dot_calls) == 3  # and one per language


@needs_dot
def test_the_cache_key_follows_the_edition(demo, publish, dot_calls):
    local = demo.localized("bg")
    first = flowchart.flowchart_svg(edition=local, path=None, lang="bg")
    assert flowchart.flowchart_svg(edition=local, path=None, lang="bg") == first
    assert len(dot_calls) == 1
    publish(synthetic_document(steps=20), note="second edition")
    newer = latest_edition().localized("bg")
    assert newer.number == local.number + 1
    assert flowchart.flowchart_svg(edition=newer, path=None, lang="bg") != first
    assert len(dot_calls) == 2


def test_without_dot_the_page_shows_the_text_version(client, demo, monkeypatch):
    monkeypatch.setattr("cases.flowchart.shutil.which", lambda name: None)
    response = client.get(url(), {"scenario": "green-border-asylum"})
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert svg_of(html) is None
    assert 'class="alert alert-info"' in html
    assert re.search(r'<details id="flowchart-text" class="[^"]*" open>', html)
    local = demo.localized("bg")
    for slug in local.steps:
        assert f'href="{step_url(slug)}"' in html
    option = local.steps["d-emergency"].options[0]
    assert option.label in html and f'href="#fc-{option.target.slug}"' in html
    assert "is-on-path" in html


def test_when_dot_fails_the_page_still_works_and_the_failure_is_logged(client, demo, monkeypatch, caplog):
    def broken(source):
        raise subprocess.CalledProcessError(1, ["dot", "-Tsvg"], stderr=b"syntax error")

    monkeypatch.setattr(flowchart, "_run_dot", broken)
    response = client.get(url())
    assert response.status_code == HTTPStatus.OK
    assert svg_of(response.content.decode()) is None
    assert "Rendering the flowchart with Graphviz failed" in caplog.text
    assert not cache.get(flowchart._cache_key(demo.localized("bg"), None, "bg"))  # a failure is not cached


@needs_dot
@pytest.mark.parametrize(
    "query",
    [
        "scenario=no-such-scenario",
        "scenario=%3Cscript%3E",
        "a=forged:answer",
        "a=garbage",
        "a=d-emergency:nope",
        "a=x:y" + "&a=x:y" * 2000,
    ],
)
def test_bad_input_gives_the_whole_chart_and_a_message(client, demo, query):
    response = client.get(url() + "?" + query)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'class="alert alert-warning"' in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert svg_of(html) is not None


@needs_dot
def test_labels_from_editors_are_escaped(publish):
    document = synthetic_document(steps=12)
    step = document["stages"][0]["steps"][1]
    step["title"] = {"bg": '<script>alert("x")</script> & \\N "кавички" <b>', "en": "<b>bold</b>"}
    publish(document)
    local = latest_edition().localized("bg")
    svg = flowchart.flowchart_svg(edition=local, path=None, lang="bg")
    assert svg is not None
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&amp;" in svg and "\\N" in svg


def test_wrap_keeps_labels_short():
    lines = flowchart.wrap("дума " * 60)
    assert len(lines) == flowchart.MAX_LINES
    assert all(len(line) <= flowchart.LINE_WIDTH for line in lines)
    assert lines[-1].endswith("…")
    assert flowchart.short_option_label("Да — нужна е спешна помощ") == ["Да"]
    assert flowchart.wrap("") == [""]


def test_a_printed_part_draws_its_steps_and_where_they_lead_only(demo_bg):
    path = resolve_path(demo_bg, demo_bg.scenario_map["green-border-asylum"].answers)
    assert len(path.steps) == 34
    parts = flowchart.path_parts(path, 14)
    assert parts == [(0, 11), (11, 23), (23, 34)]  # even parts, in order, covering the path
    source = flowchart.flowchart_dot(edition=demo_bg, path=path, lang="bg", part=parts[0]).source
    drawn = set(re.findall(r"^\s*\"?([a-z0-9-]+)\"? \[", source, re.M)) - {"graph", "node", "edge"}
    first = path.steps[:11]
    roads_not_taken = {
        option.target.slug for step in first if step.kind == "decision" for option in step.options
    }
    assert drawn == {step.slug for step in first} | roads_not_taken | {path.steps[11].slug}
    assert not drawn & {step.slug for step in path.steps[13:]} - roads_not_taken


@needs_dot
def test_the_path_pdf_gets_one_readable_chart_per_part(demo_bg):
    path = resolve_path(demo_bg, demo_bg.scenario_map["green-border-asylum"].answers)
    svg = flowchart.flowchart_svg(edition=demo_bg, path=path, lang="bg", part=(0, 11))
    nodes = dict(NODE.findall(svg))
    assert nodes[path.steps[0].slug] == "on-path"
    assert len(nodes) < len(demo_bg.steps) / 2
    prefixed = flowchart.with_id_prefix(svg, "part1-")
    assert 'id="part1-step-' in prefixed and 'aria-labelledby="part1-flowchart' in prefixed
    assert not re.search(r'\bid="(?!part1-)', prefixed)
