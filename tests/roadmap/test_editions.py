import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmap.editions import latest_edition
from roadmap.markdown import render_markdown
from roadmap.search import MAX_QUERY_LENGTH
from roadmap.synthetic import synthetic_document

pytestmark = pytest.mark.django_db


def test_render_markdown_strips_scripts_raw_html_and_javascript_links():
    html = render_markdown(
        "Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n**bold**"
    )
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert "<strong>bold</strong>" in html


def test_latest_edition_is_loaded_once_per_process_and_cached_by_number(publish):
    publish(synthetic_document(steps=10, institutions=3))
    first = latest_edition()
    with CaptureQueriesContext(connection) as queries:
        again = latest_edition()
    assert again is first
    assert len(queries) == 1  # only the latest number is asked for
    publish(synthetic_document(steps=12, institutions=3))
    assert latest_edition().number == 2


def test_localized_edition_falls_back_to_bulgarian(publish):
    document = synthetic_document(steps=10, institutions=3)
    document["institutions"][0]["description"] = {"bg": "Само на български."}
    publish(document)
    english = latest_edition().localized("en")
    assert english.institutions["inst-0"].name == "Institution 0"
    assert "Само на български." in english.institutions["inst-0"].description_html


def test_glossary_terms_are_explained_in_place_once_per_text(publish):
    document = synthetic_document(steps=10, institutions=3)
    document["stages"][0]["steps"][0]["body"] = {
        "bg": "ТЕРМ1 и пак ТЕРМ1, но не ПОДТЕРМ1 и не [ТЕРМ2](https://example.org)."
    }
    publish(document)
    step = latest_edition().localized("bg").steps["step-0"]
    assert step.body_html.count('<abbr title="Значение 1.">ТЕРМ1</abbr>') == 1
    assert "ПОДТЕРМ1" in step.body_html and '<abbr title="Значение 1.">ПОДТЕРМ1' not in step.body_html
    assert '<abbr title="Значение 2.">' not in step.body_html  # not inside a link
    assert [term.slug for term in step.terms] == ["term-0", "term-1"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("дете", "step-3"),  # the step titles say "ДЕТЕ"
        ("ДЕТЕ", "step-3"),
        ("стъп 3", "step-3"),  # partial words, several of them
        ("the child", "step-3"),  # English text is searchable from the Bulgarian page too
    ],
)
def test_search_is_unicode_case_insensitive_and_partial(publish, query, expected):
    publish(synthetic_document(steps=10, institutions=3))
    results = latest_edition().localized("bg").search(query)
    steps = dict((group, entries) for group, _label, entries in results.groups)["steps"]
    assert expected in [entry.slug for entry in steps]


def test_search_groups_results_by_kind_and_survives_odd_input(publish):
    publish(synthetic_document(steps=10, institutions=3))
    bg = latest_edition().localized("bg")
    assert [group for group, _label, _entries in bg.search("институция").groups] == ["institutions"]
    assert bg.search("   ").total == 0
    assert bg.search("%_*?[(" * 100).total == 0
    assert bg.search("д" * 10_000).query == "д" * MAX_QUERY_LENGTH


def test_deadline_labels_are_translated(publish):
    publish(synthetic_document(steps=10, institutions=3))
    edition = latest_edition()
    assert edition.localized("bg").steps["step-1"].deadline.label == "В срок до 2 работни дни от молбата"
    assert (
        edition.localized("en").steps["step-1"].deadline.label == "Within 2 working days from the application"
    )
